"""Hardening of requests where the database matters, on SQLite and PostgreSQL (issue 13, part 3): NUL
bytes are refused before they reach the database, refused edits land in the audit log, and a refusal
does not confirm that another Träger holds a pseudonym. (Kept apart from test_hardening_requests.py,
which needs no database backend, so that both modules stay readable.)"""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from data import tokens
from data.db import make_engine, make_session_factory, transaction
from tests.helpers import ORIGIN, PASSWORD, add_users, find_dependency, make_settings, payload, post_callback

_addresses = (f"10.14.{i // 250}.{i % 250 + 1}" for i in itertools.count())


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def site(request, tmp_path_factory):
    """A demo database with a user per role and an AWO and a Caritas token, on each backend, and the app."""
    folder = tmp_path_factory.mktemp(f"hardening-{request.param}")
    templates = request.getfixturevalue("db_templates")
    if request.param == "sqlite":
        url, drop = templates.sqlite(folder / "db.sqlite3", "users", add_users), None
    else:
        url, drop = templates.postgres(request.getfixturevalue("pg_base_url"), "users", add_users)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        _, awo = tokens.create(session, provider_code="awo", name="AWO", actor="test")
    app = create_app(make_settings(folder, url, login_required=True))
    yield app, sessions, awo
    engine.dispose()
    if drop:
        drop()


def client_for(app, username: str | None = None):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = next(_addresses)
    if username:
        response = client.post("/login", data={"username": username, "password": PASSWORD}, headers=ORIGIN)
        assert response.status_code == 302
    return client


def count(sessions, sql: str, **params) -> int:
    with sessions() as session:
        return session.execute(text(sql), params).scalar_one()


# --- NUL bytes ----------------------------------------------------------------------------------

def _expense(client, purpose: str):
    values = {"funds-expense-submit.n_clicks": 1, "funds-year.value": "2026", "funds-expense-provider.value": "1",
              "funds-expense-date.date": "2026-11-20", "funds-expense-amount.value": "1,00",
              "funds-expense-purpose.value": purpose}
    body = payload(find_dependency(client, "funds-expense-message"), values, changed="funds-expense-submit.n_clicks")
    return post_callback(client, body)


