"""The value rules every reader applies, in one place (DESIGN.md, plausible values).

- **Counts** (:func:`as_count`): a whole, non-negative number. ``12``, ``12.0`` and
  ``"12"`` read as 12; ``-5``, ``1.5``, ``"veel"``, ``true`` are bad values.
- **Times**: between :data:`FACEBOOK_START` (2004-02-04) and one day after the moment
  of loading (``load(now=...)``); anything else is a bad value of that field.
- **Required fields** (ids, the time of a post or comment): a bad value rejects the
  record (collect mode) or raises (raise mode), naming file, place and field.
- **Optional fields** (counts, texts, URLs, reaction and join times): a bad value
  raises in raise mode; in collect mode the field is set to null, the record is kept,
  and the nulled field is counted per file, table and column (``Summary.nulled``).
- **Duplicates**: a record whose key was already read (in that file or an earlier one
  of the same read) is counted as a duplicate of the file where it appears again; the
  last one read wins; duplicates whose content differs from the one they replace are
  counted apart (``rows_duplicate_differing``).

Readers decode their format and then hand their tables to :func:`check_tables` (through
``finish``), which applies the time, count and duplicate rules column-wise in polars. A
table opts in to per-file duplicate counting and located messages by carrying the
columns ``__source`` (the file of each row) and ``__place`` (its place in the file).
A fast decoder can produce the same frames and reuse this step unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

import polars as pl

from groepsinzicht.errors import MalformedRecordError, shorten
from groepsinzicht.schema import TABLES, validate

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class Rejects(Protocol):
    """What this module needs of a reader's collector (``io._common.Rejects``)."""

    @property
    def on_error(self) -> str:
        """``"raise"`` or ``"collect"``."""

    @property
    def nulled(self) -> Counter[tuple[str, str]]:
        """Nulled fields per (table, column)."""

    def fail(self, place: str, expected: str, got: str, *, excerpt: object = None
             ) -> None:
        """Raise (raise mode) or record a rejected row (collect mode)."""

__all__ = [
    "BAD",
    "FACEBOOK_START",
    "MAX_COUNT",
    "SOURCE",
    "PLACE",
    "Checked",
    "as_count",
    "check_tables",
    "dedupe",
    "latest_time",
    "time_range_text",
]

#: Facebook opened on this day: no post, comment or reaction is older.
FACEBOOK_START: Final = datetime(2004, 2, 4, tzinfo=UTC)
#: How far after the moment of loading a time may lie (clock skew, time zones).
_SLACK: Final = timedelta(days=1)

#: Hidden columns a reader may add to a table: the file of each row, and its place.
SOURCE: Final = "__source"
PLACE: Final = "__place"


