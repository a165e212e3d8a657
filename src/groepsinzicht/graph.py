"""Member interaction graphs: who answers whom, the connectors, communities, Gephi export.

The question "People" of DESIGN.md. Interactions are read from the observed rows only
(``comments``, ``reactions``, the ``mentions`` lists); how complete those rows are
(observed / reported) travels with every graph.

Relations
---------
``comment``
    author of a top-level comment → author of the post.
``reply``
    author of a reply → author of the comment replied to (not the post's author).
``reaction``
    reactor → author of the post or comment reacted to.
``mention``
    author of a post or comment → each member in its ``mentions`` list (a member tagged
    twice in one text counts once).

An interaction's time is its own ``created_at``; a reaction without one takes its post's
time (for a reaction on a comment whose post is missing, the comment's). ``since`` is
inclusive, ``until`` exclusive, naive datetimes are read as UTC (as ``Dataset.filter``).
Self-interactions (someone answering themselves) and interactions with an unknown end
(hidden author, post or parent comment not in the export) are left out of the edges and
counted (``self_interactions``, ``unattributed``).

Identity: a member id is one person across containers (DESIGN.md "Identity"), so a
person active in two selected groups is one node; the edge table keeps ``container_id``.

Metrics (:func:`graph_metrics`)
-------------------------------
``nodes``, ``edges``
    Members and directed member pairs in the graph.
``density``
    ``edges / (nodes * (nodes - 1))``.
``reciprocity``
    Share of edges answered by an edge the other way (networkx ``overall_reciprocity``).
``largest_wcc_share``
    Share of nodes in the largest weakly connected component.
``avg_clustering``
    Mean local clustering coefficient of the undirected view (unweighted; members with
    fewer than two partners count as 0).
``degree_gini``
    Gini coefficient of the total degree (distinct partners in + out): 0 when everyone
    talks with as many people, towards 1 when a small core does all the talking.
``communities``, ``modularity``
    Louvain communities of the undirected weighted view (weights of both directions
    summed), seeded, and their modularity.
``org_best_pagerank_rank``
    Rank (1 = most central) of the organisation's best-placed account by pagerank; null
    when no organisation account is in the graph.
``self_interactions``, ``unattributed``
    Interactions left out (see above), from the graph's attributes.
``comments_completeness``, ``reactions_completeness``
    Observed / reported comments and reactions of the posts in scope (1.0 = the export
    holds every interaction it claims); null when nothing was reported.

Performance
-----------
The edge table is built by polars joins and aggregations and the graph with one bulk
``add_edges_from``. The metrics run on python-igraph (the ``fast`` extra:
``pip install 'groepsinzicht[fast]'``) when it is installed, else on networkx; pass
``backend="networkx"`` to force the reference path. Measured on a shared 2-vCPU machine
(benchmarks/test_bench_graph.py, mean of 3 rounds):

- 1M interactions (20,000 members): :func:`interaction_edges` 0.9 s;
  :func:`interaction_graph` (604,000 edges) 5.2 s, against 10.5 s for adding the
  interactions to a DiGraph one by one in a Python loop (2x); the attribute dicts and
  networkx's own insertion of the edges take most of the 5.2 s.
- :func:`member_centrality` on a 50,000-member, 495,000-edge graph with heavy-tailed
  degrees: 10.4 s with igraph (7.3 s of CPU; sampled betweenness 3.2 s, Louvain 1.7 s),
  242 s (4 minutes) with networkx alone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import polars as pl

from groepsinzicht._gc import gc_paused
from groepsinzicht._graph_metrics import Metrics, resolve_backend
from groepsinzicht.errors import shorten
from groepsinzicht.schema import UTC as UTC_DTYPE

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable
    from os import PathLike

    import networkx as nx

    from groepsinzicht._graph_metrics import Backend
    from groepsinzicht.dataset import Dataset

__all__ = [
    "CENTRALITY_SCHEMA",
    "EDGE_SCHEMA",
    "METRICS_SCHEMA",
    "RELATION",
    "RELATIONS",
    "bipartite_graph",
    "graph_metrics",
    "graph_over_time",
    "interaction_edges",
    "interaction_graph",
    "member_centrality",
    "write_graph",
]

#: The relations, in canonical order.
RELATIONS: Final = ("comment", "reply", "reaction", "mention")
RELATION: Final = pl.Enum(list(RELATIONS))

#: Columns of :func:`interaction_edges`.
EDGE_SCHEMA: Final = pl.Schema({
    "container_id": pl.String(), "source": pl.String(), "target": pl.String(),
    "relation": RELATION, "count": pl.Int64(), "first_at": UTC_DTYPE, "last_at": UTC_DTYPE,
})
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

_CID = "container_id"
_ISO = "%Y-%m-%dT%H:%M:%S%.f%:z"  # what datetime.isoformat() writes for UTC times
# When a member holds different roles in the selected containers, the strongest wins.
_ROLE_RANK = {"organization": 0, "admin": 1, "moderator": 2, "member": 3, "unknown": 4}


# ---------------------------------------------------------------------- arguments
def _check_relations(relations: Iterable[str]) -> tuple[str, ...]:
    asked = [relations] if isinstance(relations, str) else list(relations)
    bad = [r for r in asked if r not in RELATIONS]
    if bad or not asked:
        got = shorten(bad[0]) if bad else "none"
        raise ValueError(f"relations: expected some of {list(RELATIONS)}, got {got}")
    return tuple(r for r in RELATIONS if r in asked)


def _check_containers(containers: Iterable[str] | None) -> list[str] | None:
    if containers is None:
        return None
    if isinstance(containers, str):
        return [containers]
    return [str(c) for c in containers]


def _aware(t: datetime | None) -> datetime | None:
    """UTC: naive times are read as UTC, aware ones converted (polars compares like zones)."""
    if t is None:
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _check_min_weight(min_weight: int) -> None:
    if not (type(min_weight) is int and min_weight >= 1):
        raise ValueError(f"min_weight: expected a whole number >= 1, got {shorten(min_weight)}")


# ---------------------------------------------------------------------- edge table
def _scoped(df: pl.DataFrame, cont: list[str] | None) -> pl.LazyFrame:
    lf = df.lazy()
    return lf if cont is None else lf.filter(pl.col(_CID).is_in(cont))


def _rel(name: str) -> pl.Expr:
    return pl.lit(name).cast(RELATION).alias("relation")


def _rows(ds: Dataset, rel: tuple[str, ...], cont: list[str] | None) -> pl.LazyFrame:
    """Every interaction: ``container_id, source, target, relation, at`` (nulls kept)."""
    posts = _scoped(ds.posts, cont)
    comments = _scoped(ds.comments, cont)
    post_ref = posts.select(_CID, "post_id", pl.col("author_id").alias("_target"),
                            pl.col("created_at").alias("_post_at"))
    out: list[str | pl.Expr] = [_CID, pl.col("author_id").alias("source"),
                                pl.col("_target").alias("target")]
    parts: list[pl.LazyFrame] = []
    if "comment" in rel:
        parts.append(
            comments.filter(pl.col("parent_id").is_null())
            .join(post_ref, on=[_CID, "post_id"], how="left")
            .select(*out, _rel("comment"), pl.col("created_at").alias("at"))
        )
    if "reply" in rel:
        parents = comments.select(_CID, pl.col("comment_id").alias("parent_id"),
                                  pl.col("author_id").alias("_target"))
        parts.append(
            comments.filter(pl.col("parent_id").is_not_null())
            .join(parents, on=[_CID, "parent_id"], how="left")
            .select(*out, _rel("reply"), pl.col("created_at").alias("at"))
        )
    if "reaction" in rel:
        r = _scoped(ds.reactions, cont).select(
            _CID, "target_id", "target_kind", pl.col("actor_id").alias("source"),
            pl.col("created_at").alias("_own_at"))
        on_posts = (
            r.filter(pl.col("target_kind") == "post")
            .join(post_ref.rename({"post_id": "target_id"}), on=[_CID, "target_id"],
                  how="left")
            .select(_CID, "source", pl.col("_target").alias("target"), _rel("reaction"),
                    pl.coalesce("_own_at", "_post_at").alias("at"))
        )
        comment_ref = (
            comments.select(_CID, pl.col("comment_id").alias("target_id"), "post_id",
                            pl.col("author_id").alias("_target"),
                            pl.col("created_at").alias("_comment_at"))
            .join(post_ref.select(_CID, "post_id", "_post_at"), on=[_CID, "post_id"],
                  how="left")
        )
        on_comments = (
            r.filter(pl.col("target_kind") == "comment")
            .join(comment_ref, on=[_CID, "target_id"], how="left")
            .select(_CID, "source", pl.col("_target").alias("target"), _rel("reaction"),
                    pl.coalesce("_own_at", "_post_at", "_comment_at").alias("at"))
        )
        parts += [on_posts, on_comments]
    if "mention" in rel:
        for frame in (posts, comments):
            parts.append(
                frame.filter(pl.col("mentions").list.len() > 0)
                .select(_CID, pl.col("author_id").alias("source"),
                        pl.col("mentions").list.unique().alias("target"), _rel("mention"),
                        pl.col("created_at").alias("at"))
                .explode("target")
            )
    return pl.concat(parts, how="vertical")


def _window(rows: pl.LazyFrame, since: datetime | None, until: datetime | None) -> pl.LazyFrame:
    lo, hi = _aware(since), _aware(until)
    if lo is not None:
        rows = rows.filter(pl.col("at") >= lo)
    if hi is not None:
        rows = rows.filter(pl.col("at") < hi)
    return rows


def _id_order(*columns: pl.Series) -> pl.Enum:
    """An Enum of the sorted distinct ids: sorting on it sorts integers, not strings."""
    return pl.Enum(pl.concat(columns).unique().drop_nulls().sort())


def _sort_coded(df: pl.DataFrame, keys: list[tuple[str, pl.Enum]]) -> pl.DataFrame:
    """Sort by columns in the order of their Enums, fast.

    The Enum codes are packed into one integer key when they fit in 64 bits: sorting
    one integer column is several times quicker than sorting strings column by column.
    """
    codes = [pl.col(c).cast(enum).to_physical().cast(pl.UInt64) for c, enum in keys]
    bits = [max(1, (len(enum.categories) - 1).bit_length()) for _, enum in keys]
    if sum(bits) > 64:
        return df.sort(codes)
    key = pl.lit(0, dtype=pl.UInt64)
    for code, b in zip(codes, bits, strict=True):
        key = key * pl.lit(1 << b, dtype=pl.UInt64) + code
    return df.sort(key)


def _split(rows: pl.LazyFrame, *, sort: bool = True) -> tuple[pl.DataFrame, int, int]:
    """The edge table, the number of self-interactions and of unattributed ones."""
    unknown = pl.col("source").is_null() | pl.col("target").is_null()
    self_loop = ~unknown & (pl.col("source") == pl.col("target"))
    edges = (
        rows.filter(~unknown & ~self_loop)
        .group_by(_CID, "source", "target", "relation")
        .agg(pl.len().cast(pl.Int64).alias("count"), pl.col("at").min().alias("first_at"),
             pl.col("at").max().alias("last_at"))
    )
    counts = rows.select(self_loop.sum().cast(pl.Int64).alias("self"),
                         unknown.sum().cast(pl.Int64).alias("unknown"))
    e, c = pl.collect_all([edges, counts])
    if sort:
        ids = _id_order(e.get_column("source"), e.get_column("target"))
        e = _sort_coded(e, [(_CID, _id_order(e.get_column(_CID))), ("source", ids),
                            ("target", ids), ("relation", RELATION)])
    n_self, n_unknown = c.row(0)
    return e.select(list(EDGE_SCHEMA.names())), int(n_self or 0), int(n_unknown or 0)


def interaction_edges(
    ds: Dataset,
    *,
    relations: Iterable[str] = RELATIONS,
    since: datetime | None = None,
    until: datetime | None = None,
    containers: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Who interacted with whom, per container and relation: the edge table.

    Parameters
    ----------
    ds
        The dataset.
    relations
        Any of ``"comment"``, ``"reply"``, ``"reaction"``, ``"mention"`` (see the module
        docstring for what each means).
    since, until
        Keep interactions with ``since <= time < until``; the time is the interaction's
        own, else its post's.
    containers
        Container ids to keep.

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``source``, ``target`` (member ids), ``relation`` (Enum),
        ``count`` (Int64), ``first_at``, ``last_at`` (UTC); one row per container,
        source, target and relation. Self-interactions and interactions with an unknown
        end are left out (:func:`interaction_graph` counts them).

    Raises
    ------
    ValueError
        An unknown relation.

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
    ...         "author_id": ["bob", "cas"], "created_at": [t, t]}), kind="group")
    >>> gi.interaction_edges(ds).select("source", "target", "relation", "count").rows()
    [('bob', 'ann', 'comment', 1), ('cas', 'bob', 'reply', 1)]
    """
    rel = _check_relations(relations)
    rows = _window(_rows(ds, rel, _check_containers(containers)), since, until)
    return _split(rows)[0]


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
        .with_columns(pl.col("first_at", "last_at").dt.to_string(_ISO))
        .collect()
    )
    ids = _id_order(pairs.get_column("source"), pairs.get_column("target"))
    pairs = _sort_coded(pairs, [("source", ids), ("target", ids)])
    nodes = _node_attributes(ds, ids.categories, cont, since, until)

    g: nx.DiGraph[str] = nx.DiGraph()
    in_scope = ds.containers.get_column(_CID)
    if cont is not None:
        in_scope = in_scope.filter(in_scope.is_in(cont))
    g.graph["relations"] = ",".join(rel)
    g.graph["containers"] = ",".join(in_scope.sort().to_list())
    if since is not None:
        g.graph["since"] = _aware(since).isoformat()  # type: ignore[union-attr]
    if until is not None:
        g.graph["until"] = _aware(until).isoformat()  # type: ignore[union-attr]
    g.graph["min_weight"] = min_weight
    g.graph["self_interactions"] = n_self
    g.graph["unattributed"] = n_unknown
    g.graph.update(_completeness(ds, cont, since, until))

    with gc_paused():
        _add_nodes(g, nodes)
        g.add_edges_from(zip(
            pairs.get_column("source").to_list(),
            pairs.get_column("target").to_list(),
            _dicts(pairs.drop("source", "target")),
            strict=True,
        ))
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
    ValueError
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


