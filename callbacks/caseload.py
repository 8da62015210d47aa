"""Fallzahlen & Auslastung callbacks: filters ↔ URL (permalinks, back/forward) and the figures,
redrawn when new data lands."""

from __future__ import annotations

from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx

from callbacks.common import PageRefresh, refresh_page, register_revision_watch, register_table_pager, rendered, wire
from dashboard.context import AppContext
from dashboard.services import caseload as report
from dashboard.services.caseload_tables import filters_from_query
from dashboard.services.serialize import jsonable
from dashboard.urls import parse_query
from layouts import caseload, ids
from layouts.components import warning

CONTROLS = [(ids.CASELOAD_DATE, "date"), (ids.CASELOAD_TEAM, "value"), (ids.CASELOAD_SOCIAL_AREA, "value"),
            (ids.CASELOAD_BASIS, "value")]
URL_KEYS = ("stichtag", "team", "sozialraum", "basis")


def _query(search, controls: tuple) -> dict:
    """The URL state: only the control that changed goes in (taking every control when, say, the date
    picker reports its date would drop a permalink's team and Sozialraum)."""
    query = parse_query(search)
    changed = dict(zip((c for c, _ in CONTROLS), zip(URL_KEYS, controls)))
    if dash_ctx.triggered_id in changed:
        key, value = changed[dash_ctx.triggered_id]
        query[key] = value
    return query


def _figures(ctx: AppContext, page: PageRefresh, query: dict) -> tuple[dict, dict, list[str]]:
    """The figures for the URL's filters; a team or Sozialraum that does not fit is dropped (with a note)."""
    filters, messages = filters_from_query(page.session, query)
    try:
        figures = page.figures(report.caseload, ctx.settings, **filters)
    except report.FilterError as error:
        messages.append(str(error))
        filters.update(team=None, social_area=None)
        figures = page.figures(report.caseload, ctx.settings, **filters)
    return figures, filters, messages


def update_caseload(ctx: AppContext, day, team, social_area, basis, search, known_revision, pathname):
    with refresh_page(ctx, pathname, caseload.PATH, search, known_revision) as page:
        query = _query(search, (day, team, social_area, basis))
        figures, filters, messages = _figures(ctx, page, query)
        revision = page.revision()
    state = {"stichtag": figures.as_of.isoformat(), "team": filters["team"], "sozialraum": filters["social_area"],
             "basis": None if filters["basis"] == "filled" else filters["basis"]}
    # Values are always sent back: the dropdowns get their options in the same response, and
    # a value that arrived before its options would otherwise stay invisible.
    return (rendered(ctx, caseload.content, figures, query), [warning(m) for m in messages] or None,
            jsonable(figures.options.teams), jsonable(figures.options.social_areas),
            figures.as_of.isoformat(), filters["team"], filters["social_area"], filters["basis"],
            page.query(query, **state), revision, page.interval)


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_caseload,
         Output(ids.CASELOAD_CONTENT, "children"), Output(ids.CASELOAD_MESSAGE, "children"),
         Output(ids.CASELOAD_TEAM, "options"), Output(ids.CASELOAD_SOCIAL_AREA, "options"),
         *[Output(c, p, allow_duplicate=True) for c, p in CONTROLS],
         Output(ids.CASELOAD_LOCATION, "search"), Output(ids.CASELOAD_REVISION, "data"),
         Output(ids.CASELOAD_REFRESH, "interval"),
         *[Input(c, p) for c, p in CONTROLS], Input(ids.CASELOAD_LOCATION, "search"),
         Input(ids.CASELOAD_REVISION, "data"), State(ids.CASELOAD_LOCATION, "pathname"),
         prevent_initial_call="initial_duplicate")
    register_revision_watch(app, ctx, ids.CASELOAD_REVISION, ids.CASELOAD_REFRESH)
    register_table_pager(app, ctx, caseload.PAGE, ids.CASELOAD_LOCATION)
