"""CrowdTangle CSV exports of Facebook pages and groups (FORMATS.md §4).

One record is one data row of an export: it becomes one post or one ``rejected`` row.
A post that appears twice (same container and post id, in one file or in several files
of one load) is deduplicated deliberately: the later row wins, and both count as kept.

What a row gives:

- ``containers``: ``Facebook Id`` with ``Page Name`` (a page export) or ``Group Name``
  (a group export; ``kind=`` overrides), the name of the container's last row;
- ``posts``: the post id is the last path segment of ``URL`` (``story_fbid``/``fbid``
  when the URL has one), as CrowdTangle's URL writes it; ``Post Created`` (``Created``
  in exports before April 2021) is ``YYYY-MM-DD HH:MM:SS TZ`` with the dashboard's
  time-zone abbreviation, read as a fixed offset (:data:`TZ_ABBREVIATIONS`; ``CST`` /
  ``CDT`` are US Central, as the dashboards used them). An abbreviation that is
  ambiguous (``IST``, ``BST``, …) or unknown is an error unless ``tz`` was given
  explicitly, in which case the time is read as local time in ``tz``; a time without an
  abbreviation is always read in ``tz``. ``Type`` gives ``post_type`` (Native Video →
  video, Live Video Complete → live, YouTube → link with domain ``youtube.com`` when
  the link is missing, …); ``Final Link`` (else ``Link``) gives ``link_url`` and
  ``link_domain``; ``Likes`` … ``Care`` are summed into ``reported_reactions``;
  ``Comments``, ``Shares`` and ``Total Views`` give ``reported_comments``,
  ``reported_shares`` and ``views``;
- ``reaction_counts``: one row per reaction column above zero;
- ``audience``: ``Followers at Posting`` at the post's time (metric ``members`` for a
  group export, ``followers`` for a page) and, for pages, ``Likes at Posting``
  (``page_likes``);
- ``members``: the author of a page post is the page itself (named after it); a group
  export names no member, so group posts have no author.

Numbers may carry any thousands separator (``407.137`` in a pt-BR export, ``1,234``).
The weighted score columns (``Overperforming Score (weighted — …)``, matched by prefix)
have no canonical column and are not read. The post-history CSV (one post's counts
over time) is not Dataset rows: :func:`read_crowdtangle_history` returns it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from groepsinzicht.errors import FormatError, MalformedRecordError, UnknownFormatError
from groepsinzicht.io._common import Rejects, finish, progress_bar
from groepsinzicht.io._csv import (
    LINE,
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
    parse_decimal,
    report,
    value_problems,
)
from groepsinzicht.io._entry import LoadOptions, read_frames
from groepsinzicht.io._json import link_domain
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._rules import SOURCE, dedupe
from groepsinzicht.schema import localize

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = [
    "AMBIGUOUS_ABBREVIATIONS",
    "POST_TYPES",
    "TZ_ABBREVIATIONS",
    "read",
    "read_crowdtangle",
    "read_crowdtangle_history",
    "sniff",
]

FORMAT = "crowdtangle"

#: Time-zone abbreviation -> fixed UTC offset in minutes.
TZ_ABBREVIATIONS: Final[dict[str, int]] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "BRT": -180, "BRST": -120, "ART": -180,
    "AEST": 600, "AEDT": 660, "ACST": 570, "ACDT": 630, "AWST": 480,
    "NZST": 720, "NZDT": 780, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480,
    "WIB": 420,
}

#: Abbreviations that name more than one zone: refused unless ``tz`` is explicit.
AMBIGUOUS_ABBREVIATIONS: Final[dict[str, str]] = {
    "IST": "India, Israel or Ireland",
    "BST": "British Summer or Bangladesh",
    "AST": "Atlantic or Arabia",
    "SST": "Samoa or Singapore",
    "GST": "Gulf or South Georgia",
    "ECT": "Ecuador or Eastern Caribbean",
}

#: CrowdTangle ``Type`` (lower-case, spaces or underscores) -> canonical post_type.
POST_TYPES: Final[dict[str, str]] = {
    "photo": "photo", "album": "photo", "status": "status",
    "link": "link", "youtube": "link", "vine": "link", "tweet": "link",
    "native video": "video", "video": "video", "episode": "video",
    "extra clip": "video", "trailer": "video",
    "live video": "live", "live video complete": "live", "live video scheduled": "live",
    "event": "event", "poll": "poll",
}

#: Domains of link types whose ``Link`` may be empty.
_TYPE_DOMAINS: Final = {"youtube": "youtube.com", "vine": "vine.co", "tweet": "twitter.com"}

#: ``Type`` as CrowdTangle writes it -> its key in :data:`POST_TYPES` (what the general
#: normalisation, strip + lower case + one space, makes of it).
_TYPE_LABELS: Final = {
    **{k.title(): k for k in POST_TYPES}, **{k: k for k in POST_TYPES},
    "YouTube": "youtube",
}

_REACTIONS: Final = ("like", "love", "wow", "haha", "sad", "angry", "care")

_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "page_name": ("Page Name",),
    "group_name": ("Group Name",),
    "facebook_id": ("Facebook Id",),
    "likes_at_posting": ("Likes at Posting",),
    "followers_at_posting": ("Followers at Posting",),
    "post_created": ("Post Created",),
    "created": ("Created",),
    "type": ("Type",),
    "like": ("Likes",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "love": ("Love",),
    "wow": ("Wow",),
    "haha": ("Haha",),
    "sad": ("Sad",),
    "angry": ("Angry",),
    "care": ("Care",),
    "total_views": ("Total Views",),
    "url": ("URL",),
    "message": ("Message",),
    "link": ("Link",),
    "final_link": ("Final Link",),
    "total_interactions": ("Total Interactions",),
    "user_name": ("User Name",),
}
_PREFIXES: Final = {"score": ("Overperforming Score",)}
_COUNTS: Final = ("likes_at_posting", "followers_at_posting", "like", "comments",
                  "shares", "love", "wow", "haha", "sad", "angry", "care", "total_views")

_TIME_RE = (r"^(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)"
            r"(?:\s*([A-Za-z]{1,6}|[+-]\d{2}(?::?\d{2})?))?$")
_OFFSET_RE = r"^([+-])(\d{2}):?(\d{2})?$"
_QUERY_ID_RE = r"[?&](?:story_fbid|fbid)=([^&#]+)"
_LAST_SEGMENT_RE = r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+/(?:[^?#]*/)?([^/?#]+)/?(?:[?#].*)?$"
_HISTORY_SIGNATURE: Final = {"id", "score date (gmt)", "timestep"}
_SIGNATURE: Final = {"facebook id", "post created", "created", "likes at posting",
                     "followers at posting", "url", "total interactions", "user name",
                     "page category", "post created date", "video share status"}


def sniff(source: Source, head: bytes) -> int:  # noqa: ARG001 - content decides
    """Confidence that ``head`` starts a CrowdTangle CSV (or its post-history CSV)."""
    cells = header_cells(head)
    if not cells:
        return 0
    norm = {normalize_header(c) for c in cells}
    if norm >= _HISTORY_SIGNATURE:
        return 70
    hits = len(norm & _SIGNATURE) + any(n.startswith("overperforming") for n in norm)
    if normalize_header(cells[0]) in ("page name", "group name") and hits >= 2:
        return 95
    return 80 if hits >= 4 else 0


def _is_history(header: list[str]) -> bool:
    return {normalize_header(c) for c in header} >= _HISTORY_SIGNATURE


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read CrowdTangle CSV exports (see the module docstring)."""
    frames: list[pl.DataFrame] = []
    collectors: list[Rejects] = []
    names: list[str] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    total = sum(s.size for s in sources)
    for src in progress_bar(sources, total=len(sources), desc="crowdtangle",
                            enabled=options.show_progress(total), unit="file"):
        rejects = Rejects(src.name, options.on_error)
        try:
            csv = CsvFile.open(src, on_error=options.on_error,
                               what="a CrowdTangle CSV header")
            if _is_history(csv.header):
                skipped.append(src.name)
                continue
            frame, n = _read_one(csv, rejects, options)
        except FormatError as exc:
            file_failed(rejects, exc)
            frame, n = None, 1
        names.append(src.name)
        collectors.append(rejects)
        seen[src.name] = seen.get(src.name, 0) + n
        if frame is not None:
            # Lazily: an eager step would copy the frame's many chunks (one copy
            # after the concat below).
            frames.append(frame.lazy().with_columns(pl.lit(src.name, pl.String).alias(SOURCE))
                          .collect())
    if not names:
        raise UnknownFormatError(
            skipped[0], "line 1", "a CrowdTangle post export",
            "a post-history CSV (read it with gi.io.read_crowdtangle_history)")
    # One chunk: every eager step (here and in finish) would copy a many-chunk frame.
    rows = pl.concat(frames, how="diagonal_relaxed").rechunk() if frames else None
    kept = dict.fromkeys(names, 0)
    duplicates = None
    if rows is not None:
        for name, n in rows.group_by(SOURCE).len().iter_rows():
            kept[name] += n
        key = ["container_id", "post_id"]
        rows, *counts = dedupe(rows, key, [c for c in rows.columns
                                           if c not in (*key, SOURCE)])
        duplicates = (counts[0], counts[1])
    t = {} if rows is None else _tables(rows.lazy().drop(SOURCE).collect())
    extra = {"skipped_history_files": skipped} if skipped else None
    ds = finish(source=names, fmt=FORMAT, options=options, rows_seen=seen,
                rows_kept=kept, rejects=collectors, provenance=extra,
                duplicates=duplicates,
                containers=t.get("containers"), posts=t.get("posts"),
                audience=t.get("audience"), reaction_counts=t.get("reaction_counts"),
                members=t.get("members"))
    if skipped:
        ds = replace(ds, provenance=ds.provenance + tuple(
            {"source": n, "format": FORMAT, "quiet": True,
             "skipped": "a CrowdTangle post-history CSV (read it with "
                        "gi.io.read_crowdtangle_history)"} for n in skipped))
    return ds


