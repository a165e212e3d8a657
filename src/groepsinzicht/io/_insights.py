"""Legacy Facebook Page Insights post export, CSV or XLSX (FORMATS.md §5.1).

No real export of this format was available: the reader follows the column names and
quirks FORMATS.md cites from scripts that read real exports, and its tests use files
written by :mod:`groepsinzicht.synth._write_insights`.

The XLSX holds the table on its ``Key Metrics`` sheet (other sheets are breakdowns and
are not read); the CSV is that sheet. Quirks handled:

- row 2 holds a long description of each column (``Lifetime: The number of people
  who …``): it is recognised (its ``Posted`` cell is no time and its ``Post ID`` no id)
  and skipped, and is not a record;
- some header texts repeat (a unique-users and a total-count variant of the same
  label): a field whose header repeats takes the column whose description says
  ``Unique Users`` for reach and ``Total Count`` for impressions and views, else the
  first;
- header capitalisation varies (``Lifetime Post organic reach``): matching ignores case.

One record is one data row: it becomes one post or one ``rejected`` row (a post twice
keeps its last row, counted as kept).

- ``Post ID`` is kept as written (``<page id>_<post id>``), and the page id before
  ``_`` is the container (else the page id in the ``Permalink``); the page is the
  author of its posts;
- ``Posted`` is read as wall-clock time in ``tz`` (``MM/DD/YYYY`` US order, with or
  without a time and AM/PM; XLSX date cells too). The export's time zone is not
  documented (Insights used Pacific time for its day boundaries): pass the right
  ``tz``;
- ``Lifetime Post Total Reach`` / ``organic reach`` / ``Paid Reach`` / ``Total
  Impressions`` give ``reach`` / ``organic_reach`` / ``paid_reach`` / ``impressions``,
  ``Lifetime Total Video Views`` gives ``views``; ``Post Message`` the message and
  ``Type`` the post type.

The page-level daily export ("Page data") is not read: it names no page id, so its
``Lifetime Total Likes`` series cannot be tied to a container.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from groepsinzicht.errors import (
    FormatError,
    MalformedRecordError,
    MissingDependencyError,
    UnknownFormatError,
)
from groepsinzicht.io._common import Rejects, Roster, finish, progress_bar
from groepsinzicht.io._csv import (
    Check,
    CsvFile,
    any_bad,
    cell,
    file_failed,
    find_columns,
    header_cells,
    normalize_header,
    null_optional,
    parse_count,
    report,
    value_problems,
)
from groepsinzicht.io._entry import LoadOptions
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._rules import SOURCE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._csv import Problem
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = ["SHEET", "read", "read_insights", "sniff"]

FORMAT = "insights"

#: The sheet of an XLSX export that holds the post table.
SHEET: Final = "Key Metrics"

_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "post_id": ("Post ID",),
    "permalink": ("Permalink",),
    "message": ("Post Message",),
    "type": ("Type",),
    "posted": ("Posted", "已發佈"),
    "reach": ("Lifetime Post Total Reach",),
    "organic_reach": ("Lifetime Post Organic Reach",),
    "paid_reach": ("Lifetime Post Paid Reach",),
    "impressions": ("Lifetime Post Total Impressions",),
    "views": ("Lifetime Total Video Views",),
}
#: Field -> the unit its description names, to pick among repeated headers.
_UNITS: Final = {"reach": "unique users", "organic_reach": "unique users",
                 "paid_reach": "unique users", "impressions": "total count",
                 "views": "total count"}
_COUNTS: Final = ("reach", "organic_reach", "paid_reach", "impressions", "views")
POST_TYPES: Final = {"photo": "photo", "link": "link", "status": "status",
                     "video": "video", "event": "event"}
_TIME_FORMATS: Final = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S",
                        "%m/%d/%Y %H:%M", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S",
                        "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_ID_RE = r"^\d+(?:_\d+)?$"
_XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")


def sniff(source: Source, head: bytes) -> int:
    """Confidence that ``source`` is a Page Insights post export (CSV or XLSX)."""
    if head.startswith(b"PK\x03\x04"):
        if source.suffix not in _XLSX_SUFFIXES:
            return 0
        try:
            return 90 if SHEET in _sheet_names(source.read_bytes()) else 0
        except (FormatError, ModuleNotFoundError):
            return 0
    cells = header_cells(head)
    if not cells:
        return 0
    found = set(find_columns(cells, _COLUMNS))
    lifetime = sum(normalize_header(c).startswith("lifetime ") for c in cells)
    if "post_id" in found and lifetime >= 2:
        return 90
    return 75 if lifetime >= 4 and ({"posted", "permalink"} & found) else 0


def _sheet_names(data: bytes) -> list[str]:
    try:
        import fastexcel
    except ImportError as exc:
        raise MissingDependencyError("fastexcel", "excel", "reading XLSX exports") from exc
    try:
        return list(fastexcel.read_excel(data).sheet_names)
    except Exception as exc:  # fastexcel raises its own error types for bad files
        raise FormatError("-", "byte 0", "an XLSX workbook", "an unreadable file") from exc


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read Page Insights post exports (see the module docstring)."""
    frames: list[pl.DataFrame] = []
    collectors: list[Rejects] = []
    seen: dict[str, int] = {}
    total = sum(s.size for s in sources)
    for src in progress_bar(sources, total=len(sources), desc="insights",
                            enabled=options.show_progress(total), unit="file"):
        rejects = Rejects(src.name, options.on_error)
        try:
            frame, n = _read_one(src, rejects)
        except FormatError as exc:
            file_failed(rejects, exc)
            frame, n = None, 1
        collectors.append(rejects)
        seen[src.name] = seen.get(src.name, 0) + n
        if frame is not None:
            # Lazily: an eager step would copy the frame's many chunks (one copy
            # after the concat below).
            frames.append(frame.lazy().with_columns(pl.lit(src.name, pl.String).alias(SOURCE))
                          .collect())
    # One chunk: every eager step (here and in finish) would copy a many-chunk frame.
    rows = pl.concat(frames, how="diagonal_relaxed").rechunk() if frames else None
    kept = dict.fromkeys(seen, 0)
    if rows is not None:
        for name, n in rows.group_by(SOURCE).len().iter_rows():
            kept[name] += n
    # Duplicate posts (a later file repeating one) are counted and resolved in finish.
    t = {} if rows is None else _tables(rows, options.kind or "page")
    return finish(source=[s.name for s in sources], fmt=FORMAT, options=options,
                  rows_seen=seen, rows_kept=kept, rejects=collectors, tz=options.tz,
                  # Only a page's admins can export it: the page is the organisation.
                  roster=Roster(org_ids=() if "containers" not in t else tuple(
                      t["containers"].get_column("container_id").cast(pl.String))),
                  containers=t.get("containers"), posts=t.get("posts"))


