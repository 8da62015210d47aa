"""A scenario's result in plain German sentences.

- `summary(result)`: what the result says on its own. Without changes it is the baseline ("Ohne
  Änderungen liegt …"); with changes "Mit diesem Szenario …" (once, the next teams: "Das Team … liegt").
  Each team above the ratio says when,
  where it ends with its 80 % band ("wahrscheinlich zwischen … und …") and the VZÄ missing; then the
  funding gap of the last year and Projektmittel that do not suffice.
- `effect(baseline, scenario)`: the scenario against the baseline without changes, first: which team
  the changes relieve or load by how many percentage points from when ("Die Änderungen entlasten
  Caritas ab Januar 2027 um 37 Prozentpunkte; Stadt steigt auf 133 %.").
Both read a `Result` or the page's `ScenarioFigures` (same field names; months as ISO text or dates).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..formatting import fmt_eur, fmt_fte, fmt_int, fmt_month, fmt_pct
from ..vocabulary import FTE_MISSING, NO_TEAM
from .result import Result

EFFECT_MIN_POINTS = 0.5  # percentage points below which a team counts as unchanged


def month_name(day: dt.date) -> str:
    return fmt_month(day)


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _band(t, k: int) -> str:
    """ ", wahrscheinlich zwischen 120 % und 204 %" at point k, from the team's 80 % band."""
    low = t.utilisation_low[k] if t.utilisation_low else None
    high = t.utilisation_high[k] if t.utilisation_high else None
    if low is None or high is None:
        return ""
    return f", wahrscheinlich zwischen {fmt_pct(low, 0)} und {fmt_pct(high, 0)}"


def summary(result: Result) -> list[str]:
    """Plain German sentences: which team goes above the ratio when, where it ends, what is missing."""
    ratio = f"1:{result.staff_ratio}"
    end = _day(result.months[-1])
    lead = "Mit diesem Szenario" if result.changes else "Ohne Änderungen"
    sentences = []
    # the team that goes above the ratio first leads (the Stichtag's ISO date sorts before every month end)
    for t in sorted((t for t in result.teams if t.first_over is not None), key=lambda t: str(t.first_over)):
        team_ratio = f"1:{round(t.ratio)}" if t.code else ratio
        first = _day(t.first_over)
        since = "schon am Stichtag" if first == _day(result.as_of) else f"ab {month_name(first)}"
        label = f"das Team {t.name}" if t.code else f"der Fallbestand {NO_TEAM}"
        opening = f"{lead} liegt {label}" if not sentences else f"{label[0].upper()}{label[1:]} liegt"
        where = (f" ({fmt_month(end)}: {fmt_pct(t.utilisation_pct[-1], 0)}{_band(t, -1)})"
                 if t.utilisation_pct[-1] is not None else "")
        sentences.append(f"{opening} {since} über {team_ratio}{where}; höchstens "
                         f"{fmt_fte(t.max_gap)} {FTE_MISSING}.")
    if not sentences:
        sentences.append(f"{lead} bleiben alle Teams bis {month_name(end)} im Rahmen von {ratio}.")
    waiting = [(t.name, t.waiting[-1]) for t in result.teams if getattr(t, "waiting", None) and t.waiting[-1] >= 0.5]
    if waiting:
        total = sum(w for _, w in waiting)
        sentences.append(f"Mit dem Aufnahmestopp warten im {month_name(end)} etwa {fmt_int(round(total))} Fälle auf "
                         "einen Platz (" + ", ".join(f"{n}: {fmt_int(round(w))}" for n, w in waiting) + ").")
    money = result.money[-1] if result.money else None
    if money and Decimal(str(_get(money, "funding_gap"))) > 0:
        sentences.append(
            f"Finanzierungslücke {_get(money, 'year')}: {fmt_eur(_get(money, 'funding_gap'), cents=False)} "
            f"(IM-Personalkosten ohne Landesmittel plus {FTE_MISSING})."
        )
    for f in result.funds:
        remaining = Decimal(str(_get(f, "remaining")))
        if remaining < 0:
            sentences.append(f"Die Projektmittel von {_get(f, 'name')} reichen nicht: es fehlen {fmt_eur(-remaining)}.")
    return sentences


def _get(row, name: str):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def effect(baseline, scenario) -> list[str]:
    """The scenario against the baseline without changes, strongest effect first (empty: no changes)."""
    if not scenario.changes:
        return []
    before = {t.code: t for t in baseline.teams}
    moves = []
    for t in scenario.teams:
        b = before.get(t.code)
        if b is None:
            continue
        diffs = [(k, s - p) for k, (s, p) in enumerate(zip(t.utilisation_pct, b.utilisation_pct, strict=False))
                 if s is not None and p is not None]
        if not diffs:
            continue
        k_max, d_max = max(diffs, key=lambda kd: abs(kd[1]))
        if abs(d_max) < EFFECT_MIN_POINTS:
            continue
        k_from = next(k for k, d in diffs if abs(d) >= EFFECT_MIN_POINTS)
        moves.append((abs(d_max), t, k_from, k_max, d_max))
    what = "Die Änderung" if len(scenario.changes) == 1 else "Die Änderungen"
    if not moves:
        return [f"{what} ändern die Auslastung keines Teams um {fmt_int(1)} Prozentpunkt oder mehr."
                if len(scenario.changes) > 1 else
                f"{what} ändert die Auslastung keines Teams um {fmt_int(1)} Prozentpunkt oder mehr."]
    moves.sort(key=lambda m: -m[0])
    parts = []
    for i, (_, t, k_from, k_max, d_max) in enumerate(moves):
        when = _day(scenario.months[k_from])
        since = "ab dem Stichtag" if k_from == 0 else f"ab {month_name(when)}"
        points = fmt_int(round(abs(d_max)))
        at = fmt_month(_day(scenario.months[k_max]))  # where the difference is largest
        if i == 0:
            verb = ("entlastet" if d_max < 0 else "belastet") if len(scenario.changes) == 1 else (
                "entlasten" if d_max < 0 else "belasten")
            parts.append(f"{what} {verb} {t.name} {since} um {points} Prozentpunkte "
                         f"({at}: {fmt_pct(t.utilisation_pct[k_max], 0)} statt "
                         f"{fmt_pct(before[t.code].utilisation_pct[k_max], 0)})")
        else:
            verb = "sinkt" if d_max < 0 else "steigt"
            parts.append(f"{t.name} {verb} {since} auf {fmt_pct(t.utilisation_pct[k_max], 0)} "
                         f"({at}; statt {fmt_pct(before[t.code].utilisation_pct[k_max], 0)})")
    return ["; ".join(parts) + "."]