def _read_one(
    csv: CsvFile, rejects: Rejects, options: ReadOptions
) -> tuple[pl.DataFrame, int]:
    """The good rows of one file as a frame of parsed columns, and the records seen."""
    cols = find_columns(csv.header, _COLUMNS, _PREFIXES)
    where = f"line {csv.header_line}"
    for required in ("facebook_id", "url"):
        if required not in cols:
            raise MalformedRecordError(csv.name, where,
                                       f"a column {_COLUMNS[required][0]!r}", "none")
    time_col = "post_created" if "post_created" in cols else "created"
    if time_col not in cols:
        raise MalformedRecordError(csv.name, where, "a column 'Post Created'", "none")
    kind = options.kind or ("group" if "group_name" in cols and "page_name" not in cols
                            else "page")
    df, problems, seen = csv.frame(sorted({idx[0] for idx in cols.values()}))

    def col(name: str) -> str:
        return f"c{cols[name][0]}"

    def label(name: str) -> str:
        return csv.header[cols[name][0]]

    name_col = "page_name" if "page_name" in cols else "group_name"
    exprs: list[pl.Expr] = [
        cell(col("facebook_id")).str.strip_chars().alias("container_id"),
        cell(col("url")).str.strip_chars().alias("permalink"),
        cell(col(time_col)).str.strip_chars().alias("__time"),
    ]
    for opt, out in (("message", "message"), ("link", "__link"),
                     ("final_link", "__final_link"), ("type", "__type"),
                     (name_col, "__name")):
        exprs.append(cell(col(opt)).alias(out) if opt in cols
                     else pl.lit(None, pl.String).alias(out))
    checks: list[Check] = []
    count_checks: list[Check] = []
    for name in _COUNTS:
        if name in cols:
            value, bad = parse_count(col(name), f"__n_{name}")
            exprs.append(value)
            count_checks.append(Check(label(name), bad, "a whole number", pl.col(col(name)),
                                      nulls=(f"__n_{name}", "posts", label(name))))
        else:
            exprs.append(pl.lit(None, pl.Int64).alias(f"__n_{name}"))
    plan = (df.lazy().with_columns(exprs)
            .with_columns(*_time_split(pl.col("__time")), _post_id(pl.col("permalink")))
            .with_columns(_first_time())
            .with_columns(_time_values()))
    checks += [
        Check(label("facebook_id"),
              pl.col("container_id").is_null() | ~pl.col("container_id").str.contains(r"^\d+$"),
              "a numeric Facebook Id", pl.col("container_id")),
        Check(label(time_col), pl.col("__naive").is_null(),
              "a time like '2021-07-05 18:02:45 BRT'", pl.col("__time")),
    ]
    if not options.tz_explicit:
        zone = pl.col("__zone")
        checks += [
            Check(label(time_col), zone.is_in(list(AMBIGUOUS_ABBREVIATIONS)),
                  "an unambiguous time-zone abbreviation (pass tz= to read the times "
                  "in that zone)", zone),
            Check(label(time_col), zone.is_not_null() & pl.col("__offset").is_null(),
                  "a known time-zone abbreviation such as UTC, CET, EST or BRT (or pass "
                  "tz= to read the times in that zone)", zone),
        ]
    checks.append(Check(label("url"), pl.col("post_id").is_null(),
                        "a post URL ending in the post id", pl.col("permalink")))
    checks += count_checks
    # One pass computes the post rows and whether any check fails or any time needs
    # ``tz``; only then (rarely) are the optional fields nulled, the bad rows split off
    # check by check, and the post rows computed again from what is left.
    fast = plan.select(*_post_exprs(kind, _fixed_created_at()), any_bad(checks),
                       pl.col("__offset").is_null().alias("__local")).collect()
    if not (fast.get_column("__any_bad").any() or fast.get_column("__local").any()):
        report(rejects, problems)
        return fast.lazy().drop("__any_bad", "__local").collect(), seen
    rows = plan.collect()
    rows, checks = null_optional(rows, checks, rejects)
    good, bad_rows = value_problems(rows, checks, place=LINE)
    report(rejects, [*problems, *bad_rows])
    good = good.with_columns(_created_at(good, options.tz))
    return _post_rows(good, kind), seen


