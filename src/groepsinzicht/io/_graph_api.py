"""Graph API feed JSON (``/{group-id}/feed``, ``/{page-id}/feed``) of groups and pages.

Shapes read (FORMATS.md §1): one envelope ``{"data": [...], "paging": {...}}``, a list of
envelopes (or of posts), NDJSON with one post (or one envelope) per line, and envelopes
written one after another. Never checked against a real export: none without real
people's names could be brought (fixtures/real/SOURCES.md), so FORMATS.md §1 and the
writer :func:`groepsinzicht.synth.write_graph_api` are the evidence.

Field rules
-----------
- The container is the ``{container}_{post}`` prefix of the post id (else a
  ``/groups/<id>/`` permalink, else the ``to`` target); it is a group when a permalink of
  its posts has ``/groups/`` (or ``kind=`` says so), else a page; its name comes from
  ``to.data[].name``. Post and comment ids are kept as written.
- ``created_time`` is ISO 8601 with an offset (``+0000``), or Unix seconds
  (``date_format=U``); a time without an offset is an error.
- A missing ``from`` (authors hidden since 2018) gives a null author; a missing
  ``message`` a null message; a missing ``shares`` zero shares.
- ``reactions.data`` (and the legacy ``likes.data``) rows become ``reactions`` rows;
  ``reactions.summary.total_count`` (else ``likes.summary.total_count``) is
  ``reported_reactions``; per-type totals fetched by aliasing
  (``reactions.type(LOVE).summary(1).as(love)`` → ``"love": {"summary": {...}}``, also
  ``reactions_love``, ``love_count``) go to ``reaction_counts``. THANKFUL, PRIDE and
  other unknown types become ``other``; NONE rows are dropped and counted in provenance
  (``dropped_none_reactions``).
- ``comments.summary.total_count`` is ``reported_comments``; comments nest replies
  (``comments{comments}``) or carry ``parent`` (``filter=stream``), both read, to any
  depth. ``like_count`` (or the larger ``reactions.summary.total_count``) is the
  comment's ``reported_reactions``.
- ``post_type`` from ``live_status``, then ``attachments.data[0].type``/``media_type``,
  then the legacy ``type``, then ``status_type``; a "video" or shared link whose URL leaves
  facebook.com (a YouTube link) is a ``link``; a share pointing into facebook.com is a
  ``share``. ``link_url`` is ``link``, else the first attachment's ``url`` (Facebook's
  ``l.php`` redirect undone); ``link_domain`` is its host.
- ``mentions``: ``message_tags`` ids (users and pages), plus ``@Name`` in the text when
  the name is that of exactly one member of the container seen in the read (as author,
  commenter or reactor).

Two paths, one result
---------------------
Each file is first read on the fast path: every post decoded by msgspec into typed
structs that declare only the fields above (:mod:`._graph_api_structs`), a post's thread
flattened and each column built with one list comprehension; NDJSON is read in blocks of
16 MiB. The structs take only what a well-formed feed holds, so anything this docstring
tolerates, repairs, nulls or rejects (an int id, a count written as text, a time that
does not parse, a reaction without type, a cut file, a Graph API error object) makes the
fast path decline the file, and the careful path below (orjson's dicts, walked with a
check and a JSON path for every value) reads it from the start. Both give the same
dataset, rows in the same order (``tests/io/test_graph_api_fast.py``); the fast path
checks the UTF-8 of the whole file, as orjson does, not only of the fields it reads. One
difference is known: a number beyond a double's range (``1e999``) in a field the reader
does not use is skipped by the fast path, where orjson refuses the file.

Records (for the reconciliation)
--------------------------------
Every post, comment and reaction row is one record; so is an edge (``comments``,
``reactions``, ``likes``) whose shape is wrong, and an NDJSON line that does not
decode. A rejected post or comment is one record: what is nested in it is not read.
The same post, comment or reaction twice (overlapping pages) is kept once, last wins.
"""

from __future__ import annotations

import re
import time
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec
import numpy as np
import polars as pl
from msgspec import UNSET
from msgspec.structs import astuple

from groepsinzicht.errors import FormatError, InternalError, shorten
from groepsinzicht.io._common import Rejects, Roster, finish, progress_bar, read_blocks
from groepsinzicht.io._entry import LoadOptions
from groepsinzicht.io._graph_api_structs import (
    ALIAS_TYPES,
    FIRST_ALIAS_COMMENT,
    FIRST_ALIAS_POST,
    Comment,
    Shares,
    decode_list,
    decode_post,
)
from groepsinzicht.io._json import (
    REACTION_ALIASES,
    TRUNCATED,
    BadValue,
    decode_values,
    gc_paused,
    iso_times,
    link_domain,
    reaction_type,
    resolve_at_mentions,
    type_name,
    union_lists,
    unwrap_links,
)
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._rules import BAD, MAX_COUNT, SOURCE, as_count
from groepsinzicht.schema import POST_TYPE, REACTION_TYPE, TARGET_KIND

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = ["read", "read_graph_api", "sniff"]

FORMAT: Final = "graph_api"

#: Rows gathered before they are turned into polars frames (bounds Python memory).
_CHUNK_ROWS: Final = 200_000

_TAG_TYPES: Final = frozenset({"user", "page"})
#: Optional text fields of a post -> the column named in ``Summary.nulled``.
_STRING_COLUMNS: Final = {"type": "post_type", "status_type": "post_type",
                          "live_status": "post_type", "link": "link_url",
                          "permalink_url": "permalink"}
_EDGE_COLUMNS: Final = {"comments": "reported_comments", "reactions": "reported_reactions",
                        "likes": "reported_reactions"}



def _alias_keys() -> dict[str, str]:
    """Keys of per-type reaction summaries fetched by aliasing -> canonical type."""
    out = {}
    for name in ("like", "love", "care", "haha", "wow", "sad", "angry", "thankful", "pride"):
        canon = reaction_type(name) or "other"
        for key in (name, f"reactions_{name}", f"{name}_count", f"reactions_{name}_count",
                    f"{name}_reactions", f"num_{name}"):
            out[key] = out[key.upper()] = canon
    return out


_ALIAS_KEYS: Final = _alias_keys()

# post_type: attachment type / media_type / legacy type / status_type -> canonical.
# "link*" is a link, or a share when it points into facebook.com (or nowhere).
_ATTACHMENT_TYPES: Final = {
    "photo": "photo", "album": "photo", "new_album": "photo", "cover_photo": "photo",
    "profile_media": "photo", "animated_image_share": "photo",
    "video": "video", "video_inline": "video", "video_autoplay": "video",
    "video_direct_response": "video", "animated_image_video": "video",
    "video_share_youtube": "link*", "native_templates": "link*",
    "event": "event", "question": "poll", "poll": "poll",
    "share": "link*", "multi_share": "link*", "link": "link*", "note": "status",
}
_MEDIA_TYPES: Final = {"photo": "photo", "album": "photo", "video": "video",
                       "link": "link*", "event": "event"}
