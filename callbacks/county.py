"""Landkreis callbacks: the page's state (year, funds knob, Gemeinde) ↔ URL, and its figures."""

from __future__ import annotations

import functools

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import current_revision, on_page, register_revision_watch
from callbacks.common import figures as cached
from dashboard.context import AppContext
from dashboard.services import county as report
from dashboard.urls import build_query, parse_query
from data.db import read_session
from layouts import county as page
from layouts import ids
from layouts.components import EmptyState

CONTROLS = {ids.COUNTY_YEAR: "jahr", ids.COUNTY_FUNDS_PCT: "mittel", ids.COUNTY_GEMEINDE: "gemeinde"}


def _state(search: str | None, changed: str | None, value) -> dict[str, str]:
    """The URL query with the control that fired written into it (only that one: see Fallzahlen)."""
    query = parse_query(search)
    if changed in CONTROLS and value not in (None, ""):  # a control's empty first value keeps the URL's
        query[CONTROLS[changed]] = str(value)
    return query


def update_county(ctx: AppContext, year, pct, ags, search, known_revision, pathname):
    if not on_page(pathname, page.PATH):
        raise PreventUpdate  # leaving the page: do not write ?jahr= elsewhere
    query = _state(search, dash_ctx.triggered_id, {ids.COUNTY_YEAR: year, ids.COUNTY_FUNDS_PCT: pct,
                                                   ids.COUNTY_GEMEINDE: ags}.get(dash_ctx.triggered_id))
    wanted = report.parse_county_query(query)
    messages = [dbc.Alert(p, color="warning") for p in wanted.problems] or None
    try:
        with read_session(ctx.sessions) as session:
            fig = cached(ctx, session, report.county_figures, ctx.settings, None, wanted.year, wanted.funds_pct)
    except report.NoCountyData as missing:
        return ([EmptyState(str(missing))], None, [], no_update, [], no_update, no_update, messages,
                no_update, ctx.settings.refresh_seconds * 1000)
    shown = wanted.ags if wanted.ags in {r.ags for r in fig.rows} else fig.rows[0].ags
    new_search = build_query({**query, "jahr": str(fig.year)})
    revision = current_revision(ctx)
    return (page.content(fig), page.detail(fig, shown), page.year_options(fig),
            str(fig.year) if year != str(fig.year) else no_update, page.gemeinde_options(fig),
            shown if ags != shown else no_update, new_search if new_search != (search or "") else no_update,
            messages, revision if revision != known_revision else no_update, ctx.settings.refresh_seconds * 1000)


def register(app: Dash, ctx: AppContext) -> None:
    app.callback(
        Output(ids.COUNTY_CONTENT, "children"), Output(ids.COUNTY_DETAIL, "children"),
        Output(ids.COUNTY_YEAR, "options"), Output(ids.COUNTY_YEAR, "value"),
        Output(ids.COUNTY_GEMEINDE, "options"), Output(ids.COUNTY_GEMEINDE, "value"),
        Output(ids.COUNTY_LOCATION, "search"), Output(ids.COUNTY_MESSAGE, "children"),
        Output(ids.COUNTY_REVISION, "data"), Output(ids.COUNTY_REFRESH, "interval"),
        Input(ids.COUNTY_YEAR, "value"), Input(ids.COUNTY_FUNDS_PCT, "value"), Input(ids.COUNTY_GEMEINDE, "value"),
        Input(ids.COUNTY_LOCATION, "search"), Input(ids.COUNTY_REVISION, "data"),
        State(ids.COUNTY_LOCATION, "pathname"),
    )(functools.partial(update_county, ctx))
    register_revision_watch(app, ctx, ids.COUNTY_REVISION, ids.COUNTY_REFRESH)
