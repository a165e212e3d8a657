"""One way in for every reader: the path argument and the keyword options of ``load``.

Every public ``read_<format>`` and :func:`~groepsinzicht.load` take the same first
argument (a file, a folder, a ``.zip``, or a list of these) and the same keyword
options. :class:`LoadOptions` holds and validates the options once, before any file
is read: a bad value is a :class:`~groepsinzicht.errors.ParameterError` naming the
option. :func:`source_paths` turns the first argument into paths. The readers that
return a :class:`~groepsinzicht.Dataset` then go through
``groepsinzicht.io._load.read_entry`` (the same path as ``load``); the two that return
a table of one file kind (``read_crowdtangle_history``, ``read_business_suite_daily``)
through :func:`read_frames`.

To add an option: a field of :class:`LoadOptions` with its ``_check_<name>`` method
(called for every field), the keyword in the public functions, and its use in
``read_entry``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ, check_tz
from groepsinzicht.errors import (
    DataQualityWarning,
    ParameterError,
    ParameterTypeError,
    UnknownFormatError,
    shorten,
)
from groepsinzicht.io._common import ReadOptions, Rejects
from groepsinzicht.io._source import ZipLimits, expand_sources

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from groepsinzicht.io._source import Source

__all__ = ["LoadOptions", "read_frames", "source_paths", "warn_rejected"]

OnError = Literal["raise", "collect"]
Kind = Literal["group", "page"]


@dataclass(frozen=True)
class LoadOptions:
    """The keyword options of ``load`` and every ``read_<format>``, checked on creation.

    Attributes
    ----------
    tz
        Time zone of naive local times (None: ``Europe/Amsterdam``, not named).
    on_error
        ``"raise"`` or ``"collect"``.
    org_ids
        Member ids of the organisation's own accounts (kept as a tuple of strings; one
        string is one id), or None.
    org_names
        Names of the organisation's own accounts (a tuple of strings; one string is
        one name), or None.
    kind
        ``"group"``, ``"page"`` or None.
    progress
        True, False or None.
    zip_limits
        A :class:`~groepsinzicht.io.ZipLimits`, or None for the defaults.
    now
        The moment of loading (times more than a day after it are implausible), or
        None for the current time.

    Examples
    --------
    >>> LoadOptions(org_ids=[1, "2"]).org_ids, LoadOptions(org_names="Gemeente").org_names
    (('1', '2'), ('Gemeente',))
    >>> LoadOptions(on_error="ignore")
    Traceback (most recent call last):
    ...
    groepsinzicht.errors.ParameterError: on_error: expected 'raise' or 'collect', got 'ignore'
    """

    tz: str | None = None
    on_error: OnError = "raise"
    org_ids: Iterable[str | int] | None = None
    org_names: Iterable[str] | None = None
    kind: Kind | None = None
    progress: bool | None = None
    zip_limits: ZipLimits | None = None
    now: datetime | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            getattr(self, f"_check_{f.name}")()

    def _check_tz(self) -> None:
        if self.tz is not None:
            check_tz(self.tz)

    def _check_on_error(self) -> None:
        if self.on_error not in ("raise", "collect"):
            raise ParameterError(
                f"on_error: expected 'raise' or 'collect', got {shorten(self.on_error)}")

    def _accounts(self, name: str, what: str, *, numbers: bool) -> None:
        """Check ``org_ids`` / ``org_names`` and keep them as a tuple of strings."""
        value = getattr(self, name)
        if value is None:
            return
        if isinstance(value, str):
            value = [value]  # one account
        elif isinstance(value, bytes) or not _iterable(value):
            raise ParameterError(f"{name}: expected a list of {what}, got "
                                 f"{type(value).__name__}")
        items = list(value)
        kinds = (str, int) if numbers else (str,)
        bad = [i for i in items if isinstance(i, bool) or not isinstance(i, kinds)]
        if bad:
            raise ParameterError(f"{name}: expected a list of {what}, got an item "
                                 f"{shorten(bad[0])}")
        # Frozen: normalised once, here, before anyone reads it.
        object.__setattr__(self, name, tuple(str(i) for i in items))

    def _check_org_ids(self) -> None:
        self._accounts("org_ids", "member ids (text or whole numbers)", numbers=True)

    def _check_org_names(self) -> None:
        self._accounts("org_names", "account names", numbers=False)

    def _check_kind(self) -> None:
        if self.kind not in (None, "group", "page"):
            raise ParameterError(
                f"kind: expected 'group', 'page' or None, got {shorten(self.kind)}")

    def _check_progress(self) -> None:
        if self.progress is not None and not isinstance(self.progress, bool):
            raise ParameterError(
                f"progress: expected True, False or None, got {shorten(self.progress)}")

    def _check_zip_limits(self) -> None:
        limits = self.zip_limits
        if limits is None:
            return
        if not isinstance(limits, ZipLimits):
            raise ParameterError(f"zip_limits: expected a groepsinzicht.io.ZipLimits, got "
                                 f"{type(limits).__name__}")
        for name in ("max_entry_bytes", "max_ratio", "max_total_bytes"):
            value = getattr(limits, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ParameterError(
                    f"zip_limits.{name}: expected a positive number, got {shorten(value)}")

    def _check_now(self) -> None:
        if self.now is not None and not isinstance(self.now, datetime):
            raise ParameterTypeError(
                f"now: expected a datetime, got {type(self.now).__name__}")

    def read_options(self) -> ReadOptions:
        """What a format's ``read`` receives.

        Examples
        --------
        >>> LoadOptions().read_options().tz
        'Europe/Amsterdam'
        """
        return ReadOptions(tz=self.tz or DEFAULT_TZ, tz_explicit=self.tz is not None,
                           on_error=self.on_error, kind=self.kind, progress=self.progress,
                           now=self.now)


def source_paths(source: object) -> list[Path]:
    """The paths of the first argument of ``load`` / ``read_<format>``.

    Parameters
    ----------
    source
        A path (``str`` or ``os.PathLike``), or a list (any iterable) of them.

    Returns
    -------
    list of pathlib.Path

    Raises
    ------
    ParameterTypeError
        Something that is not a path, or a list holding one.
    UnknownFormatError
        An empty list (nothing to read).

    Examples
    --------
    >>> source_paths("a.json"), source_paths(["a.json", Path("b.csv")])
    ([PosixPath('a.json')], [PosixPath('a.json'), PosixPath('b.csv')])
    """
    if isinstance(source, str | PathLike):
        return [Path(source)]
    if isinstance(source, bytes) or not _iterable(source):
        raise ParameterTypeError(f"source: expected a path or a list of paths, got "
                                 f"{type(source).__name__}")
    paths = list(source)  # type: ignore[call-overload]
    bad = [p for p in paths if not isinstance(p, str | PathLike)]
    if bad:
        raise ParameterTypeError(f"source: expected paths in the list, got "
                                 f"{type(bad[0]).__name__}")
    if not paths:
        raise UnknownFormatError("-", "source", "at least one path", "an empty list")
    return [Path(p) for p in paths]


def _iterable(value: object) -> bool:
    try:
        iter(value)  # type: ignore[call-overload]
    except TypeError:
        return False
    return True


def warn_rejected(n: int, stacklevel: int) -> None:
    """The one :class:`DataQualityWarning` of a collect-mode read that rejected rows."""
    if n:
        warnings.warn(f"{n} record(s) rejected while loading (see Dataset.rejected and "
                      "Dataset.summary())", DataQualityWarning, stacklevel=stacklevel + 1)


def read_frames(
    source: object,
    options: LoadOptions,
    read_one: Callable[[Source, Rejects], pl.DataFrame],
    *,
    what: str,
    schema: pl.Schema | None = None,
) -> pl.DataFrame:
    """Read every file of ``source`` with ``read_one`` and stack the tables.

    For the readers that return one table of a file kind rather than a Dataset. In
    collect mode, rows ``read_one`` rejects are left out with one
    :class:`~groepsinzicht.errors.DataQualityWarning` giving their count; a file that
    cannot be read at all raises in both modes.

    Parameters
    ----------
    source
        The first argument of the public reader.
    options
        Its options (``zip_limits`` and ``on_error`` apply here).
    read_one
        Reads one file, reporting bad rows to the given :class:`Rejects`.
    what
        The file kind, for the message when there is no file.
    schema
        The table's schema, when it has a fixed one: the result is cast to it, and an
        empty list of paths gives an empty table instead of an error.

    Returns
    -------
    polars.DataFrame
        The tables of the files in path order (a folder's in sorted order).
    """
    if schema is not None and isinstance(source, list | tuple) and not source:
        return pl.DataFrame(schema=schema)
    sources = [s for p in source_paths(source)
               for s in expand_sources(p, options.zip_limits)]
    if not sources:
        raise UnknownFormatError(str(source), "folder", what, "no files")
    frames = []
    rejected = 0
    for src in sources:
        rejects = Rejects(src.name, options.on_error)
        frames.append(read_one(src, rejects))
        rejected += len(rejects.rows)
    if rejected:
        warnings.warn(f"{rejected} row(s) rejected while reading (left out of the table)",
                      DataQualityWarning, stacklevel=3)
    out = pl.concat(frames, how="vertical")
    return out if schema is None else out.cast(schema)
