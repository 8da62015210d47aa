"""Landkreis: the Land's IM funds per Kreis and year, the annual target-group survey (counts per
Gemeinde and assignment month, never persons), who runs IM in each Gemeinde and the posts serving it.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import ImMode
from data.schema.base import Base, Timestamped, stored_enum
from data.schema.organisation import Area


class CountyFunds(Timestamped, Base):
    """The Land funds (VwV Integrationsmanagement) a Landkreis receives for one calculation year."""

    __tablename__ = "county_funds"

    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    year: Mapped[int]
    amount: Mapped[Decimal]
    note: Mapped[str | None] = mapped_column(Text)

    county: Mapped[Area] = relationship()

    __table_args__ = (
        UniqueConstraint("county_id", "year", name="uq_county_funds_year"),
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )


class TargetGroupCount(Base):
    """The annual survey: persons assigned to Anschlussunterbringung in a Gemeinde in one month.

    Counts only (DOMAIN §9), never persons; `month` is the first day of the assignment month.
    """

    __tablename__ = "target_group_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    month: Mapped[dt.date] = mapped_column(Date)
    persons: Mapped[int]

    municipality: Mapped[Area] = relationship()

    __table_args__ = (
        UniqueConstraint("municipality_id", "month", name="uq_target_group_counts_month"),
        CheckConstraint("persons >= 0", name="persons_non_negative"),
    )


class ImArrangement(Timestamped, Base):
    """Who runs IM for a Gemeinde from `valid_from` on (A Eigenregie, B via a Träger, C Landkreis, Verbund).

    `provider_name`: the Träger it is delegated to (B; for C the Träger the Landkreis delegated to).
    """

    __tablename__ = "im_arrangements"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    mode: Mapped[ImMode] = mapped_column(stored_enum(ImMode))
    provider_name: Mapped[str | None] = mapped_column(String(200))
    decision_ref: Mapped[str | None] = mapped_column(String(200))  # e.g. Gemeinderatsbeschluss vom …
    note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Area] = relationship()

    __table_args__ = (UniqueConstraint("municipality_id", "valid_from", name="uq_im_arrangements_from"),)


class ImPost(Timestamped, Base):
    """An integration manager's post serving a Gemeinde of a Landkreis (employer, VZÄ, filled, funded until).

    Natural key of the import: Gemeinde + Arbeitgeber + Bezeichnung (`label`, "Stelle 1", "Stelle 2" …).
    """

    __tablename__ = "im_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    employer: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(100), default="Stelle 1", server_default="Stelle 1")  # e.g. "Stelle 2"
    fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    filled: Mapped[bool] = mapped_column(default=True)
    funded_until: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Area] = relationship()

    __table_args__ = (CheckConstraint("fte > 0 AND fte <= 10", name="fte_range"),)


class ProofOfUse(Timestamped, Base):
    """A Gemeinde's Verwendungsnachweis for one year: received on `received_on` (None: fehlt), the
    amount it states it spent, a note. One per Gemeinde and year."""

    __tablename__ = "proofs_of_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    year: Mapped[int]
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    amount_spent: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    note: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Area] = relationship()

    __table_args__ = (
        UniqueConstraint("municipality_id", "year", name="uq_proofs_of_use_year"),
        CheckConstraint("amount_spent IS NULL OR amount_spent >= 0", name="amount_spent_non_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )
