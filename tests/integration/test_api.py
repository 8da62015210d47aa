"""The ingest API: tokens per Träger (hashed, revocable), same checks as files, all or nothing,
foreign Träger refused with 403, dry run, OpenAPI, rate limit, and the login gate left to the token."""

import json

import pytest
from sqlalchemy import func, select

from dashboard.app import create_app
from data import tokens
from data.db import make_engine, make_session_factory, transaction
from data.schema import ApiToken, AuditEvent, Case, CaseloadCount
from tests.helpers import make_settings

ROWS = [{"Pseudonym": "API-0001", "Team": "AWO", "AU-Zuweisung am": "01.09.2025", "Fallbeginn": "12.01.2026",
         "Integrationsplan": "ja", "Haushaltsgröße": 2},
        {"pseudonym": "API-0002", "team_id": "awo", "au_assigned_on": "2025-10-01", "opened_on": "2026-02-01",
         "household_size": 1, "has_integration_plan": False}]


@pytest.fixture
def api(tmp_path, demo_url):
    """An app that requires login (the API must work without one), a token for AWO and for Caritas."""
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        _, awo = tokens.create(session, provider_code="awo", name="Fachverfahren AWO", actor="chefin")
        record, caritas = tokens.create(session, provider_code="caritas", name="Caritas", actor="chefin")
    app = create_app(make_settings(tmp_path, demo_url, login_required=True, api_rate_limit="5 per minute"))
    yield app.server.test_client(), sessions, {"awo": awo, "caritas": caritas, "caritas_id": record.id}
    engine.dispose()


def _post(client, path, rows, token, query=""):
    return client.post(f"/api/v1/{path}{query}", data=json.dumps({"rows": rows}),
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def _cases(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Case))


def test_token_writes_its_own_traegers_rows_and_is_stored_hashed(api):
    client, sessions, token = api
    before = _cases(sessions)
    dry = _post(client, "cases", ROWS, token["awo"], "?dry_run=1")
    assert dry.status_code == 200, dry.get_json()
    assert dry.get_json()["counts"]["new"] == 2 and not dry.get_json()["applied"] and _cases(sessions) == before
    response = _post(client, "cases", ROWS, token["awo"])
    body = response.get_json()
    assert response.status_code == 200 and body["applied"] and body["counts"]["new"] == 2
    assert _cases(sessions) == before + 2
    with sessions() as session:
        stored = list(session.scalars(select(ApiToken.token_hash)))
        assert token["awo"] not in stored and tokens.token_hash(token["awo"]) in stored
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
        assert event.actor.startswith("api:awo#") and event.detail["source"] == "api"
        assert session.scalars(select(ApiToken.last_used_at).where(ApiToken.name == "Fachverfahren AWO")).one()


def test_foreign_traegers_data_is_refused_with_403_and_nothing_is_written(api):
    client, sessions, token = api
    before = _cases(sessions)
    rows = ROWS + [{**ROWS[0], "Pseudonym": "API-0003", "Team": "Caritas"}]
    response = _post(client, "cases", rows, token["awo"])
    body = response.get_json()
    assert response.status_code == 403
    assert body["error"] == ("Das Token von AWO darf nur Daten von AWO schreiben; es wurde nichts geschrieben.")
    assert [(p["row"], p["column"]) for p in body["problems"]] == [(3, "Team")]
    assert _cases(sessions) == before


def test_bad_row_is_422_with_the_row_named(api):
    client, sessions, token = api
    rows = [{"Stichtag": "31.10.2026", "Team": "Caritas", "Aktive Fälle": 12},
            {"Stichtag": "31.10.2026", "Team": "Caritas", "Stadtteil": "Frankenbach", "Aktive Fälle": "zwölf"}]
    response = _post(client, "caseload-counts", rows, token["caritas"])
    body = response.get_json()
    assert response.status_code == 422 and not body["applied"]
    assert body["problems"][0]["text"] == ("API caseload-counts, Zeile 2, Spalte „Aktive Fälle“, Wert „zwölf“: ist "
                                           "keine Zahl. Bitte eine Zahl im deutschen Format eingeben, z. B. 1.234,5.")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(CaseloadCount)) == 0


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer imc_falsch"}, 401),
                                             ({"Authorization": "Basic abc"}, 401)])
