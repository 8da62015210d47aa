"""Übersicht callbacks: Stichtag ↔ URL, and the figures for that day."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx as dash_ctx, no_update
import dash_bootstrap_components as dbc

from dashboard import reporting
from dashboard.context import AppContext
from dashboard.urls import QueryError, build_query, parse_day, parse_query
from data.db import read_session
from layouts import ids, overview


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.OVERVIEW_CONTENT, "children"), Output(ids.OVERVIEW_DATE, "date"),
        Output(ids.URL, "search", allow_duplicate=True), Output(ids.OVERVIEW_MESSAGE, "children"),
        Input(ids.OVERVIEW_DATE, "date"), Input(ids.URL, "search"), Input(ids.DATA_REVISION, "data"),
        State(ids.URL, "pathname"),
        prevent_initial_call="initial_duplicate",
    )
    def update_overview(picked, search, _revision, pathname):
        message = None
        try:
            day = parse_day(picked if dash_ctx.triggered_id == ids.OVERVIEW_DATE
                            else parse_query(search).get("stichtag"))
        except QueryError as error:
            day, message = None, dbc.Alert(str(error), color="warning")
        with read_session(ctx.sessions) as session:
            day = day or reporting.default_day(session)
            figures = reporting.overview(session, ctx.settings, day)
        new_search = build_query({**parse_query(search), "stichtag": day.isoformat()})
        return (overview.content(figures), day.isoformat() if picked != day.isoformat() else no_update,
                new_search if new_search != (search or "") else no_update, message)
