"""networkx graphs from the edge table: members as nodes, or members and posts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from groepsinzicht._util._gc import gc_paused
from groepsinzicht.graph._edges import (
    _CID,
    _ISO,
    _ROLE_RANK,
    RELATIONS,
    _aware,
    _check_containers,
    _check_min_weight,
    _check_relations,
    _id_order,
    _rows,
    _scoped,
    _sort_coded,
    _split,
    _window,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import datetime

    import networkx as nx
    from numpy.typing import NDArray

    from groepsinzicht.dataset import Dataset



# ---------------------------------------------------------------------- graphs
def _node_attributes(
    ds: Dataset,
    ids: pl.Series,
    cont: list[str] | None,
    since: datetime | None,
    until: datetime | None,
) -> pl.DataFrame:
    """``member_id, name, role, is_organization, posts, comments`` for ``ids``."""
    members = (
        _scoped(ds.members, cont)
        .sort(_CID)
        .group_by("member_id")
        .agg(
            pl.col("name").drop_nulls().first(),
            pl.col("role").cast(pl.String)
            .sort_by(pl.col("role").cast(pl.String).replace_strict(_ROLE_RANK))
            .first(),
            pl.col("is_organization").any(),
        )
    )

    def authored(df: pl.DataFrame, name: str) -> pl.LazyFrame:
        return (
            _window(_scoped(df, cont).rename({"created_at": "at"}), since, until)
            .group_by(pl.col("author_id").alias("member_id"))
            .agg(pl.len().cast(pl.Int64).alias(name))
        )

    return (
        ids.rename("member_id").to_frame().lazy()
        .join(members, on="member_id", how="left")
        .join(authored(ds.posts, "posts"), on="member_id", how="left")
        .join(authored(ds.comments, "comments"), on="member_id", how="left")
        .with_columns(
            pl.col("role").fill_null("unknown"),
            pl.col("is_organization").fill_null(False),
            pl.col("posts", "comments").fill_null(0),
        )
        .sort("member_id")
        .collect()
    )


def _dicts(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """One attribute dict per row, built from whole columns (faster than ``to_dicts``)."""
    keys = frame.columns
    columns = [frame.get_column(k).to_list() for k in keys]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def _add_nodes(g: nx.Graph[Any], nodes: pl.DataFrame, *, prefix: str = "",
               keep_id: bool = False, **extra: object) -> None:
    """Add member nodes in bulk; ``name`` only where it is known (GEXF/GraphML refuse None)."""
    ids = [prefix + m for m in nodes.get_column("member_id").to_list()]
    attrs = _dicts(nodes.drop("name" if keep_id else ["member_id", "name"]))
    if extra:
        attrs = [{**a, **extra} for a in attrs]
    g.add_nodes_from(zip(ids, attrs, strict=True))
    named = nodes.filter(pl.col("name").is_not_null())
    if named.height:
        names = named.get_column("name").to_list()
        named_ids = [prefix + m for m in named.get_column("member_id").to_list()]
        for node, name in zip(named_ids, names, strict=True):
            g.nodes[node]["name"] = name


def _completeness(
    ds: Dataset, cont: list[str] | None, since: datetime | None, until: datetime | None
) -> dict[str, int | float]:
    """Observed / reported comments and reactions of the posts in scope."""
    scope = ds if cont is None and since is None and until is None else ds.filter(
        since=_aware(since), until=_aware(until), containers=cont)
    c = scope.completeness().select(
        pl.col("observed_comments", "reported_comments", "observed_reactions",
               "reported_reactions").sum().cast(pl.Int64)
    ).row(0, named=True)
    out: dict[str, int | float] = {k: int(v) for k, v in c.items()}
    for part in ("comments", "reactions"):
        if out[f"reported_{part}"] > 0:
            out[f"{part}_completeness"] = out[f"observed_{part}"] / out[f"reported_{part}"]
    return out


def _pairs(edges: pl.DataFrame, rel: tuple[str, ...], min_weight: int,
           *, iso: bool = True) -> tuple[pl.DataFrame, pl.Enum]:
    """One row per directed member pair, sorted by source then target (in id order).

    Returns the pairs (``source, target, weight``, one count per relation, ``first_at``,
    ``last_at``; the times as ISO strings when ``iso``) and the Enum of the node ids.
    """
    pairs = (
        edges.lazy()
        # One column per relation before grouping keeps the aggregation on polars' fast
        # path (a filter inside agg is evaluated group by group).
        .with_columns(pl.when(pl.col("relation") == r).then(pl.col("count")).otherwise(0)
                      .alias(r) for r in rel)
        .group_by("source", "target")
        .agg(pl.col("count").sum().alias("weight"), pl.col(list(rel)).sum(),
             pl.col("first_at").min(), pl.col("last_at").max())
        .filter(pl.col("weight") >= min_weight)
    )
    if iso:
        pairs = pairs.with_columns(pl.col("first_at", "last_at").dt.to_string(_ISO))
    frame = pairs.collect()
    ids = _id_order(frame.get_column("source"), frame.get_column("target"))
    return _sort_coded(frame, [("source", ids), ("target", ids)]), ids


def _graph_info(
    ds: Dataset,
    n_self: int,
    n_unknown: int,
    *,
    rel: tuple[str, ...],
    cont: list[str] | None,
    since: datetime | None,
    until: datetime | None,
    min_weight: int,
) -> dict[str, Any]:
    """What ``g.graph`` holds: the filters, the left-out counts, the completeness."""
    info: dict[str, Any] = {}
    in_scope = ds.containers.get_column(_CID)
    if cont is not None:
        in_scope = in_scope.filter(in_scope.is_in(cont))
    info["relations"] = ",".join(rel)
    info["containers"] = ",".join(in_scope.sort().to_list())
    if since is not None:
        info["since"] = _aware(since).isoformat()  # type: ignore[union-attr]
    if until is not None:
        info["until"] = _aware(until).isoformat()  # type: ignore[union-attr]
    info["min_weight"] = min_weight
    info["self_interactions"] = n_self
    info["unattributed"] = n_unknown
    info.update(_completeness(ds, cont, since, until))
    return info


_ROW_DICTS: dict[tuple[str, ...], Callable[[list[list[Any]]], list[dict[str, Any]]]] = {}


def _row_dicts(keys: tuple[str, ...]) -> Callable[[list[list[Any]]], list[dict[str, Any]]]:
    """A function turning columns into one dict per row, with the keys as a dict display.

    A comprehension with literal keys (``{"weight": v0, ...}``) builds the dicts about
    1.7x quicker than ``dict(zip(keys, row))``. The keys are our own column names
    (``weight``, the relation names, ``first_at``, ``last_at``), never data.
    """
    if keys not in _ROW_DICTS:
        names = [f"v{i}" for i in range(len(keys))]
        display = ", ".join(f"{k!r}: {v}" for k, v in zip(keys, names, strict=True))
        _ROW_DICTS[keys] = eval(  # fixed identifiers, see above
            f"lambda cols: [{{{display}}} for {', '.join(names)} in zip(*cols)]")
    return _ROW_DICTS[keys]


def _insert_edges(g: nx.DiGraph[str], pairs: pl.DataFrame, ids: pl.Enum) -> None:
    """Add the sorted pairs to ``g`` (whose nodes are all there) as edges, in bulk.

    Equivalent to ``g.add_edges_from(zip(sources, targets, attribute_dicts))``
    (tested), without its per-edge copy of each attribute dict: the dicts are built
    once and set into networkx's adjacency dicts (``g._succ``, ``g._pred``, the
    documented DiGraph data structure) one node at a time with ``dict.update``. A
    subclass of DiGraph (own dict factories) goes through ``add_edges_from``.
    """
    import numpy as np

    if pairs.height == 0:
        return
    attrs = pairs.drop("source", "target")
    dicts = _row_dicts(tuple(attrs.columns))(
        [attrs.get_column(c).to_list() for c in attrs.columns])
    if type(g) is not nx_digraph():
        g.add_edges_from(zip(pairs.get_column("source").to_list(),
                             pairs.get_column("target").to_list(), dicts, strict=True))
        return
    # Ends as node-number arrays; the id strings are shared from one list of names
    # (quicker than converting the string columns, and fewer objects).
    name = ids.categories.to_list().__getitem__
    src = pairs.get_column("source").cast(ids).to_physical().to_numpy()
    dst = pairs.get_column("target").cast(ids).to_physical().to_numpy()
    inner: Any = g  # the adjacency dicts are not in networkx's type stubs
    succ, pred = inner._succ, inner._pred

    def fill(adj: dict[str, dict[str, Any]], keys: NDArray[Any], others: NDArray[Any],
             values: list[dict[str, Any]]) -> None:
        # ``keys`` is sorted: each key's edges are one run, set with one dict.update.
        other = list(map(name, others.tolist()))
        bounds = (np.flatnonzero(np.diff(keys)) + 1).tolist()
        for a, b in zip([0, *bounds], [*bounds, keys.size], strict=True):
            adj[name(keys[a])].update(zip(other[a:b], values[a:b], strict=True))

    fill(succ, src, dst, dicts)
    # The same dict objects by target (a stable sort keeps each target's sources in
    # id order, as add_edges_from would have inserted them).
    order = np.argsort(dst, kind="stable")
    fill(pred, dst[order], src[order], list(map(dicts.__getitem__, order.tolist())))
    nx_clear_cache(g)


def nx_digraph() -> type[nx.DiGraph[Any]]:
    """The class ``networkx.DiGraph`` (imported late: networkx is slow to import)."""
    import networkx as nx

    return nx.DiGraph


def nx_clear_cache(g: nx.Graph[Any]) -> None:
    """Drop networkx's cached views after writing to the adjacency dicts directly."""
    import networkx as nx

    clear = getattr(nx, "_clear_cache", None)
    if clear is not None:
        clear(g)


