"""Saved what-if scenarios: frozen baseline and changes, as JSON.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from data.schema.base import Base


class Scenario(Base):
    """A named what-if scenario: frozen baseline plus the list of changes, as JSON."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    baseline_date: Mapped[dt.date] = mapped_column(Date)
    baseline: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
