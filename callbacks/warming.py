"""The common page views that an import or edit warms (dashboard.services.warming): each page's
first view without URL values, built with the same arguments as the page's main callback passes to
the figures cache, so that the warmed entry is the one the page asks for."""

from __future__ import annotations

from callbacks.common import rendered
from dashboard import services
from dashboard.context import AppContext
from dashboard.services import caseload, funds, maps, scenario_backtest, scenarios, staffing, volunteering
from dashboard.services.cache import FiguresCache
from dashboard.services.caseload_tables import filters_from_query
from dashboard.settings import Settings
from dashboard.urls import parse_query
from layouts import caseload as caseload_page
from layouts import funds as funds_page
from layouts import overview as overview_page
from layouts import staffing as staffing_page
from layouts import volunteering as volunteering_page


def default_views(settings: Settings) -> list:
    """`view(session) -> (fn, args, kwargs)` for Übersicht, Fallzahlen, Personal, Ehrenamt, Projektmittel, Karte."""
    day = services.default_day
    return [
        lambda s: (services.overview, (settings, day(s)), {}),
        lambda s: (caseload.caseload, (settings,), filters_from_query(s, {})[0]),
        lambda s: (staffing.staffing, (settings, day(s)), {}),
        lambda s: (volunteering.volunteering, (settings, day(s)), {}),
        lambda s: (funds.page_figures, (settings, funds.resolve_year(s, None)[0]), {}),
        lambda s: (maps.map_areas, (settings, "stadt", "district", day(s), None), {}),  # the Karte's first view
        lambda s: (maps.map_projects, (day(s),), {}),
    ]


def default_tasks(settings: Settings, figures: FiguresCache | None = None) -> list:
    """More warm work: the Szenarien' live baseline of the new revision (what the page opens without a
    saved scenario; at Land scale it takes seconds to build; kept in the process and, with Redis, in the
    shared `figures` for every server)."""
    return [lambda s: scenarios.resolve(s, settings, scenarios.live_ref(s), figures)]


def slow_tasks(settings: Settings) -> list:
    """Warm work after the views, in its own lane: the Szenarien' backtest (24 past baselines: Land
    scale about 15 s), computed in a process of its own so that its working set leaves with it, the
    result kept in this process: the page's background job, a thread of the web worker, finds it there."""
    return [lambda s: scenario_backtest.cached(s, settings)]


def default_renders(ctx: AppContext) -> dict:
    """Report function -> `render(figures)`: each warmed page's components for its first view (no URL
    values, the light colour mode), built as its callback builds them (callbacks.common.rendered), so the
    first viewer after a change gets the page rendered, not only its figures."""
    none = parse_query("")

    def each(*parts):
        return lambda fig: [rendered(ctx, fn, fig, *args) for fn, *args in parts]

    return {
        services.overview: each((overview_page.content, none)),
        caseload.caseload: each((caseload_page.content, none)),
        staffing.staffing: each((staffing_page.kpis,), (staffing_page.plan, none), (staffing_page.content,)),
        volunteering.volunteering: each((volunteering_page.kpis,), (volunteering_page.matrix, none),
                                        (volunteering_page.content, none)),
        funds.page_figures: each((funds_page.content,), (funds_page.ledger, none)),
    }
