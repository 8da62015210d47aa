"""Typed results of the caseload page (filled by `dashboard.services.caseload.caseload`).

Frozen dataclasses; field order = key order of `kpis --json` (through `serialize.jsonable`).
A hidden (suppressed) count is only ever its display mark (a `str`), never the number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.model.figures.overview import Stand, TeamFigures
from dashboard.model.vocabulary import Status

Count = int | str  # a count, or the mark of a hidden cell


@dataclass(frozen=True)
class CaseloadFilters:
    team: str | None
    social_area: str | None
    basis: str


@dataclass(frozen=True)
class Option:
    """One choice of a dropdown."""

    value: str
    label: str


@dataclass(frozen=True)
class CaseloadOptions:
    teams: tuple[Option, ...]
    social_areas: tuple[Option, ...]


@dataclass(frozen=True)
class WeightedTeam:
    team: str
    cases: int
    points: float
    fte: float
    capacity: float
    utilisation_pct: float | None
    status: Status


@dataclass(frozen=True)
class WeightedCaseload:
    """Case points per team; `enabled` False: every case weighs 1 (the figures equal the plain ones)."""

    enabled: bool
    points_per_fte: int | float
    weights: dict[str, float]
    teams: tuple[WeightedTeam, ...]


@dataclass(frozen=True)
class AreaCounts:
    """One row of a protected table: counts per team column and "Gesamt" (hidden cells as marks)."""

    key: int
    label: str
    counts: dict[str, Count]


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date  # first day of the month
    period_end: dt.date
    active: int
    capacity: float
    fte: float
    inflow_case_transfer: int
    inflow_direct: int
    outflow_goal_reached: int
    outflow_moved_away: int
    outflow_eligibility_ended: int
    outflow_other: int


@dataclass(frozen=True)
class HorizonMonth:
    month: dt.date  # first day of the month
    reaching_limit: int
    reaching_extended_limit: int
    total: int


@dataclass(frozen=True)
class AgeBand:
    band: str
    count: int


@dataclass(frozen=True)
class PlanCoverage:
    with_plan: int
    active: int
    share_pct: float | None


@dataclass(frozen=True)
class Caseload:
    """Every figure of the caseload page for one Stichtag and filter."""

    as_of: dt.date
    stand: Stand | None
    staff_ratio: int
    threshold: int
    filters: CaseloadFilters
    options: CaseloadOptions
    active_cases: Count
    weighted: WeightedCaseload
    without_district: int
    teams: tuple[TeamFigures, ...]
    team_columns: tuple[str, ...]
    social_areas: tuple[AreaCounts, ...]
    districts: tuple[AreaCounts, ...]
    history: tuple[MonthFigures, ...]
    horizon: tuple[HorizonMonth, ...]
    overdue: int
    ages: tuple[AgeBand, ...]
    plan: PlanCoverage
