"""A scenario's result in plain German sentences: which team goes above the ratio when, how many
VZÄ are missing, the funding gap of the last year and Projektmittel that do not suffice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..formatting import fmt_eur, fmt_fte, fmt_month
from ..vocabulary import NO_TEAM
from .result import Result


def month_name(day: dt.date) -> str:
    return fmt_month(day)


def summary(result: Result) -> list[str]:
    """Plain German sentences: which team goes above the ratio when, and how many VZÄ are missing."""
    ratio = f"1:{result.staff_ratio}"
    end = dt.date.fromisoformat(result.months[-1])
    sentences = []
    for t in result.teams:
        if t.first_over is None:
            continue
        team_ratio = f"1:{round(t.ratio)}" if t.code else ratio
        when = dt.date.fromisoformat(t.first_over)
        since = "schon am Stichtag" if t.first_over == result.as_of else f"ab {month_name(when)}"
        label = f"das Team {t.name}" if t.code else f"der Fallbestand {NO_TEAM}"
        sentences.append(
            f"Mit diesem Szenario liegt {label} {since} über {team_ratio}; es fehlen {fmt_fte(t.max_gap)} VZÄ."
        )
    if not sentences:
        sentences.append(f"Mit diesem Szenario bleiben alle Teams bis {month_name(end)} im Rahmen von {ratio}.")
    money = result.money[-1] if result.money else None
    if money and Decimal(money["funding_gap"]) > 0:
        sentences.append(
            f"Finanzierungslücke {money['year']}: {fmt_eur(money['funding_gap'], cents=False)} "
            "(IM-Personalkosten ohne Landesmittel plus fehlende VZÄ)."
        )
    for f in result.funds:
        if Decimal(f["remaining"]) < 0:
            sentences.append(
                f"Die Projektmittel von {f['name']} reichen nicht: es fehlen {fmt_eur(-Decimal(f['remaining']))}."
            )
    return sentences
