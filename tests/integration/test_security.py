"""The global access check, sessions, lockout, CSRF, headers, roles and the audit log."""

from __future__ import annotations

import json
import time
from urllib.parse import unquote_plus

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dashboard.app import create_app
from dashboard.auth.passwords import hash_password
from data import users
from data.db import make_engine, make_session_factory, transaction
from tests.helpers import ORIGIN, PASSWORD, find_dependency, login, make_settings, parse_outputs


def callback_payload(dep: dict) -> dict:
    outputs = parse_outputs(dep["output"])
    return {"output": dep["output"],
            "outputs": outputs if len(outputs) > 1 or dep["output"].startswith("..") else outputs[0],
            "inputs": [{**i, "value": None} for i in dep["inputs"]],
            "state": [{**s, "value": None} for s in dep["state"]], "changedPropIds": []}


def test_every_route_and_every_callback_refuses_an_anonymous_request(secure):
    app, _ = secure
    server = app.server
    admin = server.test_client()
    assert login(admin, "chefin").status_code == 302
    dependencies = admin.get("/_dash-dependencies").get_json()
    assert len(dependencies) >= 10

    anonymous = server.test_client()
    public = {"/healthz", "/login", "/login.css", "/api/v1/openapi.json"}  # the API description holds no data
    checked = 0
    for rule in server.url_map.iter_rules():
        path = rule.rule.replace("<path:path>", "x/y.js").replace("<path:filename>", "x.css")
        path = path.replace("<string:package_name>", "dash").replace("<path:fingerprinted_path>", "x.js")
        if "<" in path or path in public or path.startswith("/static"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = anonymous.open(path, method=method, headers=ORIGIN)
            assert response.status_code in (302, 401), (method, path, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/login?")
            checked += 1
    assert checked >= 5
    for dep in dependencies:
        response = anonymous.post("/_dash-update-component", data=json.dumps(callback_payload(dep)),
                                  content_type="application/json", headers=ORIGIN)
        assert response.status_code == 401, dep["output"]
        assert "anmelden" in response.get_json()["error"]
    # the public ones stay public
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/login").status_code == 200


def test_login_page_logs_in_and_out_and_records_it(secure):
    app, sessions = secure
    client = app.server.test_client()
    page = client.get("/fallzahlen?stichtag=2026-11-22")
    assert page.status_code == 302 and "next=%2Ffallzahlen" in page.headers["Location"]
    wrong = login(client, "chefin", "falsch-falsch-falsch")
    assert wrong.status_code == 401 and "Benutzername oder Passwort ist falsch" in wrong.get_data(as_text=True)
    response = client.post("/login", data={"username": "chefin", "password": PASSWORD,
                                           "next": "/fallzahlen?stichtag=2026-11-22"}, headers=ORIGIN)
    assert response.headers["Location"] == "/fallzahlen?stichtag=2026-11-22"
    assert client.get("/").status_code == 200
    assert client.post("/logout", headers=ORIGIN).status_code == 302
    assert client.get("/_dash-layout").status_code == 401
    with sessions() as session:
        actions = [a for (a,) in session.execute(text(
            "SELECT action FROM audit_log WHERE target = 'user:chefin' ORDER BY id"))]
    assert actions[-3:] == ["login_failed", "login", "logout"]


def test_login_redirects_only_to_local_paths(secure):
    app, _ = secure
    client = app.server.test_client()
    response = client.post("/login", data={"username": "chefin", "password": PASSWORD,
                                           "next": "https://evil.example/"}, headers=ORIGIN)
    assert response.headers["Location"] == "/"


def test_lockout_after_five_failures_in_five_minutes(secure):
    app, _ = secure
    client = app.server.test_client()
    for _ in range(5):
        assert login(client, "awo", "das-ist-nicht-richtig").status_code == 401
    locked = login(client, "awo")  # even the right password
    assert locked.status_code == 429 and "gesperrt" in locked.get_data(as_text=True)
    assert login(client, "leser").status_code == 302  # other users are not affected


def test_idle_and_absolute_timeouts_end_the_session(secure):
    app, _ = secure
    client = app.server.test_client()
    login(client, "leser")
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - 31 * 60
    assert client.get("/_dash-layout").status_code == 401

    login(client, "leser")
    with client.session_transaction() as session:
        session["login_at"] = time.time() - 12 * 3600 - 1
    response = client.get("/")
    assert response.status_code == 302 and "abgelaufen" in unquote_plus(response.headers["Location"])


def test_timer_polls_do_not_count_as_activity(secure):
    app, _ = secure
    client = app.server.test_client()
    login(client, "leser")
    dep = find_dependency(client, "overview-revision")
    with client.session_transaction() as session:
        session["last_seen"] = before = time.time() - 10 * 60
    payload = callback_payload(dep)
    payload["changedPropIds"] = ["overview-refresh.n_intervals"]
    client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json", headers=ORIGIN)
    with client.session_transaction() as session:
        assert session["last_seen"] == before
    client.get("/_dash-layout")
    with client.session_transaction() as session:
        assert session["last_seen"] > before


def test_password_change_and_deactivation_end_open_sessions(secure):
    app, sessions = secure
    client = app.server.test_client()
    login(client, "gremium")
    assert client.get("/_dash-layout").status_code == 200
    with transaction(sessions) as session:
        users.set_password(session, "gremium", hash_password("noch-ein-langes-passwort-8"), actor="test")
    assert client.get("/_dash-layout").status_code == 401
    assert login(client, "gremium", "noch-ein-langes-passwort-8").status_code == 302
    with transaction(sessions) as session:
        users.set_active(session, "gremium", False, actor="test")
    assert client.get("/_dash-layout").status_code == 401
    assert login(client, "gremium", "noch-ein-langes-passwort-8").status_code == 401


def test_state_changing_requests_from_another_site_are_refused(secure):
    app, _ = secure
    client = app.server.test_client()
    login(client, "chefin")
    dep = find_dependency(client, "overview-content")
    body = json.dumps(callback_payload(dep))
    foreign = client.post("/_dash-update-component", data=body, content_type="application/json",
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "Herkunft" in foreign.get_json()["error"]
    missing = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert missing.status_code == 403
    referer = client.post("/_dash-update-component", data=body, content_type="application/json",
                          headers={"Referer": "http://localhost/fallzahlen"})
    assert referer.status_code != 403


def test_security_headers_and_cookie_flags(tmp_path, secure):
    app, _ = secure
    client = app.server.test_client()
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "'sha256-" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    secure_app = create_app(make_settings(tmp_path, app.server.extensions["im_cockpit"].settings.database_url,
                                          login_required=True, cookie_secure=True))
    cookie = login(secure_app.server.test_client(), "leser").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_forged_edit_requests_respect_the_role_and_the_provider(secure):
    app, sessions = secure

    def book(username, provider_code):
        client = app.server.test_client()
        login(client, username)
        with sessions() as session:
            provider_id = session.execute(text("SELECT id FROM providers WHERE code = :c"),
                                          {"c": provider_code}).scalar_one()
        dep = find_dependency(client, "funds-expense-message")
        values = {"funds-expense-submit.n_clicks": 1, "funds-year.value": 2026,
                  "funds-expense-provider.value": str(provider_id), "funds-expense-date.date": "2026-11-20",
                  "funds-expense-amount.value": "10,00", "funds-expense-purpose.value": "Test"}
        payload = callback_payload(dep)
        for item in payload["inputs"] + payload["state"]:
            item["value"] = values.get(f"{item['id']}.{item['property']}")
        payload["changedPropIds"] = ["funds-expense-submit.n_clicks"]
        response = client.post("/_dash-update-component", data=json.dumps(payload),
                               content_type="application/json", headers=ORIGIN)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return json.dumps(response.get_json()["response"], ensure_ascii=False)

    def count():
        with sessions() as session:
            return session.execute(text("SELECT COUNT(*) FROM funds_entries")).scalar_one()

    before = count()
    assert "nur die Daten Ihres eigenen Trägers" in book("awo", "caritas")
    assert "darf hier nichts ändern" in book("leser", "awo")
    assert "darf hier nichts ändern" in book("gremium", "awo")
    assert count() == before
    book("awo", "awo")
    assert count() == before + 1
    with sessions() as session:
        actor = session.execute(text("SELECT updated_by FROM funds_entries ORDER BY id DESC LIMIT 1")).scalar_one()
        logged = session.execute(text("SELECT actor FROM audit_log WHERE target = 'funds_entries' "
                                      "AND action = 'insert' ORDER BY id DESC LIMIT 1")).scalar_one()
    assert actor == logged == "awo"


def test_the_audit_log_cannot_be_changed(backend_url):
    from data.migrate import upgrade

    upgrade(backend_url)
    engine = make_engine(backend_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        from data import audit

        audit.record(session, "test", "login", "user:test")
    for statement in ("UPDATE audit_log SET actor = 'jemand'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="nicht geändert oder gelöscht"):
            with transaction(sessions) as session:
                session.execute(text(statement))
    with sessions() as session:
        assert session.execute(text("SELECT actor FROM audit_log")).scalar_one() == "test"
    engine.dispose()


@pytest.mark.parametrize("proxies, expected_ip", [(0, "127.0.0.1"), (1, "10.20.30.40")])
def test_forwarded_address_is_trusted_only_behind_a_configured_proxy(tmp_path, db_templates, proxies, expected_ip):
    url = db_templates.sqlite(tmp_path / "proxy.sqlite3")
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        users.add(session, "chefin", hash_password(PASSWORD), "admin", provider_code=None, actor="test")
    app = create_app(make_settings(tmp_path, url, login_required=True, trusted_proxies=proxies))
    client = app.server.test_client()
    response = client.post("/login", data={"username": "chefin", "password": PASSWORD},
                           headers={**ORIGIN, "X-Forwarded-For": "10.20.30.40"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 302
    with sessions() as session:
        ip = session.execute(text("SELECT ip FROM audit_log WHERE action = 'login'")).scalar_one()
    engine.dispose()
    assert ip == expected_ip
