"""The page "Szenarien" through its callbacks over HTTP (SQLite and PostgreSQL): open, recompute,
add a change, save (role rule, audit), reopen by permalink identically, compare and export XLSX."""

import io

import pytest
from openpyxl import load_workbook

from dashboard.app import create_app
from dashboard.auth.passwords import hash_password
from data import users
from data.db import make_engine, make_session_factory, transaction
from data.schema import AuditEvent
from data.schema import Scenario as ScenarioRow
from tests.helpers import fire, fire_download, make_settings, texts

PAGE = {"scen-location.pathname": "/szenarien"}
LIVE = {"kind": "live", "day": "2026-11-22", "revision": 1}
MOVE = {"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": 0.4}
SLIDERS = {"scen-ratio.value": 90}


@pytest.fixture
def client(demo_url, tmp_path):
    app = create_app(make_settings(tmp_path, demo_url))
    test_client = app.server.test_client()
    test_client.environ_base["HTTP_X_REMOTE_USER"] = "gremium"
    return test_client


def open_page(client, search=""):
    return fire(client, "scen-ref.data", {**PAGE, "scen-location.search": search})


def recompute(client, ref, changes, **sliders):
    return fire(client, "scen-summary.children", {"scen-ref.data": ref, "scen-changes.data": changes,
                                                  **SLIDERS, **sliders})


def save(client, ref, changes, name):
    return fire(client, "scen-save-message.children", {"scen-save.n_clicks": 1, "scen-ref.data": ref,
                                                       "scen-changes.data": changes, "scen-name.value": name,
                                                       **SLIDERS})


def team_row(result, team):
    rows = result["scen-team-table"]["children"]["props"]["children"][1]["props"]["children"]
    table = rows["props"]["children"][1]["props"]["children"]
    return next(texts(r) for r in table if texts(r)[0] == team)


def test_open_shows_the_live_baseline_with_options(client):
    out = open_page(client)
    assert out["scen-ref"]["data"] == LIVE
    assert out["scen-changes"]["data"] == []
    assert [o["value"] for o in out["scen-move-from"]["options"]] == ["awo", "caritas", "diakonie", "stadt"]
    assert [o["value"] for o in out["scen-district-team"]["options"]] == ["caritas", "stadt"]
    assert out["scen-ratio"]["value"] == 90
    assert "Neues Szenario" in out["scen-header"]["children"]


def test_recompute_shows_results_and_deltas(client):
    plain = recompute(client, LIVE, [])
    assert "Ohne Änderungen liegt das Team Caritas schon am Stichtag über 1:90" in " ".join(
        texts(plain["scen-summary"]["children"]))
    moved = recompute(client, LIVE, [MOVE])
    caritas = team_row(moved, "Caritas")
    assert caritas[1:4] == ["109", "1,4", "86,5 %"]  # 109 / (1,4 × 90)
    assert "▼ −34,6 P." in caritas  # from 121,1 %
    assert recompute(client, LIVE, [], **{"scen-ratio.value": 120})["scen-chart"]["figure"]["layout"]["yaxis"][
        "range"] == recompute(client, LIVE, [])["scen-chart"]["figure"]["layout"]["yaxis"]["range"]


def test_adding_a_change_and_a_german_refusal(client):
    values = {"scen-move-add.n_clicks": 1, "scen-ref.data": LIVE, "scen-changes.data": [],
              "scen-move-from.value": "stadt", "scen-move-to.value": "caritas", "scen-move-fte.value": "0,4"}
    out = fire(client, "scen-changes.data", values, changed="scen-move-add.n_clicks")
    assert out["scen-changes"]["data"] == [{**MOVE, "programme": "im", "start": None}]
    values["scen-move-fte.value"] = "drei"
    out = fire(client, "scen-changes.data", values, changed="scen-move-add.n_clicks")
    assert "VZÄ: „drei“ ist keine Zahl." in texts(out["scen-form-message"]["children"])
    values["scen-move-fte.value"] = None
    out = fire(client, "scen-changes.data", values, changed="scen-move-add.n_clicks")
    assert "VZÄ: Bitte ausfüllen." in texts(out["scen-form-message"]["children"])


