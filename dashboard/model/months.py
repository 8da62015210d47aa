"""Calendar-month arithmetic, once for the whole model: month indexes, month ends, adding months
with the day clamped to the month's length, whole months between two days.

Eligibility (3 years from the AU assignment), funding ends, history series and the scenario
horizon all count months the same way: 31.01. + 1 month = 28./29.02., and 36 whole months are
reached exactly on the 3-year end (29.02. → 28.02.). Pure: stdlib only.
"""

from __future__ import annotations

import calendar
import datetime as dt


def month_index(day: dt.date) -> int:
    """Months since year 0 (January 2026 → 24312): consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_from_index(index: int) -> dt.date:
    """The first day of the month `index` (the inverse of month_index)."""
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def last_day(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_end(index: int) -> dt.date:
    """The last day of the month `index`."""
    return last_day(month_from_index(index))


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later (or earlier), clamped to the month's length (31.01. + 1 → 28.02.)."""
    first = month_from_index(month_index(day) + months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


def whole_months(since: dt.date, day: dt.date) -> int:
    """Full months from `since` to `day`, counted with the clamping of add_months (negative if before)."""
    months = month_index(day) - month_index(since)
    return months - 1 if add_months(since, months) > day else months


def months_left(day: dt.date, until: dt.date) -> int:
    """Whole calendar months from `day` to `until` (0 when less than a month is left or it is over)."""
    return max(0, whole_months(day, until)) if until > day else 0


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of each month from `start`'s month to `end`'s month; the last one is `end` itself
    (a month still running). Empty when `start` lies after `end`."""
    if start > end:
        return []
    return [min(month_end(i), end) for i in range(month_index(start), month_index(end) + 1)]
