"""Graph metrics on two backends: networkx (always there) and python-igraph (``fast`` extra).

Both backends work from the same numbered edge arrays taken once from the networkx graph,
so they see the same node order, the same summed undirected weights and the same sampled
betweenness sources. networkx's core numbers, Louvain and betweenness are pure Python and
grow steeply with the graph (DESIGN.md "Where the time goes"); igraph does them in C.

What the two agree on (tested): pagerank within 1e-6, degrees, core numbers and
articulation points identical, betweenness identical (exact, and sampled too, because the
sources are drawn the way networkx draws them), Louvain partitions of comparable
modularity (Louvain is randomised; the two implementations visit nodes differently).
"""

from __future__ import annotations

import importlib.util
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Literal

from groepsinzicht.errors import MissingDependencyError, ParameterError, shorten

if TYPE_CHECKING:
    from collections.abc import Hashable

    import networkx as nx
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "BETWEENNESS_SAMPLE",
    "DAMPING",
    "EXACT_BETWEENNESS_MAX_NODES",
    "PAGERANK_TOL",
    "Backend",
    "Metrics",
    "igraph_available",
    "resolve_backend",
]

Backend = Literal["auto", "networkx", "igraph"]

#: Betweenness is exact up to this many nodes, else estimated from sampled sources.
EXACT_BETWEENNESS_MAX_NODES: Final = 5000
#: Number of sampled sources, ``min(BETWEENNESS_SAMPLE, n)``.
BETWEENNESS_SAMPLE: Final = 500
#: networkx's pagerank tolerance (its stopping rule is ``L1 change < n * tol``).
PAGERANK_TOL: Final = 1e-10
DAMPING: Final = 0.85
_PAGERANK_MAX_ITER: Final = 10_000


def igraph_available() -> bool:
    """Whether python-igraph (the ``fast`` extra) is installed.

    Examples
    --------
    >>> isinstance(igraph_available(), bool)
    True
    """
    return importlib.util.find_spec("igraph") is not None


def resolve_backend(backend: str) -> Literal["networkx", "igraph"]:
    """The backend that ``backend`` stands for: ``auto`` is igraph when installed.

    Parameters
    ----------
    backend
        ``"auto"``, ``"networkx"`` or ``"igraph"``.

    Returns
    -------
    str
        ``"networkx"`` or ``"igraph"``.

    Raises
    ------
    MissingDependencyError
        ``backend="igraph"`` but python-igraph is not installed.
    ParameterError
        Any other value.

    Examples
    --------
    >>> resolve_backend("networkx")
    'networkx'
    """
    if backend == "networkx":
        return "networkx"
    if backend == "auto":
        return "igraph" if igraph_available() else "networkx"
    if backend == "igraph":
        if not igraph_available():
            raise MissingDependencyError("igraph", "fast", "backend='igraph'")
        return "igraph"
    raise ParameterError(
        f"backend: expected 'auto', 'networkx' or 'igraph', got {shorten(backend)}"
    )


def _relabel(membership: NDArray[np.int64]) -> NDArray[np.int64]:
    """Community labels 0, 1, ... by decreasing size, ties by the first node."""
    import numpy as np

    n = membership.size
    _, inverse, counts = np.unique(membership, return_inverse=True, return_counts=True)
    first = np.full(counts.size, n, dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(n, dtype=np.int64))
    order = np.lexsort((first, -counts))
    new = np.empty_like(order)
    new[order] = np.arange(order.size)
    out: NDArray[np.int64] = new[inverse].astype(np.int64)
    return out


