"""Personal (VZÄ) callbacks: Stichtag ↔ URL and the figures; the form that changes or adds a position.

Every input here is a component of this page (its own `dcc.Location`, revision store and refresh
interval), never a shell id: Dash fires a callback whose inputs are partly missing with an error,
so a page callback listening to the shell's URL or revision would log errors on every other page.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from callbacks.common import (
    Edit,
    access,
    refresh_page,
    register_revision_watch,
    register_table_pager,
    rendered,
    run_edit,
    wire,
)
from dashboard import services
from dashboard.context import AppContext
from dashboard.model.formatting import fmt_date
from dashboard.services import staffing as staffing_report
from dashboard.urls import QueryError, parse_day, parse_query
from data import positions
from data.db import read_session
from layouts import ids, staffing
from layouts.components import form_feedback

NO_POSITION = "Stelle: bitte eine Stelle auswählen oder „Neue Stelle anlegen …“ wählen."


def update_staffing(ctx: AppContext, picked, search, known_revision, pathname):
    with refresh_page(ctx, pathname, staffing.PATH, search, known_revision) as page:
        day = page.stichtag(picked, ids.STAFFING_DATE)
        fig = page.figures(staffing_report.staffing, ctx.settings, day)
    revision, scope = fig.revision, access()
    return (rendered(ctx, staffing.kpis, fig), rendered(ctx, staffing.plan, fig, parse_query(search)),
            rendered(ctx, staffing.content, fig),
            *page.stichtag_outputs(day, picked), page.message,
            staffing.position_options(scope.own_only(fig.positions, lambda p: p.provider_code)),
            staffing.provider_options(scope.own_only(fig.providers, lambda p: p.code)),
            page.revision(revision), page.interval)


def fill_form(ctx: AppContext, selected):
    """The chosen position's values into the form (a new one: empty, with the Träger fields shown)."""
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


def write_position(edit: Edit, selected, provider, programme, funding, planned, filled, site, funded_until,
                   overstaffing, picked) -> tuple[str, int]:
    """Parse, check the Träger (of the new position, or the one the position belongs to), write."""
    if selected in (None, ""):
        raise positions.PositionError(NO_POSITION)
    change = positions.parse_change(planned, filled, site, funded_until, bool(overstaffing))
    if selected != staffing.NEW:
        edit.allow(positions.provider_of(edit.session, _int_id(selected)))
        post = positions.update_position(edit.session, _int_id(selected), change, user=edit.user)
        return (f"Gespeichert: {staffing.fte_text(post.planned_fte)} VZÄ Soll, "
                f"{staffing.fte_text(post.filled_fte)} besetzt (geändert von {edit.user}).", post.id)
    edit.allow(_int_id(provider))
    day = _day(picked) or services.default_day(edit.session)
    post = positions.add_position(edit.session, provider_id=_int_id(provider), programme=programme or "",
                                  funding=funding or "", change=change, valid_from=day, user=edit.user)
    return (f"Neue Stelle angelegt: {staffing.fte_text(post.planned_fte)} VZÄ Soll, "
            f"{staffing.fte_text(post.filled_fte)} besetzt, gültig ab {fmt_date(day)}.", post.id)


def save_position(ctx: AppContext, clicks, selected, *fields):
    if not clicks:
        return no_update, no_update, no_update
    done = run_edit(ctx, "positions", write_position, selected, *fields, errors=(positions.PositionError,))
    if not done.ok:
        return form_feedback(done.messages), no_update, no_update
    text, post_id = done.done
    return form_feedback(success=text), done.revision, str(post_id) if selected == staffing.NEW else no_update


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_staffing,
         Output(ids.STAFFING_KPIS, "children"), Output(ids.STAFFING_PLAN, "children"),
         Output(ids.STAFFING_CONTENT, "children"), Output(ids.STAFFING_DATE, "date"),
         Output(ids.STAFFING_LOCATION, "search"), Output(ids.STAFFING_MESSAGE, "children"),
         Output(ids.STAFFING_EDIT_POSITION, "options"), Output(ids.STAFFING_EDIT_PROVIDER, "options"),
         Output(ids.STAFFING_REVISION, "data"), Output(ids.STAFFING_REFRESH, "interval"),
         Input(ids.STAFFING_DATE, "date"), Input(ids.STAFFING_LOCATION, "search"),
         Input(ids.STAFFING_REVISION, "data"),
         State(ids.STAFFING_LOCATION, "pathname"))
    register_revision_watch(app, ctx, ids.STAFFING_REVISION, ids.STAFFING_REFRESH)
    register_table_pager(app, ctx, staffing.PAGE, ids.STAFFING_LOCATION)
    wire(app, ctx, fill_form,
         Output(ids.STAFFING_EDIT_PLANNED, "value"), Output(ids.STAFFING_EDIT_FILLED, "value"),
         Output(ids.STAFFING_EDIT_SITE, "value"), Output(ids.STAFFING_EDIT_FUNDED_UNTIL, "value"),
         Output(ids.STAFFING_EDIT_OVERSTAFFING, "value"), Output(ids.STAFFING_EDIT_INFO, "children"),
         Output(ids.STAFFING_EDIT_NEW_FIELDS, "style"),
         Input(ids.STAFFING_EDIT_POSITION, "value"),
         prevent_initial_call=True)
    wire(app, ctx, save_position,
         Output(ids.STAFFING_EDIT_RESULT, "children"), Output(ids.STAFFING_REVISION, "data", allow_duplicate=True),
         Output(ids.STAFFING_EDIT_POSITION, "value"),
         Input(ids.STAFFING_EDIT_SAVE, "n_clicks"),
         State(ids.STAFFING_EDIT_POSITION, "value"), State(ids.STAFFING_EDIT_PROVIDER, "value"),
         State(ids.STAFFING_EDIT_PROGRAMME, "value"), State(ids.STAFFING_EDIT_FUNDING, "value"),
         State(ids.STAFFING_EDIT_PLANNED, "value"), State(ids.STAFFING_EDIT_FILLED, "value"),
         State(ids.STAFFING_EDIT_SITE, "value"), State(ids.STAFFING_EDIT_FUNDED_UNTIL, "value"),
         State(ids.STAFFING_EDIT_OVERSTAFFING, "value"), State(ids.STAFFING_DATE, "date"),
         prevent_initial_call=True)


def _int_id(value) -> int | None:
    """A select's value ("12") → 12; anything else → None (never trusted further)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _day(value):
    try:
        return parse_day(value)
    except QueryError:
        return None
