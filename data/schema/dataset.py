"""The dataset's "Stand": as-of date, source and the revision that grows with every change.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.model.vocabulary import DataSource
from data.schema.base import Base, stored_enum


class DatasetInfo(Base):
    """The dataset's "Stand": as-of date and source; one row. `revision` grows with every change."""

    __tablename__ = "dataset_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[DataSource] = mapped_column(stored_enum(DataSource))
    label: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
