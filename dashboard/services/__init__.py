"""Figures for pages, CLI and reports: queries (data) composed with the pure model.

The page and `im-cockpit kpis --json` call the same functions, so they cannot disagree.
Returns typed results (`dashboard.model.figures.overview`): money as `Decimal` (exact), dates as `date`,
VZÄ as floats; `serialize.jsonable` makes JSON of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.model.capacity import Load, Thresholds, effective_team, round_up
from dashboard.model.figures.overview import (
    FundsSummary,
    LoadFigures,
    Overview,
    ProviderFunds,
    StaffingLine,
    Stand,
    TeamFigures,
    VolunteeringSummary,
)
from dashboard.model.funds import LedgerLine, balances
from dashboard.model.staffing import staff_total
from dashboard.model.vocabulary import NO_TEAM  # noqa: F401 (the pages' services use it from here)
from dashboard.services.serialize import jsonable
from dashboard.settings import Settings
from data import queries
from data.queries import case_counts
from data.schema import Programme


def thresholds(settings: Settings) -> Thresholds:
    return Thresholds(ok_max=settings.status_ok_max, attention_max=settings.status_attention_max)


def dataset_stand(session: Session) -> Stand | None:
    """The dataset's as-of date, source and revision; None for an empty database."""
    info = queries.dataset_info(session)
    if info is None:
        return None
    return Stand(as_of=info.as_of, source=info.source, label=info.label, revision=info.revision)


def stand(session: Session) -> dict | None:
    """`dataset_stand` as JSON ("as_of" an ISO string), for the pages that still read dicts."""
    return jsonable(dataset_stand(session))


def default_day(session: Session) -> dt.date:
    info = queries.dataset_info(session)
    return info.as_of if info else dt.date.today()


def load_figures(load: Load, settings: Settings) -> LoadFigures:
    """The figures of one load (team, area or total).

    VZÄ needed is rounded up to the next 0.01 so that it really holds the ratio; the gap is
    measured against that rounded value, so the two numbers on screen agree.
    """
    needed = round_up(load.fte_needed(settings.staff_ratio))
    return LoadFigures(
        cases=int(load.cases),
        fte=round(load.fte, 3),
        capacity=round(load.capacity, 2),
        cases_per_fte=None if load.cases_per_fte is None else round(load.cases_per_fte, 2),
        utilisation_pct=None if load.utilisation_pct is None else round(load.utilisation_pct, 2),
        status=load.status(thresholds(settings)),
        fte_needed=needed,
        fte_gap=round(needed - load.fte, 2),
        headroom=round(load.headroom, 2),
    )


def team_figures(meta: dict, load: Load, settings: Settings) -> TeamFigures:
    """A team of `im_loads` with the figures of its load."""
    return TeamFigures.of(meta["team_id"], meta["code"], meta["team"], meta["name"], load_figures(load, settings))


def im_loads(session: Session, settings: Settings, day: dt.date) -> tuple[Load, list[tuple[dict, Load]]]:
    """IM caseload against capacity: the total and one entry per team (filled VZÄ)."""
    providers = queries.providers(session)
    posts = queries.positions(session, day)
    posts = posts[posts["programme"] == Programme.im]
    cases = case_counts.active_by_team_district(session, day)  # grouped in the database
    catchment = dict(queries.catchments(session, day).itertuples(index=False, name=None))
    catchment_teams = set(providers.loc[providers["uses_catchment"], "provider_id"])
    counts: dict = {}
    for t, d, n in zip(cases["team_id"], cases["district_id"], cases["n"]):
        team = effective_team(None if pd.isna(t) else int(t), None if pd.isna(d) else int(d), catchment, catchment_teams)
        counts[team] = counts.get(team, 0) + int(n)
    rows: list[tuple[dict, Load]] = []
    team_ids = set(posts["provider_id"]) | {t for t in counts if t is not None and not pd.isna(t)}
    by_team = dict(tuple(posts.groupby("provider_id")))  # one pass, not a filter per team (180 at BW scale)
    for p in providers.itertuples():
        if p.provider_id not in team_ids:
            continue
        team_posts = by_team.get(p.provider_id, posts.iloc[:0])
        load = Load.from_posts(
            counts.get(p.provider_id, 0),
            [(f, int(r) if not pd.isna(r) else settings.staff_ratio)
             for f, r in zip(team_posts["filled_fte"], team_posts["staff_ratio"])],
        )
        rows.append(({"team_id": int(p.provider_id), "code": p.code, "team": p.short_name,
                      "name": p.name}, load))
    without = sum(n for t, n in counts.items() if t is None or pd.isna(t))
    if without:
        rows.append(({"team_id": None, "code": None, "team": NO_TEAM, "name": NO_TEAM},
                     Load(cases=without, fte=0.0, capacity=0.0)))
    total = Load(cases=sum(counts.values()), fte=sum(load.fte for _, load in rows),
                 capacity=sum(load.capacity for _, load in rows))
    return total, rows


