"""Helpers shared by the JSON-shaped readers (Graph API, facebook-scraper, Content Library).

- decoding: orjson over the whole document with the garbage collector paused (a
  whole-document decode allocates millions of containers; DESIGN.md "Where the time
  goes"), NDJSON and concatenated documents, and errors that name the byte offset of an
  invalid UTF-8 byte or of a syntax error;
- vectorised field rules every reader needs: ISO-8601 times to UTC, the link domain of a
  URL, reaction-type aliases, and ``@Name`` mentions resolved against known names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import orjson
import polars as pl

from groepsinzicht._util._gc import gc_paused
from groepsinzicht.errors import (
    EncodingError,
    InternalError,
    MalformedRecordError,
    shorten,
)
from groepsinzicht.schema import UTC

if TYPE_CHECKING:
    from collections.abc import Iterator

    from groepsinzicht.errors import FormatError


__all__ = [
    "REACTION_ALIASES",
    "TRUNCATED",
    "BadValue",
    "decode_values",
    "gc_paused",
    "iso_times",
    "link_domain",
    "reaction_type",
    "resolve_at_mentions",
    "salvage",
    "type_name",
    "union_lists",
    "unwrap_links",
]

_BOM: Final = b"\xef\xbb\xbf"

#: Reaction names as exports spell them -> canonical type. Keys are lower case. Anything
#: else (THANKFUL, PRIDE, yay, confused, dorothy, toto, ...) becomes ``other``; NONE
#: (Graph API's "viewer has not reacted") is no reaction at all and is dropped.
REACTION_ALIASES: Final[dict[str, str]] = {
    "like": "like", "likes": "like",
    "love": "love",
    "care": "care", "support": "care",
    "haha": "haha",
    "wow": "wow",
    "sad": "sad", "sorry": "sad",
    "angry": "angry", "anger": "angry",
}


def reaction_type(name: str) -> str | None:
    """The canonical reaction type of an export's reaction name (None for NONE).

    Examples
    --------
    >>> [reaction_type(n) for n in ("LIKE", "sorry", "THANKFUL", "NONE")]
    ['like', 'sad', 'other', None]
    """
    low = name.lower()
    if low == "none":
        return None
    return REACTION_ALIASES.get(low, "other")


def type_name(value: object) -> str:
    """A JSON type name for error messages (``a string``, ``an object``, ...).

    Examples
    --------
    >>> type_name([1]), type_name(None)
    ('an array', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {shorten(value)}"
    if isinstance(value, str):
        return f"the string {shorten(value)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class BadValue:
    """A JSON value of an NDJSON line (or concatenated document) that did not decode."""

    expected: str
    got: str


def _html_or_empty(name: str, data: bytes) -> None:
    stripped = data.lstrip(b" \t\r\n")
    if not stripped:
        raise MalformedRecordError(name, "byte 0", "a JSON document", "an empty file")
    low = stripped[:200].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        raise MalformedRecordError(name, "byte 0", "a JSON document",
                                   "an HTML page (request the data as JSON)")


def _check_utf8(name: str, data: bytes, base: int = 0) -> None:
    """Raise :class:`EncodingError` naming the byte offset of the first invalid byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise EncodingError(name, f"byte {base + exc.start}", "UTF-8 text (RFC 8259)",
                            f"the byte 0x{bad:02X}") from exc


def _byte_offset(data: bytes, exc: json.JSONDecodeError) -> int:
    return len(data.decode("utf-8", "replace")[: exc.pos].encode("utf-8"))


def _decode_error(
    name: str, data: bytes, exc: json.JSONDecodeError
) -> tuple[FormatError, int]:
    """The located error of a document that does not decode, and its byte offset."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return EncodingError(name, f"byte {bad.start}", "UTF-8 text (RFC 8259)",
                             f"the byte 0x{data[bad.start]:02X}"), bad.start
    return MalformedRecordError(name, _syntax_place(data, exc), "valid JSON",
                                _syntax_got(exc)), _byte_offset(data, exc)


