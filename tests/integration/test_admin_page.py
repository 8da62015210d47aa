"""Verwaltung: the admin manages users and reads the audit log; every other role gets nothing, also
when it forges the callback requests; downloads are logged."""

from __future__ import annotations

import base64

from sqlalchemy import select

from data.schema import AuditEvent, User
from tests.helpers import ORIGIN, PASSWORD, fire, fire_download, login, texts

PAGE = {"admin-location.pathname": "/verwaltung"}


def said(response) -> str:
    return " ".join(texts(response))


def client_for(app, username, password=PASSWORD):
    client = app.server.test_client()
    assert login(client, username, password).status_code == 302
    return client


def show(client, search: str = "", **values) -> dict:
    return fire(client, "admin-users", {**PAGE, "admin-location.search": search, **values},
                changed="admin-location.search", headers=ORIGIN)


def add(client, name, role, password, provider=None) -> dict:
    return fire(client, "admin-new-result", {"admin-new-submit.n_clicks": 1, "admin-new-name.value": name,
                                             "admin-new-role.value": role, "admin-new-provider.value": provider,
                                             "admin-new-password.value": password},
                changed="admin-new-submit.n_clicks", headers=ORIGIN)


def change(client, button, username, password=None) -> dict:
    return fire(client, "admin-change-result", {f"{button}.n_clicks": 1, "admin-change-user.value": username,
                                                "admin-change-password.value": password},
                changed=f"{button}.n_clicks", headers=ORIGIN)


def user(sessions, name) -> User | None:
    with sessions() as session:
        return session.scalar(select(User).where(User.username == name))


def test_admin_sees_users_and_the_log_in_navigation_and_page(secure):
    app, _sessions = secure
    client = client_for(app, "chefin")
    assert "verwaltung" in client.get("/_dash-layout").get_data(as_text=True)
    shown = texts(show(client))
    for name in ("chefin", "gremium", "awo", "leser"):
        assert name in shown
    assert "Anmeldung" in shown  # chefin's own login is in the log


def test_other_roles_get_neither_the_page_nor_its_data(secure):
    app, sessions = secure
    for name in ("gremium", "awo", "leser"):
        client = client_for(app, name)
        assert "verwaltung" not in client.get("/_dash-layout").get_data(as_text=True)
        routed = fire(client, "shell-page-content", {"shell-url.pathname": "/verwaltung"}, headers=ORIGIN)
        assert "Kein Zugriff" in said(routed)
        forged = show(client)  # the page's data callback, called directly
        assert "Kein Zugriff auf die Verwaltung." in said(forged)
        assert "chefin" not in str(forged)
        assert "Nur die Administration" in said(add(client, f"neu.{name}", "admin", "ein-sehr-langes-passwort-1"))
        assert user(sessions, f"neu.{name}") is None
        assert "Nur die Administration" in said(change(client, "admin-disable-submit", "chefin"))
        assert user(sessions, "chefin").active
        assert fire_download(client, "admin", "audit", "csv", headers=ORIGIN) is None


def test_add_user_checks_the_password_and_the_provider_then_logs_it(secure):
    app, sessions = secure
    client = client_for(app, "chefin")
    refused = add(client, "b.neu", "viewer", "kurz")
    assert "Passwort abgelehnt" in said(refused) and refused["admin-new-password"]["invalid"] is True
    refused = add(client, "b.neu", "provider", "ein-sehr-langes-passwort-1")
    assert "Träger" in said(refused) and refused["admin-new-provider"]["invalid"] is True
    assert user(sessions, "b.neu") is None
    done = add(client, "b.neu", "provider", "ein-sehr-langes-passwort-1", provider="caritas")
    assert "Benutzer „b.neu“ angelegt." in said(done)
    assert done["admin-new-password"]["value"] == ""  # the password does not stay in the form
    created = user(sessions, "b.neu")
    assert created.role.value == "provider" and created.provider_id is not None
    assert client_for(app, "b.neu", "ein-sehr-langes-passwort-1")  # the new person can log in
    with sessions() as session:
        logged = session.scalar(select(AuditEvent).where(AuditEvent.action == "user_added",
                                                         AuditEvent.target == "user:b.neu"))
    assert logged.actor == "chefin"


