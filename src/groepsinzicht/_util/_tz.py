"""The default time zone and its check: one place for every part of the library."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from groepsinzicht.errors import ParameterError, shorten

__all__ = ["DEFAULT_TZ", "check_tz"]

#: Local time of Dutch municipalities: days, weekdays, hours and naive export times.
DEFAULT_TZ: Final = "Europe/Amsterdam"


def check_tz(tz: str) -> str:
    """Return ``tz`` if it names an IANA time zone, else raise :class:`ParameterError`.

    Examples
    --------
    >>> check_tz(DEFAULT_TZ)
    'Europe/Amsterdam'
    """
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ParameterError(f"tz: expected an IANA time zone such as {DEFAULT_TZ!r}, "
                             f"got {shorten(tz)}") from exc
    return tz
