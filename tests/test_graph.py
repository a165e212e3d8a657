from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import networkx as nx
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import groepsinzicht as gi
from groepsinzicht.graph import CENTRALITY_SCHEMA, EDGE_SCHEMA, METRICS_SCHEMA
from groepsinzicht.graph import _backends as gm

T0 = datetime(2024, 3, 1, 10, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)
APR = datetime(2024, 4, 1, 10, tzinfo=UTC)


def _dt(values):
    return pl.Series(values, dtype=pl.Datetime("us", "UTC"))


@pytest.fixture(scope="module")
def ds() -> gi.Dataset:
    """Two groups, every relation, self-interactions and unknown ends.

    g1: the organisation posts p1 (mentioning ann), ann posts p2, a hidden author p3.
    g2: dan (no name, as after pseudonymisation) posts q1. bob is in both groups.
    """
    members = pl.DataFrame({
        "container_id": ["g1", "g1", "g1", "g1", "g2", "g2"],
        "member_id": ["ann", "bob", "cas", "org", "bob", "dan"],
        "name": ["Ann", "Bob", "Cas", "Gemeente", "Bob", None],
        "role": ["admin", "member", "member", "organization", "moderator", "member"],
        "is_organization": [False, False, False, True, False, False],
    })
    posts = pl.DataFrame({
        "container_id": ["g1", "g1", "g1", "g2"],
        "post_id": ["p1", "p2", "p3", "q1"],
        "author_id": ["org", "ann", None, "dan"],
        "created_at": _dt([T0, T0 + D, T0 + 2 * D, APR]),
        "reported_comments": [10, None, None, None],
        "reported_reactions": [20, None, None, None],
        "mentions": [["ann"], None, [], None],
    })
    comments = pl.DataFrame({
        "container_id": ["g1"] * 8 + ["g2"],
        "comment_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "d1"],
        "post_id": ["p1", "p1", "p1", "p2", "p3", "p1", "p2", "p1", "q1"],
        "parent_id": [None, "c1", "c1", None, None, None, None, "cX", None],
        "author_id": ["bob", "ann", "bob", "ann", "cas", None, "cas", "cas", "bob"],
        "created_at": _dt([T0 + H, T0 + 2 * H, T0 + 4 * H, T0 + D + H / 2,
                           T0 + 2 * D + H, T0 + H / 2, T0 + D + H, T0 + 6 * H, APR + H]),
        "mentions": [None, None, None, None, None, None, ["bob", "bob"], None, None],
    })
    reactions = pl.DataFrame({
        "container_id": ["g1"] * 6 + ["g2"],
        "target_id": ["p1", "p1", "c1", "c1", "p2", "p1", "q1"],
        "target_kind": ["post", "post", "comment", "comment", "post", "post", "post"],
        "actor_id": ["cas", "ann", "ann", "cas", None, "org", "bob"],
        "reaction_type": ["like", "like", "like", "love", "like", "like", "like"],
        "created_at": _dt([T0 + 3 * H, None, T0 + 5 * H, None, None, T0 + H / 2, None]),
    })
    return gi.Dataset.from_frames(members=members, posts=posts, comments=comments,
                                  reactions=reactions, kind="group")


def _edges(rows: list[tuple]) -> pl.DataFrame:
    cols = list(EDGE_SCHEMA.names())
    return pl.DataFrame([dict(zip(cols, r, strict=True)) for r in rows], schema=EDGE_SCHEMA)


EXPECTED = [
    ("g1", "ann", "bob", "reply", 1, T0 + 2 * H, T0 + 2 * H),
    ("g1", "ann", "bob", "reaction", 1, T0 + 5 * H, T0 + 5 * H),
    ("g1", "ann", "org", "reaction", 1, T0, T0),  # no own time: the post's
    ("g1", "bob", "org", "comment", 1, T0 + H, T0 + H),
    ("g1", "cas", "ann", "comment", 1, T0 + D + H, T0 + D + H),
    ("g1", "cas", "bob", "reaction", 1, T0, T0),  # on comment c1, no own time: post p1's
    ("g1", "cas", "bob", "mention", 1, T0 + D + H, T0 + D + H),  # tagged twice, one mention
    # c8 replies to a comment the export lacks: a broken thread, taken as a comment.
    ("g1", "cas", "org", "comment", 1, T0 + 6 * H, T0 + 6 * H),
    ("g1", "cas", "org", "reaction", 1, T0 + 3 * H, T0 + 3 * H),
    ("g1", "org", "ann", "mention", 1, T0, T0),
    ("g2", "bob", "dan", "comment", 1, APR + H, APR + H),
    ("g2", "bob", "dan", "reaction", 1, APR, APR),
]


