"""The Stellenplan: positions (a Träger's post in a programme from one funding source) and the totals
that plan documents state.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import Funding, Programme
from data.schema.base import Base, Timestamped, stored_enum
from data.schema.organisation import Provider


class Position(Timestamped, Base):
    """One line of the Stellenplan: a provider's post in a programme from one funding source."""

    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    programme: Mapped[Programme] = mapped_column(stored_enum(Programme))
    funding: Mapped[Funding] = mapped_column(stored_enum(Funding))
    planned_fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    filled_fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    # "bis zu 0,4 VZÄ": the planned value is an upper bound, not a commitment.
    planned_is_upper_bound: Mapped[bool] = mapped_column(default=False)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    funded_until: Mapped[dt.date | None] = mapped_column(Date)
    site: Mapped[str | None] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(120))  # e.g. "CaDiFa", "KiDiFlü"
    # Posts shared between Stadt and Landkreis: VZÄ credited to the city, and the contractual minimum.
    city_share_fte: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    city_share_min_fte: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    staff_ratio: Mapped[int | None]  # overrides the instance's ratio for this post's programme
    plan: Mapped[str | None] = mapped_column(String(120))  # the plan document the line comes from
    note: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Provider] = relationship()

    __table_args__ = (
        CheckConstraint("planned_fte >= 0 AND filled_fte >= 0", name="fte_non_negative"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
    )


class PlanTotal(Base):
    """A total that a plan document states (e.g. "Diakonie insgesamt 0,4 VZÄ"), kept as stated.

    The consistency checks compare it with the sum of the plan's positions; a plan that
    contradicts itself is shown, not silently corrected.
    """

    __tablename__ = "plan_totals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(32))  # provider | programme | funding
    scope_code: Mapped[str] = mapped_column(String(64))
    stated_fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    # A provider's "insgesamt" in the concept leaves out the "zusätzlich" church-funded posts.
    excluded_funding: Mapped[Funding | None] = mapped_column(stored_enum(Funding))
    quote: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("plan", "scope", "scope_code", name="uq_plan_totals_scope"),)
