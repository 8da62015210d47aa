"""A meeting's slide sequence ("Sitzung"): day, body, title, auto-advance interval and the items as JSON.

The items are `dashboard.model.meeting.MeetingItem.to_dict()` values: a page path, its URL query and the
slide ids shown. No personal data: the author is a login name, as for scenarios.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from data.schema.base import Base


class MeetingRow(Base):
    """A saved Sitzung (data.meetings saves, lists and deletes them; every change is audited)."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("interval_seconds IS NULL OR interval_seconds BETWEEN 10 AND 600", name="interval_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    body: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    interval_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
