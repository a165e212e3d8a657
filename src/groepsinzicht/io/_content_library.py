"""Meta Content Library (MCL) and Content Library API exports: posts, comments, groups, pages.

Shapes read (FORMATS.md §7): CSV with flattened dot-notation headers
(``post_owner.name``, ``statistics.like_count``) and JSON (a list of records, ``{data:
[...]}``, or NDJSON) with nested objects (``statistics: {...}``) or the same dotted keys.
Never checked against a real export: none could be brought (fixtures/real/SOURCES.md),
so the data dictionary summarised in FORMATS.md §7 and the writer
:func:`groepsinzicht.synth.write_content_library` are the evidence; the exact
``creation_time`` text and the ``content_type`` values are not documented there
[inferred: ISO 8601, lower-case type names].

A record is a post (``creation_time`` without ``post_id``), a comment (``post_id``), a
group (``member_count``) or a page (``follower_count``, ``page_categories``); every
record is kept or rejected. Ids are MCL ids, kept as written (they are not Facebook ids).

Field rules
-----------
- Posts: the container is ``surface.id`` (else ``post_owner.id``: a page's own post), a
  group when ``surface.type`` (else ``post_owner.type``) says group, else a page;
  ``kind=`` overrides. ``post_owner.id``/``name`` is the author; ``text`` the message;
  ``creation_time`` ISO 8601 (with an offset; without one it is read in ``tz``) or Unix
  seconds; ``content_type`` (else ``media_type``) the post type (photo/album,
  video/reel, live_video, link, status, event, poll, share; another value is
  ``other``; without one: share with ``shared_post_id``, link with a link, else
  status); ``link_attachment.link`` the link; ``mcl_url`` the permalink;
  ``statistics.reaction_count``/``comment_count``/``share_count``/``views`` the
  reported totals and views; ``statistics.<type>_count`` per reaction type go to
  ``reaction_counts``.
- Comments: ``post_id`` names their post, whose container they share (a comment whose
  post is not among the posts read is rejected: load the posts with the comments);
  ``parent_comment_id`` is the comment replied to; ``owner.id``/``name`` the author;
  ``statistics.reaction_count`` ``reported_reactions``.
- Groups and pages become containers with their ``name``; a group's ``member_count`` is
  an ``audience`` row (metric ``members``), a page's ``follower_count`` and
  ``like_count`` rows of ``followers`` and ``page_likes``. MCL states no time for these
  sizes: the file's modification time is taken as the time of the count (recorded in
  provenance); for data without a file, the latest post time read.
- ``mentions``: ``@Name`` in the text naming exactly one member of the container seen in
  the read.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC as UTC_TZ
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal

import polars as pl

from groepsinzicht.errors import FormatError, MalformedRecordError, shorten
from groepsinzicht.io._common import Rejects, Roster, finish
from groepsinzicht.io._csv import CsvFile, header_cells, report
from groepsinzicht.io._entry import LoadOptions
from groepsinzicht.io._json import (
    BadValue,
    decode_values,
    gc_paused,
    iso_times,
    link_domain,
    resolve_at_mentions,
    type_name,
)
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._rules import SOURCE, dedupe
from groepsinzicht.schema import UTC

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = ["read", "read_content_library", "sniff"]

FORMAT: Final = "content_library"

_REACTIONS: Final = ("like", "love", "care", "haha", "wow", "sad", "angry")

#: Canonical field -> the (flattened) keys an export may use, first match wins.
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "id": ("id",),
    "creation_time": ("creation_time",),
    "text": ("text",),
    "content_type": ("content_type", "media_type"),
    "owner_id": ("post_owner.id", "post_owner.data.id", "owner.id", "owner.data.id"),
    "owner_name": ("post_owner.name", "post_owner.data.name", "owner.name",
                   "owner.data.name"),
    "owner_type": ("post_owner.type", "post_owner.data.type", "owner.type",
                   "owner.data.type"),
    "surface_id": ("surface.id", "surface.data.id"),
    "surface_type": ("surface.type", "surface.data.type"),
    "surface_name": ("surface.name", "surface.data.name"),
    "reaction_count": ("statistics.reaction_count",),
    "comment_count": ("statistics.comment_count",),
    "share_count": ("statistics.share_count",),
    "views": ("statistics.views",),
    **{f"{r}_count": (f"statistics.{r}_count",) for r in _REACTIONS},
    "link": ("link_attachment.link", "link_attachment_fields.link"),
    "mcl_url": ("mcl_url",),
    "shared_post_id": ("shared_post_id",),
    "post_id": ("post_id",),
    "parent_comment_id": ("parent_comment_id",),
    "name": ("name",),
    "member_count": ("member_count",),
    "follower_count": ("follower_count",),
    "page_like_count": ("like_count",),
}

#: ``content_type`` values -> canonical post type [inferred; unknown values are other].
CONTENT_TYPES: Final[dict[str, str]] = {
    "status": "status", "text": "status", "photo": "photo", "photos": "photo",
    "image": "photo", "album": "photo", "video": "video", "videos": "video",
    "reel": "video", "reels": "video", "native_video": "video", "live_video": "live",
    "live": "live", "link": "link", "event": "event", "poll": "poll", "share": "share",
    "shared_post": "share",
}

_COUNTS: Final = ("reaction_count", "comment_count", "share_count", "views",
                  *(f"{r}_count" for r in _REACTIONS), "member_count", "follower_count",
                  "page_like_count")


# ------------------------------------------------------------------------ sniffing
_STRONG: Final = (b"mcl_url", b"post_owner", b"parent_comment_id", b"group_transparency",
                  b"page_transparency", b"surface")
_WEAK: Final = (b"creation_time", b"statistics", b"member_count", b"follower_count",
                b"creation_date", b"page_categories")


def sniff(source: Source, head: bytes) -> int:  # noqa: ARG001 - the protocol's signature
    """Confidence that ``head`` starts a Content Library export (its field names)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"[", b"{"):
        keys = set(re.findall(rb'"([A-Za-z_][A-Za-z0-9_.]*)"\s*:', text))
        roots = {k.split(b".", 1)[0] for k in keys}
    else:
        cells = header_cells(head) or []
        roots = {c.split(".", 1)[0].encode() for c in cells}
        if b"id" not in roots:
            return 0
    strong = sum(k in roots for k in _STRONG)
    weak = sum(k in roots for k in _WEAK)
    if strong and strong + weak >= 2:
        return 85
    if weak >= 2 and b"id" in roots:
        return 70
    return 0


