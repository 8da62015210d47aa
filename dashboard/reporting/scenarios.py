"""Scenarios for page and CLI: the baseline from the database with the instance's settings, and the
result of a scenario as JSON-ready figures with the baseline beside it (deltas)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from dashboard import reporting
from dashboard.model.scenarios import Baseline, Change, Money, Result, run
from dashboard.settings import Settings
from data import scenarios as scenario_data


def money(settings: Settings) -> Money:
    return Money(cost_per_fte=Decimal(settings.cost_per_fte),
                 overhead_rate_pct=Decimal(str(settings.overhead_rate_pct)),
                 land_funds_per_fte=Decimal(settings.land_funds_per_fte))


def baseline(session: Session, settings: Settings, day: dt.date | None = None) -> Baseline:
    """The current data at `day` (default: the data's Stand) as a frozen scenario baseline."""
    day = day or reporting.default_day(session)
    stand = reporting.stand(session) or {}
    return scenario_data.build_baseline(
        session, day, staff_ratio=settings.staff_ratio, ok_max=settings.status_ok_max,
        attention_max=settings.status_attention_max, money=money(settings),
        source=stand.get("label", ""))


def compare(base: Baseline, changes: list[Change]) -> dict:
    """The scenario's figures, the baseline's (no changes) and the difference per team now and at
    the end of the horizon."""
    scenario, plain = run(base, changes), run(base, [])
    return {"scenario": scenario.to_dict(), "baseline": plain.to_dict(), "deltas": deltas(plain, scenario)}


def deltas(plain: Result, scenario: Result) -> list[dict]:
    before = {t.code: t for t in plain.teams}
    rows = []
    for t in scenario.teams:
        b = before.get(t.code)
        rows.append({
            "code": t.code, "name": t.name,
            "pct_now": t.utilisation_pct[0], "pct_now_base": b.utilisation_pct[0] if b else None,
            "pct_end": t.utilisation_pct[-1], "pct_end_base": b.utilisation_pct[-1] if b else None,
            "fte_now": t.fte[0], "fte_now_base": b.fte[0] if b else 0.0,
            "cases_now": t.cases[0], "cases_end": t.cases[-1], "cases_end_base": b.cases[-1] if b else None,
            "max_gap": t.max_gap, "max_gap_base": b.max_gap if b else 0.0,
        })
    return rows
