"""The page registry: one entry per page; navigation and routing are built from it.

Only pages that work are listed (a page is a `layouts/<name>.py` plus `callbacks/<name>.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import callbacks.caseload
import callbacks.overview
import layouts.caseload
import layouts.overview
from dashboard.reporting import tables as overview_tables
from dashboard.reporting.caseload_tables import CASELOAD_TABLES


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
    Page("overview", "/", layouts.overview.TITLE, layouts.overview.layout, callbacks.overview.register,
         tables=overview_tables.OVERVIEW_TABLES),
    Page("caseload", "/fallzahlen", layouts.caseload.TITLE, layouts.caseload.layout, callbacks.caseload.register,
         tables=CASELOAD_TABLES),
)
