"""Checks of simple argument values, raising the library's own errors."""

from __future__ import annotations

from groepsinzicht.errors import ParameterError, ParameterTypeError, shorten

__all__ = ["check_whole"]


def check_whole(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` if it is a whole number (not a bool) of at least ``minimum``.

    Raises
    ------
    ParameterTypeError
        When ``value`` is not an int.
    ParameterError
        When it is below ``minimum``.

    Examples
    --------
    >>> check_whole("top", 5)
    5
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterTypeError(f"{name}: expected a whole number >= {minimum}, got "
                                 f"{shorten(value)}")
    if value < minimum:
        raise ParameterError(f"{name}: expected a whole number >= {minimum}, got "
                             f"{shorten(value)}")
    return value
