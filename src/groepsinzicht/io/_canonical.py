"""The canonical folder written by :meth:`Dataset.write`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import InternalError
from groepsinzicht.io._entry import LoadOptions
from groepsinzicht.io._load import read_entry

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

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


def read_canonical(
    path: str | PathLike[str] | Sequence[str | PathLike[str]],
    *,
    tz: str | None = None,
    on_error: Literal["raise", "collect"] = "raise",
    org_ids: Iterable[str] | None = None,
    org_names: Iterable[str] | None = None,
    kind: Literal["group", "page"] | None = None,
    progress: bool | None = None,
    zip_limits: ZipLimits | None = None,
    now: datetime | None = None,
) -> Dataset:
    """Read canonical folders written by :meth:`Dataset.write`.

    Parameters
    ----------
    path
        A canonical folder (or its ``dataset.json``), or a list of them (merged in
        order: later folders win where the same post appears twice).
    tz, kind, progress, zip_limits, now
        Accepted and checked as in :func:`~groepsinzicht.load`; not used: a canonical
        folder stores UTC times and its containers' kinds, and is never a zip.
    on_error
        Accepted and checked; a canonical folder is validated against the schema as
        a whole, so a bad table raises a :class:`~groepsinzicht.errors.SchemaError`
        in both modes.
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.

    Returns
    -------
    Dataset

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     n = read_canonical(gi.load_sample().write(tmp)).posts.height
    >>> n > 0
    True
    """
    return read_entry("canonical", path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))
