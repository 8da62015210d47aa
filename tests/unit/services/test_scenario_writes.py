"""Saving, copying and deleting saved scenarios: the role is checked first, in the caller's write
transaction, and a refusal writes nothing (role × action × author, without a database)."""

import datetime as dt

import pytest

from dashboard.auth.roles import PermissionDenied
from dashboard.model.figures.scenarios import Opened
from dashboard.model.scenario_forms import Sliders
from dashboard.model.scenarios import Baseline, MoveFte, Post, Scenario, ScenarioError, SetRatio, Team
from dashboard.services import scenarios as report
from data import scenarios as real_data

BASE = Baseline(as_of=dt.date(2026, 11, 22), teams=(Team("caritas", "Caritas"), Team("stadt", "Stadt", "city")),
                posts=(Post("p1", "caritas", "im", "land", 1.0), Post("p2", "stadt", "im", "land", 1.6)))
SAVED = Scenario("Caritas +0,4", BASE, (MoveFte("stadt", "caritas", 0.4),), author="gremium")
MOVE = {"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": 0.4}


class Data:
    """`data.scenarios` without a database: one saved scenario (Nr. 1), the writes recorded."""

    check_name = staticmethod(real_data.check_name)

    def __init__(self):
        self.writes = []

    def load(self, _session, scenario_id):
        return SAVED if scenario_id == 1 else None

    def save(self, _session, scenario, *, user):
        self.writes.append(("save", scenario, user))
        return 2

    def delete(self, _session, scenario_id, *, user):
        self.writes.append(("delete", scenario_id, user))
        return True


@pytest.fixture
def data(monkeypatch):
    fake = Data()
    monkeypatch.setattr(report, "scenario_data", fake)
    monkeypatch.setattr(report, "resolve", lambda _session, _settings, _ref: (BASE, Opened(None)))
    return fake


SAVE, COPY, DELETE = "save", "copy", "delete"


def act(action, role, user):
    if action == SAVE:
        return report.save(None, None, {"kind": "live", "day": "2026-11-22"}, [MOVE], Sliders(ratio=100), "Neu",
                           role=role, user=user).message
    return report.duplicate_or_delete(None, 1, delete=action == DELETE, role=role, user=user)


@pytest.mark.parametrize("action, role, user, expected", [
    (SAVE, "admin", "chefin", "Gespeichert als „Neu“ (Nr. 2)."),
    (SAVE, "steering", "gremium", "Gespeichert als „Neu“ (Nr. 2)."),
    (SAVE, "provider", "awo", report.REFUSED_SAVE),
    (SAVE, "viewer", "leser", report.REFUSED_SAVE),
    (SAVE, None, "anonym", report.REFUSED_SAVE),
    (COPY, "admin", "chefin", "Kopie gespeichert als „Kopie von Caritas +0,4“ (Nr. 2)."),
    (COPY, "steering", "andere", "Kopie gespeichert als „Kopie von Caritas +0,4“ (Nr. 2)."),
    (COPY, "viewer", "leser", report.REFUSED_SAVE),
    (COPY, "provider", "awo", report.REFUSED_SAVE),
    (DELETE, "admin", "chefin", "Szenario „Caritas +0,4“ gelöscht."),  # anyone's
    (DELETE, "steering", "gremium", "Szenario „Caritas +0,4“ gelöscht."),  # its author
    (DELETE, "steering", "andere", report.REFUSED_DELETE),  # someone else's
    (DELETE, "viewer", "gremium", report.REFUSED_SAVE),  # the author's name alone is no permission
    (DELETE, None, "gremium", report.REFUSED_SAVE),
])
def test_role_author_and_action(data, action, role, user, expected):
    refused = expected in (report.REFUSED_SAVE, report.REFUSED_DELETE)
    if refused:
        with pytest.raises(PermissionDenied, match=expected[:40]):
            act(action, role, user)
        assert data.writes == []  # nothing written
    else:
        assert act(action, role, user) == expected
        kind, what, who = data.writes[0]
        assert len(data.writes) == 1 and who == user and kind == ("delete" if action == DELETE else "save")


def test_save_writes_the_listed_changes_then_the_sliders(data):
    report.save(None, None, None, [MOVE], Sliders(ratio=100), " Neu ", role="steering", user="gremium")
    (_kind, scenario, _user), = data.writes
    assert scenario.changes == (MoveFte("stadt", "caritas", 0.4), SetRatio(100))
    assert scenario.name == "Neu" and scenario.author == "gremium" and scenario.baseline is BASE


def test_a_copy_keeps_the_frozen_baseline_and_the_changes(data):
    report.duplicate_or_delete(None, 1, delete=False, role="steering", user="andere")
    (_kind, copy, _user), = data.writes
    assert copy.baseline is SAVED.baseline and copy.changes == SAVED.changes and copy.author == "andere"


def test_a_gone_scenario_and_a_nameless_one(data):
    assert report.duplicate_or_delete(None, 9, delete=True, role="admin", user="chefin") is None
    with pytest.raises(ScenarioError):
        report.save(None, None, None, [], Sliders(), "", role="admin", user="chefin")
    assert data.writes == []
