"""Costs of the Stellenplan per year (pure, exact to the cent; DOMAIN.md §7).

- Personnel cost: VZÄ × employer cost of one full-time post (planning value TVöD SuE S 11b,
  about 72.000–78.000 € in 2025; a setting).
- Land funds (VwV Integrationsmanagement): VZÄ × Land funds per VZÄ, for Land-funded posts.
- Sach- und Gemeinkostenpauschale: a rate on the personnel cost of Land-funded posts that the city
  passes on to a Träger (Weiterleitung); the city's own posts get none.
- City subsidy for volunteer coordination and MBE: the personnel cost, but at most S 11b per VZÄ.
- Gap of IM posts: personnel cost − Land funds (what the city or the Träger has to add).

Money is `Decimal`, never float: floats are refused (`funds.cents`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from .funds import cents


class CostError(ValueError):
    """Invalid cost input; German message."""


def _fte(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("VZÄ bitte als Decimal oder Text übergeben, nicht als float")
    fte = Decimal(value)
    if fte < 0:
        raise CostError(f"VZÄ darf nicht negativ sein (jetzt {fte}).")
    return fte


def personnel_cost(fte, cost_per_fte) -> Decimal:
    """Employer cost per year of `fte` VZÄ."""
    return cents(_fte(fte) * cents(cost_per_fte))


def land_funds(fte, per_fte) -> Decimal:
    """Land funds per year for `fte` Land-funded VZÄ."""
    return cents(_fte(fte) * cents(per_fte))


def overhead(land_funded_personnel_cost, rate_pct) -> Decimal:
    """Sach- und Gemeinkostenpauschale: `rate_pct` % of the Land-funded personnel cost."""
    rate = Decimal(str(rate_pct)) if isinstance(rate_pct, (int, float)) else Decimal(rate_pct)
    if not 0 <= rate <= 100:
        raise CostError(f"Der Pauschalsatz muss zwischen 0 und 100 % liegen (jetzt {rate} %).")
    return cents(cents(land_funded_personnel_cost) * rate / 100)


def capped_subsidy(fte, cost_per_fte, cap_per_fte) -> Decimal:
    """City personnel-cost subsidy: the cost, but at most `cap_per_fte` (S 11b) per VZÄ."""
    return cents(_fte(fte) * min(cents(cost_per_fte), cents(cap_per_fte)))


def funding_gap(cost, funds) -> Decimal:
    """Cost minus funds; negative when the funds cover more than the cost."""
    return cents(cost) - cents(funds)


@dataclass(frozen=True)
class CostParameters:
    cost_per_fte: Decimal  # employer cost of one full-time post per year (S 11b planning value)
    overhead_rate_pct: Decimal  # Sach- und Gemeinkostenpauschale in % of Land-funded personnel cost
    land_funds_per_fte: Decimal  # VwV IM funds per VZÄ and year
    subsidy_cap_per_fte: Decimal | None = None  # S 11b cap of city subsidies; default: cost_per_fte

    @property
    def cap(self) -> Decimal:
        return self.cost_per_fte if self.subsidy_cap_per_fte is None else self.subsidy_cap_per_fte


@dataclass(frozen=True)
class PostCost:
    personnel: Decimal = Decimal("0.00")
    land_funds: Decimal = Decimal("0.00")
    overhead: Decimal = Decimal("0.00")
    city_subsidy: Decimal = Decimal("0.00")
    gap: Decimal | None = None  # IM posts only

    def __add__(self, other: PostCost) -> PostCost:
        values = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = None if a is None and b is None else (a or Decimal("0.00")) + (b or Decimal("0.00"))
        return PostCost(**values)


def post_cost(fte, programme: str, funding: str, params: CostParameters, *,
              passed_on: bool = True) -> PostCost:
    """The yearly money of one post.

    `passed_on`: the post belongs to a Träger that receives Land funds through the city (the
    city's own posts: False, no Pauschale). Church-funded posts carry only their personnel cost.
    """
    personnel = personnel_cost(fte, params.cost_per_fte)
    land = land_funds(fte, params.land_funds_per_fte) if funding == "land" else Decimal("0.00")
    pauschale = (overhead(personnel, params.overhead_rate_pct)
                 if funding == "land" and passed_on else Decimal("0.00"))
    subsidy = (capped_subsidy(fte, params.cost_per_fte, params.cap)
               if funding == "city" else Decimal("0.00"))
    gap = funding_gap(personnel, land) if programme == "im" else None
    return PostCost(personnel=personnel, land_funds=land, overhead=pauschale, city_subsidy=subsidy,
                    gap=gap)


def total_cost(costs: Iterable[PostCost]) -> PostCost:
    total = PostCost()
    for cost in costs:
        total = total + cost
    return total
