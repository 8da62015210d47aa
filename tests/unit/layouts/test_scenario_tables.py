"""The Szenarien result tables at Land scale: 50 teams (or Träger) a page, the pager moves on, the
assumption notes belong to the teams shown (layouts.scenarios, layouts.scenario_outlook)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model.scenarios import Baseline, CaseGroup, FundsState, Post, Team
from dashboard.services import scenarios as report
from layouts import ids
from layouts import scenario_outlook as outlook
from layouts import scenarios as page
from layouts.paging import PAGE_SIZE
from tests.helpers import texts

DAY = dt.date(2026, 11, 22)
TEAMS = 120


@pytest.fixture(scope="module")
def fig():
    teams = tuple(Team(f"t{i:03}", f"Team {i:03}") for i in range(TEAMS))
    posts = tuple(Post(f"p{i}", t.code, "im", "land", 1.0) for i, t in enumerate(teams))
    cases = tuple(CaseGroup(t.code, None, dt.date(2026, 1, 1), False, 40 + i) for i, t in enumerate(teams))
    funds = tuple(FundsState(t.code, Decimal("10000"), Decimal(i)) for i, t in enumerate(teams))
    base = Baseline(as_of=DAY, teams=teams, posts=posts, districts=(), cases=cases, funds=funds)
    return report.figures(base, [])


def _rows(component, table_id):
    """The body rows (as texts) of the table `table_id` inside a rendered component."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == table_id:
                body = props["children"][1]["props"]["children"]
                found.extend(texts(row) for row in body)
                return
            walk(props.get("children"))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)

    walk(component.to_plotly_json() if hasattr(component, "to_plotly_json") else component)
    return found


def _plain(component):
    import json

    import plotly
    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def test_the_team_table_shows_the_first_fifty_and_says_how_many_there_are(fig):
    card = _plain(page.team_table(fig))
    rows = _rows(card, "scen-teams")
    assert [r[0] for r in rows] == [f"Team {i:03}" for i in range(PAGE_SIZE)]
    words = " ".join(texts(card))
    assert f"Teams 1–50 von {TEAMS}." in words and "Download" not in words
    assert "Seite 1 von 3" in words


def test_the_last_page_holds_the_rest_and_a_wrong_page_shows_the_first(fig):
    last = _rows(_plain(page.team_table(fig, page.page_query({"teams": 3}))), "scen-teams")
    assert [r[0] for r in last] == [f"Team {i:03}" for i in range(100, TEAMS)]
    assert last[-1][1] == str(40 + TEAMS - 1)  # the team's own cases, not another's
    wrong = _rows(_plain(page.team_table(fig, page.page_query({"teams": 9}))), "scen-teams")
    assert wrong[0][0] == "Team 000"


def test_each_table_keeps_its_own_page(fig):
    query = page.page_query({"traeger": 2})
    assert _rows(_plain(page.team_table(fig, query)), "scen-teams")[0][0] == "Team 000"
    assert _rows(_plain(page.funds_table(fig, query)), "scen-funds")[0][0] == "Team 050"


def test_the_assumption_notes_name_only_the_teams_on_the_page(fig):
    second = _plain(outlook.assumptions_table(fig, 0.0, page.page_query({"annahmen": 2})))
    shown = {r[0] for r in _rows(second, "scen-assumptions-table")}
    assert shown == {f"Team {i:03}" for i in range(50, 100)}
    noted = {t.name for t in fig.scenario.teams if t.notes}
    words = " ".join(texts(second))
    named = {name for name in noted if f"{name}:" in words}
    assert noted & shown and named == noted & shown  # the notes of the teams shown, of no other


def test_a_page_button_turns_only_its_own_table(monkeypatch):
    from callbacks import scenarios as callbacks

    button = {"type": ids.TABLE_PAGE_BUTTON, "page": page.PAGE, "table": "teams", "button": "next", "to": 2}
    monkeypatch.setattr(callbacks.dash_ctx.__class__, "triggered_id", property(lambda _self: button))
    assert callbacks.turn_result_page(None, [None, 1], {"annahmen": 3}) == {"annahmen": 3, "teams": 2}


def test_a_forged_page_button_is_a_bad_request(monkeypatch):
    from callbacks import scenarios as callbacks
    from dashboard.request_guard import InvalidRequest

    button = {"type": ids.TABLE_PAGE_BUTTON, "page": page.PAGE, "table": "teams", "button": "next", "to": "x"}
    monkeypatch.setattr(callbacks.dash_ctx.__class__, "triggered_id", property(lambda _self: button))
    with pytest.raises(InvalidRequest, match="Tabellenseite gibt es nicht"):
        callbacks.turn_result_page(None, [1], {})