# ------------------------------------------------------------------------ records
def _flatten(obj: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    out = {} if out is None else out
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if type(value) is dict:
            _flatten(value, f"{name}.", out)
        else:
            out[name] = value
    return out


def _text(value: Any) -> str | None:
    """A JSON scalar as the text a CSV cell would hold (objects and lists as repr)."""
    if value is None:
        return None
    if type(value) is str:
        return value
    if type(value) is bool:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if type(value) is float and value.is_integer() else str(value)
    return repr(value)


def _kind_of(keys: Iterable[str]) -> str | None:
    keys = set(keys)
    if "post_id" in keys:
        return "comment"
    if "member_count" in keys or any(k.startswith("group_transparency") for k in keys):
        return "group"
    if keys & {"follower_count", "page_categories", "verification_status"} or any(
            k.startswith("page_transparency") for k in keys):
        return "page"
    if "creation_time" in keys:
        return "post"
    return None


def _pick(columns: Iterable[str]) -> dict[str, str]:
    """Canonical field -> the column that holds it."""
    cols = set(columns)
    out = {}
    for fld, names in FIELDS.items():
        for n in names:
            if n in cols:
                out[fld] = n
                break
    return out


class _Records:
    """Rows of one kind, as string columns, with each row's place and source index."""

    def __init__(self) -> None:
        self.frames: dict[str, list[pl.DataFrame]] = {"post": [], "comment": [],
                                                      "group": [], "page": []}

    def add(self, kind: str, frame: pl.DataFrame) -> None:
        picked = _pick(frame.columns)
        cols = [pl.col(col).cast(pl.String).alias(fld) for fld, col in picked.items()]
        missing = [pl.lit(None, pl.String).alias(f) for f in FIELDS if f not in picked]
        self.frames[kind].append(frame.select(*cols, *missing, "__where", "__src",
                                              "__at"))

    def frame(self, kind: str) -> pl.DataFrame | None:
        frames = self.frames[kind]
        return pl.concat(frames, how="vertical_relaxed") if frames else None


def _json_source(src: Source, data: bytes, n: int, at: datetime | None,
                 records: _Records, rejects: Rejects) -> int:
    seen = 0
    rows: dict[str, list[dict[str, Any]]] = {"post": [], "comment": [], "group": [],
                                             "page": []}
    for place, value in decode_values(src.name, data):
        if isinstance(value, BadValue):
            seen += 1
            rejects.fail(place, value.expected, value.got)
            continue
        base = place
        if type(value) is dict and type(value.get("data")) is list:
            value, base = value["data"], f"{place}.data"
        items = value if type(value) is list else [value]
        for i, item in enumerate(items):
            where = f"{base}[{i}]" if type(value) is list else base
            seen += 1
            if type(item) is not dict:
                rejects.fail(where, "a record object", type_name(item))
                continue
            flat = _flatten(item)
            kind = _kind_of(flat)
            if kind is None:
                rejects.fail(where, "a post, comment, group or page record",
                             f"an object with keys {shorten(sorted(flat)[:5])}")
                continue
            row = {k: _text(v) for k, v in flat.items() if type(v) not in (list, dict)}
            row["__where"] = where
            rows[kind].append(row)
    for kind, items in rows.items():
        if items:
            frame = pl.from_dicts(items, infer_schema_length=None).with_columns(
                pl.all().cast(pl.String), __src=pl.lit(n), __at=pl.lit(at, UTC))
            records.add(kind, frame)
    return seen


def _csv_source(src: Source, data: bytes, n: int, at: datetime | None,
                records: _Records, rejects: Rejects, options: ReadOptions) -> int:
    csv = CsvFile.open(src, on_error=options.on_error,
                       what="a Content Library CSV header", data=data)
    kind = _kind_of(csv.header)
    if kind is None or "id" not in csv.header:
        raise MalformedRecordError(src.name, f"line {csv.header_line}",
                                   "the columns of a Content Library export (id, "
                                   "creation_time, ...)", f"columns {shorten(csv.header, 60)}")
    frame, problems, seen = csv.frame()
    report(rejects, problems)
    names = {f"c{i}": h for i, h in enumerate(csv.header)}
    frame = frame.rename(names).with_columns(
        __where=pl.format("line {}", "__line"), __src=pl.lit(n), __at=pl.lit(at, UTC))
    records.add(kind, frame.drop("__line"))
    return seen


def _mtime(src: Source) -> datetime | None:
    try:
        ns = src.path.stat().st_mtime_ns
    except OSError:
        return None
    return datetime(1970, 1, 1, tzinfo=UTC_TZ) + timedelta(microseconds=ns // 1000)


# ------------------------------------------------------------------------ values
def _problems(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr, str]],
              ) -> tuple[pl.DataFrame, list[tuple[int, str, str, str, str | None]]]:
    """Split rows into good ones and (src, place, expected, got, raw) of bad ones.

    ``checks``: (field, bad-row expression, what was expected); a row is reported once,
    for its first failing check.
    """
    if frame.height == 0 or not checks:
        return frame, []
    first = pl.coalesce([pl.when(bad.fill_null(False)).then(pl.lit(i, pl.Int32))
                         for i, (_, bad, _) in enumerate(checks)]).alias("__check")
    marked = frame.with_columns(first)
    bad = marked.filter(pl.col("__check").is_not_null())
    out = []
    for src, where, idx, row in zip(bad.get_column("__src").to_list(),
                                    bad.get_column("__where").to_list(),
                                    bad.get_column("__check").to_list(),
                                    bad.select(pl.exclude("__src", "__where", "__check"))
                                    .to_dicts(), strict=True):
        fld, _, expected = checks[idx]
        raw = row.get(fld)
        key = FIELDS[fld][0] if fld in FIELDS else fld
        place = f"{where}, column {key!r}" if where.startswith("line") else f"{where}.{key}"
        out.append((src, place, expected, "none" if raw is None else shorten(raw), raw))
    return marked.filter(pl.col("__check").is_null()).drop("__check"), out


