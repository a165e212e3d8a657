"""The "Seen by" file: counts a group admin noted under group posts, for calibration.

Not an export: a small CSV an admin fills in by hand (or from the template that
``groepsinzicht seen-by-template`` writes), saved by Excel or any editor. So the reader
is forgiving about the shape (``,`` or ``;``, a byte-order mark or not, an Excel ``sep=``
line, ``#`` comment lines, extra columns, header case) and strict about the values: a
cell it cannot read is a :class:`~groepsinzicht.errors.FormatError` naming the file, the
line and the column.
"""

from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from groepsinzicht._util import DEFAULT_TZ
from groepsinzicht.errors import (
    EncodingError,
    FormatError,
    MalformedRecordError,
    shorten,
)
from groepsinzicht.io._entry import LoadOptions, read_frames

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.io._common import Rejects
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = ["SEEN_BY_COLUMNS", "SEEN_BY_SCHEMA", "read_seen_by"]

#: The columns of the file and of the frame :func:`read_seen_by` returns, in order.
SEEN_BY_COLUMNS: Final = ("container_id", "post_id", "permalink", "seen_by", "recorded_at")

_TYPES: Final[dict[str, pl.DataType]] = {
    "container_id": pl.String(),
    "post_id": pl.String(),
    "permalink": pl.String(),
    "seen_by": pl.Int64(),
    "recorded_at": pl.Datetime("us", "UTC"),
}
SEEN_BY_SCHEMA: Final = pl.Schema(_TYPES)

#: Header spellings accepted for each column (compared case-folded, spaces as ``_``).
_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "container_id": ("container_id", "group_id", "groep_id"),
    "post_id": ("post_id", "bericht_id"),
    "permalink": ("permalink", "url", "link"),
    "seen_by": ("seen_by", "gezien_door", "gezien"),
    "recorded_at": ("recorded_at", "genoteerd_op", "recorded", "genoteerd"),
}

# A whole number, optionally negative (the calibration lists negative counts as excluded
# rather than the reader refusing the file), with thousands grouped by . , or a space.
_COUNT = re.compile(r"^-?(?:[0-9]+|[0-9]{1,3}(?:[., \u00a0\u202f][0-9]{3})+)$")

# Times as people and Excel write them: ISO (with or without offset, T or space), and
# Dutch day-first dates with - or /, with or without a time.
_TIME_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
)
_OFFSET = re.compile(r"(?:Z|[+-][0-9]{2}:?[0-9]{2})$")


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").strip().casefold())


def _decode(name: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Excel's plain "CSV" on a Dutch Windows is Windows-1252; ids and counts are
        # ASCII either way, so reading it as such loses nothing the calibration uses.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise EncodingError(name, f"byte {exc.start}", "UTF-8 or Windows-1252 text",
                                shorten(raw[exc.start:exc.start + 8])) from exc


