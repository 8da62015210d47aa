"""The Fallzahlen count tables at Land scale: one column listing each row's teams instead of 180 columns."""

from __future__ import annotations

from dash import html

from dashboard.model.figures.caseload import AreaCounts
from layouts.caseload import MAX_TEAM_COLUMNS, TEAMS_COLUMN, _count_table
from layouts.paging import LazyRows


def _texts(component, kind) -> list:
    found = [component.children] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += _texts(child, kind)
    return found


def _rows(n_rows: int, teams: list[str]) -> list[AreaCounts]:
    rows = []
    for i in range(n_rows):
        own = {teams[i % len(teams)]: 10 + i, teams[(i + 1) % len(teams)]: "<5"}
        counts = {t: own.get(t, 0) for t in teams}
        counts["Gesamt"] = "<5" if i == 0 else 12 + i
        rows.append(AreaCounts(key=i, label=f"Gemeinde {i}", counts=counts))
    return rows


def test_few_teams_keep_a_column_each():
    teams = [f"Team {i}" for i in range(MAX_TEAM_COLUMNS)]
    table = _count_table(_rows(3, teams), teams, "Bezirk", "t", {}, "districts")
    assert _texts(table, html.Th)[:3] == ["Bezirk", "Team 0", "Team 1"]
    assert len(_texts(table, html.Th)) == MAX_TEAM_COLUMNS + 2


def test_many_teams_list_only_each_rows_own_teams_and_format_only_the_shown_page():
    teams = [f"Team {i}" for i in range(MAX_TEAM_COLUMNS + 1)]
    table = _count_table(_rows(120, teams), teams, "Bezirk", "t", {"seite-districts": "2"}, "districts")
    assert _texts(table, html.Th) == ["Bezirk", TEAMS_COLUMN, "Gesamt"]
    cells = _texts(table, html.Td)
    assert cells[:3] == ["Gemeinde 50", "Team 11 60 · Team 12 <5", "62"]  # row 51 of 120 starts page 2
    assert len(cells) == 50 * 3


def test_lazy_rows_render_only_what_is_taken():
    rendered = []
    rows = LazyRows(list(range(1000)), lambda i: rendered.append(i) or [str(i)])
    assert len(rows) == 1000
    assert rows[50:52] == [["50"], ["51"]]
    assert rendered == [50, 51]
