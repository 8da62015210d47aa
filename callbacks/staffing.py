"""Personal (VZÄ) callbacks: Stichtag ↔ URL and the figures; the form that changes or adds a position.

Every input here is a component of this page (its own `dcc.Location`, revision store and refresh
interval), never a shell id: Dash fires a callback whose inputs are partly missing with an error,
so a page callback listening to the shell's URL or revision would log errors on every other page.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks.common import edit_refusal, on_page, register_revision_watch, resolve_stichtag, stichtag_outputs
from callbacks.common import figures as cached
from dashboard import services
from dashboard.context import AppContext
from dashboard.identity import current_user_name
from dashboard.model.formatting import fmt_date
from dashboard.services import staffing as staffing_report
from dashboard.urls import QueryError, parse_day
from data import positions
from data.db import read_session, transaction
from layouts import ids, staffing


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.STAFFING_KPIS, "children"), Output(ids.STAFFING_PLAN, "children"),
        Output(ids.STAFFING_CONTENT, "children"), Output(ids.STAFFING_DATE, "date"),
        Output(ids.STAFFING_LOCATION, "search"), Output(ids.STAFFING_MESSAGE, "children"),
        Output(ids.STAFFING_EDIT_POSITION, "options"), Output(ids.STAFFING_EDIT_PROVIDER, "options"),
        Output(ids.STAFFING_REVISION, "data"), Output(ids.STAFFING_REFRESH, "interval"),
        Input(ids.STAFFING_DATE, "date"), Input(ids.STAFFING_LOCATION, "search"),
        Input(ids.STAFFING_REVISION, "data"),
        State(ids.STAFFING_LOCATION, "pathname"),
    )
    def update_staffing(picked, search, known_revision, pathname):
        if not on_page(pathname, staffing.PATH):
            raise PreventUpdate  # the person is leaving the page: do not write ?stichtag= elsewhere
        with read_session(ctx.sessions) as session:
            day, message = resolve_stichtag(session, picked, search, ids.STAFFING_DATE)
            fig = cached(ctx, session, staffing_report.staffing, ctx.settings, day)
        revision = fig["stand"]["revision"] if fig["stand"] else None
        return (staffing.kpis(fig), staffing.plan(fig), staffing.content(fig),
                *stichtag_outputs(day, picked, search), message,
                staffing.position_options(fig["positions"]), staffing.provider_options(fig["providers"]),
                revision if revision != known_revision else no_update,
                ctx.settings.refresh_seconds * 1000)

    register_revision_watch(app, ctx, ids.STAFFING_REVISION, ids.STAFFING_REFRESH)

    @app.callback(
        Output(ids.STAFFING_EDIT_PLANNED, "value"), Output(ids.STAFFING_EDIT_FILLED, "value"),
        Output(ids.STAFFING_EDIT_SITE, "value"), Output(ids.STAFFING_EDIT_FUNDED_UNTIL, "value"),
        Output(ids.STAFFING_EDIT_OVERSTAFFING, "value"), Output(ids.STAFFING_EDIT_INFO, "children"),
        Output(ids.STAFFING_EDIT_NEW_FIELDS, "style"),
        Input(ids.STAFFING_EDIT_POSITION, "value"),
        prevent_initial_call=True,
    )
    def fill_form(selected):
        if selected == staffing.NEW:
            values = staffing.form_values(None)
            values["info"] = "Neue Stelle: Träger, Programm und Finanzierung wählen."
        else:
            with read_session(ctx.sessions) as session:
                found = _int_id(selected)
                values = staffing.form_values(
                    positions.position_values(session, found) if found is not None else None)
        return (values["planned"], values["filled"], values["site"], values["funded_until"],
                values["overstaffing"], values["info"],
                {"display": "block"} if selected == staffing.NEW else {"display": "none"})

    @app.callback(
        Output(ids.STAFFING_EDIT_RESULT, "children"), Output(ids.STAFFING_REVISION, "data", allow_duplicate=True),
        Output(ids.STAFFING_EDIT_POSITION, "value"),
        Input(ids.STAFFING_EDIT_SAVE, "n_clicks"),
        State(ids.STAFFING_EDIT_POSITION, "value"), State(ids.STAFFING_EDIT_PROVIDER, "value"),
        State(ids.STAFFING_EDIT_PROGRAMME, "value"), State(ids.STAFFING_EDIT_FUNDING, "value"),
        State(ids.STAFFING_EDIT_PLANNED, "value"), State(ids.STAFFING_EDIT_FILLED, "value"),
        State(ids.STAFFING_EDIT_SITE, "value"), State(ids.STAFFING_EDIT_FUNDED_UNTIL, "value"),
        State(ids.STAFFING_EDIT_OVERSTAFFING, "value"), State(ids.STAFFING_DATE, "date"),
        prevent_initial_call=True,
    )
    def save_position(clicks, selected, provider, programme, funding, planned, filled, site,
                      funded_until, overstaffing, picked):
        if not clicks:
            return no_update, no_update, no_update
        user = current_user_name()
        try:
            if selected in (None, ""):
                raise positions.PositionError(
                    "Stelle: bitte eine Stelle auswählen oder „Neue Stelle anlegen …“ wählen.")
            change = positions.parse_change(planned, filled, site, funded_until, bool(overstaffing))
            owner = _int_id(provider) if selected == staffing.NEW else positions.provider_of(ctx.sessions, _int_id(selected))
            refusal = edit_refusal(ctx, owner, target="positions")
            if refusal:
                raise positions.PositionError(refusal)
            with transaction(ctx.sessions) as session:
                if selected == staffing.NEW:
                    try:
                        day = parse_day(picked)
                    except QueryError:
                        day = None
                    day = day or services.default_day(session)
                    post = positions.add_position(
                        session, provider_id=_int_id(provider), programme=programme or "",
                        funding=funding or "", change=change, valid_from=day, user=user)
                    text = (f"Neue Stelle angelegt: {staffing.fte_text(post.planned_fte)} VZÄ Soll, "
                            f"{staffing.fte_text(post.filled_fte)} besetzt, gültig ab {fmt_date(day)}.")
                else:
                    post = positions.update_position(session, _int_id(selected), change, user=user)
                    text = (f"Gespeichert: {staffing.fte_text(post.planned_fte)} VZÄ Soll, "
                            f"{staffing.fte_text(post.filled_fte)} besetzt (geändert von {user}).")
                post_id = post.id
                stand = services.stand(session)
        except positions.PositionError as error:
            return staffing.error_message(str(error)), no_update, no_update
        return (staffing.saved_message(text), stand["revision"] if stand else no_update,
                str(post_id) if selected == staffing.NEW else no_update)


def _int_id(value) -> int | None:
    """A select's value ("12") → 12; anything else → None (never trusted further)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