# ---------------------------------------------------------------------- edge table
def test_edges_every_relation(ds):
    assert_frame_equal(gi.interaction_edges(ds), _edges(EXPECTED))


def test_reply_points_at_parent_comment_author_not_post_author(ds):
    e = gi.interaction_edges(ds, relations=["reply"])
    # c2 by ann replies to bob's c1 on the organisation's post p1.
    assert e.select("source", "target").rows() == [("ann", "bob")]


def test_reaction_on_comment_points_at_comment_author(ds):
    e = gi.interaction_edges(ds, relations=("reaction",)).filter(pl.col("target") == "bob")
    assert sorted(e.get_column("source").to_list()) == ["ann", "cas"]


def test_relation_subsets_and_order(ds):
    e = gi.interaction_edges(ds, relations=("mention", "comment"))
    assert e.get_column("relation").unique().sort().to_list() == ["comment", "mention"]
    assert e.schema == EDGE_SCHEMA


def test_unknown_relation_raises(ds):
    msg = "relations: expected some of ['comment', 'reply', 'reaction', 'mention'], got 'like'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        gi.interaction_edges(ds, relations=("comment", "like"))
    with pytest.raises(ValueError, match=re.escape("got none")):
        gi.interaction_edges(ds, relations=())


def test_time_filter_uses_own_time_else_post_time(ds):
    e = gi.interaction_edges(ds, since=T0 + H, until=datetime(2024, 4, 1))  # noqa: DTZ001 (naive: UTC)
    kept = set(e.select("source", "target", "relation").rows())
    assert kept == {
        ("ann", "bob", "reply"), ("ann", "bob", "reaction"), ("bob", "org", "comment"),
        ("cas", "ann", "comment"), ("cas", "bob", "mention"), ("cas", "org", "reaction"),
        ("cas", "org", "comment"),
    }  # since is inclusive (bob's comment at T0 + 1h), until exclusive (g2 from Apr 1)


def test_time_filter_in_another_time_zone(ds):
    from zoneinfo import ZoneInfo

    ams = ZoneInfo("Europe/Amsterdam")
    # T0 + 1h is 12:00 in Amsterdam (CET, UTC+1).
    e = gi.interaction_edges(ds, since=datetime(2024, 3, 1, 12, tzinfo=ams),
                             until=datetime(2024, 3, 1, 12, 1, tzinfo=ams))
    assert e.select("source", "target", "relation").rows() == [("bob", "org", "comment")]
    g = gi.interaction_graph(ds, since=datetime(2024, 3, 1, 12, tzinfo=ams))
    assert g.graph["since"] == "2024-03-01T11:00:00+00:00"


def test_containers_filter(ds):
    e = gi.interaction_edges(ds, containers="g2")
    assert e.select("source", "target", "relation").rows() == [
        ("bob", "dan", "comment"), ("bob", "dan", "reaction")]
    assert gi.interaction_edges(ds, containers=["nope"]).height == 0


def test_empty_dataset():
    empty = gi.Dataset.from_frames()
    assert_frame_equal(gi.interaction_edges(empty), pl.DataFrame(schema=EDGE_SCHEMA))
    g = gi.interaction_graph(empty)
    assert (g.number_of_nodes(), g.graph["self_interactions"], g.graph["unattributed"]) == \
        (0, 0, 0)
    assert_frame_equal(gi.member_centrality(g), pl.DataFrame(schema=CENTRALITY_SCHEMA))
    row = gi.graph_metrics(g).row(0, named=True)
    assert (row["nodes"], row["edges"], row["density"], row["communities"]) == (0, 0, None,
                                                                                 None)
    over = gi.graph_over_time(empty)
    assert over.height == 0
    assert over.columns == ["period_start", *METRICS_SCHEMA.names()]


# ---------------------------------------------------------------------- the graph
def test_graph_nodes_edges_and_attributes(ds):
    g = gi.interaction_graph(ds)
    assert list(g.nodes) == ["ann", "bob", "cas", "dan", "org"]
    weights = {(u, v): w for u, v, w in g.edges(data="weight")}
    assert weights == {("ann", "bob"): 2, ("ann", "org"): 1, ("bob", "org"): 1,
                       ("cas", "ann"): 1, ("cas", "bob"): 2, ("cas", "org"): 2,
                       ("org", "ann"): 1, ("bob", "dan"): 2}
    assert g.edges["ann", "bob"] == {
        "weight": 2, "comment": 0, "reply": 1, "reaction": 1, "mention": 0,
        "first_at": "2024-03-01T12:00:00+00:00", "last_at": "2024-03-01T15:00:00+00:00"}
    assert g.edges["bob", "dan"]["first_at"] == APR.isoformat()


