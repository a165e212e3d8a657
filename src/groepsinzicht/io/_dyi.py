"""Facebook "Download Your Information" (DYI) JSON: one member's activity in groups.

A DYI export is one person's copy of their own data (the *owner*): the posts they wrote
in groups, their comments on other people's group posts, when they joined groups, and
which groups they administer. It holds no other member's posts, no reactions and no
group sizes. Every layout generation of FORMATS.md §3.1 is read, from a zip (read in
memory, never extracted), a folder, or loose files; files are found by **base name
anywhere in the tree**, and their role is taken from their top-level key:

==========================  ========================================  =================
role                        file (any folder)                         top-level key
==========================  ========================================  =================
posts (and v1 comments)     ``your_posts_in_groups.json``,             ``group_posts_v2``,
                            ``group_posts_and_comments.json``,        ``group_posts``
                            ``your_posts_and_comments_in_groups.json``
comments                    ``your_comments_in_groups.json``          ``group_comments_v2``
membership (join dates)     ``your_group_membership_activity.json``   ``groups_joined_v2``,
                                                                      ``groups_joined``
groups admined              ``your_groups.json``                      ``groups_admined_v2``,
                                                                      ``groups_admined``
badges                      ``creator_badges.json``,                  ``group_badges_v2``
                            ``your_badges.json``
group interactions          ``group_interactions.json``               ``group_interactions_v2``
owner                       ``profile_information.json``              ``profile_v2``,
                                                                      ``profile`` (v1)
==========================  ========================================  =================

Other DYI files (messages, photos, the general ``comments.json``) are not claimed: group
comments are read from the group files only.

Rules
-----
- **Mojibake** is repaired once per string, dictionary keys included
  (:mod:`groepsinzicht.io._mojibake`: only when ``encode("latin-1")`` succeeds and the
  bytes decode as UTF-8, so correct text is never corrupted). Each string the reader
  uses (titles, texts, group names as values and as the keys of
  ``group_badges_v2``, badge names, the owner's name, urls) is repaired once, as it is
  read; the rest of the document (media metadata, ...) is never walked.
- **Derived ids.** The export holds no Facebook ids, so every id is derived:
  ``stable_id(*parts, prefix="dyi:")`` is ``"dyi:"`` followed by the first 16 hex
  digits of the SHA-256 of the UTF-8 text of the parts, each turned into text (None as
  the empty string, a Unix time as its decimal digits) and joined by the ASCII unit
  separator U+001F. The same inputs give the same id on every run and machine.
- **Owner.** ``profile_v2.name.full_name`` (v1: ``profile.name.full_name``) names the
  owner; the owner's member id is ``stable_id("owner", full_name, prefix="dyi:")``
  (see :func:`owner_member_id`). Without a profile file the id is
  ``stable_id("dyi-owner", prefix="dyi:")`` and the name is null, so the parts of a
  split export must be loaded together (one folder) to share the owner. Two different
  profiles in one read are an error (one export is one person).
- **Containers.** Every group is a container of kind ``group`` (or ``kind=``) whose id
  is ``stable_id("group", name, prefix="dyi:")`` and whose ``name`` is kept; ``url``
  comes from ``group_interactions_v2`` entries where present. Groups with the same name
  are one container: Facebook writes no group ids into these files.
- **Group of an item.** Group names appear as data in the membership file
  (``data[].name``, v1 ``attachments[].data[].name``), in comments
  (``data[].comment.group``), in ``groups_admined``, as keys of ``group_badges_v2``
  and in ``group_interactions_v2``. An item that carries its group as data uses it.
  Otherwise its localized ``title`` (with the owner's name removed from its start) is
  matched against the known names first: (1) a known name that a per-language title
  sentence names (English, French, Dutch; see ``_PATTERNS``); (2) a known name that ends
  the title (before final punctuation), the longest first, unless the title sentence
  names a longer group ending in it; then (3) the group the title
  sentence names, though unknown; (4) else a known name elsewhere in the title
  (word-bounded, the longest). Step 3 comes before step 4 so that "… posted in Oost
  Noord." is not taken for a known group "Oost". Known names match whole words, with
  punctuation and spaces alike (``Buurt e.o.`` matches ``Buurt e.o.`` and ``Buurt e-o``;
  ``Oost`` does not match ``Oosterhuis``). An item whose group cannot be told is
  rejected with that reason.
- **Posts** (``group_posts_v2`` items without a ``comment`` element): author = owner,
  ``created_at`` = ``timestamp`` (Unix seconds, UTC), message = ``data[].post`` (null
  when absent or empty: a photo-only post has no message; the ``title`` is a sentence
  about the action, never the message). ``post_type``: a media attachment gives
  ``video`` (``.mp4 .mov .m4v .avi .webm .3gp .mkv``) or ``photo``, else an
  ``external_context`` gives ``link``, else an ``event`` gives ``event``, else any other
  attachment ``other``, else ``status``; ``link_url`` is the first
  ``external_context.url`` and ``link_domain`` its host (the shared rule of
  :func:`groepsinzicht.io._json.link_domain`).
  ``post_id = stable_id("post", container_id, timestamp, message, prefix="dyi:")``
  (a null message hashes as the empty string).
- **Comments** (``group_comments_v2`` items, and items of a posts file whose ``data``
  holds a ``comment``): author = owner; ``created_at`` = the item's outer ``timestamp``
  (present on every item; the inner ``comment.timestamp`` is ignored, as hand-edited
  exports copy it around); message = ``comment.comment`` (null when empty).
  An item **without data** (a deleted or sticker-only comment) is kept with a null
  message when its group can be told from its title, and rejected otherwise.
  ``comment_id = stable_id("comment", container_id, timestamp, message,
  prefix="dyi:")``. The comment is on someone else's post, which the export does not
  hold: its ``post_id`` is ``stable_id("post-of-comment", comment_id, prefix="dyi:")``
  (one derived post per comment, as the export cannot tell which comments share a
  post), and no post row is invented. ``parent_id`` is null.
- **Members.** Only the owner: one row per group where they posted or commented, have a
  current membership, admin rights or a badge, with the owner's name. A membership item
  is a *leave* when its title matches a leave sentence ("stopped being a member of",
  "a quitté", ...) and no join sentence, else a *join*. ``joined_at`` is the time of
  the latest membership event of the group when that is a join (null when the owner
  left since). ``role``: ``admin`` when ``groups_admined`` lists the group or a badge is
  an admin badge, ``moderator`` for a moderator badge, ``member`` for a current join or
  any other badge, else ``unknown``.
- **Records and reconciliation.** One record is: each item of the posts, comments,
  membership and admined lists, each badge entry (a key of ``group_badges_v2``), each
  ``group_interactions_v2`` entry, and the profile. A file that cannot be read at all
  (empty, not UTF-8, not JSON, wrong top-level key or type) counts as one record,
  rejected in collect mode. Items that repeat (same key) are deduplicated, last wins,
  and count as kept. ``rows_seen = rows_kept + rows_rejected`` always.
- **HTML.** A DYI export can be requested as HTML. A tree with DYI HTML files
  (``your_posts_in_groups.html``, ...) and no DYI JSON is refused with an
  :class:`~groepsinzicht.errors.UnknownFormatError` saying to request the export as
  JSON; HTML copies beside JSON files are ignored (noted in provenance).
- Times are Unix seconds in UTC: ``tz`` is not needed and not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

import orjson
import polars as pl

from groepsinzicht.errors import (
    EncodingError,
    FormatError,
    GroepsinzichtError,
    MalformedRecordError,
    UnknownFormatError,
    shorten,
)
from groepsinzicht.io._common import Rejects, Roster, finish, progress_bar, stable_id
from groepsinzicht.io._entry import LoadOptions
from groepsinzicht.io._json import TRUNCATED, gc_paused, link_domain, salvage, type_name
from groepsinzicht.io._load import read_entry
from groepsinzicht.io._mojibake import repair_text
from groepsinzicht.io._rules import SOURCE
from groepsinzicht.io._source import why_unknown

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from os import PathLike

    from groepsinzicht.dataset import Dataset
    from groepsinzicht.io._common import ReadOptions
    from groepsinzicht.io._source import Source, ZipLimits

__all__ = [
    "DYI_PREFIX",
    "group_container_id",
    "owner_member_id",
    "read",
    "read_dyi",
    "sniff",
]

_FORMAT = "dyi"

#: Prefix of every id this reader derives, so they never collide with Facebook's ids.
DYI_PREFIX = "dyi:"

Role = Literal["posts", "comments", "membership", "admined", "badges", "interactions",
               "profile"]

#: Top-level key -> role of the file.
_KEY_ROLE: dict[str, Role] = {
    "group_posts_v2": "posts",
    "group_posts": "posts",
    "group_comments_v2": "comments",
    "groups_joined_v2": "membership",
    "groups_joined": "membership",
    "groups_admined_v2": "admined",
    "groups_admined": "admined",
    "group_badges_v2": "badges",
    "group_interactions_v2": "interactions",
    "profile_v2": "profile",
}

#: Base name (without suffix) -> role and the key expected in it (for error messages,
#: and to claim a file that lacks its key so the error can name the key).
_NAME_ROLE: dict[str, tuple[Role, str]] = {
    "your_posts_in_groups": ("posts", "group_posts_v2"),
    "group_posts_and_comments": ("posts", "group_posts_v2"),
    "your_posts_and_comments_in_groups": ("posts", "group_posts"),
    "your_comments_in_groups": ("comments", "group_comments_v2"),
    "your_group_membership_activity": ("membership", "groups_joined_v2"),
    "your_groups": ("admined", "groups_admined_v2"),
    "creator_badges": ("badges", "group_badges_v2"),
    "your_badges": ("badges", "group_badges_v2"),
    "group_interactions": ("interactions", "group_interactions_v2"),
    "profile_information": ("profile", "profile_v2"),
}

_HTML_SUFFIXES = (".html", ".htm")
_FIRST_KEY = re.compile(rb'\A\s*\{\s*"([A-Za-z0-9_]+)"\s*:')
_ANY_KEY = re.compile(
    rb'"(group_posts_v2|group_comments_v2|groups_joined_v2|groups_admined_v2|'
    rb'group_badges_v2|group_interactions_v2|profile_v2)"\s*:'
)
_BOM = b"\xef\xbb\xbf"

_VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".avi", ".webm", ".3gp", ".mkv"})
_ADMIN_BADGES = frozenset({"admin", "administrator", "administrateur", "administratrice",
                           "beheerder", "administrador", "administratorin"})
_MODERATOR_BADGES = frozenset({"moderator", "modérateur", "modératrice", "moderateur",
                               "moderador", "moderatorin"})

#: Timestamps outside this range (Unix seconds) are not DYI times.
_MAX_TS = 10**10

# Per-language title sentences, used for items whose group is not given as data (see
# the module docstring for their place among the known names). Evidence: English from
# real exports cited in FORMATS.md §3.2 ("… posted in G.", "… became a member of G.",
# "… stopped being a member of G."); French comment titles from the avastar fixture,
# the other French sentences [I]; no real Dutch title was found [N]: the Dutch
# sentences are the ones the synthetic writer uses. The group is the named group ``g``.
_END = r"(?P<g>.+?)\.?$"
_PATTERNS: dict[str, tuple[str, ...]] = {
    "post": (
        r"\bposted in " + _END,
        r"\bshared .*?\bin " + _END,
        r"\ba publié dans " + _END,
        r"\ba partagé .*?\bdans (?:le groupe )?" + _END,
        r"\bplaatste iets in " + _END,
        r"\bheeft iets geplaatst in " + _END,
        r"\bheeft .*?\bgedeeld in " + _END,
    ),
    "comment": (
        r"\bcommented on .*?\bin " + _END,
        r"\ba commenté .*?\bdans " + _END,
        r"\breageerde op .*?\bin " + _END,
    ),
    "join": (
        r"\bbecame a member of " + _END,
        r"\bjoined " + _END,
        r"\best devenue? membre de " + _END,
        r"\ba rejoint (?:le groupe )?" + _END,
        r"\bis lid geworden van " + _END,
        r"\bwerd lid van " + _END,
    ),
    "leave": (
        r"\bstopped being a member of " + _END,
        r"\bleft (?:the group )?" + _END,
        r"\ba quitté (?:le groupe )?" + _END,
        r"\bn'est plus membre de " + _END,
        r"\bis geen lid meer van " + _END,
        r"\bheeft (?P<g>.+?) verlaten\.?$",
    ),
}


# --------------------------------------------------------------------------- ids
def owner_member_id(full_name: str | None) -> str:
    """The derived member id of a DYI export's owner.

    Parameters
    ----------
    full_name
        ``profile_v2.name.full_name`` (repaired), or None without a profile file.

    Returns
    -------
    str
        ``stable_id("owner", full_name, prefix="dyi:")``, or
        ``stable_id("dyi-owner", prefix="dyi:")`` when the name is unknown.

    Examples
    --------
    >>> owner_member_id("Anna Jansen") == owner_member_id("Anna Jansen")
    True
    >>> owner_member_id(None).startswith("dyi:")
    True
    """
    if full_name is None:
        return stable_id("dyi-owner", prefix=DYI_PREFIX)
    return stable_id("owner", full_name, prefix=DYI_PREFIX)


def group_container_id(name: str) -> str:
    """The derived container id of a group named ``name``.

    Parameters
    ----------
    name
        The group's name as the export writes it (repaired).

    Returns
    -------
    str
        ``stable_id("group", name, prefix="dyi:")``.

    Examples
    --------
    >>> group_container_id("Wijk Oost").startswith("dyi:")
    True
    """
    return stable_id("group", name, prefix=DYI_PREFIX)


# --------------------------------------------------------------------------- sniff
def _stem_suffix(source: Source) -> tuple[str, str]:
    p = PurePosixPath(source.basename)
    return p.stem.lower(), p.suffix.lower()


def sniff(source: Source, head: bytes) -> int:
    """Confidence that ``source`` is a DYI group file (or the export's profile).

    90 when the first top-level key is a DYI signature key (``group_posts_v2``,
    ``group_comments_v2``, ``groups_joined_v2``, ``profile_v2``, ...); 60 when such a
    key appears later in the head, or for a DYI HTML file (so the HTML export is
    refused with a clear message); 55 for a DYI file name whose content lacks its key
    (so the error can name the key); else 0.

    Examples
    --------
    >>> from groepsinzicht.io._source import bytes_source
    >>> sniff(bytes_source("x.json", b'{"group_posts_v2": []}'), b'{"group_posts_v2": []}')
    90
    """
    stem, suffix = _stem_suffix(source)
    if suffix in _HTML_SUFFIXES:
        return 60 if stem in _NAME_ROLE else 0
    body = head.removeprefix(_BOM)
    m = _FIRST_KEY.match(body)
    if m is not None:
        key = m.group(1).decode("ascii")
        if key in _KEY_ROLE or (key == "profile" and stem == "profile_information"):
            return 90
    if suffix == ".json" and stem in _NAME_ROLE:
        return 55
    if _ANY_KEY.search(body) is not None:
        return 60
    return 0


# --------------------------------------------------------------------------- helpers
_MISSING = object()


@dataclass
class _Items:
    """Column lists of the records read (one entry per record that passed pass 1)."""

    kind: list[str] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    ts: list[int | None] = field(default_factory=list)
    group: list[str | None] = field(default_factory=list)
    title: list[str | None] = field(default_factory=list)
    message: list[str | None] = field(default_factory=list)
    post_type: list[str | None] = field(default_factory=list)
    link_url: list[str | None] = field(default_factory=list)
    role: list[str | None] = field(default_factory=list)
    url: list[str | None] = field(default_factory=list)

    def add(self, kind: str, src: int, place: str, *, ts: int | None = None,
            group: str | None = None, title: str | None = None,
            message: str | None = None, post_type: str | None = None,
            link_url: str | None = None, role: str | None = None,
            url: str | None = None) -> None:
        self.kind.append(kind)
        self.src.append(src)
        self.place.append(place)
        self.ts.append(ts)
        self.group.append(group)
        self.title.append(title)
        self.message.append(message)
        self.post_type.append(post_type)
        self.link_url.append(link_url)
        self.role.append(role)
        self.url.append(url)

    def frame(self) -> pl.DataFrame:
        s = pl.String
        return pl.DataFrame(
            {"kind": self.kind, "src": self.src, "place": self.place, "ts": self.ts,
             "group": self.group, "title": self.title, "message": self.message,
             "post_type": self.post_type, "link_url": self.link_url, "role": self.role,
             "url": self.url},
            schema={"kind": s, "src": pl.Int64, "place": s, "ts": pl.Int64,
                    "group": s, "title": s, "message": s, "post_type": s,
                    "link_url": s, "role": s, "url": s},
        ).with_row_index("row")


class _RecordError(GroepsinzichtError):
    """A record fails a check: where, what was expected, what was found."""

    def __init__(self, place: str, expected: str, got: str, excerpt: object = None) -> None:
        super().__init__(place)
        self.place = place
        self.expected = expected
        self.got = got
        self.excerpt = excerpt


def _text(value: Any, place: str, *, required: bool = False) -> str | None:
    """A string field, its mojibake repaired; None when absent or null (unless required).

    Every string the reader uses passes here exactly once, so each is repaired once.
    """
    if value is _MISSING or value is None:
        if required:
            raise _RecordError(place, "a string", "nothing" if value is _MISSING else "null")
        return None
    if not isinstance(value, str):
        raise _RecordError(place, "a string", type_name(value))
    return repair_text(value)


def _timestamp(item: dict[str, Any], place: str, *, required: bool = True) -> int | None:
    value = item.get("timestamp", _MISSING)
    where = f"{place}.timestamp"
    if value is _MISSING or value is None:
        if not required:
            return None
        raise _RecordError(where, "a Unix time in seconds",
                           "nothing" if value is _MISSING else "null")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _RecordError(where, "a Unix time in seconds", type_name(value), excerpt=value)
    if not 0 <= value < _MAX_TS:
        raise _RecordError(where, "a Unix time in seconds", type_name(value), excerpt=value)
    return value


def _list(value: Any, place: str) -> list[Any]:
    """An optional list field (absent/null -> empty)."""
    if value is _MISSING or value is None:
        return []
    if not isinstance(value, list):
        raise _RecordError(place, "a list", type_name(value))
    return value


def _obj(value: Any, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _RecordError(place, "an object", type_name(value))
    return value


def _data_elements(item: dict[str, Any], place: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for j, el in enumerate(_list(item.get("data", _MISSING), f"{place}.data")):
        where = f"{place}.data[{j}]"
        out.append((where, _obj(el, where)))
    return out


def _attachment_data(item: dict[str, Any], place: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for a, att in enumerate(_list(item.get("attachments", _MISSING),
                                  f"{place}.attachments")):
        where = f"{place}.attachments[{a}]"
        att = _obj(att, where)
        for d, datum in enumerate(_list(att.get("data", _MISSING), f"{where}.data")):
            w = f"{where}.data[{d}]"
            out.append((w, _obj(datum, w)))
    return out


def _post_shape(item: dict[str, Any], place: str) -> tuple[str, str | None]:
    """post_type and link_url from the attachments."""
    has_photo = has_video = has_event = has_other = False
    link: str | None = None
    for where, datum in _attachment_data(item, place):
        if "media" in datum:
            media = _obj(datum["media"], f"{where}.media")
            uri = _text(media.get("uri", _MISSING), f"{where}.media.uri") or ""
            if "." + uri.rpartition(".")[2].lower() in _VIDEO_SUFFIXES:
                has_video = True
            else:
                has_photo = True
        elif "external_context" in datum:
            ctx = _obj(datum["external_context"], f"{where}.external_context")
            url = _text(ctx.get("url", _MISSING), f"{where}.external_context.url")
            if link is None and url:
                link = url
            has_other = has_other or not url
        elif "event" in datum:
            has_event = True
        else:
            has_other = True
    if has_video:
        kind = "video"
    elif has_photo:
        kind = "photo"
    elif link is not None:
        kind = "link"
    elif has_event:
        kind = "event"
    elif has_other:
        kind = "other"
    else:
        kind = "status"
    return kind, link


def _nonempty(text: str | None) -> str | None:
    return text if text else None


def _group_name(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


# --------------------------------------------------------------------------- reader
@dataclass
class _Reader:
    options: ReadOptions
    sources: list[Source]
    rejects: list[Rejects] = field(default_factory=list)
    items: _Items = field(default_factory=_Items)
    seen: int = 0
    profile_kept: int = 0
    owner_name: str | None = None
    seen_by: dict[int, int] = field(default_factory=dict)
    kept_by: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rejects = [Rejects(s.name, self.options.on_error) for s in self.sources]

    # -- pass 1: decode every file into column lists --------------------------------
    def fail(self, src: int, bad: _RecordError | FormatError, *,
             error: type[FormatError] = MalformedRecordError) -> None:
        if isinstance(bad, FormatError):
            self.rejects[src].fail(bad.place, bad.expected, bad.got, error=type(bad))
        else:
            self.rejects[src].fail(bad.place, bad.expected, bad.got, excerpt=bad.excerpt,
                                   error=error)

    def decode(self, src: int) -> Any:
        """Parse one file; a file-level failure is raised as a FormatError."""
        source = self.sources[src]
        data = source.read_bytes()
        body = data.removeprefix(_BOM)
        if not body.strip():
            raise MalformedRecordError(source.name, "byte 0", "a JSON document",
                                       "an empty file")
        try:
            doc = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as uexc:
                offset = uexc.start + len(data) - len(body)
                raise EncodingError(source.name, f"byte {offset}",
                                    "UTF-8 text (JSON is UTF-8)",
                                    f"the byte 0x{body[uexc.start]:02X}") from uexc
            offset = len(text[: exc.pos].encode("utf-8")) + len(data) - len(body)
            got = ("the end of the file (truncated?)" if exc.pos >= len(text.rstrip())
                   else f"invalid JSON ({exc.msg})")
            raise MalformedRecordError(source.name, f"byte {offset}", "valid JSON",
                                       got) from exc
        return doc

    def read_source(self, src: int) -> None:
        # The decoded document holds millions of containers and no cycles: a paused
        # collector keeps full collections from walking it again and again.
        before = self.seen
        with gc_paused():
            self._read_source(src)
        self.seen_by[src] = self.seen_by.get(src, 0) + self.seen - before

    def _read_source(self, src: int) -> None:
        source = self.sources[src]
        try:
            doc = self.decode(src)
        except FormatError as exc:
            if self.options.on_error == "raise":
                raise
            # The broken tail is one rejected record; the complete items before the
            # break are read (salvage).
            self.seen += 1
            self.fail(src, exc)
            doc = self._salvage(src, exc)
            if doc is None:
                return
        stem, _ = _stem_suffix(source)
        role: Role | None = None
        key = ""
        if isinstance(doc, dict):
            for k in doc:
                if k in _KEY_ROLE:
                    role, key = _KEY_ROLE[k], k
                    break
            if role is None and stem == "profile_information" and "profile" in doc:
                role, key = "profile", "profile"
        if role is None:
            self.seen += 1
            expected = (f"the top-level key {_NAME_ROLE[stem][1]!r}" if stem in _NAME_ROLE
                        else "a DYI group file")
            got = (f"the keys {shorten(sorted(doc)[:4])}" if isinstance(doc, dict)
                   else type_name(doc))
            self.fail(src, _RecordError("$", expected, got))
            return
        handler = {
            "posts": self._posts, "comments": self._comments,
            "membership": self._membership, "admined": self._admined,
            "badges": self._badges, "interactions": self._interactions,
            "profile": self._profile,
        }[role]
        handler(src, doc[key], f"$.{key}")

    def _salvage(self, src: int, exc: FormatError) -> Any:
        """The complete part of a document that breaks at a byte offset, or None."""
        m = re.match(r"byte (\d+)", exc.place)
        if m is None:
            return None
        data = self.sources[src].read_bytes()
        bom = len(_BOM) if data.startswith(_BOM) else 0
        return salvage(data[bom:], int(m.group(1)) - bom)

    def _each(self, src: int, value: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
        """The object items of a top-level list; bad items are failed and counted."""
        if not isinstance(value, list):
            self.seen += 1
            self.fail(src, _RecordError(path, "a list of items", type_name(value)))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict) and TRUNCATED in item:
                continue  # the item a salvaged document broke in: rejected as its tail
            place = f"{path}[{i}]"
            self.seen += 1
            if isinstance(item, dict):
                out.append((place, item))
            else:
                self.fail(src, _RecordError(place, "an object", type_name(item)))
        return out

    def _posts(self, src: int, value: Any, path: str) -> None:
        if isinstance(value, dict) and "activity_log_data" in value:
            # One 2018-2020 variant nests the list (FORMATS.md §3.1).
            value, path = value["activity_log_data"], f"{path}.activity_log_data"
        for place, item in self._each(src, value, path):
            try:
                elements = _data_elements(item, place)
                if any("comment" in el for _, el in elements):
                    self._comment_item(src, place, item, elements)
                    continue
                ts = _timestamp(item, place)
                title = _text(item.get("title", _MISSING), f"{place}.title")
                message = None
                for where, el in elements:
                    if "post" in el and message is None:
                        message = _text(el["post"], f"{where}.post")
                post_type, link = _post_shape(item, place)
            except _RecordError as bad:
                self.fail(src, bad)
                continue
            self.items.add("post", src, place, ts=ts, title=title,
                           message=_nonempty(message), post_type=post_type, link_url=link)

    def _comment_item(self, src: int, place: str, item: dict[str, Any],
                      elements: list[tuple[str, dict[str, Any]]]) -> None:
        ts = _timestamp(item, place)
        title = _text(item.get("title", _MISSING), f"{place}.title")
        message = group = None
        for where, el in elements:
            if "comment" not in el:
                continue
            c = _obj(el["comment"], f"{where}.comment")
            message = _text(c.get("comment", _MISSING), f"{where}.comment.comment")
            group = _text(c.get("group", _MISSING), f"{where}.comment.group")
            break
        self.items.add("comment", src, place, ts=ts, title=title,
                       message=_nonempty(message), group=_group_name(group))

    def _comments(self, src: int, value: Any, path: str) -> None:
        for place, item in self._each(src, value, path):
            try:
                self._comment_item(src, place, item, _data_elements(item, place))
            except _RecordError as bad:
                self.fail(src, bad)

    def _membership(self, src: int, value: Any, path: str) -> None:
        for place, item in self._each(src, value, path):
            try:
                ts = _timestamp(item, place)
                title = _text(item.get("title", _MISSING), f"{place}.title")
                names = [(w, el) for w, el in _data_elements(item, place) if "name" in el]
                names += [(w, d) for w, d in _attachment_data(item, place) if "name" in d]
                group = None
                for where, el in names:
                    group = _group_name(_text(el["name"], f"{where}.name"))
                    if group is not None:
                        break
            except _RecordError as bad:
                self.fail(src, bad)
                continue
            self.items.add("membership", src, place, ts=ts, title=title, group=group)

    def _admined(self, src: int, value: Any, path: str) -> None:
        for place, item in self._each(src, value, path):
            try:
                name = _group_name(_text(item.get("name", _MISSING), f"{place}.name",
                                         required=True))
                if name is None:
                    raise _RecordError(f"{place}.name", "a group name", "an empty string")
                _timestamp(item, place, required=False)
            except _RecordError as bad:
                self.fail(src, bad)
                continue
            self.items.add("admin", src, place, group=name, role="admin")

    def _badges(self, src: int, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.seen += 1
            self.fail(src, _RecordError(path, "an object of group names", type_name(value)))
            return
        for i, (name, badges) in enumerate(value.items()):
            place = f"{path}[key {i}]"
            self.seen += 1
            group = _group_name(repair_text(name))  # group names are the keys here
            if group is None:
                self.fail(src, _RecordError(place, "a group name", "an empty key"))
                continue
            if not isinstance(badges, list) or not all(isinstance(b, str) for b in badges):
                self.fail(src, _RecordError(place, "a list of badge names", type_name(badges)))
                continue
            lowered = {repair_text(b).strip().lower() for b in badges}
            role = ("admin" if lowered & _ADMIN_BADGES
                    else "moderator" if lowered & _MODERATOR_BADGES else "member")
            self.items.add("badge", src, place, group=group, role=role)

    def _interactions(self, src: int, value: Any, path: str) -> None:
        if not isinstance(value, list):
            self.seen += 1
            self.fail(src, _RecordError(path, "a list of items", type_name(value)))
            return
        for i, outer in enumerate(value):
            place = f"{path}[{i}]"
            if not isinstance(outer, dict):
                self.seen += 1
                self.fail(src, _RecordError(place, "an object", type_name(outer)))
                continue
            entries = outer.get("entries", _MISSING)
            if not isinstance(entries, list):
                self.seen += 1
                got = "nothing" if entries is _MISSING else type_name(entries)
                self.fail(src, _RecordError(f"{place}.entries", "a list of entries", got))
                continue
            for j, entry in enumerate(entries):
                where = f"{place}.entries[{j}]"
                self.seen += 1
                try:
                    data = _obj(_obj(entry, where).get("data", _MISSING), f"{where}.data")
                    name = _group_name(_text(data.get("name", _MISSING), f"{where}.data.name",
                                             required=True))
                    if name is None:
                        raise _RecordError(f"{where}.data.name", "a group name", "an empty string")
                    uri = _text(data.get("uri", _MISSING), f"{where}.data.uri")
                except _RecordError as bad:
                    self.fail(src, bad)
                    continue
                self.items.add("interaction", src, where, group=name, url=_nonempty(uri))

    def _profile(self, src: int, value: Any, path: str) -> None:
        self.seen += 1
        try:
            profile = _obj(value, path)
            name_obj = _obj(profile.get("name", _MISSING), f"{path}.name")
            full = _group_name(_text(name_obj.get("full_name", _MISSING),
                                     f"{path}.name.full_name", required=True))
            if full is None:
                raise _RecordError(f"{path}.name.full_name", "the owner's full name",
                                   "an empty string")
            if self.owner_name is not None and full != self.owner_name:
                raise _RecordError(
                    f"{path}.name.full_name",
                    "the same person as the other profile file of this export",
                    "a different name")
        except _RecordError as bad:
            self.fail(src, bad)
            return
        self.owner_name = full
        self.profile_kept += 1
        self.kept_by[src] = self.kept_by.get(src, 0) + 1

    # -- pass 2: groups from titles, ids, tables -------------------------------------
    def build(self, html: list[Source], others: list[Source] = ()) -> Dataset:  # type: ignore[assignment]
        items = self.items.frame()
        known = (
            items.filter(pl.col("group").is_not_null())
            .get_column("group").unique().sort().to_list()
        )
        need = items.filter(pl.col("group").is_null() & pl.col("title").is_not_null())
        resolved = _resolve_groups(need, known, self.owner_name)
        items = (
            items.join(resolved, on="row", how="left", maintain_order="left")
            .with_columns(pl.coalesce("group", "resolved").alias("group"))
            .drop("resolved")
        )
        bad = items.filter(pl.col("group").is_null())
        # Well-formed but not attributable: rejected with its reason in both modes (an
        # incomplete export is not a malformed one); the load's warning counts it.
        alone = len(self.sources) == 1
        for src, place, title in zip(bad.get_column("src").to_list(),
                                     bad.get_column("place").to_list(),
                                     bad.get_column("title").to_list(), strict=True):
            got = ("no group name and no title" if title is None
                   else "no known group name and no recognised sentence")
            if alone:
                got += " (load the whole export: the group names are in its other files)"
            self.rejects[src].reject(f"{place}.title" if title is not None else place,
                                     "a group name as data or a title naming the group",
                                     got)
        ok = items.filter(pl.col("group").is_not_null())
        names = [s.name for s in self.sources]
        kept = {n: self.kept_by.get(i, 0) for i, n in enumerate(names)}
        for i, n in ok.group_by("src").len().iter_rows():
            kept[names[i]] += n
        tables = self._tables(ok.with_columns(
            pl.col("src").replace_strict(dict(enumerate(names)), return_dtype=pl.String)
            .alias(SOURCE)))
        seen = {n: self.seen_by.get(i, 0) for i, n in enumerate(names)}
        ds = finish(
            source=names, fmt=_FORMAT, options=self.options, rows_seen=seen,
            rows_kept=kept, rejects=self.rejects, tz="UTC",
            provenance={"owner_id": owner_member_id(self.owner_name)},
            # The owner's own memberships: listed, but no group's complete member list.
            roster=Roster(listed=True), duplicates=None, **tables,
        )
        skipped = [
            {"source": s.name, "format": _FORMAT,
             "skipped": "HTML copy of the export; its JSON files were read"}
            for s in html
        ] + [{"source": s.name, "format": None, "skipped": why_unknown(s)} for s in others]
        if skipped:
            ds = replace(ds, provenance=ds.provenance + tuple(skipped))
        return ds

    def _tables(self, ok: pl.DataFrame) -> dict[str, pl.DataFrame]:
        owner = owner_member_id(self.owner_name)
        group_names = ok.get_column("group").unique(maintain_order=True).to_list()
        cids = {n: group_container_id(n) for n in group_names}
        ok = ok.with_columns(
            pl.col("group").replace_strict(cids, return_dtype=pl.String)
            .alias("container_id"),
            pl.from_epoch("ts", time_unit="s").dt.replace_time_zone("UTC")
            .alias("created_at"),
        )
        posts = ok.filter(pl.col("kind") == "post")
        post_ids = [stable_id("post", c, t, m, prefix=DYI_PREFIX) for c, t, m in zip(
            posts.get_column("container_id").to_list(), posts.get_column("ts").to_list(),
            posts.get_column("message").to_list(), strict=True)]
        posts = (
            posts.with_columns(
                pl.Series("post_id", post_ids, dtype=pl.String),
                pl.lit(owner).alias("author_id"),
                link_domain(pl.col("link_url")).alias("link_domain"),
            )
            .select("container_id", "post_id", "author_id", "created_at", "message",
                    "post_type", "link_url", "link_domain", SOURCE)
        )
        comments = ok.filter(pl.col("kind") == "comment")
        comment_ids = [stable_id("comment", c, t, m, prefix=DYI_PREFIX) for c, t, m in zip(
            comments.get_column("container_id").to_list(),
            comments.get_column("ts").to_list(),
            comments.get_column("message").to_list(), strict=True)]
        comments = (
            comments.with_columns(
                pl.Series("comment_id", comment_ids, dtype=pl.String),
                pl.Series("post_id", [stable_id("post-of-comment", c, prefix=DYI_PREFIX)
                                      for c in comment_ids], dtype=pl.String),
                pl.lit(owner).alias("author_id"),
            )
            .select("container_id", "comment_id", "post_id", "author_id", "created_at",
                    "message", SOURCE)
        )
        containers = (
            ok.group_by("container_id", maintain_order=True)
            .agg(pl.col("group").first().alias("name"),
                 pl.col("url").drop_nulls().last().alias("url"))
            .with_columns(pl.lit(self.options.kind or "group").alias("kind"))
        )
        return {"containers": containers, "posts": posts, "comments": comments,
                "members": _owner_members(ok, owner, self.owner_name)}


def _owner_members(ok: pl.DataFrame, owner: str, name: str | None) -> pl.DataFrame:
    """The owner's members rows: one per group with activity, membership, role or badge."""
    cid = "container_id"
    membership = ok.filter(pl.col("kind") == "membership").with_columns(
        _is_leave(pl.col("title")).alias("leave"))
    last = (
        membership.sort("ts", maintain_order=True)
        .group_by(cid)
        .agg(pl.col("leave").last(), pl.col("created_at").last())
        .select(cid, (~pl.col("leave")).alias("current"),
                pl.when(~pl.col("leave")).then(pl.col("created_at")).alias("joined_at"))
    )
    roles = (
        ok.filter(pl.col("kind").is_in(["admin", "badge"]))
        .group_by(cid)
        .agg((pl.col("role") == "admin").any().alias("admin"),
             (pl.col("role") == "moderator").any().alias("moderator"),
             (pl.col("kind") == "badge").any().alias("badge"))
    )
    active = ok.filter(pl.col("kind").is_in(["post", "comment"])).select(cid)
    ids = pl.concat([
        active, last.filter(pl.col("current")).select(cid), roles.select(cid),
    ]).unique(maintain_order=True)
    return (
        ids.join(last, on=cid, how="left", maintain_order="left")
        .join(roles, on=cid, how="left", maintain_order="left")
        .with_columns(
            pl.lit(owner).alias("member_id"),
            pl.lit(name, dtype=pl.String).alias("name"),
            pl.when(pl.col("admin")).then(pl.lit("admin"))
            .when(pl.col("moderator")).then(pl.lit("moderator"))
            .when(pl.col("current") | pl.col("badge")).then(pl.lit("member"))
            .otherwise(pl.lit("unknown")).alias("role"),
            pl.lit(False).alias("is_organization"),
        )
        .select(cid, "member_id", "name", "role", "joined_at", "is_organization")
    )


def _any_pattern(title: pl.Expr, kind: str) -> pl.Expr:
    return pl.any_horizontal([title.str.contains(p) for p in _PATTERNS[kind]])


def _is_leave(title: pl.Expr) -> pl.Expr:
    """A membership title that says the owner left (and not that they joined)."""
    t = title.fill_null("")
    return _any_pattern(t, "leave") & ~_any_pattern(t, "join")


def _extract(title: pl.Expr, kinds: tuple[str, ...]) -> pl.Expr:
    pats = [p for k in kinds for p in _PATTERNS[k]]
    return pl.coalesce([title.str.extract(p, 1).str.strip_chars() for p in pats]) \
        .replace("", None)


def _words(text: pl.Expr) -> pl.Expr:
    """Non-word characters as spaces, padded with one space.

    Word-bounded matching then is a literal search: a regex built per row would be
    compiled per row, which is far too slow.
    """
    return pl.concat_str([pl.lit(" "), text.str.replace_all(r"\W", " "), pl.lit(" ")])


def _resolve_groups(need: pl.DataFrame, known: list[str], owner: str | None) -> pl.DataFrame:
    """Tell the group of items from their titles (see the module docstring).

    Returns ``row`` and ``resolved`` (null where the group cannot be told).
    """
    if need.height == 0:
        return pl.DataFrame(schema={"row": pl.UInt32, "resolved": pl.String})
    title = pl.col("title")
    if owner:
        n = len(owner)
        # Titles start with the owner's name: drop it so it cannot match a group.
        title = (
            pl.when(title.str.starts_with(owner)
                    & ~title.str.slice(n, 1).str.contains(r"^\w"))
            .then(title.str.slice(n))
            .otherwise(title)
        )
    t = need.select("row", "kind", title.alias("text")).with_columns(
        _words(pl.col("text")).alias("words"))
    best = pl.DataFrame(schema={"row": pl.UInt32, "known": pl.String,
                                "at_end": pl.Boolean})
    if known:
        name_words = _words(pl.col("name"))
        best = (
            t.select("row", "words",
                     pl.col("text").str.extract_many(known, overlapping=True).alias("name"))
            .explode("name")
            .drop_nulls("name")
            .unique(["row", "name"])
            .filter(pl.col("words").str.contains(name_words, literal=True))
            .with_columns(
                pl.col("words").str.strip_chars_end(" ")
                .str.ends_with(name_words.str.strip_chars_end(" ")).alias("at_end"),
                pl.col("name").str.len_chars().alias("n"),
            )
            .sort(["row", "at_end", "n", "name"], descending=[False, True, True, False])
            .group_by("row", maintain_order=True)
            .agg(pl.col("name").first().alias("known"), pl.col("at_end").first())
        )
    text = pl.col("text")
    pattern = (
        pl.when(pl.col("kind") == "post").then(_extract(text, ("post",)))
        .when(pl.col("kind") == "comment").then(_extract(text, ("comment",)))
        .when(pl.col("kind") == "membership").then(_extract(text, ("join", "leave")))
        .otherwise(None)
    )
    known_col = pl.col("known")
    # A sentence naming a longer group that ends in the known name is more specific
    # ("… posted in Buurt Oost." when only "Oost" is known).
    longer = (
        _words(pl.col("pattern")).str.strip_chars_end(" ")
        .str.ends_with(_words(known_col).str.strip_chars_end(" "))
        & (pl.col("pattern").str.len_chars() > known_col.str.len_chars())
    ).fill_null(False)
    return (
        t.join(best, on="row", how="left", maintain_order="left")
        .with_columns(pattern.alias("pattern"))
        .select(
            "row",
            pl.when(pl.col("pattern").is_in(known)).then(pl.col("pattern"))
            .when(pl.col("at_end").fill_null(False) & ~longer).then(known_col)
            .otherwise(pl.coalesce("pattern", known_col))
            .alias("resolved"),
        )
    )


# --------------------------------------------------------------------------- entry
_HTML_EXPECTED = ("a Download Your Information export in JSON (request the export again "
                  "and choose the format JSON)")


def read(sources: list[Source], options: ReadOptions) -> Dataset:
    """Read every file of one DYI export (all the sources ``load`` found for ``dyi``).

    Parameters
    ----------
    sources
        The files of the tree; files this reader does not claim are skipped.
    options
        Read options (``tz`` is not used: DYI times are Unix seconds).

    Returns
    -------
    Dataset

    Raises
    ------
    UnknownFormatError
        No DYI JSON file is among the sources (an HTML export says so).
    FormatError
        In raise mode, the first bad file or record.
    """
    mine = [s for s in sources if sniff(s, s.head()) >= 50]
    others = [s for s in sources if s not in mine]
    html = [s for s in mine if _stem_suffix(s)[1] in _HTML_SUFFIXES]
    json_sources = [s for s in mine if s not in html]
    if not json_sources:
        if html:
            raise UnknownFormatError(html[0].name, "file", _HTML_EXPECTED,
                                     "an export in HTML")
        first = sources[0].name if sources else "-"
        raise UnknownFormatError(first, "file", "a DYI group file in JSON",
                                 "no DYI group file")
    reader = _Reader(options, json_sources)
    total = sum(s.size for s in json_sources)
    for i in progress_bar(range(len(json_sources)), total=len(json_sources),
                          desc="reading DYI", enabled=options.show_progress(total),
                          unit="file"):
        reader.read_source(i)
    return reader.build(html, others)


def read_dyi(
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
    r"""Read a Facebook "Download Your Information" export (zip, folder or file).

    Reads the owner's posts and comments in groups, their group memberships (join
    dates), the groups they administer, and their name from the profile file, in every
    layout generation (2018 to 2026). Group containers get ids derived from their
    names; the owner gets a derived member id (:func:`owner_member_id`). See the
    module docs for every rule. The same as ``gi.load(path, format="dyi")``.

    Parameters
    ----------
    path
        The export's ``.zip`` (read in memory, never extracted), the unpacked folder,
        or one of its JSON files.
    tz
        Accepted for symmetry with the other readers; DYI times are UTC already.
    on_error
        ``"raise"`` (default) or ``"collect"`` (bad records become ``rejected`` rows,
        with one :class:`~groepsinzicht.errors.DataQualityWarning`).
    org_ids
        Member ids of the organisation's own accounts (``is_organization``), as in
        :func:`~groepsinzicht.load`.
    org_names
        Names of the organisation's own accounts, for sources that carry names only,
        as in :func:`~groepsinzicht.load`.
    kind
        Kind of the containers (default ``"group"``).
    progress
        Progress bars: True, False, or None for "when the input is large".
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
        A bad file or record (raise mode), an HTML export, or an unsafe zip.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     f = pathlib.Path(tmp) / "your_comments_in_groups.json"
    ...     _ = f.write_text(json.dumps({"group_comments_v2": [{"timestamp": 1700000000,
    ...         "title": "Anna commented on Piet's post.",
    ...         "data": [{"comment": {"comment": "Caf\u00c3\u00a9!", "group": "Oost"}}]}]}))
    ...     ds = read_dyi(tmp)
    >>> ds.comments.select("message", "created_at").row(0)
    ('Café!', datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=zoneinfo.ZoneInfo(key='UTC')))
    >>> ds.containers.select("name", "kind").row(0)
    ('Oost', 'group')
    """
    return read_entry(_FORMAT, path, LoadOptions(
        tz=tz, on_error=on_error, org_ids=org_ids, org_names=org_names, kind=kind,
        progress=progress, zip_limits=zip_limits, now=now))
