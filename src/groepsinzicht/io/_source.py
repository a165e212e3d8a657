"""Input sources: files on disk and entries of zip archives, read without extraction.

A :class:`Source` is what every reader receives: a display name for error messages
(``export.zip!groups/your_posts_in_groups.json`` for a zip entry), the bytes on demand,
and the first bytes for format detection. Zip entries are read in memory, never
extracted: entries with absolute paths or ``..`` are refused, and so are entries that
expand suspiciously (a zip bomb) or archives whose total exceeds a limit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from groepsinzicht.errors import FormatError, InternalError, UnsafeArchiveError, shorten

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["ZIP_LIMITS", "Source", "ZipLimits", "bytes_source", "expand_sources"]


@dataclass(frozen=True)
class ZipLimits:
    """Limits on what a zip archive may expand to.

    Attributes
    ----------
    max_entry_bytes
        An entry larger than this (uncompressed) that also expands at more than
        ``max_ratio`` is refused.
    max_ratio
        Uncompressed / compressed size beyond which a large entry is a suspected bomb.
    max_total_bytes
        The total uncompressed size of the entries read from one archive.
    """

    max_entry_bytes: int = 100 * 1024 * 1024
    max_ratio: float = 100.0
    max_total_bytes: int = 4 * 1024 * 1024 * 1024


ZIP_LIMITS = ZipLimits()


@dataclass(frozen=True)
class Source:
    """One readable input: a file, or an entry of a zip archive.

    Attributes
    ----------
    name
        Shown in error messages and kept in ``rejected.source`` and provenance.
    path
        The file on disk (for a zip entry: the archive).
    entry
        The entry name inside the archive, or None for a plain file.
    size
        Uncompressed size in bytes.
    """

    name: str
    path: Path
    entry: str | None = None
    size: int = 0
    _zip: zipfile.ZipFile | None = field(default=None, repr=False, compare=False)
    _data: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def basename(self) -> str:
        """The file name without folders (of the entry, for zip entries)."""
        return PurePosixPath(self.entry).name if self.entry else self.path.name

    @property
    def parts(self) -> tuple[str, ...]:
        """Folder names and file name (inside the archive for zip entries)."""
        return PurePosixPath(self.entry).parts if self.entry else self.path.parts

    @property
    def suffix(self) -> str:
        """Lower-case file suffix, such as ``.json``."""
        return PurePosixPath(self.basename).suffix.lower()

    def open(self) -> IO[bytes]:
        """Open the bytes for reading (a zip entry streams from the archive)."""
        if self._data is not None:
            return io.BytesIO(self._data)
        if self.entry is None:
            return self.path.open("rb")
        if self._zip is None:
            raise InternalError(f"{self.name}: a zip entry without its open archive")
        return self._zip.open(self.entry)

    def read_bytes(self) -> bytes:
        """All bytes of the source."""
        with self.open() as fh:
            return fh.read()

    def head(self, n: int = 65536) -> bytes:
        """The first ``n`` bytes, for format detection."""
        with self.open() as fh:
            return fh.read(n)


def _check_entry(archive: Path, info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    name = info.filename
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchiveError(archive, f"entry {shorten(name)}",
                                 "a relative path inside the archive",
                                 "a path that escapes it")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.max_entry_bytes and ratio > limits.max_ratio:
        raise UnsafeArchiveError(
            archive, f"entry {shorten(name)}",
            f"an entry that expands at most {limits.max_ratio:.0f}:1 above "
            f"{limits.max_entry_bytes // (1024 * 1024)} MiB",
            f"{info.file_size} bytes at {ratio:.0f}:1",
        )


def _zip_sources(path: Path, limits: ZipLimits) -> list[Source]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise FormatError(path, "byte 0", "a zip archive", "a damaged or non-zip file") \
            from exc
    out: list[Source] = []
    total = 0
    for info in zf.infolist():
        if info.is_dir():
            continue
        _check_entry(path, info, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafeArchiveError(
                path, f"entry {shorten(info.filename)}",
                f"at most {limits.max_total_bytes} bytes in all",
                f"more than {total} bytes",
            )
        out.append(Source(f"{path}!{info.filename}", path, info.filename,
                          info.file_size, zf))
    return out


def _is_hidden(p: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(root).parts)


def expand_sources(path: Path, limits: ZipLimits | None = None) -> Iterator[Source]:
    """Every file below ``path``: the file itself, a folder's files, a zip's entries.

    Parameters
    ----------
    path
        A file, a folder or a ``.zip``.
    limits
        Zip safety limits; None for the module's :data:`ZIP_LIMITS`, looked up at call
        time (so a caller or a test can change the default for every reader).

    Yields
    ------
    Source
        In sorted order, so loading is deterministic.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (pathlib.Path(tmp) / "a.csv").write_text("x")
    ...     [s.basename for s in expand_sources(pathlib.Path(tmp))]
    ['a.csv']
    """
    if limits is None:
        limits = ZIP_LIMITS
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and not _is_hidden(p, path):
                yield from expand_sources(p, limits)
        return
    if not path.exists():
        raise FormatError(path, "file", "an existing file or folder", "no such path")
    # Office files (.xlsx) are zips too, but one export each: a reader opens them.
    if path.suffix.lower() == ".zip" or (
        _looks_like_zip(path) and path.suffix.lower() not in _OFFICE_SUFFIXES
    ):
        yield from _zip_sources(path, limits)
        return
    yield Source(str(path), path, None, path.stat().st_size)


_OFFICE_SUFFIXES = (".xlsx", ".xlsm")


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def bytes_source(name: str, data: bytes) -> Source:
    """A Source over bytes in memory (tests and nested archives).

    Parameters
    ----------
    name
        Display name.
    data
        The content.

    Examples
    --------
    >>> bytes_source("x.json", b"[]").head(2)
    b'[]'
    """
    return Source(name, Path(name), None, len(data), None, data)


#: Suffixes of photos and videos an export folder holds beside its data files.
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp",
                            ".mp4", ".mov", ".m4v", ".webm", ".avi", ".mp3", ".m4a",
                            ".wav", ".ogg", ".pdf"})
#: The skip reason of a media file (listed in the summary, not warned about).
MEDIA_REASON = "a media file"


def why_unknown(source: Source) -> str:
    """Why no reader takes ``source``: empty, HTML, a media file, or how it starts.

    Examples
    --------
    >>> why_unknown(bytes_source("x.json", b""))
    'an empty file'
    >>> why_unknown(bytes_source("a/photo.JPG", b"abc"))
    'a media file'
    """
    if PurePosixPath(source.name.lower()).suffix in MEDIA_SUFFIXES:
        return MEDIA_REASON
    head = source.head(512)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return "an empty file"
    low = stripped[:200].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "an HTML file (request the export as JSON)"
    return f"content starting {shorten(stripped[:30].decode('utf-8', 'replace'))}"
