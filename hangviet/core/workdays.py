"""Working days in Vietnam: weekends and public holidays (lunar ones included) are not.

The holiday calendar comes from the maintained `holidays` package (Tết, Giỗ Tổ Hùng Vương and
the observed and substituted days the government announces)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    """Return True for a Monday–Friday that is not a public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """Return the `count`-th working day after `day` (count ≥ 1)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Return the number of working days after `start` up to and including `end`."""
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += is_working_day(current)
    return days
