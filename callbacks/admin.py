"""Verwaltung callbacks: users, API tokens and audit log for the admin; user actions (add, set
password, lock/unlock) and token actions (create, revoke), each one transaction with an audit event.
Every callback checks the role on the server, so a forged request from another role gets nothing
and changes nothing."""

from __future__ import annotations

import time

from dash import ALL, Dash, Input, Output, State, html, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import Edit, refresh_page, register_revision_watch, run_edit, wire
from dashboard.auth.roles import Action, may_admin
from dashboard.context import AppContext
from dashboard.identity import current_role
from dashboard.services import admin as report
from dashboard.urls import QueryError, build_query, parse_query
from layouts import admin, ids
from layouts.components import form_feedback, warning

NOT_ALLOWED = "Nur die Administration der Stadt darf Benutzer verwalten; es wurde nichts geändert."
FILTER_KEYS = {ids.ADMIN_AUDIT_ACTOR: "benutzer", ids.ADMIN_AUDIT_ACTION: "aktion", ids.ADMIN_AUDIT_DATES: "von, bis"}
# An empty dcc.DatePickerSingle reports `date: undefined` right after it mounts (Dash 4.4); listening
# to the pickers directly, the page would load twice and the echo would reset the URL's page. The
# browser relays the dates into one store only when they really change.
RELAY_DATES = """function(since, until, known) {
    const wanted = {von: since ? since.slice(0, 10) : null, bis: until ? until.slice(0, 10) : null};
    if (known && (known.von || null) === wanted.von && (known.bis || null) === wanted.bis) {
        return window.dash_clientside.no_update;
    }
    return wanted;
}"""


def _relayed(dates, key: str) -> str | None:
    """A date the browser relayed ({"von": "2026-11-01", "bis": None}); anything else (a forged store)
    counts as no date, and the URL filter's own check names a bad one."""
    value = dates.get(key) if isinstance(dates, dict) else None
    return value if isinstance(value, str) else None


def _alert(message: str, ok: bool):
    return form_feedback(success=message) if ok else form_feedback(message, title=None)


def _query(search, actor, action, since, until) -> dict:
    """The URL state: a changed audit filter goes into the URL (and back to page 1)."""
    query = parse_query(search)
    if dash_ctx.triggered_id in FILTER_KEYS:
        query = {**query, "benutzer": "" if actor == admin.ANY else actor or "",
                 "aktion": "" if action == admin.ANY else action or "",
                 "von": (since or "")[:10], "bis": (until or "")[:10], "seite": ""}
    return query


def _read(session, query: dict) -> dict:
    """Everything the page shows, read in one session; `message` warns about a broken URL filter."""
    message = None
    try:
        wanted = report.audit_filter(query)
    except QueryError as error:
        wanted, message = report.AuditFilter(), warning(str(error))
    actors, actions = report.audit_choices(session)
    return {"message": message, "users": report.user_rows(session), "actors": actors, "actions": actions,
            "audit": report.audit_page(session, wanted),  # only this page goes to the browser
            "providers": report.provider_choices(session), "tokens": report.token_rows(session)}


def _options(view: dict) -> tuple[list, list, list]:
    """Choices of the forms: users (with role, locked), Träger, tokens that can still be revoked."""
    users = [{"label": f"{r['username']} ({r['role_text']}{', gesperrt' if not r['active'] else ''})",
              "value": r["username"]} for r in view["users"]]
    providers = [{"label": name, "value": code} for code, name in view["providers"]]
    tokens = [{"label": f"Nr. {t['id']}: {t['provider_name']} – {t['name']}", "value": str(t["id"])}
              for t in view["tokens"] if not t["revoked_at"]]
    return users, providers, tokens


def update_admin(ctx: AppContext, search, _revision, actor, action, dates, pathname):
    since, until = _relayed(dates, "von"), _relayed(dates, "bis")
    with refresh_page(ctx, pathname, admin.PATH, search) as page:
        if not may_admin(current_role()):
            return (admin.no_access(), None, [], [], [], [], no_update, None, page.interval, None, [], [])
        query = _query(search, actor, action, since, until)
        view = _read(page.session, query)
    users, providers, tokens = _options(view)
    shown = view["audit"]
    return (admin.users(view["users"]),
            admin.audit(shown.rows, total=shown.total, page=shown.page, pages=shown.pages, first=shown.first),
            users, providers, admin.choice_options(view["actors"]),
            admin.choice_options(view["actions"], report.ACTION_TEXT), page.query(query), view["message"],
            page.interval, admin.tokens(view["tokens"]), providers, tokens)


