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
The edge table is built by polars joins and aggregations. The graph's attribute dicts are
built once, from whole columns, and set into networkx's adjacency dicts node by node
(``add_edges_from`` would copy each of them again); the result equals the
``add_edges_from`` graph, adjacency order included (tested). The metrics run on
python-igraph (the ``fast`` extra: ``pip install 'groepsinzicht[fast]'``) when it is
installed, else on networkx; pass ``backend="networkx"`` to force the reference path.
:func:`member_centrality` and :func:`graph_metrics` also take a Dataset (with the filters
of :func:`interaction_graph`): on igraph the polars edge table then goes straight to
igraph, without a networkx graph in between. Measured on a shared 2-vCPU machine
(benchmarks/test_bench_graph.py; the machine was busy, so the ratios, measured in one
run, say more than the seconds):

- 1M interactions (20,000 members, 604,000 edges): :func:`interaction_graph` 1.0x to
  1.8x networkx's own floor in three runs (``add_nodes_from`` plus one ``add_edges_from``
  of the ready attribute dicts), down from 3.2x; 5.7x quicker than adding the
  interactions to a DiGraph one by one in a Python loop (was 1.9x).
- :func:`member_centrality` on a 50,000-member, 495,000-edge graph with heavy-tailed
  degrees: 10.4 s with igraph (7.3 s of CPU; sampled betweenness 3.2 s, Louvain 1.7 s),
  242 s (4 minutes) with networkx alone. From a Dataset of 1M interactions straight to
  igraph, most of the time is igraph's sampled betweenness (500 sources).
"""

from __future__ import annotations

from groepsinzicht.graph._build import bipartite_graph, interaction_graph
from groepsinzicht.graph._edges import EDGE_SCHEMA, RELATION, RELATIONS, interaction_edges
from groepsinzicht.graph._export import write_graph
from groepsinzicht.graph._metrics import (
    CENTRALITY_SCHEMA,
    METRICS_SCHEMA,
    graph_metrics,
    graph_over_time,
    member_centrality,
)

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
