"""Caseload page: figures equal a hand count, suppression holds in the callback JSON, filters work."""

import json
import re

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.reporting.caseload import HIDDEN, caseload
from data.db import make_engine, make_session_factory
from tests.conftest import DEMO_DAY, make_settings
from tests.helpers import fire, fire_download, texts


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
    for row in fig["districts"]:
        shown = row["counts"]["Gesamt"]
        if shown == HIDDEN:
            continue
        assert shown == hand.get(row["label"], 0), row["label"]
    assert fig["active_cases"] == sum(hand.values())
    assert sum(r["counts"]["Gesamt"] for r in fig["social_areas"] if r["counts"]["Gesamt"] != HIDDEN) <= fig["active_cases"]
    # monthly history ends with the Stichtag's active count
    assert fig["history"][-1]["active"] == fig["active_cases"]
    assert fig["plan"]["active"] == fig["active_cases"]


def test_suppression_small_counts_never_visible_and_no_lone_hidden_cell(demo_sqlite_url, tmp_path, demo_session):
    settings = make_settings(tmp_path, demo_sqlite_url)
    fig = caseload(demo_session, settings, DEMO_DAY)
    for table in ("districts", "social_areas"):
        rows = fig[table]
        columns = list(rows[0]["counts"])
        for row in rows:
            values = list(row["counts"].values())
            assert not any(isinstance(v, int) and 1 <= v < 5 for v in values), row
            assert sum(v == HIDDEN for v in values) != 1, row
        for column in columns:
            hidden = sum(r["counts"][column] == HIDDEN for r in rows)
            assert hidden != 1, (table, column)
    assert any(HIDDEN in r["counts"].values() for r in fig["districts"]), "demo must exercise suppression"


def test_callback_json_carries_no_small_counts(demo_settings):
    client = create_app(demo_settings).server.test_client()
    response = fire(client, "caseload-content", {"shell-url.search": "?stichtag=2026-11-22"},
                    changed="shell-url.search")
    payload = json.dumps(response["caseload-content"])
    tree = response["caseload-content"]["children"]
    district_table = _find(tree, "caseload-district-table")
    cells = [t for t in texts(district_table) if re.fullmatch(r"\d+", t)]
    assert not any(1 <= int(c) < 5 for c in cells)
    assert HIDDEN in texts(district_table)
    # the hidden values are not anywhere in the component JSON either (e.g. as a tooltip or data prop)
    assert '"title": "1"' not in payload


def test_filters_and_bad_filter_message(demo_settings):
    client = create_app(demo_settings).server.test_client()
    response = fire(client, "caseload-content",
                    {"shell-url.search": "?stichtag=2026-11-22&team=caritas&sozialraum=hn-sr3"},
                    changed="shell-url.search")
    shown = texts(response["caseload-content"]["children"])
    assert "Caritas" in shown and "AWO" not in shown
    bad = fire(client, "caseload-content", {"shell-url.search": "?team=niemand&basis=egal"},
               changed="shell-url.search")
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


def _find(node, component_id):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        for value in (node.get("props", {}) or {}).values():
            found = _find(value, component_id)
            if found:
                return found
    if isinstance(node, list):
        for item in node:
            found = _find(item, component_id)
            if found:
                return found
    return None
