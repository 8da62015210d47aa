"""Maps: the stored display geometry of the areas (GeoJSON in WGS84).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import ShapeSource
from data.schema.base import Base, stored_enum
from data.schema.organisation import Area


class AreaShape(Base):
    """The display geometry of one area: GeoJSON in WGS84, already simplified for the map.

    Stored so that no request recomputes it; an import replaces the rows of its level in one
    transaction. Plain text, no PostGIS: the app only draws these shapes.
    """

    __tablename__ = "area_shapes"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), unique=True)
    geometry: Mapped[str] = mapped_column(Text)
    source: Mapped[ShapeSource] = mapped_column(stored_enum(ShapeSource))
    source_name: Mapped[str | None] = mapped_column(String(300))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    area: Mapped[Area] = relationship()
