"""Verwaltung under a large audit log: the server sends one page (50 rows), newest first, with the total
and page links that keep the filters in the URL; the download still holds every filtered row; the page
queries read an index instead of sorting the whole log."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import insert

from data import audit
from data.db import make_engine
from data.migrate import upgrade
from data.schema import AuditEvent
from layouts import ids
from tests.helpers import components, find_dependency, fire, fire_download, texts

N = 5_000
PAGE = {"admin-location.pathname": "/verwaltung"}


def fill(engine) -> None:
    """N events of action "probe" (targets probe#0 … oldest to newest), every third one by "p.eins"."""
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(insert(AuditEvent), [
            {"at": start + dt.timedelta(minutes=i), "actor": "p.eins" if i % 3 == 0 else "p.zwei",
             "action": "probe", "target": f"probe#{i}", "detail": {"ids": list(range(20))}} for i in range(N)])


def _filled(url: str) -> None:
    engine = make_engine(url)
    fill(engine)
    engine.dispose()


@pytest.fixture
def demo_url(request, tmp_path, backend):
    """Here the demo database holds the N events too: a copy of a template filled once per run and
    backend (the inserts take seconds on PostgreSQL, a copy a fraction of that); each test its own copy."""
    templates = request.getfixturevalue("db_templates")
    if backend == "sqlite":
        url, drop = templates.sqlite(tmp_path / "db.sqlite3", "big_log", _filled), None
    else:
        url, drop = templates.postgres(request.getfixturevalue("pg_base_url"), "big_log", _filled)
    yield url
    if drop:
        drop()


@pytest.fixture
def big_log(db):
    return db


def show(client, search: str) -> dict:
    return fire(client, "admin-users", {**PAGE, "admin-location.search": search}, changed="admin-location.search")


def probes(part) -> list[int]:
    return [int(t.split("#")[1]) for t in texts(part) if re.fullmatch(r"probe#\d+", t)]


def buttons(part) -> dict[str, tuple[int, bool]]:
    """The pager's buttons: name -> (target page, disabled)."""
    return {b["props"]["id"]["button"]: (b["props"]["id"]["page"], bool(b["props"].get("disabled")))
            for b in components(part, "Button") if isinstance(b["props"].get("id"), dict)}


def press(client, search: str, button: dict) -> str:
    """Click a pager button (pattern-matching callback, as the browser sends it); the new URL search."""
    dep = find_dependency(client, "admin-location.search@")
    payload = {"output": dep["output"], "outputs": {"id": "admin-location", "property": "search"},
               "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
               "state": [{"id": "admin-location", "property": "search", "value": search}],
               "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"]}
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]["admin-location"]["search"]


def table_rows(part) -> int:
    return sum(len(components(body, "Tr")) for body in components(part, "Tbody"))


def test_only_one_page_of_a_large_log_reaches_the_browser(big_log, client):
    shown = show(client, "?aktion=probe")["admin-audit"]
    assert probes(shown) == list(range(N - 1, N - 51, -1))  # 50 rows, the newest first
    assert table_rows(shown) == 50
    said = " ".join(texts(shown))
    assert "Einträge 1–50 von 5.000" in said and "Seite 1 von 100" in said
    assert buttons(shown) == {"newest": (1, True), "newer": (0, True), "older": (2, False), "oldest": (100, False)}
    older = {"type": ids.ADMIN_AUDIT_PAGE_BUTTON, "button": "older", "page": 2}
    assert press(client, "?aktion=probe", older) == "?aktion=probe&seite=2"

    second = show(client, "?aktion=probe&seite=2")["admin-audit"]
    assert probes(second) == list(range(N - 51, N - 101, -1))
    assert "Einträge 51–100 von 5.000" in " ".join(texts(second))

    last = show(client, "?aktion=probe&seite=100")["admin-audit"]
    assert probes(last) == list(range(49, -1, -1))
    assert show(client, "?aktion=probe&seite=9999")["admin-audit"] == last  # beyond the end: the last page


def test_the_unfiltered_page_is_one_page_too(big_log, client):
    response = show(client, "")
    assert table_rows(response["admin-audit"]) == 50
    assert len(probes(response)) == len(probes(response["admin-audit"])) > 0  # no log rows elsewhere in the answer


def test_filters_and_page_stay_in_the_url_and_a_new_filter_starts_at_page_one(big_log, client):
    shown = show(client, "?benutzer=p.eins&aktion=probe&seite=3")["admin-audit"]
    newest_of_p_eins = [i for i in range(N - 1, -1, -1) if i % 3 == 0]
    assert probes(shown) == newest_of_p_eins[100:150]
    assert buttons(shown)["newer"] == (2, False) and buttons(shown)["older"] == (4, False)
    newer = {"type": ids.ADMIN_AUDIT_PAGE_BUTTON, "button": "newer", "page": 2}
    newest = {"type": ids.ADMIN_AUDIT_PAGE_BUTTON, "button": "newest", "page": 1}
    search = "?benutzer=p.eins&aktion=probe&seite=3"
    assert press(client, search, newer) == "?benutzer=p.eins&aktion=probe&seite=2"
    assert press(client, search, newest) == "?benutzer=p.eins&aktion=probe"  # page 1 without the number
    picked = fire(client, "admin-users", {**PAGE, "admin-location.search": "?aktion=probe&seite=7",
                                          "admin-audit-actor.value": "p.zwei", "admin-audit-action.value": "probe"},
                  changed="admin-audit-actor.value")
    assert dict(parse_qsl(picked["admin-location"]["search"][1:])) == {"benutzer": "p.zwei", "aktion": "probe"}
    assert "Seite 1 von" in " ".join(texts(picked["admin-audit"]))
    refused = show(client, "?seite=zwei")
    assert "keine Seitenzahl" in " ".join(texts(refused["admin-message"]))


def test_the_download_holds_the_whole_filtered_log(big_log, client):
    data = fire_download(client, "admin", "audit", "csv", search="?aktion=probe&seite=4")
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    assert sum(";probe#" in line for line in lines) == N
    assert ";probe#4999;" in lines[1]  # newest first


@pytest.mark.parametrize("filters, index", [
    ({}, "ix_audit_log_at_id"),
    ({"actor": "p.eins"}, "ix_audit_log_actor_at_id"),
    ({"action": "probe"}, "ix_audit_log_action_at_id"),
    ({"actor": "p.eins", "action": "probe"}, "ix_audit_log_a"),
    ({"since": dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "until": dt.datetime(2026, 1, 3, tzinfo=dt.UTC)},
     "ix_audit_log_at_id"),
], ids=["all", "person", "action", "person+action", "period"])
def test_the_page_query_reads_an_index_and_never_sorts_the_whole_log(tmp_path, filters, index):
    # the plan is read on SQLite; PostgreSQL gets the same indexes from migration 0007
    url = f"sqlite:///{tmp_path / 'plan.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    fill(engine)
    compiled = audit.page_query(**filters, limit=50, offset=100).compile(dialect=engine.dialect)
    params = tuple(v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, dt.datetime) else v
                   for v in (compiled.params[k] for k in compiled.positiontup))
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params))
    engine.dispose()
    assert "TEMP B-TREE" not in plan, plan  # no sort of the matching rows
    assert f"INDEX {index}" in plan, plan
    if filters:  # a filter is looked up in the index, not checked row by row along the whole log
        assert plan.startswith("SEARCH"), plan
    assert ids.ADMIN_AUDIT_PAGER  # the pager's id is a constant (layouts.ids)