_PLAIN_TIME_RE = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} "
                  r"[A-Za-z]{1,6}$")
_PLAIN_URL_RE = r"^https?://[^/?#]+/(?:[^?#]*/)?[^/?#]+/?$"


def _time_split(raw: pl.Expr) -> list[pl.Expr]:
    """``__stamp`` (the wall time text) and ``__zone`` (upper-case abbreviation).

    The usual form (``2021-07-05 18:02:45 BRT``) is cut by position; only other cells
    go through the pattern (the others are null there, which string functions skip).
    """
    plain = raw.str.contains(_PLAIN_TIME_RE)
    parts = pl.when(plain).then(None).otherwise(raw).str.extract_groups(_TIME_RE)
    return [
        pl.when(plain).then(raw.str.slice(0, 19))
        .otherwise(parts.struct.field("1").str.replace("T", " ", literal=True))
        .alias("__stamp"),
        pl.when(plain).then(raw.str.slice(20)).otherwise(parts.struct.field("2"))
        .str.to_uppercase().alias("__zone"),
    ]


def _post_id(url: pl.Expr) -> pl.Expr:
    """The ``story_fbid``/``fbid`` of the URL, else its last path segment.

    A URL without a query or fragment takes the short pattern; the full one runs only
    on the others (and the query pattern only where ``fbid=`` occurs).
    """
    plain = url.str.contains(_PLAIN_URL_RE)
    return pl.coalesce(
        pl.when(url.str.contains("fbid=", literal=True)).then(url)
        .str.extract(_QUERY_ID_RE, 1),
        pl.when(plain).then(url).str.extract(r"([^/?#]+)/?$", 1),
        pl.when(plain).then(None).otherwise(url).str.extract(_LAST_SEGMENT_RE, 1),
    ).alias("post_id")


