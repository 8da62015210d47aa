"""Every overview figure agrees with a hand calculation straight from the database (both backends)."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import text

from dashboard import services
from data.db import make_engine, make_session_factory
from tests.helpers import DEMO_DAY, make_settings


def by_hand(conn, day):
    """Independent SQL: active IM cases per effective team and filled IM VZÄ per team."""
    active = conn.execute(text("""
        SELECT c.id, c.team_id, c.district_id, p.uses_catchment FROM cases c
        LEFT JOIN providers p ON p.id = c.team_id
        WHERE c.opened_on <= :d AND (c.closed_on IS NULL OR c.closed_on > :d)"""), {"d": day}).all()
    catchment = dict(conn.execute(text("""
        SELECT district_id, provider_id FROM catchments
        WHERE valid_from <= :d AND (valid_to IS NULL OR valid_to >= :d)"""), {"d": day}).all())
    per_team = {}
    for _id, team, district, uses_catchment in active:
        owner = catchment.get(district, team) if uses_catchment else team
        per_team[owner] = per_team.get(owner, 0) + 1
    fte = dict(conn.execute(text("""
        SELECT provider_id, SUM(filled_fte) FROM positions WHERE programme = 'im'
        AND valid_from <= :d AND (valid_to IS NULL OR valid_to >= :d) GROUP BY provider_id"""),
        {"d": day}).all())
    return len(active), per_team, {k: float(v) for k, v in fte.items()}


def test_overview_equals_hand_calculation(demo_url, tmp_path):
    settings = make_settings(tmp_path, demo_url)
    engine = make_engine(demo_url)
    for day in (DEMO_DAY, dt.date(2026, 3, 1), dt.date(2025, 6, 30)):
        with engine.connect() as conn:
            total, per_team, fte = by_hand(conn, day)
        with make_session_factory(engine)() as session:
            fig = services.overview(session, settings, day)
        assert fig.im.cases == total
        assert {t.team_id: t.cases for t in fig.teams} == {k: v for k, v in per_team.items()}
        assert {t.team_id: t.fte for t in fig.teams} == {k: fte.get(k, 0.0) for k in per_team}
        total_fte = sum(fte.values())
        assert fig.im.capacity == round(total_fte * 90, 2)
        assert fig.im.utilisation_pct == round(100 * total / (total_fte * 90), 2)
        for team in fig.teams:
            expected = 100 * team.cases / (team.fte * 90)
            assert team.utilisation_pct == round(expected, 2)
    engine.dispose()


def test_funds_and_volunteering_equal_hand_calculation(demo_url, tmp_path):
    settings = make_settings(tmp_path, demo_url)
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT kind, amount FROM funds_entries WHERE year = 2026")).all()
        volunteers = conn.execute(text("SELECT SUM(volunteers), COUNT(*) FROM volunteer_projects")).one()
    allocated = sum(Decimal(str(a)) for k, a in rows if k == "allocation")
    spent = sum(Decimal(str(a)) for k, a in rows if k == "expense")
    with make_session_factory(engine)() as session:
        fig = services.overview(session, settings, DEMO_DAY)
    engine.dispose()
    # transfers move money between Träger and cancel out in the total
    assert fig.funds.remaining == allocated - spent
    assert fig.funds.allocated == Decimal("15000.00")
    by = {r.code: r for r in fig.funds.by_provider}
    assert by["diakonie"].transferred_out == by["awo"].transferred_in == Decimal("800.00")
    assert (fig.volunteering.volunteers, fig.volunteering.projects) == (volunteers[0], volunteers[1])


def test_cases_without_team_and_team_without_posts_are_shown(demo_url, tmp_path):
    settings = make_settings(tmp_path, demo_url)
    engine = make_engine(demo_url)
    with engine.begin() as conn:
        conn.execute(text("""INSERT INTO cases (pseudonym, district_id, team_id, origin, au_assigned_on,
            opened_on, eligibility_extended, has_integration_plan, household_size, updated_by)
            VALUES ('X-1', NULL, NULL, 'direct', '2026-01-01', '2026-02-01', false, false, 1, 't')"""))
        conn.execute(text("UPDATE positions SET filled_fte = 0 WHERE programme = 'im' AND provider_id = "
                          "(SELECT id FROM providers WHERE code = 'awo')"))
    with make_session_factory(engine)() as session:
        fig = services.overview(session, settings, DEMO_DAY)
    engine.dispose()
    teams = {t.team: t for t in fig.teams}
    assert teams["ohne Zuständigkeit"].cases == 1
    assert teams["ohne Zuständigkeit"].status == "no_capacity"
    assert teams["AWO"].status == "no_capacity" and teams["AWO"].utilisation_pct is None
