"""Ehrenamt callbacks: Stichtag ↔ URL and the figures; the form that adds or changes a project.

Every input here is a component of this page (its own `dcc.Location`, revision store and refresh
interval), never a shell id (see callbacks/common.py).
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks.common import edit_refusal, on_page, register_revision_watch, resolve_stichtag, stichtag_outputs
from callbacks.common import figures as cached
from dashboard import services
from dashboard.context import AppContext
from dashboard.identity import current_user_name
from dashboard.model.forms import FormError
from dashboard.model.volunteering import parse_project
from dashboard.services import volunteering as report
from dashboard.urls import QueryError, parse_day
from data import projects
from data.db import read_session, transaction
from layouts import ids, volunteering

FIELDS = ("name", "topic", "provider", "district", "site", "volunteers_18_29", "volunteers_30_49",
          "volunteers_50_64", "volunteers_65_plus", "active_from", "active_to")
FIELD_IDS = (ids.VOLUNTEERING_EDIT_NAME, ids.VOLUNTEERING_EDIT_TOPIC, ids.VOLUNTEERING_EDIT_PROVIDER,
             ids.VOLUNTEERING_EDIT_DISTRICT, ids.VOLUNTEERING_EDIT_SITE, *volunteering.BAND_IDS,
             ids.VOLUNTEERING_EDIT_FROM, ids.VOLUNTEERING_EDIT_TO)


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


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.VOLUNTEERING_KPIS, "children"), Output(ids.VOLUNTEERING_MATRIX, "children"),
        Output(ids.VOLUNTEERING_CONTENT, "children"), Output(ids.VOLUNTEERING_DATE, "date"),
        Output(ids.VOLUNTEERING_LOCATION, "search"), Output(ids.VOLUNTEERING_MESSAGE, "children"),
        Output(ids.VOLUNTEERING_EDIT_PROJECT, "options"), Output(ids.VOLUNTEERING_EDIT_PROVIDER, "options"),
        Output(ids.VOLUNTEERING_EDIT_DISTRICT, "options"),
        Output(ids.VOLUNTEERING_REVISION, "data"), Output(ids.VOLUNTEERING_REFRESH, "interval"),
        Input(ids.VOLUNTEERING_DATE, "date"), Input(ids.VOLUNTEERING_LOCATION, "search"),
        Input(ids.VOLUNTEERING_REVISION, "data"),
        State(ids.VOLUNTEERING_LOCATION, "pathname"),
    )
    def update_volunteering(picked, search, known_revision, pathname):
        if not on_page(pathname, volunteering.PATH):
            raise PreventUpdate  # the person is leaving the page: do not write ?stichtag= elsewhere
        with read_session(ctx.sessions) as session:
            day, message = resolve_stichtag(session, picked, search, ids.VOLUNTEERING_DATE)
            fig = cached(ctx, session, report.volunteering, ctx.settings, day)
        revision = fig.revision
        return (volunteering.kpis(fig), volunteering.matrix(fig), volunteering.content(fig),
                *stichtag_outputs(day, picked, search), message,
                volunteering.project_options(fig.all_projects),
                volunteering.provider_options(fig.providers),
                volunteering.district_options(fig.districts),
                revision if revision != known_revision else no_update,
                ctx.settings.refresh_seconds * 1000)

    register_revision_watch(app, ctx, ids.VOLUNTEERING_REVISION, ids.VOLUNTEERING_REFRESH)

    @app.callback(
        *[Output(i, "value") for i in FIELD_IDS], Output(ids.VOLUNTEERING_EDIT_INFO, "children"),
        *[Output(i, "invalid", allow_duplicate=True) for i in FIELD_IDS],
        Input(ids.VOLUNTEERING_EDIT_PROJECT, "value"), State(ids.VOLUNTEERING_DATE, "date"),
        prevent_initial_call=True,
    )
    def fill_form(selected, picked):
        found = _int_id(selected)
        values = None
        if found is not None:
            with read_session(ctx.sessions) as session:
                values = projects.project_values(session, found)
        v = volunteering.form_values(values, default_from=_day(picked))
        return (v["name"], v["topic"], v["provider"], v["district"], v["site"], *v["bands"], v["from"], v["to"],
                v["info"], *[False] * len(FIELD_IDS))

    @app.callback(
        Output(ids.VOLUNTEERING_EDIT_RESULT, "children"),
        Output(ids.VOLUNTEERING_REVISION, "data", allow_duplicate=True),
        Output(ids.VOLUNTEERING_EDIT_PROJECT, "value"),
        *[Output(i, "invalid", allow_duplicate=True) for i in FIELD_IDS],
        Input(ids.VOLUNTEERING_EDIT_SAVE, "n_clicks"),
        State(ids.VOLUNTEERING_EDIT_PROJECT, "value"), *[State(i, "value") for i in FIELD_IDS],
        running=[(Output(ids.VOLUNTEERING_EDIT_SAVE, "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def save_project(clicks, selected, name, topic, provider, district, site, b1, b2, b3, b4, active_from,
                     active_to):
        if not clicks:
            raise PreventUpdate
        errors: list[FormError]
        if selected in (None, ""):
            errors = [FormError("Projekt: bitte ein Projekt auswählen oder „Neues Projekt anlegen …“ wählen.",
                                "project")]
        else:
            form = parse_project(name=name, topic=topic, provider=provider, district=district, site=site,
                                 bands=[b1, b2, b3, b4], active_from=active_from, active_to=active_to)
            errors = form.errors
        project_id = None if selected == volunteering.NEW else _int_id(selected)
        if not errors:
            owners = [form.values.provider_id]
            if project_id is not None:
                owners.insert(0, projects.provider_of(ctx.sessions, project_id))
            refusal = next((r for r in (edit_refusal(ctx, o, target="projects") for o in owners) if r), None)
            if refusal:
                errors = [FormError(refusal, "provider")]
        if not errors:
            user = current_user_name()
            try:
                with transaction(ctx.sessions) as session:
                    if project_id is None:
                        saved = projects.add_project(session, form.values, user=user)
                        text = f"Neues Projekt „{saved.name}“ angelegt ({saved.volunteers} Ehrenamtliche)."
                    else:
                        saved = projects.update_project(session, project_id, form.values, user=user)
                        text = f"Gespeichert: „{saved.name}“, {saved.volunteers} Ehrenamtliche (geändert von {user})."
                    saved_id, stand = saved.id, services.stand(session)
            except FormError as refused:
                errors = [refused]
            else:
                return (volunteering.form_feedback(success=text), stand["revision"] if stand else no_update,
                        str(saved_id) if project_id is None else no_update, *[False] * len(FIELD_IDS))
        wrong = {e.field for e in errors}
        return (volunteering.form_feedback([str(e) for e in errors]), no_update, no_update,
                *[f in wrong for f in FIELDS])
