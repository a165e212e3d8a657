"""Time helpers of the generator: the period, daily and weekly rhythms, local hours.

Times are int64 microseconds since the epoch (UTC) while generating; local-time
questions (which hour, which weekday) go through polars' time-zone database.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DAY_US",
    "HOUR_US",
    "Period",
    "local_hour",
    "push_out_of_night",
    "sample_times",
]

HOUR_US: Final = 3_600_000_000
DAY_US: Final = 24 * HOUR_US

# Relative activity per local hour: residents are busiest in the evening, quiet at night.
_RESIDENT_WEEKDAY: Final = np.array(
    [0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.8, 2.0, 2.6, 2.4, 2.2, 2.3, 3.0, 2.8, 2.4, 2.4,
     2.8, 3.2, 3.6, 4.6, 5.2, 5.0, 3.8, 1.8]
)
_RESIDENT_WEEKEND: Final = np.array(
    [1.0, 0.6, 0.3, 0.15, 0.1, 0.1, 0.3, 0.8, 1.8, 3.0, 3.6, 3.6, 3.6, 3.4, 3.2, 3.2,
     3.2, 3.4, 3.6, 4.2, 4.6, 4.4, 3.4, 2.0]
)
# The municipality posts in office hours, with a small evening webcare shift.
_OFFICE: Final = np.array(
    [0, 0, 0, 0, 0, 0, 0, 0.2, 2.0, 3.5, 3.0, 2.2, 2.6, 2.4, 2.2, 2.6, 2.8, 1.2, 0.4,
     0.6, 0.5, 0.1, 0, 0], dtype=float
)
_OFFICE_WEEKEND: Final = np.array(
    [0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1.0, 1.5, 1.5, 1.0, 0.8, 0.6, 0.4, 0.4, 0.3, 0.3,
     0.4, 0.3, 0, 0, 0], dtype=float
)
# Relative activity per weekday, Monday first.
_RESIDENT_DAYS: Final = np.array([1.0, 1.0, 1.05, 1.0, 0.92, 0.78, 0.85])
_OFFICE_DAYS: Final = np.array([1.0, 1.05, 1.05, 1.0, 0.85, 0.06, 0.05])

RHYTHMS: Final = {
    "resident": (_RESIDENT_DAYS, _RESIDENT_WEEKDAY, _RESIDENT_WEEKEND),
    "office": (_OFFICE_DAYS, _OFFICE, _OFFICE_WEEKEND),
}


def _add_months(d: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day (31 Jan + 1 = 29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _to_utc_us(local_us: NDArray[np.int64], tz: str) -> NDArray[np.int64]:
    """Naive local wall-clock times (µs) to UTC µs.

    The ambiguous autumn hour takes its first occurrence; a time in the spring gap moves
    forward by an hour, as clocks do (the same rule as ``schema.validate``).
    """
    naive = pl.Series(local_us, dtype=pl.Int64).cast(pl.Datetime("us"))
    first = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    moved = (naive + timedelta(hours=1)).dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    )
    utc = first.fill_null(moved).dt.convert_time_zone("UTC")
    return utc.dt.epoch("us").to_numpy().astype(np.int64)


class Period:
    """The generated period: local midnight of ``start`` up to ``months`` later.

    Attributes
    ----------
    t0, t1
        Start and end (the export moment) in UTC microseconds.
    days
        Number of local days.
    first_weekday
        Weekday of the first day (Monday 0).
    tz
        The time zone of the rhythms.
    """

    def __init__(self, start: date, months: int, tz: str) -> None:
        end = _add_months(start, months)
        self.tz = tz
        self.days = (end - start).days
        self.first_weekday = start.weekday()
        # Local midnight of the first day as naive microseconds since 1970-01-01.
        self._local0 = (start - date(1970, 1, 1)).days * DAY_US
        bounds = _to_utc_us(np.array([self._local0, self._local0 + self.days * DAY_US],
                                     dtype=np.int64), tz)
        self.t0 = int(bounds[0])
        self.t1 = int(bounds[1])

    def day_starts(self) -> NDArray[np.int64]:
        """UTC start of every local day of the period."""
        local = self._local0 + np.arange(self.days, dtype=np.int64) * DAY_US
        return _to_utc_us(local, self.tz)

    def local_to_utc(self, local_us: NDArray[np.int64]) -> NDArray[np.int64]:
        """Microseconds after local midnight of the first day, to UTC µs."""
        return _to_utc_us(self._local0 + local_us, self.tz)


def sample_times(
    rng: np.random.Generator,
    n: int,
    period: Period,
    rhythm: str,
    day_weight: NDArray[np.float64] | None = None,
) -> NDArray[np.int64]:
    """Draw ``n`` UTC times in the period following a daily and weekly rhythm.

    ``day_weight`` (one value per day) scales the days further, e.g. by group size.
    """
    days_w, hours_wd, hours_we = RHYTHMS[rhythm]
    weekday = (period.first_weekday + np.arange(period.days)) % 7
    p_day = days_w[weekday] * (1.0 if day_weight is None else day_weight)
    p_day = p_day / p_day.sum()
    day = rng.choice(period.days, size=n, p=p_day)
    weekend = weekday[day] >= 5
    h_wd = rng.choice(24, size=n, p=hours_wd / hours_wd.sum())
    h_we = rng.choice(24, size=n, p=hours_we / hours_we.sum())
    hour = np.where(weekend, h_we, h_wd)
    micro = rng.integers(0, HOUR_US, size=n)
    local = day.astype(np.int64) * DAY_US + hour.astype(np.int64) * HOUR_US + micro
    return np.sort(period.local_to_utc(local))


def local_hour(utc_us: NDArray[np.int64], tz: str) -> NDArray[np.int64]:
    """The local hour (0-23) of UTC µs times."""
    s = pl.Series(utc_us, dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))
    return s.dt.convert_time_zone(tz).dt.hour().to_numpy().astype(np.int64)


def push_out_of_night(
    rng: np.random.Generator,
    utc_us: NDArray[np.int64],
    tz: str,
    share: float,
    *,
    night_end: int = 7,
    night_start: int = 0,
    spread_hours: int = 2,
) -> NDArray[np.int64]:
    """Move ``share`` of the times that fall in the local night to the next morning.

    People do react at night, just less: the moved ones land between ``night_end`` and
    ``spread_hours`` later, which keeps every time after the one it was drawn from.
    """
    hour = local_hour(utc_us, tz)
    if night_start <= 0:
        night = hour < night_end
        hours_to_morning = night_end - hour
    else:
        night = (hour >= night_start) | (hour < night_end)
        hours_to_morning = np.where(hour >= night_start, 24 - hour + night_end,
                                    night_end - hour)
    move = night & (rng.random(utc_us.shape[0]) < share)
    shift = hours_to_morning.astype(np.int64) * HOUR_US + rng.integers(
        0, spread_hours * HOUR_US, size=utc_us.shape[0])
    return np.where(move, utc_us + shift, utc_us)
