"""Changes to the money: Land funds per VZÄ, the employer cost per VZÄ and its growth, Projektmittel moved."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Annotated, ClassVar

from ...formatting import fmt_eur, fmt_number
from ..baseline import Baseline
from ..values import Amount, Code, ScenarioError, number
from .base import Change, Checking, State


@dataclass(frozen=True)
class LandFunds(Change):
    kind: ClassVar[str] = "land_funds"
    label: ClassVar[str] = "Landesmittel je VZÄ"
    topic: ClassVar[str] = "money"
    pct: Annotated[float, number(-100, 1000)]  # change in %, e.g. -10

    def describe(self, b: Baseline) -> str:
        sign = "+" if self.pct >= 0 else "−"
        return f"Landesmittel je VZÄ {sign}{fmt_number(abs(self.pct), 1)} %"

    def apply(self, state: State, n: int) -> None:
        state.land_factor = 1.0 + self.pct / 100.0


@dataclass(frozen=True)
class CostPerFte(Change):
    kind: ClassVar[str] = "cost_per_fte"
    label: ClassVar[str] = "Kosten je VZÄ"
    topic: ClassVar[str] = "money"
    amount: Amount
    growth_pct: Annotated[float, number(0, 100)] | None = None  # yearly increase; None: unchanged

    def describe(self, b: Baseline) -> str:
        growth = f", +{fmt_number(self.growth_pct, 1)} % je Jahr" if self.growth_pct else ""
        return f"Arbeitgeberkosten {fmt_eur(self.amount, cents=False)} je VZÄ{growth}"

    def apply(self, state: State, n: int) -> None:
        state.money = replace(
            state.money,
            cost_per_fte=Decimal(self.amount),
            cost_growth_pct=(state.money.cost_growth_pct if self.growth_pct is None else Decimal(str(self.growth_pct))),
        )


@dataclass(frozen=True)
class FundsTransfer(Change):
    kind: ClassVar[str] = "funds_transfer"
    label: ClassVar[str] = "Projektmittel übertragen"
    topic: ClassVar[str] = "money"
    from_team: Code
    to_team: Code
    amount: Amount

    def describe(self, b: Baseline) -> str:
        return f"{fmt_eur(self.amount)} Projektmittel von {b.team_name(self.from_team)} an {b.team_name(self.to_team)}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        funded = {f.provider for f in b.funds}
        for name in ("from_team", "to_team"):
            if getattr(self, name) not in funded:
                raise ScenarioError(
                    f"„{getattr(self, name)}“ hat keine Projektmittel. Bekannt: "
                    f"{', '.join(sorted(funded)) or 'keine'}.",
                    f"{path}.{name}",
                )
        if self.from_team == self.to_team:
            raise ScenarioError("Geber und Empfänger sind derselbe Träger.", f"{path}.to_team")

    def apply(self, state: State, n: int) -> None:
        state.transfers.append(self)
