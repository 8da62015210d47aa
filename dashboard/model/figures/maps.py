"""Typed results of the map page (filled by `dashboard.services.maps.map_view`).

Frozen dataclasses read by the page, the plotly figure and the folium export (`geo/` reads their
attributes). An area's `active_cases` is the caseload page's
protected cell: a count, or the mark of a hidden cell (a `str`), never the hidden number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.figures.overview import LoadFigures, Stand

Count = int | str


@dataclass(frozen=True)
class AreaLoad(LoadFigures):
    """The load of the team(s) whose catchment holds an area (case work is measured per team)."""

    teams: tuple[str, ...]

    @classmethod
    def of(cls, load: LoadFigures, teams: tuple[str, ...]) -> AreaLoad:
        return cls(**vars(load), teams=teams)


@dataclass(frozen=True)
class GemeindeFacts:
    """A Gemeinde's Landkreis figures for the calculation year (`dashboard.services.county_figures`):
    its allocation, who runs IM, and its active cases (None: no case data for it; a `str`: hidden)."""

    year: int
    persons: int
    amount: Decimal
    per_inhabitant: Decimal | None  # None without a population
    mode: str | None  # an ImMode value, None when not recorded
    mode_text: str
    mode_short: str  # the map's label: "A Eigenregie", "C Landkreis", …
    provider_name: str | None
    cases: Count | None = None


@dataclass(frozen=True)
class CategoryKey:
    """One entry of a categorical map's legend (colour with its text, never colour alone)."""

    code: str
    label: str
    color: str
    count: int


@dataclass(frozen=True)
class MapArea:
    """One area of the map: a Planungsbezirk, a Sozialraum or a Gemeinde (then the city fields are
    empty) with the value that colours it and its text on the map."""

    area_id: int
    code: str
    name: str
    kind: str  # "district", "social_area", "municipality" or "city"
    parent: str | None = None
    parent_code: str | None = None
    provider: str | None = None
    provider_code: str | None = None
    team_load: AreaLoad | None = None
    active_cases: Count = 0
    projects: int = 0
    districts: tuple[str, ...] = ()  # a Sozialraum's Planungsbezirke
    lat: float | None = None
    lon: float | None = None
    ags: str | None = None
    population: int | None = None
    is_city: bool = False
    gemeinde: GemeindeFacts | None = None
    category: str | None = None  # a categorical metric's code for this area (e.g. the IM mode)
    value: float | None = None
    text: str = ""


@dataclass(frozen=True)
class MapProject:
    """A volunteer project with a position; `area_code` is the map area it lies in."""

    name: str
    site: str | None
    lat: float
    lon: float
    provider: str | None
    district_id: int | None
    district: str | None
    volunteers: int
    topic: str
    area_code: str | None = None


@dataclass(frozen=True)
class Facility:
    name: str
    full_name: str
    lat: float
    lon: float
    note: str


@dataclass(frozen=True)
class ProviderKey:
    code: str
    name: str


@dataclass(frozen=True)
class MapView:
    """Everything the map page shows for one choice of territory, level and metric."""

    as_of: dt.date
    stand: Stand | None
    territory: str
    level: str
    metric: str
    metric_label: str
    norm: float | None
    thresholds: tuple[float, float]
    threshold: int
    areas: tuple[MapArea, ...]
    geojson: dict
    schematic: bool
    schematic_label: str
    shape_sources: tuple[str, ...]
    projects: tuple[MapProject, ...]
    facilities: tuple[Facility, ...]
    providers: tuple[ProviderKey, ...]
    note: str | None
    year: int | None = None  # Landkreis: the calculation year of the allocation
    categories: tuple[CategoryKey, ...] = ()  # a categorical metric's legend (IM mode)
    shape_revision: str | None = None  # the shapes' fingerprint: the figure builds their geometry once per revision