def _sniff(header: str) -> str:
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {s: outside.count(s) for s in (";", ",", "\t")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def _records(name: str, text: str) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """Header, ``(line, cells)`` per record, and the header's line; comments skipped."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(keepends=True), start=1)
             if line.strip() and not line.lstrip().lstrip('"').startswith("#")]
    sep = None
    if lines and re.fullmatch(r'"?sep=(.)"?\s*', lines[0][1].strip("\r\n")):
        sep = lines[0][1].strip().strip('"')[4]
        lines = lines[1:]
    if not lines:
        raise MalformedRecordError(name, "line 1", "a header with seen_by and post_id or "
                                   "permalink", "an empty file")
    sep = sep or _sniff(lines[0][1])
    reader = csv.reader((line for _, line in lines), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    try:
        while True:
            start = lines[reader.line_num][0] if reader.line_num < len(lines) else 0
            try:
                cells = next(reader)
            except StopIteration:
                break
            rows.append((start, cells))
    except csv.Error as exc:
        raise MalformedRecordError(name, f"line {start}", "a CSV record", str(exc)) from exc
    header_line, header = rows[0]
    return header, rows[1:], header_line


def _columns(name: str, header: list[str], line: int) -> dict[str, int]:
    norm = [_norm(h) for h in header]
    found: dict[str, int] = {}
    for col, aliases in _ALIASES.items():
        hits = [i for i, h in enumerate(norm) if h in aliases]
        if hits:
            found[col] = hits[0]
    if "seen_by" not in found or not {"post_id", "permalink"} & found.keys():
        raise MalformedRecordError(
            name, f"line {line}", "a header with the columns seen_by and post_id or "
            "permalink", shorten(sep_join(header), 80))
    return found


def sep_join(cells: Sequence[str]) -> str:
    """Header cells as one text, for a message."""
    return ", ".join(c.strip() for c in cells)


def _times(col: pl.Expr, tz: str) -> pl.Expr:
    """Text to UTC: an offset is honoured, a naive time is local time in ``tz``."""
    s = col.str.strip_chars().str.replace("T", " ", literal=True)
    aware = s.str.contains(_OFFSET.pattern)
    iso = s.str.replace(r"Z$", "+00:00")
    with_offset = pl.coalesce([
        iso.str.to_datetime(fmt, strict=False, time_unit="us")
        for fmt in ("%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M%z")
    ]).dt.convert_time_zone("UTC")
    naive = (
        pl.coalesce([s.str.to_datetime(fmt, strict=False, time_unit="us")
                     for fmt in _TIME_FORMATS])
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
    )
    return pl.when(aware).then(with_offset).otherwise(naive)


def _read_one(src: Source, rejects: Rejects, tz: str) -> pl.DataFrame:
    name = src.name
    try:
        raw = src.read_bytes()
    except OSError as exc:
        raise FormatError(name, "the file", "a readable file", type(exc).__name__) from exc
    header, rows, header_line = _records(name, _decode(name, raw))
    found = _columns(name, header, header_line)
    cells = {
        col: [(r[found[col]] if found[col] < len(r) else "") if col in found else ""
              for _, r in rows]
        for col in SEEN_BY_COLUMNS
    }
    raw_frame = pl.DataFrame(
        {"_line": [n for n, _ in rows], **cells},
        schema={"_line": pl.Int64,
                **dict.fromkeys(SEEN_BY_COLUMNS, pl.String)},
    )
    blank = pl.col("seen_by").str.strip_chars() == ""
    count_text = pl.col("seen_by").str.strip_chars()
    parsed = raw_frame.with_columns(
        *(pl.when(pl.col(c).str.strip_chars() == "").then(None)
          .otherwise(pl.col(c).str.strip_chars()).alias(c)
          for c in ("container_id", "post_id", "permalink")),
        pl.when(count_text.str.contains(_COUNT.pattern))
        .then(count_text.str.replace_all(r"[^0-9-]", ""))
        .cast(pl.Int64, strict=False).alias("_count"),
        blank.alias("_blank"),
        pl.when(pl.col("recorded_at").str.strip_chars() == "").then(None)
        .otherwise(pl.col("recorded_at")).alias("_time_text"),
    ).with_columns(_times(pl.col("_time_text"), tz).alias("_time"))
    problems = parsed.filter(
        (~pl.col("_blank") & pl.col("_count").is_null())
        | (pl.col("_time_text").is_not_null() & pl.col("_time").is_null())
        | (~pl.col("_blank") & pl.col("post_id").is_null() & pl.col("permalink").is_null())
    )
    for row in problems.iter_rows(named=True):  # the bad rows only; raise mode: the first
        rejects.fail(*_problem(row, header, found))
    # A row without a count is a post the admin did not fill in (the template lists
    # every post): it is not a measurement, so it is not part of the result.
    return parsed.join(problems.select("_line"), on="_line", how="anti").filter(
        ~pl.col("_blank")).select(
        "container_id", "post_id", "permalink",
        pl.col("_count").alias("seen_by"), pl.col("_time").alias("recorded_at"),
    )


def _problem(row: dict[str, object], header: list[str],
             found: dict[str, int]) -> tuple[str, str, str]:
    """Place, expected and got of a bad row (its first problem)."""
    line = row["_line"]

    def place(col: str) -> str:
        return f"line {line}, column {header[found[col]].strip()!r}"

    if not row["_blank"] and row["_count"] is None:
        return place("seen_by"), "a whole number", shorten(row["seen_by"])
    if row["_time_text"] is not None and row["_time"] is None:
        return (place("recorded_at"),
                "a date and time such as 2026-05-01 14:30 or 1-5-2026 14:30",
                shorten(row["_time_text"]))
    return f"line {line}", "a post_id or a permalink", "neither"


def read_seen_by(
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
) -> pl.DataFrame:
    r"""Read the "Seen by" counts an admin noted under group posts.

    The file is a CSV (``,`` or ``;``, UTF-8 with or without a byte-order mark, or
    Windows-1252 as Dutch Excel saves it) with a header naming at least ``seen_by`` and
    ``post_id`` or ``permalink``; ``container_id`` and ``recorded_at`` are optional.
    Lines starting with ``#`` (or ``"#``, as Excel quotes it) are comments, columns the
    reader does not know (such as the template's ``created_at``) are ignored, and a row
    whose ``seen_by`` is empty (a post the admin did not fill in) is not a count and is
    left out. A count may be
    written with a thousands separator (``1.234``).

    Parameters
    ----------
    path
        The file, a folder or zip of such files, or a list of these (read in order and
        concatenated; an empty list gives an empty table).
    tz
        Time zone of ``recorded_at`` values written without an offset (default
        ``Europe/Amsterdam``).
    on_error
        ``"raise"``: the first bad row raises a
        :class:`~groepsinzicht.errors.FormatError` naming the file, line and column;
        ``"collect"``: bad rows are left out, with one
        :class:`~groepsinzicht.errors.DataQualityWarning` giving their count. A file
        that cannot be read at all (no header, undecodable) raises in both modes.
    org_ids, org_names, kind, progress
        Accepted and checked as in :func:`~groepsinzicht.load`; not used: the file
        holds counts per post, no members or containers, and is small.
    zip_limits
        What a zip may expand to (:class:`~groepsinzicht.io.ZipLimits`), as in
        :func:`~groepsinzicht.load`.
    now
        The moment of loading, as in :func:`~groepsinzicht.load` (times more than
        a day after it are implausible).

    Returns
    -------
    polars.DataFrame
        ``container_id``, ``post_id``, ``permalink`` (String, null where empty),
        ``seen_by`` (Int64; a negative number is read as written, and
        :func:`groepsinzicht.calibrate` lists it as excluded), ``recorded_at``
        (Datetime UTC, null where empty). One row per filled-in line, in file order.

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.
    FormatError
        A header without the required columns, a record with too few fields, a count
        that is not a whole number, a time that cannot be read, or a row naming no post;
        the message gives the file, the line and the column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import groepsinzicht as gi
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "gezien.csv").write_text(
    ...     "# noteer 'Gezien door' een week na het bericht\n"
    ...     "container_id;post_id;seen_by;recorded_at\n"
    ...     "g;g_1;1.204;8-5-2026 10:00\n"
    ...     "g;g_2;;\n", encoding="utf-8-sig")
    >>> gi.io.read_seen_by(folder / "gezien.csv").rows()  # doctest: +NORMALIZE_WHITESPACE
    [('g', 'g_1', None, 1204,
      datetime.datetime(2026, 5, 8, 8, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')))]
    """
    options = LoadOptions(tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names,
                          kind=kind, progress=progress, zip_limits=zip_limits, now=now)
    local = options.tz or DEFAULT_TZ
    return read_frames(path, options, lambda src, rejects: _read_one(src, rejects, local),
                       what="a 'Seen by' CSV", schema=SEEN_BY_SCHEMA)
