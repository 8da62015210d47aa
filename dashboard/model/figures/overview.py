"""Übersicht: the Stand, the load of a team and the overview's figures (also `kpis --json`: the field
order is the key order of that JSON, keep it when adding fields). See the package's docstring."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.vocabulary import DataSource, Status


@dataclass(frozen=True)
class Stand:
    """The dataset's as-of date, source, label and revision."""

    as_of: dt.date
    source: DataSource
    label: str
    revision: int


@dataclass(frozen=True)
class LoadFigures:
    """One load (team, area or total) against capacity; VZÄ as floats, rounded for display."""

    cases: int
    fte: float
    capacity: float
    cases_per_fte: float | None
    utilisation_pct: float | None
    status: Status
    fte_needed: float
    fte_gap: float
    headroom: float


@dataclass(frozen=True)
class TeamFigures:
    """A team's load; `team_id` and `code` are None for the cases without team."""

    team_id: int | None
    code: str | None
    team: str
    name: str
    cases: int
    fte: float
    capacity: float
    cases_per_fte: float | None
    utilisation_pct: float | None
    status: Status
    fte_needed: float
    fte_gap: float
    headroom: float

    @classmethod
    def of(cls, team_id: int | None, code: str | None, team: str, name: str, load: LoadFigures) -> TeamFigures:
        return cls(team_id, code, team, name, **vars(load))


@dataclass(frozen=True)
class StaffingLine:
    """Planned vs filled VZÄ of one Träger (all programmes and funding sources)."""

    provider: str
    code: str
    planned: float
    filled: float
    vacant: float


@dataclass(frozen=True)
class ProviderFunds:
    """Projektmittel of one Träger in a year, exact to the cent."""

    provider: str
    code: str
    allocated: Decimal
    spent: Decimal
    transferred_out: Decimal
    transferred_in: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class FundsSummary:
    year: int
    budget: Decimal
    allocated: Decimal
    remaining: Decimal
    by_provider: tuple[ProviderFunds, ...]


@dataclass(frozen=True)
class VolunteeringSummary:
    projects: int
    volunteers: int
    topics: int


@dataclass(frozen=True)
class Overview:
    """Every number of the Übersicht page."""

    as_of: dt.date
    stand: Stand | None
    staff_ratio: int
    im: LoadFigures
    teams: tuple[TeamFigures, ...]
    staffing: tuple[StaffingLine, ...]
    funds: FundsSummary
    volunteering: VolunteeringSummary
