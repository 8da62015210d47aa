"""The figures of the page "Personal (VZÄ)" (`dashboard.services.staffing.staffing`).

VZÄ are floats (summed exactly in Decimal first), money `Decimal`, dates `date`. Field order is the
JSON order of `im-cockpit kpis --json` ("stellenplan").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.costs import PostCost
from dashboard.model.plan_checks import FundingStatus, ShareStatus


@dataclass(frozen=True)
class ProviderChoice:
    """A Träger for the form's select."""

    provider_id: int
    code: str
    provider: str


@dataclass(frozen=True)
class Position:
    """One line of the Stellenplan on the Stichtag."""

    position_id: int
    provider: str
    provider_code: str
    provider_kind: str
    sort_order: int
    programme: str
    programme_text: str
    funding: str
    funding_text: str
    label: str | None
    site: str | None
    plan: str | None
    upper_bound: bool
    funded_until: dt.date | None
    name: str
    short_name: str
    planned: float
    filled: float
    vacant: float
    over: float


@dataclass(frozen=True)
class StaffLine:
    """Planned vs filled VZÄ of all posts (vacant counts single posts: an over-staffed post fills no other)."""

    planned: float
    filled: float
    vacant: float
    over: float
    upper_bound: bool


@dataclass(frozen=True)
class ProviderStaff:
    """A Träger's subtotal of the Stellenplan."""

    provider: str
    code: str
    planned: float
    filled: float
    vacant: float
    over: float
    upper_bound: bool


@dataclass(frozen=True)
class SharedPost:
    """A church-funded post shared with the Landkreis: the city's credited share against its minimum."""

    position_id: int
    name: str
    short_name: str
    provider: str
    label: str | None
    funding_text: str
    planned: float
    filled: float
    upper_bound: bool
    city_share: float | None
    city_share_min: float | None
    difference: float | None
    status: ShareStatus
    status_text: str

    @property
    def fine(self) -> bool:
        return self.status in (ShareStatus.ok, ShareStatus.no_minimum)


@dataclass(frozen=True)
class FundingEnd:
    """A post with fixed-term funding and its warning status."""

    position_id: int
    name: str
    provider: str
    provider_code: str
    programme_text: str
    funding_text: str
    label: str | None
    short_name: str
    planned: float
    upper_bound: bool
    funded_until: dt.date
    months_left: int
    status: FundingStatus
    status_text: str

    @property
    def ends_soon(self) -> bool:
        """Ends within the warning period or has ended already."""
        return self.status in (FundingStatus.warning, FundingStatus.ended)


@dataclass(frozen=True)
class PlanTotalCheck:
    """A total the plan states against the sum of its lines."""

    plan: str
    scope: str  # provider | programme | funding
    scope_code: str
    scope_text: str
    quote: str
    stated: float
    parts_sum: float
    difference: float
    consistent: bool
    status_text: str
    upper_bound: bool
    parts_text: str


@dataclass(frozen=True)
class SmallPost:
    name: str
    planned: float


@dataclass(frozen=True)
class PlanChecks:
    min_fte: float
    totals: tuple[PlanTotalCheck, ...]
    inconsistent: int
    small_posts: tuple[SmallPost, ...]
    empty_programmes: tuple[str, ...]


@dataclass(frozen=True)
class CostFigureParameters:
    """The assumptions the costs are computed with."""

    cost_per_fte: Decimal
    overhead_rate_pct: float
    land_funds_per_fte: Decimal
    subsidy_cap_per_fte: Decimal


@dataclass(frozen=True)
class PositionCost:
    """Yearly cost of one position's planned VZÄ (upper bounds at their maximum)."""

    position_id: int
    name: str
    short_name: str
    provider: str
    programme: str
    programme_text: str
    funding_text: str
    planned: float
    upper_bound: bool
    personnel: Decimal
    land_funds: Decimal
    overhead: Decimal
    city_subsidy: Decimal
    gap: Decimal | None  # IM posts only


@dataclass(frozen=True)
class CostFigures:
    parameters: CostFigureParameters
    rows: tuple[PositionCost, ...]
    total: PostCost
    im: PostCost
    planned: float
    im_fte: float


@dataclass(frozen=True)
class StaffingFigures:
    """Every number of the page "Personal (VZÄ)" on the Stichtag `as_of`."""

    as_of: dt.date
    stand: dict | None  # `dashboard.services.stand`
    revision: int | None
    providers: tuple[ProviderChoice, ...]
    positions: tuple[Position, ...]
    by_provider: tuple[ProviderStaff, ...]
    total: StaffLine
    shared: tuple[SharedPost, ...]
    funding: tuple[FundingEnd, ...]  # earliest end first
    warning_months: int
    warning_until: dt.date
    funding_warnings: int
    checks: PlanChecks
    costs: CostFigures

    def positions_of(self, code: str) -> list[Position]:
        """The positions of the Träger `code`, in Stellenplan order."""
        return [p for p in self.positions if p.provider_code == code]