def _syntax_place(data: bytes, exc: json.JSONDecodeError, base: int = 0) -> str:
    # orjson counts characters; the place names bytes (and the line for editors).
    offset = len(data.decode("utf-8", "replace")[: exc.pos].encode("utf-8"))
    return f"byte {base + offset} (line {exc.lineno})"


def _syntax_got(exc: json.JSONDecodeError) -> str:
    msg = str(exc).split(":", 1)[0]
    if "end of data" in msg or "EOF" in msg:
        return "the end of the file (truncated?)"
    return f"invalid JSON ({msg})"


#: Key put into every object a salvaged document closed early: the reader skips such a
#: record (it is the broken tail, rejected once with its byte offset).
TRUNCATED: Final = "\x00groepsinzicht-truncated"
_TOKEN: Final = re.compile(rb'"(?:[^"\\]|\\.)*(")?|[\[\]{},:]', re.S)


def salvage(data: bytes, cut: int) -> Any | None:
    """Decode the complete part of a JSON document that breaks at byte ``cut``.

    Every container open at the break is closed after its last complete child; each
    object closed early gets the key :data:`TRUNCATED` (value: ``cut``), so a reader
    can skip the record the break fell into. Complete records before the break are
    kept exactly as written.

    Parameters
    ----------
    data
        The document's bytes (without BOM).
    cut
        Where decoding failed (the end of the file for a cut-off download).

    Returns
    -------
    object or None
        The decoded, repaired document; None when nothing can be salvaged.

    Examples
    --------
    >>> doc = salvage(b'{"data": [{"id": 1}, {"id": 2}, {"id": 3, "x": [1, 2', 52)
    >>> [p for p in doc["data"] if TRUNCATED not in p]
    [{'id': 1}, {'id': 2}]
    """
    head = data[:cut]
    # Stack entries: [opener, good_end, state]; good_end is the byte after the last
    # complete child; state (objects) is "key", "colon" or "value".
    stack: list[list[Any]] = []
    for m in _TOKEN.finditer(head):
        tok = m.group()
        c = tok[:1]
        if c in (b"{", b"["):
            stack.append([c, m.end(), "key"])
            continue
        if not stack:
            if c == b'"' and m.group(1):
                return None  # a bare string document: nothing to salvage
            continue
        top = stack[-1]
        if c in (b"}", b"]"):
            stack.pop()
            if not stack:
                return None  # the document closed: the break is after it
            parent = stack[-1]
            parent[1] = m.end()
            parent[2] = "key"
        elif c == b",":
            top[1] = m.start()
            top[2] = "key"
        elif c == b":":
            top[2] = "value"
        elif c == b'"':
            if not m.group(1):  # a string the break fell into
                break
            if top[0] == b"[" or top[2] == "value":
                top[1] = m.end()
                top[2] = "done"
    if not stack:
        return None
    marker = b'"\\u0000groepsinzicht-truncated": ' + str(cut).encode()
    pieces = [head[: stack[-1][1]]]
    for i in range(len(stack) - 1, -1, -1):
        opener = stack[i][0]
        if opener == b"{":
            body = pieces[-1] if i == len(stack) - 1 else b""
            has_member = (i < len(stack) - 1) or body.rstrip()[-1:] not in (b"{",)
            pieces.append((b", " if has_member else b"") + marker + b"}")
        else:
            pieces.append(b"]")
    try:
        return orjson.loads(b"".join(pieces))
    except orjson.JSONDecodeError:
        return None


