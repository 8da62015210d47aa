"""Fallzahlen & Auslastung callbacks: filters ↔ URL (permalinks, back/forward) and the figures,
redrawn when new data lands."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import figures as cached
from callbacks.common import on_page, register_revision_watch
from dashboard import services
from dashboard.context import AppContext
from dashboard.services import caseload as report
from dashboard.services.caseload_tables import filters_from_query
from dashboard.services.serialize import jsonable
from dashboard.urls import build_query, parse_query
from data.db import read_session
from layouts import caseload, ids

CONTROLS = [(ids.CASELOAD_DATE, "date"), (ids.CASELOAD_TEAM, "value"), (ids.CASELOAD_SOCIAL_AREA, "value"),
            (ids.CASELOAD_BASIS, "value")]
URL_KEYS = ("stichtag", "team", "sozialraum", "basis")


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.CASELOAD_CONTENT, "children"), Output(ids.CASELOAD_MESSAGE, "children"),
        Output(ids.CASELOAD_TEAM, "options"), Output(ids.CASELOAD_SOCIAL_AREA, "options"),
        *[Output(c, p, allow_duplicate=True) for c, p in CONTROLS],
        Output(ids.CASELOAD_LOCATION, "search"), Output(ids.CASELOAD_REVISION, "data"),
        Output(ids.CASELOAD_REFRESH, "interval"),
        *[Input(c, p) for c, p in CONTROLS], Input(ids.CASELOAD_LOCATION, "search"),
        Input(ids.CASELOAD_REVISION, "data"), State(ids.CASELOAD_LOCATION, "pathname"),
        prevent_initial_call="initial_duplicate",
    )
    def update_caseload(day, team, social_area, basis, search, known_revision, pathname):
        if not on_page(pathname, caseload.PATH):
            raise PreventUpdate
        query = parse_query(search)
        # only the control that changed goes into the URL state: on first load the empty date picker
        # fires too, and taking every control then would drop the permalink's team and Sozialraum
        changed = dict(zip((c for c, _ in CONTROLS), zip(URL_KEYS, (day, team, social_area, basis))))
        if dash_ctx.triggered_id in changed:
            key, value = changed[dash_ctx.triggered_id]
            query[key] = value
        with read_session(ctx.sessions) as session:
            filters, messages = filters_from_query(session, query)
            try:
                figures = cached(ctx, session, report.caseload, ctx.settings, **filters)
            except report.FilterError as error:
                messages.append(str(error))
                filters.update(team=None, social_area=None)
                figures = cached(ctx, session, report.caseload, ctx.settings, **filters)
            stand = services.stand(session)
        state = {"stichtag": figures.as_of.isoformat(), "team": filters["team"], "sozialraum": filters["social_area"],
                 "basis": None if filters["basis"] == "filled" else filters["basis"]}
        new_search = build_query({**query, **state})
        controls = (figures.as_of.isoformat(), filters["team"], filters["social_area"], filters["basis"])
        revision = stand["revision"] if stand else None
        # Values are always sent back: the dropdowns get their options in the same response, and
        # a value that arrived before its options would otherwise stay invisible.
        return (
            caseload.content(figures),
            [dbc.Alert(m, color="warning") for m in messages] or None,
            jsonable(figures.options.teams), jsonable(figures.options.social_areas),
            *controls,
            new_search if new_search != (search or "") else no_update,
            revision if revision != known_revision else no_update, ctx.settings.refresh_seconds * 1000,
        )

    register_revision_watch(app, ctx, ids.CASELOAD_REVISION, ids.CASELOAD_REFRESH)
