"""Saved scenarios and reports never move a district whose count is hidden (issue 13, part 1)."""

import datetime as dt

import pytest

from dashboard.model.scenario_disclosure import hidden_districts
from dashboard.model.scenarios import (
    FORMAT,
    VERSION,
    ReassignDistrict,
    Scenario,
    ScenarioError,
    baseline_to_dict,
    changes_to_list,
)
from dashboard.pdf import ReportError, meeting_pack
from dashboard.services import scenarios as scenario_report
from data import scenarios as scenario_data
from data.db import make_session_factory, transaction
from data.schema import Scenario as ScenarioRow
from tests.helpers import DEMO_DAY, make_settings


@pytest.fixture
def setup(db, tmp_path, demo_url):
    settings = make_settings(tmp_path, demo_url)
    sessions = make_session_factory(db)
    with sessions() as session:
        base = scenario_report.baseline(session, settings, DEMO_DAY)
    return settings, sessions, base


def test_saving_a_move_of_a_hidden_district_is_refused(setup):
    settings, sessions, base = setup
    hidden = sorted(hidden_districts(base))
    assert "hn-frankenbach" in hidden
    scenario = Scenario("Frankenbach zur Stadt", base, (ReassignDistrict("hn-frankenbach", "stadt"),), "m.muster",
                        dt.datetime.now(dt.UTC).isoformat())
    with transaction(sessions) as session, pytest.raises(ScenarioError, match="Frankenbach: Die Fallzahl"):
        scenario_data.save(session, scenario, user="m.muster")
    with sessions() as session:
        assert scenario_data.listing(session) == []


def test_a_legacy_scenario_with_such_a_move_is_left_out_of_comparisons_and_reports(setup):
    settings, sessions, base = setup
    with transaction(sessions) as session:  # stored before the rule existed: bypasses data.scenarios.save
        row = ScenarioRow(name="alt", author="m.muster", baseline_date=base.as_of, baseline=baseline_to_dict(base),
                          changes={"format": FORMAT, "version": VERSION, "note": "",
                                   "changes": changes_to_list([ReassignDistrict("hn-frankenbach", "stadt")])})
        session.add(row)
        session.flush()
        legacy = row.id
    with sessions() as session:
        assert scenario_report.compared(session, [legacy]) == []
        with pytest.raises(ReportError, match="Stadtteil mit ausgeblendeter Fallzahl"):
            meeting_pack(session, settings, DEMO_DAY, scenario_ids=[legacy])