def decode_values(name: str, data: bytes, *,
                  salvage_broken: bool = False) -> Iterator[tuple[str, Any]]:
    r"""Decode a JSON document, NDJSON, or concatenated JSON documents.

    Yields ``(place, value)``: ``("$", document)`` for one document; ``("line N, $",
    value)`` per NDJSON line or per concatenated document (the line it starts on). An
    NDJSON line that does not decode is yielded as a :class:`BadValue` (the reader
    rejects that record and goes on); a document that does not decode raises, unless
    ``salvage_broken`` (collect mode): then the document's complete part is yielded
    (see :func:`salvage`), followed by one :class:`BadValue` placed at the break.

    Parameters
    ----------
    name
        The source name, for messages.
    data
        The file's bytes (a UTF-8 BOM is ignored).
    salvage_broken
        Collect mode: keep the complete records of a document that breaks.

    Raises
    ------
    EncodingError
        Invalid UTF-8, naming the byte offset.
    MalformedRecordError
        An empty file, an HTML page, or JSON that does not decode.

    Examples
    --------
    >>> list(decode_values("f.json", b'{"a": 1}'))
    [('$', {'a': 1})]
    >>> [p for p, _ in decode_values("f.ndjson", b'{"a": 1}\n{"a": 2}\n')]
    ['line 1, $', 'line 2, $']
    """
    if data.startswith(_BOM):
        data = data[3:]
    _html_or_empty(name, data)
    try:
        with gc_paused():
            doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if not salvage_broken:
            _check_utf8(name, data)
        if not str(exc).startswith("unexpected content after document"):
            if salvage_broken and _is_ndjson(data):
                # Line by line: only the lines that do not decode are rejected.
                yield from _ndjson(data)
                return
            error, cut = _decode_error(name, data, exc)
            partial = salvage(data, cut) if salvage_broken else None
            if partial is None:
                raise error from exc
            yield "$", partial
            yield error.place, BadValue(error.expected, error.got)
            return
    else:
        del data  # the caller may have let go of the bytes: do not keep them alive
        yield "$", doc
        return
    first_line = data.split(b"\n", 1)[0]
    try:
        orjson.loads(first_line)
    except orjson.JSONDecodeError:
        yield from _concatenated(name, data)
    else:
        yield from _ndjson(data)


def _is_ndjson(data: bytes) -> bool:
    """More than one line, and the first one a JSON value of its own."""
    first, sep, rest = data.partition(b"\n")
    if not sep or not rest.strip():
        return False
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return True


def _ndjson(data: bytes) -> Iterator[tuple[str, Any]]:
    start = 0
    line = 0
    size = len(data)
    loads = orjson.loads
    while start < size:
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        line += 1
        chunk = data[start:end]
        start = end + 1
        if not chunk.strip():
            continue
        try:
            value = loads(chunk)
        except orjson.JSONDecodeError as exc:
            got = _syntax_got(exc)
            if "not valid UTF-8" in str(exc):
                got = "invalid UTF-8"
            yield f"line {line}, $", BadValue("a JSON value on each line (NDJSON)", got)
            continue
        yield f"line {line}, $", value


def _concatenated(name: str, data: bytes) -> Iterator[tuple[str, Any]]:
    """Documents written one after the other (pretty-printed pages appended to a file)."""
    text = data.decode("utf-8")
    decoder = json.JSONDecoder()
    pos = 0
    line = 1
    ws = re.compile(r"\s*")
    while True:
        m = ws.match(text, pos)
        if m is None:  # r"\s*" matches everywhere
            raise InternalError(f"{name}: white space expected at character {pos}")
        line += text.count("\n", pos, m.end())
        pos = m.end()
        if pos >= len(text):
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            offset = len(text[: exc.pos].encode("utf-8"))
            raise MalformedRecordError(
                name, f"byte {offset} (line {exc.lineno})", "valid JSON",
                f"invalid JSON ({exc.msg})",
            ) from exc
        yield f"line {line}, $", value
        line += text.count("\n", pos, end)
        pos = end


# ---------------------------------------------------------------------- field rules
_ISO_FAST: Final = "%Y-%m-%dT%H:%M:%S"
_ISO_FULL: Final = "%Y-%m-%dT%H:%M:%S%.f%#z"
_ISO_NAIVE: Final = "%Y-%m-%dT%H:%M:%S%.f"
_UTC_TAILS: Final = ["+0000", "Z", "+00:00"]