def test_person_in_two_containers_is_one_node(ds):
    g = gi.interaction_graph(ds)
    bob = g.nodes["bob"]
    # Strongest role over both groups; comments counted in both (c1, c3, d1).
    assert bob == {"name": "Bob", "role": "moderator", "is_organization": False,
                   "posts": 0, "comments": 3}
    assert set(g.successors("bob")) == {"org", "dan"}


def test_name_absent_when_unknown(ds):
    g = gi.interaction_graph(ds)
    assert "name" not in g.nodes["dan"]
    assert g.nodes["dan"] == {"role": "member", "is_organization": False, "posts": 1,
                              "comments": 0}
    assert g.nodes["org"]["is_organization"] is True
    assert g.nodes["org"]["role"] == "organization"


def test_graph_attribute_values_are_plain(ds):
    g = gi.interaction_graph(ds, since=T0, containers=["g1"])
    values = [*g.graph.values()]
    values += [v for _, d in g.nodes(data=True) for v in d.values()]
    values += [v for *_, d in g.edges(data=True) for v in d.values()]
    assert values
    assert all(type(v) in (str, int, float, bool) for v in values)


def test_graph_holds_filters_counts_and_completeness(ds):
    g = gi.interaction_graph(ds)
    assert g.graph["relations"] == "comment,reply,reaction,mention"
    assert g.graph["containers"] == "g1,g2"
    assert "since" not in g.graph
    assert g.graph["min_weight"] == 1
    # Left out: c3 (bob to himself), c4 (ann on her own post), org liking its own post.
    assert g.graph["self_interactions"] == 3
    # Unknown ends: c5 (hidden post author), c6 (hidden commenter), the reaction without
    # an actor. (c8's parent is missing: a broken thread, so a comment on p1.)
    assert g.graph["unattributed"] == 3
    # Comments: p1 states 10 (5 rows), p2 2, p3 1, q1 1 rows -> 9 / 14.
    # Reactions on posts: p1 states 20 (3 rows), p2 1, q1 1 -> 5 / 22.
    assert (g.graph["observed_comments"], g.graph["reported_comments"]) == (9, 14)
    assert (g.graph["observed_reactions"], g.graph["reported_reactions"]) == (5, 22)
    assert g.graph["comments_completeness"] == pytest.approx(9 / 14)
    assert g.graph["reactions_completeness"] == pytest.approx(5 / 22)


def test_graph_time_window_counts(ds):
    g = gi.interaction_graph(ds, since=T0 + H, until=datetime(2024, 4, 1, tzinfo=UTC))
    assert g.graph["since"] == "2024-03-01T11:00:00+00:00"
    assert g.graph["until"] == "2024-04-01T00:00:00+00:00"
    # The organisation's self-like (T0 + 30 min) and c6 (T0 + 30 min) fall before it.
    assert g.graph["self_interactions"] == 2
    assert g.graph["unattributed"] == 2
    assert "dan" not in g
    # Authored counts follow the window too: the organisation's p1 (T0) is outside.
    assert g.nodes["org"]["posts"] == 0


def test_min_weight(ds):
    g = gi.interaction_graph(ds, min_weight=2)
    assert sorted(g.edges) == [("ann", "bob"), ("bob", "dan"), ("cas", "bob"), ("cas", "org")]
    assert "dan" in g and "ann" in g
    with pytest.raises(ValueError, match=re.escape("min_weight: expected a whole number >= 1, got 0")):
        gi.interaction_graph(ds, min_weight=0)


def test_relations_subset_edge_attributes(ds):
    g = gi.interaction_graph(ds, relations=["reply"])
    assert list(g.edges(data=True)) == [("ann", "bob", {
        "weight": 1, "reply": 1, "first_at": "2024-03-01T12:00:00+00:00",
        "last_at": "2024-03-01T12:00:00+00:00"})]


def test_pseudonymised_graph_has_no_names(ds):
    ps = gi.pseudonymize(ds, key=b"0123456789abcdef-test")
    g = gi.interaction_graph(ps)
    assert g.number_of_edges() == gi.interaction_graph(ds).number_of_edges()
    assert all("name" not in d for _, d in g.nodes(data=True))


