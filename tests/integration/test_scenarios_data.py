"""Scenarios and the database: the baseline at a Stichtag agrees with the overview; a saved scenario
reopens identically after new data arrives; the CLI runs the same file format."""

import datetime as dt
import json

import pytest

from dashboard import services
from dashboard.cli import main
from dashboard.model.scenarios import MoveFte, Scenario, ScenarioError, run, scenario_to_dict
from dashboard.services import scenarios as report
from data import scenarios as scenario_data
from data.db import make_engine, make_session_factory, read_session, transaction
from data.schema import AuditEvent, Case, CaseOrigin
from tests.helpers import DEMO_DAY, make_settings


def test_baseline_now_equals_the_overview(demo_session, tmp_path, demo_sqlite_url):
    settings = make_settings(tmp_path, demo_sqlite_url)
    base = report.baseline(demo_session, settings, DEMO_DAY)
    overview = services.overview(demo_session, settings, DEMO_DAY)
    result = run(base)
    now = {t.name: (t.cases[0], t.fte[0], t.utilisation_pct[0]) for t in result.teams}
    expected = {t.team: (t.cases, t.fte, t.utilisation_pct) for t in overview.teams}
    assert now == expected
    assert sum(g.count for g in base.cases) == overview.im.cases
    assert base.closure_rate_pct > 0 and sum(f.per_month for f in base.inflows) > 0
    assert {f.provider for f in base.funds} == {"awo", "caritas", "diakonie"}


def test_saved_scenario_reopens_identically_after_new_data(demo_url, tmp_path):
    settings = make_settings(tmp_path, demo_url)
    sessions = make_session_factory(make_engine(demo_url))
    with read_session(sessions) as session:
        base = report.baseline(session, settings, DEMO_DAY)
    scenario = Scenario("Caritas +0,4", base, (MoveFte("stadt", "caritas", 0.4),))
    with transaction(sessions) as session:
        scenario_id = scenario_data.save(session, scenario, user="anna")
    before = scenario.run().to_dict()
    with transaction(sessions) as session:  # new data: 40 more active Caritas cases
        for i in range(40):
            session.add(Case(pseudonym=f"NEU-{i}", team_id=2, district_id=None, origin=CaseOrigin.direct,
                             au_assigned_on=dt.date(2026, 9, 1), opened_on=dt.date(2026, 11, 1)))
    with read_session(sessions) as session:
        again = scenario_data.load(session, scenario_id)
        fresh = report.baseline(session, settings, DEMO_DAY)
        listing = scenario_data.listing(session)
        events = session.query(AuditEvent).filter_by(action="scenario_saved").all()
    assert again.run().to_dict() == before
    assert scenario_to_dict(again)["baseline"] == scenario_to_dict(scenario)["baseline"]
    assert run(fresh).to_dict() != run(base).to_dict()  # the data did change
    assert listing[0]["name"] == "Caritas +0,4" and listing[0]["author"] == "anna" and listing[0]["changes"] == 1
    assert events[0].actor == "anna" and events[0].target == f"scenarios#{scenario_id}"
    with transaction(sessions) as session:
        assert scenario_data.delete(session, scenario_id, user="anna")
    with read_session(sessions) as session:
        assert scenario_data.load(session, scenario_id) is None


@pytest.mark.parametrize("name, words", [("", "Namen"), ("x" * 201, "Höchstens 200")])
def test_scenario_needs_a_name(name, words):
    with pytest.raises(ScenarioError) as caught:
        scenario_data.check_name(name)
    assert caught.value.field == "name" and words in str(caught.value)


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    return tmp_path


def test_cli_scenario_new_then_run(cli_env, capsys):
    assert main(["demo", "--date", "2026-11-22"]) == 0
    capsys.readouterr()
    assert main(["scenario", "new", "--name", "Test"]) == 0
    data = json.loads(capsys.readouterr().out)
    data["changes"] = [{"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": 0.4}]
    path = cli_env / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["scenario", "run", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    caritas = next(t for t in result["teams"] if t["code"] == "caritas")
    assert caritas["fte"][0] == pytest.approx(1.4)
    assert result["changes"] == ["0,4 VZÄ von Stadt zu Caritas"]
    assert main(["scenario", "run", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Szenario „Test“" in text and "Caritas" in text and "Mit diesem Szenario" in text


@pytest.mark.parametrize("content, words", [
    ("{kaputt", "kein gültiges JSON"),
    ("[]", "JSON-Objekt"),
    ('{"format": "im-cockpit-szenario", "version": 1, "name": "x", "baseline": {"as_of": "2026-11-22"}}',
     "baseline.money: Pflichtfeld fehlt"),
])
def test_cli_invalid_file_exits_2_naming_the_field(cli_env, capsys, content, words):
    path = cli_env / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["scenario", "run", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler in der Szenariodatei:") and words in err


def test_cli_missing_file(cli_env, capsys):
    assert main(["scenario", "run", str(cli_env / "fehlt.json")]) == 2
    assert "gibt es nicht" in capsys.readouterr().err


def test_baseline_carries_each_teams_history_and_the_page_says_which_rate_stands_in(demo_session, tmp_path,
                                                                                     demo_sqlite_url):
    base = report.baseline(demo_session, make_settings(tmp_path, demo_sqlite_url), DEMO_DAY)
    assert base.history is not None and base.history.last_month == dt.date(2026, 10, 1)
    awo = next(t for t in run(base).teams if t.code == "awo")
    assert awo.rate_source == "city" and awo.data_start == "2026-01-01"  # the demo's AWO cases start 01/2026
    assert "Anlaufmonate" in awo.notes[0] and awo.cases_low[-1] < awo.cases[-1] < awo.cases_high[-1]


def test_cli_scenario_backtest_in_german(tmp_path, monkeypatch, demo_sqlite_url, capsys):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", demo_sqlite_url)
    assert main(["scenario", "backtest", "--months", "12"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Backtest der Projektion: 12 Stichtage von ")
    assert "MAPE 3 Mon." in text and "Alle Teams" in text and "Stadt" in text
    assert " %" in text and "," in text  # de-DE: 2,2 %


@pytest.mark.parametrize("months_back", [1, 7, 23])
def test_a_past_baseline_from_the_backtest_s_single_read_equals_one_read_at_its_day(demo_session, months_back):
    """Issue 18: the backtest read every case 24 times (Land: 46 s); it now reads them once."""
    day = services.default_day(demo_session)
    as_of = dt.date(day.year, day.month, 1) - dt.timedelta(days=30 * months_back)
    every_case = scenario_data.every_case_of(demo_session, day)
    shared = scenario_data.build_baseline(demo_session, as_of, cases=every_case)
    alone = scenario_data.build_baseline(demo_session, as_of)
    assert shared == alone and shared.cases and shared.history == alone.history
