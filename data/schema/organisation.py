"""Territory and organisations: areas (Stadtkreis → Sozialraum → Planungsbezirk; Landkreis → Gemeinde),
Träger and teams, who is responsible for a Sozialraum, and the teams' catchments (Einzugsgebiete).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import AreaKind, ProviderKind
from data.schema.base import Base, stored_enum


class Area(Base):
    """One node of the territory hierarchy: Landkreis, Stadtkreis, Sozialraum, district, Gemeinde."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AreaKind] = mapped_column(stored_enum(AreaKind))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    ags: Mapped[str | None] = mapped_column(String(8), unique=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    population: Mapped[int | None]
    sort_order: Mapped[int] = mapped_column(default=0)
    anchor_note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent")

    __table_args__ = (
        CheckConstraint("ags IS NULL OR length(ags) = 8", name="ags_length"),
    )


class Provider(Base):
    """A Träger or the city's own team; as a case-work team it holds IM positions and cases."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[ProviderKind] = mapped_column(stored_enum(ProviderKind))
    sort_order: Mapped[int] = mapped_column(default=0)
    # Teams whose cases follow the catchment of the case's district (external IM) versus teams
    # that take cases directly at a site (e.g. AWO at the GU Mönchseestraße).
    uses_catchment: Mapped[bool] = mapped_column(default=False)


class SocialAreaProvider(Base):
    """Which Träger is responsible for a Sozialraum (volunteer coordination), and since when."""

    __tablename__ = "social_area_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    social_area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    social_area: Mapped[Area] = relationship()
    provider: Mapped[Provider] = relationship()


class Catchment(Base):
    """A team's Einzugsgebiet for case work: team ↔ district, valid from/to (inclusive)."""

    __tablename__ = "catchments"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Provider] = relationship()
    district: Mapped[Area] = relationship()
