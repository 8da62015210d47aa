"""The figures of the page "Ehrenamt" (`dashboard.services.volunteering.volunteering`).

Field order is the JSON order of `im-cockpit kpis --json` ("volunteering").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SocialArea:
    social_area_id: int
    social_area: str
    providers: tuple[str, ...]  # the Träger responsible on the Stichtag


@dataclass(frozen=True)
class Project:
    """An active project with its site, Träger and volunteers per age band."""

    project_id: int
    name: str
    topic: str
    topic_text: str
    provider: str
    provider_code: str | None
    district: str | None
    social_area: str | None  # None: city-wide (no Stadtteil)
    site: str | None
    volunteers: int
    volunteers_18_29: int
    volunteers_30_49: int
    volunteers_50_64: int
    volunteers_65_plus: int


@dataclass(frozen=True)
class CoverageCell:
    social_area: str
    projects: int
    volunteers: int
    gap: bool


@dataclass(frozen=True)
class CoverageRow:
    """One topic across the Sozialräume."""

    topic: str
    topic_text: str
    cells: tuple[CoverageCell, ...]
    citywide_projects: int
    citywide_volunteers: int
    projects: int
    volunteers: int
    gaps: int


@dataclass(frozen=True)
class AreaTotal:
    social_area: str
    projects: int
    volunteers: int
    gaps: int


@dataclass(frozen=True)
class CoverageTotals:
    by_area: tuple[AreaTotal, ...]
    citywide_projects: int
    citywide_volunteers: int
    projects: int
    volunteers: int


@dataclass(frozen=True)
class Gap:
    topic: str
    topic_text: str
    social_area: str


@dataclass(frozen=True)
class AgeBand:
    band: str
    label: str
    volunteers: int
    share_pct: float | None


@dataclass(frozen=True)
class HistoryPoint:
    day: dt.date
    projects: int
    volunteers: int


@dataclass(frozen=True)
class ProviderChoice:
    provider_id: int
    provider: str
    code: str


@dataclass(frozen=True)
class District:
    district_id: int
    district: str
    social_area: str


@dataclass(frozen=True)
class ProjectChoice:
    """A project for the form's select (also ended and future ones)."""

    project_id: int
    name: str
    ended: bool
    future: bool


@dataclass(frozen=True)
class VolunteeringSummary:
    """The coverage figures of `im-cockpit kpis --json`."""

    coverage: tuple[CoverageRow, ...]
    coverage_totals: CoverageTotals
    gaps: tuple[Gap, ...]
    topics_covered: int
    topics: int
    volunteers: int
    ages: tuple[AgeBand, ...]
    history: tuple[HistoryPoint, ...]


@dataclass(frozen=True)
class VolunteeringFigures:
    """Every number of the page "Ehrenamt" on the Stichtag `as_of`."""

    as_of: dt.date
    stand: dict | None  # `dashboard.services.stand`
    revision: int | None
    social_areas: tuple[SocialArea, ...]
    coverage: tuple[CoverageRow, ...]
    coverage_totals: CoverageTotals
    gaps: tuple[Gap, ...]
    topics_covered: int
    topics: int
    cells: int
    projects: tuple[Project, ...]
    volunteers: int
    ages: tuple[AgeBand, ...]
    history: tuple[HistoryPoint, ...]
    providers: tuple[ProviderChoice, ...]
    districts: tuple[District, ...]
    all_projects: tuple[ProjectChoice, ...]
