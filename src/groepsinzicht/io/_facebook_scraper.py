"""facebook-scraper (kevinzg/facebook-scraper) output: its post dicts as JSON or CSV.

Shapes read (FORMATS.md §2): the CLI's JSON (a list of posts, ``json.dump`` with
``default=str``), any ``json.dump`` of a list of its dicts, NDJSON of them, and the CLI's
CSV (``csv.DictWriter`` with the first post's keys: lists and dicts as Python repr, not
JSON; datetimes as ``2019-04-30 05:00:01``; written in the machine's locale encoding, so
a CSV that is not UTF-8 is read as cp1252, the Windows default, and provenance says so).
Never checked against a real output file: none could be brought (fixtures/real/
SOURCES.md), so FORMATS.md §2 (from the scraper's source) and the writer
:func:`groepsinzicht.synth.write_facebook_scraper` are the evidence.

Field rules
-----------
- ``post_id`` (str or int) is kept as written; ``user_id`` (str or int) becomes the
  author id as a string, ``username`` its name.
- The container is ``page_id`` (the group's id for group posts), else the group in a
  ``/groups/<id>/`` ``post_url``, else the ``id=`` of a ``story.php`` URL, else the page
  in a ``facebook.com/<page>/posts/`` URL. It is a group when a ``post_url`` of its
  posts has ``/groups/``, or when one of its posts has an author other than the
  container itself (a page's posts are the page's own) [inferred]; ``kind=`` overrides.
- ``created_at``: ``timestamp`` (Unix seconds) when present, else ``time``, a naive
  local time of the scraping machine read in ``tz`` (the autumn hour that occurs twice
  takes its first occurrence, a time in the spring gap moves forward).
- ``message``: ``post_text``, else ``text``. ``post_type``: live (``is_live``,
  ``was_live``), video (``video``/``video_id``), share (``shared_post_id``), photo
  (``image``/``images``), link (``link``), else status. ``link_url`` is ``link``,
  ``link_domain`` its host (youtu.be is youtube.com); ``permalink`` is ``post_url``
  (else ``w3_fb_url``); ``views`` is ``video_watches``.
- ``reported_reactions``: ``reaction_count``, else the sum of ``reactions``, else
  ``likes``; ``reported_comments``: ``comments``; ``reported_shares``: ``shares``.
  ``reactions`` per type go to ``reaction_counts`` (sorry → sad, anger → angry,
  support → care; thankful, pride and other names → other).
- ``reactors`` and ``comment_reactors`` become ``reactions`` rows; the actor is the id
  in the ``profile.php?id=`` link, else the link's first path segment (a username).
- ``comments_full`` become comments; their ``replies`` become comments whose
  ``parent_id`` is the comment replied to. ``commenter_id`` (else from
  ``commenter_url``) is the author; ``comment_time`` is a naive local time as above
  (the scraper parses it from "2 hrs"-style text, so it is approximate); a missing
  ``comment_time`` rejects the comment. ``comment_reaction_count`` (a number, or text
  such as ``"2"`` or ``"1.2K"``) is ``reported_reactions``.
- ``mentions``: ``@Name`` in the text naming exactly one member of the container seen
  in the read (the scraper keeps no tags).

Records (for the reconciliation)
--------------------------------
Every post dict, every comment and reply dict and every reactor entry is one record. A
rejected post is one record (its comments and reactors are not read). The same post
twice is kept once, last wins.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC as UTC_TZ
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import parse_qs, urlsplit

import polars as pl

from groepsinzicht.errors import (
    FormatError,
    GroepsinzichtError,
    InternalError,
    MalformedRecordError,
    ParameterError,
    shorten,
)
from groepsinzicht.io._common import Rejects, finish
from groepsinzicht.io._csv import CsvFile, header_cells, report
from groepsinzicht.io._entry import LoadOptions
from groepsinzicht.io._json import (
    BadValue,
    decode_values,
    gc_paused,
    iso_times,
    link_domain,
    reaction_type,
    resolve_at_mentions,
    type_name,
)
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._rules import BAD, MAX_COUNT, SOURCE, as_count
from groepsinzicht.schema import REACTION_TYPE, TARGET_KIND, UTC

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = ["read", "read_facebook_scraper", "sniff"]

FORMAT: Final = "facebook_scraper"

_SIGNATURE: Final = frozenset({"post_text", "shared_text", "comments_full", "post_url",
                               "user_id", "username", "reaction_count", "w3_fb_url",
                               "image_lowquality", "video_watches", "fetched_time"})
# Keys of the Content Library's comments, which also carry a post_id.
_OTHERS: Final = (b'"creation_time"', b'"parent_comment_id"', b'"mcl_url"', b'"post_owner"',
                  b"creation_time", b"parent_comment_id")
_COUNT_TEXT: Final = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([KkMm])$")
_THOUSANDS: Final = re.compile(r"^\d{1,3}(?:[.,\u00a0 ]\d{3})+$")


# ------------------------------------------------------------------------ sniffing
def sniff(source: Source, head: bytes) -> int:  # noqa: ARG001 - the protocol's signature
    """Confidence that ``head`` starts facebook-scraper output (its key names)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"[", b"{"):
        if b'"post_id"' not in text or any(k in text for k in _OTHERS):
            return 0
        hits = sum(f'"{k}"'.encode() in text for k in _SIGNATURE)
    else:
        cells = header_cells(head)
        if not cells or "post_id" not in cells or any(
                c.encode() in _OTHERS for c in cells):
            return 0
        hits = len(_SIGNATURE & set(cells)) + ("time" in cells and "text" in cells)
    return 90 if hits >= 2 else 60 if hits == 1 else 0