def _first_time() -> pl.Expr:
    return pl.col("__stamp").str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S",
                                          strict=False).alias("__naive")


def _time_values() -> list[pl.Expr]:
    """``__naive`` (local wall time) and ``__offset`` (minutes) from the split parts."""
    stamp, zone, first = pl.col("__stamp"), pl.col("__zone"), pl.col("__naive")
    naive = pl.coalesce(
        first,
        pl.when(first.is_null()).then(stamp)
        .str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M", strict=False),
    )
    numeric_zone = pl.when(zone.str.starts_with("+") | zone.str.starts_with("-")).then(zone)
    sign = pl.when(numeric_zone.str.extract(_OFFSET_RE, 1) == "-").then(-1).otherwise(1)
    numeric = sign * (
        numeric_zone.str.extract(_OFFSET_RE, 2).cast(pl.Int32, strict=False) * 60
        + numeric_zone.str.extract(_OFFSET_RE, 3).cast(pl.Int32, strict=False).fill_null(0)
    )
    named = zone.replace_strict(TZ_ABBREVIATIONS, default=None, return_dtype=pl.Int32)
    return [naive.alias("__naive"),
            pl.coalesce(named, numeric).cast(pl.Int32).alias("__offset")]


def _fixed_created_at() -> pl.Expr:
    """UTC times where every zone is known (see :func:`_created_at`)."""
    return ((pl.col("__naive") - pl.duration(minutes=pl.col("__offset")))
            .dt.replace_time_zone("UTC").dt.cast_time_unit("us").alias("created_at"))


