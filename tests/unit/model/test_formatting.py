import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_int, fmt_number, fmt_pct


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