def test_intake_stop_is_added_by_its_button_and_shows_the_waiting_list(client):
    out = fire(client, "scen-changes.data", {"scen-intake-add.n_clicks": 1, "scen-ref.data": LIVE,
                                             "scen-changes.data": []}, changed="scen-intake-add.n_clicks")
    assert out["scen-changes"]["data"] == [{"type": "intake_stop"}]
    assert "Hinzugefügt: Aufnahmestopp" in " ".join(texts(out["scen-form-message"]["children"]))
    stopped = recompute(client, LIVE, out["scen-changes"]["data"])
    summary = " ".join(texts(stopped["scen-summary"]["children"]))
    assert "Mit dem Aufnahmestopp warten im Dezember 2029 etwa" in summary
    header = texts(stopped["scen-team-table"]["children"])
    assert "wartend 12/2029" in header or any(h.startswith("wartend") for h in header)
    assert not any(h.startswith("wartend") for h in texts(recompute(client, LIVE, [])["scen-team-table"]["children"]))


def test_save_reopen_compare_export(client, demo_url):
    out = save(client, LIVE, [MOVE], "Caritas +0,4")
    assert "Gespeichert als „Caritas +0,4“ (Nr. 1)." in texts(out["scen-save-message"]["children"])
    assert out["scen-location"]["search"] == "?id=1"
    save(client, LIVE, [], "Ausgangslage")
    reopened = open_page(client, "?id=1")
    assert reopened["scen-ref"]["data"] == {"kind": "saved", "id": 1}
    assert reopened["scen-changes"]["data"] == [{**MOVE, "programme": "im", "start": None}]
    assert reopened["scen-name"]["value"] == "Caritas +0,4"
    assert "Gespeichertes Szenario „Caritas +0,4“ von gremium" in reopened["scen-header"]["children"]
    assert team_row(recompute(client, {"kind": "saved", "id": 1}, reopened["scen-changes"]["data"]),
                    "Caritas")[2] == "1,4"
    engine = make_engine(demo_url)
    with make_session_factory(engine)() as session:
        assert session.query(ScenarioRow).count() == 2
        assert session.query(AuditEvent).filter_by(action="scenario_saved", actor="gremium").count() == 2
    engine.dispose()

    compared = fire(client, "scen-comparison.children", {**PAGE, "scen-compare-select.value": ["1", "2"],
                                                          "scen-location.search": "?id=1"})
    assert compared["scen-location"]["search"] == "?id=1&vergleich=1%2C2"
    table = texts(compared["scen-comparison"]["children"])
    assert "Caritas +0,4" in table and "Ausgangslage" in table and "0,4 VZÄ von Stadt zu Caritas" in table
    data = fire_download(client, "scenarios", "comparison", "xlsx", "?vergleich=1,2")
    import base64
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["content"]))).active
    assert data["filename"] == "szenarien-vergleich.xlsx"
    assert [c.value for c in sheet[2]] == ["Kennzahl", "Caritas +0,4", "Ausgangslage"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in sheet.iter_rows(min_row=3)}
    assert rows["Caritas: Auslastung am Stichtag"] == ["86,5 %", "121,1 %"]


def test_missing_scenario_id_falls_back_with_a_message(client):
    out = open_page(client, "?id=99")
    assert out["scen-ref"]["data"]["kind"] == "live"
    assert "Das Szenario Nr. 99 gibt es nicht" in " ".join(texts(out["scen-message"]["children"]))


@pytest.fixture
def role_client(tmp_path, db_templates):
    url = db_templates.sqlite(tmp_path / "roles.sqlite3")
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        for name, role in (("leser", "viewer"), ("gremium", "steering")):
            users.add(session, name, hash_password("ein-langes-test-passwort-7"), role, provider_code=None,
                      actor="test")
    engine.dispose()
    app = create_app(make_settings(tmp_path, url, login_required=True))

    def login(name):
        client = app.server.test_client()
        client.environ_base["HTTP_ORIGIN"] = "http://localhost"
        client.post("/login", data={"username": name, "password": "ein-langes-test-passwort-7", "next": "/"})
        return client
    return login


def test_viewer_may_run_but_not_save(role_client):
    viewer = role_client("leser")
    assert "Caritas" in " ".join(texts(recompute(viewer, LIVE, [MOVE])["scen-team-table"]))
    refused = save(viewer, LIVE, [MOVE], "Versuch")
    assert "kann Szenarien rechnen, aber nicht speichern" in " ".join(texts(refused["scen-save-message"]))
    steering = role_client("gremium")
    assert "Gespeichert als" in " ".join(texts(save(steering, LIVE, [MOVE], "Gremium")["scen-save-message"]))
    exported = fire(steering, "scen-download-json.data", {"scen-export-json.n_clicks": 1, "scen-ref.data": LIVE,
                                                           "scen-changes.data": [], **SLIDERS})
    assert "nur der Administration" in " ".join(texts(exported["scen-save-message"]))


