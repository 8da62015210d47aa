"""The Karte's Landkreis level: each Gemeinde with its allocation (€ and € per inhabitant) for a
calculation year, who runs IM there (A/B/C/Verbund), and the load of the IM team(s) serving it.

The allocation is `dashboard.services.county.county_figures` — the same figures as the page
"Landkreis", so map and table cannot disagree. Case work: cases of the Landkreis' teams whose
district is a Gemeinde. The Gemeinde's team is the team that carries those cases (its catchment, or
the case's team); its utilisation is the whole team's (1:90 as in the city). A Gemeinde without
cases says "keine Falldaten" — never 0. Case counts per Gemeinde and team are suppressed as one
table with the Kreis total (`model.suppression.protect_area_counts`), like the city's districts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.capacity import Load, effective_team
from dashboard.model.figures.maps import AreaLoad, CategoryKey, GemeindeFacts, MapArea
from dashboard.model.suppression import protect_area_counts
from dashboard.model.vocabulary import IM_MODE_COLORS, IM_MODE_TEXT, NO_MODE, ImMode
from dashboard.services.caseload import HIDDEN
from dashboard.services.county import NoCountyData, counties, county_figures
from dashboard.settings import Settings
from data import queries
from data.queries import case_counts
from data.schema import Area

CENT = Decimal("0.01")


def county_areas(session: Session, settings: Settings, areas: list[MapArea], day: dt.date,
                 year: int | None) -> tuple[list[MapArea], int | None, str | None]:
    """`areas` (the Gemeinden of the map) with their Landkreis figures; the calculation year shown,
    and a German message when there are no figures (then the areas come back unchanged)."""
    rows, shown, missing = {}, None, None
    for county in counties(session):
        try:
            fig = county_figures(session, settings, county.code, year)
        except NoCountyData as problem:
            missing = missing or str(problem)
            continue
        shown = shown or fig.year
        rows.update({r.ags: (fig.year, r) for r in fig.rows})
    if not rows:
        return areas, None, missing or "Es ist noch kein Landkreis angelegt (im-cockpit setup)."
    cases, loads = _case_work(session, settings, day, [a for a in areas if a.ags in rows])
    result = []
    for a in areas:
        if a.ags not in rows:
            result.append(a)
            continue
        fig_year, row = rows[a.ags]
        per_inhabitant = (row.amount / a.population).quantize(CENT) if a.population else None
        facts = GemeindeFacts(year=fig_year, persons=row.persons, amount=row.amount, per_inhabitant=per_inhabitant,
                              mode=row.mode.value if row.mode else None, mode_text=row.mode_text,
                              mode_short=row.mode_short,
                              provider_name=row.provider_name, cases=cases.get(a.area_id))
        result.append(MapArea(**{**vars(a), "gemeinde": facts, "team_load": loads.get(a.area_id),
                                 "category": facts.mode}))
    return result, shown, None


def mode_legend(areas: list[MapArea]) -> tuple[CategoryKey, ...]:
    """The IM-mode legend: every mode (in A, B, C, Verbund order) with its colour and how many Gemeinden."""
    counted = [a for a in areas if a.gemeinde is not None]
    keys = [CategoryKey(m.value, IM_MODE_TEXT[m], IM_MODE_COLORS[m], sum(a.category == m.value for a in counted))
            for m in ImMode]
    missing = sum(a.category is None for a in counted)
    if missing:
        keys.append(CategoryKey("", NO_MODE, "#d9d9d9", missing))
    return tuple(keys)


def _case_work(session: Session, settings: Settings, day: dt.date,
               areas: list[MapArea]) -> tuple[dict[int, int | str], dict[int, AreaLoad]]:
    """Suppressed active cases per Gemeinde (only Gemeinden with case data) and its team(s)' load."""
    ids = {a.area_id for a in areas}
    cases = case_counts.active_by_team_district(session, day, district_ids=sorted(ids))  # grouped in the database
    if cases.empty:
        return {}, {}
    providers = queries.providers(session)
    catchment = dict(queries.catchments(session, day).itertuples(index=False, name=None))
    catchment_teams = set(providers.loc[providers["uses_catchment"], "provider_id"])
    cases = cases.assign(team=[effective_team(None if pd.isna(t) else int(t), int(d), catchment, catchment_teams)
                               for t, d in zip(cases["team_id"], cases["district_id"])])
    cases["team"] = cases["team"].fillna(-1).astype(int)  # -1: a case without a team
    counts = cases.groupby([cases["district_id"].astype(int), cases["team"]])["n"].sum().unstack(fill_value=0)
    kreis_of = dict(session.execute(select(Area.id, Area.parent_id).where(Area.id.in_(ids))).all())
    table = counts.reindex(sorted(ids), fill_value=0)
    with_data = [int(k) for k in table.index if table.loc[k].sum() > 0]
    try:  # the Kreise as parent rows (their totals), the Gemeinden as children, like Sozialräume and districts
        _top, shown = protect_area_counts(table, {i: kreis_of[i] for i in table.index},
                                          sorted(set(kreis_of.values())), settings.small_count_threshold)
        result: dict[int, int | str] = {k: HIDDEN if shown.mask.at[k, "Gesamt"] else int(shown.values.at[k, "Gesamt"])
                                        for k in with_data}
    except ValueError:  # a total that would reveal a hidden count: show no count at all
        result = dict.fromkeys(with_data, HIDDEN)
    _total, team_loads = services.im_loads(session, settings, day)
    loads = {meta["team_id"]: (meta["team"], load) for meta, load in team_loads if meta["team_id"] is not None}
    serving: dict[int, AreaLoad] = {}
    for district, group in cases.groupby(cases["district_id"].astype(int)):
        teams = sorted(t for t in set(group["team"]) if t in loads)
        if teams:
            load = Load(cases=sum(loads[t][1].cases for t in teams), fte=sum(loads[t][1].fte for t in teams),
                        capacity=sum(loads[t][1].capacity for t in teams))
            serving[int(district)] = AreaLoad.of(services.load_figures(load, settings),
                                                 tuple(loads[t][0] for t in teams))
    return result, serving
