"""Ehrenamt callbacks: Stichtag ↔ URL and the figures; the form that adds or changes a project.

Every input here is a component of this page (its own `dcc.Location`, revision store and refresh
interval), never a shell id (see callbacks/common.py).
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks.common import (
    Edit,
    Rejected,
    access,
    refresh_page,
    register_revision_watch,
    register_table_pager,
    rendered,
    run_edit,
    wire,
)
from dashboard.context import AppContext
from dashboard.model.forms import FormError
from dashboard.model.volunteering import parse_project
from dashboard.services import volunteering as report
from dashboard.urls import QueryError, parse_day, parse_query
from data import projects
from data.db import read_session
from layouts import ids, volunteering
from layouts.components import form_feedback

FIELDS = ("name", "topic", "provider", "district", "site", "volunteers_18_29", "volunteers_30_49",
          "volunteers_50_64", "volunteers_65_plus", "active_from", "active_to")
FIELD_IDS = (ids.VOLUNTEERING_EDIT_NAME, ids.VOLUNTEERING_EDIT_TOPIC, ids.VOLUNTEERING_EDIT_PROVIDER,
             ids.VOLUNTEERING_EDIT_DISTRICT, ids.VOLUNTEERING_EDIT_SITE, *volunteering.BAND_IDS,
             ids.VOLUNTEERING_EDIT_FROM, ids.VOLUNTEERING_EDIT_TO)
NO_PROJECT = "Projekt: bitte ein Projekt auswählen oder „Neues Projekt anlegen …“ wählen."


def _int_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _day(value):
    try:
        return parse_day(value)
    except QueryError:
        return None


def update_volunteering(ctx: AppContext, picked, search, known_revision, pathname):
    with refresh_page(ctx, pathname, volunteering.PATH, search, known_revision) as page:
        day = page.stichtag(picked, ids.VOLUNTEERING_DATE)
        fig = page.figures(report.volunteering, ctx.settings, day)
    revision = fig.revision
    query = parse_query(search)
    return (rendered(ctx, volunteering.kpis, fig), rendered(ctx, volunteering.matrix, fig, query),
            rendered(ctx, volunteering.content, fig, query),
            *page.stichtag_outputs(day, picked), page.message,
            volunteering.project_options(fig.all_projects),
            volunteering.provider_options(access().own_only(fig.providers, lambda p: p.code)),
            volunteering.district_options(fig.districts),
            page.revision(revision), page.interval)


def fill_form(ctx: AppContext, selected, picked):
    """The chosen project's values into the form (a new one: empty, active from the Stichtag)."""
    found = _int_id(selected)
    values = None
    if found is not None:
        with read_session(ctx.sessions) as session:
            values = projects.project_values(session, found)
    v = volunteering.form_values(values, default_from=_day(picked))
    return (v["name"], v["topic"], v["provider"], v["district"], v["site"], *v["bands"], v["from"], v["to"],
            v["info"], *[False] * len(FIELD_IDS))


def write_project(edit: Edit, selected, name, topic, provider, district, site, b1, b2, b3, b4, active_from,
                  active_to) -> tuple[str, int]:
    """Parse, check the Träger (the project's and the chosen one), add or change the project."""
    if selected in (None, ""):
        raise Rejected([FormError(NO_PROJECT, "project")])
    values = edit.form(parse_project(name=name, topic=topic, provider=provider, district=district, site=site,
                                     bands=[b1, b2, b3, b4], active_from=active_from, active_to=active_to))
    project_id = _int_id(selected)  # None: a new project ("Neues Projekt anlegen …")
    if project_id is not None:
        edit.allow(projects.provider_of(edit.session, project_id), field="provider")
    edit.allow(values.provider_id, field="provider")
    if project_id is None:
        saved = projects.add_project(edit.session, values, user=edit.user)
        return f"Neues Projekt „{saved.name}“ angelegt ({saved.volunteers} Ehrenamtliche).", saved.id
    saved = projects.update_project(edit.session, project_id, values, user=edit.user)
    return f"Gespeichert: „{saved.name}“, {saved.volunteers} Ehrenamtliche (geändert von {edit.user}).", saved.id


def save_project(ctx: AppContext, clicks, selected, *fields):
    if not clicks:
        raise PreventUpdate
    done = run_edit(ctx, "projects", write_project, selected, *fields, errors=(FormError,))
    if not done.ok:
        return form_feedback(done.messages), no_update, no_update, *done.invalid(*FIELDS)
    text, saved_id = done.done
    return (form_feedback(success=text), done.revision,
            str(saved_id) if _int_id(selected) is None else no_update, *[False] * len(FIELD_IDS))


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_volunteering,
         Output(ids.VOLUNTEERING_KPIS, "children"), Output(ids.VOLUNTEERING_MATRIX, "children"),
         Output(ids.VOLUNTEERING_CONTENT, "children"), Output(ids.VOLUNTEERING_DATE, "date"),
         Output(ids.VOLUNTEERING_LOCATION, "search"), Output(ids.VOLUNTEERING_MESSAGE, "children"),
         Output(ids.VOLUNTEERING_EDIT_PROJECT, "options"), Output(ids.VOLUNTEERING_EDIT_PROVIDER, "options"),
         Output(ids.VOLUNTEERING_EDIT_DISTRICT, "options"),
         Output(ids.VOLUNTEERING_REVISION, "data"), Output(ids.VOLUNTEERING_REFRESH, "interval"),
         Input(ids.VOLUNTEERING_DATE, "date"), Input(ids.VOLUNTEERING_LOCATION, "search"),
         Input(ids.VOLUNTEERING_REVISION, "data"),
         State(ids.VOLUNTEERING_LOCATION, "pathname"))
    register_revision_watch(app, ctx, ids.VOLUNTEERING_REVISION, ids.VOLUNTEERING_REFRESH)
    register_table_pager(app, ctx, volunteering.PAGE, ids.VOLUNTEERING_LOCATION)
    wire(app, ctx, fill_form,
         *[Output(i, "value") for i in FIELD_IDS], Output(ids.VOLUNTEERING_EDIT_INFO, "children"),
         *[Output(i, "invalid", allow_duplicate=True) for i in FIELD_IDS],
         Input(ids.VOLUNTEERING_EDIT_PROJECT, "value"), State(ids.VOLUNTEERING_DATE, "date"),
         prevent_initial_call=True)
    wire(app, ctx, save_project,
         Output(ids.VOLUNTEERING_EDIT_RESULT, "children"),
         Output(ids.VOLUNTEERING_REVISION, "data", allow_duplicate=True),
         Output(ids.VOLUNTEERING_EDIT_PROJECT, "value"),
         *[Output(i, "invalid", allow_duplicate=True) for i in FIELD_IDS],
         Input(ids.VOLUNTEERING_EDIT_SAVE, "n_clicks"),
         State(ids.VOLUNTEERING_EDIT_PROJECT, "value"), *[State(i, "value") for i in FIELD_IDS],
         running=[(Output(ids.VOLUNTEERING_EDIT_SAVE, "disabled"), True, False)],
         prevent_initial_call=True)
