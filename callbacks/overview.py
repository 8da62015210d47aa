"""Übersicht callbacks: Stichtag ↔ URL, and the figures for that day (redrawn when new data lands)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks.common import figures as cached
from callbacks.common import on_page, register_revision_watch, resolve_stichtag, stichtag_outputs
from dashboard import services
from dashboard.context import AppContext
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
        with read_session(ctx.sessions) as session:
            day, message = resolve_stichtag(session, picked, search, ids.OVERVIEW_DATE)
            figures = cached(ctx, session, services.overview, ctx.settings, day)
            stand = services.stand(session)
        revision = stand["revision"] if stand else None
        return (overview.content(figures), *stichtag_outputs(day, picked, search), message,
                revision if revision != known_revision else no_update, ctx.settings.refresh_seconds * 1000)

    register_revision_watch(app, ctx, ids.OVERVIEW_REVISION, ids.OVERVIEW_REFRESH)
