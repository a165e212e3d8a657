"""Meta Business Suite content exports of a Facebook page (FORMATS.md §6).

The post-level CSV (``Mon-DD-YYYY_Mon-DD-YYYY_<id>.csv``) has headers in the language
of the user's interface. :data:`LANGUAGES` holds, per language, the header texts, the
``Post type`` values and the lifetime marker of the ``Date`` column; adding a language
is adding an entry there.

One record is one data row: it becomes one post or one ``rejected`` row.

- ``Post ID`` (bare, as Business Suite writes it) and ``Page ID`` are required, and so
  is ``Publish time`` (``MM/DD/YYYY HH:MM``, US order even in a Dutch export), read as
  wall-clock time in ``tz`` (the autumn hour that occurs twice takes its first
  occurrence; a time in the spring gap moves forward);
- ``Title`` (else ``Description``) is the message; ``Views``, ``Reach`` (and
  ``Impressions`` of older exports) give ``views``, ``reach``, ``impressions``;
  ``Reactions`` / ``Comments`` / ``Shares`` (Dutch ``Reacties`` = reactions,
  ``Opmerkingen`` = comments, ``Deelacties`` = shares) give the reported totals;
  ``Post type`` gives ``post_type`` (``Reels`` and ``Videos`` are video);
- the page is the author of its posts (a member row named after the page);
- other columns are optional and may be absent (their number varies by month);
- a row whose ``Date`` holds a date instead of the lifetime marker (a per-day
  breakdown) is rejected: its numbers are one day's, not lifetime totals.

Lifetime totals are snapshots: the same post in two exports keeps the row of the export
whose period ends later (from the file name), ties and unnamed files in load order;
values are never summed. A post twice in one file keeps its last row. Such superseded
rows count as kept (deduplicated on purpose).

The page-level daily CSVs (UTF-16, an Excel ``sep=,`` line, a metric-name line) are
not post rows: :func:`read_business_suite_daily` returns one as a DataFrame, and
``load`` skips them (noted in provenance).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Final, Literal, TypedDict

import polars as pl

from groepsinzicht.errors import FormatError, MalformedRecordError, UnknownFormatError
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
from groepsinzicht.io._entry import LoadOptions, read_frames
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._rules import SOURCE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = [
    "LANGUAGES",
    "Language",
    "period_end",
    "read",
    "read_business_suite",
    "read_business_suite_daily",
    "sniff",
]

FORMAT = "business_suite"


class Language(TypedDict):
    """What one interface language changes in the export.

    Attributes
    ----------
    headers
        Header text -> field, in the order of a real export.
    post_types
        ``Post type`` value -> canonical post_type.
    lifetime
        The ``Date`` value of lifetime rows.
    """

    headers: dict[str, str]
    post_types: dict[str, str]
    lifetime: str


#: Per interface language. ``nl`` is verbatim from a real export (27 columns); ``en``
#: from English-export parsers (``Is crosspost`` / ``Is share`` and ``Text`` assumed);
#: ``sv`` from a public alias table (only the columns it lists).
LANGUAGES: Final[dict[str, Language]] = {
    "en": {
        "headers": {
            "Post ID": "post_id", "Page ID": "page_id", "Page name": "page_name",
            "Title": "title", "Description": "description",
            "Duration (sec)": "duration", "Publish time": "publish_time",
            "Caption type": "caption_type", "Permalink": "permalink",
            "Is crosspost": "is_crosspost", "Is share": "is_share",
            "Post type": "post_type", "Languages": "languages",
            "Custom labels": "custom_labels",
            "Funded content status": "funded_status", "Data comment": "data_comment",
            "Date": "date", "Views": "views", "Reach": "reach",
            "Reactions, Comments and Shares": "interactions", "Reactions": "reactions",
            "Comments": "comments", "Shares": "shares", "Total clicks": "clicks",
            "Matched Audience Targeting Consumption (Photo Click)": "photo_clicks",
            "Other Clicks": "other_clicks",
            "Negative feedback from users: Hide all": "hide_all",
            "Impressions": "impressions",
        },
        "post_types": {"Photos": "photo", "Videos": "video", "Reels": "video",
                       "Links": "link", "Text": "status", "Live": "live"},
        "lifetime": "Lifetime",
    },
    "nl": {
        "headers": {
            "Bericht-ID": "post_id", "Pagina-ID": "page_id",
            "Naam van pagina": "page_name", "Titel": "title",
            "Omschrijving": "description", "Duur (sec.)": "duration",
            "Publicatietijdstip": "publish_time", "Type onderschrift": "caption_type",
            "Permalink": "permalink", "Is gecrosspost": "is_crosspost",
            "Is een gedeeld bericht": "is_share", "Berichttype": "post_type",
            "Talen": "languages", "Aangepaste labels": "custom_labels",
            "Status gefinancierde content": "funded_status",
            "Opmerking data": "data_comment", "Datum": "date",
            "Weergaven": "views", "Bereik": "reach",
            "Reacties, opmerkingen en deelacties": "interactions",
            "Reacties": "reactions", "Opmerkingen": "comments", "Deelacties": "shares",
            "Totaal aantal klikken": "clicks",
            "Consumptie overeenkomend met doelgroeptargeting (Photo Click)":
                "photo_clicks",
            "Overige klikken": "other_clicks",
            "Negatieve feedback van gebruikers: Alles verbergen": "hide_all",
        },
        "post_types": {"Foto's": "photo", "Video's": "video", "Reels": "video",
                       "Links": "link", "Tekst": "status", "Live": "live"},
        "lifetime": "Looptijd",
    },
    "sv": {
        "headers": {
            "Publicerings-id": "post_id", "Sid-id": "page_id", "Sidnamn": "page_name",
            "Titel": "title", "Beskrivning": "description",
            "Publiceringstid": "publish_time", "Inläggstyp": "post_type",
            "Permalänk": "permalink", "Visningar": "views", "Räckvidd": "reach",
            "Reaktioner, kommentarer och delningar": "interactions",
        },
        "post_types": {},
        "lifetime": "Livstid",
    },
}

_REQUIRED: Final = ("post_id", "page_id", "publish_time")
_COUNTS: Final = {"views": "views", "reach": "reach", "impressions": "impressions",
                  "reactions": "reported_reactions", "comments": "reported_comments",
                  "shares": "reported_shares"}
_SIGNATURE: Final = {"post_id", "page_id", "page_name", "publish_time", "permalink",
                     "post_type", "views", "reach", "interactions"}
_MONTHS: Final = {
    "jan": 1, "feb": 2, "mar": 3, "mrt": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
}
_PERIOD_RE = re.compile(
    r"^([A-Za-z]{3})-(\d{1,2})-(\d{4})_([A-Za-z]{3})-(\d{1,2})-(\d{4})_\d+")
_DAY_RE = r"^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})(?:[ T].*)?$"


def _aliases() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang in LANGUAGES.values():
        for text, fld in lang["headers"].items():
            out.setdefault(fld, []).append(text)
    return out


def _post_type_values() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGUAGES.values():
        out.update({normalize_header(k): v for k, v in lang["post_types"].items()})
    return out


def _post_type_labels() -> dict[str, str]:
    """``Post type`` values as LANGUAGES spells them -> canonical post_type.

    Only labels the general normalisation (lower case, single spaces) leaves as
    :func:`_post_type_values` keys them, so both routes agree.
    """
    values = _post_type_values()
    return {k: values[k.lower()] for lang in LANGUAGES.values() for k in lang["post_types"]
            if k.isascii() and " ".join(k.split()) == k and k.lower() in values}


def sniff(source: Source, head: bytes) -> int:  # noqa: ARG001 - content decides
    """Confidence that ``head`` starts a Business Suite content (or daily) CSV."""
    if _looks_daily(head):
        return 70
    cells = header_cells(head)
    if not cells:
        return 0
    found = set(find_columns(cells, _aliases()))
    return 90 if len(found & _SIGNATURE) >= 4 else 0


def _looks_daily(head: bytes) -> bool:
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    enc = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
    text = head[2:].decode(enc, "replace").lstrip("\ufeff")
    lines = text.splitlines()
    return len(lines) >= 3 and lines[0].startswith("sep=")


def period_end(name: str) -> date | None:
    """The last day of the period in a Business Suite file name, if it has one.

    Parameters
    ----------
    name
        The file name (``Jan-01-2026_Jan-31-2026_25533312983036772.csv``; a browser's
        `` (1)`` suffix is fine; English and Dutch month abbreviations).

    Returns
    -------
    datetime.date or None

    Examples
    --------
    >>> period_end("Jan-01-2026_Jan-31-2026_25533312983036772 (1).csv")
    datetime.date(2026, 1, 31)
    >>> period_end("export.csv") is None
    True
    """
    m = _PERIOD_RE.match(name)
    if m is None:
        return None
    month = _MONTHS.get(m.group(4).lower())
    if month is None:
        return None
    try:
        return date(int(m.group(6)), month, int(m.group(5)))
    except ValueError:
        return None


def _ordered(sources: list[Source]) -> list[Source]:
    """Sources in merge order: by period end when every name has one, else load order."""
    ends = [period_end(s.basename) for s in sources]
    if all(e is not None for e in ends):
        order = sorted(range(len(sources)), key=lambda i: (ends[i], i))
        return [sources[i] for i in order]
    return list(sources)


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read Business Suite content CSVs of one load call (see the module docstring)."""
    frames: list[pl.DataFrame] = []
    collectors: list[Rejects] = []
    names: list[str] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    total = sum(s.size for s in sources)
    ordered = _ordered(sources)
    for order, src in enumerate(progress_bar(ordered, total=len(ordered),
                                             desc="business suite",
                                             enabled=options.show_progress(total),
                                             unit="file")):
        if _looks_daily(src.head(4096)):
            skipped.append(src.name)
            continue
        rejects = Rejects(src.name, options.on_error)
        try:
            csv = CsvFile.open(src, on_error=options.on_error,
                               what="a Business Suite content CSV header")
            frame, n = _read_one(csv, rejects)
        except FormatError as exc:
            file_failed(rejects, exc)
            frame, n = None, 1
        names.append(src.name)
        collectors.append(rejects)
        seen[src.name] = seen.get(src.name, 0) + n
        if frame is not None:
            # Lazily: an eager step would copy the frame's many chunks (one copy
            # after the concat below).
            frames.append(frame.lazy().with_columns(
                pl.lit(order).alias("__order"), pl.lit(src.name, pl.String).alias(SOURCE),
            ).collect())
    if not names:
        raise UnknownFormatError(
            skipped[0], "line 1", "a Business Suite content CSV",
            "a page-level daily CSV (read it with gi.io.read_business_suite_daily)")
    # One chunk: every eager step (here and in finish) would copy a many-chunk frame.
    rows = pl.concat(frames, how="diagonal_relaxed").rechunk() if frames else None
    kept = dict.fromkeys(names, 0)
    if rows is not None:
        for name, n in rows.group_by(SOURCE).len().iter_rows():
            kept[name] += n
    t = {} if rows is None else _tables(rows, options.kind or "page")
    extra = {"skipped_daily_files": skipped} if skipped else None
    ds = finish(source=names, fmt=FORMAT, options=options, rows_seen=seen,
                rows_kept=kept, rejects=collectors, tz=options.tz, provenance=extra,
                # Only a page's admins can export it: the page is the organisation.
                roster=Roster(org_ids=_page_ids(t)), containers=t.get("containers"),
                posts=t.get("posts"), members=t.get("members"))
    if skipped:
        ds = replace(ds, provenance=ds.provenance + tuple(
            {"source": n, "format": FORMAT, "quiet": True,
             "skipped": "a page-level daily CSV (read it with "
                        "gi.io.read_business_suite_daily)"} for n in skipped))
    return ds


