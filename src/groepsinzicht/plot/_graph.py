"""Plots of member interaction graphs: the network and its degree distribution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import polars as pl

from groepsinzicht._util import label
from groepsinzicht.plot._base import ORG_COLOR, PALETTE, axes, safe_text

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

    from groepsinzicht._util import Lang

__all__ = ["plot_degree_distribution", "plot_graph"]

_EDGE_COLOR = "#999999"
_RESIDENT_COLOR = PALETTE[0]


def _empty(ax: Axes, lang: Lang, title: str) -> Axes:
    ax.set_title(label(title, lang))
    ax.text(0.5, 0.5, label("graph_empty", lang), ha="center", va="center",
            transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def _ranked(g: nx.Graph[Any]) -> tuple[list[Any], pl.DataFrame]:
    """Nodes strongest first, with ``strength`` (weights in + out), ``label``, ``org``."""
    nodes = list(g)
    strength = dict(g.degree(weight="weight"))
    data = g.nodes
    frame = pl.DataFrame({
        "strength": [float(strength[v]) for v in nodes],
        # A name only where the graph has one: a pseudonymised graph has none, and is
        # labelled by member id (its pseudonym), which matches member_centrality rows.
        "label": [str(data[v].get("name", v)) for v in nodes],
        "org": [bool(data[v].get("is_organization", False)) for v in nodes],
    }).with_row_index("order").sort(["strength", "order"], descending=[True, False])
    return [nodes[i] for i in frame.get_column("order").to_list()], frame


def plot_graph(
    g: nx.Graph[Any],
    *,
    ax: Axes | None = None,
    lang: Lang = "nl",
    top: int = 10,
    max_nodes: int = 500,
    seed: int = 0,
) -> Axes:
    """Draw the interaction graph: node size by strength, the organisation highlighted.

    The layout is networkx's spring layout with a fixed seed, so the same graph is drawn
    the same way every time. Labels: only the ``top`` members with the highest strength
    (summed edge weights in and out) are labelled, with their ``name`` when the graph
    carries one and else with their member id; a pseudonymised graph carries no names, so
    it shows only pseudonyms (the ids of :func:`~groepsinzicht.member_centrality`).

    Parameters
    ----------
    g
        An interaction graph (:func:`~groepsinzicht.interaction_graph`).
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"`` for the title and legend.
    top
        How many nodes to label (0: none).
    max_nodes
        Draw at most this many nodes, the strongest (a spring layout of tens of
        thousands of nodes is slow and unreadable); the title says so when it cuts.
    seed
        Seed of the layout.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 3}), ("b", "a", {"weight": 1})])
    >>> g.nodes["a"]["is_organization"] = True
    >>> ax = plot_graph(g, lang="en")
    >>> ax.get_title()
    'Who interacts with whom'
    """
    import networkx as nx
    import numpy as np
    from matplotlib.collections import LineCollection

    ax = axes(ax, figsize=(8, 8))
    title = label("graph_title", lang)
    if g.number_of_nodes() == 0:
        return _empty(ax, lang, "graph_title")
    order, ranked = _ranked(g)
    shown = ranked.head(max(max_nodes, 1))
    if shown.height < ranked.height:
        title += "\n" + label("shown", lang).format(k=shown.height, n=ranked.height)
    keep = order[: shown.height]
    h = g.subgraph(keep)
    und = h.to_undirected(as_view=True) if h.is_directed() else h
    pos = nx.spring_layout(und, seed=seed, weight="weight")
    index = {v: i for i, v in enumerate(keep)}
    xy = np.array([pos[v] for v in keep], dtype=float).reshape(-1, 2)

    edges = list(h.edges(data="weight", default=1))
    if edges:
        segments = [(xy[index[u]], xy[index[v]]) for u, v, _ in edges]
        widths = 0.3 + 0.5 * np.log1p(np.array([float(w) for *_, w in edges]))
        ax.add_collection(LineCollection(segments, colors=_EDGE_COLOR, linewidths=widths,
                                         alpha=0.35, zorder=1))
    strength = shown.get_column("strength").to_numpy()
    peak = strength.max() if strength.size and strength.max() > 0 else 1.0
    sizes = 15 + 300 * np.sqrt(strength / peak)
    org = shown.get_column("org").to_numpy()
    for mask, color, key, z in ((~org, _RESIDENT_COLOR, "members", 2),
                                (org, ORG_COLOR, "organization", 3)):
        if mask.any():
            ax.scatter(xy[mask, 0], xy[mask, 1], s=sizes[mask], c=color, alpha=0.85,
                       edgecolors="white", linewidths=0.5, zorder=z,
                       label=label(key, lang))
    for i, text in enumerate(shown.get_column("label").head(max(top, 0)).to_list()):
        ax.annotate(safe_text(text), xy[i], xytext=(4, 4), textcoords="offset points",
                    fontsize=8, zorder=4)
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.set_axis_off()
    return ax


def plot_degree_distribution(
    g: nx.Graph[Any], *, ax: Axes | None = None, lang: Lang = "nl"
) -> Axes:
    """How many members have how many partners, in and out, on log-log axes.

    A heavy tail (a few members with very many partners) is the small core that does
    most of the talking. Members with degree 0 in one direction cannot be drawn on a log
    axis and are left out of that series.

    Parameters
    ----------
    g
        An interaction graph (:func:`~groepsinzicht.interaction_graph`).
    ax
        Axes to draw on; a new figure when omitted.
    lang
        ``"nl"`` or ``"en"``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx
    >>> ax = plot_degree_distribution(nx.DiGraph([("a", "b"), ("c", "b")]), lang="en")
    >>> ax.get_xlabel()
    'degree (number of partners)'
    """
    ax = axes(ax)
    if g.number_of_edges() == 0:
        return _empty(ax, lang, "degree_title")
    dg = cast("nx.DiGraph[Any]", g if g.is_directed() else g.to_directed())
    series = {"in": [d for _, d in dg.in_degree()], "out": [d for _, d in dg.out_degree()]}
    for (key, degrees), color, marker in zip(series.items(), (PALETTE[0], PALETTE[1]),
                                             ("o", "s"), strict=True):
        counts = (
            pl.Series("degree", degrees, dtype=pl.Int64).value_counts()
            .filter(pl.col("degree") > 0).sort("degree")
        )
        ax.scatter(counts.get_column("degree").to_numpy(),
                   counts.get_column("count").to_numpy(), s=18, c=color, marker=marker,
                   alpha=0.8, label=label(key, lang))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(label("degree", lang))
    ax.set_ylabel(label("count", lang))
    ax.set_title(label("degree_title", lang))
    ax.legend(frameon=False)
    return ax