def _read_one(src: Source, rejects: Rejects) -> tuple[pl.DataFrame, int]:
    """Good rows of one file and the records it holds."""
    if src.suffix in _XLSX_SUFFIXES:
        header, df, problems, seen, place = _xlsx_table(src)
    else:
        csv = CsvFile.open(src, on_error=rejects.on_error,
                           what="a Page Insights export header")
        header = csv.header
        found = find_columns(header, _COLUMNS)
        df, problems, seen = csv.frame(sorted({i for idx in found.values() for i in idx}))
        place = "line {line}"
    cols = find_columns(header, _COLUMNS)
    where = place.format(line=1)
    for required in ("post_id", "posted"):
        if required not in cols:
            raise MalformedRecordError(src.name, where,
                                       f"a column {_COLUMNS[required][0]!r}", "none")
    df, seen, descriptions = _drop_description_row(df, cols, seen)
    pick = {f: _pick(f, idx, descriptions) for f, idx in cols.items()}

    def col(name: str) -> str:
        return f"c{pick[name]}"

    def label(name: str) -> str:
        return header[pick[name]]

    def text(name: str) -> pl.Expr:
        return cell(col(name)) if name in pick else pl.lit(None, pl.String)

    xlsx = src.suffix in _XLSX_SUFFIXES
    exprs: list[pl.Expr] = [
        text("post_id").str.strip_chars().alias("post_id"),
        text("permalink").str.strip_chars().alias("permalink"),
        text("message").alias("message"),
        text("type").alias("__type"),
        text("posted").str.strip_chars().alias("__posted"),
    ]
    if xlsx:  # a numeric cell may come back as "1234.0"
        exprs += [pl.col(col(n)).str.replace(r"\.0+$", "") for n in _COUNTS if n in pick]
    plan = df.lazy().with_columns(exprs)
    count_exprs: list[pl.Expr] = []
    checks: list[Check] = []
    count_checks: list[Check] = []
    for name in _COUNTS:
        if name in pick:
            value, bad = parse_count(col(name), name)
            count_exprs.append(value)
            count_checks.append(Check(label(name), bad, "a whole number", pl.col(col(name)),
                                      nulls=(name, "posts", name)))
        else:
            count_exprs.append(pl.lit(None, pl.Int64).alias(name))
    posted, created = pl.col("__posted"), pl.col("created_at")
    container, permalink = pl.col("container_id"), pl.col("permalink")
    plan = plan.with_columns(
        *count_exprs,
        posted.str.strptime(pl.Datetime("us"), _TIME_FORMATS[0], strict=False)
        .alias("created_at"),
        pl.col("post_id").str.extract(r"^(\d+)_\d+$", 1).alias("container_id"),
    )
    # Each later time format, and the permalink's page id, only where the earlier ones
    # gave nothing (string functions skip nulls).
    for f in _TIME_FORMATS[1:]:
        plan = plan.with_columns(pl.coalesce(created, pl.when(created.is_null()).then(posted)
                                             .str.strptime(pl.Datetime("us"), f, strict=False))
                                 .alias("created_at"))
    for pattern in (r"[?&]id=(\d+)", r"facebook\.com/(\d+)/(?:posts|videos|photos)/"):
        plan = plan.with_columns(pl.coalesce(container, pl.when(container.is_null())
                                             .then(permalink).str.extract(pattern, 1))
                                 .alias("container_id"))
    checks += [
        Check(label("post_id"), ~pl.col("post_id").fill_null("").str.contains(_ID_RE),
              "a post id (digits, '<page id>_<post id>')", pl.col("post_id")),
        Check(label("posted"), pl.col("created_at").is_null(),
              "a time like '01/31/2016 11:05:00 PM'", pl.col("__posted")),
        Check(label("post_id"), pl.col("container_id").is_null(),
              "a Post ID '<page id>_<post id>' or a permalink naming the page id",
              pl.col("post_id")),
    ]
    checks += count_checks
    type_key = pl.col("__type").str.strip_chars().str.to_lowercase()
    out = [
        pl.col("container_id", "post_id", "message", "permalink", "created_at"),
        type_key.replace_strict(POST_TYPES, default="other").alias("post_type"),
        *[pl.col(c) for c in _COUNTS],
    ]
    # One pass computes the post rows and whether any check fails; only then (rarely)
    # are the optional fields nulled and the bad rows split off, check by check.
    fast = plan.select(*out, any_bad(checks)).collect()
    if not fast.get_column("__any_bad").any():
        report(rejects, problems)
        return fast.lazy().drop("__any_bad").collect(), seen
    rows, checks = null_optional(plan.collect(), checks, rejects)
    good, bad_rows = value_problems(rows, checks, place=place)
    report(rejects, [*problems, *bad_rows])
    return good.lazy().select(out).collect(), seen


