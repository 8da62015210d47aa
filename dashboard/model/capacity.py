"""Caseload against the staff ratio (Personalschlüssel, default 1:90; DOMAIN.md §4).

Capacity = VZÄ × ratio. Utilisation = cases / capacity. Zero VZÄ means "no capacity", never a
division error: the functions return None and the status says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .vocabulary import DEFAULT_ATTENTION_MAX, DEFAULT_OK_MAX, Status  # noqa: F401 (Status re-exported)


@dataclass(frozen=True)
class Thresholds:
    """Upper bounds of utilisation in % for "ok" and "attention"; above is "critical"."""

    ok_max: float = DEFAULT_OK_MAX
    attention_max: float = DEFAULT_ATTENTION_MAX


@dataclass(frozen=True)
class Load:
    """Active cases of a team (or area) against its VZÄ and capacity (VZÄ × ratio, summed)."""

    cases: float
    fte: float
    capacity: float

    @classmethod
    def from_posts(cls, cases: float, posts: Iterable[tuple[float | Decimal, int]]) -> Load:
        """Build from (VZÄ, ratio) pairs, so posts with their own ratio count correctly."""
        posts = [(float(fte), ratio) for fte, ratio in posts]
        return cls(cases=cases, fte=sum(f for f, _ in posts), capacity=sum(f * r for f, r in posts))

    @property
    def has_capacity(self) -> bool:
        return self.capacity > 0 and self.fte > 0

    @property
    def ratio(self) -> float | None:
        """Effective cases per VZÄ that the norm allows (capacity / VZÄ)."""
        return self.capacity / self.fte if self.has_capacity else None

    @property
    def cases_per_fte(self) -> float | None:
        return self.cases / self.fte if self.has_capacity else None

    @property
    def utilisation_pct(self) -> float | None:
        return 100.0 * self.cases / self.capacity if self.has_capacity else None

    @property
    def headroom(self) -> float:
        """Cases the team can still take within the norm (negative: cases above the norm)."""
        return self.capacity - self.cases

    @property
    def cases_above_norm(self) -> float:
        return max(0.0, self.cases - self.capacity)

    def fte_needed(self, default_ratio: int) -> float:
        """VZÄ needed to hold the ratio with today's cases."""
        return self.cases / (self.ratio or default_ratio)

    def fte_gap(self, default_ratio: int) -> float:
        """VZÄ missing (positive) or spare (negative) against the ratio."""
        return self.fte_needed(default_ratio) - self.fte

    def status(self, thresholds: Thresholds) -> Status:
        return status_for(self.utilisation_pct, thresholds)


def status_for(utilisation_pct: float | None, thresholds: Thresholds) -> Status:
    """Classify a utilisation; None (no capacity) is its own status."""
    if utilisation_pct is None:
        return Status.no_capacity
    if utilisation_pct <= thresholds.ok_max:
        return Status.ok
    if utilisation_pct <= thresholds.attention_max:
        return Status.attention
    return Status.critical


def effective_team(
    case_team: int | None,
    district: int | None,
    catchment: Mapping[int, int],
    catchment_teams: set[int],
) -> int | None:
    """The team a case counts against on a day.

    Teams that work by catchment (external IM) carry the cases of the districts in their
    catchment on that day, whoever opened the case; site-based teams keep their own cases.
    A case without a team in a district without catchment stays without team (and is shown).
    """
    if case_team is not None and case_team not in catchment_teams:
        return case_team
    if district is not None and district in catchment:
        return catchment[district]
    return case_team


def round_up(value: float, step: float = 0.01) -> float:
    """Round up to `step` (for "VZÄ needed": 3.333 → 3.34 so that the norm is really held)."""
    return math.ceil(round(value / step, 9)) * step


def weighted_points(categories: Iterable[str | None], weights: Mapping[str, float]) -> float:
    """Sum of the cases' weights (weighted caseload); a case without or with an unlisted category weighs 1."""
    return float(sum(weights.get(c, 1.0) if c else 1.0 for c in categories))


def weighted_load(points: float, fte: float, points_per_fte: float) -> Load:
    """The same Load arithmetic on points: capacity = VZÄ × points one VZÄ carries."""
    return Load(cases=points, fte=fte, capacity=fte * points_per_fte)
