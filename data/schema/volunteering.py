"""Ehrenamt: volunteer projects with their site, Träger and volunteers by age band.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import VolunteerTopic
from data.schema.base import Base, Timestamped, stored_enum
from data.schema.organisation import Area, Provider


class VolunteerProject(Timestamped, Base):
    """An Ehrenamtsprojekt with its site, Träger and volunteers by age band."""

    __tablename__ = "volunteer_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    topic: Mapped[VolunteerTopic] = mapped_column(stored_enum(VolunteerTopic))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    site: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    volunteers: Mapped[int] = mapped_column(default=0)
    volunteers_18_29: Mapped[int] = mapped_column(default=0)
    volunteers_30_49: Mapped[int] = mapped_column(default=0)
    volunteers_50_64: Mapped[int] = mapped_column(default=0)
    volunteers_65_plus: Mapped[int] = mapped_column(default=0)
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)

    provider: Mapped[Provider] = relationship()
    district: Mapped[Area | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "volunteers = volunteers_18_29 + volunteers_30_49 + volunteers_50_64 + volunteers_65_plus",
            name="age_bands_sum",
        ),
    )