def _drop_description_row(
    df: pl.DataFrame, cols: dict[str, list[int]], seen: int
) -> tuple[pl.DataFrame, int, list[str | None]]:
    """Remove the column-description row (row 2) when the file has one.

    It is that row when its ``Posted`` cell is no time, its ``Post ID`` no id and, if
    the file has metric columns, at least one of them holds words instead of a number.
    """
    if df.height == 0:
        return df, seen, []
    first = df.row(0, named=True)
    pid = (first.get(f"c{cols['post_id'][0]}") or "").strip()
    posted = pl.Series([first.get(f"c{cols['posted'][0]}") or ""])
    is_time = any(
        posted.str.strptime(pl.Datetime("us"), f, strict=False).is_not_null().item()
        for f in _TIME_FORMATS
    )
    if is_time or pl.Series([pid]).str.contains(_ID_RE).item():
        return df, seen, []
    numeric = [first.get(f"c{cols[f][0]}") for f in _COUNTS if f in cols]
    if numeric and not any(any(ch.isalpha() for ch in (v or "")) for v in numeric):
        return df, seen, []
    descriptions = [first.get(f"c{i}") for i in range(max(
        (i for idx in cols.values() for i in idx), default=-1) + 1)]
    return df.slice(1), seen - 1, descriptions


