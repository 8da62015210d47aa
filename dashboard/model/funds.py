"""Projektmittel ledger arithmetic (DOMAIN.md §6), exact in Decimal cents, never floats.

remaining = allocation − expenses − transfers out + transfers in
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value: Decimal | int | str) -> Decimal:
    """Normalise an amount to two decimals; floats are refused to keep the ledger exact."""
    if isinstance(value, float):
        raise TypeError("Beträge müssen als Decimal oder Text übergeben werden, nicht als float.")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LedgerLine:
    provider: int
    kind: str  # allocation | expense | transfer
    amount: Decimal
    to_provider: int | None = None


@dataclass(frozen=True)
class FundsBalance:
    allocated: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")
    transferred_out: Decimal = Decimal("0.00")
    transferred_in: Decimal = Decimal("0.00")

    @property
    def available(self) -> Decimal:
        return self.allocated - self.transferred_out + self.transferred_in

    @property
    def remaining(self) -> Decimal:
        return self.available - self.spent


def balances(lines: Iterable[LedgerLine], providers: Iterable[int]) -> dict[int, FundsBalance]:
    """Balance per provider (every provider listed, also those without entries)."""
    acc = {p: {"allocated": CENT * 0, "spent": CENT * 0, "out": CENT * 0, "in": CENT * 0}
           for p in providers}
    for line in lines:
        amount = cents(line.amount)
        row = acc.setdefault(line.provider, {"allocated": CENT * 0, "spent": CENT * 0,
                                             "out": CENT * 0, "in": CENT * 0})
        if line.kind == "allocation":
            row["allocated"] += amount
        elif line.kind == "expense":
            row["spent"] += amount
        elif line.kind == "transfer":
            row["out"] += amount
            target = acc.setdefault(line.to_provider, {"allocated": CENT * 0, "spent": CENT * 0,
                                                       "out": CENT * 0, "in": CENT * 0})
            target["in"] += amount
        else:
            raise ValueError(f"Unbekannte Buchungsart: {line.kind!r}")
    return {p: FundsBalance(r["allocated"], r["spent"], r["out"], r["in"]) for p, r in acc.items()}