# ---------------------------------------------------------------------- metrics
def _prepare(g: nx.Graph[Any], backend: Backend) -> Metrics:
    if g.is_multigraph():
        raise TypeError("g: expected a networkx DiGraph (as made by interaction_graph), "
                        "got a multigraph")
    dg = cast("nx.DiGraph[Any]", g if g.is_directed() else g.to_directed())
    return Metrics(dg, resolve_backend(backend))


def _org_flags(g: nx.Graph[Any], nodes: list[Hashable]) -> list[bool]:
    attr = g.nodes
    return [bool(attr[v].get("is_organization", False)) for v in nodes]


def member_centrality(
    g: nx.Graph[Any], *, seed: int = 0, backend: Backend = "auto"
) -> pl.DataFrame:
    """Degrees, strengths, pagerank, betweenness, community and core of every member.

    Parameters
    ----------
    g
        An interaction graph (:func:`interaction_graph`); an undirected graph counts
        each edge both ways. Edges without ``weight`` weigh 1.
    seed
        Seed for Louvain and for the sampled betweenness sources.
    backend
        ``"auto"`` (python-igraph when installed, else networkx), ``"networkx"`` or
        ``"igraph"``.

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
    ModuleNotFoundError
        ``backend="igraph"`` without python-igraph installed.

    Examples
    --------
    >>> import networkx as nx, groepsinzicht as gi
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
    >>> c = gi.member_centrality(g, backend="networkx")
    >>> c.select("member_id", "in_degree", "betweenness", "is_articulation").rows()
    [('a', 0, 0.0, False), ('b', 2, 0.5, True), ('c', 1, 0.0, False)]
    """
    m = _prepare(g, backend)
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
            "is_organization": _org_flags(g, m.nodes),
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
    g: nx.Graph[Any], *, seed: int = 0, backend: Backend = "auto"
) -> pl.DataFrame:
    """Whole-graph measures in one row (defined in the module docstring).

    Parameters
    ----------
    g
        An interaction graph (:func:`interaction_graph`).
    seed
        Seed for Louvain.
    backend
        ``"auto"``, ``"networkx"`` or ``"igraph"``, as in :func:`member_centrality`.

    Returns
    -------
    polars.DataFrame
        One row: ``nodes``, ``edges``, ``density``, ``reciprocity``,
        ``largest_wcc_share``, ``avg_clustering``, ``degree_gini``, ``communities``,
        ``modularity``, ``org_best_pagerank_rank``, ``self_interactions``,
        ``unattributed``, ``comments_completeness``, ``reactions_completeness``. The
        last four come from ``g.graph`` and are null for a graph made elsewhere.

    Examples
    --------
    >>> import networkx as nx, groepsinzicht as gi
    >>> g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> gi.graph_metrics(g, backend="networkx").select("nodes", "edges", "reciprocity").row(0)
    (3, 3, 0.666...)
    """
    import numpy as np

    m = _prepare(g, backend)
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
        org = np.asarray(_org_flags(g, m.nodes), dtype=bool)
        if org.any():
            ranks = pl.Series(m.pagerank()).rank(method="min", descending=True)
            row["org_best_pagerank_rank"] = int(ranks.filter(pl.Series(org)).min())  # type: ignore[arg-type]
    for key in ("self_interactions", "unattributed", "comments_completeness",
                "reactions_completeness"):
        row[key] = g.graph.get(key)
    return pl.DataFrame([row], schema=METRICS_SCHEMA)


