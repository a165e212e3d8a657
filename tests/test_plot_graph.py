from __future__ import annotations

import io
import re

import networkx as nx
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import groepsinzicht as gi
from groepsinzicht.plot import plot_degree_distribution, plot_graph
from groepsinzicht.plot._base import ORG_COLOR


@pytest.fixture
def g() -> nx.DiGraph:
    """ann talks most, the organisation second; names include an emoji."""
    g = nx.DiGraph()
    g.add_node("ann", name="Ann 🎉", is_organization=False)
    g.add_node("org", name="Gemeente", is_organization=True)
    g.add_node("bob", name="Bob", is_organization=False)
    g.add_node("cas", is_organization=False)  # no name known
    g.add_node("dan", name="Dan", is_organization=False)
    g.add_edge("ann", "org", weight=5)
    g.add_edge("org", "ann", weight=4)
    g.add_edge("bob", "ann", weight=2)
    g.add_edge("cas", "ann", weight=1)
    g.add_edge("dan", "bob", weight=1)
    return g


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _scatter(ax: Axes, color: str):
    hits = [c for c in ax.collections
            if c.get_facecolor().size and to_hex(c.get_facecolor()[0]) == to_hex(color)]
    assert len(hits) == 1
    return hits[0]


def test_plot_graph_artists(g):
    ax = plot_graph(g, top=2)
    assert isinstance(ax, Axes)
    org = _scatter(ax, ORG_COLOR)
    assert len(org.get_offsets()) == 1
    residents = _scatter(ax, gi.plot._base.PALETTE[0])
    assert len(residents.get_offsets()) == 4
    # Sizes follow strength: ann (5 + 4 + 2 + 1 = 12) is the largest resident.
    sizes = residents.get_sizes()
    assert sizes[0] == sizes.max()
    assert sizes[0] > sizes[-1]
    # Only the two strongest are labelled, the emoji dropped by safe_text.
    assert sorted(_texts(ax)) == ["Ann ", "Gemeente"]
    edges = [c for c in ax.collections if c not in (org, residents)]
    assert len(edges) == 1
    assert len(edges[0].get_segments()) == 5
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")  # renders without glyph warnings
    assert buf.tell() > 0


def test_plot_graph_labels_without_names(g):
    ax = plot_graph(g, top=5)
    assert "cas" in _texts(ax)  # no name: its member id
    ps = nx.relabel_nodes(g, {v: f"ps:{v}" for v in g})
    for _, d in ps.nodes(data=True):
        d.pop("name", None)
    texts = _texts(plot_graph(ps, top=5))
    assert sorted(texts) == ["ps:ann", "ps:bob", "ps:cas", "ps:dan", "ps:org"]
    assert not {"Ann ", "Bob", "Dan", "Gemeente"} & set(texts)
    assert _texts(plot_graph(g, top=0)) == []


def test_plot_graph_on_pseudonymised_dataset():
    from datetime import UTC, datetime

    import polars as pl

    t = datetime(2024, 5, 1, tzinfo=UTC)
    ds = gi.Dataset.from_frames(
        members=pl.DataFrame({"container_id": ["g", "g"], "member_id": ["a1", "b2"],
                              "name": ["Anna de Vries", "Bart Smit"]}),
        posts=pl.DataFrame({"container_id": ["g"], "post_id": ["p"], "author_id": ["a1"],
                            "created_at": [t]}),
        comments=pl.DataFrame({"container_id": ["g"], "comment_id": ["c"], "post_id": ["p"],
                               "author_id": ["b2"], "created_at": [t]}), kind="group")
    assert "Anna de Vries" in _texts(plot_graph(gi.interaction_graph(ds)))
    ps = gi.pseudonymize(ds, key=b"0123456789abcdef-plot")
    texts = _texts(plot_graph(gi.interaction_graph(ps)))
    assert len(texts) == 2
    assert all(t.startswith("ps:") for t in texts)


def test_plot_graph_is_seeded(g):
    a = _scatter(plot_graph(g, seed=3), ORG_COLOR).get_offsets()
    b = _scatter(plot_graph(g, seed=3), ORG_COLOR).get_offsets()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(("lang", "title", "legend"), [
    ("nl", "Wie reageert op wie", ["leden", "organisatie"]),
    ("en", "Who interacts with whom", ["members", "organisation"]),
])
def test_plot_graph_languages(g, lang, title, legend):
    ax = plot_graph(g, lang=lang)
    assert ax.get_title() == title
    assert [t.get_text() for t in ax.get_legend().get_texts()] == legend


def test_plot_graph_max_nodes_and_given_axes(g):
    ax = Figure().add_subplot()
    out = plot_graph(g, ax=ax, max_nodes=3, top=10)
    assert out is ax
    assert ax.get_title() == "Wie reageert op wie\nde 3 actiefste van 5 leden"
    assert len(_texts(ax)) == 3


def test_plot_graph_empty_and_bad_lang(g):
    ax = plot_graph(nx.DiGraph(), lang="en")
    assert _texts(ax) == ["no interactions"]
    with pytest.raises(ValueError, match=re.escape("lang: expected 'nl' or 'en', got 'de'")):
        plot_graph(g, lang="de")  # type: ignore[arg-type]


@pytest.mark.parametrize(("lang", "xlabel", "ylabel", "legend"), [
    ("nl", "graad (aantal gesprekspartners)", "aantal leden", ["inkomend", "uitgaand"]),
    ("en", "degree (number of partners)", "number of members", ["incoming", "outgoing"]),
])
def test_degree_distribution(g, lang, xlabel, ylabel, legend):
    ax = plot_degree_distribution(g, lang=lang)
    assert (ax.get_xlabel(), ax.get_ylabel()) == (xlabel, ylabel)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == legend
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    incoming, outgoing = ax.collections
    # In-degrees: ann 3, org 1, bob 1, cas 0, dan 0 -> (1: 2 members), (3: 1 member).
    assert incoming.get_offsets().tolist() == [[1, 2], [3, 1]]
    # Out-degrees: ann 1, org 1, bob 1, cas 1, dan 1.
    assert outgoing.get_offsets().tolist() == [[1, 5]]


def test_degree_distribution_empty():
    ax = plot_degree_distribution(nx.DiGraph(), lang="nl")
    assert _texts(ax) == ["geen interacties"]
    assert ax.get_title() == "Gradenverdeling"
