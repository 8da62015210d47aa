"""Landkreis callbacks: the page's state (year, funds knob, Gemeinde) ↔ URL, and its figures."""

from __future__ import annotations

from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx

from callbacks import county_report
from callbacks.common import changed, refresh_page, register_revision_watch, wire
from dashboard.context import AppContext
from dashboard.services import county as report
from dashboard.urls import parse_query
from layouts import county as page
from layouts import ids
from layouts.components import EmptyState, warning

CONTROLS = {ids.COUNTY_YEAR: "jahr", ids.COUNTY_FUNDS_PCT: "mittel", ids.COUNTY_GEMEINDE: "gemeinde"}


def page_query(search: str | None, changed_id: str | None, values: dict) -> dict[str, str]:
    """The URL query with the control that fired written into it (only that one, as on Fallzahlen:
    a control's empty first value must not drop what a shared link holds)."""
    query = parse_query(search)
    value = values.get(changed_id)
    if changed_id in CONTROLS and value not in (None, ""):
        query[CONTROLS[changed_id]] = str(value)
    return query


def update_county(ctx: AppContext, year, pct, ags, search, known_revision, pathname):
    """Year, knob and Gemeinde (control, else URL) → the allocation, the change and the decision aid."""
    query = page_query(search, dash_ctx.triggered_id, {ids.COUNTY_YEAR: year, ids.COUNTY_FUNDS_PCT: pct,
                                                       ids.COUNTY_GEMEINDE: ags})
    wanted = report.parse_county_query(query)
    messages = [warning(p) for p in wanted.problems] or None
    with refresh_page(ctx, pathname, page.PATH, search, known_revision) as view:
        try:
            fig = view.figures(report.county_figures, ctx.settings, None, wanted.year, wanted.funds_pct)
        except report.NoCountyData as missing:
            return ([EmptyState(str(missing))], None, [], None, [], None, view.query(query), messages,
                    view.revision(), view.interval)
        shown = wanted.ags if wanted.ags in {r.ags for r in fig.rows} else fig.rows[0].ags
        return (page.content(fig), page.detail(fig, shown), page.year_options(fig), changed(str(fig.year), year),
                page.gemeinde_options(fig), changed(shown, ags), view.query(query, jahr=str(fig.year)), messages,
                view.revision(), view.interval)


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_county,
         Output(ids.COUNTY_CONTENT, "children"), Output(ids.COUNTY_DETAIL, "children"),
         Output(ids.COUNTY_YEAR, "options"), Output(ids.COUNTY_YEAR, "value"),
         Output(ids.COUNTY_GEMEINDE, "options"), Output(ids.COUNTY_GEMEINDE, "value"),
         Output(ids.COUNTY_LOCATION, "search"), Output(ids.COUNTY_MESSAGE, "children"),
         Output(ids.COUNTY_REVISION, "data"), Output(ids.COUNTY_REFRESH, "interval"),
         Input(ids.COUNTY_YEAR, "value"), Input(ids.COUNTY_FUNDS_PCT, "value"), Input(ids.COUNTY_GEMEINDE, "value"),
         Input(ids.COUNTY_LOCATION, "search"), Input(ids.COUNTY_REVISION, "data"),
         State(ids.COUNTY_LOCATION, "pathname"))
    register_revision_watch(app, ctx, ids.COUNTY_REVISION, ids.COUNTY_REFRESH)
    county_report.register(app, ctx)  # the Verwendungsnachweise and the PDF