def _created_at(rows: pl.DataFrame, tz: str) -> pl.Series:
    """UTC times: fixed offsets where the zone is known, else wall time in ``tz``."""
    fixed = rows.select(
        (pl.col("__naive") - pl.duration(minutes=pl.col("__offset")))
        .dt.replace_time_zone("UTC").dt.cast_time_unit("us")
    ).to_series()
    local = localize(rows.get_column("__naive"), tz).dt.cast_time_unit("us")
    return fixed.zip_with(rows.get_column("__offset").is_not_null(), local) \
        .alias("created_at")


def _post_rows(good: pl.DataFrame, kind: str) -> pl.DataFrame:
    """One row per post with the columns every table is built from."""
    return good.lazy().select(_post_exprs(kind, pl.col("created_at"))).collect()


def _post_exprs(kind: str, created_at: pl.Expr) -> list[pl.Expr]:
    """The columns of :func:`_post_rows`."""
    raw_type = pl.col("__type")
    # The labels CrowdTangle writes map straight; only other spellings are normalised.
    spelled = raw_type.replace_strict(_TYPE_LABELS, default=None)
    type_key = (pl.when(spelled.is_null()).then(raw_type).str.strip_chars().str.to_lowercase()
                .str.replace_all(r"[_\s]+", " "))
    link = pl.coalesce("__final_link", "__link")
    reactions = [pl.col(f"__n_{r}") for r in _REACTIONS]
    return [
        pl.col("container_id"), pl.col("post_id"), created_at,
        pl.col("message"), pl.col("permalink"),
        pl.lit(kind).alias("kind"),
        pl.col("__name").alias("name"),
        pl.coalesce(spelled.replace_strict(POST_TYPES, default=None),
                    type_key.replace_strict(POST_TYPES, default="other")).alias("post_type"),
        link.alias("link_url"),
        pl.coalesce(link_domain(link),
                    spelled.replace_strict(_TYPE_DOMAINS, default=None),
                    type_key.replace_strict(_TYPE_DOMAINS, default=None)).alias("link_domain"),
        pl.when(pl.any_horizontal(r.is_not_null() for r in reactions))
        .then(pl.sum_horizontal(reactions)).alias("reported_reactions"),
        pl.col("__n_comments").alias("reported_comments"),
        pl.col("__n_shares").alias("reported_shares"),
        pl.col("__n_total_views").alias("views"),
        pl.col("__n_followers_at_posting").alias("followers"),
        pl.col("__n_likes_at_posting").alias("page_likes"),
        *[pl.col(f"__n_{r}").alias(f"n_{r}") for r in _REACTIONS],
    ]