def _count_checks(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, pl.Expr, str]]]:
    """Parse the count columns into ``n_<field>``; the checks flag what is not a count."""
    checks = []
    exprs = []
    for fld in _COUNTS:
        text = pl.col(fld).str.strip_chars()
        whole = text.str.contains(r"^\d{1,18}(?:\.0+)?$")
        exprs.append(pl.when(whole).then(text.str.replace(r"\.0+$", "")).cast(pl.Int64)
                     .alias(f"n_{fld}"))
        checks.append((fld, (text != "") & pl.col(f"n_{fld}").is_null(), "a whole number"))
    return frame.with_columns(exprs), checks


#: Count fields -> the canonical column named in ``Summary.nulled``.
_COUNT_COLUMNS: Final = {"reaction_count": "reported_reactions",
                         "comment_count": "reported_comments",
                         "share_count": "reported_shares", "views": "views",
                         "member_count": "size", "follower_count": "size",
                         "page_like_count": "size"}


def _null_counts(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr, str]],
                 collectors: list[Rejects], table: str,
                 ) -> tuple[pl.DataFrame, list[tuple[str, pl.Expr, str]]]:
    """Collect mode: a bad count is set to null and counted (raise mode: checked)."""
    if frame.height == 0 or not collectors or collectors[0].on_error == "raise":
        return frame, checks
    for fld, bad, _ in checks:
        mask = frame.select(bad.fill_null(False)).to_series()
        if not mask.any():
            continue
        for src, n in frame.filter(mask).group_by("__src").len().iter_rows():
            collectors[src].nulled[(table, _COUNT_COLUMNS.get(fld, fld))] += n
        frame = frame.with_columns(
            pl.when(mask).then(None).otherwise(pl.col(f"n_{fld}")).alias(f"n_{fld}"))
    return frame, []


