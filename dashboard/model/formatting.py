"""German (de-DE) formatting of numbers, money, VZÄ, percentages and dates (Babel).

One place for it, so the page, the downloads, the CLI and the tests render numbers identically.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

LOCALE = "de_DE"


def fmt_int(value: float | int | None) -> str:
    if value is None:
        return "–"
    return _int_text(int(round(value)))


@functools.lru_cache(maxsize=8192)
def _int_text(value: int) -> str:
    """Babel takes ~70 µs a number; a Land-wide table repeats the same few hundred counts."""
    return format_decimal(value, format="#,##0", locale=LOCALE)


def fmt_number(value: float | Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return _decimal_text(value, "#,##0" + ("." + "0" * digits if digits else ""))


def fmt_fte(value: float | Decimal | None) -> str:
    """VZÄ with one or two decimals: 0,5 · 1,0 · 3,34."""
    if value is None:
        return "–"
    return _decimal_text(value, "#,##0.0#")


@functools.lru_cache(maxsize=16384)
def _decimal_text(value: float | Decimal, pattern: str) -> str:
    """As `_int_text`: a Land-wide map formats 3.303 values a view, most of them again on the next."""
    return format_decimal(value, format=pattern, locale=LOCALE)


def fmt_pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{fmt_number(value, digits)} %"


def fmt_eur(value: Decimal | int | str | None, cents: bool = True) -> str:
    if value is None:
        return "–"
    amount = Decimal(value)
    return format_currency(amount, "EUR", format="#,##0.00 ¤" if cents else "#,##0 ¤",
                           locale=LOCALE, currency_digits=False).replace("\xa0", " ")


def fmt_date(value: dt.date | None) -> str:
    """31.12.2026."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE) if value else "–"


def fmt_time(value: dt.datetime | dt.time, seconds: bool = False) -> str:
    """14:05 (with seconds: 14:05:09)."""
    return format_time(value, "HH:mm:ss" if seconds else "HH:mm", locale=LOCALE)


def fmt_datetime(value: dt.datetime | None, seconds: bool = False) -> str:
    """31.12.2026 14:05 (with seconds: 31.12.2026 14:05:09), in the value's own time zone."""
    if value is None:
        return "–"
    return f"{fmt_date(value)} {fmt_time(value, seconds)}"


def fmt_month(value: dt.date | None, abbreviated: bool = False) -> str:
    """November 2026; abbreviated: Nov 2026 (the stand-alone forms, as on a chart axis)."""
    if value is None:
        return "–"
    return format_date(value, "LLL yyyy" if abbreviated else "LLLL yyyy", locale=LOCALE)


def fmt_month_name(value: dt.date, abbreviated: bool = False) -> str:
    """November (abbreviated: Nov) for a date in that month."""
    return format_date(value, "LLL" if abbreviated else "LLLL", locale=LOCALE)


def month_names(abbreviated: bool = False) -> list[str]:
    """Januar … Dezember (abbreviated: Jan … Dez), as babel's de_DE stand-alone month names."""
    return [fmt_month_name(dt.date(2000, month, 1), abbreviated) for month in range(1, 13)]


def fmt_signed(value: float | Decimal | int, fmt: Callable[[float | Decimal | int], str] = fmt_number) -> str:
    """A difference with its sign: +1,5 · −0,3 (a true minus sign); zero has none. `fmt` formats the
    amount (e.g. `fmt_fte`)."""
    if value == 0:
        return fmt(0)
    return ("+" if value > 0 else "−") + fmt(abs(value))


def fmt_exact(value: Decimal | float | str | None) -> str:
    """A number for an input field, exact (no rounding, no grouping), at least one decimal:
    0.125 → "0,125", 1 → "1,0", 1234.5 → "1234,5"."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    digits = max(1, -number.as_tuple().exponent)
    return format_decimal(number, format="0." + "0" * digits, locale=LOCALE, decimal_quantization=False)


def fmt_ratio(ratio: int) -> str:
    return f"1:{ratio}"


def plotly_text(value) -> str:
    """Data text for a plotly label or hover: plotly renders <b>, <a href>, <br> … there, so & < >
    are escaped (plotly shows "&lt;" as "<"); markup only ever comes from our own strings."""
    return html.escape(str(value), quote=False)