def test_caller_frames_untouched(ds):
    before = ds.comments.clone()
    gi.interaction_graph(ds, since=T0)
    assert_frame_equal(ds.comments, before)


@st.composite
def _threads(draw):
    people = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))
    n_posts = draw(st.integers(1, 4))
    n_comments = draw(st.integers(0, 12))
    post_authors = draw(st.lists(people, min_size=n_posts, max_size=n_posts))
    comments = []
    for i in range(n_comments):
        parent = draw(st.one_of(st.none(), st.integers(0, n_comments)))  # may be missing
        comments.append({
            "comment_id": f"c{i}", "post_id": f"p{draw(st.integers(0, n_posts))}",
            "parent_id": None if parent is None else f"c{parent}",
            "author_id": draw(people), "created_at": T0 + i * H,
        })
    reactions = [
        {"target_id": f"c{k}" if kind == "comment" else f"p{k}", "target_kind": kind,
         "actor_id": actor, "reaction_type": "like"}
        for k, kind, actor in draw(st.lists(st.tuples(
            st.integers(0, 4), st.sampled_from(["post", "comment"]),
            st.sampled_from(["a", "b", "c", "d"])), max_size=10, unique=True))
    ]
    return post_authors, comments, reactions


@given(_threads())
def test_every_interaction_is_an_edge_a_self_interaction_or_unattributed(data):
    post_authors, comments, reactions = data
    posts = pl.DataFrame({
        "container_id": "g", "post_id": [f"p{i}" for i in range(len(post_authors))],
        "author_id": pl.Series(post_authors, dtype=pl.String),
        "created_at": _dt([T0] * len(post_authors)),
    })
    c = pl.DataFrame(comments, schema={"comment_id": pl.String, "post_id": pl.String,
                                       "parent_id": pl.String, "author_id": pl.String,
                                       "created_at": pl.Datetime("us", "UTC")})
    r = pl.DataFrame(reactions, schema={"target_id": pl.String, "target_kind": pl.String,
                                        "actor_id": pl.String, "reaction_type": pl.String})
    d = gi.Dataset.from_frames(posts=posts, comments=c.with_columns(container_id=pl.lit("g")),
                               reactions=r.with_columns(container_id=pl.lit("g")),
                               kind="group")
    g = gi.interaction_graph(d)
    total = sum(w for *_, w in g.edges(data="weight"))
    assert total + g.graph["self_interactions"] + g.graph["unattributed"] == \
        len(comments) + len(reactions)
    assert gi.interaction_edges(d).get_column("count").sum() == total
    assert not any(u == v for u, v in g.edges)


# ---------------------------------------------------------------------- bipartite
def test_bipartite_graph(ds):
    b = gi.bipartite_graph(ds)
    members = {v for v, d in b.nodes(data=True) if d["bipartite"] == 0}
    posts = {v for v, d in b.nodes(data=True) if d["bipartite"] == 1}
    assert members == {"m:ann", "m:bob", "m:cas", "m:dan", "m:org"}
    assert posts == {"p:g1/p1", "p:g1/p2", "p:g1/p3", "p:g2/q1"}
    # bob on p1: comments c1 and c3; ann on p1: reply c2, like on p1, like on c1.
    assert b.edges["m:bob", "p:g1/p1"] == {"weight": 2, "authored": 0, "comments": 2,
                                           "reactions": 0}
    assert b.edges["m:ann", "p:g1/p1"] == {"weight": 3, "authored": 0, "comments": 1,
                                           "reactions": 2}
    assert b.edges["m:org", "p:g1/p1"]["authored"] == 1
    assert b.nodes["m:bob"]["member_id"] == "bob"
    assert "name" not in b.nodes["m:dan"]
    assert b.nodes["p:g2/q1"]["created_at"] == APR.isoformat()
    # p3's hidden author, c6's hidden author and the actor-less reaction; c8's post
    # exists, so it is attributed.
    assert b.graph["unattributed"] == 3
    assert nx.is_bipartite(b)


