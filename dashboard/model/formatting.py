"""German (de-DE) formatting of numbers, money, VZÄ, percentages and dates (Babel).

One place for it, so the page, the downloads, the CLI and the tests render numbers identically.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

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
    return value.strftime("%d.%m.%Y") if value else "–"


def fmt_ratio(ratio: int) -> str:
    return f"1:{ratio}"


def plotly_text(value) -> str:
    """Data text for a plotly label or hover: plotly renders <b>, <a href>, <br> … there, so & < >
    are escaped (plotly shows "&lt;" as "<"); markup only ever comes from our own strings."""
    return html.escape(str(value), quote=False)
