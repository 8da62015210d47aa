import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dashboard.model.formatting import (
    fmt_date,
    fmt_datetime,
    fmt_eur,
    fmt_exact,
    fmt_fte,
    fmt_int,
    fmt_month,
    fmt_month_name,
    fmt_number,
    fmt_pct,
    fmt_signed,
    fmt_time,
    month_names,
)


@pytest.mark.parametrize(
    "func, value, expected",
    [
        (fmt_int, 1234, "1.234"),
        (fmt_int, None, "–"),
        (fmt_number, 1234.5, "1.234,5"),
        (fmt_number, 97.5, "97,5"),
        (fmt_pct, 111.111, "111,1 %"),
        (fmt_fte, 0.5, "0,5"),
        (fmt_fte, 3.34, "3,34"),
        (fmt_fte, 1, "1,0"),
        (fmt_eur, Decimal("5000"), "5.000,00 €"),
        (fmt_eur, "1621.25", "1.621,25 €"),
        (fmt_date, dt.date(2026, 12, 31), "31.12.2026"),
    ],
)
def test_german_formats(func, value, expected):
    assert func(value) == expected


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    "func, args, expected",
    [
        (fmt_date, (dt.datetime(2026, 1, 2, 23, 59),), "02.01.2026"),
        (fmt_date, (None,), "–"),
        (fmt_time, (dt.datetime(2026, 1, 2, 7, 5, 9),), "07:05"),
        (fmt_time, (dt.datetime(2026, 1, 2, 7, 5, 9), True), "07:05:09"),
        (fmt_datetime, (dt.datetime(2026, 12, 31, 14, 5, 9),), "31.12.2026 14:05"),
        (fmt_datetime, (dt.datetime(2026, 12, 31, 14, 5, 9), True), "31.12.2026 14:05:09"),
        # in the value's own zone (the caller converts), never silently in UTC
        (fmt_datetime, (dt.datetime(2026, 12, 31, 13, 5, tzinfo=dt.UTC).astimezone(BERLIN),), "31.12.2026 14:05"),
        (fmt_datetime, (None,), "–"),
        (fmt_month, (dt.date(2026, 3, 31),), "März 2026"),
        (fmt_month, (dt.date(2026, 9, 1), True), "Sep 2026"),
        (fmt_month, (None,), "–"),
        (fmt_month_name, (dt.date(2026, 12, 5),), "Dezember"),
        (fmt_month_name, (dt.date(2026, 3, 5), True), "Mär"),
        (fmt_signed, (1.5,), "+1,5"),
        (fmt_signed, (-0.25, fmt_fte), "−0,25"),
        (fmt_signed, (0, fmt_fte), "0,0"),
        (fmt_signed, (Decimal("-1234.5"),), "−1.234,5"),
        (fmt_exact, (0.125,), "0,125"),
        (fmt_exact, (1,), "1,0"),
        (fmt_exact, (Decimal("100"),), "100,0"),
        (fmt_exact, ("1234.5",), "1234,5"),  # an input field: no grouping
        (fmt_exact, (Decimal("0.0000001"),), "0,0000001"),  # exact, never rounded
        (fmt_exact, (None,), ""),
    ],
)
def test_dates_months_signs_and_input_numbers(func, args, expected):
    assert func(*args) == expected


def test_month_names_are_the_german_calendar():
    assert month_names() == ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                             "Oktober", "November", "Dezember"]
    assert month_names(abbreviated=True) == ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt",
                                             "Nov", "Dez"]
