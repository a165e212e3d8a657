"""Centrality per member and metrics per graph, on igraph or networkx."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, cast

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import InternalError, ParameterError, ParameterTypeError, shorten
from groepsinzicht.graph._backends import Metrics, resolve_backend
from groepsinzicht.graph._build import _build, _graph_info, _node_attributes
from groepsinzicht.graph._edges import (
    RELATIONS,
    _check_containers,
    _check_min_weight,
    _check_relations,
    _id_order,
    _rows,
    _sort_coded,
    _split,
    _window,
)

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable

    import networkx as nx

    from groepsinzicht.graph._backends import Backend



#: Columns of :func:`member_centrality`.
CENTRALITY_SCHEMA: Final = pl.Schema({
    "member_id": pl.String(), "in_degree": pl.Int64(), "out_degree": pl.Int64(),
    "in_strength": pl.Float64(), "out_strength": pl.Float64(), "pagerank": pl.Float64(),
    "betweenness": pl.Float64(), "betweenness_sampled": pl.Boolean(),
    "community": pl.Int64(), "core_number": pl.Int64(), "is_articulation": pl.Boolean(),
    "is_organization": pl.Boolean(),
})


#: Columns of :func:`graph_metrics`.
METRICS_SCHEMA: Final = pl.Schema({
    "nodes": pl.Int64(), "edges": pl.Int64(), "density": pl.Float64(),
    "reciprocity": pl.Float64(), "largest_wcc_share": pl.Float64(),
    "avg_clustering": pl.Float64(), "degree_gini": pl.Float64(),
    "communities": pl.Int64(), "modularity": pl.Float64(),
    "org_best_pagerank_rank": pl.Int64(), "self_interactions": pl.Int64(),
    "unattributed": pl.Int64(), "comments_completeness": pl.Float64(),
    "reactions_completeness": pl.Float64(),
})


# ---------------------------------------------------------------------- metrics
def _prepare(g: nx.Graph[Any], backend: Backend) -> Metrics:
    if g.is_multigraph():
        raise ParameterTypeError("g: expected a networkx DiGraph (as made by interaction_graph), "
                        "got a multigraph")
    dg = cast("nx.DiGraph[Any]", g if g.is_directed() else g.to_directed())
    return Metrics(dg, resolve_backend(backend))


def _org_flags(g: nx.Graph[Any], nodes: list[Hashable]) -> list[bool]:
    attr = g.nodes
    return [bool(attr[v].get("is_organization", False)) for v in nodes]


_NO_FILTER: Final = {"relations": RELATIONS, "since": None, "until": None,
                     "containers": None, "min_weight": 1}


def _metrics_input(
    source: nx.Graph[Any] | Dataset,
    backend: Backend,
    *,
    relations: Iterable[str],
    since: datetime | None,
    until: datetime | None,
    containers: Iterable[str] | None,
    min_weight: int,
) -> tuple[Metrics, list[bool], dict[str, Any]]:
    """The metrics input of a graph or a dataset: numbered edges, org flags, ``g.graph``.

    A dataset goes through :func:`interaction_graph` on networkx; on igraph it goes
    straight from the polars edge table to numbered arrays in the order that graph would
    have (nodes by id, each node's edges by target id), so the numbers are the same.
    """
    filters = {"relations": relations, "since": since, "until": until,
               "containers": containers, "min_weight": min_weight}
    if not isinstance(source, Dataset):
        given = [k for k, v in filters.items() if k != "relations" and v != _NO_FILTER[k]]
        if isinstance(relations, str) or tuple(relations) != RELATIONS:
            given.insert(0, "relations")
        if given:
            raise ParameterError(
                f"{given[0]}: a filter of interaction_graph, expected only with a Dataset, "
                "got a graph (filter when building it)")
        m = _prepare(source, backend)
        return m, _org_flags(source, m.nodes), dict(source.graph)
    resolved = resolve_backend(backend)
    rel = _check_relations(relations)
    cont = _check_containers(containers)
    _check_min_weight(min_weight)
    edges, n_self, n_unknown = _split(_window(_rows(source, rel, cont), since, until),
                                      sort=False)
    if resolved == "networkx":
        g = _build(source, edges, n_self, n_unknown, rel=rel, cont=cont, since=since,
                   until=until, min_weight=min_weight)
        m = Metrics(g, "networkx")
        return m, _org_flags(g, m.nodes), dict(g.graph)
    pairs = (
        edges.lazy().group_by("source", "target")
        .agg(pl.col("count").sum().cast(pl.Float64).alias("weight"))
        .filter(pl.col("weight") >= min_weight)
        .collect()
    )
    ids = _id_order(pairs.get_column("source"), pairs.get_column("target"))
    pairs = _sort_coded(pairs, [("source", ids), ("target", ids)])
    nodes = _node_attributes(source, ids.categories, cont, since, until)
    m = Metrics.from_arrays(
        ids.categories.to_list(),
        pairs.get_column("source").cast(ids).to_physical().cast(pl.Int64).to_numpy(),
        pairs.get_column("target").cast(ids).to_physical().cast(pl.Int64).to_numpy(),
        pairs.get_column("weight").to_numpy(),
    )
    info = _graph_info(source, n_self, n_unknown, rel=rel, cont=cont, since=since,
                       until=until, min_weight=min_weight)
    return m, nodes.get_column("is_organization").to_list(), info


def member_centrality(
    g: nx.Graph[Any] | Dataset,
    *,
    seed: int = 0,
    backend: Backend = "auto",
    relations: Iterable[str] = RELATIONS,
    since: datetime | None = None,
    until: datetime | None = None,
    containers: Iterable[str] | None = None,
    min_weight: int = 1,
) -> pl.DataFrame:
    """Degrees, strengths, pagerank, betweenness, community and core of every member.

    Parameters
    ----------
    g
        An interaction graph (:func:`interaction_graph`); an undirected graph counts
        each edge both ways. Edges without ``weight`` weigh 1. Or a Dataset: the same
        as ``member_centrality(interaction_graph(ds, ...))``, and on igraph without
        building the networkx graph at all (the polars edge table goes straight to
        igraph; about 10x quicker end to end on a large group).
    seed
        Seed for Louvain and for the sampled betweenness sources.
    backend
        ``"auto"`` (python-igraph when installed, else networkx), ``"networkx"`` or
        ``"igraph"``.
    relations, since, until, containers, min_weight
        With a Dataset only: as in :func:`interaction_graph`.

    Returns
    -------
    polars.DataFrame
        One row per node, sorted by ``member_id``: ``member_id``, ``in_degree``,
        ``out_degree`` (distinct partners), ``in_strength``, ``out_strength`` (summed
        weights), ``pagerank`` (weighted, damping 0.85, tolerance 1e-10),
        ``betweenness`` (unweighted, directed, normalised by ``(n-1)(n-2)`` as networkx
        does; exact up to 5,000 nodes, else estimated from ``k = min(500, n)`` seeded
        sources), ``betweenness_sampled``, ``community`` (Louvain on the undirected
        weighted view; 0 is the largest), ``core_number`` (undirected view, self loops
        removed), ``is_articulation`` (cut vertex of the undirected view),
        ``is_organization``.

    Raises
    ------
    MissingDependencyError
        ``backend="igraph"`` without python-igraph installed.
    ParameterError
        A filter given with a graph, or an invalid filter.

    Examples
    --------
    >>> import networkx as nx, groepsinzicht as gi
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
    >>> c = gi.member_centrality(g, backend="networkx")
    >>> c.select("member_id", "in_degree", "betweenness", "is_articulation").rows()
    [('a', 0, 0.0, False), ('b', 2, 0.5, True), ('c', 1, 0.0, False)]
    >>> ds = gi.load_sample()
    >>> gi.member_centrality(ds, relations=["comment", "reply"]).equals(
    ...     gi.member_centrality(gi.interaction_graph(ds, relations=["comment", "reply"])))
    True
    """
    m, org, _ = _metrics_input(g, backend, relations=relations, since=since, until=until,
                               containers=containers, min_weight=min_weight)
    if m.n == 0:
        return pl.DataFrame(schema=CENTRALITY_SCHEMA)
    between, sampled = m.betweenness(seed)
    return pl.DataFrame(
        {
            "member_id": [str(v) for v in m.nodes],
            "in_degree": m.in_degree(),
            "out_degree": m.out_degree(),
            "in_strength": m.in_strength(),
            "out_strength": m.out_strength(),
            "pagerank": m.pagerank(),
            "betweenness": between,
            "betweenness_sampled": [sampled] * m.n,
            "community": m.communities(seed),
            "core_number": m.core_numbers(),
            "is_articulation": m.articulation(),
            "is_organization": org,
        },
        schema=CENTRALITY_SCHEMA,
    ).sort("member_id")


def _gini(values: pl.Series) -> float | None:
    n = values.len()
    total = float(values.sum()) if n else 0.0
    if total <= 0:
        return None
    ranked = values.sort().cast(pl.Float64)
    weighted = float((ranked * pl.Series(range(1, n + 1), dtype=pl.Float64)).sum())
    return 2 * weighted / (n * total) - (n + 1) / n


def graph_metrics(
    g: nx.Graph[Any] | Dataset,
    *,
    seed: int = 0,
    backend: Backend = "auto",
    relations: Iterable[str] = RELATIONS,
    since: datetime | None = None,
    until: datetime | None = None,
    containers: Iterable[str] | None = None,
    min_weight: int = 1,
) -> pl.DataFrame:
    """Whole-graph measures in one row (defined in the module docstring).

    Parameters
    ----------
    g
        An interaction graph (:func:`interaction_graph`), or a Dataset (as in
        :func:`member_centrality`: straight to igraph when it is the backend).
    seed
        Seed for Louvain.
    backend
        ``"auto"``, ``"networkx"`` or ``"igraph"``, as in :func:`member_centrality`.
    relations, since, until, containers, min_weight
        With a Dataset only: as in :func:`interaction_graph`.

    Returns
    -------
    polars.DataFrame
        One row: ``nodes``, ``edges``, ``density``, ``reciprocity``,
        ``largest_wcc_share``, ``avg_clustering``, ``degree_gini``, ``communities``,
        ``modularity``, ``org_best_pagerank_rank``, ``self_interactions``,
        ``unattributed``, ``comments_completeness``, ``reactions_completeness``. The
        last four come from ``g.graph`` and are null for a graph made elsewhere.

    Raises
    ------
    ParameterError
        A filter given with a graph, or an invalid filter.

    Examples
    --------
    >>> import networkx as nx, groepsinzicht as gi
    >>> g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> gi.graph_metrics(g, backend="networkx").select("nodes", "edges", "reciprocity").row(0)
    (3, 3, 0.666...)
    >>> gi.graph_metrics(gi.load_sample(), backend="networkx").select("nodes").item() > 0
    True
    """
    import numpy as np

    m, org_flags, info = _metrics_input(g, backend, relations=relations, since=since,
                                        until=until, containers=containers,
                                        min_weight=min_weight)
    n = m.n
    row: dict[str, Any] = dict.fromkeys(METRICS_SCHEMA.names())
    row.update(nodes=n, edges=int(m.src.size))
    if n:
        row["density"] = float(m.src.size / (n * (n - 1))) if n > 1 else 0.0
        row["reciprocity"] = m.reciprocity()
        row["largest_wcc_share"] = m.largest_wcc_share()
        row["avg_clustering"] = m.avg_clustering()
        row["degree_gini"] = _gini(pl.Series(m.in_degree() + m.out_degree()))
        membership = m.communities(seed)
        row["communities"] = int(membership.max()) + 1
        row["modularity"] = m.modularity(membership)
        org = np.asarray(org_flags, dtype=bool)
        if org.any():
            ranks = pl.Series(m.pagerank()).rank(method="min", descending=True)
            row["org_best_pagerank_rank"] = int(ranks.filter(pl.Series(org)).min())  # type: ignore[arg-type]
    for key in ("self_interactions", "unattributed", "comments_completeness",
                "reactions_completeness"):
        row[key] = info.get(key)
    return pl.DataFrame([row], schema=METRICS_SCHEMA)


def graph_over_time(
    ds: Dataset,
    *,
    every: str = "1mo",
    relations: Iterable[str] = RELATIONS,
    containers: Iterable[str] | None = None,
    min_weight: int = 1,
    tz: str = DEFAULT_TZ,
    seed: int = 0,
    backend: Backend = "auto",
) -> pl.DataFrame:
    """Compute :func:`graph_metrics` per period, to see if the group grows more connected.

    Each period is a window, not cumulative: its graph holds only the interactions of
    that period. Periods run from the first to the last interaction, empty ones included.

    Parameters
    ----------
    ds
        The dataset.
    every
        Period length as a polars duration (``"1w"``, ``"1mo"``, ``"1q"``).
    relations, containers, min_weight
        As in :func:`interaction_graph`.
    tz
        Time zone in which periods start (at local midnight).
    seed, backend
        As in :func:`graph_metrics`.

    Returns
    -------
    polars.DataFrame
        ``period_start`` (a datetime in ``tz``) followed by the :func:`graph_metrics`
        columns, one row per period.

    Raises
    ------
    ParameterError
        ``every`` is not a polars duration, or an argument of :func:`interaction_graph`
        is invalid.

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t1 = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    >>> t2 = datetime(2024, 7, 1, 12, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": ["g", "g"], "post_id": ["p1", "p2"],
    ...                         "author_id": ["ann", "ann"], "created_at": [t1, t2]}),
    ...     comments=pl.DataFrame({"container_id": ["g", "g"], "comment_id": ["c1", "c2"],
    ...         "post_id": ["p1", "p2"], "author_id": ["bob", "cas"],
    ...         "created_at": [t1, t2]}), kind="group")
    >>> over = gi.graph_over_time(ds, backend="networkx")
    >>> over.select(pl.col("period_start").dt.strftime("%Y-%m"), "nodes", "edges").rows()
    [('2024-05', 2, 1), ('2024-06', 0, 0), ('2024-07', 2, 1)]
    """
    rel = _check_relations(relations)
    cont = _check_containers(containers)
    _check_min_weight(min_weight)
    resolve_backend(backend)
    schema = pl.Schema({"period_start": pl.Datetime("us", tz), **METRICS_SCHEMA})
    try:
        rows = (
            _rows(ds, rel, cont)
            .filter(pl.col("at").is_not_null())
            .with_columns(pl.col("at").dt.convert_time_zone(tz).dt.truncate(every)
                          .alias("period_start"))
            .collect()
        )
    except pl.exceptions.PolarsError as exc:
        raise ParameterError(
            f"every: expected a polars duration such as '1w' or '1mo', got {shorten(every)}"
        ) from exc
    if rows.height == 0:
        return pl.DataFrame(schema=schema)
    first, last = (rows.get_column("period_start").min(),
                   rows.get_column("period_start").max())
    if not (isinstance(first, datetime) and isinstance(last, datetime)):
        raise InternalError(f"period_start: expected datetimes, got {type(first).__name__}")
    starts = pl.datetime_range(first, last, every, eager=True, time_zone=tz)
    ends = starts.dt.offset_by(every)
    by_period = rows.partition_by("period_start", as_dict=True, include_key=False)
    out = []
    for start, end in zip(starts.to_list(), ends.to_list(), strict=True):
        part = by_period.get((start,), rows.clear().drop("period_start"))
        lo, hi = start.astimezone(UTC), end.astimezone(UTC)
        edges, n_self, n_unknown = _split(part.lazy(), sort=False)
        g = _build(ds, edges, n_self, n_unknown, rel=rel, cont=cont, since=lo, until=hi,
                   min_weight=min_weight)
        out.append(graph_metrics(g, seed=seed, backend=backend)
                   .with_columns(pl.lit(start).cast(schema["period_start"])
                                 .alias("period_start")))
    return pl.concat(out).select(list(schema.names()))

