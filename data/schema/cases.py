"""Caseload: pseudonymised cases (no names, birth dates or addresses, ever) and the aggregated counts
that teams report.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.model.vocabulary import CaseOrigin, ClosureReason
from data.schema.base import Base, Timestamped, stored_enum
from data.schema.organisation import Area, Provider

CASE_COUNT_INDEXES = (
    Index("ix_cases_team_district_counts", "team_id", "district_id", "category", "has_integration_plan",
          "opened_on", "closed_on"),
    Index("ix_cases_assignment_counts", "au_assigned_on", "eligibility_extended", "opened_on", "closed_on",
          "team_id", "district_id"),
    Index("ix_cases_opened_counts", "opened_on", "origin", "closed_on", "team_id", "district_id"),
    Index("ix_cases_closed_counts", "closed_on", "closure_reason", "opened_on", "team_id", "district_id"),
)


class Case(Timestamped, Base):
    """One pseudonymised IM case. No names, birth dates or addresses, ever."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    origin: Mapped[CaseOrigin] = mapped_column(stored_enum(CaseOrigin), default=CaseOrigin.case_transfer)
    au_assigned_on: Mapped[dt.date] = mapped_column(Date)
    opened_on: Mapped[dt.date] = mapped_column(Date, index=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(stored_enum(ClosureReason))
    eligibility_extended: Mapped[bool] = mapped_column(default=False)  # 4-year extension granted
    has_integration_plan: Mapped[bool] = mapped_column(default=False)
    household_size: Mapped[int] = mapped_column(default=1)
    category: Mapped[str | None] = mapped_column(String(32))  # for weighted caseload schemes

    district: Mapped[Area | None] = relationship()
    team: Mapped[Provider | None] = relationship()

    __table_args__ = (
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
        CheckConstraint(
            "(closed_on IS NULL) = (closure_reason IS NULL)", name="closure_reason_iff_closed"
        ),
        CheckConstraint("household_size BETWEEN 1 AND 30", name="household_size_range"),
        # Covering indexes of the counts in data/queries/case_counts.py (migration 0013): each
        # GROUP BY reads one index in its order, never the table (Stichtag ranges, team, district).
        *CASE_COUNT_INDEXES,
    )


class CaseloadCount(Base):
    """Aggregated active-case count reported by a team for a district on a date."""

    __tablename__ = "caseload_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    active_cases: Mapped[int]

    __table_args__ = (
        UniqueConstraint("as_of", "team_id", "district_id", name="uq_caseload_counts_key"),
        CheckConstraint("active_cases >= 0", name="active_cases_non_negative"),
    )