def graph_over_time(
    ds: Dataset,
    *,
    every: str = "1mo",
    relations: Iterable[str] = RELATIONS,
    containers: Iterable[str] | None = None,
    min_weight: int = 1,
    tz: str = "Europe/Amsterdam",
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
    ValueError
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
        raise ValueError(
            f"every: expected a polars duration such as '1w' or '1mo', got {shorten(every)}"
        ) from exc
    if rows.height == 0:
        return pl.DataFrame(schema=schema)
    first, last = (rows.get_column("period_start").min(),
                   rows.get_column("period_start").max())
    assert isinstance(first, datetime)
    assert isinstance(last, datetime)
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


# ---------------------------------------------------------------------- export
def _plain(value: object) -> str | int | float | bool | None:
    """An attribute value GEXF and GraphML accept (None means: leave it out)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # date, time
        return str(value.isoformat())
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _plain(item())
    return str(value)


def _plain_dict(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in ((k, _plain(v)) for k, v in d.items()) if v is not None}


def write_graph(g: nx.Graph[Any], path: str | PathLike[str]) -> Path:
    """Write a graph for Gephi (``.gexf``) or other tools (``.graphml``).

    Attribute values that the formats refuse are converted on a copy (the caller's graph
    is not changed): datetimes to ISO strings, lists and tuples to comma-separated text,
    numpy scalars to numbers; None values are left out. GEXF keeps node and edge
    attributes but not ``g.graph``; GraphML keeps all three.

    Parameters
    ----------
    g
        Any networkx graph, e.g. from :func:`interaction_graph`.
    path
        A file name ending in ``.gexf`` or ``.graphml``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        Another suffix.

    Examples
    --------
    >>> import networkx as nx, groepsinzicht as gi, tempfile, os
    >>> g = nx.DiGraph([("a", "b")])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     back = nx.read_graphml(gi.write_graph(g, os.path.join(tmp, "g.graphml")))
    >>> list(back.edges)
    [('a', 'b')]
    """
    import networkx as nx

    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".gexf", ".graphml"):
        raise ValueError(f"{out.name}: suffix: expected '.gexf' or '.graphml', "
                         f"got {shorten(out.suffix)}")
    h = g.__class__()
    h.graph.update(_plain_dict(g.graph))
    h.add_nodes_from((v, _plain_dict(d)) for v, d in g.nodes(data=True))
    h.add_edges_from((u, v, _plain_dict(d)) for u, v, d in g.edges(data=True))
    if suffix == ".gexf":
        nx.write_gexf(h, out)
    else:
        nx.write_graphml(h, out)
    return out
