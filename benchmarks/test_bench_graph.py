"""Interaction graphs at group scale.

Run with ``.venv/bin/pytest benchmarks/test_bench_graph.py --benchmark-only -s``; the
printed lines give the numbers quoted in ``groepsinzicht.graph``'s docstring.

- edges and graph of 1M interactions: the polars edge table plus one bulk
  ``add_edges_from``, against the named baseline of adding interactions to a DiGraph one
  by one in a Python loop (dict look-ups for the targets);
- the same graph against networkx's own floor: one bulk ``add_edges_from`` of the
  already aggregated edges with the same attributes (target: within 1.5x);
- end to end from 1M interactions to the centrality table: ``member_centrality(ds)``
  straight from the polars edge table to igraph, against the networkx path
  (``member_centrality(interaction_graph(ds), backend="networkx")``, once: minutes);
- ``member_centrality`` on a 50,000-member graph with heavy-tailed degrees, on the
  igraph path (target: under 10 s) and once on the networkx-only path.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import networkx as nx
import numpy as np
import polars as pl
import pytest

import groepsinzicht as gi

N_MEMBERS = 20_000
N_POSTS = 40_000
N_TOP = 300_000  # top-level comments
N_REPLIES = 200_000
N_REACTIONS = 450_000
MENTION_SHARE = 0.1  # of comments: 50k mentions, so 1M interactions in all
ORG_POST_SHARE = 0.3
RECEIVER_SHARE = 0.3
START = datetime(2024, 1, 1, tzinfo=UTC)


def _id_series(prefix: str, idx: np.ndarray) -> pl.Series:
    return pl.select(pl.lit(prefix) + pl.Series("x", idx).cast(pl.String)).to_series()


def _times(rng: np.random.Generator, n: int) -> pl.Series:
    seconds = pl.Series("s", rng.integers(0, 365 * 86_400, n))
    return pl.select(pl.lit(START) + pl.duration(seconds=seconds)).to_series()


@pytest.fixture(scope="module")
def big_ds() -> gi.Dataset:
    """Two groups, 1M interactions, activity drawn from a heavy-tailed (Pareto) law.

    Many interactions repeat a pair (commenters answer the same active posters), as in
    real groups: about 0.6 distinct edges per interaction.
    """
    rng = np.random.default_rng(42)
    activity = rng.pareto(1.5, N_MEMBERS) + 1
    p = activity / activity.sum()

    def who(n: int) -> pl.Series:
        return _id_series("m", rng.choice(N_MEMBERS, n, p=p))

    # The municipality (m0) writes 30% of the posts; among members, posting is more
    # concentrated than commenting (a few active members start most threads).
    poster_p = activity**2 / (activity**2).sum()
    post_author = np.where(rng.random(N_POSTS) < ORG_POST_SHARE, 0,
                           rng.choice(N_MEMBERS, N_POSTS, p=poster_p))
    post_container = rng.integers(0, 2, N_POSTS)
    posts = pl.DataFrame({
        "container_id": _id_series("g", post_container),
        "post_id": _id_series("p", np.arange(N_POSTS)),
        "author_id": _id_series("m", post_author),
        "created_at": _times(rng, N_POSTS),
    })
    top_post = rng.integers(0, N_POSTS, N_TOP)
    parent = rng.integers(0, N_TOP, N_REPLIES)
    comment_post = np.concatenate([top_post, top_post[parent]])
    n_comments = N_TOP + N_REPLIES
    mentioned = rng.random(n_comments) < MENTION_SHARE
    comments = pl.DataFrame({
        "container_id": _id_series("g", post_container[comment_post]),
        "comment_id": _id_series("c", np.arange(n_comments)),
        "post_id": _id_series("p", comment_post),
        "parent_id": pl.concat([pl.Series([None] * N_TOP, dtype=pl.String),
                                _id_series("c", parent)]),
        "author_id": who(n_comments),
        "created_at": _times(rng, n_comments),
    }).with_columns(
        pl.when(pl.Series(mentioned)).then(pl.concat_list(who(n_comments)))
        .otherwise(None).alias("mentions")
    )
    on_post = rng.random(N_REACTIONS) < 0.7
    target = np.where(on_post, rng.integers(0, N_POSTS, N_REACTIONS),
                      rng.integers(0, n_comments, N_REACTIONS))
    target_post = np.where(on_post, target, comment_post[np.minimum(target, n_comments - 1)])
    reactions = pl.DataFrame({
        "container_id": _id_series("g", post_container[target_post]),
        "target_id": pl.Series(np.where(on_post, "p", "c")) + _id_series("", target),
        "target_kind": pl.Series(np.where(on_post, "post", "comment")),
        "actor_id": who(N_REACTIONS),
        "reaction_type": "like",
    })
    return gi.Dataset.from_frames(posts=posts, comments=comments, reactions=reactions,
                                  kind="group")


def _loop_graph(ds: gi.Dataset) -> nx.DiGraph:
    """The baseline: resolve each interaction with dicts and add it to the graph."""
    post_author = dict(zip(zip(ds.posts["container_id"], ds.posts["post_id"], strict=True),
                           ds.posts["author_id"], strict=True))
    c = ds.comments
    ckeys = list(zip(c["container_id"], c["comment_id"], strict=True))
    comment_author = dict(zip(ckeys, c["author_id"], strict=True))
    g: nx.DiGraph = nx.DiGraph()

    def add(src: Any, dst: Any, relation: str) -> None:
        if src is None or dst is None or src == dst:
            return
        if g.has_edge(src, dst):
            data = g[src][dst]
            data["weight"] += 1
            data[relation] = data.get(relation, 0) + 1
        else:
            g.add_edge(src, dst, weight=1, **{relation: 1})

    columns = (c["post_id"], c["parent_id"], c["author_id"], c["mentions"].to_list())
    for (cid, _), post, parent, author, mentions in zip(ckeys, *columns, strict=True):
        if parent is None:
            add(author, post_author.get((cid, post)), "comment")
        else:
            add(author, comment_author.get((cid, parent)), "reply")
        for m in set(mentions or ()):
            add(author, m, "mention")
    r = ds.reactions
    for cid, tid, kind, actor in zip(r["container_id"], r["target_id"], r["target_kind"],
                                     r["actor_id"], strict=True):
        owner = post_author if kind == "post" else comment_author
        add(actor, owner.get((cid, tid)), "reaction")
    return g


def _cpu(fn: Any) -> tuple[Any, list[float]]:
    """Wrap ``fn`` to record its CPU seconds too (the shared 2-core box is often busy)."""
    spent: list[float] = []

    def run(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        out = fn(*args, **kwargs)
        spent.append(time.process_time() - t0)
        return out

    return run, spent


def _machine_speed() -> float:
    """Seconds for 3M Python additions: about 0.12 s on an idle recent x86 core."""
    t0 = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - t0


def test_interaction_graph_1m(benchmark, big_ds):
    n = big_ds.comments.height + big_ds.reactions.height + int(
        big_ds.comments.get_column("mentions").list.len().sum())
    assert n == pytest.approx(1_000_000, rel=0.01)
    fn, cpu = _cpu(gi.interaction_graph)
    g = benchmark.pedantic(fn, args=(big_ds,), rounds=3, iterations=1)
    t0 = time.perf_counter()
    baseline = _loop_graph(big_ds)
    loop_s = time.perf_counter() - t0
    assert sorted(g.edges(data="weight")) == sorted(baseline.edges(data="weight"))
    polars_s = benchmark.stats.stats.mean
    benchmark.extra_info.update(interactions=n, edges=g.number_of_edges(),
                                loop_seconds=loop_s, ratio=loop_s / polars_s)
    print(f"\n1M interactions -> {g.number_of_nodes()} nodes, {g.number_of_edges()} edges: "
          f"polars + bulk add {polars_s:.2f} s (cpu {min(cpu):.2f} s), Python loop "
          f"{loop_s:.2f} s, ratio {loop_s / polars_s:.1f}x; machine {_machine_speed():.2f} s")


def _floor_input(ds: gi.Dataset) -> tuple[list[tuple[str, dict[str, Any]]], list[Any]]:
    """The aggregated nodes and edges with their attributes, as networkx takes them."""
    g = gi.interaction_graph(ds)
    return (list(g.nodes(data=True)),
            [(u, v, dict(d)) for u, v, d in g.edges(data=True)])


def _networkx_floor(nodes: list[Any], edges: list[Any]) -> nx.DiGraph:
    g: nx.DiGraph = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


def test_interaction_graph_vs_networkx_floor(benchmark, big_ds):
    """Ours and the floor alternate in one run, so both see the same machine load."""
    nodes, edges = _floor_input(big_ds)
    ours, floor = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        _networkx_floor(nodes, edges)
        floor.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        gi.interaction_graph(big_ds)
        ours.append(time.perf_counter() - t0)
    benchmark.pedantic(gi.interaction_graph, args=(big_ds,), rounds=1, iterations=1)
    ratio = min(ours) / min(floor)
    benchmark.extra_info.update(ours_seconds=min(ours), floor_seconds=min(floor),
                                ratio_over_floor=ratio, reference="networkx floor")
    print(f"\ninteraction_graph {min(ours):.2f} s vs networkx floor (add_nodes_from + "
          f"add_edges_from of {len(edges)} ready edges) {min(floor):.2f} s: {ratio:.2f}x; "
          f"machine {_machine_speed():.2f} s")


def test_centrality_end_to_end_1m_igraph(benchmark, big_ds):
    pytest.importorskip("igraph")
    c = benchmark.pedantic(gi.member_centrality, args=(big_ds,),
                           kwargs={"backend": "igraph"}, rounds=3, iterations=1)
    assert c.height > 0
    print(f"\n1M interactions -> centrality of {c.height} members, Dataset straight to "
          f"igraph: {benchmark.stats.stats.mean:.2f} s; machine {_machine_speed():.2f} s")


def test_centrality_end_to_end_1m_networkx_once(benchmark, big_ds):
    # The reference of the test above: minutes (pure-Python sampled betweenness, Louvain).
    c = benchmark.pedantic(
        lambda: gi.member_centrality(gi.interaction_graph(big_ds), backend="networkx"),
        rounds=1, iterations=1)
    assert c.height > 0
    print(f"\n1M interactions -> centrality, networkx path: {benchmark.stats.stats.mean:.1f} s")


def test_interaction_edges_1m(benchmark, big_ds):
    fn, cpu = _cpu(gi.interaction_edges)
    e = benchmark.pedantic(fn, args=(big_ds,), rounds=3, iterations=1)
    assert e.height > 0
    print(f"\ninteraction_edges on 1M interactions: {benchmark.stats.stats.mean:.2f} s "
          f"(cpu {min(cpu):.2f} s), {e.height} rows")


def heavy_tailed_graph(n: int, m: int, seed: int = 0) -> nx.DiGraph:
    """A directed interaction graph with heavy-tailed degrees, shaped like real groups.

    Activity (out) is Pareto-distributed over all members. Only a minority is ever
    answered or reacted to: in the synthetic municipal groups of ``groepsinzicht.synth``
    about 70% of the members in the interaction graph have in-degree 0, so here 30% of
    the members receive (Pareto popularity, more for the active ones) and the
    organisation (``m0``) receives a quarter of all interactions.
    """
    rng = np.random.default_rng(seed)
    out_w = rng.pareto(1.3, n) + 1
    receives = rng.random(n) < RECEIVER_SHARE
    receives[0] = True
    in_w = np.where(receives, 0.5 * out_w + rng.pareto(1.3, n) + 1, 0.0)
    in_w[0] = in_w.sum() / 3
    draws = int(m * 1.3)
    src = rng.choice(n, draws, p=out_w / out_w.sum())
    dst = rng.choice(n, draws, p=in_w / in_w.sum())
    pairs = (
        pl.DataFrame({"s": src, "t": dst}).filter(pl.col("s") != pl.col("t"))
        .group_by("s", "t", maintain_order=True).agg(pl.len().alias("w")).head(m)
    )
    g: nx.DiGraph = nx.DiGraph()
    g.add_nodes_from(f"m{i}" for i in range(n))
    g.add_weighted_edges_from(zip(("m" + pairs["s"].cast(pl.String)).to_list(),
                                  ("m" + pairs["t"].cast(pl.String)).to_list(),
                                  pairs["w"].to_list(), strict=True))
    g.nodes["m0"]["is_organization"] = True
    return g


@pytest.fixture(scope="module")
def graph_50k() -> nx.DiGraph:
    return heavy_tailed_graph(50_000, 500_000)


def test_member_centrality_50k_igraph(benchmark, graph_50k):
    pytest.importorskip("igraph")
    from groepsinzicht.graph._backends import Metrics

    fn, cpu = _cpu(gi.member_centrality)
    c = benchmark.pedantic(fn, args=(graph_50k,), kwargs={"backend": "igraph"}, rounds=3,
                           iterations=1)
    assert c.height == 50_000
    assert c.get_column("betweenness_sampled").all()
    steps = {}
    t0 = time.process_time()
    metrics = Metrics(graph_50k, "igraph")
    steps["arrays"] = round(time.process_time() - t0, 2)
    for name, step in (("igraph graphs", lambda m: (m.ig_directed, m.ig_undirected)),
                       ("pagerank", lambda m: m.pagerank()),
                       ("betweenness", lambda m: m.betweenness(0)),
                       ("louvain", lambda m: m.communities(0)),
                       ("core+articulation", lambda m: (m.core_numbers(), m.articulation()))):
        t0 = time.process_time()
        step(metrics)
        steps[name] = round(time.process_time() - t0, 2)
    benchmark.extra_info.update(cpu_seconds=min(cpu), steps_cpu=steps)
    print(f"\nmember_centrality, 50k nodes / {graph_50k.number_of_edges()} edges, igraph: "
          f"{benchmark.stats.stats.mean:.2f} s (cpu {min(cpu):.2f} s; steps cpu {steps}); "
          f"machine {_machine_speed():.2f} s")


def test_member_centrality_50k_networkx_once(benchmark, graph_50k):
    # A single round: the pure-Python path takes minutes (sampled betweenness: 500 BFS).
    fn, cpu = _cpu(gi.member_centrality)
    c = benchmark.pedantic(fn, args=(graph_50k,), kwargs={"backend": "networkx"}, rounds=1,
                           iterations=1)
    assert c.height == 50_000
    print(f"\nmember_centrality, 50k nodes / {graph_50k.number_of_edges()} edges, networkx: "
          f"{benchmark.stats.stats.mean:.1f} s (cpu {min(cpu):.1f} s); "
          f"machine {_machine_speed():.2f} s")