def _page_ids(t: dict[str, pl.DataFrame]) -> tuple[str, ...]:
    """The exported pages' own accounts (ids of the containers)."""
    c = t.get("containers")
    return () if c is None else tuple(c.get_column("container_id").cast(pl.String))


def _read_one(csv: CsvFile, rejects: Rejects) -> tuple[pl.DataFrame, int]:
    cols = find_columns(csv.header, _aliases())
    aliases = _aliases()
    for required in _REQUIRED:
        if required not in cols:
            raise MalformedRecordError(
                csv.name, f"line {csv.header_line}",
                f"a column {' / '.join(repr(a) for a in aliases[required])}", "none")
    df, problems, seen = csv.frame(sorted({idx[0] for idx in cols.values()}))

    def col(name: str) -> str:
        return f"c{cols[name][0]}"

    def label(name: str) -> str:
        return csv.header[cols[name][0]]

    def text(name: str) -> pl.Expr:
        return cell(col(name)) if name in cols else pl.lit(None, pl.String)

    exprs: list[pl.Expr] = [
        text("post_id").str.strip_chars().alias("post_id"),
        text("page_id").str.strip_chars().alias("container_id"),
        text("page_name").alias("name"),
        pl.coalesce(text("title"), text("description")).alias("message"),
        text("permalink").str.strip_chars().alias("permalink"),
        text("post_type").str.strip_chars().alias("__type"),
        text("date").alias("__date"),
        text("publish_time").str.strip_chars().alias("__time"),
    ]
    checks: list[Check] = []
    count_checks: list[Check] = []
    for name, target in _COUNTS.items():
        if name in cols:
            value, bad = parse_count(col(name), target)
            exprs.append(value)
            count_checks.append(Check(label(name), bad, "a whole number", pl.col(col(name)),
                                      nulls=(target, "posts", target)))
        else:
            exprs.append(pl.lit(None, pl.Int64).alias(target))
    stamp, created = pl.col("__time"), pl.col("created_at")
    plan = (
        df.lazy().with_columns(exprs)
        .with_columns(stamp.str.strptime(pl.Datetime("us"), "%m/%d/%Y %H:%M", strict=False)
                      .alias("created_at"))
        # The second form only where the first fails (string functions skip nulls).
        .with_columns(pl.coalesce(created, pl.when(created.is_null()).then(stamp).str.strptime(
            pl.Datetime("us"), "%m/%d/%Y %H:%M:%S", strict=False)).alias("created_at"))
    )
    checks += [
        Check(label("post_id"), pl.col("post_id").is_null(), "a post id",
              pl.col("post_id")),
        Check(label("page_id"), pl.col("container_id").is_null(), "a page id",
              pl.col("container_id")),
        Check(label("publish_time"), pl.col("created_at").is_null(),
              "a time like '01/07/2026 06:02' (MM/DD/YYYY HH:MM)", pl.col("__time")),
    ]
    if "date" in cols:
        checks.append(Check(
            label("date"), pl.col("__date").str.contains(_DAY_RE),
            "a lifetime row (a per-day breakdown holds one day's numbers, not totals)",
            pl.col("__date")))
    checks += count_checks
    # The labels of LANGUAGES map straight; only other spellings are normalised.
    spelled = pl.col("__type").replace_strict(_post_type_labels(), default=None)
    type_key = (pl.when(spelled.is_null()).then(pl.col("__type")).str.to_lowercase()
                .str.replace_all(r"\s+", " "))
    out = [
        pl.col("container_id", "post_id", "name", "message", "permalink", "created_at"),
        pl.coalesce(spelled, type_key.replace_strict(_post_type_values(), default="other"))
        .alias("post_type"),
        *[pl.col(c) for c in _COUNTS.values()],
    ]
    # One pass computes the post rows and whether any check fails; only then (rarely)
    # are the optional fields nulled and the bad rows split off, check by check.
    fast = plan.select(*out, any_bad(checks)).collect()
    if not fast.get_column("__any_bad").any():
        report(rejects, problems)
        return fast.lazy().drop("__any_bad").collect(), seen
    rows, checks = null_optional(plan.collect(), checks, rejects)
    good, bad_rows = value_problems(rows, checks)
    report(rejects, [*problems, *bad_rows])
    return good.lazy().select(out).collect(), seen