def _build(
    ds: Dataset,
    edges: pl.DataFrame,
    n_self: int,
    n_unknown: int,
    *,
    rel: tuple[str, ...],
    cont: list[str] | None,
    since: datetime | None,
    until: datetime | None,
    min_weight: int,
) -> nx.DiGraph[str]:
    import networkx as nx

    pairs, ids = _pairs(edges, rel, min_weight)
    nodes = _node_attributes(ds, ids.categories, cont, since, until)
    g: nx.DiGraph[str] = nx.DiGraph()
    g.graph.update(_graph_info(ds, n_self, n_unknown, rel=rel, cont=cont, since=since,
                               until=until, min_weight=min_weight))
    with gc_paused():
        _add_nodes(g, nodes)
        _insert_edges(g, pairs, ids)
    return g


def interaction_graph(
    ds: Dataset,
    *,
    relations: Iterable[str] = RELATIONS,
    since: datetime | None = None,
    until: datetime | None = None,
    containers: Iterable[str] | None = None,
    min_weight: int = 1,
) -> nx.DiGraph[str]:
    """The member interaction graph: one node per member, one edge per directed pair.

    Parameters
    ----------
    ds
        The dataset.
    relations, since, until, containers
        As in :func:`interaction_edges`.
    min_weight
        Keep edges whose ``weight`` (all relations and containers together) is at least
        this; members left without an edge are not nodes.

    Returns
    -------
    networkx.DiGraph
        Nodes are member ids with ``role`` (the strongest held in the selected
        containers), ``is_organization``, ``posts`` and ``comments`` (authored in scope)
        and ``name`` where one is known (absent after pseudonymisation). Edges carry
        ``weight``, one count per selected relation, ``first_at`` and ``last_at`` (ISO
        strings). ``g.graph`` holds the filters (``relations``, ``containers``,
        ``since``/``until`` when given, ``min_weight``), the left-out counts
        (``self_interactions``, ``unattributed``) and the completeness
        (``observed_comments``, ``reported_comments``, ``observed_reactions``,
        ``reported_reactions`` and the ratios ``comments_completeness``,
        ``reactions_completeness`` when anything was reported). Every attribute is a
        string, number or boolean, so GEXF and GraphML writers accept the graph.

    Raises
    ------
    ParameterError
        An unknown relation, or ``min_weight`` below 1.

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": ["g"], "post_id": ["p1"],
    ...                         "author_id": ["ann"], "created_at": [t]}),
    ...     comments=pl.DataFrame({"container_id": ["g", "g"], "comment_id": ["c1", "c2"],
    ...         "post_id": ["p1", "p1"], "parent_id": [None, "c1"],
    ...         "author_id": ["bob", "ann"], "created_at": [t, t]}), kind="group")
    >>> g = gi.interaction_graph(ds)
    >>> sorted(g.edges(data="weight"))
    [('ann', 'bob', 1), ('bob', 'ann', 1)]
    >>> g.nodes["ann"]["posts"], g.graph["unattributed"]
    (1, 0)
    """
    rel = _check_relations(relations)
    cont = _check_containers(containers)
    _check_min_weight(min_weight)
    edges, n_self, n_unknown = _split(_window(_rows(ds, rel, cont), since, until), sort=False)
    return _build(ds, edges, n_self, n_unknown, rel=rel, cont=cont, since=since,
                  until=until, min_weight=min_weight)