_LEGACY_TYPES: Final = {"status": "status", "photo": "photo", "video": "video",
                        "link": "link*", "event": "event", "note": "status",
                        "offer": "other", "music": "link*"}
_STATUS_TYPES: Final = {
    "mobile_status_update": "status", "wall_post": "status", "published_story": "status",
    "created_note": "status", "added_photos": "photo", "tagged_in_photo": "photo",
    "added_video": "video", "shared_story": "link*", "created_event": "event",
    "created_group": "other", "app_created_story": "other",
}
_FB_DOMAINS: Final = ["facebook.com", "fbcdn.net", "messenger.com", "instagram.com"]


# ------------------------------------------------------------------------ sniffing
def sniff(source: Source, head: bytes) -> int:  # noqa: ARG001 - the protocol's signature
    """Confidence that ``head`` starts a Graph API feed (signature keys, not the name)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return 0
    # Other formats' signatures: facebook-scraper, Content Library, DYI.
    if b'"post_id"' in text and (b'"post_text"' in text or b'"comments_full"' in text
                                 or b'"shared_text"' in text):
        return 0
    if b'"creation_time"' in text or b'"mcl_url"' in text or b'"post_owner"' in text:
        return 0
    score = 0
    if b'"created_time"' in text:
        score += 50
    if b'"paging"' in text:
        score += 30
    if b'"permalink_url"' in text or b'"status_type"' in text:
        score += 20
    if b'"from"' in text and b'"id"' in text:
        score += 10
    if b'"data"' in text and b'"id"' in text:
        score += 10
    if _has_feed_id(text):
        score += 30
    return min(score, 95)


def _has_feed_id(text: bytes) -> bool:
    return _FEED_ID.search(text) is not None


_FEED_ID: Final = re.compile(rb'"id"\s*:\s*"\d+_\d+"')


# ------------------------------------------------------------------------ reading
_POST_KEYS: Final = ("container_id", "post_id", "author_id", "author_name", "time",
                     "message", "type", "status", "att", "media", "live", "link",
                     "permalink", "reported_reactions", "reported_comments",
                     "reported_shares", "path")
_COMMENT_KEYS: Final = ("container_id", "comment_id", "post_id", "parent_id", "author_id",
                        "author_name", "time", "message", "like_count", "total_count",
                        "path")
_NONE: Final = frozenset({"NONE", "none"})
_TYPE_ORDER: Final = {t: i for i, t in enumerate(REACTION_TYPE.categories.to_list())}
_ALIAS_SET: Final = frozenset(_ALIAS_KEYS)


def _unix(t: int) -> str:
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(t))
    except (OverflowError, OSError, ValueError):
        return str(t)  # beyond any calendar: rejected as a time that does not parse


class _Feed:
    """Column lists of one source's records, flushed into polars frames in chunks.

    Hot loops append plain values to lists; whatever repeats per row (a reaction row's
    target) is stored once per run and expanded when the chunk becomes frames. With
    ``paths`` the walk also records each post's and comment's JSON path: used to re-walk
    a chunk and locate a value that failed a vectorised check.
    """

    def __init__(self, rejects: Rejects, *, paths: bool = False, fast: bool = False,
                 chunk_rows: int | None = None) -> None:
        self.rejects = rejects
        self.paths = paths
        self.fast = fast
        self.chunk_rows = chunk_rows or _CHUNK_ROWS
        self.seen = 0
        self.kept = 0
        self.none_reactions = 0
        self.pending: list[tuple[Any, str]] = []
        self.frames: dict[str, list[pl.DataFrame]] = {
            "posts": [], "comments": [], "reactions": [], "counts": [], "reactors": []}
        self.groups: set[str] = set()
        self.container_names: dict[str, str] = {}
        self._reset()

    def _reset(self) -> None:
        self.p: dict[str, list[Any]] = {k: [] for k in _POST_KEYS}
        self.c: dict[str, list[Any]] = {k: [] for k in _COMMENT_KEYS}
        # Tags as (row in the chunk, member id) pairs: one list per row is slow in polars.
        self.p_tags: tuple[list[int], list[str]] = ([], [])
        self.c_tags: tuple[list[int], list[str]] = ([], [])
        # Reaction rows: actor, type, name per row; container, target, kind per run.
        self.r: dict[str, list[Any]] = {"actor_id": [], "type": [], "name": []}
        self.runs: dict[str, list[Any]] = {"container_id": [], "target_id": [],
                                           "target_kind": [], "n": []}
        self.k: dict[str, list[Any]] = {k: [] for k in ("container_id", "target_id",
                                                        "target_kind", "reaction_type",
                                                        "count")}
        self.rows = 0

    # ------------------------------------------------------------ failures
    def fail(self, place: str, expected: str, got: str, *, excerpt: object = None) -> None:
        """One bad record; in raise mode earlier rows are checked first (file order)."""
        if self.rejects.on_error == "raise" and not self.paths:
            self.flush()
        self.rejects.fail(place, expected, got, excerpt=excerpt)

    # ------------------------------------------------------------ top level
    def top(self, value: Any, place: str) -> None:
        """One decoded JSON value: an envelope, a list of envelopes or posts, a post."""
        if isinstance(value, BadValue):
            self.seen += 1
            self.fail(place, value.expected, value.got)
            return
        if type(value) is dict:
            if "data" in value:
                self.envelope(value, place)
            elif "error" in value:
                self.seen += 1
                err = value.get("error")
                code = err.get("code") if type(err) is dict else None
                self.fail(place, "a feed page {data, paging}",
                          f"a Graph API error object (code {shorten(code)})")
            elif "id" in value:
                self.post(value, place)
            else:
                self.seen += 1
                self.fail(place, "a feed page {data, paging} or a post",
                          f"an object with keys {shorten(sorted(value)[:5])}")
        elif type(value) is list:
            for i, item in enumerate(value):
                where = f"{place}[{i}]"
                if type(item) is dict and "data" in item and "id" not in item:
                    self.envelope(item, where)
                else:
                    self.post(item, where)
                value[i] = None  # let the raw post go once it is read
        else:
            self.seen += 1
            self.fail(place, "a feed page {data, paging}, a list of them, or a post",
                      type_name(value))

    def envelope(self, env: dict[str, Any], place: str) -> None:
        """The posts of one ``{data, paging}`` page."""
        data = env["data"]
        if type(data) is not list:
            self.seen += 1
            self.fail(f"{place}.data", "an array of posts", type_name(data))
            return
        for i, item in enumerate(data):
            self.post(item, f"{place}.data[{i}]")
            data[i] = None

    # ------------------------------------------------------------ posts
    def post(self, post: Any, where: str) -> None:
        """One post with its comments and reactions."""
        if type(post) is dict and TRUNCATED in post:
            return  # the record a salvaged document broke in: its tail is rejected once
        if not self.paths:
            self.pending.append((post, where))
        self.seen += 1
        if type(post) is not dict:
            self.fail(where, "a post object", type_name(post))
            return
        get = post.get
        pid = get("id")
        if type(pid) is not str:
            if type(pid) is not int:
                self.fail(f"{where}.id", "a post id", type_name(pid))
                return
            pid = str(pid)
        created = get("created_time")
        if type(created) is not str:
            if type(created) is not int:
                self.fail(f"{where}.created_time", "an ISO 8601 time (or Unix seconds)",
                          "none" if created is None else type_name(created))
                return
            created = _unix(created)
        author = self._author(get("from"), where)
        if author is False:
            return
        msg = get("message")
        if msg is not None and type(msg) is not str:
            self.rejects.null(f"{where}.message", "posts", "message", "a string",
                              type_name(msg))
            msg = None
        typ, status, live, link, perma = self._strings(
            post, where, ("type", "status_type", "live_status", "link", "permalink_url"))
        att = self._attachment(get("attachments"), where)
        if att is None:
            return
        container = self._container(post, pid, perma, where)
        if container is None:
            return
        shares = get("shares")
        n_shares: Any = 0
        if shares is not None:
            n_shares = shares.get("count", 0) if type(shares) is dict else shares
            if type(n_shares) is not int or not 0 <= n_shares <= MAX_COUNT:
                n_shares = self._count(n_shares, f"{where}.shares", "reported_shares",
                                       "posts")
        tags = get("message_tags")
        if tags is not None:
            tags = self._tags(tags, f"{where}.message_tags")
            if tags is None:
                return
        # Edges: a malformed one is its own rejected record; the post stays.
        reactions = self._edge(post, "reactions", where)
        likes = self._edge(post, "likes", where)
        comments = self._edge(post, "comments", where)
        reported = _total(reactions)
        if reported is None:
            reported = _total(likes)
        stated = self._aliases(post) if not _ALIAS_SET.isdisjoint(post) else {}
        like_total = _total(likes)
        if "like" not in stated and like_total is not None:
            stated["like"] = like_total
        if perma is not None and "/groups/" in perma:
            self.groups.add(container)
        to = get("to")
        if type(to) is dict and type(to.get("data")) is list:
            for t in to["data"]:
                if type(t) is dict and str(t.get("id")) == container and \
                        type(t.get("name")) is str:
                    self.container_names[container] = t["name"]
        self._post_row((container, pid, author[0] if author else None,
                        author[1] if author else None, created, msg, typ, status, att[0],
                        att[1], live, link if link is not None else att[2], perma,
                        reported, _total(comments), n_shares), tags)
        if self.paths:
            self.p["path"].append(where)
        if stated:
            self._counts(container, pid, "post", stated)
        if reactions is not None:
            self.reaction_rows(reactions["data"], container, pid, "post",
                               f"{where}.reactions", None)
        if likes is not None:
            self.reaction_rows(likes["data"], container, pid, "post", f"{where}.likes",
                               "LIKE")
        if comments is not None:
            self.comments(comments["data"], container, pid, None, f"{where}.comments")
        if self.rows >= self.chunk_rows and not self.paths:
            self.flush()

    # ------------------------------------------------------------ comments
    def comments(self, data: list[Any], container: str,
                 pid: str, parent: str | None, base: str) -> None:
        """The comments of one ``comments.data`` list (and, recursively, replies)."""
        c = self.c
        c_cont, c_id, c_post = c["container_id"].append, c["comment_id"].append, \
            c["post_id"].append
        c_parent, c_author, c_name = c["parent_id"].append, c["author_id"].append, \
            c["author_name"].append
        c_time, c_msg, c_like = c["time"].append, c["message"].append, \
            c["like_count"].append
        c_total = c["total_count"].append
        paths = self.paths
        self.seen += len(data)
        for j, com in enumerate(data):
            if type(com) is not dict:
                self.fail(f"{base}.data[{j}]", "a comment object", type_name(com))
                continue
            get = com.get
            cid = get("id")
            if type(cid) is not str:
                if type(cid) is not int:
                    self.fail(f"{base}.data[{j}].id", "a comment id", type_name(cid))
                    continue
                cid = str(cid)
            created = get("created_time")
            if type(created) is not str:
                if type(created) is not int:
                    self.fail(f"{base}.data[{j}].created_time",
                              "an ISO 8601 time (or Unix seconds)",
                              "none" if created is None else type_name(created))
                    continue
                created = _unix(created)
            f = get("from")
            if f is None:
                author = name = None
            elif type(f) is dict and type(f.get("id")) is str:  # the common case, inline
                author = f["id"]
                name = f.get("name")
                if type(name) is not str:
                    name = None
            else:
                who = self._author(f, f"{base}.data[{j}]")
                if who is False:
                    continue
                author, name = who if who else (None, None)
            msg = get("message")
            if msg is not None and type(msg) is not str:
                self.rejects.null(f"{base}.data[{j}].message", "comments", "message",
                                  "a string", type_name(msg))
                msg = None
            like_count = get("like_count")
            if like_count is not None and (type(like_count) is not int
                                           or not 0 <= like_count <= MAX_COUNT):
                like_count = self._count(like_count, f"{base}.data[{j}].like_count",
                                         "reported_reactions", "comments")
            par = get("parent")
            parent_id = parent
            if par is not None:
                pv = par.get("id") if type(par) is dict else None
                if type(pv) is not str and type(pv) is not int:
                    self.fail(f"{base}.data[{j}].parent", "{id: the parent comment's id}",
                              type_name(par))
                    continue
                parent_id = str(pv)
            tags = get("message_tags")
            if tags is not None:
                tags = self._tags(tags, f"{base}.data[{j}].message_tags")
                if tags is None:
                    continue
            reactions = replies = None
            if "reactions" in com:
                reactions = self._edge(com, "reactions", f"{base}.data[{j}]")
            if "comments" in com:
                replies = self._edge(com, "comments", f"{base}.data[{j}]")
            if tags:
                row = len(c["comment_id"])
                self.c_tags[0].extend([row] * len(tags))
                self.c_tags[1].extend(tags)
            c_cont(container)
            c_id(cid)
            c_post(pid)
            c_parent(parent_id)
            c_author(author)
            c_name(name)
            c_time(created)
            c_msg(msg)
            c_like(like_count)
            c_total(None if reactions is None else _total(reactions))
            if paths:
                c["path"].append(f"{base}.data[{j}]")
            self.kept += 1
            self.rows += 1
            if not _ALIAS_SET.isdisjoint(com):
                self._counts(container, cid, "comment", self._aliases(com))
            if reactions is not None:
                self.reaction_rows(reactions["data"], container, cid, "comment",
                                   f"{base}.data[{j}].reactions", None)
            if replies is not None:
                self.comments(replies["data"], container, pid, cid,
                              f"{base}.data[{j}].comments")

    # ------------------------------------------------------------ reactions
    def reaction_rows(self, rows: list[Any], container: str, target: str, kind: str,
                      base: str, default: str | None) -> None:
        """Reaction rows of one edge; their target is stored once per run."""
        r = self.r
        actors, types, names = r["actor_id"], r["type"], r["name"]
        r_actor, r_type, r_name = actors.append, types.append, names.append
        start = len(actors)
        none = 0
        for j, row in enumerate(rows):
            if type(row) is dict:
                rtype = row.get("type", default)
                if rtype in _NONE:
                    none += 1
                    continue
                actor = row.get("id")
                if type(rtype) is str and (actor is None or type(actor) is str):
                    r_actor(actor)
                    r_type(rtype)
                    r_name(row.get("name"))
                    continue
                if type(rtype) is str and type(actor) is int:
                    r_actor(str(actor))
                    r_type(rtype)
                    r_name(row.get("name"))
                    continue
                if type(rtype) is str:
                    place, expected, got = f"{base}.data[{j}].id", "a member id", \
                        type_name(actor)
                else:
                    place, expected, got = f"{base}.data[{j}].type", \
                        "a reaction type (LIKE, LOVE, ...)", type_name(rtype)
            else:
                place, expected, got = f"{base}.data[{j}]", "a reaction object", \
                    type_name(row)
            # Close the run before a raise-mode flush, then start a new one.
            self._run(container, target, kind, len(actors) - start)
            self.fail(place, expected, got)
            start = len(actors)
        self._run(container, target, kind, len(actors) - start)
        self.none_reactions += none
        self.seen += len(rows) - none

    def _run(self, container: str, target: str, kind: str, n: int) -> None:
        if n:
            runs = self.runs
            runs["container_id"].append(container)
            runs["target_id"].append(target)
            runs["target_kind"].append(kind)
            runs["n"].append(n)
            self.kept += n
            self.rows += n

    # ------------------------------------------------------------ field helpers
    def _author(self, f: Any, where: str) -> tuple[str, str | None] | Literal[False] | None:
        """``(id, name)`` of a ``from`` object, None when absent, False when bad."""
        if f is None:
            return None
        if type(f) is dict:
            a = f.get("id")
            name = f.get("name")
            if type(name) is not str:
                name = None
            if type(a) is str:
                return a, name
            if type(a) is int:
                return str(a), name
            if a is None:  # an author without id is as good as a hidden one
                return None
        elif type(f) is str:  # a bare id
            return f, None
        self.fail(f"{where}.from", "{id, name} of the author", type_name(f))
        return False

    def _strings(self, post: dict[str, Any], where: str,
                 keys: tuple[str, ...]) -> list[str | None]:
        """Optional text fields: a value of another type is nulled (collect mode)."""
        out: list[str | None] = []
        for key in keys:
            v = post.get(key)
            if v is not None and type(v) is not str:
                if self.rejects.on_error == "raise" and not self.paths:
                    self.flush()
                self.rejects.null(f"{where}.{key}", "posts", _STRING_COLUMNS[key],
                                  "a string", type_name(v))
                v = None
            out.append(v)
        return out

    def _count(self, value: Any, place: str, column: str, table: str) -> int | None:
        """An optional count that is not a plain int: "12" and 12.0 read; else nulled."""
        n = as_count(value)
        if n is BAD:
            if self.rejects.on_error == "raise" and not self.paths:
                self.flush()
            self.rejects.null(place, table, column, "a whole number, not negative",
                              type_name(value))
            return None
        return n  # type: ignore[return-value]

    def _attachment(self, att: Any,
                    where: str) -> tuple[str | None, str | None, str | None] | None:
        if att is None:
            return (None, None, None)
        data = att.get("data") if type(att) is dict else None
        if type(data) is not list:
            self.fail(f"{where}.attachments", "{data: [attachments]}", type_name(att))
            return None
        if not data:
            return (None, None, None)
        first = data[0]
        if type(first) is not dict:
            self.fail(f"{where}.attachments.data[0]", "an attachment object",
                      type_name(first))
            return None
        vals = []
        for key in ("type", "media_type", "url"):
            v = first.get(key)
            if v is not None and type(v) is not str:
                self.fail(f"{where}.attachments.data[0].{key}", "a string", type_name(v))
                return None
            vals.append(v)
        return (vals[0], vals[1], vals[2])

    def _container(self, post: dict[str, Any], pid: str, perma: str | None,
                   where: str) -> str | None:
        found = _container_of(pid, perma)
        if found is not None:
            return found
        to = post.get("to")
        if type(to) is dict and type(to.get("data")) is list and to["data"] and \
                type(to["data"][0]) is dict and to["data"][0].get("id") is not None:
            return str(to["data"][0]["id"])
        self.fail(f"{where}.id", "an id of the form {container}_{post} (or a group "
                  "permalink)", shorten(pid))
        return None

    def _tags(self, tags: Any, place: str) -> list[str] | None:
        """Member ids of ``message_tags`` (users and pages); None when malformed."""
        if type(tags) is dict:  # older versions: {"offset": [tags]}
            tags = [t for v in tags.values() if type(v) is list for t in v]
        if type(tags) is not list:
            self.fail(place, "an array of tags", type_name(tags))
            return None
        out = []
        for t in tags:
            if type(t) is not dict:
                self.fail(place, "tag objects {id, name, type}", type_name(t))
                return None
            tid = t.get("id")
            if tid is not None and t.get("type", "user") in _TAG_TYPES:
                out.append(str(tid))
        return out

    def _edge(self, obj: dict[str, Any], key: str, where: str) -> dict[str, Any] | None:
        """An edge ``{data: [...], summary: {total_count}}``; None when absent or bad."""
        edge = obj.get(key)
        if edge is None:
            return None
        if type(edge) is not dict:
            self.seen += 1
            self.fail(f"{where}.{key}", "{data: [...], summary: {...}}", type_name(edge))
            return None
        data = edge.get("data")
        if data is None:
            edge["data"] = []
        elif type(data) is not list:
            self.seen += 1
            self.fail(f"{where}.{key}.data", "an array", type_name(data))
            return None
        summary = edge.get("summary")
        if summary is not None:
            total = summary.get("total_count") if type(summary) is dict else summary
            if total is not None and (type(total) is not int
                                      or not 0 <= total <= MAX_COUNT):
                n = self._count(total, f"{where}.{key}.summary.total_count",
                                _EDGE_COLUMNS.get(key, "reported_reactions"),
                                "posts" if "comments" not in where else "comments")
                edge["summary"] = {"total_count": n}
        return edge

    def _aliases(self, obj: dict[str, Any]) -> dict[str, int]:
        stated: dict[str, int] = {}
        for key in [k for k in obj if k in _ALIAS_SET]:  # in the file's order
            value = obj[key]
            total = _total(value) if type(value) is dict else None
            if total is None:
                continue
            rtype = _ALIAS_KEYS[key]
            # ``other`` collects several aliases (thankful, pride); the rest take the max
            # (one type fetched under two aliases).
            if rtype == "other":
                stated[rtype] = stated.get(rtype, 0) + total
            else:
                stated[rtype] = max(stated.get(rtype, 0), total)
        return stated

    def _post_row(self, row: tuple[Any, ...], tags: list[str] | None) -> None:
        """One post's values, in the order of ``_POST_KEYS``, and its tagged ids."""
        p = self.p
        if tags:
            at = len(p["post_id"])
            self.p_tags[0].extend([at] * len(tags))
            self.p_tags[1].extend(tags)
        for key, value in zip(_POST_KEYS, row, strict=False):  # all but "path"
            p[key].append(value)
        self.kept += 1
        self.rows += 1

    def _counts(self, container: str, target: str, kind: str, stated: dict[str, int]) -> None:
        # In the canonical type order, not the file's: both paths give the same rows.
        if len(stated) > 1:
            stated = {t: stated[t] for t in sorted(stated, key=_TYPE_ORDER.__getitem__)}
        k = self.k
        n = len(stated)
        k["container_id"].extend([container] * n)
        k["target_id"].extend([target] * n)
        k["target_kind"].extend([kind] * n)
        k["reaction_type"].extend(stated)
        k["count"].extend(stated.values())

    # ------------------------------------------------------------ the fast path
    def fast_post(self, post: Any) -> None:
        """One post decoded into structs (see :mod:`._graph_api_structs`).

        The same rows, in the same order, as :meth:`post` gives the same object; whatever
        :meth:`post` would reject, null or repair raises :class:`_DeclinedError` instead.
        """
        pid = post.id
        created = post.created_time
        if pid is UNSET or created is UNSET:
            raise _DeclinedError
        if type(created) is int:
            created = _unix(created)
        aid, aname = _fast_author(post.from_)
        perma = post.permalink_url
        att = post.attachments
        first = att.data[0] if att is not None and att.data else None
        link = post.link
        container = _fast_container(post, pid, perma)
        shares = post.shares
        n_shares = 0 if shares is None else (
            shares.count if type(shares) is Shares else shares)
        reactions, likes, comments = post.reactions, post.likes, post.comments
        reported = _fast_total(reactions)
        like_total = _fast_total(likes)
        if reported is None:
            reported = like_total
        stated = _fast_aliases(astuple(post)[FIRST_ALIAS_POST:])
        if "like" not in stated and like_total is not None:
            stated["like"] = like_total
        if perma is not None and "/groups/" in perma:
            self.groups.add(container)
        to = post.to
        if to is not None:
            for t in to.data:
                if t.name is not None and str(t.id) == container:
                    self.container_names[container] = t.name
        self._post_row((container, pid, aid, aname, created, post.message, post.type,
                        post.status_type, None if first is None else first.type,
                        None if first is None else first.media_type, post.live_status,
                        link if link is not None or first is None else first.url, perma,
                        reported, _fast_total(comments), n_shares),
                       _fast_tags(post.message_tags))
        if stated:
            self._counts(container, pid, "post", stated)
        # Reaction edges of the post and its thread: gathered, then their rows and runs
        # built in bulk (one comprehension per column over the whole post).
        targets: list[str] = []
        edges: list[list[Any]] = []
        if reactions is not None and reactions.data:
            targets.append(pid)
            edges.append(reactions.data)
        if likes is not None and likes.data:
            targets.append(pid)
            edges.append(likes.data)
        on_post = len(targets)
        if comments is not None and comments.data:
            self._fast_comments(comments.data, container, pid, targets, edges)
        if edges:
            rows = list(chain.from_iterable(edges)) if len(edges) > 1 else edges[0]
            r = self.r
            r["actor_id"].extend([x.id for x in rows])
            r["type"].extend([x.type for x in rows])
            r["name"].extend([x.name for x in rows])
            runs = self.runs
            runs["container_id"].extend([container] * len(targets))
            runs["target_id"].extend(targets)
            runs["target_kind"].extend(["post"] * on_post)
            runs["target_kind"].extend(["comment"] * (len(targets) - on_post))
            runs["n"].extend([len(e) for e in edges])
            self.kept += len(rows)
            self.rows += len(rows)
        if self.rows >= self.chunk_rows:
            self.flush()

    def _fast_comments(self, data: list[Any], container: str, pid: str,
                       targets: list[str], edges: list[list[Any]]) -> None:
        """A post's comments and replies decoded into structs, depth first.

        The thread is flattened first (comment, then its replies, then the next
        comment: the careful path's order); then each column is one list comprehension
        over the whole thread, and one loop picks up tags, aliased counts and the
        reaction edges (added to ``targets`` and ``edges``) where there are any.
        """
        flat: list[Any] = []
        parents: list[str | None] = []
        _flatten(data, None, flat.append, parents.append)
        c = self.c
        n = len(flat)
        first_row = len(c["comment_id"])
        ids = [x.id for x in flat]
        c["container_id"].extend([container] * n)
        c["comment_id"].extend(ids)
        c["post_id"].extend([pid] * n)
        c["parent_id"].extend(parents)
        froms = [x.from_ for x in flat]
        c["author_id"].extend([None if f is None else f.id for f in froms])
        c["author_name"].extend([None if f is None or f.id is None else f.name
                                 for f in froms])
        c["time"].extend([x.created_time for x in flat])
        c["message"].extend([x.message for x in flat])
        c["like_count"].extend([x.like_count for x in flat])
        redges = [x.reactions for x in flat]
        c["total_count"].extend([None if e is None or e.summary is None
                                 else e.summary.total_count for e in redges])
        self.kept += n
        self.rows += n
        no_alias = _N_ALIASES_COMMENT
        add_target, add_edge = targets.append, edges.append
        for j, com in enumerate(flat):
            edge = redges[j]
            if edge is not None and edge.data:
                add_target(ids[j])
                add_edge(edge.data)
            tagged = _fast_tags(com.message_tags)
            if tagged:
                self.c_tags[0].extend([first_row + j] * len(tagged))
                self.c_tags[1].extend(tagged)
            aliases = astuple(com)[FIRST_ALIAS_COMMENT:]
            if aliases.count(None) != no_alias:
                stated = _fast_aliases(aliases)
                if stated:
                    self._counts(container, ids[j], "comment", stated)

    # ------------------------------------------------------------ frames
    def flush(self) -> None:
        """Turn the gathered columns into frames, checking times vectorised."""
        if self.rows == 0 and not self.k["count"]:
            self.pending.clear()
            return
        p, c = self.p, self.c
        posts = _with_tags(pl.DataFrame(
            {k: (unwrap_links(p["link"]) if k == "link" else p[k]) for k in _POST_SCHEMA},
            schema=_POST_SCHEMA,
        ), self.p_tags)
        comments = _with_tags(pl.DataFrame({k: c[k] for k in _COMMENT_SCHEMA},
                                           schema=_COMMENT_SCHEMA), self.c_tags)
        posts = posts.with_columns(created_at=iso_times(posts.get_column("time")))
        comments = comments.with_columns(created_at=iso_times(comments.get_column("time")))
        bad_p = posts.get_column("created_at").is_null()
        bad_c = comments.get_column("created_at").is_null()
        if bad_p.any() or bad_c.any():
            if self.fast:
                raise _DeclinedError
            self._reject_times(posts, bad_p, comments, bad_c)
            posts = posts.filter(~bad_p)
            comments = comments.filter(~bad_c)
        runs = self.runs
        idx = np.repeat(np.arange(len(runs["n"]), dtype=np.uint32),
                        np.asarray(runs["n"], dtype=np.int64))
        targets = pl.DataFrame({k: runs[k] for k in ("container_id", "target_id",
                                                     "target_kind")},
                               schema=_RUN_SCHEMA)
        reactions = targets[idx].hstack(pl.DataFrame(self.r, schema=_REACTION_SCHEMA))
        if self.fast:
            # What the careful walk does row by row: a reaction without a type is a
            # problem (careful path), a NONE row is dropped and counted.
            types = reactions.get_column("type")
            if types.has_nulls():
                raise _DeclinedError
            none = types.is_in(list(_NONE))
            n_none = int(none.sum())
            if n_none:
                reactions = reactions.filter(~none)
                self.kept -= n_none
                self.none_reactions += n_none
        src = pl.lit(self.rejects.source, pl.String).alias(SOURCE)
        self.frames["posts"].append(
            posts.drop("time").rename({"link": "link_url"}).with_columns(src))
        self.frames["comments"].append(comments.drop("time").with_columns(src))
        # Reactors' names are reduced per chunk (the last one per member, as the table
        # of names keeps), and the type and kind become enums: a string column costs
        # 16 bytes a row before its text, and reactions are the most rows.
        self.frames["reactors"].append(_last_names([reactions.select(
            "container_id", pl.col("actor_id").alias("member_id"), "name")]))
        self.frames["reactions"].append(reactions.select(
            "container_id", "target_id", pl.col("target_kind").cast(TARGET_KIND),
            "actor_id",
            pl.col("type").str.to_lowercase().replace_strict(
                REACTION_ALIASES, default="other", return_dtype=pl.String)
            .cast(REACTION_TYPE).alias("reaction_type"),
            src))
        self.frames["counts"].append(pl.DataFrame(self.k, schema=_COUNT_SCHEMA))
        self.pending.clear()
        self._reset()

    def _reject_times(self, posts: pl.DataFrame, bad_p: pl.Series,
                      comments: pl.DataFrame, bad_c: pl.Series) -> None:
        """Locate and reject rows whose time did not parse (re-walk of the chunk)."""
        again = _Feed(Rejects(self.rejects.source, "collect"), paths=True)
        for obj, where in self.pending:
            again.post(obj, where)
        bad: list[tuple[str, str]] = []
        for frame, mask, paths in ((posts, bad_p, again.p["path"]),
                                   (comments, bad_c, again.c["path"])):
            idx = mask.arg_true().to_list()
            raws = frame.get_column("time").gather(idx).to_list()
            bad.extend((paths[i], raw) for i, raw in zip(idx, raws, strict=True))
        self.kept -= len(bad)
        for place, raw in bad:
            self.rejects.fail(f"{place}.created_time", "an ISO 8601 time with an offset",
                              shorten(raw), excerpt=raw)

    def tables(self, options: ReadOptions) -> dict[str, pl.DataFrame]:
        """The canonical tables of everything read."""
        posts = _concat(self.frames["posts"])
        comments = _concat(self.frames["comments"])
        reactions = _concat(self.frames["reactions"])
        counts = _concat(self.frames["counts"])
        names = _last_names([
            posts.select("container_id", pl.col("author_id").alias("member_id"),
                         pl.col("author_name").alias("name")),
            comments.select("container_id", pl.col("author_id").alias("member_id"),
                            pl.col("author_name").alias("name")),
            *self.frames["reactors"],
        ])
        self.frames.clear()  # the chunks live on only in the buffers the tables share
        # Duplicates (overlapping pages) are counted and resolved in ``finish``.
        counts = (
            counts
            .group_by("container_id", "target_id", "target_kind", "reaction_type",
                      maintain_order=True)
            .agg(pl.col("count").last())
        )
        posts = posts.with_columns(
            mentions=union_lists(pl.col("tags"),
                                 resolve_at_mentions(posts, "message", names)),
            link_domain=link_domain(pl.col("link_url")),
        ).with_columns(post_type=_post_type())
        comments = comments.with_columns(
            mentions=union_lists(pl.col("tags"),
                                 resolve_at_mentions(comments, "message", names)),
            reported_reactions=pl.max_horizontal("like_count", "total_count"),
        )
        ids = pl.concat([posts.select("container_id"), comments.select("container_id")]
                        ).unique(maintain_order=True).get_column("container_id").to_list()
        kinds = [options.kind or ("group" if c in self.groups else "page") for c in ids]
        containers = pl.DataFrame({
            "container_id": ids, "kind": kinds,
            "name": [self.container_names.get(c) for c in ids],
        }, schema_overrides={"container_id": pl.String, "kind": pl.String,
                             "name": pl.String})
        return {"containers": containers, "posts": posts, "comments": comments,
                "reactions": reactions, "reaction_counts": counts, "members": names}


