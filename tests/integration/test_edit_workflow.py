"""The edit workflow (callbacks.common.run_edit), called directly as a test calls any callback: the
permission check runs inside the one write transaction; a refusal writes nothing but its audit row."""

from __future__ import annotations

import pytest
from dash import no_update
from flask_login import login_user
from sqlalchemy import text

from callbacks import admin as admin_callbacks
from callbacks import funds, staffing, volunteering
from dashboard.auth import AuthUser
from dashboard.context import AppContext
from tests.helpers import texts


class CountingSessions:
    """The app's sessionmaker, counting the sessions an edit opens."""

    def __init__(self, factory):
        self.factory, self.opened = factory, 0

    def __call__(self, *args, **kwargs):
        self.opened += 1
        return self.factory(*args, **kwargs)


@pytest.fixture
def edits(secure):
    """(call, sessions): `call(username, fn, *values)` runs callback `fn(ctx, *values)` in a request of
    that logged-in user (tests.helpers.ROLE_USERS) and returns (result, sessions the edit opened)."""
    app, sessions = secure
    base = app.server.extensions["im_cockpit"]

    def call(username, fn, *values):
        with sessions() as s:
            row = s.execute(text("SELECT u.id, u.role, u.session_version, p.code FROM users u LEFT JOIN "
                                 "providers p ON p.id = u.provider_id WHERE u.username = :n"),
                            {"n": username}).one()
        counting = CountingSessions(base.sessions)
        ctx = AppContext(settings=base.settings, engine=base.engine, sessions=counting, figures=base.figures)
        with app.server.test_request_context("/_dash-update-component", method="POST"):
            login_user(AuthUser(row.id, username, row.role, row.code, row.session_version))
            return fn(ctx, *values), counting.opened

    return call, sessions


def count(sessions, sql: str, **params) -> int:
    with sessions() as s:
        return s.execute(text(sql), params).scalar_one()


def provider_id(sessions, code: str) -> int:
    return count(sessions, "SELECT id FROM providers WHERE code = :c", c=code)


def snapshot(sessions) -> dict:
    tables = ("funds_entries", "positions", "volunteer_projects", "users", "audit_log")
    return {t: count(sessions, f"SELECT COUNT(*) FROM {t}") for t in tables} | {
        "revision": count(sessions, "SELECT revision FROM dataset_info")}


def refusals(sessions, target: str) -> list:
    with sessions() as s:
        return s.execute(text("SELECT actor, detail FROM audit_log WHERE action = 'edit_refused' AND target = :t"),
                         {"t": target}).all()


def expense(caritas: int) -> tuple:
    return 1, "2026", str(caritas), "2026-11-20", "12,50", "Fahrkarten"


def test_a_refused_expense_writes_nothing_and_leaves_one_audit_row(edits):
    call, sessions = edits
    before = snapshot(sessions)
    (message, revision, *rest), opened = call("awo", funds.book_expense, *expense(provider_id(sessions, "caritas")))
    assert "Als Träger können Sie nur die Daten Ihres eigenen Trägers ändern." in texts(message)
    assert "✖ Nicht gebucht:" in texts(message)
    assert revision is no_update and rest == [no_update, no_update, True, False, False]  # the Träger is wrong
    after = snapshot(sessions)
    assert after == {**before, "audit_log": before["audit_log"] + 1}  # nothing but the refusal
    [(actor, detail)] = refusals(sessions, "funds_entries")
    assert actor == "awo" and "caritas" in str(detail) and "provider" in str(detail)
    assert opened == 2  # the write transaction (rolled back), the refusal's own


def test_an_allowed_expense_is_booked_and_returns_the_new_revision(edits):
    call, sessions = edits
    before = snapshot(sessions)
    (message, revision, *rest), opened = call("awo", funds.book_expense, *expense(provider_id(sessions, "awo")))
    assert any(t.startswith("Gebucht: Ausgabe der AWO über 12,50") for t in texts(message)), texts(message)
    after = snapshot(sessions)
    assert after["funds_entries"] == before["funds_entries"] + 1
    assert revision == after["revision"] and after["revision"] > before["revision"]
    assert rest == ["", "", False, False, False]
    assert refusals(sessions, "funds_entries") == []
    assert opened == 1  # the year, the check, the booking and the answer: one transaction


