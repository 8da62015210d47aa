"""Changes to the cases: the monthly inflow, the closure rate before the limit, the limit itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from ...formatting import fmt_number, fmt_pct
from ..baseline import Baseline
from ..values import Code, number
from .base import Change, Checking, State, check_team


@dataclass(frozen=True)
class CaseInflow(Change):
    kind: ClassVar[str] = "case_inflow"
    label: ClassVar[str] = "Zugang je Monat"
    topic: ClassVar[str] = "cases"
    per_month: Annotated[float, number(0, 100000)]

    def describe(self, b: Baseline) -> str:
        return f"Zugang (Fallüberleitungen und neue Fälle) {fmt_number(self.per_month, 1)} je Monat"

    def apply(self, state: State, n: int) -> None:
        state.inflow_total = self.per_month


@dataclass(frozen=True)
class TeamInflow(Change):
    """One team's new cases per month (its streams keep their shares), instead of its estimated rate."""

    kind: ClassVar[str] = "team_inflow"
    label: ClassVar[str] = "Zugang eines Teams je Monat"
    topic: ClassVar[str] = "cases"
    team: Code
    per_month: Annotated[float, number(0, 100000)]

    def describe(self, b: Baseline) -> str:
        return f"Zugang {b.team_name(self.team)} {fmt_number(self.per_month, 1)} je Monat"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.team, f"{path}.team")

    def apply(self, state: State, n: int) -> None:
        state.team_inflow[self.team] = self.per_month


@dataclass(frozen=True)
class ClosureRate(Change):
    kind: ClassVar[str] = "closure_rate"
    label: ClassVar[str] = "Abschlussquote je Monat"
    topic: ClassVar[str] = "cases"
    pct_per_month: Annotated[float, number(0, 100)]

    def describe(self, b: Baseline) -> str:
        return f"Abschlüsse vor der Frist {fmt_pct(self.pct_per_month)} der Fälle je Monat"

    def apply(self, state: State, n: int) -> None:
        state.closure_pct = self.pct_per_month
        state.closure_flat = True


@dataclass(frozen=True)
class EligibilityLimit(Change):
    kind: ClassVar[str] = "eligibility_limit"
    label: ClassVar[str] = "Anspruchsdauer"
    topic: ClassVar[str] = "cases"
    years: Annotated[int, number(1, 10, integer=True)]

    def describe(self, b: Baseline) -> str:
        return f"Anspruch {self.years} Jahre ab Zuweisung in die Anschlussunterbringung"

    def apply(self, state: State, n: int) -> None:
        state.limit_years = self.years


@dataclass(frozen=True)
class IntakeStop(Change):
    """Teams stop taking new cases at their capacity (1:ratio); the others wait (Warteliste)."""

    kind: ClassVar[str] = "intake_stop"
    label: ClassVar[str] = "Aufnahmestopp bei voller Kapazität"
    topic: ClassVar[str] = "cases"

    def describe(self, b: Baseline) -> str:
        return "Aufnahmestopp: ein volles Team nimmt keine neuen Fälle auf, sie warten (Warteliste)"

    def apply(self, state: State, n: int) -> None:
        state.intake_stop = True
