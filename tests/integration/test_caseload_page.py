"""Caseload page: figures equal a hand count, suppression holds in the callback JSON, filters work."""

import json
import re

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.services.caseload import HIDDEN, caseload
from data.db import make_engine, make_session_factory
from tests.helpers import DEMO_DAY, find_component, fire, fire_download, make_settings, texts


def test_district_counts_equal_hand_count(demo_url, tmp_path):
    settings = make_settings(tmp_path, demo_url)
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        hand = dict(conn.execute(text("""
            SELECT a.name, COUNT(*) FROM cases c JOIN areas a ON a.id = c.district_id
            WHERE c.opened_on <= :d AND (c.closed_on IS NULL OR c.closed_on > :d) GROUP BY a.name"""),
            {"d": DEMO_DAY}).all())
    with make_session_factory(engine)() as session:
        fig = caseload(session, settings, DEMO_DAY)
    engine.dispose()
    for row in fig.districts:
        shown = row.counts["Gesamt"]
        if shown == HIDDEN:
            continue
        assert shown == hand.get(row.label, 0), row.label
    assert fig.active_cases == sum(hand.values())
    assert sum(r.counts["Gesamt"] for r in fig.social_areas if r.counts["Gesamt"] != HIDDEN) <= fig.active_cases
    # monthly history ends with the Stichtag's active count
    assert fig.history[-1].active == fig.active_cases
    assert fig.plan.active == fig.active_cases


def test_suppression_small_counts_never_visible_and_no_lone_hidden_cell(demo_sqlite_url, tmp_path, demo_session):
    settings = make_settings(tmp_path, demo_sqlite_url)
    fig = caseload(demo_session, settings, DEMO_DAY)
    for table in ("districts", "social_areas"):
        rows = getattr(fig, table)
        columns = list(rows[0].counts)
        for row in rows:
            values = list(row.counts.values())
            assert not any(isinstance(v, int) and 1 <= v < 5 for v in values), row
            assert sum(v == HIDDEN for v in values) != 1, row
        for column in columns:
            hidden = sum(r.counts[column] == HIDDEN for r in rows)
            assert hidden != 1, (table, column)
    assert any(HIDDEN in r.counts.values() for r in fig.districts), "demo must exercise suppression"
    # across the two tables: a Sozialraum's cell equals the sum of its districts' cells
    with demo_session.bind.connect() as conn:
        parent_of = dict(conn.execute(text("SELECT id, parent_id FROM areas WHERE kind = 'district'")).all())
    for sa in fig.social_areas:
        members = [r for r in fig.districts if parent_of[r.key] == sa.key]
        for column, value in sa.counts.items():
            hidden = (value == HIDDEN) + sum(r.counts[column] == HIDDEN for r in members)
            assert hidden != 1, (sa.label, column)


def test_callback_json_carries_no_small_counts(demo_settings):
    client = create_app(demo_settings).server.test_client()
    response = fire(client, "caseload-content", {"caseload-location.search": "?stichtag=2026-11-22", "caseload-location.pathname": "/fallzahlen"},
                    changed="caseload-location.search")
    payload = json.dumps(response["caseload-content"])
    tree = response["caseload-content"]["children"]
    district_table = find_component(tree, "caseload-district-table")
    cells = [t for t in texts(district_table) if re.fullmatch(r"\d+", t)]
    assert not any(1 <= int(c) < 5 for c in cells)
    assert HIDDEN in texts(district_table)
    # the hidden values are not anywhere in the component JSON either (e.g. as a tooltip or data prop)
    assert '"title": "1"' not in payload


def test_filters_and_bad_filter_message(demo_settings):
    client = create_app(demo_settings).server.test_client()
    response = fire(client, "caseload-content",
                    {"caseload-location.search": "?stichtag=2026-11-22&team=caritas&sozialraum=hn-sr3", "caseload-location.pathname": "/fallzahlen"},
                    changed="caseload-location.search")
    shown = texts(response["caseload-content"]["children"])
    assert "Caritas" in shown and "AWO" not in shown
    bad = fire(client, "caseload-content", {"caseload-location.search": "?team=niemand&basis=egal", "caseload-location.pathname": "/fallzahlen"},
               changed="caseload-location.search")
    message = " ".join(texts(bad["caseload-message"]["children"]))
    assert "„niemand“" in message and "„egal“" in message


