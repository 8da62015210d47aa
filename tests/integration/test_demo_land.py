"""The synthetic Land (`im-cockpit demo --scale land`) at a small, parameterised size: counts exactly
as the scale asks, every case where its Kreis' teams work, and the same rows on every run."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from dashboard.cli import main
from data import demo_land
from data.db import make_engine, make_session_factory, transaction
from data.demo_land import LAND_LABEL, LandScale, load_land_demo
from data.installation import clear
from data.schema import (
    Area,
    AreaKind,
    Case,
    Catchment,
    DatasetInfo,
    FundsEntry,
    FundsEntryKind,
    Position,
    Provider,
    VolunteerProject,
)

DAY = dt.date(2026, 11, 22)
# 3 Kreise with 20 districts; 13 teams = 5 + 4 + 4 (the remainder goes to the first Kreis)
SMALL = LandScale(kreise=3, districts=20, teams=13, active_cases=500, fte=Decimal("60"))


@pytest.fixture
def factory(backend_url):
    engine = make_engine(backend_url)
    yield make_session_factory(engine)
    engine.dispose()


def fingerprint(session) -> list[tuple]:
    """Every case by its pseudonym with district and team codes (ids differ between runs)."""
    district, team = aliased(Area), aliased(Provider)
    return session.execute(
        select(Case.pseudonym, district.code, team.code, Case.opened_on, Case.closed_on, Case.au_assigned_on,
               Case.household_size, Case.has_integration_plan)
        .join(district, Case.district_id == district.id).join(team, Case.team_id == team.id)
        .order_by(Case.pseudonym)).all()


def test_small_land_has_the_counts_the_scale_asks_for(factory):
    with transaction(factory) as session:
        load_land_demo(session, DAY, SMALL)
    with factory() as session:
        kinds = dict(session.execute(select(Area.kind, func.count()).group_by(Area.kind)).all())
        assert kinds == {AreaKind.city: 3, AreaKind.social_area: 9, AreaKind.district: 20}
        codes = set(session.scalars(select(Provider.code)))
        assert len(codes) == 13
        # the first Kreis keeps the plain Träger codes (the demo users of awo, caritas, diakonie)
        assert {"stadt", "caritas", "diakonie", "awo", "drk", "awo-k02", "stadt-k03"} <= codes
        assert session.scalar(select(func.sum(Position.planned_fte))) == Decimal("60")
        assert session.scalar(select(func.count()).where(Case.closed_on.is_(None))) == 500
        closed = session.scalar(select(func.count()).where(Case.closed_on.is_not(None)))
        assert 150 <= closed <= 450  # 0,6 per active case, ±30 % per district
        assert session.scalar(select(func.count()).select_from(VolunteerProject)) == 15  # round(20 × 0,76)
        # 15.000 € per Kreis and year, split among its catchment teams (4 in Kreis 1, 3 in the others)
        allocations = dict(session.execute(
            select(FundsEntry.year, func.sum(FundsEntry.amount))
            .where(FundsEntry.kind == FundsEntryKind.allocation).group_by(FundsEntry.year)).all())
        assert allocations == {2025: Decimal("45000.00"), 2026: Decimal("45000.00")}
        info = session.get(DatasetInfo, 1)
        assert info.label == f"{LAND_LABEL} (3 Kreise)" and info.label.startswith("Demodaten (synthetisch)")


def test_cases_are_active_or_closed_before_the_date_and_in_their_kreis(factory):
    with transaction(factory) as session:
        load_land_demo(session, DAY, SMALL)
    with factory() as session:
        for case in session.scalars(select(Case)):
            assert case.au_assigned_on < case.opened_on <= DAY
            if case.closed_on is None:  # still eligible: three years from the AU assignment
                assert dt.date(case.au_assigned_on.year + 3, case.au_assigned_on.month, 1) > DAY
            else:
                assert case.opened_on < case.closed_on < DAY and case.closure_reason is not None
            kreis = case.district.parent.parent.code  # bw-k02
            assert case.team.code in {"stadt", "caritas", "diakonie", "awo", "drk"} if kreis == "bw-k01" \
                else case.team.code.endswith(kreis.removeprefix("bw-"))
        # every district lies in exactly one catchment
        per_district = session.execute(select(Catchment.district_id, func.count()).group_by(Catchment.district_id)).all()
        assert len(per_district) == 20 and {n for _, n in per_district} == {1}


def test_same_scale_and_date_give_the_same_rows(factory):
    with transaction(factory) as session:
        load_land_demo(session, DAY, SMALL)
    with factory() as session:
        first = fingerprint(session)
    with transaction(factory) as session:
        clear(session)
        load_land_demo(session, DAY, SMALL)
    with factory() as session:
        assert fingerprint(session) == first and len(first) > 500


def test_needs_an_empty_database(factory):
    with transaction(factory) as session:
        load_land_demo(session, DAY, SMALL)
    with pytest.raises(RuntimeError, match="--reset"), transaction(factory) as session:
        load_land_demo(session, DAY, SMALL)


def test_a_scale_without_three_districts_per_kreis_is_refused():
    with pytest.raises(ValueError, match="mindestens drei Bezirke"):
        LandScale(kreise=10, districts=20)


def test_cli_demo_scale_land_loads_the_land_and_the_demo_users(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'land.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(demo_land, "LandScale", lambda: SMALL)
    assert main(["demo", "--scale", "land", "--date", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "Baden-Württemberg-Maßstab" in out and "caritas" in out
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).where(Case.closed_on.is_(None))) == 500
    engine.dispose()
