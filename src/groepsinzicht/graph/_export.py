"""Writing graphs for Gephi and other tools (GEXF, GraphML)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from groepsinzicht.errors import ParameterError, shorten

if TYPE_CHECKING:
    from os import PathLike

    import networkx as nx




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
    ParameterError
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
        raise ParameterError(f"{out.name}: suffix: expected '.gexf' or '.graphml', "
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