def _tables(rows: pl.DataFrame, kind: str) -> dict[str, pl.DataFrame]:
    """Canonical tables from every file's rows (later period wins)."""
    # Files are read in merge order already; sorting would copy every row.
    ordered = (rows if rows.get_column("__order").is_sorted()
               else rows.sort("__order", maintain_order=True))
    # A post in two periods' files: the later one wins, counted as a duplicate of its
    # file in finish.
    posts = ordered.with_columns(pl.col("container_id").alias("author_id"))
    containers = (
        ordered.select("container_id", "name", pl.lit(kind).alias("kind"))
        .unique(subset="container_id", keep="last", maintain_order=True)
    )
    members = containers.select("container_id", pl.col("container_id").alias("member_id"),
                                "name")
    return {"containers": containers, "posts": posts, "members": members}


def read_business_suite(
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
    r"""Read Meta Business Suite content exports (CSV, any language in LANGUAGES).

    Parameters
    ----------
    path
        A CSV file, or a folder or zip of monthly CSVs (one page): a post in several
        exports keeps the values of the export whose period ends later.
    tz
        Time zone of ``Publish time`` (default ``Europe/Amsterdam``).
    on_error
        ``"raise"`` or ``"collect"`` (bad rows become ``rejected`` rows).
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        Overrides the container kind (Business Suite exports pages).
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

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("Bericht-ID,Pagina-ID,Naam van pagina,Titel,Publicatietijdstip,"
    ...         "Berichttype,Datum,Reacties,Opmerkingen,Deelacties\n"
    ...         "11,22,Gemeente,Hallo,01/07/2026 06:02,Foto's,Looptijd,76,652,2\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "Jan-01-2026_Jan-31-2026_1.csv"
    ...     _ = p.write_text(text, encoding="utf-8-sig")
    ...     ds = read_business_suite(p)
    >>> ds.posts.select("created_at", "post_type", "reported_reactions",
    ...                 "reported_comments").row(0)
    (datetime.datetime(2026, 1, 7, 5, 2, tzinfo=zoneinfo.ZoneInfo(key='UTC')), 'photo', 76, 652)
    """
    return read_entry(FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))