def staffing_by_provider(session: Session, day: dt.date) -> tuple[StaffingLine, ...]:
    """Planned vs filled VZÄ per Träger (all programmes and funding sources) on `day`."""
    providers = queries.providers(session)
    posts = queries.positions(session, day)
    result = []
    by_provider = dict(tuple(posts.groupby("provider_id")))
    for p in providers.itertuples():
        mine = by_provider.get(p.provider_id)
        if mine is None or mine.empty:
            continue
        line = staff_total(zip(mine["planned_fte"], mine["filled_fte"]))
        result.append(StaffingLine(provider=p.short_name, code=p.code, planned=float(line.planned),
                                   filled=float(line.filled), vacant=float(line.vacant)))
    return tuple(result)


def funds_totals(session: Session, settings: Settings, year: int) -> FundsSummary:
    """Projektmittel of `year` per Träger and in total, exact to the cent."""
    providers = queries.providers(session)
    providers = providers[providers["kind"] == "provider"]
    entries = queries.funds_entries(session, year)
    lines = [LedgerLine(int(e.provider_id), str(e.kind), Decimal(e.amount),
                        None if pd.isna(e.to_provider_id) else int(e.to_provider_id))
             for e in entries.itertuples()]
    by_id = balances(lines, providers["provider_id"].tolist())
    rows = []
    for p in providers.itertuples():
        b = by_id[p.provider_id]
        rows.append(ProviderFunds(provider=p.short_name, code=p.code, allocated=b.allocated, spent=b.spent,
                                  transferred_out=b.transferred_out, transferred_in=b.transferred_in,
                                  remaining=b.remaining))
    total_remaining = sum((b.remaining for b in by_id.values()), Decimal("0.00"))
    total_allocated = sum((b.allocated for b in by_id.values()), Decimal("0.00"))
    return FundsSummary(year=year, budget=Decimal(settings.project_funds_per_year).quantize(Decimal("0.01")),
                        allocated=total_allocated, remaining=total_remaining, by_provider=tuple(rows))


def funds_summary(session: Session, settings: Settings, year: int) -> dict:
    """`funds_totals` as JSON (money as strings with two decimals), for the Projektmittel page."""
    return jsonable(funds_totals(session, settings, year))


def volunteering_summary(session: Session, day: dt.date) -> VolunteeringSummary:
    projects = queries.volunteer_projects(session, day)
    return VolunteeringSummary(projects=int(len(projects)), volunteers=int(projects["volunteers"].sum()),
                               topics=int(projects["topic"].nunique()))


def overview(session: Session, settings: Settings, day: dt.date | None = None) -> Overview:
    """Every number of the Übersicht page (and `im-cockpit kpis --json`)."""
    day = day or default_day(session)
    total, teams = im_loads(session, settings, day)
    return Overview(
        as_of=day,
        stand=dataset_stand(session),
        staff_ratio=settings.staff_ratio,
        im=load_figures(total, settings),
        teams=tuple(team_figures(meta, load, settings) for meta, load in teams),
        staffing=staffing_by_provider(session, day),
        funds=funds_totals(session, settings, day.year),
        volunteering=volunteering_summary(session, day),
    )
