"""The Landkreis imports end to end on both backends: survey counts, the Kreis' Land funds and the
Gemeinden's decisions — preview, all or nothing, German problems, re-import changes nothing, no Träger
may import them, and the figures follow."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from dashboard.model.vocabulary import ImMode
from dashboard.services.county import county_figures
from data.db import make_engine, make_session_factory, read_session
from data.schema import CountyFunds, ImArrangement, TargetGroupCount
from tests.helpers import import_text, row_count

SURVEY = ("Gemeinde;Zuweisungsmonat;Personen\r\n"
          "8125074;03.2023;4\r\n"         # Nordheim, the AGS without its leading zero (as Excel writes it)
          "Cleebronn;2023-11;2\r\n"
          "08125013;15.06.2023;5\r\n")   # a date counts for its month


def test_survey_counts_import_after_a_clean_preview_and_move_next_year(sessions, demo_settings):
    before = row_count(sessions, TargetGroupCount)
    preview = import_text(sessions, SURVEY, "erhebung.csv", commit=False)
    assert preview.kind == "target_group_counts" and not preview.problems
    assert row_count(sessions, TargetGroupCount) == before  # a preview writes nothing
    with read_session(sessions) as session:
        old = county_figures(session, demo_settings).row("08125074").next_persons
    report = import_text(sessions, SURVEY, "erhebung.csv")
    assert not report.problems
    with read_session(sessions) as session:
        nordheim = session.scalar(select(TargetGroupCount).where(TargetGroupCount.month == dt.date(2023, 3, 1),
                                                                 TargetGroupCount.municipality.has(ags="08125074")))
        fig = county_figures(session, demo_settings)
    assert nordheim.persons == 4  # the demo's March 2023 count was replaced by the survey's
    assert fig.row("08125074").persons == 46  # 2025's window (2020–2022) is untouched
    assert fig.row("08125074").next_persons != old
    again = import_text(sessions, SURVEY, "erhebung.csv")
    assert not again.problems and all(r.status == "unchanged" for r in again.rows)


def test_a_file_with_one_bad_row_writes_nothing_and_says_why_in_german(sessions):
    before = row_count(sessions, TargetGroupCount)
    report = import_text(sessions, "Gemeinde;Zuweisungsmonat;Personen\n08125074;03.2023;4\nEntenhausen;13.2023;-1\n",
                   "erhebung.csv")
    messages = [f"{p.column}: {p.message} {p.fix}" for p in report.problems]
    assert any(m.startswith("Gemeinde: ist keine bekannte Gemeinde.") and "8 Ziffern" in m for m in messages)
    assert any(m.startswith("Zuweisungsmonat: ist kein gültiges Datum") for m in messages)
    assert any(m.startswith("Personen: liegt nicht zwischen 0 und 100000") for m in messages)
    assert all(p.row == 3 for p in report.problems)
    assert row_count(sessions, TargetGroupCount) == before


def test_county_funds_for_next_year_replace_the_assumption(sessions, demo_settings):
    report = import_text(sessions, "Landkreis;Jahr;Betrag;Vermerk\nLandkreis Heilbronn;2026;1.200.000,00;Bescheid\n",
                   "mittel.csv")
    assert report.kind == "county_funds" and not report.problems
    with read_session(sessions) as session:
        fig = county_figures(session, demo_settings, year=2025)
        knob = county_figures(session, demo_settings, year=2025, funds_pct=30)
    assert not fig.next_funds_assumed and fig.next_allocation.funds == Decimal("1200000.00")
    assert knob.next_allocation.funds == Decimal("1560000.00")  # the knob works on the recorded amount too
    changed = import_text(sessions, "Landkreis;Jahr;Betrag\nLandkreis Heilbronn;2025;1.500.000,00\n", "mittel.csv")
    assert [r.status for r in changed.rows] == ["updated"]
    assert changed.rows[0].changes[0] == "Betrag: 1499911 → 1500000"


def test_a_gemeinde_decision_takes_effect_from_its_date(sessions, demo_settings):
    report = import_text(sessions, "Gemeinde;Gültig ab;Form;Träger;Beschluss\n"
                             "Nordheim;01.01.2026;B;Diakonie;Gemeinderat vom 20.10.2025\n", "entscheidungen.csv")
    assert report.kind == "im_arrangements" and not report.problems
    with read_session(sessions) as session:
        in_2025 = county_figures(session, demo_settings, year=2025).row("08125074")
        rows = session.scalars(select(ImArrangement).where(ImArrangement.municipality.has(ags="08125074"))).all()
    assert in_2025.mode is ImMode.county  # the allocation year 2025 still shows the Landkreis
    assert sorted((r.valid_from, r.mode, r.provider_name) for r in rows)[-1] == (
        dt.date(2026, 1, 1), ImMode.own_provider, "Diakonie")


@pytest.mark.parametrize(("text", "name"), [
    (SURVEY, "erhebung.csv"),
    ("Landkreis;Jahr;Betrag\nLandkreis Heilbronn;2026;1,00\n", "mittel.csv"),
    ("Gemeinde;Gültig ab;Form\nNordheim;01.01.2026;A\n", "entscheidungen.csv"),
])
def test_no_traeger_may_import_the_landkreis_data(sessions, text, name):
    before = [row_count(sessions, m) for m in (TargetGroupCount, CountyFunds, ImArrangement)]
    report = import_text(sessions, text, name, scope="awo")
    assert report.problems and all("importiert nur die Administration" in p.message for p in report.problems)
    assert [row_count(sessions, m) for m in (TargetGroupCount, CountyFunds, ImArrangement)] == before


def test_a_traeger_token_cannot_write_landkreis_data_through_the_api(tmp_path, demo_url):
    from dashboard.app import create_app
    from data import tokens
    from data.db import transaction
    from tests.helpers import make_settings

    app = create_app(make_settings(tmp_path, demo_url))
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        _, token = tokens.create(session, provider_code="awo", name="AWO", actor="chefin")
    before = row_count(sessions, TargetGroupCount)
    response = app.server.test_client().post(
        "/api/v1/target-group-counts", json={"rows": [{"Gemeinde": "08125074", "Zuweisungsmonat": "03.2023",
                                                       "Personen": 4}]},
        headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert "importiert die Administration" in response.get_json()["error"]
    assert row_count(sessions, TargetGroupCount) == before
    engine.dispose()
