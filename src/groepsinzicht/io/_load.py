"""``load`` and ``detect_format``: from paths to one merged Dataset.

Each format lives in its own private module (``_graph_api``, ``_dyi``, ...) that knows
only its own quirks and exposes two functions:

- ``sniff(source, head) -> int``: confidence 0-100 that ``source`` is this format, from
  its first bytes (signature keys and columns, not the file name alone);
- ``read(sources, options) -> Dataset``: read every source of this format.

The registry below imports them lazily, so one broken optional dependency cannot stop
the others from loading.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from groepsinzicht.errors import (
    InternalError,
    UnknownFormatError,
    shorten,
)
from groepsinzicht.io._common import progress_bar, warn_quality
from groepsinzicht.io._entry import LoadOptions, source_paths
from groepsinzicht.io._mojibake import repair_text
from groepsinzicht.io._source import Source, expand_sources, why_unknown

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import ZipLimits

__all__ = ["FORMATS", "detect_format", "load", "read_entry"]

#: Format name -> private module. Order breaks ties in detection.
FORMATS: dict[str, str] = {
    "canonical": "groepsinzicht.io._canonical",
    "graph_api": "groepsinzicht.io._graph_api",
    "facebook_scraper": "groepsinzicht.io._facebook_scraper",
    "dyi": "groepsinzicht.io._dyi",
    "crowdtangle": "groepsinzicht.io._crowdtangle",
    "insights": "groepsinzicht.io._insights",
    "business_suite": "groepsinzicht.io._business_suite",
    "content_library": "groepsinzicht.io._content_library",
}

#: Below this confidence a file is not taken to be of a format.
_MIN_CONFIDENCE = 50


class _Reader(Protocol):
    def sniff(self, source: Source, head: bytes) -> int: ...
    def read(self, sources: list[Source], options: ReadOptions) -> Dataset: ...


def _module(fmt: str) -> _Reader:
    try:
        name = FORMATS[fmt]
    except KeyError:
        raise UnknownFormatError(
            "-", "format=", f"one of {sorted(FORMATS)} or 'auto'", shorten(fmt)
        ) from None
    try:
        mod: _Reader = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise UnknownFormatError("-", "format=", f"a format this version reads "
                                 f"(the {fmt} reader is not available)", fmt) from exc
    return mod


def _available() -> list[str]:
    out = []
    for fmt, name in FORMATS.items():
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        out.append(fmt)
    return out


#: How far detection reads into a JSON file whose first record is long.
_MAX_SNIFF_BYTES = 16 * 1024 * 1024


def _sniff(source: Source) -> tuple[str | None, int]:
    """Best format for one source, with its confidence.

    Detection reads the structure, not a fixed window: when the first 64 KiB of a JSON
    document do not settle it (a feed whose first message is 70,000 characters long),
    it reads on, four times as far each round, up to 16 MiB.
    """
    size = 65536
    head = source.head(size)
    while True:
        best: tuple[str | None, int] = (None, 0)
        for fmt in _available():
            score = _module(fmt).sniff(source, head)
            if score > best[1]:
                best = (fmt, score)
        json_like = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
        if (best[1] >= _MIN_CONFIDENCE or len(head) < size or not json_like
                or size >= _MAX_SNIFF_BYTES):
            return best
        size *= 4
        head = source.head(size)


def _why_unknown(source: Source) -> str:
    return why_unknown(source)


def _is_canonical_folder(path: Path) -> bool:
    return path.is_dir() and (path / "dataset.json").is_file()


def detect_format(path: str | PathLike[str]) -> str:
    """Name the export format of a file, folder or zip.

    Parameters
    ----------
    path
        A file, a folder or a ``.zip``.

    Returns
    -------
    str
        One of ``graph_api``, ``facebook_scraper``, ``dyi``, ``crowdtangle``,
        ``insights``, ``business_suite``, ``content_library``, ``canonical``. For a
        folder or zip, the format of most of the recognised files in it.

    Raises
    ------
    UnknownFormatError
        No reader recognises it (the message says when it is empty or HTML).

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     gi.detect_format(gi.load_sample().write(tmp))
    'canonical'
    """
    p = Path(path)
    if _is_canonical_folder(p):
        return "canonical"
    counts: dict[str, int] = {}
    first: Source | None = None
    for src in expand_sources(p):
        first = first or src
        fmt, score = _sniff(src)
        if fmt is not None and score >= _MIN_CONFIDENCE:
            counts[fmt] = counts.get(fmt, 0) + 1
    if not counts:
        where = first or Source(str(p), p)
        got = "no files" if first is None else _why_unknown(where)
        raise UnknownFormatError(where.name, "file", "a known export format", got)
    return max(counts, key=lambda k: counts[k])


def load(
    source: str | PathLike[str] | Sequence[str | PathLike[str]],
    *,
    format: str = "auto",
    tz: str | None = None,
    on_error: Literal["raise", "collect"] = "raise",
    org_ids: Iterable[str] | None = None,
    org_names: Iterable[str] | None = None,
    kind: Literal["group", "page"] | None = None,
    progress: bool | None = None,
    zip_limits: ZipLimits | None = None,
    now: datetime | None = None,
) -> Dataset:
    """Read exports into one merged :class:`~groepsinzicht.Dataset`.

    Parameters
    ----------
    source
        A file, a folder (every recognised file in it), a ``.zip`` (read in memory,
        never extracted), a canonical folder written by ``Dataset.write``, or a list
        of these. Later sources win where the same post appears twice.
    format
        ``"auto"`` to detect per file, or a format name (see :func:`detect_format`).
    tz
        Time zone of naive local times in the export (default ``Europe/Amsterdam``).
        Naming it also lets readers accept time-zone abbreviations they would
        otherwise refuse as ambiguous.
    on_error
        ``"raise"`` (default): the first bad record raises a
        :class:`~groepsinzicht.errors.FormatError` naming the file and the place;
        ``"collect"``: every good row is kept, every bad one becomes a ``rejected``
        row, and an implausible optional value (a count, a text) is set to null and
        counted. In both modes a record that is well-formed but cannot be attributed
        (a DYI item whose group is unknown) is rejected, and one
        :class:`~groepsinzicht.errors.DataQualityWarning` at the end sums up what needs
        a look (rejected, duplicate, nulled, skipped, broken threads).
    org_ids
        Member ids of the organisation's own accounts: they go on the Dataset's
        organisation list and are ``is_organization`` in every container (see
        :class:`~groepsinzicht.Dataset`, "The organisation").
    org_names
        Names of the organisation's own accounts, for sources that carry names only
        (a DYI export, some scraper output): matched exactly, after the same mojibake
        repair the readers apply to names.
    kind
        ``"group"`` or ``"page"``: overrides what a reader infers about containers.
    progress
        Progress bars: True, False, or None for "when the input is larger than 50 MB".
    zip_limits
        What a zip may expand to (:class:`~groepsinzicht.io.ZipLimits`); the defaults
        refuse an entry over 100 MiB that expands more than 100:1, and more than 4 GiB
        in all.
    now
        The moment of loading (default: the current time). A time more than a day
        after it, or before 2004-02-04, is implausible (DESIGN.md). Set it for
        reproducible runs; it is recorded in the provenance.

    Returns
    -------
    Dataset

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.
    ParameterTypeError
        ``source`` is not a path or a list of paths.
    FormatError
        A file cannot be read (subclasses say why), with its name and the place.

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ds = gi.load(gi.load_sample().write(tmp))
    >>> ds.posts.height > 0
    True
    """
    options = LoadOptions(tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names,
                          kind=kind, progress=progress, zip_limits=zip_limits, now=now)
    if format != "auto":
        _module(format)  # an unknown name fails before any file is read
    return read_entry(format, source, options)


def read_entry(fmt: str, source: object, options: LoadOptions) -> Dataset:
    """The one way in of ``load`` and every public ``read_<format>`` that gives a Dataset.

    Parameters
    ----------
    fmt
        ``"auto"`` (detect per file) or a format name: every file is read as it.
    source
        The caller's first argument (see :func:`~groepsinzicht.io._entry.source_paths`).
    options
        The caller's options, already checked.

    Returns
    -------
    Dataset
        All files of one format read together (one call of the format's ``read``),
        the formats merged; ``org_ids`` marked; one
        :class:`~groepsinzicht.errors.DataQualityWarning` in collect mode when rows
        were rejected.

    Examples
    --------
    >>> import groepsinzicht as gi, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ds = read_entry("canonical", gi.load_sample().write(tmp), LoadOptions())
    >>> ds.posts.height > 0
    True
    """
    from groepsinzicht.dataset import Dataset

    paths = source_paths(source)
    fresh: list[Dataset] = []
    result = _load_paths(paths, fmt, options.read_options(), options.zip_limits, fresh)
    if options.org_ids is not None or options.org_names is not None:
        names = [repair_text(n) for n in options.org_names or ()]
        result = result.with_organization([str(i) for i in options.org_ids or ()],
                                          names=names)
    # user -> load / read_<format> -> read_entry -> warn_quality: one warning, both modes,
    # on what this load read from exports.
    if fresh:
        read_now = fresh[0]
        for part in fresh[1:]:
            read_now = read_now.merge(part)
        warn_quality(read_now, stacklevel=3)
    if not isinstance(result, Dataset):
        raise InternalError(f"load: expected a Dataset, got {type(result).__name__}")
    return result


def _canonical_table(src: Source) -> bool:
    """A table file of a canonical folder (beside its ``dataset.json``)."""
    return (src.entry is None and src.suffix == ".parquet"
            and (src.path.parent / "dataset.json").is_file())


def _load_paths(
    paths: list[Path], fmt: str, options: ReadOptions, limits: ZipLimits | None = None,
    fresh: list[Dataset] | None = None,
) -> Dataset:
    """Read canonical folders one by one, and every other file grouped by format.

    All files of one format across the given paths go to their reader in one call, so
    a DYI export split over several zips, or Content Library posts and comments in
    separate files, are read as one export. Canonical folders are merged first, in the
    order given, then the formats in order of first appearance. ``fresh`` receives
    what this load read from exports (not canonical folders, whose rejected rows and
    skipped files were warned of when they were first read), for the load's warning.
    """
    result: Dataset | None = None
    sources: list[Source] = []
    for path in paths:
        if _is_canonical_folder(path) and fmt in ("auto", "canonical"):
            ds = _module("canonical").read([Source(str(path), path)], options)
            result = ds if result is None else result.merge(ds)
            continue
        expanded = list(expand_sources(path, limits))
        if not expanded:
            raise UnknownFormatError(path, "folder", "at least one export file", "no files")
        sources.extend(expanded)
    if not sources:
        if result is None:
            raise InternalError("load: no canonical folder and no export file")
        return result
    groups: dict[str, list[Source]] = {}
    skipped: list[Source] = []
    total = sum(s.size for s in sources)
    show = options.show_progress(total) and len(sources) > 1
    for src in progress_bar(sources, total=len(sources), desc="detecting", enabled=show,
                            unit="file"):
        if fmt == "auto":
            found, score = _sniff(src)
            if found is None or score < _MIN_CONFIDENCE:
                if not _canonical_table(src):  # read with its folder's dataset.json
                    skipped.append(src)
                continue
        else:
            _module(fmt)
            found = fmt
        groups.setdefault(found, []).append(src)
    if not groups:
        # A single unrecognised file is an error; in a folder, say what the first was.
        first = skipped[0]
        raise UnknownFormatError(first.name, "file", "a known export format",
                                 _why_unknown(first))
    for name, srcs in groups.items():
        ds = _module(name).read(srcs, options)
        if fresh is not None:
            fresh.append(ds)
        result = ds if result is None else result.merge(ds)
    if result is None:
        raise InternalError("load: formats were detected but nothing was read")
    if skipped:
        from dataclasses import replace

        notes = tuple({"source": s.name, "format": None, "skipped": _why_unknown(s)}
                      for s in skipped)
        result = replace(result, provenance=result.provenance + notes)
        if fresh is not None:
            from groepsinzicht.dataset import Dataset

            fresh.append(Dataset.from_frames(provenance=notes))
    return result