def _times(frame: pl.DataFrame, tz: str) -> pl.DataFrame:
    raw = frame.get_column("creation_time").str.strip_chars()
    unix = raw.str.contains(r"^\d{9,11}$")
    parsed = iso_times(raw.str.replace(r"^\d{9,11}$", ""), naive_tz=tz)
    from_unix = (raw.cast(pl.Int64, strict=False) * 1_000_000).cast(
        pl.Datetime("us")).dt.replace_time_zone("UTC")
    out = pl.DataFrame({"a": from_unix, "b": parsed, "u": unix}).select(
        pl.when(pl.col("u")).then(pl.col("a")).otherwise(pl.col("b")).cast(UTC))
    return frame.with_columns(created_at=out.to_series())


def _post_type() -> pl.Expr:
    ct = pl.col("content_type").str.to_lowercase().str.strip_chars()
    return (
        pl.when(ct.is_not_null() & (ct != ""))
        .then(ct.replace_strict(CONTENT_TYPES, default="other", return_dtype=pl.String))
        .when(pl.col("shared_post_id").is_not_null()).then(pl.lit("share"))
        .when(pl.col("link").is_not_null()).then(pl.lit("link"))
        .otherwise(pl.lit("status"))
    )


def _stated_counts(frame: pl.DataFrame, target: str, kind: str) -> pl.DataFrame:
    return (
        frame.select("container_id", pl.col(target).alias("target_id"),
                     *[pl.col(f"n_{r}_count").alias(r) for r in _REACTIONS])
        .unpivot(index=["container_id", "target_id"], variable_name="reaction_type",
                 value_name="count")
        .filter(pl.col("count") > 0)
        .with_columns(target_kind=pl.lit(kind))
    )