def test_a_form_error_writes_nothing_and_is_not_a_refusal(edits):
    call, sessions = edits
    before = snapshot(sessions)
    values = (1, "2026", "", "2026-11-20", "zwölf", "")
    (message, revision, *rest), opened = call("leser", funds.book_expense, *values)
    assert "✖ Nicht gebucht:" in texts(message) and rest[-3:] == [True, True, True]
    assert snapshot(sessions) == before and opened == 1  # the form is checked before the permission


def test_only_the_city_books_a_transfer(edits):
    call, sessions = edits
    awo, caritas = provider_id(sessions, "awo"), provider_id(sessions, "caritas")
    values = (1, "2026", str(awo), str(caritas), "2026-11-20", "10", "2026-11-01", "KK-1/2026", "Ausgleich")
    before = snapshot(sessions)
    (message, *_), _ = call("awo", funds.book_transfer, *values)
    assert "Diese Änderung nimmt die Administration der Stadt vor" in " ".join(texts(message))
    assert snapshot(sessions) == {**before, "audit_log": before["audit_log"] + 1}
    (message, revision, *_), opened = call("chefin", funds.book_transfer, *values)
    assert revision == snapshot(sessions)["revision"] and opened == 1
    assert count(sessions, "SELECT COUNT(*) FROM funds_entries") == before["funds_entries"] + 1


def test_a_position_of_another_traeger_is_refused_inside_the_transaction(edits):
    call, sessions = edits
    caritas_post = count(sessions, "SELECT MIN(id) FROM positions WHERE provider_id = :p",
                         p=provider_id(sessions, "caritas"))
    values = (1, str(caritas_post), None, None, None, "0,5", "0,5", "", "", False, "2026-11-22")
    before = snapshot(sessions)
    (message, revision, selected), _ = call("awo", staffing.save_position, *values)
    assert "Nicht gespeichert:" in " ".join(texts(message)) and revision is no_update and selected is no_update
    assert snapshot(sessions) == {**before, "audit_log": before["audit_log"] + 1}
    (message, revision, _), opened = call("chefin", staffing.save_position, *values)
    assert any(t.startswith("Gespeichert: 0,5 VZÄ Soll") for t in texts(message)) and opened == 1
    assert revision == snapshot(sessions)["revision"] > before["revision"]


def test_a_viewer_cannot_add_a_project(edits):
    call, sessions = edits
    values = (1, "new", "Sprachcafé", "language", str(provider_id(sessions, "awo")), "citywide", "Rathaus",
              "1", "2", "0", "0", "2026-11-01", None)
    before = snapshot(sessions)
    (message, revision, selected, *invalid), _ = call("leser", volunteering.save_project, *values)
    assert "✖ Nicht gespeichert:" in texts(message) and revision is no_update
    assert invalid[volunteering.FIELDS.index("provider")] is True
    assert snapshot(sessions) == {**before, "audit_log": before["audit_log"] + 1}
    [(actor, _detail)] = refusals(sessions, "projects")
    assert actor == "leser"


def test_only_the_administration_adds_users(edits):
    call, sessions = edits
    values = (1, "k.neu", "viewer", None, "ein-langes-neues-passwort-9")
    before = snapshot(sessions)
    (message, revision, password, *invalid), _ = call("gremium", admin_callbacks.add_user, *values)
    assert texts(message) == ["✖ ", admin_callbacks.NOT_ALLOWED] and revision is no_update and password == ""
    assert snapshot(sessions) == {**before, "audit_log": before["audit_log"] + 1}
    (message, revision, *_), opened = call("chefin", admin_callbacks.add_user, *values)
    assert texts(message) == ["✔ ", "Benutzer „k.neu“ angelegt."] and opened == 1
    assert count(sessions, "SELECT COUNT(*) FROM users") == before["users"] + 1
