"""The baseline of a scenario: the data at a Stichtag, frozen (teams, IM posts, districts and their
catchment teams, active cases as groups, inflow streams, the money and the Projektmittel).

`data/scenarios.py` builds it from the database; a scenario file carries it (`fileformat`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..capacity import Thresholds
from ..vocabulary import (
    DEFAULT_ATTENTION_MAX,
    DEFAULT_OK_MAX,
    DEFAULT_SMALL_COUNT_THRESHOLD,
    DEFAULT_STAFF_RATIO,
    NO_TEAM,
    VWV_END,
    Funding,
    Programme,
)

if TYPE_CHECKING:
    from .history import History

HORIZON_END = VWV_END  # every projection runs to the end of the VwV Integrationsmanagement
PROGRAMMES = tuple(str(p) for p in Programme)
FUNDINGS = tuple(str(f) for f in Funding)
TEAM_KINDS = ("provider", "city")


@dataclass(frozen=True)
class Team:
    code: str
    name: str
    kind: str = "provider"  # provider | city (the city's own posts get no Pauschale)
    uses_catchment: bool = False  # external IM: carries the cases of its catchment's districts


@dataclass(frozen=True)
class Post:
    id: str
    team: str
    programme: str
    funding: str
    fte: float  # filled VZÄ: the capacity
    planned: float | None = None  # planned VZÄ: the cost (None: as filled)
    start: dt.date | None = None
    end: dt.date | None = None  # last day (inclusive)
    ratio: int | None = None  # own staff ratio; None: the scenario's ratio
    label: str | None = None

    @property
    def cost_fte(self) -> float:
        return self.fte if self.planned is None else self.planned


@dataclass(frozen=True)
class District:
    code: str
    name: str
    social_area: str  # the Sozialraum's name (shown; several Kreise may each have a „Sozialraum 1“)
    team: str | None = None  # catchment team on the Stichtag
    social_area_code: str | None = None  # the Sozialraum's unique code; None: its name is unique (older files)

    @property
    def social_area_key(self) -> str:
        """What tells this district's Sozialraum from another of the same name."""
        return self.social_area if self.social_area_code is None else self.social_area_code


class CaseGroup(NamedTuple):
    """Active cases on the Stichtag with the same carrier, district, AU month and extension.
    (A named tuple: a baseline of Baden-Württemberg holds some 60.000 of them.)"""

    owner: str | None  # a site-based team keeps its cases; None: the district's catchment team
    district: str | None
    au_month: dt.date  # first day of the month of the AU assignment
    extended: bool
    count: int


class Inflow(NamedTuple):
    """New cases per month of one stream (carrier, district), from the last twelve months."""

    owner: str | None
    district: str | None
    per_month: float


@dataclass(frozen=True)
class FundsState:
    """Projektmittel of one Träger in the Stichtag's year."""

    provider: str
    allocated: Decimal
    spent: Decimal = Decimal("0.00")
    transferred_out: Decimal = Decimal("0.00")
    transferred_in: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class Money:
    cost_per_fte: Decimal = Decimal("75000")
    overhead_rate_pct: Decimal = Decimal("20")
    land_funds_per_fte: Decimal = Decimal("68000")
    cost_growth_pct: Decimal = Decimal("0")  # yearly increase of the cost per VZÄ (tariff)


@dataclass(frozen=True)
class Baseline:
    as_of: dt.date
    teams: tuple[Team, ...]
    posts: tuple[Post, ...]
    districts: tuple[District, ...] = ()
    cases: tuple[CaseGroup, ...] = ()
    inflows: tuple[Inflow, ...] = ()
    closure_rate_pct: float = 0.0  # % of active cases closing per month before the limit
    new_case_lag_months: int = 6  # months between AU assignment and opening of a new case
    limit_years: int = 3
    staff_ratio: int = DEFAULT_STAFF_RATIO
    ok_max: float = DEFAULT_OK_MAX
    attention_max: float = DEFAULT_ATTENTION_MAX
    money: Money = Money()
    funds: tuple[FundsState, ...] = ()
    source: str = ""  # e.g. "Demodaten (synthetisch) – Stadt Heilbronn"
    small_count_threshold: int = (
        DEFAULT_SMALL_COUNT_THRESHOLD  # district counts below it are hidden (DOMAIN §9; see check_changes)
    )
    history: History | None = None  # counts of the past per team (None: one pooled rate, as saved before)
    _cache: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def team(self, code: str) -> Team | None:
        return next((t for t in self.teams if t.code == code), None)

    def team_name(self, code: str | None) -> str:
        """The team's name; the code itself for a team the baseline does not know; "ohne Team" for None."""
        team = self.team(code) if code else None
        return team.name if team else (code or NO_TEAM)

    def team_fte(self, team: str, programme: str, day: dt.date) -> float:
        """Filled VZÄ of the team's posts in the programme that are valid on `day`."""
        return sum(
            p.fte
            for p in self.posts
            if p.team == team
            and p.programme == programme
            and (p.start is None or p.start <= day)
            and (p.end is None or p.end >= day)
        )

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(ok_max=self.ok_max, attention_max=self.attention_max)
