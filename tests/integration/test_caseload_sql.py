"""The caseload figures counted in the database (GROUP BY, data/queries/case_counts.py) equal the
former pandas computation over every case row (kept here as the reference), on SQLite and
PostgreSQL: on the demo data and on a synthetic case table with edge cases — cases opened or
closed on the Stichtag, cases without district or team, catchment teams' own cases outside their
catchment, eligibility ending on the Stichtag, 29 February — for all teams and each team, and the
small-count protection (DOMAIN.md §9) hides the same cells after the aggregation as before."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
from sqlalchemy import delete, select

from dashboard.model import caseload as flows
from dashboard.model.capacity import weighted_points
from dashboard.model.months import month_ends
from dashboard.model.suppression import protect_area_counts
from dashboard.model.vocabulary import CaseOrigin, ClosureReason
from dashboard.services import caseload as report
from dashboard.services.maps import map_view
from data.queries import providers
from data.schema import Area, AreaKind, Case
from tests.helpers import DEMO_DAY
from tests.reference_caseload import reference_flows

DAYS = [DEMO_DAY, dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2024, 2, 29), dt.date(2024, 7, 15)]
REASONS = list(ClosureReason)


def pandas_reference(session, settings, day: dt.date, team_id: int | None) -> dict:
    """The figures as computed before the aggregation moved into the database: every case row in pandas."""
    teams = providers(session)
    catchment_teams = set(teams.loc[teams["uses_catchment"], "provider_id"])
    history = report.catchment_history(session)
    cases = report.case_queries.cases_overlapping(session, report.HISTORY_START, day)
    active = cases[(cases["opened_on"] <= day)
                   & cases["closed_on"].map(lambda d: d is None or pd.isna(d) or d > day)].copy()
    active["team"] = report.attribute(active, day, history, catchment_teams)
    labels = dict(zip(teams["provider_id"], teams["short_name"]))
    active["team_label"] = [labels.get(t, report.services.NO_TEAM) if t is not None else report.services.NO_TEAM
                            for t in active["team"]]
    full = report.caseload(session, settings, day)
    team_labels = dict(zip([t.team_id for t in full.teams], [t.team for t in full.teams]))
    if (active["team_label"] == report.services.NO_TEAM).any():
        team_labels[None] = report.services.NO_TEAM
    districts = report.queries.districts(session)
    insiders = [labels[p.provider_id] for p in teams.itertuples() if str(getattr(p.kind, "value", p.kind)) == "provider"]
    known = active[active["district_id"].notna()]  # the former crosstab of case rows, protected anew (no memo)
    matrix = pd.crosstab(known["district_id"].astype(int), known["team_label"]).reindex(
        index=[int(d) for d in districts["district_id"]], columns=list(team_labels.values()), fill_value=0)
    parent_of = dict(zip(districts["district_id"].astype(int), districts["social_area_id"].astype(int)))
    tables = protect_area_counts(matrix, parent_of, list(dict.fromkeys(int(s) for s in districts["social_area_id"])),
                                 settings.small_count_threshold, insiders=insiders, total=report.TOTAL)
    team_label = labels[team_id] if team_id is not None else None
    sa_rows, district_rows = report.suppressed_counts(
        tables, dict(zip(districts["social_area_id"], districts["social_area"])),
        dict(zip(districts["district_id"], districts["district"])), team_labels, team_label)
    if team_id is not None:
        active = active[active["team"] == team_id]
    months = []
    for period_end in month_ends(report.HISTORY_START, day):
        scope = cases
        if team_id is not None:
            scope = cases[report.attribute(cases, period_end, history, catchment_teams) == team_id]
        months.append(tuple(reference_flows(scope, period_end.replace(day=1), period_end).iloc[-1].tolist()[2:]))
    weights = dict(settings.case_weights)
    return {
        "active": len(active), "without_district": int(active["district_id"].isna().sum()),
        "plan": flows.integration_plan_coverage(active, day)[:2],
        "horizon": [tuple(r) for r in flows.eligibility_horizon(active, day).itertuples(index=False)],
        "overdue": flows.overdue_cases(active, day),
        "ages": [tuple(r) for r in flows.age_distribution(active, day).itertuples(index=False)],
        "history": months,
        "districts": [(r.key, r.counts) for r in district_rows],
        "social_areas": [(r.key, r.counts) for r in sa_rows],
        "points": {t: round(weighted_points(active.loc[active["team"] == t, "category"], weights), 2)
                   for t in set(active["team"]) if t is not None},
    }


def database_figures(session, settings, day: dt.date, team_code: str | None, team_id: int | None) -> dict:
    fig = report.caseload(session, settings, day, team=team_code)
    points = {t.team_id: w.points for t, w in zip(fig.teams, fig.weighted.teams) if w.cases}
    return {
        "active": fig.active_cases, "without_district": fig.without_district,
        "plan": (fig.plan.with_plan, fig.plan.active),
        "horizon": [(h.month, h.reaching_limit, h.reaching_extended_limit, h.total) for h in fig.horizon],
        "overdue": fig.overdue, "ages": [(a.band, a.count) for a in fig.ages],
        "history": [(m.active, m.inflow_case_transfer, m.inflow_direct, m.outflow_goal_reached, m.outflow_moved_away,
                     m.outflow_eligibility_ended, m.outflow_other) for m in fig.history],
        "districts": [(r.key, r.counts) for r in fig.districts],
        "social_areas": [(r.key, r.counts) for r in fig.social_areas],
        "points": points,
    }


def compare_all(session, settings, days) -> int:
    """Compares every day × (all teams, each team); returns how many hidden cells the pages showed."""
    teams = providers(session)
    hidden = 0
    for day in days:
        for code, team_id in [(None, None), *zip(teams["code"], teams["provider_id"])]:
            team_id = None if team_id is None else int(team_id)
            expected = pandas_reference(session, settings, day, team_id)
            got = database_figures(session, settings, day, code, team_id)
            if team_id is not None:  # the page's weighted table lists only the chosen team
                expected["points"] = {k: v for k, v in expected["points"].items() if k == team_id}
            assert got == expected, (day, code, [k for k in got if got[k] != expected[k]])
            hidden += sum(v == report.HIDDEN for _, counts in got["districts"] for v in counts.values())
        view = map_view(session, settings, day=day, metric="active_cases")
        table = {r[0]: r[1][report.TOTAL] for r in expected_tables(session, settings, day)}
        assert {a.area_id: a.active_cases for a in view.areas} == table  # the map shows the page's cells
    return hidden


def expected_tables(session, settings, day):
    return pandas_reference(session, settings, day, None)["districts"]


def test_database_counts_equal_the_pandas_reference_on_the_demo(demo_reading):
    session, settings = demo_reading
    assert compare_all(session, settings, DAYS[:3]) > 0  # small counts are hidden after the aggregation too


def synthetic_cases(session, seed: int = 18) -> int:
    """Replace the demo's cases by random ones plus edge cases around the Stichtage; returns how many."""
    rng = random.Random(seed)
    session.execute(delete(Case))
    districts = list(session.scalars(select(Area.id).where(Area.kind == AreaKind.district).order_by(Area.id)))
    teams = [int(t) for t in providers(session)["provider_id"]]
    rows = []

    def add(opened, closed=None, *, district="random", team="random", au=None, extended=False, origin=None):
        rows.append(Case(
            pseudonym=f"S{len(rows):05d}",
            district_id=rng.choice(districts[:6]) if district == "random" else district,
            team_id=rng.choice(teams) if team == "random" else team,
            origin=origin or rng.choice(list(CaseOrigin)), au_assigned_on=au or opened - dt.timedelta(days=rng.randrange(400)),
            opened_on=opened, closed_on=closed, closure_reason=rng.choice(REASONS) if closed else None,
            eligibility_extended=extended, has_integration_plan=rng.random() < 0.5,
            category=rng.choice(["einzeln", "familie", None])))

    for _ in range(300):  # few districts, so that many cells are small and hidden
        opened = dt.date(2022, 6, 1) + dt.timedelta(days=rng.randrange(1700))
        add(opened, opened + dt.timedelta(days=rng.randrange(0, 700)) if rng.random() < 0.5 else None)
    for day in DAYS:
        add(day)  # opened on the Stichtag: active
        add(day - dt.timedelta(days=30), day)  # closed on the Stichtag: no longer active
        add(day, day)  # opened and closed on the Stichtag
        add(day - dt.timedelta(days=3), district=None)  # no district, with a team
        add(day - dt.timedelta(days=3), district=None, team=None)  # neither district nor team
        add(day - dt.timedelta(days=5), team=None)  # no team: the catchment's team carries it, or nobody
        add(day - dt.timedelta(days=9), district=districts[-1], team=teams[1])  # catchment team, lone district
        au = day.replace(year=day.year - 3) if not (day.month == 2 and day.day == 29) else dt.date(day.year - 3, 2, 28)
        add(day - dt.timedelta(days=20), au=au)  # eligibility ends on the Stichtag: not yet overdue
        add(day - dt.timedelta(days=20), au=au - dt.timedelta(days=1))  # ended the day before: overdue
        add(day - dt.timedelta(days=20), au=day.replace(day=1).replace(year=day.year - 4), extended=True)
    add(dt.date(2024, 2, 29), au=dt.date(2024, 2, 29))
    session.add_all(rows)
    session.flush()
    return len(rows)


def test_database_counts_equal_the_pandas_reference_on_edge_cases(demo_reading):
    session, settings = demo_reading
    assert synthetic_cases(session) > 300
    assert compare_all(session, settings, DAYS) > 0
    session.rollback()
