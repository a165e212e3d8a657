"""One exception hierarchy for groepsinzicht, and the data-quality warning.

Every error the library raises is a :class:`GroepsinzichtError`, and also a subclass of the
built-in exception it stands for, so ``except ValueError`` keeps working::

    GroepsinzichtError
    ├── ParameterError (ValueError)          a bad argument value
    │   └── ConfigError                      a config object (NotificationModel, ThemeRules)
    │                                        was given invalid fields; keeps pydantic's message
    ├── ParameterTypeError (TypeError)       an argument of the wrong type
    ├── MissingDependencyError (ModuleNotFoundError)   an optional extra is not installed
    ├── UnknownNameError (KeyError)          a name (a theme of ThemeRules, ...) that does
    │   │                                    not exist
    │   └── UnknownTableError                ``Dataset.table(name)`` of an unknown table
    ├── InternalError (AssertionError)       a check of the library's own bookkeeping
    │                                        failed: a bug, please report it
    ├── SchemaError (ValueError)             a table does not follow its canonical schema
    └── FormatError (ValueError)             an input file cannot be read as its format
        ├── UnknownFormatError
        ├── EncodingError
        ├── MalformedRecordError
        └── UnsafeArchiveError

Every error raised because of a bad input file is a :class:`FormatError` whose
message reads ``<file>: <place>: expected X, got Y``. The offending value is quoted
shortened (see :func:`shorten`), never a whole message text: member identities and
messages are personal data.

Examples
--------
>>> from groepsinzicht.errors import MalformedRecordError
>>> err = MalformedRecordError("feed.json", "$.data[3].created_time", "an ISO time", "'yesterday'")
>>> str(err)
"feed.json: $.data[3].created_time: expected an ISO time, got 'yesterday'"
"""

from __future__ import annotations

from os import fspath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from os import PathLike

__all__ = [
    "ConfigError",
    "DataQualityWarning",
    "EncodingError",
    "FormatError",
    "GroepsinzichtError",
    "InternalError",
    "MalformedRecordError",
    "MissingDependencyError",
    "ParameterError",
    "ParameterTypeError",
    "SchemaError",
    "UnknownFormatError",
    "UnknownNameError",
    "UnknownTableError",
    "UnsafeArchiveError",
    "shorten",
]

_MAX_QUOTE = 40


def shorten(value: object, limit: int = _MAX_QUOTE) -> str:
    """Quote a value for an error message, cut to ``limit`` characters.

    Parameters
    ----------
    value
        The offending value.
    limit
        The longest quote, in characters, before an ellipsis.

    Returns
    -------
    str
        ``repr`` of the value, shortened with ``…``.

    Examples
    --------
    >>> shorten("a" * 100, limit=10)
    "'aaaaaaaa…"
    """
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


class GroepsinzichtError(Exception):
    """Base class of every error this library raises on purpose."""


class ParameterError(GroepsinzichtError, ValueError):
    """An argument has a value the function cannot use.

    Examples
    --------
    >>> isinstance(ParameterError("every: expected '1d', got 'x'"), ValueError)
    True
    """


class ConfigError(ParameterError):
    """A configuration object (a pydantic model) was given invalid fields.

    The message is pydantic's own, listing each field and what was wrong with it.
    """

    @classmethod
    def from_validation(cls, exc: Exception, model: str) -> ConfigError:
        """Wrap a :class:`pydantic.ValidationError` of ``model``, keeping its message.

        Examples
        --------
        >>> str(ConfigError.from_validation(ValueError("x: bad"), "NotificationModel"))
        'NotificationModel: x: bad'
        """
        return cls(f"{model}: {exc}")


class ParameterTypeError(GroepsinzichtError, TypeError):
    """An argument has a type the function does not accept."""


class MissingDependencyError(GroepsinzichtError, ModuleNotFoundError):
    """An optional dependency (an extra such as ``fast`` or ``excel``) is not installed.

    Parameters
    ----------
    package
        The missing import name.
    extra
        The extra that installs it.
    purpose
        What needs it.

    Examples
    --------
    >>> str(MissingDependencyError("igraph", "fast", "backend='igraph'"))
    "backend='igraph' needs the optional package 'igraph': pip install 'groepsinzicht[fast]'"
    """

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package {package!r}: "
            f"pip install 'groepsinzicht[{extra}]'",
            name=package,
        )


class UnknownNameError(GroepsinzichtError, KeyError):
    """A name looked up (a theme, a table) that does not exist.

    Examples
    --------
    >>> str(UnknownNameError("theme: expected one of ['afval'], got 'x'"))
    "theme: expected one of ['afval'], got 'x'"
    """

    def __str__(self) -> str:
        # KeyError's str() is the repr of its argument; show the message as written.
        return str(self.args[0]) if self.args else ""


class UnknownTableError(UnknownNameError):
    """A canonical table name that does not exist."""


class InternalError(GroepsinzichtError, AssertionError):
    """A check of the library's own bookkeeping failed (a bug: please report it).

    Raised where a reader or an analysis verifies its own invariant, for example that
    a reader counted every record it saw as kept or rejected.
    """


class SchemaError(GroepsinzichtError, ValueError):
    """A table does not follow its canonical schema and cannot be safely coerced.

    Parameters
    ----------
    table
        The canonical table (``posts``, ``comments``, ...).
    column
        The column at fault.
    expected
        What the column should hold.
    got
        What it holds.
    row
        The index of the first offending row, when one row is at fault.
    """

    def __init__(
        self,
        table: str,
        column: str,
        expected: str,
        got: str,
        row: int | None = None,
    ) -> None:
        self.table = table
        self.column = column
        self.row = row
        place = f"column {column!r}" + (f", row {row}" if row is not None else "")
        super().__init__(f"{table}: {place}: expected {expected}, got {got}")


class FormatError(GroepsinzichtError, ValueError):
    """An input file could not be read as the format it was taken for.

    Parameters
    ----------
    source
        The file (or ``archive.zip!entry``).
    place
        Where in the file: a JSON path, ``line 12, column 'Likes'`` or a byte offset.
    expected
        What the reader expected there.
    got
        What it found (already shortened by the caller where it quotes data).
    """

    def __init__(self, source: str | PathLike[str], place: str, expected: str, got: str) -> None:
        self.source = fspath(source)
        self.place = place
        self.expected = expected
        self.got = got
        super().__init__(f"{self.source}: {place}: expected {expected}, got {got}")


class UnknownFormatError(FormatError):
    """No reader recognises the file."""


class EncodingError(FormatError):
    """The file is not in the text encoding its format requires."""


class MalformedRecordError(FormatError):
    """A record (JSON object, CSV row) lacks a field or holds a value of the wrong kind."""


class UnsafeArchiveError(FormatError):
    """A zip entry escapes the archive or expands beyond the configured limits."""


class DataQualityWarning(UserWarning):
    """Rows were rejected, or data was less complete than an analysis assumes."""
