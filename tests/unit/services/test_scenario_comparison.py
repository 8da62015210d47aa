"""Saved scenarios side by side: one row per figure, one column per scenario, German numbers; a team
or a year one scenario does not have shows "–"."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model.figures.scenarios import Compared, ScenarioFigures
from dashboard.model.scenarios import Baseline, CaseGroup, District, MoveFte, Post, Team, run
from dashboard.services.scenarios import comparison_rows, parse_ids

DAY = dt.date(2026, 11, 22)
BASE = Baseline(as_of=DAY, teams=(Team("caritas", "Caritas", uses_catchment=True), Team("stadt", "Stadt", "city", True)),
                posts=(Post("p1", "caritas", "im", "land", 3.0), Post("p2", "stadt", "im", "land", 2.0)),
                districts=(District("fb", "Frankenbach", "Sozialraum 2", "caritas"),),
                cases=(CaseGroup(None, "fb", dt.date(2026, 11, 1), True, 300),))
LATER = Baseline(as_of=dt.date(2028, 3, 31), teams=(Team("awo", "AWO"),), posts=(Post("p3", "awo", "im", "land", 0.5),),
                 cases=(CaseGroup("awo", None, dt.date(2028, 1, 1), True, 30),))


def item(name, base, changes=()):
    return Compared(None, name, "anna", None, base.as_of, ScenarioFigures.of(run(base, list(changes))))


def test_rows_per_figure_and_columns_per_scenario():
    rows = {r["figure"]: r for r in comparison_rows([item("A", BASE), item("B", BASE, [MoveFte("stadt", "caritas",
                                                                                                0.4)])])}
    assert rows["Stichtag der Ausgangslage"] == {"figure": "Stichtag der Ausgangslage", "s0": "22.11.2026",
                                                 "s1": "22.11.2026"}
    assert rows["Autor"]["s1"] == "anna"
    assert rows["Änderungen"] == {"figure": "Änderungen", "s0": "keine", "s1": "0,4 VZÄ von Stadt zu Caritas"}
    assert rows["Caritas: Auslastung am Stichtag"] == {"figure": "Caritas: Auslastung am Stichtag",
                                                       "s0": "111,1 %", "s1": "98,0 %"}  # 300 / 270, 300 / 306
    assert rows["Caritas: höchstens fehlende VZÄ"]["s1"] == "0,0"
    assert rows["Caritas: höchstens fehlende VZÄ"]["s0"] == "0,34"
    assert "Ohne Änderungen liegt das Team Caritas" in rows["Zusammenfassung"]["s0"]  # s0 has no changes
    assert list(rows)[-1] == "Zusammenfassung"


def test_a_team_or_a_year_the_other_does_not_have():
    rows = {r["figure"]: r for r in comparison_rows([item("A", BASE), item("B", LATER)])}
    assert rows["AWO: Auslastung am Stichtag"]["s0"] == "–"
    assert rows["Caritas: Auslastung 12/2029"]["s1"] == "–"
    assert rows["Finanzierungslücke 2026"]["s1"] == "–" and rows["Finanzierungslücke 2026"]["s0"].endswith("€")
    years = [f for f in rows if f.startswith("Finanzierungslücke")]
    assert years == [f"Finanzierungslücke {y}" for y in (2026, 2027, 2028, 2029)]
    gap = ScenarioFigures.of(run(LATER)).money_in(2029).funding_gap
    assert isinstance(gap, Decimal) and rows["Finanzierungslücke 2029"]["s1"].endswith("€")


def test_nothing_to_compare():
    assert comparison_rows([]) == []


@pytest.mark.parametrize("text, expected", [("1,2", [1, 2]), ("3, x ,4,5,6", [3, 4, 5]), ("", []), (None, [])])
def test_parse_ids(text, expected):
    assert parse_ids(text) == expected
