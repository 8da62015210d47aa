"""Übersicht callbacks: Stichtag ↔ URL, and the figures for that day (redrawn when new data lands)."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from callbacks.common import refresh_page, register_revision_watch, register_table_pager, rendered, wire
from dashboard import services
from dashboard.context import AppContext
from dashboard.urls import parse_query
from layouts import ids, overview


def update_overview(ctx: AppContext, picked, search, known_revision, pathname):
    with refresh_page(ctx, pathname, overview.PATH, search, known_revision) as page:
        day = page.stichtag(picked, ids.OVERVIEW_DATE)
        figures = page.figures(services.overview, ctx.settings, day)
        revision = page.revision()
    return (rendered(ctx, overview.content, figures, parse_query(search)), *page.stichtag_outputs(day, picked), page.message, revision, page.interval)


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_overview,
         Output(ids.OVERVIEW_CONTENT, "children"), Output(ids.OVERVIEW_DATE, "date"),
         Output(ids.OVERVIEW_LOCATION, "search"), Output(ids.OVERVIEW_MESSAGE, "children"),
         Output(ids.OVERVIEW_REVISION, "data"), Output(ids.OVERVIEW_REFRESH, "interval"),
         Input(ids.OVERVIEW_DATE, "date"), Input(ids.OVERVIEW_LOCATION, "search"),
         Input(ids.OVERVIEW_REVISION, "data"), State(ids.OVERVIEW_LOCATION, "pathname"))
    register_revision_watch(app, ctx, ids.OVERVIEW_REVISION, ids.OVERVIEW_REFRESH)
    register_table_pager(app, ctx, "overview", ids.OVERVIEW_LOCATION)
