"""What every reader shares: options, rejected rows, reconciliation, stable ids.

A reader turns a list of :class:`~groepsinzicht.io._source.Source` into a
:class:`~groepsinzicht.dataset.Dataset` through :func:`finish`, which validates the
tables and records how many records were seen, kept and rejected.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.dataset import NULLED_SCHEMA, RECONCILIATION_SCHEMA, Dataset
from groepsinzicht.errors import (
    FormatError,
    InternalError,
    MalformedRecordError,
    SchemaError,
    shorten,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import IO


__all__ = [
    "ID_SEPARATOR",
    "ReadOptions",
    "Rejects",
    "Roster",
    "finish",
    "progress_bar",
    "read_blocks",
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
    now
        The moment of loading: times more than a day after it are implausible. None
        means the time the options were made.
    """

    tz: str = DEFAULT_TZ
    tz_explicit: bool = False
    on_error: OnError = "raise"
    kind: Kind | None = None
    progress: bool | None = None
    now: datetime | None = None

    def __post_init__(self) -> None:
        if self.now is None:
            object.__setattr__(self, "now", datetime.now(UTC))

    @property
    def loaded_at(self) -> datetime:
        """The moment of loading (``now``), aware."""
        now = self.now if self.now is not None else datetime.now(UTC)
        return now if now.tzinfo is not None else now.replace(tzinfo=UTC)

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
    #: Optional fields set to null in collect mode, per (table, column).
    nulled: Counter[tuple[str, str]] = field(default_factory=Counter)

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

    def reject(self, place: str, expected: str, got: str, *, excerpt: object = None) -> None:
        """Record a rejected row in either mode: a well-formed record that cannot be used.

        Examples
        --------
        >>> r = Rejects("posts.json", "raise")
        >>> r.reject("$.group_posts_v2[0]", "a group name", "none")
        >>> len(r)
        1
        """
        self.rows.append(
            {
                "source": self.source,
                "location": place,
                "reason": f"expected {expected}, got {got}",
                "excerpt": None if excerpt is None else shorten(excerpt),
            }
        )

    def null(self, place: str, table: str, column: str, expected: str, got: str) -> None:
        """A bad value of an optional field: raise (raise mode), or count it as nulled.

        The caller then stores null in the field and keeps the record.

        Examples
        --------
        >>> r = Rejects("f.json", "collect")
        >>> r.null("$.data[0].shares", "posts", "reported_shares", "a whole number", "-5")
        >>> dict(r.nulled)
        {('posts', 'reported_shares'): 1}
        """
        if self.on_error == "raise":
            raise MalformedRecordError(self.source, place, expected, got)
        self.nulled[(table, column)] += 1

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
    rows_seen: int | Mapping[str, int],
    rows_kept: int | Mapping[str, int],
    rejects: Rejects | Iterable[Rejects] = (),
    tz: str | None = "UTC",
    provenance: dict[str, Any] | None = None,
    roster: Roster | None = None,
    duplicates: tuple[Counter[str], Counter[str]] | None = None,
    **tables: pl.DataFrame | None,
) -> Dataset:
    """Apply the value rules, validate a reader's tables, record provenance and reconciliation.

    The rules of :mod:`groepsinzicht.io._rules` run here, the same for every reader:
    implausible times reject the record (post or comment time) or are nulled (reaction
    and join times), negative counts are nulled, and records whose key repeats are
    counted as duplicates of the file where they appear again (last one wins).

    Parameters
    ----------
    source
        The source name(s) read.
    fmt
        The format name (``graph_api``, ...).
    options
        The read options.
    rows_seen, rows_kept
        Records the reader saw and turned into table rows, per source (a mapping) or in
        all (an int, for one source or when the reader cannot tell them apart); the
        rejected ones come from ``rejects``. Per source, ``rows_seen`` must equal
        ``rows_kept`` plus the rejected count (duplicates are still counted as kept
        here: this step finds them).
    rejects
        The collector(s) of the sources.
    tz
        Time zone for naive datetimes the reader hands over.
    provenance
        Extra provenance fields.
    roster
        What the reader's ``members`` rows are and who the organisation is (default:
        names seen in activity, no member list, nobody on the organisation list).
    duplicates
        Duplicates (and differing ones) per file a reader resolved itself with
        :func:`~groepsinzicht.io._rules.dedupe`; its ``rows_kept`` still counts them.
    **tables
        Canonical tables (any subset); ``posts``, ``comments`` and ``reactions`` may
        carry ``__source`` (and ``__place``) to have duplicates counted per file.

    Returns
    -------
    Dataset

    Raises
    ------
    FormatError
        When the tables do not follow the schema (a reader bug or an input the reader
        let through, reported against the source), or, in raise mode, for an
        implausible value.
    """
    from groepsinzicht.io._rules import check_tables

    names = [source] if isinstance(source, str) else list(source)
    collectors = [rejects] if isinstance(rejects, Rejects) else list(rejects)
    label = names[0] if len(names) == 1 else f"{names[0]} (+{len(names) - 1} files)"
    per_source = isinstance(rows_seen, Mapping) or len(names) == 1
    seen_by = _by_source(rows_seen, names)
    kept_by = _by_source(rows_kept, names)
    before = Counter(dict.fromkeys(names, 0))
    for r in collectors:
        before[r.source] += len(r)
    if sum(seen_by.values()) != sum(kept_by.values()) + sum(before.values()):
        # A reader that loses count loses rows: refuse rather than hide it.
        msg = (f"{label}: reader {fmt} counted {sum(seen_by.values())} records seen but "
               f"{sum(kept_by.values())} kept and {sum(before.values())} rejected")
        raise InternalError(msg)
    roster = roster or Roster()
    members = tables.get("members")
    if members is not None and "listed" not in members.columns:
        tables["members"] = members.with_columns(pl.lit(roster.listed).alias("listed"))
    by_name: dict[str, Rejects] = {}
    for r in collectors:
        by_name.setdefault(r.source, r)
    try:
        checked = check_tables(
            tables, tz=tz, now=options.loaded_at, default_source=names[0],
            rejects_for=by_name,
            make_rejects=lambda src: Rejects(src, options.on_error),
            duplicates=duplicates)
    except SchemaError as exc:
        raise FormatError(label, f"table {exc.table}, column {exc.column!r}",
                          "values of the canonical schema", str(exc)) from exc
    tables.clear()  # the checked tables replace them: let what they dropped go
    collectors += [r for r in by_name.values() if all(r is not c for c in collectors)]
    rejected = pl.concat([r.frame() for r in collectors]) if collectors else None
    nulled = _nulled_frame(collectors)
    if per_source:
        counts = Counter(
            dict.fromkeys(names, 0)) if rejected is None else Counter(
            dict(rejected.group_by("source").len().iter_rows()))
        rows = []
        for n in names:
            kept = kept_by.get(n, 0) - checked.rejected[n] - checked.duplicate[n]
            row = (n, fmt, seen_by.get(n, 0), kept, counts.get(n, 0),
                   checked.duplicate[n], checked.differing[n])
            if row[2] != row[3] + row[4] + row[5]:
                msg = (f"{n}: reader {fmt} counted {row[2]} records seen but {row[3]} "
                       f"kept, {row[4]} rejected and {row[5]} duplicate")
                raise InternalError(msg)
            rows.append(row)
    else:
        rows = [(label, fmt, sum(seen_by.values()),
                 sum(kept_by.values()) - checked.rejected.total()
                 - checked.duplicate.total(),
                 0 if rejected is None else rejected.height, checked.duplicate.total(),
                 checked.differing.total())]
    reconciliation = pl.DataFrame(rows, schema=RECONCILIATION_SCHEMA, orient="row")
    extra = {"now": options.loaded_at.isoformat(timespec="seconds"), **(provenance or {})}
    members = checked.tables.pop("members", None)
    try:
        ds = Dataset.from_frames(
            members=members,
            member_list=roster.member_list,
            org_ids=roster.org_ids,
            org_names=(),
            rejected=rejected,
            tz="UTC",
            kind=options.kind,
            provenance=[{"source": n, "format": fmt, **extra} for n in names],
            reconciliation=reconciliation,
            nulled=nulled,
            **checked.tables,
        )
    except SchemaError as exc:
        raise FormatError(label, f"table {exc.table}, column {exc.column!r}",
                          "values of the canonical schema", str(exc)) from exc
    return ds


