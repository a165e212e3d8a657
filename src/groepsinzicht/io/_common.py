"""What every reader shares: options, rejected rows, reconciliation, stable ids.

A reader turns a list of :class:`~groepsinzicht.io._source.Source` into a
:class:`~groepsinzicht.dataset.Dataset` through :func:`finish`, which validates the
tables and records how many records were seen, kept and rejected.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import Dataset
from groepsinzicht.errors import (
    FormatError,
    InternalError,
    MalformedRecordError,
    SchemaError,
    shorten,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


__all__ = [
    "ID_SEPARATOR",
    "ReadOptions",
    "Rejects",
    "Roster",
    "finish",
    "progress_bar",
    "stable_id",
]

OnError = Literal["raise", "collect"]
Kind = Literal["group", "page"]

#: Progress bars appear by themselves for inputs larger than this many bytes.
PROGRESS_THRESHOLD = 50 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """Options every reader takes.

    Attributes
    ----------
    tz
        Time zone for naive local times in the export.
    tz_explicit
        Whether the caller named ``tz`` (readers may refuse to guess without it).
    on_error
        ``"raise"``: the first bad record raises a :class:`FormatError`;
        ``"collect"``: bad records become ``rejected`` rows.
    kind
        ``"group"`` or ``"page"`` to override what a reader infers.
    progress
        Show progress bars: True, False, or None for "where a person watches": only
        when stderr is a terminal or the code runs in a notebook, and the input is
        large (never in logs, CI output or a redirected stderr).
    """

    tz: str = DEFAULT_TZ
    tz_explicit: bool = False
    on_error: OnError = "raise"
    kind: Kind | None = None
    progress: bool | None = None

    def show_progress(self, total_bytes: int) -> bool:
        """Whether to show a progress bar for an input of ``total_bytes``."""
        if self.progress is None:
            return total_bytes > PROGRESS_THRESHOLD and watched()
        return self.progress


def watched() -> bool:
    """Whether a person watches the output: stderr is a terminal, or a notebook runs us.

    ``progress=None`` shows bars only then, so logs and redirected output stay clean.

    Examples
    --------
    >>> watched()  # doctests write to a captured stream
    False
    """
    import sys

    stream = sys.stderr
    try:
        if stream is not None and stream.isatty():
            return True
    except (AttributeError, ValueError):  # a closed or unusual stream
        pass
    shell = sys.modules.get("IPython")
    get_ipython = getattr(shell, "get_ipython", None)
    if get_ipython is None:
        return False
    ip = get_ipython()
    # Jupyter, JupyterLab and VS Code notebooks run a ZMQ kernel shell; a terminal
    # IPython has a real stderr (above), so anything else is not a notebook.
    return type(ip).__name__ == "ZMQInteractiveShell"


@dataclass(frozen=True)
class Roster:
    """What a reader knows about a container's people (DESIGN.md "The organisation").

    Attributes
    ----------
    listed
        Whether the reader's ``members`` rows are listed by the source as members (a
        member list, a membership file), rather than names seen in activity.
    member_list
        Whether those rows are a group's complete member list (no export format holds
        one: a personal DYI export lists its owner only, a scraper nobody).
    org_ids
        Accounts the export states are the owner's (the page of an owner's own page
        export: Business Suite, Insights); they go on the organisation list. A
        researcher's list of pages (CrowdTangle, Content Library) names none: each page
        is the organisation of its own page only.

    Examples
    --------
    >>> Roster(org_ids=("123",)).member_list
    False
    """

    listed: bool = False
    member_list: bool = False
    org_ids: tuple[str, ...] = ()


@dataclass
class Rejects:
    """Collects bad records of one source, or raises on the first one.

    Examples
    --------
    >>> r = Rejects("f.csv", "collect")
    >>> r.fail("line 3, column 'Likes'", "a whole number", "'abc'")
    >>> r.frame().select("location", "reason").row(0)
    ("line 3, column 'Likes'", "expected a whole number, got 'abc'")
    """

    source: str
    on_error: OnError = "raise"
    rows: list[dict[str, str | None]] = field(default_factory=list)

    def fail(
        self,
        place: str,
        expected: str,
        got: str,
        *,
        excerpt: object = None,
        error: type[FormatError] = MalformedRecordError,
    ) -> None:
        """Raise ``error`` (raise mode) or record a rejected row (collect mode).

        Parameters
        ----------
        place
            JSON path, ``line N, column 'X'`` or byte offset.
        expected, got
            What was expected and what was found (``got`` already shortened).
        excerpt
            The offending value; kept shortened, never a whole message.
        error
            The FormatError subclass to raise.
        """
        if self.on_error == "raise":
            raise error(self.source, place, expected, got)
        self.rows.append(
            {
                "source": self.source,
                "location": place,
                "reason": f"expected {expected}, got {got}",
                "excerpt": None if excerpt is None else shorten(excerpt),
            }
        )

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pl.DataFrame:
        """The rejected rows as a canonical ``rejected`` frame."""
        return pl.DataFrame(
            self.rows,
            schema={"source": pl.String, "location": pl.String, "reason": pl.String,
                    "excerpt": pl.String},
        )


def stable_id(*parts: object, prefix: str = "") -> str:
    """Derive an id the export lacks: the first 16 hex digits of SHA-256.

    The parts are turned into text (None as the empty string) and joined by
    :data:`ID_SEPARATOR` (the ASCII unit separator, which no export text holds), so the
    same inputs always give the same id, across runs and machines.

    Parameters
    ----------
    *parts
        The fields that identify the record (container, time, text, ...).
    prefix
        Put in front of the hash (``"dyi:"``), so derived ids cannot collide with
        Facebook's numeric ids.

    Returns
    -------
    str

    Examples
    --------
    >>> stable_id("Speeltuin Oost", 1700000000, "Hallo", prefix="dyi:")
    'dyi:5c49ecec71f428b7'
    """
    text = ID_SEPARATOR.join("" if p is None else str(p) for p in parts)
    return prefix + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


ID_SEPARATOR = "\x1f"


def finish(
    *,
    source: str | Iterable[str],
    fmt: str,
    options: ReadOptions,
    rows_seen: int,
    rows_kept: int,
    rejects: Rejects | Iterable[Rejects] = (),
    tz: str | None = "UTC",
    provenance: dict[str, Any] | None = None,
    roster: Roster | None = None,
    **tables: pl.DataFrame | None,
) -> Dataset:
    """Validate a reader's tables and record provenance and reconciliation.

    Parameters
    ----------
    source
        The source name(s) read.
    fmt
        The format name (``graph_api``, ...).
    options
        The read options.
    rows_seen, rows_kept
        Records the reader saw and turned into table rows; the rejected ones come from
        ``rejects``. ``rows_seen`` must equal ``rows_kept`` plus the rejected count.
    rejects
        The collector(s) of the sources.
    tz
        Time zone for naive datetimes the reader hands over.
    provenance
        Extra provenance fields.
    roster
        What the reader's ``members`` rows are and who the organisation is (default:
        names seen in activity, no member list, nobody on the organisation list).
    **tables
        Canonical tables (any subset).

    Returns
    -------
    Dataset

    Raises
    ------
    FormatError
        When the tables do not follow the schema: a reader bug or an input the reader
        let through, reported against the source.
    """
    names = [source] if isinstance(source, str) else list(source)
    collectors = [rejects] if isinstance(rejects, Rejects) else list(rejects)
    rejected = pl.concat([r.frame() for r in collectors]) if collectors else None
    n_rejected = 0 if rejected is None else rejected.height
    label = names[0] if len(names) == 1 else f"{names[0]} (+{len(names) - 1} files)"
    if rows_seen != rows_kept + n_rejected:
        # A reader that loses count loses rows: refuse rather than hide it.
        msg = (f"{label}: reader {fmt} counted {rows_seen} records seen but "
               f"{rows_kept} kept and {n_rejected} rejected")
        raise InternalError(msg)
    roster = roster or Roster()
    members = tables.pop("members", None)
    if members is not None and "listed" not in members.columns:
        members = members.with_columns(pl.lit(roster.listed).alias("listed"))
    try:
        ds = Dataset.from_frames(
            members=members,
            member_list=roster.member_list,
            org_ids=roster.org_ids,
            org_names=(),
            rejected=rejected,
            tz=tz,
            kind=options.kind,
            provenance=[{"source": n, "format": fmt, **(provenance or {})} for n in names],
            reconciliation=pl.DataFrame(
                {"source": [label], "format": [fmt], "rows_seen": [rows_seen],
                 "rows_kept": [rows_kept], "rows_rejected": [n_rejected]}
            ),
            **tables,
        )
    except SchemaError as exc:
        raise FormatError(label, f"table {exc.table}, column {exc.column!r}",
                          "values of the canonical schema", str(exc)) from exc
    return ds


def progress_bar(
    items: Iterable[Any], *, total: int | None, desc: str, enabled: bool, unit: str = "it"
) -> Iterator[Any]:
    """Wrap ``items`` in a tqdm progress bar when enabled (notebook-aware).

    Examples
    --------
    >>> list(progress_bar([1, 2], total=2, desc="x", enabled=False))
    [1, 2]
    """
    if not enabled:
        yield from items
        return
    from tqdm.auto import tqdm

    yield from tqdm(items, total=total, desc=desc, unit=unit, leave=False)
