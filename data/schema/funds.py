"""Projektmittel: the ledger of allocations, expenses and transfers (exact decimals in euros).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import FundsEntryKind
from data.schema.base import Base, Timestamped, stored_enum
from data.schema.organisation import Provider


class FundsEntry(Timestamped, Base):
    """One line of the Projektmittel ledger. Amounts are exact decimals in euros."""

    __tablename__ = "funds_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    kind: Mapped[FundsEntryKind] = mapped_column(stored_enum(FundsEntryKind))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    booked_on: Mapped[dt.date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(300))
    # transfers only: receiving Träger and the Koordinierungskreis decision
    to_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_ref: Mapped[str | None] = mapped_column(String(120))

    provider: Mapped[Provider] = relationship(foreign_keys=[provider_id])
    to_provider: Mapped[Provider | None] = relationship(foreign_keys=[to_provider_id])

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(
            "kind <> 'transfer' OR (to_provider_id IS NOT NULL AND decision_date IS NOT NULL "
            "AND to_provider_id <> provider_id)",
            name="transfer_needs_decision",
        ),
        Index("ix_funds_entries_year_provider", "year", "provider_id"),
    )
