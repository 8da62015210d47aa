"""Verwaltung callbacks: users, API tokens and audit log for the admin; user actions (add, set
password, lock/unlock) and token actions (create, revoke), each one transaction with an audit event.
Every callback checks the role on the server, so a forged request from another role gets nothing
and changes nothing."""

from __future__ import annotations

import time

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, html, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import on_page, record_refusal, register_revision_watch
from dashboard.auth.roles import may_admin
from dashboard.context import AppContext
from dashboard.identity import current_role, current_user_name
from dashboard.services import admin as report
from dashboard.urls import QueryError, build_query, parse_query
from data.db import read_session, transaction
from layouts import admin, ids

NOT_ALLOWED = "Nur die Administration der Stadt darf Benutzer verwalten; es wurde nichts geändert."
FILTER_KEYS = {ids.ADMIN_AUDIT_ACTOR: "benutzer", ids.ADMIN_AUDIT_ACTION: "aktion",
               ids.ADMIN_AUDIT_FROM: "von", ids.ADMIN_AUDIT_TO: "bis"}


def _alert(message: str, ok: bool) -> dbc.Alert:
    return dbc.Alert(("✔ " if ok else "✖ ") + message, color="success" if ok else "danger", className="py-2 mb-0")


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.ADMIN_USERS, "children"), Output(ids.ADMIN_AUDIT, "children"),
        Output(ids.ADMIN_CHANGE_USER, "options"), Output(ids.ADMIN_NEW_PROVIDER, "options"),
        Output(ids.ADMIN_AUDIT_ACTOR, "options"), Output(ids.ADMIN_AUDIT_ACTION, "options"),
        Output(ids.ADMIN_LOCATION, "search"), Output(ids.ADMIN_MESSAGE, "children"),
        Output(ids.ADMIN_REFRESH, "interval"), Output(ids.ADMIN_TOKENS, "children"),
        Output(ids.ADMIN_TOKEN_PROVIDER, "options"), Output(ids.ADMIN_TOKEN_REVOKE_ID, "options"),
        Input(ids.ADMIN_LOCATION, "search"), Input(ids.ADMIN_REVISION, "data"),
        Input(ids.ADMIN_AUDIT_ACTOR, "value"), Input(ids.ADMIN_AUDIT_ACTION, "value"),
        Input(ids.ADMIN_AUDIT_FROM, "date"), Input(ids.ADMIN_AUDIT_TO, "date"),
        State(ids.ADMIN_LOCATION, "pathname"),
    )
    def update_admin(search, _revision, actor, action, since, until, pathname):
        if not on_page(pathname, admin.PATH):
            raise PreventUpdate
        if not may_admin(current_role()):
            return (admin.no_access(), None, [], [], [], [], no_update, None, ctx.settings.refresh_seconds * 1000,
                    None, [], [])
        query = parse_query(search)
        if dash_ctx.triggered_id in FILTER_KEYS:
            query = {**query, "benutzer": "" if actor == admin.ANY else actor or "",
                     "aktion": "" if action == admin.ANY else action or "",
                     "von": (since or "")[:10], "bis": (until or "")[:10], "seite": ""}  # a new filter: page 1
        new_search = build_query(query)
        message = None
        with read_session(ctx.sessions) as session:
            try:
                wanted = report.audit_filter(query)
            except QueryError as error:
                wanted, message = report.AuditFilter(), dbc.Alert(str(error), color="warning")
            rows = report.user_rows(session)
            audit_page = report.audit_page(session, wanted)  # only this page goes to the browser
            actors, actions = report.audit_choices(session)
            providers = report.provider_choices(session)
            token_rows = report.token_rows(session)
        return (admin.users(rows), admin.audit(audit_page.rows, total=audit_page.total, page=audit_page.page,
                                               pages=audit_page.pages, first=audit_page.first),
                [{"label": f"{r['username']} ({r['role_text']}{', gesperrt' if not r['active'] else ''})",
                  "value": r["username"]} for r in rows],
                [{"label": name, "value": code} for code, name in providers],
                admin.choice_options(actors), admin.choice_options(actions, report.ACTION_TEXT),
                new_search if new_search != (search or "") else no_update, message,
                ctx.settings.refresh_seconds * 1000, admin.tokens(token_rows),
                [{"label": name, "value": code} for code, name in providers],
                [{"label": f"Nr. {t['id']}: {t['provider_name']} – {t['name']}", "value": str(t["id"])}
                 for t in token_rows if not t["revoked_at"]])

    register_revision_watch(app, ctx, ids.ADMIN_REVISION, ids.ADMIN_REFRESH)

    @app.callback(
        Output(ids.ADMIN_LOCATION, "search", allow_duplicate=True),
        Input({"type": ids.ADMIN_AUDIT_PAGE_BUTTON, "button": ALL, "page": ALL}, "n_clicks"),
        State(ids.ADMIN_LOCATION, "search"),
        prevent_initial_call=True,
    )
    def turn_audit_page(clicks, search):
        """A pager button puts its page into the URL; `update_admin` then reads that page (and checks the role)."""
        trigger = dash_ctx.triggered_id
        if not trigger or not any(clicks):
            raise PreventUpdate
        target = int(trigger["page"])
        return build_query({**parse_query(search), "seite": str(target) if target > 1 else ""})

    @app.callback(
        Output(ids.ADMIN_NEW_RESULT, "children"), Output(ids.ADMIN_REVISION, "data", allow_duplicate=True),
        Output(ids.ADMIN_NEW_PASSWORD, "value"), Output(ids.ADMIN_NEW_NAME, "invalid"),
        Output(ids.ADMIN_NEW_ROLE, "invalid"), Output(ids.ADMIN_NEW_PROVIDER, "invalid"),
        Output(ids.ADMIN_NEW_PASSWORD, "invalid"),
        Input(ids.ADMIN_NEW_SUBMIT, "n_clicks"),
        State(ids.ADMIN_NEW_NAME, "value"), State(ids.ADMIN_NEW_ROLE, "value"),
        State(ids.ADMIN_NEW_PROVIDER, "value"), State(ids.ADMIN_NEW_PASSWORD, "value"),
        prevent_initial_call=True,
    )
    def add_user(_clicks, username, role, provider, password):
        if not may_admin(current_role()):
            record_refusal(ctx, "users", NOT_ALLOWED)
            return _alert(NOT_ALLOWED, False), no_update, "", False, False, False, False
        try:
            with transaction(ctx.sessions) as session:
                name = report.add_user(session, username, role, provider, password, actor=current_user_name())
        except report.AdminError as error:
            flags = [error.field == f for f in ("username", "role", "provider", "password")]
            return _alert(str(error), False), no_update, no_update, *flags
        return (_alert(f"Benutzer „{name}“ angelegt.", True), f"u{time.time()}", "", False, False, False, False)

    @app.callback(
        Output(ids.ADMIN_CHANGE_RESULT, "children"), Output(ids.ADMIN_REVISION, "data", allow_duplicate=True),
        Output(ids.ADMIN_CHANGE_PASSWORD, "value"), Output(ids.ADMIN_CHANGE_PASSWORD, "invalid"),
        Input(ids.ADMIN_CHANGE_PASSWORD_SUBMIT, "n_clicks"), Input(ids.ADMIN_DISABLE_SUBMIT, "n_clicks"),
        Input(ids.ADMIN_ENABLE_SUBMIT, "n_clicks"),
        State(ids.ADMIN_CHANGE_USER, "value"), State(ids.ADMIN_CHANGE_PASSWORD, "value"),
        prevent_initial_call=True,
    )
    def change_user(_password_clicks, _disable_clicks, _enable_clicks, username, password):
        if not may_admin(current_role()):
            record_refusal(ctx, "users", NOT_ALLOWED)
            return _alert(NOT_ALLOWED, False), no_update, "", False
        action = dash_ctx.triggered_id
        actor = current_user_name()
        try:
            with transaction(ctx.sessions) as session:
                if action == ids.ADMIN_CHANGE_PASSWORD_SUBMIT:
                    report.change_password(session, username, password, actor=actor)
                    done = f"Neues Passwort für „{username}“ gesetzt; offene Sitzungen sind beendet."
                else:
                    active = action == ids.ADMIN_ENABLE_SUBMIT
                    report.set_active(session, username, active, actor=actor)
                    done = f"„{username}“ ist {'wieder freigegeben' if active else 'gesperrt; offene Sitzungen sind beendet'}."
        except report.AdminError as error:
            return _alert(str(error), False), no_update, no_update, error.field == "password"
        return _alert(done, True), f"u{time.time()}", "", False

    @app.callback(
        Output(ids.ADMIN_TOKEN_RESULT, "children"), Output(ids.ADMIN_REVISION, "data", allow_duplicate=True),
        Output(ids.ADMIN_TOKEN_NAME, "value"),
        Input(ids.ADMIN_TOKEN_CREATE, "n_clicks"), Input(ids.ADMIN_TOKEN_REVOKE, "n_clicks"),
        State(ids.ADMIN_TOKEN_PROVIDER, "value"), State(ids.ADMIN_TOKEN_NAME, "value"),
        State(ids.ADMIN_TOKEN_REVOKE_ID, "value"),
        prevent_initial_call=True,
    )
    def change_token(_create, _revoke, provider, name, token_id):
        if not may_admin(current_role()):
            record_refusal(ctx, "api_tokens", NOT_ALLOWED)
            return _alert(NOT_ALLOWED, False), no_update, no_update
        try:
            with transaction(ctx.sessions) as session:
                if dash_ctx.triggered_id == ids.ADMIN_TOKEN_CREATE:
                    number, token = report.create_token(session, provider, name, actor=current_user_name())
                else:
                    number, token = report.revoke_token(session, token_id, actor=current_user_name()), None
        except report.AdminError as error:
            return _alert(str(error), False), no_update, no_update
        if token is None:
            return _alert(f"Zugang Nr. {number} ist widerrufen; das Fachverfahren wird ab sofort abgewiesen.",
                          True), f"t{time.time()}", no_update
        shown = dbc.Alert([html.Strong(f"✔ Zugang Nr. {number} erstellt. "),
                           "Das Token wird nur jetzt angezeigt – bitte sofort sicher an den Träger übergeben:",
                           html.Pre(token, className="token-once mt-2 mb-0")], color="success", className="py-2 mb-0")
        return shown, f"t{time.time()}", ""
