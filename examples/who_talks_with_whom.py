"""Who talks with whom: the interaction graph, its connectors, and a file for Gephi.

Pseudonymises first, so the graph file holds no names. Writes interactions.gexf.
Run: python examples/who_talks_with_whom.py
"""

from __future__ import annotations

import groepsinzicht as gi

ds = gi.pseudonymize(gi.load_sample(), key=b"example-key-keep-it-elsewhere")
g = gi.interaction_graph(ds)
print(gi.graph_metrics(g).row(0, named=True))

centrality = gi.member_centrality(g).sort("pagerank", descending=True)
print(centrality.select("member_id", "is_organization", "in_degree", "pagerank",
                        "betweenness", "community").head(10))

gi.write_graph(g, "interactions.gexf")
print("wrote interactions.gexf (open it in Gephi)")
