"""Numbers, shares, dates and durations written the way the reader writes them.

Dutch: 1.234 and 1.234,5, 57%, "17 jun. 2024"; English: 1,234 and 1,234.5, 57%,
"17 Jun 2024". A null is "onbekend" / "unknown".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from groepsinzicht._util import label

if TYPE_CHECKING:
    from datetime import datetime

    from groepsinzicht._util import Lang

__all__ = ["fmt_date", "fmt_minutes", "fmt_num", "fmt_pct", "fmt_range", "unknown"]


def unknown(lang: Lang) -> str:
    """The word for a value the data cannot tell.

    Examples
    --------
    >>> unknown("nl"), unknown("en")
    ('onbekend', 'unknown')
    """
    return label("report_unknown", lang)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_num(value: float | None, lang: Lang, decimals: int = 0) -> str:
    """A number with the thousands separator and decimal mark of ``lang``.

    Examples
    --------
    >>> fmt_num(1234.5, "nl", 1), fmt_num(1234.5, "en", 1), fmt_num(None, "nl")
    ('1.234,5', '1,234.5', 'onbekend')
    """
    if value is None or _missing(value):
        return unknown(lang)
    text = f"{value:,.{decimals}f}"
    if text in {"-0", "-0.0"}:
        text = text[1:]
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_pct(share: float | None, lang: Lang) -> str:
    """A share (0–1) as a percentage: whole numbers, one decimal below 1%.

    Examples
    --------
    >>> fmt_pct(0.9406, "nl"), fmt_pct(0.0051, "nl"), fmt_pct(0.0051, "en")
    ('94%', '0,5%', '0.5%')
    """
    if share is None or _missing(share):
        return unknown(lang)
    pct = share * 100
    decimals = 1 if 0 < abs(pct) < 1 else 0
    return f"{fmt_num(pct, lang, decimals)}%"


def fmt_range(low: float | None, high: float | None, lang: Lang, decimals: int = 0) -> str:
    """A range with an en dash.

    Examples
    --------
    >>> fmt_range(40.2, 1065, "nl")
    '40–1.065'
    """
    return f"{fmt_num(low, lang, decimals)}–{fmt_num(high, lang, decimals)}"


def fmt_date(moment: datetime | None, lang: Lang, tz: str | None = None) -> str:
    """A day as "17 jun. 2024" (nl) or "17 Jun 2024" (en), in local time when ``tz``.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> fmt_date(datetime(2024, 6, 16, 22, 30, tzinfo=UTC), "nl", "Europe/Amsterdam")
    '17 jun. 2024'
    >>> fmt_date(datetime(2024, 6, 17), "en")
    '17 Jun 2024'
    """
    if moment is None:
        return unknown(lang)
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(tz))
    return f"{moment.day} {label(f'month_{moment.month}', lang)} {moment.year}"


def fmt_minutes(minutes: float | None, lang: Lang) -> str:
    """A duration: minutes under an hour, hours and minutes under two days, else days.

    Examples
    --------
    >>> fmt_minutes(45.2, "nl"), fmt_minutes(611, "nl"), fmt_minutes(4000, "en")
    ('45 min', '10 uur 11 min', '2.8 days')
    """
    if minutes is None or _missing(minutes):
        return unknown(lang)
    if minutes < 60:
        return label("report_minutes", lang).format(m=round(minutes))
    if minutes < 48 * 60:
        h, m = divmod(round(minutes), 60)
        return label("report_hours", lang).format(h=h, m=m)
    return label("report_days", lang).format(d=fmt_num(minutes / 1440, lang, 1))