def _api(client, token, rows):
    return client.post("/api/v1/cases?dry_run=1", data=json.dumps({"rows": rows}), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


NUL_REQUESTS = {
    "login user name": (None, lambda c, t: c.post("/login", data={"username": "chef\x00in", "password": PASSWORD},
                                                  headers=ORIGIN)),
    "login password": (None, lambda c, t: c.post("/login", data={"username": "chefin", "password": "a\x00b"},
                                                 headers=ORIGIN)),
    "login next": (None, lambda c, t: c.post("/login", data={"username": "chefin", "password": PASSWORD,
                                                             "next": "/\x00"}, headers=ORIGIN)),
    "login page query": (None, lambda c, t: c.get("/login?next=/%00")),
    "page query": ("chefin", lambda c, t: c.get("/fallzahlen?stichtag=2026-11-22%00")),
    "page path": ("chefin", lambda c, t: c.get("/fall%00zahlen")),
    "callback form field": ("chefin", lambda c, t: _expense(c, "Kaffee\x00")),
    "API value": (None, lambda c, t: _api(c, t, [{"Pseudonym": "NUL-\x00001", "Team": "AWO",
                                                  "AU-Zuweisung am": "01.09.2025", "Fallbeginn": "12.01.2026"}])),
    "API key": (None, lambda c, t: _api(c, t, [{"Pseudonym\x00": "NUL-0001"}])),
}


@pytest.mark.parametrize("case", list(NUL_REQUESTS))
def test_a_nul_byte_anywhere_gets_400_before_the_database(site, case):
    app, sessions, token = site
    username, send = NUL_REQUESTS[case]
    client = client_for(app, username)
    before = count(sessions, "SELECT COUNT(*) FROM audit_log")
    response = send(client, token)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "Nullzeichen" in response.get_data(as_text=True)
    assert count(sessions, "SELECT COUNT(*) FROM audit_log") == before  # not even a failed login


def test_text_without_nul_is_still_booked(site):
    app, sessions, _ = site
    before = count(sessions, "SELECT COUNT(*) FROM funds_entries")
    assert _expense(client_for(app, "chefin"), "Kaffee Sprachcafé").status_code == 200
    assert count(sessions, "SELECT COUNT(*) FROM funds_entries") == before + 1


# --- refused edits in the audit log --------------------------------------------------------------

def _fire(client, output, values, changed):
    response = post_callback(client, payload(find_dependency(client, output), values, changed=changed))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def _provider(sessions, code):
    return str(count(sessions, "SELECT id FROM providers WHERE code = :c", c=code))


REFUSED = {
    "expense for another Träger": ("awo", "funds_entries", lambda c, s: _fire(c, "funds-expense-message", {
        "funds-expense-submit.n_clicks": 1, "funds-year.value": "2026", "funds-expense-provider.value":
        _provider(s, "caritas"), "funds-expense-date.date": "2026-11-20", "funds-expense-amount.value": "1,00",
        "funds-expense-purpose.value": "Test"}, "funds-expense-submit.n_clicks")),
    "transfer by a Träger": ("awo", "funds_entries", lambda c, s: _fire(c, "funds-transfer-message", {
        "funds-transfer-submit.n_clicks": 1, "funds-year.value": "2026", "funds-transfer-from.value":
        _provider(s, "awo"), "funds-transfer-to.value": _provider(s, "caritas"),
        "funds-transfer-date.date": "2026-11-20", "funds-transfer-amount.value": "1,00",
        "funds-transfer-decision-date.date": "2026-11-01", "funds-transfer-decision-ref.value": "TOP 3",
        "funds-transfer-purpose.value": "Test"}, "funds-transfer-submit.n_clicks")),
    "position by a viewer": ("leser", "positions", lambda c, s: _fire(c, "staffing-edit-result", {
        "staffing-edit-save.n_clicks": 1, "staffing-date.date": "2026-11-22", "staffing-edit-position.value":
        str(count(s, "SELECT MIN(id) FROM positions")), "staffing-edit-planned.value": "0,5",
        "staffing-edit-filled.value": "0,5"}, "staffing-edit-save.n_clicks")),
    "user added by the steering body": ("gremium", "users", lambda c, s: _fire(c, "admin-new-result", {
        "admin-new-submit.n_clicks": 1, "admin-new-name.value": "neu", "admin-new-role.value": "admin",
        "admin-new-password.value": PASSWORD}, "admin-new-submit.n_clicks")),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_edit_is_written_to_the_audit_log(site, case):
    app, sessions, _ = site
    username, target, attempt = REFUSED[case]
    before = count(sessions, "SELECT COUNT(*) FROM audit_log WHERE action = 'edit_refused' AND actor = :u "
                             "AND target = :t", u=username, t=target)
    shown = attempt(client_for(app, username), sessions)
    assert "✖" in shown or "nicht" in shown
    assert count(sessions, "SELECT COUNT(*) FROM audit_log WHERE action = 'edit_refused' AND actor = :u "
                           "AND target = :t", u=username, t=target) == before + 1


def test_an_api_write_for_another_traeger_is_audited(site):
    app, sessions, token = site
    rows = [{"Pseudonym": "API-FREMD-1", "Team": "Caritas", "AU-Zuweisung am": "01.09.2025",
             "Fallbeginn": "12.01.2026"}]
    before = count(sessions, "SELECT COUNT(*) FROM audit_log WHERE action = 'edit_refused' AND target = 'cases'")
    assert _api(client_for(app), token, rows).status_code == 403
    assert count(sessions, "SELECT COUNT(*) FROM audit_log WHERE action = 'edit_refused' "
                           "AND target = 'cases'") == before + 1


# --- another Träger's pseudonym -----------------------------------------------------------------

def test_a_refusal_does_not_confirm_another_traegers_pseudonym(site):
    app, sessions, token = site
    with sessions() as session:
        foreign = session.execute(text(
            "SELECT c.pseudonym FROM cases c JOIN providers p ON p.id = c.team_id WHERE p.code = 'caritas' "
            "ORDER BY c.id LIMIT 1")).scalar_one()
    row = {"Team": "AWO", "AU-Zuweisung am": "01.09.2025", "Fallbeginn": "12.01.2026"}
    response = _api(client_for(app), token, [{**row, "Pseudonym": foreign}])
    body = response.get_json()
    assert response.status_code == 422 and not body["foreign"]  # like any other bad row, not the 403 of a Träger
    shown = json.dumps(body, ensure_ascii=False)
    for hint in ("anderer Träger", "anderen Träger", "Caritas", "führt"):
        assert hint not in shown, hint
    assert "Pseudonym" in body["problems"][0]["text"] and "Bitte" in body["problems"][0]["text"]