def _by_source(value: int | Mapping[str, int], names: list[str]) -> dict[str, int]:
    if isinstance(value, Mapping):
        return {str(k): int(v) for k, v in value.items()}
    return {names[0]: int(value)}


def _nulled_frame(collectors: list[Rejects]) -> pl.DataFrame:
    rows = [(r.source, table, column, n) for r in collectors
            for (table, column), n in r.nulled.items() if n]
    return pl.DataFrame(rows, schema=NULLED_SCHEMA, orient="row")


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


def read_blocks(fh: IO[bytes], *, size: int, block: int, desc: str,
                enabled: bool) -> Iterator[bytes]:
    """The bytes of ``fh`` in blocks, with a progress bar in bytes when enabled.

    Examples
    --------
    >>> import io
    >>> [len(b) for b in read_blocks(io.BytesIO(b"x" * 10), size=10, block=4, desc="f",
    ...                              enabled=False)]
    [4, 4, 2]
    """
    if not enabled:
        while chunk := fh.read(block):
            yield chunk
        return
    from tqdm.auto import tqdm

    with tqdm(total=size, desc=desc, unit="B", unit_scale=True, leave=False) as bar:
        while chunk := fh.read(block):
            bar.update(len(chunk))
            yield chunk


def quality_message(ds: Dataset) -> str | None:
    """The one line the load's :class:`DataQualityWarning` says, or None when all is clean.

    It sums up what needs a look: rejected records, duplicates (and how many
    differed), nulled fields, skipped files, broken threads; and points to
    ``ds.summary()``.

    Examples
    --------
    >>> import groepsinzicht as gi
    >>> quality_message(gi.load_sample()) is None
    True
    """
    r = ds.reconciliation
    parts: list[str] = []
    if ds.rejected.height:
        parts.append(f"{ds.rejected.height} record(s) rejected")
    dup = int(r.get_column("rows_duplicate").sum()) if r.height else 0
    if dup:
        diff = int(r.get_column("rows_duplicate_differing").sum())
        parts.append(f"{dup} duplicate record(s) merged ({diff} with differing content; "
                     "the last one read was kept)")
    nulled = int(ds.nulled.get_column("rows").sum()) if ds.nulled.height else 0
    if nulled:
        parts.append(f"{nulled} implausible field value(s) set to null")
    from groepsinzicht.io._source import MEDIA_REASON

    # Photos and videos beside the data, and companion files a reader knows (marked
    # "quiet"), are listed in the summary, not warned about.
    skipped = sum(1 for p in ds.provenance if p.get("skipped") and not p.get("quiet")
                  and p["skipped"] != MEDIA_REASON)
    if skipped:
        parts.append(f"{skipped} file(s) skipped")
    broken = ds.broken_threads()
    n_broken = int(broken.get_column("broken_threads").sum()) if broken.height else 0
    if n_broken:
        parts.append(f"{n_broken} comment(s) with a broken thread (taken as top-level)")
    if not parts:
        return None
    return "; ".join(parts) + " (see Dataset.summary())"


def warn_quality(ds: Dataset, stacklevel: int = 3) -> None:
    """Issue the one :class:`DataQualityWarning` of a load, when there is anything to say."""
    import warnings

    from groepsinzicht.errors import DataQualityWarning

    msg = quality_message(ds)
    if msg is not None:
        warnings.warn(msg, DataQualityWarning, stacklevel=stacklevel + 1)
