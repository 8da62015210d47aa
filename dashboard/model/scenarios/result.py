"""What a projection returns: per team and point in time the cases, VZÄ, capacity, utilisation and
VZÄ needed; the totals, money per year, Projektmittel, the German summary and the changes in words."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # the 80 % band and what drives the team (`projection._add_outlook`)
    cases_low: list[float] = field(default_factory=list)
    cases_high: list[float] = field(default_factory=list)
    utilisation_low: list[float | None] = field(default_factory=list)
    utilisation_high: list[float | None] = field(default_factory=list)
    inflow_per_month: float = 0.0  # new cases per month the projection assumes (after the changes)
    exits_deadline: float = 0.0  # cases ending with their eligibility in the next twelve months
    exits_closure: float = 0.0  # cases closed before their end in the next twelve months
    rate_source: str = ""  # rates.SOURCE_LABELS key
    data_start: str | None = None  # ISO date: first month of the data the inflow comes from
    notes: list[str] = field(default_factory=list)  # German: why the rates are what they are
    waiting: list[float] = field(default_factory=list)  # Aufnahmestopp: cases waiting per point (else empty)

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
    has_history: bool = False  # rates per team from the history (else the baseline's pooled ones)

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
            "has_history": self.has_history,
        }
