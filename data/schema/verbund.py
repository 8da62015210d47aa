"""Verbund: Gemeinden that share an integration manager (seed 003). The agreement (lead Gemeinde,
validity, cost basis, VAT), its members with their minimum hours, the lead's posts that serve it,
the hours booked per member and quarter, and the numbered quarterly invoices with their status.

An invoice keeps its figures as computed when it was made (a document, not a view): a later change
of the setting or the agreement does not alter an invoice already written.
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import BillingMode, InvoiceStatus, VatMode
from data.schema.base import Base, Timestamped, stored_enum
from data.schema.county import ImPost
from data.schema.organisation import Area

verbund_posts = Table(
    "verbund_posts", Base.metadata,
    Column("agreement_id", ForeignKey("verbund_agreements.id"), primary_key=True),
    Column("post_id", ForeignKey("im_posts.id"), primary_key=True),
)


class VerbundAgreement(Timestamped, Base):
    """A lead Gemeinde sends integration managers to member Gemeinden from `valid_from` to `valid_to`.

    Cost basis: `cost_per_fte` (None: the setting IMC_COST_PER_FTE), `pay_group` (e.g. "TVöD SuE S 11b
    Stufe 4", text only), `overhead_pct` of it (10 %) capped at `overhead_cap`. VAT: `vat_mode` and its
    `vat_rate_pct` (19 or 0). `offset_land_share`: the members' Land share is offset on the invoices.
    """

    __tablename__ = "verbund_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # in the invoice numbers, e.g. "BRA-CLE"
    name: Mapped[str] = mapped_column(String(200))
    lead_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    cost_per_fte: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    pay_group: Mapped[str | None] = mapped_column(String(100))
    overhead_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(10), server_default="10")
    overhead_cap: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    vat_mode: Mapped[VatMode] = mapped_column(stored_enum(VatMode))
    vat_rate_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    offset_land_share: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    billing: Mapped[BillingMode] = mapped_column(stored_enum(BillingMode), default=BillingMode.hours,
                                                 server_default=BillingMode.hours.value)
    decision_ref: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    lead: Mapped[Area] = relationship()
    members: Mapped[list[VerbundMember]] = relationship(back_populates="agreement", order_by="VerbundMember.id")
    posts: Mapped[list[ImPost]] = relationship(secondary=verbund_posts, order_by="ImPost.id")

    __table_args__ = (
        CheckConstraint("valid_to >= valid_from", name="valid_range"),
        CheckConstraint("overhead_pct >= 0 AND overhead_pct <= 100", name="overhead_range"),
        CheckConstraint("vat_rate_pct >= 0 AND vat_rate_pct <= 100", name="vat_range"),
    )


class VerbundMember(Base):
    """A member Gemeinde of an agreement and the hours a week it gets at least."""

    __tablename__ = "verbund_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("verbund_agreements.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    min_hours_per_week: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    cost_share_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # billing "cost_share": agreed %

    agreement: Mapped[VerbundAgreement] = relationship(back_populates="members")
    municipality: Mapped[Area] = relationship()

    __table_args__ = (
        UniqueConstraint("agreement_id", "municipality_id", name="uq_verbund_members_gemeinde"),
        CheckConstraint("min_hours_per_week >= 0 AND min_hours_per_week <= 60", name="hours_range"),
        CheckConstraint("cost_share_pct IS NULL OR (cost_share_pct > 0 AND cost_share_pct <= 100)",
                        name="share_range"),
    )


class VerbundBooking(Timestamped, Base):
    """Hours worked for a member in a quarter (`quarter_start`: its first day), of them for clients past
    the VwV window (ohne Landesförderung), and the active clients at the quarter's end (counts only)."""

    __tablename__ = "verbund_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("verbund_members.id"), index=True)
    quarter_start: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    hours_unfunded: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal(0), server_default="0")
    cases_funded: Mapped[int | None]
    cases_unfunded: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)

    member: Mapped[VerbundMember] = relationship()

    __table_args__ = (
        UniqueConstraint("member_id", "quarter_start", name="uq_verbund_bookings_quarter"),
        CheckConstraint("hours >= 0 AND hours_unfunded >= 0 AND hours_unfunded <= hours", name="hours_valid"),
    )


class VerbundQuarterCost(Timestamped, Base):
    """The lead Gemeinde's actual cost of the posts serving an agreement in a quarter (billing
    "cost_share": each member pays its agreed share of it)."""

    __tablename__ = "verbund_quarter_costs"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("verbund_agreements.id"), index=True)
    quarter_start: Mapped[dt.date] = mapped_column(Date)
    actual_cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("agreement_id", "quarter_start", name="uq_verbund_quarter_costs_quarter"),
        CheckConstraint("actual_cost >= 0", name="cost_valid"),
    )


class VerbundInvoice(Timestamped, Base):
    """The invoice of a quarter to a member, numbered, with the figures as computed when it was made."""

    __tablename__ = "verbund_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("verbund_members.id"), index=True)
    quarter_start: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    hours_unfunded: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    minimum_hours: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    net: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    vat_mode: Mapped[VatMode] = mapped_column(stored_enum(VatMode))
    vat_rate_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    vat: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    gross: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    land_share: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    land_share_assumed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    offset_land_share: Mapped[bool] = mapped_column(Boolean)
    billing: Mapped[BillingMode] = mapped_column(stored_enum(BillingMode), default=BillingMode.hours,
                                                 server_default=BillingMode.hours.value)
    cost_share_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # cost_share: the member's %
    actual_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # cost_share: the quarter's Ist-Kosten
    status: Mapped[InvoiceStatus] = mapped_column(stored_enum(InvoiceStatus), default=InvoiceStatus.draft)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)

    member: Mapped[VerbundMember] = relationship()

    __table_args__ = (UniqueConstraint("member_id", "quarter_start", name="uq_verbund_invoices_quarter"),)
