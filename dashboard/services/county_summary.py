"""The Landkreis figures of `im-cockpit kpis --json`: per Kreis the Land funds, the target group, the
shares per Gemeinde with the Rundungsrest, and who runs IM where — the numbers the page shows."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from dashboard.services.county import NoCountyData, counties, county_figures, kreis_key
from dashboard.services.serialize import jsonable
from dashboard.settings import Settings


def county_summaries(session: Session, settings: Settings) -> list[dict]:
    """One entry per Landkreis (by name); a Kreis without Land funds says so in German."""
    result = []
    for county in counties(session):
        try:
            fig = county_figures(session, settings, kreis_key(county))
        except NoCountyData as missing:
            result.append({"kreis": kreis_key(county), "name": county.name, "message": str(missing)})
            continue
        a = fig.allocation
        result.append(jsonable({
            "kreis": fig.kreis, "name": fig.county_name, "year": fig.year,
            "window": {"start": a.window.start, "end": a.window.end},
            "funds": a.funds, "persons": a.total_persons, "per_person": a.per_person,
            "shares_total": sum((r.amount for r in fig.rows), Decimal(0)),
            "remainder": a.remainder,
            "gemeinden": [{"ags": r.ags, "name": r.name, "persons": r.persons, "amount": r.amount,
                           "mode": r.mode_short, "provider": r.provider_name} for r in fig.rows],
            "structure": [{"group": g.key, "title": g.title,
                           "units": [{"responsible": u.responsible, "form": u.form, "gemeinden": list(u.gemeinden),
                                      "provider": u.provider, "valid_from": list(u.valid_from),
                                      "basis": list(u.basis)} for u in g.units]} for g in fig.structure],
        }))
    return result
