"""The page registry: one entry per page; navigation and routing are built from it.

Only pages that work are listed (a page is a `layouts/<name>.py` plus `callbacks/<name>.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import callbacks.accessibility
import callbacks.admin
import callbacks.caseload
import callbacks.county
import callbacks.funds
import callbacks.imports
import callbacks.map
import callbacks.overview
import callbacks.reports
import callbacks.scenarios
import callbacks.staffing
import callbacks.verbund
import callbacks.volunteering
import layouts.accessibility
import layouts.admin
import layouts.caseload
import layouts.county
import layouts.funds
import layouts.imports
import layouts.map
import layouts.overview
import layouts.reports
import layouts.scenarios
import layouts.staffing
import layouts.verbund
import layouts.volunteering
from dashboard.auth.roles import may_admin
from dashboard.services import tables as overview_tables
from dashboard.services.admin import ADMIN_TABLES
from dashboard.services.caseload_tables import CASELOAD_TABLES
from dashboard.services.county import COUNTY_TABLES
from dashboard.services.funds import FUNDS_TABLES
from dashboard.services.scenarios import SCENARIO_TABLES
from dashboard.services.staffing import STAFFING_TABLES
from dashboard.services.verbund_billing import VERBUND_TABLES
from dashboard.services.volunteering import VOLUNTEERING_TABLES
from layouts.presentation import Presentation


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    title: str
    layout: Callable
    register: Callable
    # downloadable tables: table key -> builder(session, settings, query) -> exports.Table
    tables: Mapping[str, Callable] = field(default_factory=dict)
    # shown, rendered and downloadable for the admin role only (the callbacks check again)
    admin_only: bool = False
    # the page's slides in presentation mode (`?praesentation=1`; layouts/presentation.py)
    presentation: Presentation = Presentation()
    # listed in the header's navigation (False: reached by a link elsewhere, e.g. the footer)
    in_nav: bool = True
    # a sub-view of another page (its path): reached from that page, neither in the navigation nor the footer
    parent: str | None = None
    # the layout takes `stichtag`: the router passes the data's Stand when the URL has none (callbacks/shell.py)
    dated: bool = False


PAGES: tuple[Page, ...] = (
    Page("overview", layouts.overview.PATH, layouts.overview.TITLE, layouts.overview.layout, callbacks.overview.register,
         tables=overview_tables.OVERVIEW_TABLES,
         presentation=layouts.overview.PRESENTATION, dated=True),
    Page("caseload", layouts.caseload.PATH, layouts.caseload.TITLE, layouts.caseload.layout, callbacks.caseload.register,
         tables=CASELOAD_TABLES,
         presentation=layouts.caseload.PRESENTATION, dated=True),
    Page("funds", "/projektmittel", layouts.funds.TITLE, layouts.funds.layout, callbacks.funds.register,
         tables=FUNDS_TABLES,
         presentation=layouts.funds.PRESENTATION),
    Page("staffing", "/personal", layouts.staffing.TITLE, layouts.staffing.layout, callbacks.staffing.register,
         tables=STAFFING_TABLES,
         presentation=layouts.staffing.PRESENTATION, dated=True),
    Page("volunteering", layouts.volunteering.PATH, layouts.volunteering.TITLE, layouts.volunteering.layout,
         callbacks.volunteering.register, tables=VOLUNTEERING_TABLES,
         presentation=layouts.volunteering.PRESENTATION, dated=True),
    Page("map", layouts.map.PATH, layouts.map.TITLE, layouts.map.layout, callbacks.map.register,
         presentation=layouts.map.PRESENTATION),
    Page("county", layouts.county.PATH, layouts.county.TITLE, layouts.county.layout, callbacks.county.register,
         tables=COUNTY_TABLES,
         presentation=layouts.county.PRESENTATION),
    # the navigation is full: a sub-view of the Landkreis page with its own address
    Page("verbund", layouts.verbund.PATH, layouts.verbund.TITLE, layouts.verbund.layout, callbacks.verbund.register,
         tables=VERBUND_TABLES, in_nav=False, parent=layouts.county.PATH,
         presentation=layouts.verbund.PRESENTATION),
    Page("scenarios", layouts.scenarios.PATH, layouts.scenarios.TITLE, layouts.scenarios.layout,
         callbacks.scenarios.register, tables=SCENARIO_TABLES,
         presentation=layouts.scenarios.PRESENTATION),
    Page("reports", layouts.reports.PATH, layouts.reports.TITLE, layouts.reports.layout, callbacks.reports.register,
         presentation=layouts.reports.PRESENTATION),
    Page("imports", layouts.imports.PATH, layouts.imports.TITLE, layouts.imports.layout, callbacks.imports.register,
         presentation=layouts.imports.PRESENTATION),
    Page("admin", layouts.admin.PATH, layouts.admin.TITLE, layouts.admin.layout, callbacks.admin.register,
         tables=ADMIN_TABLES, admin_only=True,
         presentation=layouts.admin.PRESENTATION),
    # required by § 10 L-BGG BW; linked from every page's footer, not from the navigation
    Page("accessibility", layouts.accessibility.PATH, layouts.accessibility.TITLE, layouts.accessibility.layout,
         callbacks.accessibility.register, in_nav=False, presentation=layouts.accessibility.PRESENTATION),
)


def visible_pages(pages, role: str | None) -> tuple[Page, ...]:
    """The pages a role may open (role None: login is off, every page)."""
    return tuple(p for p in pages if not p.admin_only or may_admin(role))
