"""Landkreis callbacks: the page's state (Kreis, year, funds knob, Gemeinde) ↔ URL, and its figures."""

from __future__ import annotations

from dash import Dash, Input, Output, State
from dash import ctx as dash_ctx

from callbacks import county_report
from callbacks.common import changed, record_refusal, refresh_page, register_revision_watch, rendered, wire
from dashboard.auth.roles import PermissionDenied, Reader
from dashboard.context import AppContext
from dashboard.identity import current_area_code, current_role
from dashboard.services import county as report
from dashboard.urls import parse_query
from layouts import county as page
from layouts import ids
from layouts.components import EmptyState, warning

CONTROLS = {ids.COUNTY_KREIS: "kreis", ids.COUNTY_YEAR: "jahr", ids.COUNTY_FUNDS_PCT: "mittel", ids.COUNTY_GEMEINDE: "gemeinde"}


def page_query(search: str | None, changed_id: str | None, values: dict) -> dict[str, str]:
    """The URL query with the control that fired written into it (only that one, as on Fallzahlen:
    a control's empty first value must not drop what a shared link holds)."""
    query = parse_query(search)
    value = values.get(changed_id)
    if changed_id in CONTROLS and value not in (None, ""):
        query[CONTROLS[changed_id]] = str(value)
    return query


def update_county(ctx: AppContext, kreis, year, pct, ags, search, known_revision, pathname):
    """Kreis, year, knob and Gemeinde (control, else URL) → the allocation, the change, the structure
    view and the decision aid."""
    query = page_query(search, dash_ctx.triggered_id, {ids.COUNTY_KREIS: kreis, ids.COUNTY_YEAR: year,
                                                       ids.COUNTY_FUNDS_PCT: pct, ids.COUNTY_GEMEINDE: ags})
    wanted = report.parse_county_query(query)
    with refresh_page(ctx, pathname, page.PATH, search, known_revision) as view:
        try:
            fig = _visible(ctx, view, wanted)
        except (report.NoCountyData, PermissionDenied) as missing:
            return ([EmptyState(str(missing))], None, [], None, [], None, [], None, HIDDEN, view.query(query),
                    [warning(p) for p in wanted.problems] or None, view.revision(), view.interval)
        problems = [*wanted.problems, *([fig.kreis_problem] if fig.kreis_problem else [])]
        shown = wanted.ags if wanted.ags in {r.ags for r in fig.rows} else (fig.rows[0].ags if fig.rows else None)
        kreis_url = {"kreis": fig.kreis} if len(fig.kreise) > 1 else {}
        return (rendered(ctx, page.content, fig), rendered(ctx, page.detail, fig, shown),
                page.year_options(fig), changed(str(fig.year), year),
                page.gemeinde_options(fig), changed(shown, ags), page.kreis_options(fig), changed(fig.kreis, kreis),
                {} if len(fig.kreise) > 1 else HIDDEN, view.query(query, jahr=str(fig.year), **kreis_url),
                [warning(p) for p in problems] or None, view.revision(), view.interval)


def _visible(ctx: AppContext, view, wanted):
    """The figures the logged-in person may read: a Landkreis or Gemeinde user only its own (a forged
    `?kreis=` or `?gemeinde=` is refused with PermissionDenied and audited, on every call). The same
    object again for the same cached figures and reader, so that its rendered page is kept too."""
    reader = Reader(current_role(), current_area_code())
    try:
        county = report.reader_county(view.session, reader, wanted.kreis)
        fig = view.figures(report.county_figures, ctx.settings, county, wanted.year, wanted.funds_pct)
        visible = report.visible_figures(fig, reader, wanted.ags)
    except PermissionDenied as refused:
        record_refusal(ctx, "landkreis", str(refused), gemeinde=wanted.ags, kreis=wanted.kreis)
        raise
    # what the reader may see depends on `fig` and the reader only (the Gemeinde asked for decides the
    # refusal above, never the filtering): one object per role and area code, never another reader's
    return fig if visible is fig else ctx.rendered.get(fig, ("landkreis-sicht", reader), lambda: visible)


HIDDEN = {"display": "none"}  # the Kreis selector, while the installation has one Kreis


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_county,
         Output(ids.COUNTY_CONTENT, "children"), Output(ids.COUNTY_DETAIL, "children"),
         Output(ids.COUNTY_YEAR, "options"), Output(ids.COUNTY_YEAR, "value"),
         Output(ids.COUNTY_GEMEINDE, "options"), Output(ids.COUNTY_GEMEINDE, "value"),
         Output(ids.COUNTY_KREIS, "options"), Output(ids.COUNTY_KREIS, "value"),
         Output(ids.COUNTY_KREIS_FIELD, "style"), Output(ids.COUNTY_LOCATION, "search"), Output(ids.COUNTY_MESSAGE, "children"),
         Output(ids.COUNTY_REVISION, "data"), Output(ids.COUNTY_REFRESH, "interval"),
         Input(ids.COUNTY_KREIS, "value"), Input(ids.COUNTY_YEAR, "value"), Input(ids.COUNTY_FUNDS_PCT, "value"), Input(ids.COUNTY_GEMEINDE, "value"),
         Input(ids.COUNTY_LOCATION, "search"), Input(ids.COUNTY_REVISION, "data"),
         State(ids.COUNTY_LOCATION, "pathname"))
    register_revision_watch(app, ctx, ids.COUNTY_REVISION, ids.COUNTY_REFRESH)
    county_report.register(app, ctx)  # the Verwendungsnachweise and the PDF