def click_saved(client, action: str, scenario_id: int, search: str = "") -> dict:
    """Click „Öffnen“/„Duplizieren“/„Löschen“ of one saved scenario (pattern-matching buttons)."""
    import json

    from tests.helpers import find_dependency

    dep = find_dependency(client, "scen-location.search@")
    kinds = ["scen-open", "scen-duplicate", "scen-delete"]
    inputs = [[{"id": {"type": kind, "id": scenario_id}, "property": "n_clicks",
                "value": 1 if kind == action else None}] for kind in kinds]
    clicked = json.dumps({"id": scenario_id, "type": action}, separators=(",", ":"))
    from tests.helpers import parse_outputs

    payload = {"output": dep["output"], "outputs": parse_outputs(dep["output"]),
               "inputs": inputs,
               "state": [{"id": "scen-location", "property": "search", "value": search},
                         {"id": "scen-list-version", "property": "data", "value": 3}],
               "changedPropIds": [clicked + ".n_clicks"]}
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:1000]
    return response.get_json()["response"] if response.status_code == 200 else {}


def test_open_duplicate_delete(client, demo_url):
    save(client, LIVE, [MOVE], "Caritas +0,4")
    assert click_saved(client, "scen-open", 1, "?vergleich=1")["scen-location"]["search"] == "?vergleich=1&id=1"
    duplicated = click_saved(client, "scen-duplicate", 1)
    assert "Kopie gespeichert als „Kopie von Caritas +0,4“ (Nr. 2)." in texts(duplicated["scen-save-message"])
    assert duplicated["scen-list-version"]["data"] == 4
    reopened = open_page(client, "?id=2")
    assert reopened["scen-changes"]["data"] == [{**MOVE, "programme": "im", "start": None}]
    deleted = click_saved(client, "scen-delete", 1)
    assert "Szenario „Caritas +0,4“ gelöscht." in texts(deleted["scen-save-message"])
    listed = fire(client, "scen-saved-list.children", {"scen-list-version.data": 5, "scen-meta.data": {"id": 2}})
    names = texts(listed["scen-saved-list"]["children"])
    assert "Kopie von Caritas +0,4" in names and "Caritas +0,4" not in names
    assert [o["label"] for o in listed["scen-compare-select"]["options"]] == ["Kopie von Caritas +0,4"]


def test_steering_deletes_only_own_scenarios(role_client):
    steering = role_client("gremium")
    save(steering, LIVE, [MOVE], "vom Gremium")
    viewer = role_client("leser")
    assert "nicht speichern" in " ".join(texts(click_saved(viewer, "scen-delete", 1)["scen-save-message"]))
    assert "gelöscht" in " ".join(texts(click_saved(steering, "scen-delete", 1)["scen-save-message"]))


@pytest.mark.parametrize("cost, growth, expected", [
    ("80.000", "", "464.000 €"),  # German thousands point: 5,8 planned VZÄ-years 2026 × 80.000 € (75.000 €: 435.000 €)
    ("80000", "2,5", "464.000 €"),  # the growth starts after the Stichtag's year
    ("teuer", "", "Kosten je VZÄ und Jahr: „teuer“ ist kein gültiger Betrag"),
    ("75000", "viel", "Steigerung je Jahr: „viel“ ist kein Prozentsatz"),
])
def test_money_inputs_in_german(client, cost, growth, expected):
    out = recompute(client, LIVE, [], **{"scen-cost.value": cost, "scen-growth.value": growth})
    if expected.endswith("€"):
        assert expected in texts(out["scen-money-table"])
    else:
        assert expected in " ".join(texts(out["scen-summary"]["children"]))


def test_turning_a_result_page_sends_the_paged_tables_again_and_nothing_else(client):
    """Issue 18: a pager of the result tables (Land scale: 180 teams) re-sends those tables only."""
    out = fire(client, "scen-summary.children", {"scen-ref.data": LIVE, "scen-changes.data": [], **SLIDERS,
                                                 "scen-table-pages.data": {"teams": 2}},
               changed="scen-table-pages.data")
    assert set(out) == {"scen-team-table", "scen-funds-table", "scen-assumptions"}
    assert "Caritas" in " ".join(texts(out["scen-team-table"]))  # Heilbronn's few teams: one page, page 2 is page 1
    assert set(recompute(client, LIVE, [])) >= {"scen-summary", "scen-chart", "scen-change-list"}
