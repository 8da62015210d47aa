"""The page registry: one entry per page; navigation and routing are built from it.

Only pages that work are listed (a page is a `layouts/<name>.py` plus `callbacks/<name>.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import callbacks.overview
import layouts.overview
from dashboard.reporting import tables as overview_tables


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
)
