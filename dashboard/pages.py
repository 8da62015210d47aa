"""The page registry: one entry per page; navigation and routing are built from it.

Only pages that work are listed (a page is a `layouts/<name>.py` plus `callbacks/<name>.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import callbacks.caseload
import callbacks.funds
import callbacks.overview
import callbacks.scenarios
import callbacks.staffing
import callbacks.volunteering
import layouts.caseload
import layouts.funds
import layouts.overview
import layouts.scenarios
import layouts.staffing
import layouts.volunteering
from dashboard.reporting import tables as overview_tables
from dashboard.reporting.caseload_tables import CASELOAD_TABLES
from dashboard.reporting.funds import FUNDS_TABLES
from dashboard.reporting.scenarios import SCENARIO_TABLES
from dashboard.reporting.staffing import STAFFING_TABLES
from dashboard.reporting.volunteering import VOLUNTEERING_TABLES


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    title: str
    layout: Callable
    register: Callable
    # downloadable tables: table key -> builder(session, settings, query) -> exports.Table
    tables: Mapping[str, Callable] = field(default_factory=dict)


PAGES: tuple[Page, ...] = (
    Page("overview", layouts.overview.PATH, layouts.overview.TITLE, layouts.overview.layout, callbacks.overview.register,
         tables=overview_tables.OVERVIEW_TABLES),
    Page("caseload", layouts.caseload.PATH, layouts.caseload.TITLE, layouts.caseload.layout, callbacks.caseload.register,
         tables=CASELOAD_TABLES),
    Page("funds", "/projektmittel", layouts.funds.TITLE, layouts.funds.layout, callbacks.funds.register,
         tables=FUNDS_TABLES),
    Page("staffing", "/personal", layouts.staffing.TITLE, layouts.staffing.layout, callbacks.staffing.register,
         tables=STAFFING_TABLES),
    Page("volunteering", layouts.volunteering.PATH, layouts.volunteering.TITLE, layouts.volunteering.layout,
         callbacks.volunteering.register, tables=VOLUNTEERING_TABLES),
    Page("scenarios", layouts.scenarios.PATH, layouts.scenarios.TITLE, layouts.scenarios.layout,
         callbacks.scenarios.register, tables=SCENARIO_TABLES),
)
