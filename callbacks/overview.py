"""Übersicht callbacks: Stichtag ↔ URL, and the figures for that day (redrawn when new data lands)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx as dash_ctx, no_update
from dash.exceptions import PreventUpdate
import dash_bootstrap_components as dbc

from callbacks.common import figures as cached, on_page, register_revision_watch
from dashboard import reporting
from dashboard.context import AppContext
from dashboard.urls import QueryError, build_query, parse_day, parse_query
from data.db import read_session
from layouts import ids, overview


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.OVERVIEW_CONTENT, "children"), Output(ids.OVERVIEW_DATE, "date"),
        Output(ids.OVERVIEW_LOCATION, "search"), Output(ids.OVERVIEW_MESSAGE, "children"),
        Output(ids.OVERVIEW_REVISION, "data"), Output(ids.OVERVIEW_REFRESH, "interval"),
        Input(ids.OVERVIEW_DATE, "date"), Input(ids.OVERVIEW_LOCATION, "search"),
        Input(ids.OVERVIEW_REVISION, "data"), State(ids.OVERVIEW_LOCATION, "pathname"),
    )
    def update_overview(picked, search, known_revision, pathname):
        if not on_page(pathname, overview.PATH):
            raise PreventUpdate
        message = None
        try:
            day = parse_day(picked if dash_ctx.triggered_id == ids.OVERVIEW_DATE
                            else parse_query(search).get("stichtag"))
        except QueryError as error:
            day, message = None, dbc.Alert(str(error), color="warning")
        with read_session(ctx.sessions) as session:
            day = day or reporting.default_day(session)
            figures = cached(ctx, session, reporting.overview, ctx.settings, day)
            stand = reporting.stand(session)
        new_search = build_query({**parse_query(search), "stichtag": day.isoformat()})
        revision = stand["revision"] if stand else None
        return (overview.content(figures), day.isoformat() if picked != day.isoformat() else no_update,
                new_search if new_search != (search or "") else no_update, message,
                revision if revision != known_revision else no_update, ctx.settings.refresh_seconds * 1000)

    register_revision_watch(app, ctx, ids.OVERVIEW_REVISION, ids.OVERVIEW_REFRESH)