def test_password_lock_and_unlock_end_sessions(secure):
    app, sessions = secure
    admin = client_for(app, "chefin")
    reader = client_for(app, "leser")
    assert reader.get("/_dash-layout").status_code == 200
    version = user(sessions, "leser").session_version
    assert "gesperrt" in said(change(admin, "admin-disable-submit", "leser"))
    assert reader.get("/_dash-layout").status_code == 401  # the open session ended at once
    assert login(app.server.test_client(), "leser").status_code == 401
    assert "wieder freigegeben" in said(change(admin, "admin-enable-submit", "leser"))
    refused = change(admin, "admin-change-password-submit", "leser", "passwort")
    assert "Passwort abgelehnt" in said(refused)
    change(admin, "admin-change-password-submit", "leser", "ganz-neues-passwort-2026")
    assert login(app.server.test_client(), "leser").status_code == 401
    assert login(app.server.test_client(), "leser", "ganz-neues-passwort-2026").status_code == 302
    assert user(sessions, "leser").session_version == version + 3
    assert "eigene Konto" in said(change(admin, "admin-disable-submit", "chefin"))


def test_audit_filter_in_the_url_and_download_is_logged(secure):
    app, sessions = secure
    admin = client_for(app, "chefin")
    login(app.server.test_client(), "leser", "falsch-falsch-falsch")
    only_failed = said(show(admin, "?aktion=login_failed")["admin-audit"])
    assert "Anmeldung fehlgeschlagen" in only_failed and "Datensatz neu" not in only_failed
    assert "1 Eintrag." in only_failed and "leser" in only_failed
    # a filter picked in the form goes into the URL (permalink)
    picked = fire(admin, "admin-users", {**PAGE, "admin-location.search": "", "admin-audit-action.value": "login"},
                  changed="admin-audit-action.value", headers=ORIGIN)
    assert picked["admin-location"]["search"] == "?aktion=login"
    assert "Anmeldung fehlgeschlagen" not in said(picked["admin-audit"])
    assert "Der Zeitraum ist leer" in said(show(admin, "?von=2026-12-01&bis=2026-11-01"))

    data = fire_download(admin, "admin", "audit", "csv", search="?aktion=login_failed", headers=ORIGIN)
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    assert any(line.startswith("Zeitpunkt;Benutzer;Aktion;") for line in lines)
    assert sum("Anmeldung fehlgeschlagen" in line for line in lines) == 1
    with sessions() as session:
        export = session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert export.actor == "chefin" and export.target == "admin/audit"
    assert export.detail["aktion"] == "login_failed" and export.detail["rows"] == 1


def token_action(client, button, provider=None, name=None, token_id=None) -> dict:
    return fire(client, "admin-token-result", {f"{button}.n_clicks": 1, "admin-token-provider.value": provider,
                                               "admin-token-name.value": name, "admin-token-revoke-id.value": token_id},
                changed=f"{button}.n_clicks", headers=ORIGIN)


def test_admin_creates_and_revokes_an_api_token_the_api_honours_it(secure):
    app, sessions = secure
    admin = client_for(app, "chefin")
    refused = token_action(admin, "admin-token-create", provider=None, name="Fachverfahren")
    assert "Bitte den Träger wählen" in said(refused)
    made = token_action(admin, "admin-token-create", provider="awo", name="Fachverfahren AWO")
    token = next(t for t in texts(made) if t.startswith("imc_"))
    assert "nur jetzt angezeigt" in said(made)
    api = app.server.test_client()
    probe = api.post("/api/v1/projects?dry_run=1", json={"rows": []}, headers={"Authorization": f"Bearer {token}"})
    assert probe.status_code != 401, probe.get_data(as_text=True)[:300]
    shown = show(admin)
    assert "Fachverfahren AWO" in said(shown["admin-tokens"]) and token not in str(shown)  # never shown again
    number = shown["admin-token-revoke-id"]["options"][0]["value"]
    assert "widerrufen" in said(token_action(admin, "admin-token-revoke", token_id=number))
    assert api.post("/api/v1/projects?dry_run=1", json={"rows": []},
                    headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "Nur die Administration" in said(token_action(client_for(app, "gremium"), "admin-token-create",
                                                         provider="awo", name="x"))
    with sessions() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.action.like("token_%")))]
    assert actions == ["token_add", "token_revoke"]
