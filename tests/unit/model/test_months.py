"""Calendar-month arithmetic (dashboard/model/months.py), hand-computed."""

import datetime as dt

import pytest

from dashboard.model.months import (
    add_months,
    last_day,
    month_end,
    month_ends,
    month_from_index,
    month_index,
    months_left,
    whole_months,
)

D = dt.date


@pytest.mark.parametrize("day, months, expected", [
    (D(2026, 1, 31), 1, D(2026, 2, 28)), (D(2024, 1, 31), 1, D(2024, 2, 29)), (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)), (D(2026, 12, 15), 1, D(2027, 1, 15)), (D(2023, 5, 10), 36, D(2026, 5, 10)),
])
def test_add_months_clamps_to_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("since, day, expected", [
    (D(2024, 2, 29), D(2027, 2, 28), 36), (D(2024, 2, 29), D(2027, 2, 27), 35), (D(2026, 1, 31), D(2026, 2, 28), 1),
    (D(2026, 1, 15), D(2026, 1, 14), -1), (D(2026, 1, 15), D(2026, 1, 15), 0),
])
def test_whole_months(since, day, expected):
    assert whole_months(since, day) == expected


@pytest.mark.parametrize("day, until, expected", [
    (D(2026, 11, 22), D(2029, 12, 31), 37), (D(2026, 11, 22), D(2026, 12, 21), 0), (D(2026, 11, 22), D(2026, 1, 1), 0),
])
def test_months_left(day, until, expected):
    assert months_left(day, until) == expected


def test_indexes_ends_and_series():
    assert month_from_index(month_index(D(2026, 11, 22))) == D(2026, 11, 1)
    assert month_end(month_index(D(2028, 2, 3))) == D(2028, 2, 29) == last_day(D(2028, 2, 3))
    assert month_ends(D(2026, 10, 5), D(2026, 12, 2)) == [D(2026, 10, 31), D(2026, 11, 30), D(2026, 12, 2)]
    assert month_ends(D(2026, 12, 5), D(2026, 11, 2)) == []