def read_business_suite_daily(
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
    r"""Read a page-level daily Business Suite CSV (one metric per file).

    The file is UTF-16 with an Excel ``sep=,`` first line, the metric name on line 2
    and ``"Date","Primary"`` on line 3. ``Facebook follows`` counts *new* follows per
    day, not the audience size, so it is not turned into ``audience`` rows.

    Parameters
    ----------
    path
        A daily CSV, a folder or zip of them, or a list of these.
    tz, org_ids, org_names, kind, progress
        Accepted and checked as in :func:`~groepsinzicht.load`; not used: the file
        holds local days, no times, members or containers, and is small.
    on_error
        ``"raise"``: the first bad row raises a
        :class:`~groepsinzicht.errors.FormatError` naming the file, line and column;
        ``"collect"``: bad rows are left out, with one
        :class:`~groepsinzicht.errors.DataQualityWarning` giving their count. A file
        that cannot be read at all (empty, undecodable, no header) raises in both modes.
    zip_limits
        What a zip may expand to (:class:`~groepsinzicht.io.ZipLimits`), as in
        :func:`~groepsinzicht.load`.
    now
        The moment of loading, as in :func:`~groepsinzicht.load` (times more than
        a day after it are implausible).

    Returns
    -------
    polars.DataFrame
        ``metric`` (the name on line 2), ``date`` (the local day, ``Date``) and
        ``value`` (``Int64``; null where the cell is empty): file after file, each
        oldest first.

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.
    FormatError
        Empty, undecodable, no ``Date`` column, or a cell that is not a date or a
        whole number (with its line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = 'sep=,\n"Facebook follows"\n"Date","Primary"\n"2025-08-01T00:00:00","20"\n'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "Follows.csv"
    ...     _ = p.write_bytes(text.encode("utf-16"))
    ...     read_business_suite_daily(p).rows()
    [('Facebook follows', datetime.date(2025, 8, 1), 20)]
    """
    return read_frames(path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now),
        _read_daily, what="a Business Suite daily CSV")


