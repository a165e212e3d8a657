"""Shared machinery of the CSV readers (CrowdTangle, Page Insights, Business Suite).

- :class:`CsvFile` decodes one source (UTF-8 with or without BOM, UTF-16 with BOM, an
  Excel ``sep=`` first line), finds every record's physical start line and field count
  with a vectorised scan of the bytes (RFC 4180 quoting: a newline or separator inside
  quotes belongs to the field), sets aside the records that cannot be parsed (wrong
  field count, undecodable bytes, an unterminated quote) with their line, and hands the
  rest to polars' CSV reader as string columns.
- Value checks (:class:`Check`) run as polars expressions; :func:`report` turns every
  problem, structural or value, into a ``rejected`` row (collect mode) or raises the
  first one in file order (raise mode).
- Numbers with locale separators (``1,234``, ``407.137``, ``1,4``) and header alias
  matching, as polars expressions.

Line numbers are physical lines, header = line 1 (after an Excel ``sep=`` line, that
line is line 1 and the header line 2): the line where the record starts.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from groepsinzicht.errors import (
    EncodingError,
    FormatError,
    GroepsinzichtError,
    MalformedRecordError,
    UnknownFormatError,
    shorten,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from groepsinzicht.io._common import OnError, Rejects
    from groepsinzicht.io._source import Source

__all__ = [
    "LINE",
    "Check",
    "CsvFile",
    "Problem",
    "any_bad",
    "cell",
    "file_failed",
    "find_columns",
    "header_cells",
    "normalize_header",
    "null_optional",
    "parse_count",
    "parse_decimal",
    "report",
    "value_problems",
]

_BOM8 = b"\xef\xbb\xbf"
_BOM16LE = b"\xff\xfe"
_BOM16BE = b"\xfe\xff"
_CHUNK = 16 * 1024 * 1024
_SCAN_BLOCK = 8 * 1024 * 1024
_QUOTE, _LF, _CR = 0x22, 0x0A, 0x0D

#: Place template of a CSV record.
LINE = "line {line}"


@dataclass(frozen=True, order=True)
class Problem:
    """One bad record: where, what was expected, what was found.

    Ordered by ``line`` so :func:`report` raises the first one in file order.
    """

    line: int
    place: str = field(compare=False)
    expected: str = field(compare=False)
    got: str = field(compare=False)
    excerpt: object = field(default=None, compare=False)
    error: type[FormatError] = field(default=MalformedRecordError, compare=False)


def report(rejects: Rejects, problems: Iterable[Problem]) -> None:
    """Raise the first problem (raise mode) or record each as a rejected row.

    Parameters
    ----------
    rejects
        The source's collector.
    problems
        Structural and value problems, in any order.

    Examples
    --------
    >>> from groepsinzicht.io._common import Rejects
    >>> r = Rejects("f.csv", "collect")
    >>> report(r, [Problem(3, "line 3", "a number", "'x'")])
    >>> r.frame().get_column("location").to_list()
    ['line 3']
    """
    for p in sorted(problems):
        rejects.fail(p.place, p.expected, p.got, excerpt=p.excerpt, error=p.error)


def normalize_header(text: str) -> str:
    r"""Header text for matching: no BOM, single spaces, case-folded.

    Examples
    --------
    >>> normalize_header("\ufeffPost  Created ")
    'post created'
    """
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def find_columns(
    header: list[str],
    aliases: Mapping[str, Iterable[str]],
    prefixes: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, list[int]]:
    """Map fields to the header positions whose text is one of the field's aliases.

    Parameters
    ----------
    header
        Header cells as written.
    aliases
        Field -> accepted header texts (matched after :func:`normalize_header`).
    prefixes
        Field -> accepted header prefixes (for headers whose tail varies, such as
        CrowdTangle's weighted score).

    Returns
    -------
    dict
        Field -> every matching position, in header order (a repeated header gives
        several); fields that match nothing are absent.

    Examples
    --------
    >>> find_columns(["Post ID", "Reach", "reach"], {"reach": ["Reach"], "id": ["post id"]})
    {'reach': [1, 2], 'id': [0]}
    """
    norm = [normalize_header(h) for h in header]
    out: dict[str, list[int]] = {}
    for fld, names in aliases.items():
        wanted = {normalize_header(n) for n in names}
        hits = [i for i, h in enumerate(norm) if h in wanted]
        if hits:
            out[fld] = hits
    for fld, starts in (prefixes or {}).items():
        pre = tuple(normalize_header(s) for s in starts)
        hits = [i for i, h in enumerate(norm) if h.startswith(pre)]
        if hits:
            out.setdefault(fld, hits)
    return out


def header_cells(head: bytes) -> list[str] | None:
    r"""The header cells of a CSV from its first bytes (for format detection).

    Decodes leniently (detection only), skips an Excel ``sep=`` line, and splits the
    first line on the most frequent of ``,``, ``;`` and TAB.

    Returns
    -------
    list of str or None
        None when the bytes do not look like text.

    Examples
    --------
    >>> header_cells(b"\xef\xbb\xbfa,b\n1,2\n")
    ['a', 'b']
    """
    if head.startswith(_BOM16LE):
        text = head[2:].decode("utf-16-le", "replace")
    elif head.startswith(_BOM16BE):
        text = head[2:].decode("utf-16-be", "replace")
    else:
        if _looks_utf16(head):
            return None
        # A stray NUL byte does not hide the header (the reader then names its place).
        text = head.removeprefix(_BOM8).replace(b"\x00", b"").decode("utf-8", "replace")
    lines = text.lstrip("\ufeff").splitlines()
    sep = None
    if lines and lines[0].startswith("sep=") and len(lines[0]) >= 5:
        sep = lines[0][4]
        lines = lines[1:]
    if not lines:
        return None
    first = lines[0]
    sep = sep or _sniff_sep(first)
    try:
        row = next(csv.reader([first], delimiter=sep), [])
    except csv.Error:
        return None
    return [c.strip() for c in row]


def _looks_utf16(head: bytes) -> bool:
    """Many NUL bytes in the first 4 KiB: UTF-16 text without a byte-order mark."""
    window = head[:4096]
    return window.count(0) * 5 > len(window)


def _sniff_sep(line: str) -> str:
    """The most frequent candidate separator outside quotes (``,`` on a tie)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {s: outside.count(s) for s in (",", ";", "\t")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def _first_invalid_utf8(buf: bytes, start: int = 0) -> int | None:
    """Offset of the first byte at or after ``start`` that is not valid UTF-8."""
    view = memoryview(buf)
    pos, n = start, len(buf)
    while pos < n:
        end = min(n, pos + _CHUNK)
        try:
            _, used = codecs.utf_8_decode(view[pos:end], "strict", end == n)
        except UnicodeDecodeError as exc:
            return pos + exc.start
        if used == 0:  # pragma: no cover - a chunk always holds a whole character
            return pos
        pos += used
    return None


def _invalid_utf8(buf: bytes, *, first_only: bool) -> list[int]:
    out: list[int] = []
    pos = 0
    while (bad := _first_invalid_utf8(buf, pos)) is not None:
        out.append(bad)
        if first_only:
            break
        pos = bad + 1
    return out


@dataclass
class CsvFile:
    """One CSV source, decoded and split into records (see the module docstring).

    Use :meth:`open` (reads and checks the header) and then :meth:`frame` (once: it
    frees the file's bytes).

    Attributes
    ----------
    name
        The source name for messages.
    header
        The header cells as written (BOM removed, surrounding spaces stripped).
    sep
        The field separator.
    """

    name: str
    header: list[str]
    sep: str
    _buf: bytes = field(repr=False)
    _base: int = field(repr=False)  # bytes before _buf in the file (BOM), for offsets
    _utf8: bool = field(repr=False)
    _starts: np.ndarray = field(repr=False)
    _ends: np.ndarray = field(repr=False)
    _lines: np.ndarray = field(repr=False)
    _quotes: np.ndarray = field(repr=False)  # offsets of every quote byte
    _incomplete: bool = field(repr=False)
    _on_error: OnError = field(repr=False)
    _line_base: int = field(default=0, repr=False)
    preamble: list[list[str]] = field(default_factory=list)
    _lead: int = field(default=0, repr=False)  # a UTF-8 BOM kept at the start of _buf

    @classmethod
    def open(
        cls,
        source: Source,
        *,
        on_error: OnError,
        what: str,
        data: bytes | None = None,
        preamble: int = 0,
    ) -> CsvFile:
        """Decode ``source`` and read its header.

        Parameters
        ----------
        source
            The file.
        on_error
            In raise mode :meth:`frame` raises at the first undecodable byte; in collect
            mode it sets the records holding one aside (one in the header always
            raises: without a header nothing can be read).
        what
            What the header should be, for messages (``"a CrowdTangle CSV header"``).
        data
            The bytes, when already read.
        preamble
            Lines before the header (after an Excel ``sep=`` line) that are not part of
            the table, such as a metric name; their cells are kept in ``preamble``.

        Raises
        ------
        UnknownFormatError
            The file is empty.
        EncodingError
            Undecodable bytes (the message names the byte offset and line).
        """
        raw = source.read_bytes() if data is None else data
        head = raw[:65536]
        if len(raw) == len(head) and not head.lstrip(_BOM8 + b" \t\r\n").strip(b"\x00"):
            raise UnknownFormatError(source.name, "byte 0", what, "an empty file")
        buf, base, utf8 = _decode(source.name, raw, keep_bom=not preamble)
        lead = len(_BOM8) if utf8 and not base and buf.startswith(_BOM8) else 0
        sep_hint: str | None = None
        line_base = 0
        if buf.startswith(b"sep=") and len(buf) > 4 and buf[5:6] in (b"\n", b"\r"):
            # Excel's separator hint: the header is on line 2.
            sep_hint = chr(buf[4])
            first_nl = buf.find(b"\n")
            cut = first_nl + 1 if first_nl >= 0 else len(buf)
            base += cut
            buf = buf[cut:]
            line_base = 1
        pre: list[list[str]] = []
        for _ in range(preamble):
            nl = buf.find(b"\n")
            cut = nl + 1 if nl >= 0 else len(buf)
            text = _strict(source.name, buf[:cut], base, line_base).strip("\r\n")
            pre.append(next(csv.reader([text]), []))
            base += cut
            buf = buf[cut:]
            line_base += 1
        first_nl = buf.find(b"\n")
        first_line = buf[: first_nl if first_nl >= 0 else len(buf)]
        sep = sep_hint or _sniff_sep(first_line.decode("utf-8", "replace"))
        starts, ends, lines, quotes, incomplete = _records(buf)
        if len(starts) == 0:
            raise UnknownFormatError(source.name, "byte 0", what, "an empty file")
        lines = lines + line_base
        if incomplete and len(starts) == 1:
            raise MalformedRecordError(source.name, f"line {int(lines[0])}",
                                       "a closing quote", "the end of the file")
        head_text = _strict(source.name, buf[lead:int(ends[0])], base + lead,
                            line_base).rstrip("\r")
        try:
            cells = next(csv.reader(io.StringIO(head_text), delimiter=sep), [])
        except csv.Error as exc:  # pragma: no cover - csv accepts any single line
            raise MalformedRecordError(source.name, f"line {int(lines[0])}", what,
                                       "an unreadable header") from exc
        header = [c.replace("\ufeff", "").strip() for c in cells]
        return cls(source.name, header, sep, buf, base, utf8, starts, ends, lines,
                   quotes, incomplete, on_error, line_base, pre, lead)

    @property
    def header_line(self) -> int:
        """The physical line of the header."""
        return int(self._lines[0])

    def frame(
        self, columns: Iterable[int] | None = None, *, careful: bool = False
    ) -> tuple[pl.DataFrame, list[Problem], int]:
        """Read the data records into string columns.

        The fast pass hands the whole buffer to polars once, after cheap checks on the
        bytes (no NUL byte, no blank record, every quote where RFC 4180 puts one) and,
        after the parse, on its result (as many rows as records, the separators outside
        quotes exactly one fewer than the fields of every record). It runs only when the
        file is clean; anything else, or a parse error, goes to the careful pass, which
        counts every record's fields, sets aside the broken records and parses the rest.
        Both give the same frame for a clean file.

        In the careful pass polars checks the UTF-8 while it parses; only when it finds
        an invalid byte is the file searched for the byte offsets, and (collect mode)
        the records that hold one are set aside and the rest parsed again.

        Parameters
        ----------
        columns
            The header positions to read (default all): polars parses only those
            columns (every record's field count is still checked).
        careful
            Skip the fast pass (for tests that compare the two).

        Returns
        -------
        frame
            Columns ``c0`` … ``c{n-1}`` (one per header cell read, all ``String``; empty
            unquoted cells are null) and ``__line`` (the record's physical start line),
            for the records that parse.
        problems
            The records that do not (wrong field count, undecodable bytes,
            unterminated quote), one :class:`Problem` each.
        seen
            Data records seen (blank lines are not records).

        Raises
        ------
        EncodingError
            In raise mode, an undecodable byte before any other broken record.
        """
        n = len(self.header)
        wanted = sorted(set(range(n) if columns is None else columns))
        nfields_all = _field_counts(self._buf, self._starts, self._ends, self._quotes,
                                    ord(self.sep))
        if not careful:
            fast = self._fast_frame(wanted, nfields_all)
            if fast is not None:
                self._buf = b""  # the file's bytes are no longer needed: free them
                return fast, [], fast.height
        starts, ends = self._starts[1:], self._ends[1:]
        lines = self._lines[1:]
        nfields = nfields_all[1:]
        arr = np.frombuffer(self._buf, dtype=np.uint8)
        length = ends - starts
        last_byte = arr[np.maximum(ends - 1, 0)] if len(arr) else np.zeros(len(ends),
                                                                            dtype=np.uint8)
        blank = (length == 0) | ((length == 1) & (last_byte == _CR))
        problems: list[Problem] = []
        incomplete = np.zeros(len(starts), dtype=bool)
        if self._incomplete and len(starts):
            incomplete[-1] = True
            problems.append(Problem(int(lines[-1]), f"line {int(lines[-1])}",
                                    "a closing quote", "the end of the file"))
        ragged = ~blank & ~incomplete & (nfields != n)
        problems.extend(
            Problem(int(line), f"line {int(line)}", f"{n} fields", f"{int(k)}")
            for line, k in zip(lines[ragged], nfields[ragged], strict=True)
        )
        drop = blank | incomplete | ragged
        # A stray NUL byte (valid UTF-8, never text): the record holding it is bad.
        for off in np.flatnonzero(arr == 0).tolist():  # the NUL bytes only
            i = int(np.searchsorted(starts, off, side="right")) - 1
            if i < 0:
                raise EncodingError(self.name, _byte_place(self._buf, self._base, off,
                                                           self._line_base),
                                    "UTF-8 text", "a NUL byte")
            if drop[i]:
                continue
            drop[i] = True
            problems.append(Problem(int(lines[i]), _byte_place(
                self._buf, self._base, off, self._line_base), "UTF-8 text", "a NUL byte",
                error=EncodingError))
        seen = int((~blank).sum())
        try:
            df = self._parse(drop, wanted)
        except _InvalidUtf8Error:
            bad = self._undecodable(starts, lines, drop)
            if not bad:  # pragma: no cover - polars and Python disagree on UTF-8
                raise FormatError(self.name, "file", "UTF-8 text", "undecodable bytes") \
                    from None
            if self._on_error == "raise":
                first = min([*problems, bad[0]])
                raise first.error(self.name, first.place, first.expected, first.got) \
                    from None
            problems += bad
            for p in bad:
                drop[int(np.searchsorted(lines, p.line))] = True
            df = self._parse(drop, wanted)
        self._buf = b""
        keep_lines = lines[~drop]
        df = df.slice(1).with_columns(
            pl.Series("__line", keep_lines.astype(np.int64), dtype=pl.Int64)
        )
        return df, problems, seen

    def _fast_frame(self, wanted: list[int], nfields: np.ndarray) -> pl.DataFrame | None:
        """The frame of a clean file in one parse, or None when the file needs care."""
        buf, n, sep = self._buf, len(self.header), self.sep
        starts, ends = self._starts, self._ends
        if self._incomplete or len(sep.encode()) != 1 or (nfields != n).any():
            return None
        if b"\x00" in buf:
            return None
        arr = np.frombuffer(buf, dtype=np.uint8)
        length = (ends - starts)[1:]
        if len(length) and ((length == 0).any() or (
                (length == 1) & (arr[np.maximum(ends[1:] - 1, 0)] == _CR)).any()):
            return None
        # Where every quote stands where RFC 4180 puts one, polars reads the quotes as
        # they were counted here: its fields are the fields counted.
        if not _regular_quotes(arr, self._quotes, ord(sep), self._lead):
            return None
        try:
            df = pl.read_csv(
                io.BytesIO(buf), has_header=False, infer_schema=False, separator=sep,
                quote_char='"', truncate_ragged_lines=False,
                schema={f"c{i}": pl.String for i in range(n)},
                columns=wanted,
            )
        except pl.exceptions.PolarsError:
            return None
        if df.height != len(starts) or df.width != len(wanted):
            return None
        return df.slice(1).hstack(  # hstack: no copy of the string columns
            [pl.Series("__line", self._lines[1:].astype(np.int64), dtype=pl.Int64)])

    def _undecodable(
        self, starts: np.ndarray, lines: np.ndarray, drop: np.ndarray
    ) -> list[Problem]:
        """One EncodingError problem per record (not already dropped) with a bad byte."""
        buf = self._buf
        out: list[Problem] = []
        hit = np.zeros(len(starts), dtype=bool)
        for off in _invalid_utf8(buf, first_only=False):  # bad bytes only
            i = int(np.searchsorted(starts, off, side="right")) - 1
            if i < 0 or hit[i] or drop[i]:
                continue
            hit[i] = True
            out.append(Problem(int(lines[i]), _byte_place(buf, self._base, off,
                                                          self._line_base),
                               "UTF-8 text", f"byte 0x{buf[off]:02X}", error=EncodingError))
            if self._on_error == "raise":
                break
        return out

    def _without(self, drop: np.ndarray) -> bytes:
        """The buffer without the dropped data records (each with its line end)."""
        starts = self._starts
        n = len(self._buf)
        nxt = np.append(starts[1:], n)
        pieces: list[bytes] = []
        pos = 0
        for i in np.flatnonzero(drop) + 1:  # +1: record 0 is the header
            if starts[i] > pos:
                pieces.append(self._buf[pos:int(starts[i])])
            pos = int(nxt[i])
        pieces.append(self._buf[pos:])
        out = b"".join(pieces)
        return out if out.endswith(b"\n") else out + b"\n"

    def _parse(self, drop: np.ndarray, wanted: list[int]) -> pl.DataFrame:
        """Parse the header and the records not dropped; check polars saw as many."""
        n = len(self.header)
        buf = self._without(drop) if drop.any() else self._buf
        expected_rows = int((~drop).sum()) + 1
        try:
            df = pl.read_csv(
                io.BytesIO(buf), has_header=False, infer_schema=False, separator=self.sep,
                quote_char='"', truncate_ragged_lines=True,
                schema={f"c{i}": pl.String for i in range(n)},
                columns=wanted,
            )
        except (pl.exceptions.ComputeError, pl.exceptions.NoDataError,
                pl.exceptions.SchemaError) as exc:
            # SchemaError: quoting that pairs up across the header's separators makes
            # polars count more columns than the header has.
            if self._utf8 and "utf-8" in str(exc).lower():
                raise _InvalidUtf8Error from exc
            raise FormatError(self.name, "file", "a CSV file with RFC 4180 quoting",
                              "records polars cannot parse") from exc
        if df.height != expected_rows or df.width != len(wanted):
            raise FormatError(self.name, "file", "a CSV file with RFC 4180 quoting",
                              f"{df.height - 1} records where {expected_rows - 1} were "
                              "found (inconsistent quoting)")
        return df


class _InvalidUtf8Error(GroepsinzichtError):
    """Polars met an invalid UTF-8 byte (located afterwards)."""


def _strict(name: str, data: bytes, base: int, line_base: int) -> str:
    """Decode a header or preamble line; an invalid byte is an EncodingError."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(name, _byte_place(data, base, exc.start, line_base),
                            "UTF-8 text", f"byte 0x{data[exc.start]:02X}") from exc


def _decode(name: str, raw: bytes, *, keep_bom: bool = False) -> tuple[bytes, int, bool]:
    """UTF-8 bytes without BOM, the BOM length, and whether the file was UTF-8.

    With ``keep_bom`` a UTF-8 file without an Excel ``sep=`` line comes back as it is,
    BOM included (and 0 as the BOM length: offsets into it are offsets in the file).
    """
    if raw.startswith((_BOM16LE, _BOM16BE)):
        enc = "utf-16-le" if raw.startswith(_BOM16LE) else "utf-16-be"
        try:
            text = raw[2:].decode(enc)
        except UnicodeDecodeError as exc:
            raise EncodingError(name, f"byte {exc.start + 2}", "UTF-16 text",
                                f"bytes {raw[exc.start + 2:exc.end + 2].hex(' ')}") \
                from exc
        return text.lstrip("\ufeff").encode("utf-8"), 2, False
    base = len(_BOM8) if raw.startswith(_BOM8) else 0
    if _looks_utf16(raw[base:base + 4096]):
        buf = raw[base:]
        nul = buf.find(b"\x00")
        raise EncodingError(name, _byte_place(buf, base, nul), "UTF-8 text",
                            "a NUL byte (UTF-16 without a byte-order mark?)")
    if base and keep_bom and not raw.startswith(b"sep=", base):
        return raw, 0, True  # no copy of a large file for its first three bytes
    return raw[base:], base, True


def _byte_place(buf: bytes, base: int, off: int, line_base: int = 0) -> str:
    line = buf.count(b"\n", 0, off) + 1 + line_base if off >= 0 else line_base
    return f"byte {off + base} (line {line})"


def _records(
    buf: bytes,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]:
    """Records from sparse offsets: starts/ends, start lines, quotes, an open quote.

    Returns the record starts and ends, their start lines, the offsets of every quote
    and whether the last quote is unterminated: the records of :func:`_scan`, from the
    quote and line-feed offsets only (found in one pass per block; both are sparse). A
    line feed ends a record when an even number of quotes precedes it.
    """
    arr = np.frombuffer(buf, dtype=np.uint8)
    n = len(arr)
    hits: list[np.ndarray] = []
    for lo in range(0, n, _SCAN_BLOCK):  # blocks of bytes, not rows
        part = arr[lo:lo + _SCAN_BLOCK]
        hits.append(np.flatnonzero((part == _QUOTE) | (part == _LF)) + lo)
    both = np.concatenate(hits) if hits else np.zeros(0, dtype=np.int64)
    is_quote = arr[both] == _QUOTE
    q = both[is_quote]
    lf = both[~is_quote]
    # Quotes before each line feed: its rank among both, less the line feeds before it.
    quotes_before = np.flatnonzero(~is_quote) - np.arange(len(lf))
    term_idx = np.flatnonzero((quotes_before & 1) == 0)
    t = lf[term_idx]
    starts = np.concatenate(([0], t + 1)).astype(np.int64)
    ends = np.concatenate((t, [n])).astype(np.int64)
    lines = np.concatenate(([1], term_idx + 2)).astype(np.int64)
    if len(starts) and starts[-1] >= n:  # nothing after the final line feed
        starts, ends, lines = starts[:-1], ends[:-1], lines[:-1]
    return starts, ends, lines, q.astype(np.int64), bool(len(q) & 1)


def _regular_quotes(arr: np.ndarray, q: np.ndarray, sep: int, start: int = 0) -> bool:
    """Whether every quote byte stands where RFC 4180 puts one.

    Counting quotes (the careful pass) and polars' parser then agree on every field:
    an opening quote (even position in ``q``) starts a field (after a separator, a
    line feed or at ``start``, after a BOM) or follows a closing one directly (a doubled quote); a
    closing quote ends a field (before a separator, a line end or the end of the
    buffer) or precedes an opening one directly.
    """
    if len(q) == 0:
        return True
    if len(q) & 1:
        return False
    n = len(arr)
    opening, closing = q[0::2], q[1::2]
    doubled_before = np.zeros(len(opening), dtype=bool)
    doubled_before[1:] = closing[:-1] == opening[1:] - 1
    prev = arr[np.maximum(opening - 1, 0)]
    ok_open = (opening == start) | (prev == sep) | (prev == _LF) | doubled_before
    if not ok_open.all():
        return False
    doubled_after = np.zeros(len(closing), dtype=bool)
    doubled_after[:-1] = opening[1:] == closing[:-1] + 1
    nxt = arr[np.minimum(closing + 1, n - 1)]
    nxt2 = arr[np.minimum(closing + 2, n - 1)]
    at_end = closing == n - 1
    ok_close = (at_end | (nxt == sep) | (nxt == _LF) | doubled_after
                | ((nxt == _CR) & (closing + 2 < n) & (nxt2 == _LF)))
    return bool(ok_close.all())


def _field_counts(
    buf: bytes, starts: np.ndarray, ends: np.ndarray, quotes: np.ndarray, sep: int
) -> np.ndarray:
    """Fields of every record (:func:`_scan`'s count) from sparse offsets.

    A record's separators, less those between an opening quote and its closing one
    (or the end of the file, for an unterminated quote): both from the number of
    separators before each of these offsets, found per block of the file with
    ``searchsorted`` on the block's separator offsets.
    """
    arr = np.frombuffer(buf, dtype=np.uint8)
    n = len(arr)
    opening = quotes[0::2]
    closing = np.append(quotes[1::2], n) if len(quotes) & 1 else quotes[1::2]
    points = np.concatenate((starts, ends, opening, closing))
    order = np.argsort(points, kind="stable")
    sorted_points = points[order]
    before = np.empty(len(points), dtype=np.int64)  # separators before each point
    seen = 0
    lo_idx = 0
    for lo in range(0, max(n, 1), _SCAN_BLOCK):  # blocks of bytes, not rows
        hi = min(lo + _SCAN_BLOCK, n)
        hi_idx = int(np.searchsorted(sorted_points, hi, side="left"))
        if hi >= n:
            hi_idx = len(sorted_points)
        offsets = np.flatnonzero(arr[lo:hi] == sep) + lo
        before[lo_idx:hi_idx] = seen + np.searchsorted(offsets, sorted_points[lo_idx:hi_idx])
        seen += len(offsets)
        lo_idx = hi_idx
    counts = np.empty(len(points), dtype=np.int64)
    counts[order] = before
    r, k = len(starts), len(opening)
    total = counts[r:2 * r] - counts[:r]
    inside = counts[2 * r + k:] - counts[2 * r:2 * r + k]
    owner = np.searchsorted(starts, opening, side="right") - 1
    quoted = np.bincount(owner[owner >= 0], weights=inside[owner >= 0], minlength=r)
    return (total - quoted[:r].astype(np.int64) + 1).astype(np.int64)


def _scan(
    buf: bytes, sep: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]:
    """Record starts/ends (end excludes the line feed), start lines and field counts.

    A line feed or separator is part of a field when an odd number of quote characters
    precedes it (RFC 4180: a doubled quote inside a field toggles twice). The parity is
    a running sum of quote bytes kept in uint8 (only its lowest bit matters), computed
    per block of the file so memory stays a few times the block size.
    """
    arr = np.frombuffer(buf, dtype=np.uint8)
    n = len(arr)
    terms: list[np.ndarray] = []
    term_idx: list[np.ndarray] = []
    seps: list[np.ndarray] = []
    carry = np.uint8(0)  # quote parity before the block
    seen_lf = 0
    for lo in range(0, n, _SCAN_BLOCK):  # blocks of bytes, not rows
        part = arr[lo:lo + _SCAN_BLOCK]
        inside = (np.cumsum(part == _QUOTE, dtype=np.uint8) & 1) ^ carry
        lf = np.flatnonzero(part == _LF)
        out = np.flatnonzero(inside[lf] == 0)
        terms.append(lf[out] + lo)
        term_idx.append(out + seen_lf)
        seps.append(np.flatnonzero((part == sep) & (inside == 0)) + lo)
        seen_lf += len(lf)
        carry = inside[-1]
    t = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int64)
    ti = np.concatenate(term_idx) if term_idx else np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], t + 1)).astype(np.int64)
    ends = np.concatenate((t, [n])).astype(np.int64)
    lines = np.concatenate(([1], ti + 2)).astype(np.int64)
    if len(starts) and starts[-1] >= n:  # nothing after the final line feed
        starts, ends, lines = starts[:-1], ends[:-1], lines[:-1]
    sp = np.concatenate(seps) if seps else np.zeros(0, dtype=np.int64)
    nfields = np.searchsorted(sp, ends) - np.searchsorted(sp, starts) + 1
    return starts, ends, lines, nfields.astype(np.int64), bool(carry)


# ---------------------------------------------------------------- value expressions


def cell(col: str) -> pl.Expr:
    """A text cell: empty (or only spaces) is null, otherwise kept as written.

    Examples
    --------
    >>> pl.DataFrame({"a": ["", " ", "x "]}).select(cell("a")).to_series().to_list()
    [None, None, 'x ']
    """
    c = pl.col(col)
    return pl.when(c.str.strip_chars() == "").then(None).otherwise(c).alias(col)


_COUNT_RE = r"^(?:[0-9]+(?:[.,]0{1,2})?|[0-9]{1,3}(?:[.,\u00a0\u202f' ][0-9]{3})+)$"


def parse_count(col: str, out: str) -> tuple[pl.Expr, pl.Expr]:
    """A whole, non-negative number with any thousands separator, and a bad-value flag.

    ``407.137`` (pt-BR, nl) and ``1,234`` (en) both mean thousands; ``12.0`` and
    ``12,00`` are 12; a decimal such as ``1,4`` and a negative number are not counts.
    Empty cells are null and not bad.

    Parameters
    ----------
    col
        The text column.
    out
        The name of the parsed column.

    Returns
    -------
    value, bad
        The ``Int64`` column ``out``, and a flag that reads ``out``: evaluate it after
        ``out`` exists (true where the cell holds something that is not a count).

    Examples
    --------
    >>> v, bad = parse_count("x", "v")
    >>> pl.DataFrame({"x": ["407.137", "1,234", "12", "12.0", "", "1,4", "-5"]}).with_columns(
    ...     v).select("v", bad.alias("bad")).rows()  # doctest: +NORMALIZE_WHITESPACE
    [(407137, False), (1234, False), (12, False), (12, False), (None, False), (None, True),
     (None, True)]
    """
    raw = pl.col(col)
    # Plain digits (most cells) are cast as they are, digits grouped by "." or ","
    # lose those; only the rest goes through the full pattern. Each step sees the
    # cells the earlier ones did not take, the others null (string functions skip
    # nulls, so they cost little).
    plain = raw.str.contains(r"^[0-9]+$")
    other = pl.when(plain).then(None).otherwise(raw)
    grouped = other.str.contains(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")
    ungrouped = (pl.when(grouped).then(raw).str.replace_all(".", "", literal=True)
                 .str.replace_all(",", "", literal=True))
    s = pl.when(grouped).then(None).otherwise(other).str.strip_chars()
    rest = (pl.when(s.str.contains(_COUNT_RE))
            .then(s.str.replace(r"[.,]0{1,2}$", "").str.replace_all(r"[^0-9]", "")))
    value = (
        pl.when(plain).then(raw).when(grouped).then(ungrouped).otherwise(rest)
        .cast(pl.Int64, strict=False)
        .alias(out)
    )
    return value, _bad(col, out)


def _bad(col: str, out: str, strip: str = "") -> pl.Expr:
    missing = pl.col(out).is_null()
    s = pl.when(missing).then(pl.col(col)).str.strip_chars()  # only where out is null
    if strip:
        s = s.str.strip_chars_end(strip)
    return (s != "").fill_null(False) & missing


def parse_decimal(col: str, out: str, *, strip_suffix: str = "") -> tuple[pl.Expr, pl.Expr]:
    """A decimal number with either decimal mark, and a bad-value flag.

    Rules: with both ``.`` and ``,`` the later one is the decimal mark; a single
    separator followed by exactly three digits, or repeated, groups thousands
    (``1.234`` = 1234); otherwise it is the decimal mark (``1,4`` = 1.4, ``8.57``).

    Parameters
    ----------
    col
        The text column.
    out
        The name of the parsed ``Float64`` column (``bad`` reads it, as in
        :func:`parse_count`).
    strip_suffix
        Characters removed from the end first (``"x"`` for CrowdTangle's ``2.3x``).

    Examples
    --------
    >>> v, bad = parse_decimal("x", "v", strip_suffix="x")
    >>> pl.DataFrame({"x": ["1,4", "8.57", "-6.83", "1.234,5", "2.3x", "?"]}).with_columns(
    ...     v).select("v", bad.alias("bad")).rows()
    [(1.4, False), (8.57, False), (-6.83, False), (1234.5, False), (2.3, False), (None, True)]
    """
    s = pl.col(col).str.strip_chars()
    if strip_suffix:
        s = s.str.strip_chars_end(strip_suffix)
    en = r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$"
    eu = r"^[+-]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$"
    plain = r"^[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)$"
    norm = (
        pl.when(s.str.contains(en)).then(s.str.replace_all(",", "", literal=True))
        .when(s.str.contains(eu))
        .then(s.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(s.str.contains(plain)).then(s.str.replace(",", ".", literal=True))
        .otherwise(None)
    )
    return norm.cast(pl.Float64, strict=False).alias(out), _bad(col, out, strip_suffix)


@dataclass(frozen=True)
class Check:
    """A value check on the rows of a frame.

    Attributes
    ----------
    column
        The header text named in the place (``line 5, column 'Likes'``).
    bad
        True where the row fails.
    expected
        What the cell should hold.
    raw
        The cell as written, quoted shortened as "got".
    error
        The FormatError subclass raised in raise mode.
    nulls
        For an optional field: ``(frame column, table, canonical column)``. In collect
        mode a bad value sets the frame column to null and is counted as nulled
        (:func:`null_optional`) instead of rejecting the row.
    """

    column: str
    bad: pl.Expr
    expected: str
    raw: pl.Expr
    error: type[FormatError] = MalformedRecordError
    nulls: tuple[str, str, str] | None = None


def any_bad(checks: list[Check]) -> pl.Expr:
    """``__any_bad``: whether any of ``checks`` fails on the row (one pass for all).

    Examples
    --------
    >>> chk = Check("Likes", pl.col("n") < 0, "a count", pl.col("n"))
    >>> pl.DataFrame({"n": [1, -1]}).select(any_bad([chk])).to_series().to_list()
    [False, True]
    """
    if not checks:
        return pl.lit(False).alias("__any_bad")
    return pl.any_horizontal([c.bad.fill_null(False) for c in checks]).alias("__any_bad")


def null_optional(
    df: pl.DataFrame, checks: list[Check], rejects: Rejects
) -> tuple[pl.DataFrame, list[Check]]:
    """Collect mode: null the optional fields that fail their check, and count them.

    The rule of :mod:`groepsinzicht.io._rules` for optional fields. In raise mode
    nothing changes: the checks stay and the first bad value raises.

    Returns
    -------
    df, checks
        The frame with bad optional values nulled, and the checks still to run.

    Examples
    --------
    >>> from groepsinzicht.io._common import Rejects
    >>> v, bad = parse_count("c0", "n")
    >>> df = pl.DataFrame({"c0": ["1", "-5"], "__line": [2, 3]}).with_columns(v)
    >>> r = Rejects("f.csv", "collect")
    >>> chk = Check("Shares", bad, "a whole number", pl.col("c0"),
    ...             nulls=("n", "posts", "reported_shares"))
    >>> out, left = null_optional(df, [chk], r)
    >>> out.get_column("n").to_list(), left, dict(r.nulled)
    ([1, None], [], {('posts', 'reported_shares'): 1})
    """
    if rejects.on_error == "raise" or df.height == 0:
        return df, checks
    rest: list[Check] = []
    for chk in checks:
        if chk.nulls is None:
            rest.append(chk)
            continue
        target, table, canonical = chk.nulls
        bad = df.select(chk.bad.fill_null(False)).to_series()
        n = int(bad.sum())
        if n:
            rejects.nulled[(table, canonical)] += n
            df = df.with_columns(
                pl.when(bad).then(None).otherwise(pl.col(target)).alias(target))
    return df, rest


def value_problems(
    df: pl.DataFrame, checks: list[Check], *, place: str = LINE
) -> tuple[pl.DataFrame, list[Problem]]:
    """Split rows into good ones and a Problem per bad row (its first failing check).

    Parameters
    ----------
    df
        Rows with a ``__line`` column.
    checks
        The checks, in the order they are reported.
    place
        Template for the place, with ``{line}`` (``"line {line}"``).

    Returns
    -------
    good, problems

    Examples
    --------
    >>> v, bad = parse_count("c0", "n")
    >>> df = pl.DataFrame({"c0": ["1", "x"], "__line": [2, 3]}).with_columns(v)
    >>> good, probs = value_problems(df, [Check("Likes", bad, "a count", pl.col("c0"))])
    >>> good.height, probs[0].place, probs[0].got
    (1, "line 3, column 'Likes'", "'x'")
    """
    if not checks or df.height == 0:
        return df, []
    first = pl.coalesce(
        [pl.when(c.bad.fill_null(False)).then(pl.lit(i, pl.Int32)) for i, c in
         enumerate(checks)]
    ).alias("__check")
    got = pl.coalesce(
        [pl.when(pl.col("__check") == i).then(c.raw.cast(pl.String)) for i, c in
         enumerate(checks)]
    ).alias("__got")
    marked = df.with_columns(first)
    bad = marked.filter(pl.col("__check").is_not_null())
    if bad.height == 0:
        return df, []
    info = bad.select("__line", "__check", got)
    problems = []
    for line, idx, raw in zip(info.get_column("__line").to_list(),  # rejected rows only
                              info.get_column("__check").to_list(),
                              info.get_column("__got").to_list(), strict=True):
        chk = checks[idx]
        problems.append(Problem(
            line, place.format(line=line) + f", column {chk.column!r}", chk.expected,
            shorten(raw), excerpt=raw, error=chk.error,
        ))
    good = marked.filter(pl.col("__check").is_null()).drop("__check")
    return good, problems


# ---------------------------------------------------------------- reader plumbing


def file_failed(rejects: Rejects, exc: FormatError) -> None:
    """Record a file that cannot be read at all as one rejected record (collect mode).

    In raise mode the error propagates. The file then counts as one record seen and
    rejected, so a folder of exports keeps loading past one broken file.
    """
    if rejects.on_error == "raise":
        raise exc
    rejects.fail(exc.place, exc.expected, exc.got, error=type(exc))