class _Bad:
    """The one "bad value" marker of :func:`as_count`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()
#: The largest count a table holds (Int64).
MAX_COUNT: Final = 2**63 - 1

_WHOLE_TEXT: Final = re.compile(r"\s*\+?([0-9]+)(?:\.0*)?\s*")


def as_count(value: object) -> int | _Bad:
    """A count as a whole non-negative int, or :data:`BAD`.

    Parameters
    ----------
    value
        A decoded JSON value (not None: callers treat a missing count themselves).

    Returns
    -------
    int or BAD

    Examples
    --------
    >>> [as_count(v) for v in (12, 12.0, "12", " 7 ", -5, 1.5, "veel", True, 10**30)]
    [12, 12, 12, 7, BAD, BAD, BAD, BAD, BAD]
    """
    if isinstance(value, bool):
        return BAD
    if isinstance(value, int):
        return value if 0 <= value <= MAX_COUNT else BAD
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value <= MAX_COUNT else BAD
    if isinstance(value, str):
        m = _WHOLE_TEXT.fullmatch(value)
        return int(m.group(1)) if m and int(m.group(1)) <= MAX_COUNT else BAD
    return BAD


def latest_time(now: datetime) -> datetime:
    """The latest plausible time for a load at ``now`` (one day after it).

    Examples
    --------
    >>> latest_time(datetime(2025, 1, 1, tzinfo=UTC)).isoformat()
    '2025-01-02T00:00:00+00:00'
    """
    aware = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return aware.astimezone(UTC) + _SLACK


def time_range_text(now: datetime) -> str:
    """The expected-value text of a time field.

    Examples
    --------
    >>> time_range_text(datetime(2025, 1, 1, tzinfo=UTC))
    'a time between 2004-02-04 and 2025-01-02 (one day after loading)'
    """
    return (f"a time between {FACEBOOK_START:%Y-%m-%d} and "
            f"{latest_time(now):%Y-%m-%d} (one day after loading)")


#: Times that identify a record: a bad one rejects it.
_REQUIRED_TIMES: Final = {"posts": "created_at", "comments": "created_at"}
#: Times that only describe: a bad one is nulled.
_OPTIONAL_TIMES: Final = {"reactions": ("created_at",), "members": ("joined_at",)}
#: Tables whose count columns must hold whole non-negative numbers. For the tables
#: where the count is the row's point (``reaction_counts.count``, ``audience.size``)
#: a bad count drops the row, counted as a nulled field.
_ROW_COUNTS: Final = {"reaction_counts": "count", "audience": "size"}
#: Record tables in which duplicates are counted (when they carry ``__source``).
_RECORD_TABLES: Final = ("posts", "comments", "reactions")


R = TypeVar("R", bound=Rejects)


@dataclass
class Checked:
    """What :func:`check_tables` did, per file."""

    tables: dict[str, pl.DataFrame]
    rejected: Counter[str] = field(default_factory=Counter)
    duplicate: Counter[str] = field(default_factory=Counter)
    differing: Counter[str] = field(default_factory=Counter)


def _describe(table: str, row: dict[str, object]) -> str:
    if row.get(PLACE):
        return str(row[PLACE])
    key = {"posts": "post_id", "comments": "comment_id", "reactions": "target_id",
           "members": "member_id", "reaction_counts": "target_id",
           "audience": "at"}.get(table)
    noun = table[:-1] if table.endswith("s") else table
    if key is None:
        return noun
    return f"{noun} {shorten(row.get(key))}"


def _fmt_time(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if isinstance(value, datetime) else \
        shorten(value)


def check_tables(
    tables: Mapping[str, pl.DataFrame | None],
    *,
    tz: str | None,
    now: datetime,
    default_source: str,
    rejects_for: dict[str, R],
    make_rejects: Callable[[str], R],
    duplicates: tuple[Counter[str], Counter[str]] | None = None,
) -> Checked:
    """Validate each table to its schema and apply the time, count and duplicate rules.

    Parameters
    ----------
    tables
        A reader's tables (any subset); ``posts``, ``comments`` and ``reactions`` may
        carry ``__source`` and ``__place``.
    tz
        Time zone of naive datetimes.
    now
        The moment of loading.
    default_source
        The file rows without ``__source`` are counted against.
    rejects_for
        The reader's collector of each file; a missing one is made with
        ``make_rejects`` (given the file) and added.
    make_rejects
        Makes a collector for a file.
    duplicates
        Duplicates and differing duplicates per file that the reader resolved itself
        with :func:`dedupe` (readers whose records feed several tables).

    Returns
    -------
    Checked
        Canonical tables (hidden columns dropped, one row per key) and the per-file
        counts of rejected, duplicate and differing records.
    """
    out = Checked(tables={})
    lo, hi = FACEBOOK_START, latest_time(now)
    expected_time = time_range_text(now)

    def rejects(src: str) -> Rejects:
        """The collector of ``src`` (made on first use)."""
        if src not in rejects_for:
            rejects_for[src] = make_rejects(src)
        return rejects_for[src]

    out.duplicate.update(duplicates[0] if duplicates else {})
    out.differing.update(duplicates[1] if duplicates else {})
    for name, raw in tables.items():
        if raw is None:
            continue
        frame = raw
        hidden = [c for c in (SOURCE, PLACE) if c in frame.columns]
        df = validate(name, frame, tz=tz)
        if hidden:
            df = df.hstack(frame.select(hidden))
        if SOURCE not in df.columns:
            df = df.with_columns(pl.lit(default_source, pl.String).alias(SOURCE))
        if df.height:
            df = _times_and_counts(name, df, lo, hi, expected_time, rejects, out)
            if name in _RECORD_TABLES and SOURCE in hidden:
                df = _duplicates(name, df, out)
        out.tables[name] = df.drop([c for c in (SOURCE, PLACE) if c in df.columns])
    return out


def _times_and_counts(
    name: str, df: pl.DataFrame, lo: datetime, hi: datetime, expected_time: str,
    get: Callable[[str], Rejects], out: Checked,
) -> pl.DataFrame:
    def out_of_range(col: str) -> pl.Expr:
        c = pl.col(col)
        return c.is_not_null() & ((c < lo) | (c > hi))

    req = _REQUIRED_TIMES.get(name)
    if req is not None:
        bad = df.select(out_of_range(req)).to_series()
        if bad.any():
            for row in df.filter(bad).iter_rows(named=True):  # the bad rows only
                src = row[SOURCE]
                get(src).fail(
                    f"{_describe(name, row)}, field {req!r}", expected_time,
                    _fmt_time(row[req]), excerpt=row[req])
                out.rejected[src] += 1
            df = df.filter(~bad)
    nulls: list[tuple[str, pl.Expr, str]] = [
        (col, out_of_range(col), expected_time) for col in _OPTIONAL_TIMES.get(name, ())
    ]
    spec = TABLES[name].schema
    row_count = _ROW_COUNTS.get(name)
    for col, dtype in spec.items():
        if dtype == pl.Int64() and col != row_count:
            nulls.append((col, pl.col(col) < 0, "a whole number, not negative"))
    for col, mask, expected in nulls:
        bad = df.select(mask.fill_null(False)).to_series()
        if not bad.any():
            continue
        _null_counts(name, col, df.filter(bad), expected, get)
        df = df.with_columns(
            pl.when(bad).then(None).otherwise(pl.col(col)).alias(col))
    if row_count is not None:
        bad = df.select((pl.col(row_count) < 0).fill_null(False)).to_series()
        if bad.any():
            _null_counts(name, row_count, df.filter(bad), "a whole number, not negative",
                         get)
            df = df.filter(~bad)
    return df


def _null_counts(name: str, col: str, bad: pl.DataFrame, expected: str,
                 get: Callable[[str], Rejects]) -> None:
    """Raise on the first bad value (raise mode), or count the nulled fields per file."""
    first = bad.row(0, named=True)
    per_source = bad.group_by(SOURCE, maintain_order=True).len()
    for src, n in per_source.iter_rows():
        r = get(src)
        if r.on_error == "raise":
            value = first[col]
            raise MalformedRecordError(
                first[SOURCE], f"{_describe(name, first)}, field {col!r}", expected,
                _fmt_time(value) if isinstance(value, datetime) else shorten(value))
        r.nulled[(name, col)] += n


def _duplicates(name: str, df: pl.DataFrame, out: Checked) -> pl.DataFrame:
    keys = list(TABLES[name].keys)
    content = [c for c in TABLES[name].schema.names() if c not in keys]
    counted = pl.lit(True)
    if name == "reactions":
        # Reactions without a known actor cannot be told apart: never duplicates.
        counted = pl.col("actor_id").is_not_null()
    result, dup, diff = dedupe(df, keys, content, counted=counted)
    out.duplicate.update(dup)
    out.differing.update(diff)
    return result


def dedupe(
    df: pl.DataFrame, keys: list[str], content: list[str], *,
    counted: pl.Expr | None = None,
) -> tuple[pl.DataFrame, Counter[str], Counter[str]]:
    """One row per key, the last one read; duplicates counted per ``__source``.

    Parameters
    ----------
    df
        Records in the order read, with ``__source``.
    keys
        The key columns.
    content
        The columns compared to tell a differing duplicate from an identical one.
    counted
        Rows that take part (others are kept as they are); all by default.

    Returns
    -------
    frame, duplicates, differing
        The frame without repeats (order of the last occurrences), and per file the
        duplicates and how many of them differed from the row they replaced.

    Examples
    --------
    >>> df = pl.DataFrame({"k": [1, 2, 1, 1], "v": ["a", "b", "a", "c"],
    ...                    "__source": ["f", "f", "g", "g"]})
    >>> out, dup, diff = dedupe(df, ["k"], ["v"])
    >>> out.rows(), dict(dup), dict(diff)
    ([(2, 'b', 'f'), (1, 'c', 'g')], {'g': 2}, {'g': 1})
    """
    counted = pl.lit(True) if counted is None else counted
    dup: Counter[str] = Counter()
    diff: Counter[str] = Counter()
    # Most reads have no repeats: one hash pass over the keys settles that, before the
    # window and the content hash below (most of a large load's time when always run).
    if df.height == 0 or df.select(pl.struct(keys).is_unique().all()).item():
        return df, dup, diff
    marked = df.with_columns(
        (pl.int_range(pl.len()).over(keys) > 0).alias("__dup"),
        pl.struct(content).hash().alias("__h"),
    ).with_columns(
        (counted & pl.col("__dup")).alias("__dup"),
        (counted & pl.col("__dup")
         & (pl.col("__h") != pl.col("__h").shift(1).over(keys))).alias("__diff"),
    )
    dups = marked.filter(pl.col("__dup"))
    if dups.height == 0:
        return df, dup, diff
    for src, n, d in dups.group_by(SOURCE, maintain_order=True).agg(
            pl.len(), pl.col("__diff").sum()).iter_rows():
        dup[src] += n
        diff[src] += d
    with_key = marked.filter(counted).unique(keys, keep="last", maintain_order=True)
    rest = marked.filter(~counted)
    return pl.concat([with_key, rest]).drop("__dup", "__h", "__diff"), dup, diff
