"""Staffing (Stellenplan): planned vs filled VZÄ and vacancies, from position rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StaffLine:
    planned: Decimal
    filled: Decimal

    @property
    def vacant(self) -> Decimal:
        return max(Decimal(0), self.planned - self.filled)

    @property
    def fill_rate_pct(self) -> float | None:
        return float(100 * self.filled / self.planned) if self.planned else None


def staff_total(lines: Iterable[tuple[Decimal, Decimal]]) -> StaffLine:
    """Sum (planned, filled) pairs exactly."""
    planned = filled = Decimal(0)
    for p, f in lines:
        planned += Decimal(p)
        filled += Decimal(f)
    return StaffLine(planned=planned, filled=filled)
