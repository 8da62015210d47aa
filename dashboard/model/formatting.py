"""German (de-DE) formatting of numbers, money, VZÄ, percentages and dates (Babel).

One place for it, so the page, the downloads, the CLI and the tests render numbers identically.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

LOCALE = "de_DE"


def fmt_int(value: float | int | None) -> str:
    if value is None:
        return "–"
    return format_decimal(round(value), format="#,##0", locale=LOCALE)


def fmt_number(value: float | Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def fmt_fte(value: float | Decimal | None) -> str:
    """VZÄ with one or two decimals: 0,5 · 1,0 · 3,34."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.0#", locale=LOCALE)


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


def fmt_datetime(value: dt.datetime | None) -> str:
    """31.12.2026 um 14:05 Uhr."""
    if value is None:
        return "–"
    return f"{fmt_date(value)} um {format_time(value, 'HH:mm', locale=LOCALE)} Uhr"


def fmt_month(value: dt.date | None, abbreviated: bool = False) -> str:
    """November 2026; abbreviated: Nov 2026 (the stand-alone forms, as on a chart axis)."""
    if value is None:
        return "–"
    return format_date(value, "LLL yyyy" if abbreviated else "LLLL yyyy", locale=LOCALE)


def fmt_month_name(value: dt.date, abbreviated: bool = False) -> str:
    """November (abbreviated: Nov) for a date in that month."""
    return format_date(value, "LLL" if abbreviated else "LLLL", locale=LOCALE)


def fmt_signed(value: float | Decimal | int, digits: int = 1) -> str:
    """A change with its sign: +1,5 · −0,3 · ±0 (a true minus sign, as in print)."""
    if round(value, digits) == 0:
        return "±" + fmt_number(0, digits)
    text = fmt_number(abs(value), digits)
    return ("+" if value > 0 else "−") + text


def fmt_ratio(ratio: int) -> str:
    return f"1:{ratio}"


def plotly_text(value) -> str:
    """Data text for a plotly label or hover: plotly renders <b>, <a href>, <br> … there, so & < >
    are escaped (plotly shows "&lt;" as "<"); markup only ever comes from our own strings."""
    return html.escape(str(value), quote=False)