def test_missing_or_wrong_token_is_401(api, headers, status):
    client, _, _ = api
    response = client.post("/api/v1/cases", json={"rows": ROWS}, headers=headers)
    assert response.status_code == status and "Token" in response.get_json()["error"]


def test_revoked_token_is_refused(api):
    client, sessions, token = api
    with transaction(sessions) as session:
        tokens.revoke(session, token["caritas_id"], actor="chefin")
    assert _post(client, "caseload-counts", [{"Stichtag": "31.10.2026", "Team": "Caritas", "Aktive Fälle": 1}],
                 token["caritas"]).status_code == 401


def test_malformed_bodies_are_400_or_422(api):
    client, _, token = api
    auth = {"Authorization": f"Bearer {token['awo']}"}
    assert client.post("/api/v1/cases", data="kein json", headers=auth | {"Content-Type": "application/json"}
                       ).status_code == 400
    assert client.post("/api/v1/cases", json={"rows": []}, headers=auth).status_code == 422
    assert client.post("/api/v1/cases", json={"rows": [[1, 2]]}, headers=auth).status_code == 422
    formula = [{**ROWS[0], "Kategorie": "=HYPERLINK(\"x\")"}]
    response = client.post("/api/v1/cases", json={"rows": formula}, headers=auth)
    assert response.status_code == 422 and "Formel" in response.get_json()["problems"][0]["text"]


def test_api_is_rate_limited_per_token(api):
    client, _, token = api
    statuses = [_post(client, "cases", ROWS, token["awo"], "?dry_run=1").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert _post(client, "cases", ROWS, token["caritas"], "?dry_run=1").status_code == 403  # own bucket


def test_openapi_is_served_and_lists_every_kind(api):
    client, _, _ = api
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert sorted(document["paths"]) == ["/api/v1/caseload-counts", "/api/v1/cases", "/api/v1/county-funds",
                                         "/api/v1/im-arrangements", "/api/v1/im-posts", "/api/v1/ledger",
                                         "/api/v1/positions", "/api/v1/projects", "/api/v1/proofs-of-use",
                                         "/api/v1/target-group-counts"]
    cases = document["components"]["schemas"]["cases"]
    assert cases["required"] == ["pseudonym", "team_id", "au_assigned_on", "opened_on"]
    assert cases["properties"]["household_size"]["type"][0] == "integer"


def test_pages_still_need_a_login(api):
    client, _, _ = api
    assert client.get("/").status_code == 302
    assert client.post("/_dash-update-component", json={}, headers={"Origin": "http://localhost"}).status_code == 401


def test_cli_token_add_list_revoke(tmp_path, monkeypatch, capsys, demo_sqlite_url):
    import shutil

    from dashboard.cli import main

    target = tmp_path / "t.sqlite3"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), target)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    assert main(["token", "add", "--provider", "awo", "--name", "Fachverfahren"]) == 0
    out = capsys.readouterr().out
    token = out.strip().splitlines()[-1]
    assert token.startswith("imc_") and "nur jetzt angezeigt" in out
    assert main(["token", "add", "--provider", "lebenshilfe", "--name", "x"]) == 1
    assert "awo, caritas, diakonie, stadt" in capsys.readouterr().err
    assert main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "awo" in listing and "aktiv" in listing and token not in listing
    assert main(["token", "revoke", "1"]) == 0
    main(["token", "list"])
    assert "gesperrt am" in capsys.readouterr().out


def test_too_large_request_is_413(tmp_path, demo_sqlite_url):
    import shutil

    target = tmp_path / "big.sqlite3"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        _, token = tokens.create(session, provider_code="awo", name="x", actor="t")
    engine.dispose()
    client = create_app(make_settings(tmp_path, url, import_max_mb=1)).server.test_client()
    response = client.post("/api/v1/cases", data=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 413 and "größer als 1 MB" in response.get_json()["error"]
