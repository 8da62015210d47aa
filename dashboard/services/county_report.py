"""The Landkreis reports: each Gemeinde's Verwendungsnachweis and the Gesamtverwendungsnachweis of a
Kreis for a year — the same allocation as the page (`services.county.county_figures`), the posts,
the cases of a Gemeinde (Case.district_id on the Gemeinde's area; small counts suppressed as in the
city) and the proofs of use.

Rule applied: a Gemeinde in Eigenregie (A, B) or in a Verbund gets its share passed on and owes a
Verwendungsnachweis; for C (and without a recorded decision) the Kreis runs IM and keeps the share;
the Rundungsrest stays with the Kreis.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from dashboard.model.figures.county_report import (
    PASSED_ON_MODES,
    PROOF_MISSING,
    PROOF_NOT_DUE,
    PROOF_RECEIVED,
    ProofOfUse,
    UseReport,
    UseRow,
)
from dashboard.model.suppression import hidden_label, suppress_series
from dashboard.services.county import NoCountyData, county_figures
from dashboard.settings import Settings
from data.schema import Area, Case
from data.schema import ProofOfUse as ProofRecord


def proofs_of_use(session: Session, county_id: int, year: int) -> dict[str, ProofOfUse]:
    """The recorded proofs of use of the Kreis' Gemeinden for `year`, by AGS."""
    query = (select(ProofRecord, Area).join(Area, ProofRecord.municipality_id == Area.id)
             .where(Area.parent_id == county_id, ProofRecord.year == year))
    return {area.ags: ProofOfUse(area.ags, area.name, p.year, p.received_on, p.amount_spent, p.note)
            for p, area in session.execute(query)}


def _case_counts(session: Session, ids: dict[str, int], year: int) -> tuple[dict[str, int], dict[str, int]]:
    """Cases active in `year` per Gemeinde and those with an Integrationsplan."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    active = and_(Case.district_id.in_(ids.values()), Case.opened_on <= end,
                  or_(Case.closed_on.is_(None), Case.closed_on >= start))
    by_id = {v: k for k, v in ids.items()}
    cases, plans = dict.fromkeys(ids, 0), dict.fromkeys(ids, 0)
    for district, n, with_plan in session.execute(
            select(Case.district_id, func.count(), func.count().filter(Case.has_integration_plan.is_(True)))
            .where(active).group_by(Case.district_id)):
        cases[by_id[district]], plans[by_id[district]] = int(n), int(with_plan)
    return cases, plans


def _suppressed(counts: dict[str, int], threshold: int) -> tuple[dict[str, int | str], dict[str, bool]]:
    series = pd.Series(counts, dtype="int64")
    try:
        shown, mask = suppress_series(series, threshold)
    except ValueError:  # a list that cannot be protected (one Gemeinde): nothing but zeros is shown
        return ({k: (0 if v == 0 else hidden_label(threshold)) for k, v in counts.items()},
                {k: v != 0 for k, v in counts.items()})
    return dict(shown.items()), {k: bool(v) for k, v in mask.items()}


def use_report(session: Session, settings: Settings, year: int, county_code: str | None = None) -> UseReport:
    """The Gesamtverwendungsnachweis of a Kreis for `year` (NoCountyData as for the page)."""
    fig = county_figures(session, settings, county_code, year)
    if fig.year != year:
        raise NoCountyData(f"Für {year} sind für den {fig.county_name} keine Landesmittel erfasst. Bitte ein "
                           f"Jahr mit erfassten Mitteln wählen ({', '.join(map(str, fig.years))}) oder die "
                           "Mittel importieren (Import „Landesmittel des Kreises“).")
    county = session.scalar(select(Area).where(Area.code == fig.county_code))
    ids = {ags: area_id for ags, area_id in session.execute(
        select(Area.ags, Area.id).where(Area.parent_id == county.id, Area.ags.is_not(None)))}
    proofs = proofs_of_use(session, county.id, fig.year)
    cases, plans = _case_counts(session, ids, fig.year)
    threshold = settings.small_count_threshold
    shown_cases, hidden = _suppressed(cases, threshold)
    shown_plans, _ = _suppressed(plans, threshold)
    rows = []
    for r in fig.rows:
        passed = r.mode in PASSED_ON_MODES
        proof = proofs.get(r.ags)
        status = (PROOF_RECEIVED if proof and proof.received_on else PROOF_MISSING) if passed else PROOF_NOT_DUE
        plan_shown = hidden_label(threshold) if hidden.get(r.ags) and plans.get(r.ags) else shown_plans.get(r.ags, 0)
        rows.append(UseRow(r.ags, r.name, r.mode_short, passed, r.amount, r.posts_fte,
                           sum((p.fte for p in r.posts if p.filled), Decimal(0)),
                           shown_cases.get(r.ags, 0), plan_shown, status, proof))
    return UseReport(fig.county_name, fig.year, fig.allocation.funds, fig.allocation.remainder, tuple(rows),
                     threshold, sum(cases.values()), sum(plans.values()), any(cases.values()))