def bipartite_graph(ds: Dataset) -> nx.Graph[str]:
    """Members and posts as two node sets (the Netvizz bipartite graph).

    A member is linked to a post when they wrote it, commented or replied in its thread,
    or reacted to it or to a comment in its thread; ``weight`` counts all of these.
    Filter the dataset first (``ds.filter``) for a period or some containers.

    Parameters
    ----------
    ds
        The dataset.

    Returns
    -------
    networkx.Graph
        Member nodes ``m:<member_id>`` (``bipartite`` 0, with ``member_id``, ``role``,
        ``is_organization``, ``posts``, ``comments`` and ``name`` where known) and post
        nodes ``p:<container_id>/<post_id>`` (``bipartite`` 1, with ``container_id``,
        ``post_id``, ``post_type``, ``created_at`` as ISO string), every post of the
        dataset included. Edges carry ``weight``, ``authored`` (0 or 1), ``comments``
        and ``reactions``. ``g.graph["unattributed"]`` counts interactions with an
        unknown member or a post the export lacks.

    Examples
    --------
    >>> import polars as pl, groepsinzicht as gi
    >>> from datetime import datetime, timezone
    >>> t = datetime(2024, 5, 1, tzinfo=timezone.utc)
    >>> ds = gi.Dataset.from_frames(
    ...     posts=pl.DataFrame({"container_id": ["g"], "post_id": ["p1"],
    ...                         "author_id": ["ann"], "created_at": [t]}),
    ...     comments=pl.DataFrame({"container_id": ["g"], "comment_id": ["c1"],
    ...         "post_id": ["p1"], "author_id": ["ann"], "created_at": [t]}), kind="group")
    >>> b = gi.bipartite_graph(ds)
    >>> b.edges["m:ann", "p:g/p1"]["weight"], b.nodes["p:g/p1"]["bipartite"]
    (2, 1)
    """
    import networkx as nx

    key = [_CID, "post_id"]
    posts = ds.posts.lazy()
    comment_post = ds.comments.lazy().select(_CID, pl.col("comment_id").alias("target_id"),
                                             "post_id")
    r = ds.reactions.lazy()
    rows = pl.concat([
        posts.select(*key, pl.col("author_id").alias("member_id"),
                     pl.lit("authored").alias("kind")),
        ds.comments.lazy().select(*key, pl.col("author_id").alias("member_id"),
                                  pl.lit("comments").alias("kind")),
        r.filter(pl.col("target_kind") == "post").select(
            _CID, pl.col("target_id").alias("post_id"), pl.col("actor_id").alias("member_id"),
            pl.lit("reactions").alias("kind")),
        r.filter(pl.col("target_kind") == "comment")
        .join(comment_post, on=[_CID, "target_id"], how="left")
        .select(*key, pl.col("actor_id").alias("member_id"), pl.lit("reactions").alias("kind")),
    ])
    rows = rows.join(posts.select(*key, pl.lit(True).alias("_post")), on=key, how="left")
    known = pl.col("member_id").is_not_null() & pl.col("_post").is_not_null()
    kinds = ("authored", "comments", "reactions")
    links_lf = (
        rows.filter(known)
        .group_by("member_id", *key)
        .agg(pl.len().cast(pl.Int64).alias("weight"),
             *[(pl.col("kind") == k).sum().cast(pl.Int64).alias(k) for k in kinds])
        .sort("member_id", *key)
    )
    unknown_lf = rows.select((~known).sum().cast(pl.Int64).alias("n"))
    links, unknown = pl.collect_all([links_lf, unknown_lf])
    post_nodes = ds.posts.select(
        (pl.lit("p:") + pl.col(_CID) + pl.lit("/") + pl.col("post_id")).alias("node"),
        _CID, "post_id", pl.col("post_type").cast(pl.String),
        pl.col("created_at").dt.to_string(_ISO), pl.lit(1).alias("bipartite"),
    ).sort("node")
    members = _node_attributes(ds, links.get_column("member_id").unique(), None, None, None)

    b: nx.Graph[str] = nx.Graph()
    b.graph["unattributed"] = int(unknown.item())
    _add_nodes(b, members, prefix="m:", keep_id=True, bipartite=0)
    b.add_nodes_from(zip(post_nodes.get_column("node").to_list(),
                         _dicts(post_nodes.drop("node")), strict=True))
    member_keys = ("m:" + links.get_column("member_id")).to_list()
    post_keys = ("p:" + links.get_column(_CID) + "/" + links.get_column("post_id")).to_list()
    b.add_edges_from(zip(member_keys, post_keys, _dicts(links.select("weight", *kinds)),
                         strict=True))
    return b