def _last_names(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """Each member's last name seen per container, in the order of those last rows.

    The same as ``concat.drop_nulls().unique(keep="last", maintain_order=True)``, but
    only row numbers are grouped: the strings of a million rows are gathered once, not
    hashed and copied (about half the time and memory on a large feed).
    """
    # Lazy: the concatenation of a million rows is never materialised.
    rows = pl.concat([p.lazy() for p in parts]).drop_nulls().with_row_index("__i")
    last = rows.group_by("container_id", "member_id").agg(pl.col("__i").max())
    return rows.join(last.select("__i"), on="__i", how="semi",
                     maintain_order="left").drop("__i").collect()


def _with_tags(frame: pl.DataFrame, tags: tuple[list[int], list[str]]) -> pl.DataFrame:
    """Add ``tags`` (List of ids, null when none) from (row, id) pairs."""
    if not tags[0]:
        return frame.with_columns(pl.lit(None, pl.List(pl.String)).alias("tags"))
    per_row = (
        pl.DataFrame({"__row": tags[0], "tags": tags[1]},
                     schema={"__row": pl.UInt32, "tags": pl.String})
        .group_by("__row", maintain_order=True).agg("tags")
    )
    return (
        frame.with_row_index("__row")
        .join(per_row, on="__row", how="left", maintain_order="left")
        .drop("__row")
    )


_S, _I = pl.String(), pl.Int64()
_POST_SCHEMA: Final = pl.Schema({
    "container_id": _S, "post_id": _S, "author_id": _S, "author_name": _S, "time": _S,
    "message": _S, "type": _S, "status": _S, "att": _S, "media": _S, "live": _S,
    "link": _S, "permalink": _S, "reported_reactions": _I, "reported_comments": _I,
    "reported_shares": _I})
_COMMENT_SCHEMA: Final = pl.Schema({
    "container_id": _S, "comment_id": _S, "post_id": _S, "parent_id": _S, "author_id": _S,
    "author_name": _S, "time": _S, "message": _S, "like_count": _I, "total_count": _I})
_RUN_SCHEMA: Final = pl.Schema({"container_id": _S, "target_id": _S, "target_kind": _S})
_REACTION_SCHEMA: Final = pl.Schema({"actor_id": _S, "type": _S, "name": _S})
_COUNT_SCHEMA: Final = pl.Schema({
    "container_id": _S, "target_id": _S, "target_kind": _S, "reaction_type": _S,
    "count": _I})



def _total(edge: dict[str, Any] | None) -> int | None:
    if edge is None:
        return None
    summary = edge.get("summary")
    if type(summary) is dict:
        total = summary.get("total_count")
        if type(total) is int:
            return total if 0 <= total <= MAX_COUNT else None
        if total is None:
            return None
        n = as_count(total)
        return None if n is BAD else n  # type: ignore[return-value]
    return None


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical_relaxed") if len(frames) > 1 else frames[0]


def _kind_expr(col: str, table: dict[str, str]) -> pl.Expr:
    return pl.col(col).str.to_lowercase().replace_strict(table, default=None,
                                                         return_dtype=pl.String)


def _post_type() -> pl.Expr:
    """Canonical post type from the raw type fields (see the module docstring)."""
    raw = pl.coalesce(
        pl.when(pl.col("live").is_not_null()).then(pl.lit("live")),
        _kind_expr("att", _ATTACHMENT_TYPES),
        _kind_expr("media", _MEDIA_TYPES),
        _kind_expr("type", _LEGACY_TYPES),
        _kind_expr("status", _STATUS_TYPES),
        pl.when(pl.col("link_url").is_not_null()).then(pl.lit("link*")),
        pl.lit("other"),
    )
    external = pl.col("link_domain").is_not_null() & ~pl.col("link_domain").is_in(_FB_DOMAINS)
    return (
        pl.when(raw == "link*").then(
            pl.when(external).then(pl.lit("link")).otherwise(pl.lit("share")))
        .when((raw == "video") & external).then(pl.lit("link"))
        .otherwise(raw)
        .cast(POST_TYPE)
    )


class _DeclinedError(InternalError):
    """The fast path met a value only the careful path reads (never leaves this module)."""


_N_ALIASES_COMMENT: Final = len(Comment.__struct_fields__) - FIRST_ALIAS_COMMENT


def _flatten(data: list[Any], parent: str | None, add: Any, add_parent: Any) -> None:
    """Comments and their replies, depth first, with each one's parent id."""
    for com in data:
        add(com)
        par = com.parent
        add_parent(parent if par is None else par.id)
        replies = com.comments
        if replies is not None and replies.data:
            _flatten(replies.data, com.id, add, add_parent)


def _fast_author(f: Any) -> tuple[str | None, str | None]:
    """``(id, name)`` of a decoded ``from`` (struct, bare id string or None)."""
    if f is None:
        return None, None
    if type(f) is str:
        return f, None
    aid = f.id
    if aid is None:  # an author without id is as good as a hidden one
        return None, None
    return aid, f.name


def _container_of(pid: str, perma: str | None) -> str | None:
    """The ``{container}_{post}`` prefix of a post id, else a group permalink's id."""
    head, sep, _ = pid.partition("_")
    if sep and head:
        return head
    if perma is not None and "/groups/" in perma:
        part = perma.split("/groups/", 1)[1].split("/", 1)[0]
        if part:
            return part
    return None


def _fast_container(post: Any, pid: str, perma: str | None) -> str:
    """As :meth:`_Feed._container`; a post without a container falls back."""
    found = _container_of(pid, perma)
    if found is not None:
        return found
    to = post.to
    if to is not None and to.data and to.data[0].id is not None:
        return str(to.data[0].id)
    raise _DeclinedError


def _fast_total(edge: Any) -> int | None:
    """``summary.total_count`` of a decoded edge (its range was checked in the decode)."""
    return None if edge is None or edge.summary is None else edge.summary.total_count


def _fast_tags(tags: list[Any] | None) -> list[str] | None:
    """Member ids of decoded ``message_tags`` (users and pages), as :meth:`_Feed._tags`."""
    if not tags:
        return None
    return [str(t.id) for t in tags if t.id is not None and t.type in _TAG_TYPES]


def _fast_aliases(values: tuple[Any, ...]) -> dict[str, int]:
    """Per-type counts of the aliased summaries present (as :meth:`_Feed._aliases`)."""
    stated: dict[str, int] = {}
    for value in filter(None, values):  # the aliases present: a C-level scan
        summary = value.summary
        total = None if summary is None else summary.total_count
        if total is None:
            continue
        rtype = ALIAS_TYPES[type(value)]
        if rtype == "other":
            stated[rtype] = stated.get(rtype, 0) + total
        else:
            stated[rtype] = max(stated.get(rtype, 0), total)
    return stated


def _read_fast(src: Source, options: ReadOptions) -> _Feed | None:
    """Read one source on the fast path, or None when the careful path must read it.

    The fast path takes a single document (an envelope, a list of envelopes or posts, a
    post) or NDJSON, decoded post by post into typed structs; NDJSON is read in blocks
    of 16 MiB, never whole. Anything it does not take (a decode or type error, a value
    the careful path would reject, null or repair) returns None, and the careful path
    reads the source from the start.
    """
    feed = _Feed(Rejects(src.name, options.on_error), fast=True)
    size = _size(src)
    show = options.show_progress(size)
    try:
        with gc_paused():
            if _looks_ndjson(src.head(_HEAD)):
                _fast_ndjson_blocks(feed, src, size=size, show=show)
            else:
                _fast_document(feed, src.read_bytes(), show=show, name=src.basename)
            feed.flush()
    except (_DeclinedError, msgspec.ValidationError, msgspec.DecodeError):
        return None
    feed.seen = feed.kept  # nothing was rejected: every record seen was kept
    return feed


_HEAD: Final = 1 << 20
_BLOCK: Final = 16 << 20
_BOM: Final = b"\xef\xbb\xbf"
_ARRAY: Final = re.compile(rb"(?:\xef\xbb\xbf)?\s*\[")  # matched in place, no copy


def _size(src: Source) -> int:
    """The source's size in bytes, for the progress bar (0 when unknown)."""
    if src.size or src.entry is not None:
        return src.size
    try:
        return src.path.stat().st_size
    except OSError:  # a source in memory under a made-up name
        return 0


def _looks_ndjson(head: bytes) -> bool:
    """A first line that is a JSON value of its own, and more after it."""
    first, sep, rest = head.removeprefix(_BOM).partition(b"\n")
    if not sep or not rest.strip() or not first.strip():
        return False
    try:
        msgspec.json.decode(first)
    except msgspec.DecodeError:
        return False
    return True


def _utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 (in Rust: msgspec checks only the fields it reads).

    The careful path's decoder refuses a file with a bad byte anywhere; here the bytes of
    the fields the structs skip are checked too, so that both paths take the same files.
    """
    if data.isascii():
        return True
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:  # "invalid utf8"
        return False
    return True


def _fast_document(feed: _Feed, data: bytes, *, show: bool, name: str) -> None:
    """One JSON document (or NDJSON whose first line is longer than the head read)."""
    if not _utf8(data):
        raise _DeclinedError
    view = memoryview(data)
    if data.startswith(_BOM):
        view = view[3:]
    try:
        top = decode_post(view)
    except msgspec.ValidationError:
        if _ARRAY.match(data) is None:
            raise
        _fast_items(feed, decode_list(view), show=show, name=name)
    except msgspec.DecodeError:
        _fast_ndjson(feed, data, name=name)
    else:
        _fast_top(feed, top, show=show, name=name)


def _fast_top(feed: _Feed, top: Any, *, show: bool, name: str) -> None:
    """A top-level object: an envelope (``data`` wins, as on the careful path) or a post."""
    if top.data is not UNSET:
        posts = top.data
        for raw in progress_bar(posts, total=len(posts), desc=name, enabled=show,
                                unit="post"):
            feed.fast_post(decode_post(raw))
    elif top.error is not UNSET:
        raise _DeclinedError
    else:
        feed.fast_post(top)


def _fast_items(feed: _Feed, items: list[Any], *, show: bool, name: str) -> None:
    """A top-level array of envelopes (``data`` and no ``id``) or posts."""
    for raw in progress_bar(items, total=len(items), desc=name, enabled=show,
                            unit="item"):
        item = decode_post(raw)
        if item.data is not UNSET and item.id is UNSET:
            for post in item.data:
                feed.fast_post(decode_post(post))
        else:
            feed.fast_post(item)


def _fast_ndjson_blocks(feed: _Feed, src: Source, *, size: int, show: bool) -> None:
    """NDJSON read in blocks: memory bounded by a block and the rows of a chunk."""
    tail = b""
    first = True
    with src.open() as fh:
        for block in read_blocks(fh, size=size, block=_BLOCK, desc=src.basename,
                                 enabled=show):
            buf = tail + block if tail else block
            if first:  # a BOM opening the file
                buf, first = buf.removeprefix(_BOM), False
            cut = buf.rfind(b"\n")
            if cut < 0:
                tail = buf
                continue
            tail = buf[cut + 1:]
            _fast_lines(feed, buf[:cut], name=src.basename)
    _fast_lines(feed, tail, name=src.basename)


def _fast_ndjson(feed: _Feed, data: bytes, *, name: str) -> None:
    """NDJSON in memory (its first line longer than the head read): a post per line."""
    if data.count(b"\n", 0, len(data) - 1) < 1:
        raise _DeclinedError  # one document that does not decode: the careful path says why
    _fast_lines(feed, data, name=name)


def _fast_lines(feed: _Feed, lines: bytes, *, name: str) -> None:
    """Complete NDJSON lines: each a post or an envelope; blank lines are skipped."""
    if not _utf8(lines):
        raise _DeclinedError
    for line in lines.split(b"\n"):
        if line.strip():
            _fast_top(feed, decode_post(line), show=False, name=name)


def _read_source(src: Source, feed: _Feed, options: ReadOptions) -> None:
    data = src.read_bytes()
    show = options.show_progress(len(data))
    values = decode_values(src.name, data, salvage_broken=options.on_error == "collect")
    del data
    with gc_paused():
        for place, value in progress_bar(values, total=None, desc=src.basename,
                                         enabled=show, unit="doc"):
            if place == "$" and show and type(value) is dict and \
                    type(value.get("data")) is list:
                items = value["data"]
                for i, item in progress_bar(enumerate(items), total=len(items),
                                            desc=src.basename, enabled=True, unit="post"):
                    feed.post(item, f"$.data[{i}]")
                    items[i] = None
                continue
            feed.top(value, place)
        feed.flush()


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read Graph API feed files (see the module docstring for the rules).

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
    all_rejects: list[Rejects] = []
    seen: dict[str, int] = {}
    kept: dict[str, int] = {}
    none = 0
    parts: list[_Feed] = []
    for src in sources:
        fast = _read_fast(src, options)
        if fast is not None:
            feed = fast
            rejects = feed.rejects
        else:
            rejects = Rejects(src.name, options.on_error)
            feed = _Feed(rejects)
            try:
                _read_source(src, feed, options)
            except FormatError as exc:
                if options.on_error == "raise":
                    raise
                # What cannot be decoded (the whole file, or the rest after a bad
                # concatenated document) is one rejected record.
                feed.seen += 1
                rejects.fail(exc.place, exc.expected, exc.got, error=type(exc))
                feed.flush()
        all_rejects.append(rejects)
        seen[src.name] = seen.get(src.name, 0) + feed.seen
        kept[src.name] = kept.get(src.name, 0) + feed.kept
        none += feed.none_reactions
        parts.append(feed)
    merged = parts[0]
    for other in parts[1:]:
        for key, frames in other.frames.items():
            merged.frames[key].extend(frames)
        merged.groups |= other.groups
        merged.container_names.update(other.container_names)
    empty = not any(f.height for f in merged.frames["posts"]) and not any(
        f.height for f in merged.frames["comments"])
    parts.clear()
    # No name holds the tables here: finish lets go of what its checks replace.
    return finish(
        source=[s.name for s in sources], fmt=FORMAT, options=options, rows_seen=seen,
        rows_kept=kept, rejects=all_rejects, tz="UTC",
        provenance={"dropped_none_reactions": none}, roster=Roster(), duplicates=None,
        **({} if empty else merged.tables(options)),
    )


def read_graph_api(
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
    """Read Graph API feed JSON of groups or pages.

    Accepts one envelope ``{data, paging}``, a list of envelopes (or of posts), NDJSON
    with a post or an envelope per line, a folder or ``.zip`` of such files.

    Parameters
    ----------
    path
        A file, folder or zip (or a list of them).
    tz
        Unused by this format (its times carry an offset); accepted for symmetry.
    on_error
        ``"raise"``: the first bad record raises a
        :class:`~groepsinzicht.errors.FormatError` with file and JSON path;
        ``"collect"``: bad records become ``rejected`` rows.
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        ``"group"`` or ``"page"``: overrides the kind read from the permalinks.
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
    FormatError
        With the file and the place (``$.data[3].created_time``); an invalid UTF-8 byte
        is an :class:`~groepsinzicht.errors.EncodingError` naming its byte offset.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> feed = {"data": [{"id": "123_1", "created_time": "2024-05-01T12:00:00+0000",
    ...     "from": {"id": "9", "name": "Anna"}, "message": "Hallo",
    ...     "permalink_url": "https://www.facebook.com/groups/123/permalink/1/"}]}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = pathlib.Path(tmp) / "feed.json"
    ...     _ = f.write_text(json.dumps(feed))
    ...     ds = read_graph_api(f)
    >>> ds.posts.select("container_id", "post_id", "author_id").row(0)
    ('123', '123_1', '9')
    >>> ds.containers.get_column("kind").to_list()
    ['group']
    """
    return read_entry(FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))