def iso_times(values: pl.Series, *, naive_tz: str | None = None) -> pl.Series:
    """Parse ISO-8601 time strings to UTC; null where a value does not parse.

    The common Graph API shape ``2019-03-01T12:00:00+0000`` takes a fast path; other
    offsets, ``Z``, fractional seconds and a space instead of ``T`` are accepted too.
    Times without an offset are read in ``naive_tz`` (and stay null without it).

    Parameters
    ----------
    values
        Strings.
    naive_tz
        Time zone for times without an offset, or None to refuse them.

    Returns
    -------
    polars.Series
        ``Datetime("us", "UTC")``.

    Examples
    --------
    >>> iso_times(pl.Series(["2019-03-01T12:00:00+0000", "2019-03-01T14:00:00+02:00",
    ...                      "gisteren"])).dt.hour().to_list()
    [12, 12, None]
    """
    head = values.str.slice(0, 19).str.to_datetime(_ISO_FAST, strict=False, cache=False)
    fast = (
        pl.DataFrame({"h": head, "t": values.str.slice(19)})
        .select(
            pl.when(pl.col("t").is_in(_UTC_TAILS))
            .then(pl.col("h").dt.replace_time_zone("UTC"))
            .otherwise(None)
            .dt.cast_time_unit("us")
        )
        .to_series()
        .cast(UTC)
        .alias(values.name)
    )
    todo = fast.is_null() & values.is_not_null()
    if not todo.any():
        return fast
    idx = todo.arg_true()
    rest = (
        values.gather(idx)
        .str.replace(r"Z$", "+0000")
        .str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T")
    )
    parsed = rest.str.to_datetime(_ISO_FULL, strict=False, cache=False).cast(UTC)
    if naive_tz is not None:
        from groepsinzicht.schema import localize

        naive = rest.str.to_datetime(_ISO_NAIVE, strict=False, cache=False)
        parsed = parsed.fill_null(localize(naive.dt.cast_time_unit("us"), naive_tz))
    return fast.scatter(idx, parsed)


_HOST_RE: Final = r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/?#@]*@)?([^/?#:]+)"
_HOST_ALIASES: Final = {"youtu.be": "youtube.com", "fb.watch": "facebook.com",
                        "fb.me": "facebook.com", "fb.com": "facebook.com"}


def link_domain(urls: pl.Expr) -> pl.Expr:
    """The domain of a URL: lower case, without ``www.``/``m.``/``web.``; youtu.be is youtube.com.

    Examples
    --------
    >>> pl.select(link_domain(pl.lit("https://www.YouTube.com/watch?v=x"))).item()
    'youtube.com'
    """
    host = (
        urls.str.extract(_HOST_RE, 1)
        .str.to_lowercase()
        .str.replace(r"^(?:www\d?|m|mobile|web|l|lm)\.", "")
    )
    return host.replace(_HOST_ALIASES)


def unwrap_links(urls: list[str | None]) -> list[str | None]:
    """Undo Facebook's outbound redirect (``l.facebook.com/l.php?u=...``).

    Examples
    --------
    >>> unwrap_links(["https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.a.nl%2Fx&h=1"])
    ['https://www.a.nl/x']
    """
    from urllib.parse import parse_qs, urlsplit

    out = urls
    for i, u in enumerate(urls):
        if u is not None and "/l.php?" in u:
            target = parse_qs(urlsplit(u).query).get("u")
            if target:
                if out is urls:
                    out = list(urls)
                out[i] = target[0]
    return out


# ---------------------------------------------------------------------- @mentions
_AT_RE: Final = r"@[^\s@]+(?:\s+[^\s@]+){0,4}"
_TRAIL: Final = ".,;:!?)'\"”’"
_MAX_WORDS: Final = 5