def _tables(rows: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Canonical tables from the post rows of every file (one row per post already).

    One lazy plan per table, collected together; each reaction column is filtered on
    its own (no long frame of every post times every reaction type in between).
    """
    posts = rows.lazy()
    is_page = pl.col("kind") == "page"
    containers = (
        posts.select("container_id", "kind", "name")
        .unique(subset="container_id", keep="last", maintain_order=True)
    )
    audience = pl.concat([
        posts.select("container_id", pl.col("created_at").alias("at"),
                     pl.col("followers").alias("size"),
                     pl.when(is_page).then(pl.lit("followers")).otherwise(pl.lit("members"))
                     .alias("metric")),
        posts.filter(is_page).select("container_id", pl.col("created_at").alias("at"),
                                     pl.col("page_likes").alias("size"),
                                     pl.lit("page_likes").alias("metric")),
    ]).drop_nulls("size").unique(subset=["container_id", "at", "metric"], keep="last",
                                 maintain_order=True)
    counts = pl.concat([
        posts.filter(pl.col(f"n_{r}") > 0).select(
            "container_id", pl.col("post_id").alias("target_id"),
            pl.lit(r).alias("reaction_type"), pl.col(f"n_{r}").alias("count"),
            pl.lit("post").alias("target_kind"))
        for r in _REACTIONS
    ])
    members = (
        posts.filter(is_page)
        .select("container_id", pl.col("container_id").alias("member_id"), "name")
        .unique(subset=["container_id", "member_id"], keep="last", maintain_order=True)
    )
    out = posts.with_columns(pl.when(is_page).then(pl.col("container_id")).alias("author_id"))
    names = ["containers", "posts", "audience", "reaction_counts", "members"]
    frames = pl.collect_all([containers, out, audience, counts, members])
    return dict(zip(names, frames, strict=True))


def read_crowdtangle(
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
    r"""Read CrowdTangle CSV exports of pages or groups.

    Parameters
    ----------
    path
        A CSV file, or a folder or zip of them (all read as CrowdTangle exports).
    tz
        Time zone for times without an abbreviation. Giving it explicitly also reads
        ambiguous or unknown abbreviations as local time in this zone instead of
        refusing them.
    on_error
        ``"raise"``: the first bad row raises a
        :class:`~groepsinzicht.errors.FormatError` naming the file, line and column;
        ``"collect"``: bad rows become ``rejected`` rows.
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        ``"group"`` or ``"page"``, overriding the export's first column.
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
        Posts, per-type reaction counts, audience at posting, containers, and the
        pages as authors of their posts (module docstring).

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ("Page Name,Facebook Id,Followers at Posting,Post Created,Type,Likes,"
    ...         "Comments,Shares,URL\n"
    ...         "Gemeente,123,\"1,234\",2024-05-01 10:00:00 CEST,Photo,5,2,1,"
    ...         "https://www.facebook.com/123/posts/456\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "export.csv"
    ...     _ = p.write_text(text, encoding="utf-8-sig")
    ...     ds = read_crowdtangle(p)
    >>> ds.posts.select("post_id", "created_at", "reported_reactions").row(0)
    ('456', datetime.datetime(2024, 5, 1, 8, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')), 5)
    >>> ds.audience.select("size", "metric").row(0)
    (1234, 'followers')
    """
    return read_entry(FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))


# ---------------------------------------------------------------- post history

_HISTORY_COUNTS: Final[dict[str, str]] = {
    "likes": "likes", "comments": "comments", "shares": "shares", "loves": "love",
    "wows": "wow", "hahas": "haha", "sads": "sad", "angrys": "angry", "cares": "care",
    "reactions": "reactions", "post views": "post_views", "total views": "total_views",
    "total views for all crossposts": "total_views_crossposts",
    "views while live": "views_while_live",
}
_HISTORY_AVERAGES: Final[dict[str, str]] = {
    "average likes": "avg_likes", "average comments": "avg_comments",
    "avg shares": "avg_shares", "avg loves": "avg_love", "avg wows": "avg_wow",
    "avg hahas": "avg_haha", "avg sads": "avg_sad", "avg angrys": "avg_angry",
    "avg cares": "avg_care", "avg reactions": "avg_reactions",
    "avg post views": "avg_post_views", "avg total views": "avg_total_views",
    "avg total views for all crossposts": "avg_total_views_crossposts",
    "avg views while live": "avg_views_while_live",
}


def read_crowdtangle_history(
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
    r"""Read a CrowdTangle post-history CSV: one post's counts over time.

    The export's header is malformed: after ``Post Date (GMT)`` it holds the post's
    time and URL as header cells (the data rows leave those columns empty), and the
    ``ID`` cells end in a TAB. Both are handled; times in ``(GMT)`` columns are UTC.

    Parameters
    ----------
    path
        A ``history_post_<id>.csv`` file, a folder or zip of them, or a list of these.
    tz, org_ids, org_names, kind, progress
        Accepted and checked as in :func:`~groepsinzicht.load`; not used: the times
        are in the zone the header names (GMT), and the file holds no members,
        containers or long reads.
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
        One row per measurement, file after file, each oldest first: ``post_id``, ``post_url``,
        ``post_created_at`` (UTC, from the header), ``score_at`` (UTC), ``timestep``,
        the counts ``likes``, ``comments``, ``shares``, ``love``, ``wow``, ``haha``,
        ``sad``, ``angry``, ``care``, ``reactions``, ``post_views``, ``total_views``,
        ``total_views_crossposts``, ``views_while_live`` (Int64), the benchmark
        averages CrowdTangle compared them with (``avg_likes`` … ``avg_views_while_live``,
        Float64) and ``score`` (the over/underperforming factor, ``2.3x`` → 2.3).
        Columns the file lacks are null.

    Raises
    ------
    ParameterError
        A bad option value (the message names the option), before any file is read.
    FormatError
        The file is empty, undecodable, lacks ``ID`` or ``Score Date``, or a cell is
        not a number or time (the message names the line and column).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ('ID,"Score Date (GMT)",Timestep,Likes,"Overperforming(+)/'
    ...         'Underperforming(-) Score","Post Date (GMT)","2021-07-04 22:38:03",'
    ...         'https://www.facebook.com/p/posts/37\n'
    ...         '"37\t","2021-07-05 19:55:29",36,"61,973",2.3x,,,\n')
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp) / "history_post_37.csv"
    ...     _ = p.write_text(text, encoding="utf-8-sig")
    ...     h = read_crowdtangle_history(p)
    >>> h.select("post_id", "timestep", "likes", "score").row(0)
    ('37', 36, 61973, 2.3)
    """
    return read_frames(path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now),
        _read_history, what="a CrowdTangle post-history CSV")


def _read_history(src: Source, rejects: Rejects) -> pl.DataFrame:
    """One post-history CSV (see :func:`read_crowdtangle_history`)."""
    csv = CsvFile.open(src, on_error=rejects.on_error,
                       what="a CrowdTangle post-history header")
    norm = [normalize_header(h) for h in csv.header]
    where = f"line {csv.header_line}"
    for need in ("id", "score date"):
        if not any(n == need or n.startswith(need + " (") for n in norm):
            raise MalformedRecordError(src.name, where, f"a column {need!r}", "none")
    df, problems, _ = csv.frame()
    report(rejects, problems)
    idx = {n: i for i, n in reversed(list(enumerate(norm)))}
    score_col = next(i for i, n in enumerate(norm) if n.startswith("score date"))
    exprs: list[pl.Expr] = [
        pl.col(f"c{idx['id']}").str.strip_chars().alias("post_id"),
        pl.col(f"c{score_col}").str.strip_chars().alias("__score_at"),
    ]
    checks: list[Check] = [
        Check(csv.header[idx["id"]], pl.col("post_id").fill_null("") == "",
              "a post id", pl.col("post_id")),
    ]
    zone_offset = _zone_of(csv.header[score_col])
    if zone_offset is None:
        raise MalformedRecordError(src.name, where, "a 'Score Date' column in a known zone",
                                   repr(csv.header[score_col]))
    score_at = pl.col(f"c{score_col}").str.strip_chars().str.strptime(
        pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)
    exprs.append(score_at.alias("__score_naive"))
    checks.append(Check(csv.header[score_col], pl.col("__score_naive").is_null(),
                        "a time like '2021-07-05 19:55:29'", pl.col("__score_at")))
    int_specs = [("timestep", "timestep"), *_HISTORY_COUNTS.items()]
    for key, name in int_specs:
        if key in idx:
            value, bad = parse_count(f"c{idx[key]}", name)
            exprs.append(value)
            checks.append(Check(csv.header[idx[key]], bad, "a whole number",
                                pl.col(f"c{idx[key]}")))
        else:
            exprs.append(pl.lit(None, pl.Int64).alias(name))
    for key, name in _HISTORY_AVERAGES.items():
        if key in idx:
            value, bad = parse_decimal(f"c{idx[key]}", name)
            exprs.append(value)
            checks.append(Check(csv.header[idx[key]], bad, "a number",
                                pl.col(f"c{idx[key]}")))
        else:
            exprs.append(pl.lit(None, pl.Float64).alias(name))
    score_i = next((i for i, n in enumerate(norm) if n.startswith("overperforming")), None)
    if score_i is not None:
        value, bad = parse_decimal(f"c{score_i}", "score", strip_suffix="xX")
        exprs.append(value)
        checks.append(Check(csv.header[score_i], bad, "a factor like '2.3x'",
                            pl.col(f"c{score_i}")))
    else:
        exprs.append(pl.lit(None, pl.Float64).alias("score"))
    rows, bad_rows = value_problems(df.with_columns(exprs), checks)
    report(rejects, bad_rows)
    post_created, post_url = _history_tail(csv.header, norm)
    offset = pl.duration(minutes=-zone_offset)
    out = rows.select(
        "post_id",
        pl.lit(post_url, pl.String).alias("post_url"),
        pl.lit(post_created, pl.Datetime("us")).dt.replace_time_zone("UTC")
        .alias("post_created_at"),
        (pl.col("__score_naive") + offset).dt.replace_time_zone("UTC").alias("score_at"),
        *[pl.col(name) for _, name in int_specs],
        *list(_HISTORY_AVERAGES.values()),
        "score",
    )
    return out.sort("score_at", maintain_order=True)


def _zone_of(header: str) -> int | None:
    """UTC offset in minutes of a header such as ``Score Date (GMT)``."""
    m = re.search(r"\(([A-Za-z]{1,6})\)", header)
    return 0 if m is None else TZ_ABBREVIATIONS.get(m.group(1).upper())


def _history_tail(header: list[str], norm: list[str]) -> tuple[object, str | None]:
    """The post time and URL CrowdTangle wrote into the header after Post Date."""
    from datetime import datetime

    try:
        i = norm.index("post date (gmt)")
    except ValueError:
        return None, None
    created = None
    url = None
    for value in (v.strip() for v in header[i + 1:]):
        if value.lower().startswith(("http://", "https://")):
            url = url or value
            continue
        try:
            stamp = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - GMT
        except ValueError:
            continue
        created = created or stamp
    return created, url

