"""The canonical folder written by :meth:`Dataset.write`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import InternalError

if TYPE_CHECKING:
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source

__all__ = ["read", "read_canonical", "sniff"]


def sniff(source: Source, head: bytes) -> int:
    """A ``dataset.json`` of a canonical folder (the folder itself is found by load)."""
    if source.basename == "dataset.json" and b"groepsinzicht-canonical" in head:
        return 100
    return 0


def read(sources: list[Source], options: ReadOptions) -> Dataset:  # noqa: ARG001
    """Read canonical folders (the folder holding each ``dataset.json``)."""
    result: Dataset | None = None
    for src in sources:
        folder = src.path if src.path.is_dir() else src.path.parent
        ds = Dataset.read(folder)
        result = ds if result is None else result.merge(ds)
    if result is None:
        raise InternalError("canonical: read() was given no folder")
    return result


def read_canonical(folder: str) -> Dataset:
    """Read a canonical folder written by :meth:`Dataset.write`.

    Parameters
    ----------
    folder
        The folder.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     n = read_canonical(str(gi.load_sample().write(tmp))).posts.height
    >>> n > 0
    True
    """
    return Dataset.read(folder)