def turn_audit_page(ctx: AppContext, clicks, search):
    """A pager button puts its page into the URL; `update_admin` then reads that page (and checks the role)."""
    trigger = dash_ctx.triggered_id
    if not trigger or not any(clicks):
        raise PreventUpdate
    target = int(trigger["page"])
    return build_query({**parse_query(search), "seite": str(target) if target > 1 else ""})


def write_user(edit: Edit, username, role, provider, password) -> str:
    edit.allow_action(Action.administer, refusal=NOT_ALLOWED)
    return report.add_user(edit.session, username, role, provider, password, actor=edit.user)


def add_user(ctx: AppContext, _clicks, username, role, provider, password):
    done = run_edit(ctx, "users", write_user, username, role, provider, password, errors=(report.AdminError,))
    if done.refused:
        return _alert(NOT_ALLOWED, False), no_update, "", False, False, False, False
    if not done.ok:
        return (_alert(done.messages[0], False), no_update, no_update,
                *done.invalid("username", "role", "provider", "password"))
    return _alert(f"Benutzer „{done.done}“ angelegt.", True), f"u{time.time()}", "", False, False, False, False


def write_user_change(edit: Edit, action, username, password) -> str:
    edit.allow_action(Action.administer, refusal=NOT_ALLOWED)
    if action == ids.ADMIN_CHANGE_PASSWORD_SUBMIT:
        report.change_password(edit.session, username, password, actor=edit.user)
        return f"Neues Passwort für „{username}“ gesetzt; offene Sitzungen sind beendet."
    active = action == ids.ADMIN_ENABLE_SUBMIT
    report.set_active(edit.session, username, active, actor=edit.user)
    return f"„{username}“ ist {'wieder freigegeben' if active else 'gesperrt; offene Sitzungen sind beendet'}."


def change_user(ctx: AppContext, _password_clicks, _disable_clicks, _enable_clicks, username, password):
    done = run_edit(ctx, "users", write_user_change, dash_ctx.triggered_id, username, password,
                    errors=(report.AdminError,))
    if done.refused:
        return _alert(NOT_ALLOWED, False), no_update, "", False
    if not done.ok:
        return _alert(done.messages[0], False), no_update, no_update, *done.invalid("password")
    return _alert(done.done, True), f"u{time.time()}", "", False


def write_token(edit: Edit, action, provider, name, token_id) -> tuple[int, str | None]:
    edit.allow_action(Action.administer, refusal=NOT_ALLOWED)
    if action == ids.ADMIN_TOKEN_CREATE:
        return report.create_token(edit.session, provider, name, actor=edit.user)
    return report.revoke_token(edit.session, token_id, actor=edit.user), None