@dataclass
class Metrics:
    """Numbered edge arrays of a directed graph and the metrics on one backend.

    Nodes are numbered in the graph's own order. The undirected view sums the weights of
    ``u → v`` and ``v → u`` and drops self loops (core numbers require it; the
    interaction graph has none).

    Parameters
    ----------
    g
        A directed networkx graph (not a multigraph). Edges without ``weight`` weigh 1.
        None only through :meth:`from_arrays`.
    backend
        ``"networkx"`` or ``"igraph"`` (already resolved).
    """

    g: nx.DiGraph[Any] | None
    backend: Literal["networkx", "igraph"]
    nodes: list[Hashable] = field(init=False)
    src: NDArray[np.int64] = field(init=False)
    dst: NDArray[np.int64] = field(init=False)
    weight: NDArray[np.float64] = field(init=False)
    usrc: NDArray[np.int64] = field(init=False)
    udst: NDArray[np.int64] = field(init=False)
    uweight: NDArray[np.float64] = field(init=False)

    def __post_init__(self) -> None:
        import numpy as np

        if self.g is None:  # from_arrays fills the fields itself
            return
        self.nodes = list(self.g)
        m = self.g.number_of_edges()
        get = {v: i for i, v in enumerate(self.nodes)}.__getitem__
        # Walk the adjacency once, node by node: the sources are then a repeat of the node
        # numbers, and only targets and weights are looked up edge by edge (about three
        # times quicker than unpacking g.edges(data=...)).
        counts: list[int] = []
        targets: list[int] = []
        weights: list[float] = []
        for _, nbrs in self.g.adjacency():
            counts.append(len(nbrs))
            targets.extend(map(get, nbrs))
            weights.extend([d.get("weight", 1.0) for d in nbrs.values()])
        self.src = np.repeat(np.arange(self.n, dtype=np.int64), counts)
        self.dst = np.fromiter(targets, np.int64, m)
        self.weight = np.fromiter(weights, np.float64, m)
        self._undirected()

    @classmethod
    def from_arrays(
        cls,
        nodes: list[Hashable],
        src: NDArray[np.int64],
        dst: NDArray[np.int64],
        weight: NDArray[np.float64],
    ) -> Metrics:
        """Metrics on igraph straight from numbered edges, without a networkx graph.

        The arrays must be in the order a networkx graph built from the same edges would
        give (edges grouped by source in node order): the numbers are then the same as
        through :class:`networkx.DiGraph` (sampled betweenness sources and Louvain see
        the same order).

        Parameters
        ----------
        nodes
            Node ids; edge ends are positions in this list.
        src, dst, weight
            One entry per directed edge.

        Returns
        -------
        Metrics
            On the igraph backend (networkx needs the graph itself).

        Examples
        --------
        >>> import numpy as np
        >>> m = Metrics.from_arrays(["a", "b"], np.array([0]), np.array([1]), np.array([2.0]))
        >>> m.n, m.out_strength().tolist()
        (2, [2.0, 0.0])
        """
        self = cls(None, "igraph")
        self.nodes = nodes
        self.src, self.dst, self.weight = src, dst, weight
        self._undirected()
        return self

    def _undirected(self) -> None:
        import numpy as np

        keep = self.src != self.dst
        lo = np.minimum(self.src, self.dst)[keep]
        hi = np.maximum(self.src, self.dst)[keep]
        n = max(self.n, 1)
        keys, inverse = np.unique(lo * n + hi, return_inverse=True)
        self.usrc = keys // n
        self.udst = keys % n
        self.uweight = np.bincount(inverse, weights=self.weight[keep],
                                   minlength=keys.size).astype(np.float64)

    @property
    def _nx(self) -> nx.DiGraph[Any]:
        if self.g is None:
            raise ParameterError("backend='networkx': expected a networkx graph, got edge "
                                 "arrays (use interaction_graph first)")
        return self.g

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    # ------------------------------------------------------------ backend graphs
    @cached_property
    def nx_undirected(self) -> nx.Graph[int]:
        """The undirected weighted view as a networkx graph on node numbers."""
        import networkx as nx

        ug: nx.Graph[int] = nx.Graph()
        ug.add_nodes_from(range(self.n))
        ug.add_weighted_edges_from(
            zip(self.usrc.tolist(), self.udst.tolist(), self.uweight.tolist(), strict=True)
        )
        return ug

    @cached_property
    def ig_directed(self) -> Any:
        """The directed graph in igraph, with ``weight`` on its edges."""
        import igraph as ig

        # A list of tuples is the quickest input igraph takes (quicker than an ndarray).
        edges = list(zip(self.src.tolist(), self.dst.tolist(), strict=True))
        dg = ig.Graph(n=self.n, edges=edges, directed=True)
        dg.es["weight"] = self.weight.tolist()
        return dg

    @cached_property
    def ig_undirected(self) -> Any:
        """The undirected weighted view in igraph."""
        import igraph as ig

        edges = list(zip(self.usrc.tolist(), self.udst.tolist(), strict=True))
        ug = ig.Graph(n=self.n, edges=edges, directed=False)
        ug.es["weight"] = self.uweight.tolist()
        return ug

    # ------------------------------------------------------------ metrics
    def in_degree(self) -> NDArray[np.int64]:
        """Distinct predecessors (a self loop counts once, as in networkx)."""
        import numpy as np

        out: NDArray[np.int64] = np.bincount(self.dst, minlength=self.n).astype(np.int64)
        return out

    def out_degree(self) -> NDArray[np.int64]:
        """Distinct successors."""
        import numpy as np

        out: NDArray[np.int64] = np.bincount(self.src, minlength=self.n).astype(np.int64)
        return out

    def in_strength(self) -> NDArray[np.float64]:
        """Summed weight of incoming edges."""
        import numpy as np

        return np.bincount(self.dst, weights=self.weight, minlength=self.n).astype(np.float64)

    def out_strength(self) -> NDArray[np.float64]:
        """Summed weight of outgoing edges."""
        import numpy as np

        return np.bincount(self.src, weights=self.weight, minlength=self.n).astype(np.float64)

    def pagerank(self) -> NDArray[np.float64]:
        """Weighted pagerank, damping 0.85, dangling nodes spread uniformly."""
        import numpy as np

        if self.backend == "igraph":
            pr = self.ig_directed.pagerank(directed=True, damping=DAMPING, weights="weight",
                                           implementation="prpack")
            return np.asarray(pr, dtype=np.float64)
        import networkx as nx

        d = nx.pagerank(self._nx, alpha=DAMPING, weight="weight", tol=PAGERANK_TOL,
                        max_iter=_PAGERANK_MAX_ITER)
        return np.fromiter((d[v] for v in self.nodes), np.float64, self.n)

    def betweenness(self, seed: int) -> tuple[NDArray[np.float64], bool]:
        """Unweighted directed betweenness, normalised as networkx does.

        Exact up to :data:`EXACT_BETWEENNESS_MAX_NODES` nodes, else from
        ``k = min(500, n)`` sources drawn as networkx draws them
        (``random.Random(seed).sample(list(G), k)``), so both backends pick the same ones.

        Returns
        -------
        tuple
            The values and whether they were sampled.
        """
        import numpy as np

        n = self.n
        sampled = n > EXACT_BETWEENNESS_MAX_NODES
        k = min(BETWEENNESS_SAMPLE, n) if sampled else None
        if self.backend == "networkx":
            import networkx as nx

            d = nx.betweenness_centrality(self._nx, k=k, normalized=True, weight=None,
                                          seed=seed)
            return np.fromiter((d[v] for v in self.nodes), np.float64, n), sampled
        if n < 3:
            return np.zeros(n, dtype=np.float64), sampled
        if k is None:
            raw = np.asarray(self.ig_directed.betweenness(directed=True, weights=None),
                             dtype=np.float64)
            return raw / ((n - 1) * (n - 2)), sampled
        index = {v: i for i, v in enumerate(self.nodes)}
        sources = [index[v] for v in random.Random(seed).sample(self.nodes, k)]
        raw = np.asarray(
            self.ig_directed.betweenness(directed=True, weights=None, sources=sources),
            dtype=np.float64,
        )
        # networkx's rescaling for sampled sources without endpoints: a source cannot
        # lie on its own paths, so it is averaged over k - 1 sources.
        is_source = np.zeros(n, dtype=bool)
        is_source[sources] = True
        scale = np.where(is_source, 1.0 / max(k - 1, 1), 1.0 / k) / (n - 2)
        return raw * scale, sampled

    def communities(self, seed: int) -> NDArray[np.int64]:
        """Louvain communities of the undirected weighted view, seeded, relabelled."""
        import numpy as np

        if self.n == 0:
            return np.zeros(0, dtype=np.int64)
        if self.backend == "igraph":
            import igraph as ig

            ig.set_random_number_generator(random.Random(seed))
            try:
                membership = self.ig_undirected.community_multilevel(
                    weights="weight").membership
            finally:
                ig.set_random_number_generator(random)
            return _relabel(np.asarray(membership, dtype=np.int64))
        import networkx as nx

        parts = nx.community.louvain_communities(self.nx_undirected, weight="weight",
                                                 seed=seed)
        labels = np.empty(self.n, dtype=np.int64)
        for c, part in enumerate(parts):
            labels[list(part)] = c
        return _relabel(labels)

    def modularity(self, membership: NDArray[np.int64]) -> float | None:
        """Weighted modularity of ``membership`` on the undirected view; None without edges."""
        if self.usrc.size == 0 or float(self.uweight.sum()) <= 0:
            return None
        if self.backend == "igraph":
            return float(self.ig_undirected.modularity(membership.tolist(), weights="weight",
                                                       directed=False))
        import networkx as nx

        groups: dict[int, set[int]] = {}
        for i, c in enumerate(membership.tolist()):
            groups.setdefault(c, set()).add(i)
        return float(nx.community.modularity(self.nx_undirected, list(groups.values()),
                                             weight="weight"))

    def core_numbers(self) -> NDArray[np.int64]:
        """k-core numbers of the undirected view."""
        import numpy as np

        if self.backend == "igraph":
            return np.asarray(self.ig_undirected.coreness(mode="all"), dtype=np.int64)
        import networkx as nx

        d = nx.core_number(self.nx_undirected)
        return np.fromiter((d[i] for i in range(self.n)), np.int64, self.n)

    def articulation(self) -> NDArray[np.bool_]:
        """Cut vertices of the undirected view."""
        import numpy as np

        out = np.zeros(self.n, dtype=bool)
        if self.backend == "igraph":
            cut = list(self.ig_undirected.articulation_points())
        else:
            import networkx as nx

            cut = list(nx.articulation_points(self.nx_undirected))
        out[cut] = True
        return out

    def avg_clustering(self) -> float | None:
        """Mean local clustering of the undirected view (unweighted; 0 below degree 2)."""
        if self.n == 0:
            return None
        if self.backend == "igraph":
            return float(self.ig_undirected.transitivity_avglocal_undirected(mode="zero"))
        import networkx as nx

        return float(nx.average_clustering(self.nx_undirected))

    def largest_wcc_share(self) -> float | None:
        """Share of nodes in the largest weakly connected component."""
        if self.n == 0:
            return None
        import numpy as np
        from scipy.sparse import coo_array
        from scipy.sparse.csgraph import connected_components

        adj = coo_array((np.ones(self.src.size), (self.src, self.dst)),
                        shape=(self.n, self.n))
        _, labels = connected_components(adj, directed=True, connection="weak")
        return float(np.bincount(labels).max() / self.n)

    def reciprocity(self) -> float | None:
        """Share of edges whose reverse edge exists (networkx ``overall_reciprocity``)."""
        m = self.src.size
        if m == 0:
            return None
        loops = int((self.src == self.dst).sum())
        undirected_edges = self.usrc.size + loops
        return 2 * (m - undirected_edges) / m
