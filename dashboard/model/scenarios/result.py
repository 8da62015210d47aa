"""What a projection returns: per team and point in time the cases, VZÄ, capacity, utilisation and
VZÄ needed; the totals, money per year, Projektmittel, the German summary and the changes in words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TeamResult:
    code: str | None
    name: str
    cases: list[float]
    fte: list[float]
    capacity: list[float]
    utilisation_pct: list[float | None]
    fte_needed: list[float]
    ratio: float  # effective cases per VZÄ the norm allows (capacity / VZÄ, or the scenario ratio)
    status: str  # now
    first_over: str | None  # ISO date of the first point above 100 %
    max_gap: float  # most VZÄ missing at any point to hold the ratio (≥ 0)
    peak_pct: float | None

    def to_dict(self) -> dict:
        return dict(vars(self))  # shallow: the lists are this result's own (asdict copies them again)


@dataclass
class Result:
    as_of: str
    months: list[str]  # ISO dates of the points: the Stichtag, then month ends to 31.12.2029
    teams: list[TeamResult]
    total_cases: list[float]
    total_capacity: list[float]
    money: list[dict]  # one row per year
    funds: list[dict]  # Projektmittel per Träger in the Stichtag's year
    summary: list[str]  # plain German sentences
    changes: list[str]  # the changes in words
    staff_ratio: int

    @property
    def worst_pct_now(self) -> float:
        values = [t.utilisation_pct[0] for t in self.teams if t.utilisation_pct[0] is not None]
        return max(values, default=0.0)

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of,
            "months": self.months,
            "staff_ratio": self.staff_ratio,
            "teams": [t.to_dict() for t in self.teams],
            "total_cases": self.total_cases,
            "total_capacity": self.total_capacity,
            "money": self.money,
            "funds": self.funds,
            "summary": self.summary,
            "changes": self.changes,
        }