def resolve_at_mentions(
    frame: pl.DataFrame, text: str, names: pl.DataFrame
) -> pl.Series:
    """Member ids of ``@Name`` mentions in ``frame[text]`` that name exactly one member.

    A mention is ``@`` followed by up to five words; the longest run of those words
    (trailing punctuation removed) that equals the name of exactly one known member of
    the row's container (``names``: ``container_id``, ``member_id``, ``name``) resolves
    to that member. Names shared by two members of the container, and unknown names,
    resolve to nothing. Matching within the container makes the result independent of
    which other files are read along.

    Parameters
    ----------
    frame
        Rows with ``container_id`` and a text column.
    text
        The text column.
    names
        Known ``container_id``, ``member_id`` and ``name``.

    Returns
    -------
    polars.Series
        ``List(String)`` of resolved ids per row (empty lists when none), in order of
        appearance, without repeats.

    Examples
    --------
    >>> names = pl.DataFrame({"container_id": "g", "member_id": ["1", "2"],
    ...                       "name": ["Anna Jansen", "Piet"]})
    >>> msgs = pl.DataFrame({"container_id": "g", "m": ["Dank @Anna Jansen en @Piet!", None]})
    >>> resolve_at_mentions(msgs, "m", names).to_list()
    [['1', '2'], []]
    """
    n = frame.height
    # Built in polars: a Python list of n empty lists is slow to convert.
    empty = pl.select(pl.repeat(pl.lit([], dtype=pl.List(pl.String)), n)).to_series() \
        .alias(text)
    key = ["container_id", "name"]
    unique_names = (
        names.drop_nulls(["container_id", "member_id", "name"])
        .unique(["container_id", "member_id", "name"])
        .group_by(key)
        .agg(pl.col("member_id").first(), pl.len().alias("n"))
        .filter(pl.col("n") == 1)
        .select(*key, "member_id")
    )
    if n == 0 or unique_names.height == 0:
        return empty
    col = frame.get_column(text)
    has_at = col.str.contains("@", literal=True).fill_null(False)
    if not has_at.any():
        return empty
    found = (
        pl.DataFrame({"row": has_at.arg_true(), "t": col.filter(has_at),
                      "container_id": frame.get_column("container_id").filter(has_at)})
        .select("row", "container_id", pl.col("t").str.extract_all(_AT_RE).alias("m"))
        .explode("m")
        .drop_nulls("m")
        .with_row_index("k")
        .with_columns(pl.col("m").str.slice(1).str.split(" ").alias("w"))
    )
    if found.height == 0:
        return empty
    cands = pl.concat([
        found.filter(pl.col("w").list.len() >= k).select(
            "row", "k", "container_id", pl.lit(k).alias("len"),
            pl.col("w").list.slice(0, k).list.join(" ").str.strip_chars_end(_TRAIL)
            .alias("name"),
        )
        for k in range(1, _MAX_WORDS + 1)
    ])
    hits = (
        cands.join(unique_names, on=key, how="inner")
        .sort("k", "len", descending=[False, True])
        .unique("k", keep="first", maintain_order=True)
        .sort("k")
        .group_by("row", maintain_order=True)
        .agg(pl.col("member_id").unique(maintain_order=True))
    )
    out = (
        pl.DataFrame({"row": pl.arange(0, n, eager=True).cast(pl.UInt32)})
        .join(hits.with_columns(pl.col("row").cast(pl.UInt32)), on="row", how="left")
        .sort("row")
        .get_column("member_id")
        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )
    return out.alias(text)


def union_lists(a: pl.Expr, b: pl.Expr | pl.Series) -> pl.Expr:
    """Concatenate two list columns and drop repeats, keeping first appearance."""
    other = pl.lit(b) if isinstance(b, pl.Series) else b
    return pl.concat_list(a.fill_null([]), other.fill_null([])).list.unique(
        maintain_order=True)