def _tables(records: _Records, collectors: list[Rejects], options: ReadOptions,
            duplicates: list[tuple[Counter[str], Counter[str]]],
            ) -> tuple[dict[str, pl.DataFrame], int]:
    """Canonical tables, and the number of records rejected for bad values."""
    rejected = 0

    def reject(items: list[tuple[int, str, str, str, str | None]]) -> None:
        nonlocal rejected
        for src, place, expected, got, raw in sorted(items, key=lambda t: t[0]):
            collectors[src].fail(place, expected, got, excerpt=raw)
            rejected += 1

    empty = pl.DataFrame(schema=dict.fromkeys(FIELDS, pl.String) | {
        "__where": pl.String, "__src": pl.Int32, "__at": UTC})
    posts = records.frame("post")
    posts = empty.clear() if posts is None else posts
    posts, checks = _count_checks(posts)
    posts, checks = _null_counts(posts, checks, collectors, "posts")
    posts = _times(posts, options.tz)
    posts = posts.with_columns(container_id=pl.coalesce("surface_id", "owner_id"),
                               ctype=pl.coalesce("surface_type", "owner_type"))
    posts, bad = _problems(posts, [
        ("id", pl.col("id").is_null(), "a post id"),
        ("creation_time", pl.col("created_at").is_null(),
         "an ISO 8601 time (or Unix seconds)"),
        ("surface_id", pl.col("container_id").is_null(),
         "the surface (or post owner) of the post"),
        *checks])
    reject(bad)
    comments = records.frame("comment")
    comments = empty.clear() if comments is None else comments
    comments, checks = _count_checks(comments)
    comments, checks = _null_counts(comments, checks, collectors, "comments")
    comments = _times(comments, options.tz)
    where = posts.select(pl.col("id").alias("post_id"), "container_id").unique(
        "post_id", keep="last")
    comments = comments.join(where, on="post_id", how="left", maintain_order="left")
    comments, bad = _problems(comments, [
        ("id", pl.col("id").is_null(), "a comment id"),
        ("creation_time", pl.col("created_at").is_null(),
         "an ISO 8601 time (or Unix seconds)"),
        ("post_id", pl.col("container_id").is_null(),
         "the id of a post in the export (read the posts with the comments)"),
        *checks])
    reject(bad)
    containers_in: list[pl.DataFrame] = []
    audience: list[pl.DataFrame] = []
    latest = posts.get_column("created_at").max() if posts.height else None
    for kind, metrics in (("group", (("member_count", "members"),)),
                          ("page", (("follower_count", "followers"),
                                    ("page_like_count", "page_likes")))):
        frame = records.frame(kind)
        if frame is None:
            continue
        frame, checks = _count_checks(frame)
        frame, checks = _null_counts(frame, checks, collectors, "audience")
        frame, bad = _problems(frame, [("id", pl.col("id").is_null(), f"a {kind} id"),
                                       *checks])
        reject(bad)
        containers_in.append(frame.select(pl.col("id").alias("container_id"),
                                          pl.lit(kind).alias("kind"), "name"))
        at = pl.coalesce("__at", pl.lit(latest, UTC))
        for fld, metric in metrics:
            audience.append(frame.filter(pl.col(f"n_{fld}").is_not_null()).select(
                pl.col("id").alias("container_id"), at.alias("at"),
                pl.col(f"n_{fld}").alias("size"), pl.lit(metric).alias("metric")))
    # The tables.
    names_by_src = {k: r.source for k, r in enumerate(collectors)}
    dup: Counter[str] = Counter()
    diff: Counter[str] = Counter()
    deduped = []
    for frame in (posts, comments):
        frame = frame.with_columns(pl.col("__src").replace_strict(
            names_by_src, return_dtype=pl.String).alias(SOURCE))
        key = ["container_id", "id"]
        frame, d, f = dedupe(frame, key, [c for c in frame.columns
                                          if c not in (*key, SOURCE, "__src", "__where",
                                                       "__at")])
        dup.update(d)
        diff.update(f)
        deduped.append(frame.drop(SOURCE))
    posts, comments = deduped
    duplicates.append((dup, diff))
    names = pl.concat([
        posts.select("container_id", pl.col("owner_id").alias("member_id"),
                     pl.col("owner_name").alias("name")),
        comments.select("container_id", pl.col("owner_id").alias("member_id"),
                        pl.col("owner_name").alias("name")),
    ]).drop_nulls("member_id").unique(["container_id", "member_id"], keep="last",
                                      maintain_order=True)
    post_rows = posts.select(
        "container_id", pl.col("id").alias("post_id"),
        pl.col("owner_id").alias("author_id"), "created_at",
        pl.col("text").alias("message"), _post_type().alias("post_type"),
        pl.col("link").alias("link_url"), link_domain(pl.col("link")).alias("link_domain"),
        pl.col("mcl_url").alias("permalink"),
        pl.col("n_reaction_count").alias("reported_reactions"),
        pl.col("n_comment_count").alias("reported_comments"),
        pl.col("n_share_count").alias("reported_shares"),
        pl.col("n_views").alias("views"),
    )
    comment_rows = comments.select(
        "container_id", pl.col("id").alias("comment_id"), "post_id",
        pl.when(pl.col("parent_comment_id").str.strip_chars() != "")
        .then(pl.col("parent_comment_id")).alias("parent_id"),
        pl.col("owner_id").alias("author_id"), "created_at",
        pl.col("text").alias("message"),
        pl.col("n_reaction_count").alias("reported_reactions"),
    )
    post_rows = post_rows.with_columns(
        mentions=resolve_at_mentions(post_rows, "message", names))
    comment_rows = comment_rows.with_columns(
        mentions=resolve_at_mentions(comment_rows, "message", names))
    counts = pl.concat([_stated_counts(posts, "id", "post"),
                        _stated_counts(comments, "id", "comment")])
    from_posts = posts.select(
        "container_id",
        pl.when(pl.col("ctype").str.to_lowercase().str.contains("group"))
        .then(pl.lit("group")).otherwise(pl.lit("page")).alias("kind"),
        pl.col("surface_name").alias("name"))
    containers = (
        pl.concat([from_posts, *containers_in], how="vertical_relaxed")
        .group_by("container_id", maintain_order=True)
        # Group and page records know their kind and name best: they come last.
        .agg(pl.col("kind").last(), pl.col("name").drop_nulls().last())
    )
    if options.kind:
        containers = containers.with_columns(kind=pl.lit(options.kind))
    tables = {"containers": containers, "posts": post_rows, "comments": comment_rows,
              "reaction_counts": counts, "members": names}
    if audience:
        tables["audience"] = pl.concat(audience).unique(["container_id", "at", "metric"],
                                                         keep="last", maintain_order=True)
    return tables, rejected


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read Content Library exports (see the module docstring).

    Parameters
    ----------
    sources
        The files (or zip entries) of this format, read together (comments find their
        posts across files).
    options
        Read options.

    Returns
    -------
    Dataset
    """
    records = _Records()
    collectors: list[Rejects] = []
    seen: dict[str, int] = {}
    times: dict[str, str | None] = {}
    for n, src in enumerate(sources):
        seen.setdefault(src.name, 0)
        rejects = Rejects(src.name, options.on_error)
        collectors.append(rejects)
        at = _mtime(src)
        times[src.name] = None if at is None else at.isoformat()
        try:
            data = src.read_bytes()
            head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
            with gc_paused():
                if head in (b"[", b"{") or src.suffix in (".json", ".ndjson", ".jsonl"):
                    seen[src.name] += _json_source(src, data, n, at, records, rejects)
                else:
                    seen[src.name] += _csv_source(src, data, n, at, records, rejects,
                                                  options)
        except FormatError as exc:
            if options.on_error == "raise":
                raise
            seen[src.name] += 1
            rejects.fail(exc.place, exc.expected, exc.got, error=type(exc))
    duplicates: list[tuple[Counter[str], Counter[str]]] = []
    tables, _ = _tables(records, collectors, options, duplicates)
    # Per file: what was seen and not rejected was kept (duplicates among it).
    rejected: Counter[str] = Counter()
    for r in collectors:
        rejected[r.source] += len(r)
    kept = {name: n - rejected[name] for name, n in seen.items()}
    return finish(
        source=[s.name for s in sources], fmt=FORMAT, options=options, rows_seen=seen,
        rows_kept=kept, rejects=collectors, tz=options.tz,
        provenance={"audience_at": "file modification time", "file_times": times},
        roster=Roster(), duplicates=duplicates[0] if duplicates else None, **tables,
    )


def read_content_library(
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
    r"""Read Meta Content Library exports (CSV or JSON): posts, comments, groups, pages.

    Read the posts and comments files together (a folder, or a list): comments take the
    container of their post.

    Parameters
    ----------
    path
        A file, folder or zip (or a list of them).
    tz
        Time zone for times without an offset (default ``Europe/Amsterdam``).
    on_error
        ``"raise"``: the first bad record raises a
        :class:`~groepsinzicht.errors.FormatError` with file and place;
        ``"collect"``: bad records become ``rejected`` rows.
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        ``"group"`` or ``"page"``: overrides the kind read from ``surface.type``.
    progress
        Progress bars: True, False, or None for "when the input is larger than 50 MB".
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
    >>> csv = ("id,creation_time,text,post_owner.id,post_owner.name,surface.id,"
    ...        "surface.type,statistics.reaction_count,statistics.love_count\n"
    ...        "77,2024-05-01T12:00:00+0000,Hallo,9,Anna,123,group,4,1\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = pathlib.Path(tmp) / "posts.csv"
    ...     _ = f.write_text(csv)
    ...     ds = read_content_library(f)
    >>> ds.posts.select("container_id", "post_id", "author_id", "reported_reactions").row(0)
    ('123', '77', '9', 4)
    >>> ds.reaction_counts.select("reaction_type", "count").row(0)
    ('love', 1)
    """
    return read_entry(FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))