def change_token(ctx: AppContext, _create, _revoke, provider, name, token_id):
    done = run_edit(ctx, "api_tokens", write_token, dash_ctx.triggered_id, provider, name, token_id,
                    errors=(report.AdminError,))
    if not done.ok:
        return _alert(done.messages[0], False), no_update, no_update
    number, token = done.done
    if token is None:
        return _alert(f"Zugang Nr. {number} ist widerrufen; das Fachverfahren wird ab sofort abgewiesen.",
                      True), f"t{time.time()}", no_update
    shown = form_feedback(success=[html.Strong(f"Zugang Nr. {number} erstellt. "),
                                   "Das Token wird nur jetzt angezeigt – bitte sofort sicher an den Träger übergeben:",
                                   html.Pre(token, className="token-once mt-2 mb-0")])
    return shown, f"t{time.time()}", ""


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_admin,
         Output(ids.ADMIN_USERS, "children"), Output(ids.ADMIN_AUDIT, "children"),
         Output(ids.ADMIN_CHANGE_USER, "options"), Output(ids.ADMIN_NEW_PROVIDER, "options"),
         Output(ids.ADMIN_AUDIT_ACTOR, "options"), Output(ids.ADMIN_AUDIT_ACTION, "options"),
         Output(ids.ADMIN_LOCATION, "search"), Output(ids.ADMIN_MESSAGE, "children"),
         Output(ids.ADMIN_REFRESH, "interval"), Output(ids.ADMIN_TOKENS, "children"),
         Output(ids.ADMIN_TOKEN_PROVIDER, "options"), Output(ids.ADMIN_TOKEN_REVOKE_ID, "options"),
         Input(ids.ADMIN_LOCATION, "search"), Input(ids.ADMIN_REVISION, "data"),
         Input(ids.ADMIN_AUDIT_ACTOR, "value"), Input(ids.ADMIN_AUDIT_ACTION, "value"),
         Input(ids.ADMIN_AUDIT_DATES, "data"),
         State(ids.ADMIN_LOCATION, "pathname"))
    app.clientside_callback(RELAY_DATES, Output(ids.ADMIN_AUDIT_DATES, "data"), Input(ids.ADMIN_AUDIT_FROM, "date"),
                            Input(ids.ADMIN_AUDIT_TO, "date"), State(ids.ADMIN_AUDIT_DATES, "data"),
                            prevent_initial_call=True)
    register_revision_watch(app, ctx, ids.ADMIN_REVISION, ids.ADMIN_REFRESH)
    wire(app, ctx, turn_audit_page,
         Output(ids.ADMIN_LOCATION, "search", allow_duplicate=True),
         Input({"type": ids.ADMIN_AUDIT_PAGE_BUTTON, "button": ALL, "page": ALL}, "n_clicks"),
         State(ids.ADMIN_LOCATION, "search"),
         prevent_initial_call=True)
    wire(app, ctx, add_user,
         Output(ids.ADMIN_NEW_RESULT, "children"), Output(ids.ADMIN_REVISION, "data", allow_duplicate=True),
         Output(ids.ADMIN_NEW_PASSWORD, "value"), Output(ids.ADMIN_NEW_NAME, "invalid"),
         Output(ids.ADMIN_NEW_ROLE, "invalid"), Output(ids.ADMIN_NEW_PROVIDER, "invalid"),
         Output(ids.ADMIN_NEW_PASSWORD, "invalid"),
         Input(ids.ADMIN_NEW_SUBMIT, "n_clicks"),
         State(ids.ADMIN_NEW_NAME, "value"), State(ids.ADMIN_NEW_ROLE, "value"),
         State(ids.ADMIN_NEW_PROVIDER, "value"), State(ids.ADMIN_NEW_PASSWORD, "value"),
         prevent_initial_call=True)
    wire(app, ctx, change_user,
         Output(ids.ADMIN_CHANGE_RESULT, "children"), Output(ids.ADMIN_REVISION, "data", allow_duplicate=True),
         Output(ids.ADMIN_CHANGE_PASSWORD, "value"), Output(ids.ADMIN_CHANGE_PASSWORD, "invalid"),
         Input(ids.ADMIN_CHANGE_PASSWORD_SUBMIT, "n_clicks"), Input(ids.ADMIN_DISABLE_SUBMIT, "n_clicks"),
         Input(ids.ADMIN_ENABLE_SUBMIT, "n_clicks"),
         State(ids.ADMIN_CHANGE_USER, "value"), State(ids.ADMIN_CHANGE_PASSWORD, "value"),
         prevent_initial_call=True)
    wire(app, ctx, change_token,
         Output(ids.ADMIN_TOKEN_RESULT, "children"), Output(ids.ADMIN_REVISION, "data", allow_duplicate=True),
         Output(ids.ADMIN_TOKEN_NAME, "value"),
         Input(ids.ADMIN_TOKEN_CREATE, "n_clicks"), Input(ids.ADMIN_TOKEN_REVOKE, "n_clicks"),
         State(ids.ADMIN_TOKEN_PROVIDER, "value"), State(ids.ADMIN_TOKEN_NAME, "value"),
         State(ids.ADMIN_TOKEN_REVOKE_ID, "value"),
         prevent_initial_call=True)
