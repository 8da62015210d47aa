"""The demo dataset reproduces DOMAIN.md (Stellenplan, territory, catchment, volunteering, funds)."""

from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select

from data.demo import load_demo
from data.installation import ARGE_PLAN
from data.schema import (
    Area,
    AreaKind,
    Case,
    Catchment,
    FundsEntry,
    FundsEntryKind,
    PlanTotal,
    Position,
    Provider,
    SocialAreaProvider,
    VolunteerProject,
)
from tests.helpers import DEMO_DAY

STELLENPLAN = {
    # (Träger, programme, funding): planned VZÄ — DOMAIN.md §3
    ("awo", "im", "land"): Decimal("0.5"),
    ("awo", "volunteer_coordination", "city"): Decimal("0.4"),
    ("caritas", "im", "land"): Decimal("1.0"),
    ("caritas", "volunteer_coordination", "city"): Decimal("0.1"),
    ("caritas", "migration_counselling", "city"): Decimal("0.3"),
    ("caritas", "church_volunteer", "church"): Decimal("0.4"),
    ("diakonie", "volunteer_coordination", "city"): Decimal("0.2"),
    ("diakonie", "migration_counselling", "city"): Decimal("0.2"),
    ("diakonie", "church_volunteer", "church"): Decimal("0.2"),
    ("diakonie", "im", "land"): Decimal("0.5"),
}


def test_stellenplan_exactly_as_in_the_concept(demo_session):
    rows = demo_session.execute(
        select(Provider.code, Position.programme, Position.funding, Position.planned_fte,
               Position.planned_is_upper_bound, Position.funded_until, Position.label)
        .join(Provider).where(Position.plan == ARGE_PLAN)
    ).all()
    plan = {(r[0], r[1].value, r[2].value): r[3] for r in rows}
    assert plan == STELLENPLAN
    church = {r.label: (r.planned_is_upper_bound, r.funded_until.isoformat()) for r in rows if r.label}
    assert church == {"CaDiFa": (True, "2027-12-31"), "KiDiFlü": (True, "2026-12-31")}


def test_stated_totals_keep_the_concepts_inconsistency(demo_session):
    stated = {(t.scope, t.scope_code): t.stated_fte for t in demo_session.scalars(select(PlanTotal))}
    assert stated[("provider", "diakonie")] == Decimal("0.4")
    assert stated[("programme", "im")] == Decimal("1.5")
    parts_diakonie = sum(v for (p, _, f), v in STELLENPLAN.items() if p == "diakonie" and f != "church")
    parts_im = sum(v for (_, prog, _), v in STELLENPLAN.items() if prog == "im")
    assert (parts_diakonie, parts_im) == (Decimal("0.9"), Decimal("2.0"))  # the concept contradicts itself


def test_25_districts_in_3_social_areas_with_their_trager(demo_session):
    social_areas = demo_session.scalars(select(Area).where(Area.kind == AreaKind.social_area)).all()
    assert sorted(sa.name for sa in social_areas) == ["Sozialraum 1", "Sozialraum 2", "Sozialraum 3"]
    sizes = {sa.name: len(sa.children) for sa in social_areas}
    assert sizes == {"Sozialraum 1": 9, "Sozialraum 2": 8, "Sozialraum 3": 8}
    owners = {r.social_area.name: r.provider.short_name for r in demo_session.scalars(select(SocialAreaProvider))}
    assert owners == {"Sozialraum 1": "AWO", "Sozialraum 2": "Caritas", "Sozialraum 3": "Diakonie"}
    municipalities = demo_session.scalar(select(func.count()).where(Area.kind == AreaKind.municipality))
    assert municipalities == 46 + 35  # Landkreis Heilbronn and the second demo Kreis, Lörrach


def test_caritas_catchment_from_2026(demo_session):
    rows = demo_session.execute(
        select(Area.name).join(Catchment, Catchment.district_id == Area.id).join(Provider)
        .where(Provider.code == "caritas", Catchment.valid_to.is_(None))
    ).scalars().all()
    assert sorted(rows) == sorted(["Frankenbach", "Böckingen-Kreuzgrund", "Böckingen-Schanz",
                                   "Alt-Böckingen", "Böckingen-West", "Kirchhausen"])


def test_volunteer_projects_by_topic(demo_session):
    projects = demo_session.scalars(select(VolunteerProject)).all()
    assert len(projects) == 19
    assert Counter(p.topic.value for p in projects) == {
        "labour_market": 3, "housing": 1, "forms": 3, "social_participation": 3, "language": 3,
        "debt_prevention": 1, "homework": 3, "childcare": 1, "bicycle_workshop": 1,
    }
    assert sum(p.volunteers for p in projects) == 150
    names = {p.name for p in projects}
    assert {"Café Brücke Zukunft", "Treffpunkt Deutsch", "Fahrradwerkstatt"} <= names


def test_project_funds_in_thirds_with_one_referenced_transfer(demo_session):
    year = DEMO_DAY.year
    allocations = demo_session.scalars(select(FundsEntry.amount).where(
        FundsEntry.year == year, FundsEntry.kind == FundsEntryKind.allocation)).all()
    assert sorted(allocations) == [Decimal("5000.00")] * 3
    transfers = demo_session.scalars(select(FundsEntry).where(
        FundsEntry.year == year, FundsEntry.kind == FundsEntryKind.transfer)).all()
    assert len(transfers) == 1
    assert transfers[0].decision_date is not None
    assert transfers[0].decision_ref.startswith("Koordinierungskreis vom ")


def test_about_300_external_cases_inside_the_eligibility_window(demo_session):
    active = demo_session.scalars(select(Case).where(
        Case.opened_on <= DEMO_DAY, (Case.closed_on.is_(None)) | (Case.closed_on > DEMO_DAY))).all()
    external = [c for c in active if c.team.code in ("stadt", "caritas")]
    assert 270 <= len(external) <= 330
    for case in active:
        years = 4 if case.eligibility_extended else 3
        limit = case.au_assigned_on.replace(year=case.au_assigned_on.year + years)
        assert limit >= DEMO_DAY, case.pseudonym
    near_expiry = [c for c in active
                   if (c.au_assigned_on.replace(year=c.au_assigned_on.year + 3) - DEMO_DAY).days < 90]
    assert near_expiry, "some cases must be close to the 3-year limit"
    assert min(c.opened_on for c in demo_session.scalars(select(Case))).year == 2023
    # pseudonyms only: nothing that looks like a name
    assert all(c.pseudonym.startswith("HN-") for c in active)


def test_demo_is_deterministic(tmp_path):
    from data.db import make_engine
    from tests.helpers import build_demo_db

    counts = []
    for n in range(2):
        url = f"sqlite:///{tmp_path / f'd{n}.sqlite3'}"
        build_demo_db(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            counts.append(conn.execute(select(func.count(), func.sum(Case.household_size))
                                       .select_from(Case)).one())
        engine.dispose()
    assert counts[0] == counts[1]


def test_demo_refuses_a_filled_database(demo_session):
    import pytest

    with pytest.raises(RuntimeError, match="bereits Daten"):
        load_demo(demo_session, DEMO_DAY)
