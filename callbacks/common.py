"""Glue every page shares: "is this page still shown?" and the live refresh of a page's data.

A page listens only to its own URL, revision store and interval (see `layouts.components.PageSync`):
Dash fires a callback whose inputs are partly missing with an error, so a page callback listening to
the shell's URL or revision would log errors on every other page.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx

from dashboard import services
from dashboard.auth.roles import PermissionDenied, check_edit, may_admin
from dashboard.context import AppContext
from dashboard.identity import current_provider_code, current_role, current_user_name
from dashboard.urls import QueryError, build_query, parse_day, parse_query
from data import audit
from data.db import read_session, transaction
from data.schema import Provider


def on_page(pathname: str | None, path: str) -> bool:
    """Whether the browser still shows `path` (a leaving page must not write its query elsewhere)."""
    return ((pathname or "/").rstrip("/") or "/") == path


def current_revision(ctx: AppContext) -> int | None:
    with read_session(ctx.sessions) as session:
        stand = services.stand(session)
    return stand["revision"] if stand else None


def resolve_stichtag(session, picked: str | None, search: str | None, date_id: str):
    """The Stichtag a page shows: the date picker's when it fired, else the URL's, else the data's.

    Returns (day, message): a German warning when the URL's date is invalid (the page then shows the
    data's Stand instead).
    """
    message = None
    try:
        day = parse_day(picked if dash_ctx.triggered_id == date_id else parse_query(search).get("stichtag"))
    except QueryError as error:
        day, message = None, dbc.Alert(str(error), color="warning")
    return day or services.default_day(session), message


def stichtag_outputs(day, picked: str | None, search: str | None) -> tuple:
    """The picker's date and the URL query for `day`, each only when it changes (no flicker, no loop)."""
    new_search = build_query({**parse_query(search), "stichtag": day.isoformat()})
    return (day.isoformat() if picked != day.isoformat() else no_update,
            new_search if new_search != (search or "") else no_update)


def figures(ctx: AppContext, session, fn, *args, **kwargs):
    """A page's figures through the revision cache, keyed by the user's role and Träger too."""
    return ctx.figures.call(session, (current_role(), current_provider_code()), fn, *args, **kwargs)


def register_revision_watch(app: Dash, ctx: AppContext, revision_id: str, interval_id: str) -> None:
    """Poll the data revision; a new one (an import, another person's edit) redraws the page."""

    @app.callback(
        Output(revision_id, "data", allow_duplicate=True),
        Input(interval_id, "n_intervals"), State(revision_id, "data"),
        prevent_initial_call=True,
    )
    def watch_revision(_n, known_revision):
        current = current_revision(ctx)
        return current if current != known_revision else no_update


def record_refusal(ctx: AppContext, target: str, reason: str, **detail) -> None:
    """Write a refused edit to the audit log (who, what, why), in its own transaction."""
    from flask import has_request_context, request

    ip = request.remote_addr if has_request_context() else None
    with transaction(ctx.sessions) as session:
        audit.record(session, current_user_name(), "edit_refused", target,
                     {"reason": reason, "role": current_role(), **detail}, ip=ip)


def edit_refusal(ctx: AppContext, provider_id: int | None = None, *, city_only: bool = False,
                 target: str = "edit") -> str | None:
    """Why the logged-in user may not change records of this Träger (None: allowed).

    Checked on the server in every edit callback, so a forged request is refused like a click; a
    refusal is written to the audit log (`edit_refused`, `target` names what was to be changed).
    `city_only`: changes only the city's administration makes (e.g. transfers decided by the
    Koordinierungskreis).
    """
    role, own = current_role(), current_provider_code()
    if city_only:
        if may_admin(role):
            return None
        refusal = "Diese Änderung nimmt die Administration der Stadt vor (Beschluss des Koordinierungskreises)."
        record_refusal(ctx, target, refusal)
        return refusal
    code = None
    if provider_id is not None:
        with read_session(ctx.sessions) as session:
            provider = session.get(Provider, provider_id)
            code = provider.code if provider else None
    try:
        check_edit(role, own, code)
    except PermissionDenied as refused:
        record_refusal(ctx, target, str(refused), provider=code)
        return str(refused)
    return None