# ------------------------------------------------------------------------ values
def _literal(text: str) -> Any:
    """A Python repr cell: literals, plus ``datetime.datetime(...)`` (comment times).

    ``ast.literal_eval`` semantics (no names, calls or operators run), extended only by
    the datetime constructors the scraper's repr writes.
    """
    return _eval(ast.parse(text.strip(), mode="eval").body)


def _eval(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List | ast.Tuple):
        return [_eval(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {_eval(k) if k is not None else None: _eval(v)
                for k, v in zip(node.keys, node.values, strict=True)}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _eval(node.operand)
        if isinstance(value, int | float):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call) and not node.keywords and _dotted(node.func) in (
            "datetime.datetime", "datetime", "datetime.date", "date"):
        args = [_eval(a) for a in node.args]
        if all(type(a) is int for a in args):
            return (datetime if _dotted(node.func).endswith("datetime") else date)(*args)
    msg = f"not a literal: {type(node).__name__}"
    raise ParameterError(msg)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _member_from_link(link: str | None) -> str | None:
    """A profile link's id (``profile.php?id=...``), else its first path segment."""
    if not link:
        return None
    parts = urlsplit(link)
    if parts.path.rstrip("/").endswith("profile.php"):
        ids = parse_qs(parts.query).get("id")
        return ids[0] if ids else None
    seg = parts.path.strip("/").split("/", 1)[0]
    return seg or None


def _container(page_id: str | None, url: str | None) -> str | None:
    if page_id:
        return page_id
    if not url:
        return None
    if "/groups/" in url:
        seg = url.split("/groups/", 1)[1].split("/", 1)[0].split("?", 1)[0]
        return seg or None
    parts = urlsplit(url)
    if parts.path.endswith("story.php") or parts.path.endswith("permalink.php"):
        ids = parse_qs(parts.query).get("id")
        return ids[0] if ids else None
    segs = parts.path.strip("/").split("/")
    if len(segs) >= 2 and segs[1] in ("posts", "videos", "photos"):
        return segs[0]
    return None


class _BadValueError(GroepsinzichtError):
    """A value of the wrong kind (turned into a rejected record by the walker)."""

    def __init__(self, place: str, expected: str, got: str) -> None:
        super().__init__(place)
        self.place, self.expected, self.got = place, expected, got


# ------------------------------------------------------------------------ walker
class _Posts:
    """Column lists of the posts, comments and reactor rows read."""

    def __init__(self, rejects: Rejects | None = None) -> None:
        self.rejects = rejects
        self.seen = 0
        self.kept = 0
        self.p: dict[str, list[Any]] = {k: [] for k in (
            "container_id", "post_id", "author_id", "author_name", "ts", "time", "place",
            "message", "post_type", "link_url", "permalink", "reported_reactions",
            "reported_comments", "reported_shares", "views", "url_group", "src")}
        self.c: dict[str, list[Any]] = {k: [] for k in (
            "container_id", "comment_id", "post_id", "parent_id", "author_id",
            "author_name", "time", "place", "message", "reported_reactions", "src")}
        self.r: dict[str, list[Any]] = {k: [] for k in (
            "container_id", "target_id", "target_kind", "actor_id", "name",
            "reaction_type")}
        self.k: dict[str, list[Any]] = {k: [] for k in (
            "container_id", "target_id", "target_kind", "reaction_type", "count")}
        self.src = 0  # index of the source being read, for rejects found later
        self.none_reactions = 0

    def fail(self, bad: _BadValueError) -> None:
        if self.rejects is None:
            raise InternalError("facebook_scraper: a record failed before its file was opened")
        self.rejects.fail(bad.place, bad.expected, bad.got)

    # ------------------------------------------------------------ posts
    def post(self, obj: Any, at: Callable[[str], str], nested: Callable[[str], str]) -> None:
        """One post dict; ``at(key)`` names a field's place, ``nested(key)`` a list's."""
        self.seen += 1
        try:
            if type(obj) is not dict:
                raise _BadValueError(at("").rstrip(". "), "a post object", type_name(obj))
            row = self._post_fields(obj, at)
        except _BadValueError as bad:
            self.fail(bad)
            return
        p = self.p
        for key, value in row.items():
            p[key].append(value)
        p["src"].append(self.src)
        self.kept += 1
        cont, pid = row["container_id"], row["post_id"]
        try:
            counts = _as_dict(obj.get("reactions"), at("reactions"))
            for name, n in (counts or {}).items():
                self._count(cont, pid, "post", name, n, at("reactions"))
        except _BadValueError as bad:  # the post is kept; its bad per-type counts are one record
            self.seen += 1
            self.fail(bad)
        self.reactors(obj.get("reactors"), cont, pid, "post", nested("reactors"))
        self.comments(obj.get("comments_full"), cont, pid, None, nested("comments_full"))

    def _opt(self, read: Callable[[Any, str], int | None], value: Any, place: str,
             table: str, column: str) -> int | None:
        """An optional count: a bad value raises (raise mode) or is nulled and counted."""
        try:
            return read(value, place)
        except _BadValueError as bad:
            if self.rejects is None:
                raise
            self.rejects.null(bad.place, table, column, bad.expected, bad.got)
            return None

    def _post_fields(self, obj: dict[str, Any], at: Callable[[str], str]) -> dict[str, Any]:
        pid = _id(obj.get("post_id"), at("post_id"), required=True)
        author = _id(obj.get("user_id"), at("user_id"))
        page_id = _id(obj.get("page_id"), at("page_id"))
        url = _str(obj.get("post_url"), at("post_url"))
        w3 = _str(obj.get("w3_fb_url"), at("w3_fb_url"))
        cont = _container(page_id, url) or _container(None, w3)
        if cont is None:
            raise _BadValueError(at("page_id"), "page_id, or a post_url naming the group or page",
                       "none")
        ts = _int(obj.get("timestamp"), at("timestamp"))
        stamp = _time(obj.get("time"), at("time"))
        if ts is None and stamp is None:
            raise _BadValueError(at("timestamp"), "a Unix timestamp or a time", "none")
        post_text = _str(obj.get("post_text"), at("post_text"))
        text = _str(obj.get("text"), at("text"))
        link = _str(obj.get("link"), at("link"))
        reactions = _as_dict(obj.get("reactions"), at("reactions"))
        reported = self._opt(_int, obj.get("reaction_count"), at("reaction_count"),
                             "posts", "reported_reactions")
        if reported is None and reactions:
            vals = [_int(v, at("reactions")) for v in reactions.values()]
            reported = sum(v for v in vals if v is not None)
        if reported is None:
            reported = self._opt(_int, obj.get("likes"), at("likes"), "posts",
                                 "reported_reactions")
        if _truthy(obj.get("is_live")) or _truthy(obj.get("was_live")):
            ptype = "live"
        elif obj.get("video") or obj.get("video_id"):
            ptype = "video"
        elif obj.get("shared_post_id"):
            ptype = "share"
        elif obj.get("image") or _nonempty(obj.get("images")):
            ptype = "photo"
        elif link:
            ptype = "link"
        else:
            ptype = "status"
        return {
            "container_id": cont, "post_id": pid, "author_id": author,
            "author_name": _str(obj.get("username"), at("username")),
            "ts": ts, "time": stamp, "place": at("time"),
            "message": post_text if post_text is not None else text,
            "post_type": ptype, "link_url": link, "permalink": url or w3,
            "reported_reactions": reported,
            "reported_comments": self._opt(_int, obj.get("comments"), at("comments"),
                                           "posts", "reported_comments"),
            "reported_shares": self._opt(_int, obj.get("shares"), at("shares"), "posts",
                                         "reported_shares"),
            "views": self._opt(_int, obj.get("video_watches"), at("video_watches"),
                               "posts", "views"),
            "url_group": url is not None and "/groups/" in url,
        }

    # ------------------------------------------------------------ comments
    def comments(self, value: Any, cont: str, pid: str, parent: str | None,
                 base: str) -> None:
        if value is None:
            return
        try:
            items = _as_list(value, base)
        except _BadValueError as bad:
            self.seen += 1
            self.fail(bad)
            return
        for j, com in enumerate(items):
            where = f"{base}[{j}]"
            self.seen += 1
            try:
                if type(com) is not dict:
                    raise _BadValueError(where, "a comment object", type_name(com))
                row = self._comment_fields(com, where, cont, pid, parent)
            except _BadValueError as bad:
                self.fail(bad)
                continue
            c = self.c
            for key, val in row.items():
                c[key].append(val)
            c["src"].append(self.src)
            self.kept += 1
            cid = row["comment_id"]
            try:
                counts = _as_dict(com.get("comment_reactions"), f"{where}.comment_reactions")
                for name, n in (counts or {}).items():
                    self._count(cont, cid, "comment", name, n, f"{where}.comment_reactions")
            except _BadValueError as bad:
                self.seen += 1
                self.fail(bad)
            self.reactors(com.get("comment_reactors"), cont, cid, "comment",
                          f"{where}.comment_reactors")
            self.comments(com.get("replies"), cont, pid, cid, f"{where}.replies")

    def _comment_fields(self, com: dict[str, Any], where: str, cont: str, pid: str,
                        parent: str | None) -> dict[str, Any]:
        cid = _id(com.get("comment_id"), f"{where}.comment_id", required=True)
        stamp = _time(com.get("comment_time"), f"{where}.comment_time")
        if stamp is None:
            raise _BadValueError(f"{where}.comment_time", "a comment time", "none")
        author = _id(com.get("commenter_id"), f"{where}.commenter_id")
        if author is None:
            author = _member_from_link(_str(com.get("commenter_url"),
                                            f"{where}.commenter_url"))
        return {
            "container_id": cont, "comment_id": cid, "post_id": pid, "parent_id": parent,
            "author_id": author,
            "author_name": _str(com.get("commenter_name"), f"{where}.commenter_name"),
            "time": stamp, "place": f"{where}.comment_time",
            "message": _str(com.get("comment_text"), f"{where}.comment_text"),
            "reported_reactions": self._opt(_count_text, com.get("comment_reaction_count"),
                                            f"{where}.comment_reaction_count", "comments",
                                            "reported_reactions"),
        }

    # ------------------------------------------------------------ reactions
    def reactors(self, value: Any, cont: str, target: str, kind: str, base: str) -> None:
        if value is None:
            return
        try:
            items = _as_list(value, base)
        except _BadValueError as bad:
            self.seen += 1
            self.fail(bad)
            return
        r = self.r
        for j, item in enumerate(items):
            if type(item) is dict and type(item.get("type")) is str and \
                    reaction_type(item["type"]) is None:
                self.none_reactions += 1  # NONE: no reaction; dropped and counted
                continue
            self.seen += 1
            try:
                if type(item) is not dict:
                    raise _BadValueError(f"{base}[{j}]", "a reactor {name, link, type}",
                               type_name(item))
                rtype = _str(item.get("type"), f"{base}[{j}].type")
                if rtype is None:
                    raise _BadValueError(f"{base}[{j}].type", "a reaction type", "none")
                canon = reaction_type(rtype)
                actor = _member_from_link(_str(item.get("link"), f"{base}[{j}].link"))
                name = _str(item.get("name"), f"{base}[{j}].name")
            except _BadValueError as bad:
                self.fail(bad)
                continue
            for key, val in (("container_id", cont), ("target_id", target),
                             ("target_kind", kind), ("actor_id", actor), ("name", name),
                             ("reaction_type", canon)):
                r[key].append(val)
            self.kept += 1

    def _count(self, cont: str, target: str, kind: str, name: Any, n: Any,
               place: str) -> None:
        if type(name) is not str:
            raise _BadValueError(place, "reaction names as keys", type_name(name))
        count = _int(n, f"{place}.{name}")
        canon = reaction_type(name)
        if canon is None or not count:
            return
        k = self.k
        for key, val in (("container_id", cont), ("target_id", target),
                         ("target_kind", kind), ("reaction_type", canon), ("count", count)):
            k[key].append(val)

    # ------------------------------------------------------------ tables
    def tables(self, options: ReadOptions, collectors: list[Rejects]) -> dict[str, Any]:
        """Canonical tables; rows whose time does not parse are rejected here."""
        s, i = pl.String, pl.Int64
        posts = pl.DataFrame(self.p, schema={
            "container_id": s, "post_id": s, "author_id": s, "author_name": s, "ts": i,
            "time": s, "place": s, "message": s, "post_type": s, "link_url": s,
            "permalink": s, "reported_reactions": i, "reported_comments": i,
            "reported_shares": i, "views": i, "url_group": pl.Boolean, "src": i},
            orient="col")
        comments = pl.DataFrame(self.c, schema={
            "container_id": s, "comment_id": s, "post_id": s, "parent_id": s,
            "author_id": s, "author_name": s, "time": s, "place": s, "message": s,
            "reported_reactions": i, "src": i}, orient="col")
        from_ts = (pl.col("ts") * 1_000_000).cast(pl.Datetime("us")).dt.replace_time_zone(
            "UTC")
        posts = posts.with_columns(
            created_at=pl.coalesce(from_ts, pl.lit(iso_times(
                posts.get_column("time"), naive_tz=options.tz))).cast(UTC))
        comments = comments.with_columns(
            created_at=iso_times(comments.get_column("time"), naive_tz=options.tz))
        bad = 0
        for frame in (posts, comments):
            fails = frame.filter(pl.col("created_at").is_null())
            for place, raw, src in zip(fails.get_column("place").to_list(),
                                       fails.get_column("time").to_list(),
                                       fails.get_column("src").to_list(), strict=True):
                collectors[src].fail(place, "a time (YYYY-MM-DD HH:MM:SS)", shorten(raw),
                                     excerpt=raw)
                bad += 1
        self.kept -= bad
        posts = posts.filter(pl.col("created_at").is_not_null())
        comments = comments.filter(pl.col("created_at").is_not_null())
        reactions = pl.DataFrame(self.r, schema={
            "container_id": s, "target_id": s, "target_kind": s, "actor_id": s, "name": s,
            "reaction_type": s}, orient="col")
        names = pl.concat([
            posts.select("container_id", pl.col("author_id").alias("member_id"),
                         pl.col("author_name").alias("name")),
            comments.select("container_id", pl.col("author_id").alias("member_id"),
                            pl.col("author_name").alias("name")),
            reactions.select("container_id", pl.col("actor_id").alias("member_id"), "name"),
        ]).drop_nulls().unique(["container_id", "member_id"], keep="last",
                               maintain_order=True)
        # Duplicate posts and comments are counted per file and resolved in finish.
        names_by_src = {k: r.source for k, r in enumerate(collectors)}
        posts = posts.with_columns(pl.col("src").replace_strict(
            names_by_src, return_dtype=pl.String).alias(SOURCE))
        comments = comments.with_columns(pl.col("src").replace_strict(
            names_by_src, return_dtype=pl.String).alias(SOURCE))
        reactions = (
            reactions.with_columns(pl.col("reaction_type").cast(REACTION_TYPE),
                                   pl.col("target_kind").cast(TARGET_KIND))
            .unique(["container_id", "target_id", "target_kind", "actor_id",
                     "reaction_type"], keep="last", maintain_order=True)
        )
        counts = pl.DataFrame(self.k, schema={
            "container_id": s, "target_id": s, "target_kind": s, "reaction_type": s,
            "count": i}, orient="col").group_by(
            "container_id", "target_id", "target_kind", "reaction_type",
            maintain_order=True).agg(pl.col("count").sum())
        # A group: a group post_url, or an author other than the container itself.
        kinds = posts.group_by("container_id", maintain_order=True).agg(
            (pl.col("url_group").any() | (pl.col("author_id").is_not_null()
                                          & (pl.col("author_id") != pl.col("container_id")))
             .any()).alias("group"))
        containers = kinds.select(
            "container_id",
            pl.lit(options.kind).alias("kind") if options.kind else
            pl.when(pl.col("group")).then(pl.lit("group")).otherwise(pl.lit("page"))
            .alias("kind"))
        posts = posts.with_columns(
            mentions=resolve_at_mentions(posts, "message", names),
            link_domain=link_domain(pl.col("link_url")),
        )
        comments = comments.with_columns(
            mentions=resolve_at_mentions(comments, "message", names))
        return {"containers": containers, "posts": posts, "comments": comments,
                "reactions": reactions.drop("name"), "reaction_counts": counts,
                "members": names}


# ------------------------------------------------------------------------ value checks
def _id(value: Any, place: str, *, required: bool = False) -> str | None:
    if type(value) is str:
        text: str = value.strip()
        if text:
            return text
        value = None
    elif type(value) is int:
        return str(value)
    elif type(value) is float and value.is_integer():
        return str(int(value))
    if value is None:
        if required:
            raise _BadValueError(place, "an id", "none")
        return None
    raise _BadValueError(place, "an id (string or whole number)", type_name(value))


def _str(value: Any, place: str) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return value or None
    raise _BadValueError(place, "a string", type_name(value))


def _int(value: Any, place: str) -> int | None:
    """A count by the shared rule (``as_count``): "12" and 12.0 read; -5, 1.5 do not."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    n = as_count(value)
    if n is BAD:
        raise _BadValueError(place, "a whole number", type_name(value))
    return n  # type: ignore[return-value]


def _count_text(value: Any, place: str) -> int | None:
    """A count written as a number or as display text (``"2"``, ``"1,234"``, ``"1.2K"``)."""
    if type(value) is str:
        text = value.strip()
        n: int | None = None
        if _THOUSANDS.match(text):
            n = int(re.sub(r"\D", "", text))
        elif m := _COUNT_TEXT.match(text):
            scale = 1_000 if m.group(2) in "Kk" else 1_000_000
            n = round(float(m.group(1).replace(",", ".")) * scale)
        if n is not None:
            if n > MAX_COUNT:
                raise _BadValueError(place, "a whole number", type_name(value))
            return n
    return _int(value, place)


def _time(value: Any, place: str) -> str | None:
    """A time as text for the vectorised parse (datetimes from a CSV repr included)."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    if type(value) is str:
        return value.strip()
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if type(value) is int:  # Unix seconds where a time was expected
        return (datetime(1970, 1, 1, tzinfo=UTC_TZ) + timedelta(seconds=value)).isoformat(
            sep=" ")
    raise _BadValueError(place, "a time", type_name(value))


def _truthy(value: Any) -> bool:
    return value is True or (type(value) is str and value.strip().lower() == "true")


def _nonempty(value: Any) -> bool:
    return bool(value) and value not in ("[]", "None")


def _as_list(value: Any, place: str) -> list[Any]:
    if type(value) is str:
        value = _repr(value, place)
        if value is None:
            return []
    if type(value) is not list:
        raise _BadValueError(place, "a list", type_name(value))
    return value


def _as_dict(value: Any, place: str) -> dict[Any, Any] | None:
    if type(value) is str:
        value = _repr(value, place)
    if value is None:
        return None
    if type(value) is not dict:
        raise _BadValueError(place, "a mapping", type_name(value))
    return value


def _repr(text: str, place: str) -> Any:
    if not text.strip():
        return None
    try:
        return _literal(text)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise _BadValueError(place, "a Python literal (list or dict repr)",
                   f"unreadable text {shorten(text, 30)}") from exc


# ------------------------------------------------------------------------ sources
Place = tuple["Callable[[str], str]", "Callable[[str], str]"]


def _json_places(where: str) -> Place:
    """Places in a JSON post: ``$[3].timestamp``; nested ``$[3].comments_full[0]...``."""
    def at(key: str) -> str:
        return f"{where}.{key}" if key else where

    def nested(key: str) -> str:
        return f"{where}.{key}"

    return at, nested


def _csv_places(line: int) -> Place:
    """Places in a CSV row: ``line 5, column 'time'``; inside a repr cell add ``$[0]...``."""
    def at(key: str) -> str:
        return f"line {line}, column {key!r}" if key else f"line {line}"

    def nested(key: str) -> str:
        return f"line {line}, column {key!r}, $"

    return at, nested


def _json_source(src: Source, data: bytes, walker: _Posts) -> None:
    for place, value in decode_values(src.name, data):
        if isinstance(value, BadValue):
            walker.seen += 1
            walker.fail(_BadValueError(place, value.expected, value.got))
            continue
        items = value if type(value) is list else [value]
        prefix = place if type(value) is list else None
        for i, item in enumerate(items):
            where = f"{prefix}[{i}]" if prefix is not None else place
            walker.post(item, *_json_places(where))


def _csv_source(src: Source, data: bytes, walker: _Posts,
                options: ReadOptions) -> str | None:
    encoding = None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # The CLI writes the machine's locale encoding: cp1252 on Windows.
        data = data.decode("cp1252", "replace").encode("utf-8")
        encoding = "cp1252"
    csv = CsvFile.open(src, on_error=options.on_error,
                       what="a facebook-scraper CSV header", data=data)
    if "post_id" not in csv.header:
        raise MalformedRecordError(src.name, f"line {csv.header_line}",
                                   "a column 'post_id'",
                                   f"columns {shorten(csv.header, 60)}")
    frame, problems, seen = csv.frame()
    if walker.rejects is None:
        raise InternalError(f"{src.name}: read before its reject list was set")
    walker.seen += len(problems)
    report(walker.rejects, problems)
    names = {f"c{i}": h for i, h in enumerate(csv.header)}
    lines = frame.get_column("__line").to_list()
    for line, row in zip(lines, frame.drop("__line").rename(names).to_dicts(), strict=True):
        walker.post(row, *_csv_places(line))
    del seen
    return encoding


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read facebook-scraper JSON and CSV files (see the module docstring).

    Parameters
    ----------
    sources
        The files (or zip entries) of this format.
    options
        Read options.

    Returns
    -------
    Dataset
    """
    walker = _Posts()
    collectors: list[Rejects] = []
    encodings: dict[str, str] = {}
    seen: dict[str, int] = {}
    for n, src in enumerate(sources):
        before = walker.seen
        rejects = Rejects(src.name, options.on_error)
        collectors.append(rejects)
        walker.rejects, walker.src = rejects, n
        try:
            data = src.read_bytes()
            head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
            with gc_paused():
                if head in (b"[", b"{") or src.suffix in (".json", ".ndjson", ".jsonl"):
                    _json_source(src, data, walker)
                else:
                    enc = _csv_source(src, data, walker, options)
                    if enc:
                        encodings[src.name] = enc
        except FormatError as exc:
            if options.on_error == "raise":
                raise
            walker.seen += 1
            rejects.fail(exc.place, exc.expected, exc.got, error=type(exc))
        seen[src.name] = seen.get(src.name, 0) + walker.seen - before
    tables = walker.tables(options, collectors) if walker.p["post_id"] else {}
    # Per file: what was seen and not rejected was kept (times rejected in ``tables``
    # are charged to their own file).
    rejected: dict[str, int] = {}
    for r in collectors:
        rejected[r.source] = rejected.get(r.source, 0) + len(r)
    kept = {name: n - rejected.get(name, 0) for name, n in seen.items()}
    provenance: dict[str, Any] = {"dropped_none_reactions": walker.none_reactions}
    if encodings:
        provenance["encodings"] = encodings
    return finish(
        source=[s.name for s in sources], fmt=FORMAT, options=options,
        rows_seen=seen, rows_kept=kept, rejects=collectors, tz=options.tz,
        provenance=provenance, **tables,
    )


def read_facebook_scraper(
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
    """Read facebook-scraper output (its CLI's JSON or CSV, or ``json.dump`` of its posts).

    Parameters
    ----------
    path
        A file, folder or zip (or a list of them).
    tz
        Time zone of the scraping machine, for the naive ``time`` and ``comment_time``
        values (default ``Europe/Amsterdam``); ``timestamp`` needs none.
    on_error
        ``"raise"``: the first bad record raises a
        :class:`~groepsinzicht.errors.FormatError` with file and place (JSON path, or
        ``line N, column 'X'`` in a CSV); ``"collect"``: bad records become
        ``rejected`` rows.
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        ``"group"`` or ``"page"``: overrides the kind read from ``post_url`` and authors.
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
    >>> import json, tempfile, pathlib
    >>> posts = [{"post_id": "22", "text": "Hallo", "post_text": "Hallo",
    ...           "timestamp": 1714564800, "user_id": 757122227, "username": "An",
    ...           "page_id": "123", "post_url": "https://m.facebook.com/groups/123/"
    ...           "permalink/22/", "likes": 3, "comments": 0, "shares": 0}]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = pathlib.Path(tmp) / "posts.json"
    ...     _ = f.write_text(json.dumps(posts))
    ...     ds = read_facebook_scraper(f)
    >>> ds.posts.select("container_id", "post_id", "author_id", "reported_reactions").row(0)
    ('123', '22', '757122227', 3)
    >>> ds.containers.get_column("kind").to_list()
    ['group']
    """
    return read_entry(FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))