# ---------------------------------------------------------------------- metrics
def _random_graph(n: int, p: float, seed: int) -> nx.DiGraph:
    import random

    rnd = random.Random(seed)
    g = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    g = nx.relabel_nodes(g, {i: f"m{i:04d}" for i in g})
    for u, v in g.edges:
        g[u][v]["weight"] = rnd.randint(1, 5)
    for v in list(g)[:: max(n // 5, 1)]:
        g.nodes[v]["is_organization"] = True
    return g


def test_centrality_columns_and_hand_values():
    # a -> b <-> c: b is the only cut vertex and lies on every a -> c path.
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=2)
    g.add_edge("b", "c", weight=1)
    g.add_edge("c", "b", weight=3)
    g.nodes["c"]["is_organization"] = True
    c = gi.member_centrality(g, backend="networkx")
    assert c.schema == CENTRALITY_SCHEMA
    assert c.select("member_id", "in_degree", "out_degree", "in_strength", "out_strength",
                    "betweenness", "betweenness_sampled", "core_number", "is_articulation",
                    "is_organization").rows() == [
        ("a", 0, 1, 0.0, 2.0, 0.0, False, 1, False, False),
        ("b", 2, 1, 5.0, 1.0, 0.5, False, 1, True, False),
        ("c", 1, 1, 1.0, 3.0, 0.0, False, 1, False, True),
    ]
    assert c.get_column("pagerank").sum() == pytest.approx(1.0)


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_centrality_matches_networkx(backend):
    if backend == "igraph":
        pytest.importorskip("igraph")
    g = _random_graph(80, 0.05, seed=4)
    c = gi.member_centrality(g, seed=1, backend=backend)
    ids = c.get_column("member_id").to_list()
    assert ids == sorted(g)
    pr = nx.pagerank(g, weight="weight", tol=1e-12, max_iter=10_000)
    assert c.get_column("pagerank").to_list() == pytest.approx([pr[v] for v in ids],
                                                               abs=1e-8)
    bt = nx.betweenness_centrality(g)
    assert c.get_column("betweenness").to_list() == pytest.approx([bt[v] for v in ids],
                                                                  abs=1e-12)
    und = nx.Graph(g.to_undirected())
    core = nx.core_number(und)
    assert c.get_column("core_number").to_list() == [core[v] for v in ids]
    cut = set(nx.articulation_points(und))
    assert c.filter(pl.col("is_articulation")).get_column("member_id").to_list() == \
        sorted(cut)
    assert c.get_column("in_degree").to_list() == [g.in_degree(v) for v in ids]
    assert c.get_column("out_strength").to_list() == \
        [g.out_degree(v, weight="weight") for v in ids]
    parts = c.group_by("community").agg("member_id").get_column("member_id").to_list()
    q = nx.community.modularity(_summed_undirected(g), [set(p) for p in parts])
    assert q > 0.2
    sizes = c.get_column("community").value_counts().sort("community")
    assert sizes.get_column("count").is_sorted(descending=True)


def _summed_undirected(g: nx.DiGraph) -> nx.Graph:
    u = nx.Graph()
    u.add_nodes_from(g)
    for a, b, w in g.edges(data="weight", default=1):
        if a != b:
            old = u.get_edge_data(a, b, {"weight": 0})["weight"]
            u.add_edge(a, b, weight=old + w)
    return u


@pytest.mark.parametrize(("n", "p", "seed"), [(12, 0.2, 0), (60, 0.06, 1), (400, 0.01, 2)])
def test_backends_agree(n, p, seed):
    pytest.importorskip("igraph")
    g = _random_graph(n, p, seed)
    a = gi.member_centrality(g, seed=3, backend="networkx")
    b = gi.member_centrality(g, seed=3, backend="igraph")
    for col in ("member_id", "in_degree", "out_degree", "in_strength", "out_strength",
                "core_number", "is_articulation", "is_organization",
                "betweenness_sampled"):
        assert a.get_column(col).equals(b.get_column(col)), col
    assert (a.get_column("pagerank") - b.get_column("pagerank")).abs().max() < 1e-6
    assert (a.get_column("betweenness") - b.get_column("betweenness")).abs().max() < 1e-12
    ma = gi.graph_metrics(g, seed=3, backend="networkx").row(0, named=True)
    mb = gi.graph_metrics(g, seed=3, backend="igraph").row(0, named=True)
    for key in ("nodes", "edges", "density", "reciprocity", "largest_wcc_share",
                "degree_gini", "org_best_pagerank_rank"):
        assert ma[key] == mb[key], key
    assert ma["avg_clustering"] == pytest.approx(mb["avg_clustering"], abs=1e-12)
    # Louvain is randomised and the implementations differ: comparable, not equal.
    assert ma["modularity"] == pytest.approx(mb["modularity"], abs=0.03)


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_centrality_is_seeded(backend):
    if backend == "igraph":
        pytest.importorskip("igraph")
    g = _random_graph(150, 0.03, seed=6)
    a = gi.member_centrality(g, seed=11, backend=backend)
    b = gi.member_centrality(g, seed=11, backend=backend)
    assert_frame_equal(a, b)


def test_sampled_betweenness_agrees_with_networkx(monkeypatch):
    g = _random_graph(120, 0.04, seed=5)
    monkeypatch.setattr(gm, "EXACT_BETWEENNESS_MAX_NODES", 100)
    monkeypatch.setattr(gm, "BETWEENNESS_SAMPLE", 30)
    c = gi.member_centrality(g, seed=7, backend="networkx")
    assert c.get_column("betweenness_sampled").all()
    expected = nx.betweenness_centrality(g, k=30, seed=7)
    assert c.get_column("betweenness").to_list() == pytest.approx(
        [expected[v] for v in c.get_column("member_id")], abs=1e-12)
    if gm.igraph_available():
        d = gi.member_centrality(g, seed=7, backend="igraph")
        assert (d.get_column("betweenness") - c.get_column("betweenness")).abs().max() < 1e-12


def test_undirected_input_counts_both_ways():
    c = gi.member_centrality(nx.path_graph(["a", "b", "c"]), backend="networkx")
    assert c.get_column("in_degree").to_list() == [1, 2, 1]
    assert c.get_column("betweenness").to_list() == pytest.approx([0.0, 1.0, 0.0])


def test_backend_errors(monkeypatch):
    g = nx.DiGraph([("a", "b")])
    with pytest.raises(ValueError, match=re.escape(
            "backend: expected 'auto', 'networkx' or 'igraph', got 'fast'")):
        gi.member_centrality(g, backend="fast")  # type: ignore[arg-type]
    monkeypatch.setattr(gm, "igraph_available", lambda: False)
    with pytest.raises(ModuleNotFoundError, match=re.escape("pip install 'groepsinzicht[fast]'")):
        gi.graph_metrics(g, backend="igraph")
    assert gm.resolve_backend("auto") == "networkx"
    with pytest.raises(TypeError, match=re.escape("got a multigraph")):
        gi.member_centrality(nx.MultiDiGraph([("a", "b")]))


def test_graph_metrics_hand_values(ds):
    g = gi.interaction_graph(ds)
    m = gi.graph_metrics(g, backend="networkx")
    assert m.schema == METRICS_SCHEMA
    row = m.row(0, named=True)
    # 5 members, 8 edges; ann <-> org is the only reciprocated pair.
    assert (row["nodes"], row["edges"]) == (5, 8)
    assert row["density"] == pytest.approx(8 / 20)
    assert row["reciprocity"] == pytest.approx(2 / 8)
    assert row["largest_wcc_share"] == 1.0
    # Total degrees: ann 4 (cas, org in; bob, org out), bob 4, cas 3, dan 1, org 4.
    degrees = sorted([4, 4, 3, 1, 4])
    n = len(degrees)
    gini = sum(abs(a - b) for a in degrees for b in degrees) / (2 * n * n * (sum(degrees) / n))
    assert row["degree_gini"] == pytest.approx(gini)
    und = nx.Graph(g.to_undirected())
    assert row["avg_clustering"] == pytest.approx(nx.average_clustering(und))
    pr = nx.pagerank(g, weight="weight")
    ranked = sorted(pr, key=pr.__getitem__, reverse=True)
    assert row["org_best_pagerank_rank"] == ranked.index("org") + 1
    assert (row["self_interactions"], row["unattributed"]) == (3, 3)
    assert row["comments_completeness"] == pytest.approx(9 / 14)
    assert row["reactions_completeness"] == pytest.approx(5 / 22)
    c = gi.member_centrality(g, backend="networkx")
    parts = c.group_by("community").agg("member_id").get_column("member_id").to_list()
    assert row["communities"] == len(parts)
    assert row["modularity"] == pytest.approx(
        nx.community.modularity(_summed_undirected(g), [set(p) for p in parts]))


def test_graph_metrics_matches_networkx_on_random_graphs():
    for seed in range(3):
        g = _random_graph(50, 0.06, seed)
        row = gi.graph_metrics(g, backend="networkx").row(0, named=True)
        assert row["density"] == pytest.approx(nx.density(g))
        assert row["reciprocity"] == pytest.approx(nx.overall_reciprocity(g))
        biggest = max(len(c) for c in nx.weakly_connected_components(g))
        assert row["largest_wcc_share"] == pytest.approx(biggest / 50)
        assert row["avg_clustering"] == pytest.approx(
            nx.average_clustering(nx.Graph(g.to_undirected())))
        assert row["org_best_pagerank_rank"] >= 1
        assert row["self_interactions"] is None


def test_graph_metrics_without_organisation_or_edges():
    g = nx.DiGraph()
    g.add_nodes_from(["a", "b"])
    row = gi.graph_metrics(g, backend="networkx").row(0, named=True)
    assert (row["nodes"], row["edges"], row["reciprocity"], row["degree_gini"],
            row["modularity"], row["org_best_pagerank_rank"]) == (2, 0, None, None, None,
                                                                  None)
    assert row["communities"] == 2
    assert row["largest_wcc_share"] == 0.5


# ---------------------------------------------------------------------- over time
def test_graph_over_time_windows_not_cumulative(ds):
    over = gi.graph_over_time(ds, every="1mo", backend="networkx")
    assert over.columns == ["period_start", *METRICS_SCHEMA.names()]
    assert over.get_column("period_start").dtype == pl.Datetime("us", "Europe/Amsterdam")
    starts = over.get_column("period_start").dt.strftime("%Y-%m-%d %H:%M").to_list()
    assert starts == ["2024-03-01 00:00", "2024-04-01 00:00"]
    assert over.get_column("nodes").to_list() == [4, 2]  # April: only bob and dan
    assert over.get_column("edges").to_list() == [7, 1]
    assert over.get_column("self_interactions").to_list() == [3, 0]
    assert over.get_column("unattributed").to_list() == [3, 0]
    april = gi.interaction_graph(ds, since=datetime(2024, 3, 31, 22, tzinfo=UTC))
    assert over.row(1, named=True)["edges"] == april.number_of_edges()


def test_graph_over_time_bad_every(ds):
    with pytest.raises(ValueError, match=re.escape(
            "every: expected a polars duration such as '1w' or '1mo', got 'monthly'")):
        gi.graph_over_time(ds, every="monthly")


# ---------------------------------------------------------------------- export
@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_round_trip(ds, tmp_path: Path, suffix):
    g = gi.interaction_graph(ds)
    path = gi.write_graph(g, tmp_path / f"graph{suffix}")
    assert path == tmp_path / f"graph{suffix}"
    back = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
    assert isinstance(back, nx.DiGraph)
    assert sorted(back.nodes) == sorted(g.nodes)
    assert sorted(back.edges) == sorted(g.edges)
    for u, v, d in g.edges(data=True):
        got = back.edges[u, v]
        assert got["weight"] == d["weight"]
        assert {k: got[k] for k in ("reply", "first_at", "last_at")} == \
            {k: d[k] for k in ("reply", "first_at", "last_at")}
    for v, d in g.nodes(data=True):
        assert {k: back.nodes[v][k] for k in d} == d
    assert "name" not in back.nodes["dan"]
    if suffix == ".graphml":
        assert back.graph["unattributed"] == 3
        assert back.graph["relations"] == g.graph["relations"]


def test_write_graph_converts_unplain_values_on_a_copy(tmp_path: Path):
    g = nx.DiGraph()
    g.graph["since"] = T0
    g.add_node("a", seen=T0, tags=("x", "y"), gone=None, score=math.pi)
    g.add_edge("a", "b", at=T0.date())
    gi.write_graph(g, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["a"] == {"seen": T0.isoformat(), "tags": "x,y", "score": math.pi}
    assert back.edges["a", "b"]["at"] == "2024-03-01"
    assert back.graph["since"] == T0.isoformat()
    assert g.nodes["a"]["seen"] is T0  # the caller's graph is unchanged
    gi.write_graph(g, tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").nodes["a"]["tags"] == "x,y"


def test_write_graph_bad_suffix(tmp_path: Path):
    with pytest.raises(ValueError, match=re.escape(
            "g.json: suffix: expected '.gexf' or '.graphml', got '.json'")):
        gi.write_graph(nx.DiGraph(), tmp_path / "g.json")


def test_synthetic_group_smoke_and_backends_agree():
    synth = pytest.importorskip("groepsinzicht.synth")
    ds = synth.generate(synth.SynthConfig(seed=1))
    g = gi.interaction_graph(ds)
    assert g.number_of_edges() > 1000
    assert g.graph["unattributed"] + g.graph["self_interactions"] > 0
    a = gi.member_centrality(g, backend="networkx")
    assert a.height == g.number_of_nodes()
    assert not a.get_column("betweenness_sampled").any()
    row = gi.graph_metrics(g, backend="networkx").row(0, named=True)
    assert row["org_best_pagerank_rank"] is not None
    assert 0 < row["comments_completeness"] <= 1
    if gm.igraph_available():  # a medium graph (about 1,500 members) on both paths
        b = gi.member_centrality(g, backend="igraph")
        for col in ("in_degree", "out_degree", "core_number", "is_articulation"):
            assert a.get_column(col).equals(b.get_column(col)), col
        assert (a.get_column("pagerank") - b.get_column("pagerank")).abs().max() < 1e-6
        assert (a.get_column("betweenness") - b.get_column("betweenness")).abs().max() < 1e-12
        other = gi.graph_metrics(g, backend="igraph").row(0, named=True)
        assert other["modularity"] == pytest.approx(row["modularity"], abs=0.03)


def test_sample_smoke():
    from groepsinzicht.sample import sample_path

    if not Path(sample_path()).exists():  # the bundled sample is being built
        pytest.skip("bundled sample not present yet")
    sample_ds = gi.load_sample()
    g = gi.interaction_graph(sample_ds)
    assert g.number_of_edges() > 0
    c = gi.member_centrality(g)
    assert c.height == g.number_of_nodes()
    assert c.get_column("pagerank").sum() == pytest.approx(1.0)
    m = gi.graph_metrics(g).row(0, named=True)
    assert m["org_best_pagerank_rank"] is not None
    assert gi.graph_over_time(sample_ds).height >= 2


# ---------------------------------------------------------------------- fast paths
def test_bulk_insert_equals_add_edges_from(ds):
    # interaction_graph writes networkx's adjacency dicts directly; a DiGraph subclass
    # goes through add_edges_from. Same edges, same data, same adjacency order.
    from groepsinzicht.graph import _build as gb

    class Sub(nx.DiGraph):
        pass

    g = gi.interaction_graph(ds)
    edges, _, _ = gb._split(gb._rows(ds, gb.RELATIONS, None), sort=False)
    pairs, ids = gb._pairs(edges, gb.RELATIONS, 1)
    ref = Sub(**g.graph)
    ref.add_nodes_from(g.nodes(data=True))
    gb._insert_edges(ref, pairs, ids)
    assert nx.utils.graphs_equal(g, ref)
    assert [(u, list(nbrs.items())) for u, nbrs in g.adjacency()] == \
        [(u, list(nbrs.items())) for u, nbrs in ref.adjacency()]
    assert [(v, list(p.items())) for v, p in g.pred.items()] == \
        [(v, list(p.items())) for v, p in ref.pred.items()]
    # one dict object per edge, shared by both directions of the adjacency, as networkx does
    assert all(g.succ[u][v] is g.pred[v][u] for u, v in g.edges)
    g.add_edge("ann", "new")  # the cached views see later changes
    assert g.has_edge("ann", "new")
    assert "new" in g.pred


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
@pytest.mark.parametrize("filters", [
    {},
    {"relations": ["comment", "reply"]},
    {"containers": ["g1"], "since": T0 + H},
    {"min_weight": 2},
])
def test_metrics_of_dataset_equal_metrics_of_graph(ds, backend, filters):
    if backend == "igraph":
        pytest.importorskip("igraph")
    g = gi.interaction_graph(ds, **filters)
    assert_frame_equal(gi.member_centrality(ds, backend=backend, seed=2, **filters),
                       gi.member_centrality(g, backend=backend, seed=2))
    assert_frame_equal(gi.graph_metrics(ds, backend=backend, seed=2, **filters),
                       gi.graph_metrics(g, backend=backend, seed=2))


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_centrality_of_generated_dataset_equals_graph_path(backend):
    if backend == "igraph":
        pytest.importorskip("igraph")
    from groepsinzicht.synth import generate

    # networkx's exact betweenness is slow: the igraph path gets a larger group.
    big = generate(seed=5, scale=3.0 if backend == "igraph" else 0.5)
    g = gi.interaction_graph(big)
    assert g.number_of_nodes() > 200
    assert_frame_equal(gi.member_centrality(big, backend=backend),
                       gi.member_centrality(g, backend=backend))
    assert_frame_equal(gi.graph_metrics(big, backend=backend),
                       gi.graph_metrics(g, backend=backend))


def test_filters_with_a_graph_raise(ds):
    g = gi.interaction_graph(ds)
    with pytest.raises(gi.errors.ParameterError, match="containers"):
        gi.member_centrality(g, containers=["g1"])
    with pytest.raises(gi.errors.ParameterError, match="relations"):
        gi.graph_metrics(g, relations=["reply"])
