"""The page registry: one entry per page; navigation and routing are built from it.

Only pages that work are listed (a page is a `layouts/<name>.py` plus `callbacks/<name>.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import callbacks.overview
import layouts.overview


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    title: str
    layout: Callable
    register: Callable


PAGES: tuple[Page, ...] = (
    Page("overview", "/", layouts.overview.TITLE, layouts.overview.layout, callbacks.overview.register),
)
