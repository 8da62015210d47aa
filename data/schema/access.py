"""Access control and audit: the people who log in and the audit log (insert only).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import Role
from data.schema.base import Base, stored_enum
from data.schema.organisation import Area, Provider


class User(Base):
    """A person who logs in. Only an argon2id hash of the password is stored."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(stored_enum(Role))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))  # for role provider
    county_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))  # for role county: its Landkreis
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))  # for role municipality
    active: Mapped[bool] = mapped_column(default=True)
    # grows on password change or deactivation: sessions carrying an older value end
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    provider: Mapped[Provider | None] = relationship()
    county: Mapped[Area | None] = relationship(foreign_keys=[county_id])
    municipality: Mapped[Area | None] = relationship(foreign_keys=[municipality_id])


class AuditEvent(Base):
    """One line of the audit log: who did what when. The app only ever inserts here; database
    triggers (migration 0004) refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    # the paged log (newest first, filtered by person, action or period) reads these, never sorts it all
    __table_args__ = (Index("ix_audit_log_at_id", "at", "id"), Index("ix_audit_log_actor_at_id", "actor", "at", "id"),
                      Index("ix_audit_log_action_at_id", "action", "at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))  # e.g. login, login_failed, insert, update
    target: Mapped[str | None] = mapped_column(String(200))  # e.g. "funds_entries#12", "user:anna"
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(64))
