"""What callbacks and routes need from the app factory: settings and the session factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.services.cache import Derived, FiguresCache
from dashboard.settings import Settings


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    figures: FiguresCache = field(default_factory=FiguresCache)  # page figures per data revision
    rendered: Derived = field(default_factory=Derived)  # page components built from those figures
    warmer: Any = None  # dashboard.services.warming.Warmer: the common views after a write
    jobs: Any = None  # the Dash background callback manager (dashboard.background)
