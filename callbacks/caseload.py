"""Fallzahlen & Auslastung callbacks: filters ↔ URL (permalinks, back/forward) and the figures."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx as dash_ctx, no_update
import dash_bootstrap_components as dbc

from dashboard.context import AppContext
from dashboard.reporting import caseload as report
from dashboard.reporting.caseload_tables import filters_from_query
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
        Output(ids.URL, "search", allow_duplicate=True),
        *[Input(c, p) for c, p in CONTROLS], Input(ids.URL, "search"), Input(ids.DATA_REVISION, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def update_caseload(day, team, social_area, basis, search, _revision):
        query = parse_query(search)
        if dash_ctx.triggered_id in {c for c, _ in CONTROLS}:
            query.update(zip(URL_KEYS, (day, team, social_area, basis)))
        with read_session(ctx.sessions) as session:
            filters, messages = filters_from_query(session, query)
            try:
                figures = report.caseload(session, ctx.settings, **filters)
            except report.FilterError as error:
                messages.append(str(error))
                filters.update(team=None, social_area=None)
                figures = report.caseload(session, ctx.settings, **filters)
        state = {"stichtag": figures["as_of"], "team": filters["team"], "sozialraum": filters["social_area"],
                 "basis": None if filters["basis"] == "filled" else filters["basis"]}
        new_search = build_query({**query, **state})
        controls = (figures["as_of"], filters["team"], filters["social_area"], filters["basis"])
        # Values are always sent back: the dropdowns get their options in the same response, and
        # a value that arrived before its options would otherwise stay invisible.
        return (
            caseload.content(figures),
            [dbc.Alert(m, color="warning") for m in messages] or None,
            figures["options"]["teams"], figures["options"]["social_areas"],
            *controls,
            new_search if new_search != (search or "") else no_update,
        )