@pytest.mark.parametrize("table", ["districts", "social_areas"])
def test_area_downloads_are_suppressed(demo_settings, table):
    import base64

    client = create_app(demo_settings).server.test_client()
    data = fire_download(client, "caseload", table, "csv", search="?stichtag=2026-11-22")
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    for line in lines[1:]:
        for cell in line.split(";")[1:]:
            assert not (cell.isdigit() and 1 <= int(cell) < 5), line


def test_kpis_json_includes_caseload(tmp_path, monkeypatch, capsys, demo_sqlite_url):
    from dashboard.cli import main

    monkeypatch.setenv("DATABASE_URL", demo_sqlite_url)
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    assert main(["kpis", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert len(figures["caseload"]["districts"]) == 25
    assert figures["caseload"]["history"][0]["month"] == "2023-01-01"


def test_new_data_reaches_the_open_page(demo_url, tmp_path):
    """Live: a write bumps the revision, the page's poll notices it, the redraw shows the new case."""
    from data.db import transaction
    from data.revision import bump_revision
    from data.schema import Case, Provider

    client = create_app(make_settings(tmp_path, demo_url)).server.test_client()
    page = {"caseload-location.search": "?stichtag=2026-11-22", "caseload-location.pathname": "/fallzahlen"}
    first = fire(client, "caseload-content", page, changed="caseload-location.search")
    revision = first["caseload-revision"]["data"]
    assert fire(client, "caseload-revision", {"caseload-refresh.n_intervals": 1,
                                              "caseload-revision.data": revision}) == {}  # nothing new: no redraw

    engine = make_engine(demo_url)
    with transaction(make_session_factory(engine)) as session:
        caritas = session.query(Provider).filter_by(code="caritas").one()
        session.add(Case(pseudonym="LIVE-0001", team_id=caritas.id, au_assigned_on=DEMO_DAY,
                         opened_on=DEMO_DAY, updated_by="test"))
        bump_revision(session)
    engine.dispose()

    polled = fire(client, "caseload-revision", {"caseload-refresh.n_intervals": 2, "caseload-revision.data": revision})
    assert polled["caseload-revision"]["data"] == revision + 1
    redrawn = fire(client, "caseload-content", {**page, "caseload-revision.data": revision + 1},
                   changed="caseload-revision.data")

    def kpi(response):
        return texts(find_component(response["caseload-content"]["children"], "caseload-kpi-cases"))

    assert kpi(first) != kpi(redrawn)
    assert any(t == "391" for t in kpi(redrawn)), kpi(redrawn)


def test_weighted_caseload_equals_a_hand_count_and_is_shown(demo_sqlite_url, tmp_path, demo_session):
    weights = (("einzeln", 0.8), ("grossfamilie", 1.5))
    settings = make_settings(tmp_path, demo_sqlite_url, case_weights=weights, points_per_fte=100.0)
    fig = caseload(demo_session, settings, DEMO_DAY)
    plain = caseload(demo_session, make_settings(tmp_path, demo_sqlite_url), DEMO_DAY)
    assert not plain.weighted.enabled
    assert [r.points for r in plain.weighted.teams] == [t.cases for t in plain.teams]
    with demo_session.bind.connect() as conn:
        by_team = conn.execute(text("""
            SELECT p.short_name, c.category, COUNT(*) FROM cases c JOIN providers p ON p.id = c.team_id
            WHERE c.opened_on <= :d AND (c.closed_on IS NULL OR c.closed_on > :d)
            GROUP BY p.short_name, c.category"""), {"d": DEMO_DAY}).all()
    hand: dict[str, float] = {}
    for team, category, n in by_team:
        hand[team] = hand.get(team, 0.0) + n * dict(weights).get(category, 1.0)
    rows = {r.team: r for r in fig.weighted.teams}
    for team in fig.teams:
        row = rows[team.team]
        assert row.cases == team.cases
        assert row.capacity == round(team.fte * 100, 2)
        if team.team in hand and team.cases == sum(n for t, _, n in by_team if t == team.team):
            assert row.points == round(hand[team.team], 2), team.team
    assert sum(r.points for r in rows.values()) != sum(r.cases for r in rows.values())  # weights act

    client = create_app(settings).server.test_client()
    response = fire(client, "caseload-content", {"caseload-location.search": "?stichtag=2026-11-22",
                                                 "caseload-location.pathname": "/fallzahlen"},
                    changed="caseload-location.search")
    table = texts(find_component(response["caseload-content"]["children"], "caseload-weighted-table"))
    assert "Punktebudget (100,0 je VZÄ)" in table