def _pick(field: str, positions: list[int], descriptions: list[str | None]) -> int:
    unit = _UNITS.get(field)
    if len(positions) > 1 and unit and descriptions:
        for i in positions:
            if unit in (descriptions[i] or "").lower():
                return i
    return positions[0]


def _xlsx_table(
    src: Source,
) -> tuple[list[str], pl.DataFrame, list[Problem], int, str]:
    """Header, string rows (``c0``… plus ``__line`` = sheet row) of the Key Metrics sheet."""
    data = src.read_bytes()
    names = _sheet_names_of(src, data)
    if SHEET not in names:
        raise MalformedRecordError(src.name, "workbook", f"a sheet {SHEET!r}",
                                   f"sheets {names!r}"[:80])
    try:
        sheet = pl.read_excel(io.BytesIO(data), sheet_name=SHEET, engine="calamine",
                              has_header=False, infer_schema_length=0)
    except Exception as exc:  # fastexcel raises its own error types for bad files
        raise FormatError(src.name, f"sheet {SHEET!r}", "a readable sheet",
                          "an unreadable sheet") from exc
    place = f"sheet {SHEET!r}, row " + "{line}"
    if sheet.height == 0:
        raise UnknownFormatError(src.name, f"sheet {SHEET!r}", "a Page Insights header",
                                 "an empty sheet")
    sheet = sheet.cast(pl.String)
    header = [("" if v is None else str(v)).strip() for v in sheet.row(0)]
    n = len(header)
    rows = sheet.slice(1).rename({c: f"c{i}" for i, c in enumerate(sheet.columns)})
    rows = rows.with_row_index("__line", offset=2).with_columns(pl.col("__line").cast(pl.Int64))
    # An entirely empty row is not a record.
    rows = rows.filter(pl.any_horizontal(pl.col(f"c{i}").is_not_null() for i in range(n)))
    rows = rows.select(*[f"c{i}" for i in range(n)], "__line")
    return header, rows, [], rows.height, place


def _sheet_names_of(src: Source, data: bytes) -> list[str]:
    try:
        return _sheet_names(data)
    except FormatError as exc:
        raise FormatError(src.name, exc.place, exc.expected, exc.got) from exc


def _tables(rows: pl.DataFrame, kind: str) -> dict[str, pl.DataFrame]:
    posts = rows.with_columns(pl.col("container_id").alias("author_id"))
    containers = posts.select("container_id", pl.lit(kind).alias("kind")).unique(
        maintain_order=True)
    return {"containers": containers, "posts": posts}


def read_insights(
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
    r"""Read legacy Page Insights post exports (CSV, or XLSX with a Key Metrics sheet).

    Parameters
    ----------
    path
        A file, or a folder or zip of them.
    tz
        Time zone of ``Posted`` (default ``Europe/Amsterdam``; the export does not say
        which zone it used).
    on_error
        ``"raise"`` or ``"collect"`` (bad rows become ``rejected`` rows).
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        Overrides the container kind (the export is of a page).
    progress
        Progress bar: True, False, or None for inputs over 50 MB.
    zip_limits
        What a zip may expand to (:class:`~groepsinzicht.io.ZipLimits`), as in
        :func:`~groepsinzicht.load`.
    now
        The moment of loading, as in :func:`~groepsinzicht.load` (times more than
        a day after it are implausible).

    Returns
    -------
    Dataset
        Posts with reach, organic and paid reach, impressions and video views.

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("Post ID,Posted,Lifetime Post Total Reach,Lifetime Post organic reach,"
    ...         "Lifetime Post Paid Reach\n"
    ...         ",,Lifetime: people (Unique Users),Lifetime: organic (Unique Users),"
    ...         "Lifetime: paid (Unique Users)\n"
    ...         "12_34,03/01/2016 10:05:00 PM,150,100,50\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "posts.csv"
    ...     _ = p.write_text(text, encoding="utf-8")
    ...     ds = read_insights(p, tz="UTC")
    >>> ds.posts.select("container_id", "created_at", "reach", "organic_reach").row(0)
    ('12', datetime.datetime(2016, 3, 1, 22, 5, tzinfo=zoneinfo.ZoneInfo(key='UTC')), 150, 100)
    """
    return read_entry(FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))