def _read_daily(src: Source, rejects: Rejects) -> pl.DataFrame:
    """One page-level daily CSV (see :func:`read_business_suite_daily`)."""
    csv = CsvFile.open(src, on_error=rejects.on_error, what="a Business Suite daily CSV",
                       preamble=1)
    metric = csv.preamble[0][0].strip() if csv.preamble and csv.preamble[0] else None
    norm = [normalize_header(h) for h in csv.header]
    if "date" not in norm or len(norm) < 2:
        raise MalformedRecordError(src.name, f"line {csv.header_line}",
                                   "a header 'Date','Primary'", repr(csv.header[:3]))
    df, problems, _ = csv.frame()
    report(rejects, problems)
    d = norm.index("date")
    v = next(i for i in range(len(norm)) if i != d)
    stamp = pl.col(f"c{d}").str.strip_chars()
    value, bad = parse_count(f"c{v}", "value")
    rows = df.with_columns(
        pl.coalesce(stamp.str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S", strict=False),
                    stamp.str.strptime(pl.Datetime("us"), "%Y-%m-%d", strict=False))
        .dt.date().alias("date"),
        value,
    )
    rows, bad_rows = value_problems(rows, [
        Check(csv.header[d], pl.col("date").is_null(), "a date like '2025-08-01T00:00:00'",
              pl.col(f"c{d}")),
        Check(csv.header[v], bad, "a whole number", pl.col(f"c{v}")),
    ])
    report(rejects, bad_rows)
    return rows.select(pl.lit(metric, pl.String).alias("metric"), "date", "value") \
        .sort("date", maintain_order=True)
