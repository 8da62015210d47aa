"""Imports and the ingest API: the ledger of imported files and the Träger's API tokens.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.schema.base import Base
from data.schema.organisation import Area, Provider


class ImportedFile(Base):
    """The ledger of applied imports: a file (or API body) whose SHA-256 is here was imported already,
    so importing it again changes nothing."""

    __tablename__ = "imported_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(16))  # file | api | cli
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))  # the importer's Träger scope
    imported_by: Mapped[str] = mapped_column(String(120))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows_new: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)


class ApiToken(Base):
    """A token for the ingest API, scoped to exactly one Träger, Landkreis or Gemeinde (a check
    constraint). Only the SHA-256 of the token is stored; the token is shown once when it is
    created. A token writes only the data of its scope."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint(
        "(CASE WHEN provider_id IS NULL THEN 0 ELSE 1 END + CASE WHEN county_id IS NULL THEN 0 ELSE 1 END"
        " + CASE WHEN municipality_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    county_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    name: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    provider: Mapped[Provider | None] = relationship()
    county: Mapped[Area | None] = relationship(foreign_keys=[county_id])
    municipality: Mapped[Area | None] = relationship(foreign_keys=[municipality_id])
