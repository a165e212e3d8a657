"""Typed msgspec structs of a Graph API feed: the fast path's decoder.

The fast path (:mod:`groepsinzicht.io._graph_api`) decodes each post with these structs:
only the fields the reader uses are declared, so msgspec skips every other key in C and
builds no dict for it. The types are those of a well-formed feed and nothing looser: a
value of any other type (an int id, a string count, a ``from`` that is a list) fails the
decode with :class:`msgspec.ValidationError`, and the reader then reads the file again on
the careful path, which knows every tolerated variant and names the place of every
problem. So the structs decide only *whether* the fast path may run, never what a
strange value means.

Per-type reaction summaries fetched by aliasing (``"love": {"summary": {...}}``, also
``reactions_love``, ``LOVE_COUNT``, ...) are declared too, each key typed with the struct
of its canonical reaction type, so the reader finds the ones present with one C-level
``filter`` over the struct's values instead of a lookup per key.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

import msgspec
from msgspec import UNSET, Meta, Raw, Struct, UnsetType, field

__all__ = ["ALIAS_TYPES", "FIRST_ALIAS_COMMENT", "FIRST_ALIAS_POST", "Comment",
           "Post", "decode_list", "decode_post"]

# Struct flags: no GC tracking (these hold no cycles).
_FLAGS: Final[dict[str, Any]] = {"gc": False}

#: A count the careful path keeps as it is: whole, not negative, within Int64 (the
#: careful path nulls or repairs any other; here it fails the decode).
Count = Annotated[int, Meta(ge=0, le=2**63 - 1)]


class Summary(Struct, **_FLAGS):
    """``summary`` of an edge."""

    total_count: Count | None = None


class Who(Struct, **_FLAGS):
    """``from``: the author."""

    id: str | None = None
    name: str | None = None


class Reaction(Struct, **_FLAGS):
    """A row of ``reactions.data`` (a missing type is a problem: left None, checked)."""

    id: str | None = None
    name: str | None = None
    type: str | None = None


class Like(Struct, **_FLAGS):
    """A row of the legacy ``likes.data`` (no type: a like)."""

    id: str | None = None
    name: str | None = None
    type: str = "LIKE"


class Reactions(Struct, **_FLAGS):
    """The ``reactions`` edge."""

    data: list[Reaction] | None = None
    summary: Summary | None = None


class Likes(Struct, **_FLAGS):
    """The legacy ``likes`` edge."""

    data: list[Like] | None = None
    summary: Summary | None = None


class Tag(Struct, **_FLAGS):
    """A ``message_tags`` entry."""

    id: str | int | None = None
    type: str | None = "user"


class Parent(Struct, **_FLAGS):
    """``parent`` of a flattened reply (``filter=stream``)."""

    id: str


class Attachment(Struct, **_FLAGS):
    """An ``attachments.data`` entry."""

    type: str | None = None
    media_type: str | None = None
    url: str | None = None


class Attachments(Struct, **_FLAGS):
    """The ``attachments`` edge (``data`` required, as on the careful path)."""

    data: list[Attachment]


class Target(Struct, **_FLAGS):
    """A ``to.data`` entry (the group a post was written to)."""

    id: str | int | None = None
    name: str | None = None


class To(Struct, **_FLAGS):
    """``to``."""

    data: list[Target]


class Shares(Struct, **_FLAGS):
    """``shares``."""

    count: Count = 0


# ---------------------------------------------------------------- aliased summaries
_ALIAS_NAMES: Final = ("like", "love", "care", "haha", "wow", "sad", "angry", "thankful",
                       "pride")
_CANONICAL: Final = {"like": "like", "love": "love", "care": "care", "haha": "haha",
                     "wow": "wow", "sad": "sad", "angry": "angry", "thankful": "other",
                     "pride": "other"}


def _alias_struct(canonical: str) -> type[Struct]:
    return msgspec.defstruct(f"Alias_{canonical}", [("summary", Summary | None, None)],
                             **_FLAGS)


_ALIAS_STRUCTS: Final = {c: _alias_struct(c) for c in dict.fromkeys(_CANONICAL.values())}
#: Alias struct class -> canonical reaction type.
ALIAS_TYPES: Final[dict[type, str]] = {cls: c for c, cls in _ALIAS_STRUCTS.items()}


def _alias_fields(*, skip: frozenset[str]) -> list[tuple[str, Any, Any]]:
    out: list[tuple[str, Any, Any]] = []
    for name in _ALIAS_NAMES:
        cls = _ALIAS_STRUCTS[_CANONICAL[name]]
        for key in (name, f"reactions_{name}", f"{name}_count", f"reactions_{name}_count",
                    f"{name}_reactions", f"num_{name}"):
            out.extend((f"a_{spelled}", cls | None, field(default=None, name=spelled))
                       for spelled in (key, key.upper()) if spelled not in skip)
    return out


# ---------------------------------------------------------------- comments and posts
class _Edge(Struct, **_FLAGS):
    summary: Summary | None = None


_COMMENT_FIELDS: Final[list[tuple[str, Any, Any]]] = [
    ("id", str, msgspec.NODEFAULT),
    ("created_time", str, msgspec.NODEFAULT),
    ("from_", Who | None, field(default=None, name="from")),
    ("message", str | None, None),
    ("like_count", Count | None, None),
    ("parent", Parent | None, None),
    ("message_tags", list[Tag] | None, None),
    ("reactions", Reactions | None, None),
    ("comments", "Replies | None", None),
]
#: Index of the first alias field in a comment's ``astuple``.
FIRST_ALIAS_COMMENT: Final = len(_COMMENT_FIELDS)

Comment: Any = msgspec.defstruct(
    "Comment", _COMMENT_FIELDS + _alias_fields(skip=frozenset({"like_count"})),
    module=__name__, **_FLAGS)


class Replies(Struct, **_FLAGS):
    """A ``comments`` edge: of a post, or the replies of a comment."""

    data: list[Comment] | None = None
    summary: Summary | None = None


_POST_FIELDS: Final[list[tuple[str, Any, Any]]] = [
    ("id", str | UnsetType, UNSET),
    ("created_time", str | int | UnsetType, UNSET),
    ("from_", Who | str | None, field(default=None, name="from")),
    ("message", str | None, None),
    ("type", str | None, None),
    ("status_type", str | None, None),
    ("live_status", str | None, None),
    ("link", str | None, None),
    ("permalink_url", str | None, None),
    ("attachments", Attachments | None, None),
    ("to", To | None, None),
    ("shares", Shares | Count | None, None),
    ("message_tags", list[Tag] | None, None),
    ("reactions", Reactions | None, None),
    ("likes", Likes | None, None),
    ("comments", Replies | None, None),
    # What makes a top-level value an envelope (or an error object) instead of a post.
    ("data", list[Raw] | UnsetType, UNSET),
    ("error", Raw | UnsetType, UNSET),
]
#: Index of the first alias field in a post's ``astuple``.
FIRST_ALIAS_POST: Final = len(_POST_FIELDS)

Post: Any = msgspec.defstruct("Post", _POST_FIELDS + _alias_fields(skip=frozenset()),
                              module=__name__, **_FLAGS)

decode_post = msgspec.json.Decoder(Post).decode
decode_list = msgspec.json.Decoder(list[Raw]).decode
