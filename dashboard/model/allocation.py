"""How a Landkreis splits the Land's Integrationsmanagement funds among its Gemeinden (DOMAIN §8).

The rule (seed 002, Landkreis Heilbronn): each Gemeinde's share follows the number of persons in the
target group — persons assigned to Anschlussunterbringung in the survey window (three years before
the reference date; for the calculation year 2025 the assignments 01.01.2020–31.12.2022). The
target group is re-surveyed every year, so the window moves by one year with each calculation year.

Shares are computed exactly and cut to the cent; the cents that the cutting leaves over are the
**Rundungsrest**, shown and kept by the Kreis, never silently dropped or spread. The survey counts
are counts per Gemeinde and assignment month, never persons. Pure: no app, database or UI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


class AllocationError(ValueError):
    """A rule's parameter or an input that the allocation cannot use (German message)."""


@dataclass(frozen=True)
class AllocationRule:
    """The allocation rule's parameters (settings; defaults from seed 002).

    `survey_lag_years`: how many years the survey window ends before the calculation year (2025 →
    31.12.2022: 3). `window_years`: the window's length. `min_post_fte`: the smallest post a Gemeinde
    must fund to run IM in Eigenregie (50 %).
    """

    window_years: int = 3
    survey_lag_years: int = 3
    min_post_fte: Decimal = Decimal("0.5")

    def __post_init__(self):
        if not 1 <= self.window_years <= 10:
            raise AllocationError(f"Die Fensterlänge muss 1 bis 10 Jahre betragen, nicht {self.window_years}.")
        if not 0 <= self.survey_lag_years <= 10:
            raise AllocationError(f"Der Abstand des Erhebungsfensters muss 0 bis 10 Jahre betragen, "
                                  f"nicht {self.survey_lag_years}.")
        if not Decimal("0") < self.min_post_fte <= Decimal("1"):
            raise AllocationError(f"Der Mindestumfang der Stelle muss über 0 und höchstens 1 VZÄ liegen, "
                                  f"nicht {self.min_post_fte}.")


@dataclass(frozen=True)
class SurveyWindow:
    """Assignments to AU from `start` to `end` (both inclusive) count for `year`'s allocation."""

    year: int
    start: dt.date
    end: dt.date

    def __contains__(self, month: dt.date) -> bool:
        return self.start <= month <= self.end


def survey_window(year: int, rule: AllocationRule = AllocationRule()) -> SurveyWindow:
    """The window of assignment dates that counts for calculation year `year` (2025 → 2020–2022)."""
    last = year - rule.survey_lag_years
    return SurveyWindow(year, dt.date(last - rule.window_years + 1, 1, 1), dt.date(last, 12, 31))


def target_group(counts: Iterable[tuple[str, dt.date, int]], window: SurveyWindow) -> dict[str, int]:
    """Persons in the target group per Gemeinde (AGS): the survey counts whose month lies in `window`.

    `counts` are (AGS, assignment month, number of persons); negative numbers are refused.
    """
    persons: dict[str, int] = {}
    for ags, month, number in counts:
        if number < 0:
            raise AllocationError(f"Die Zahl der zugewiesenen Personen für {ags} im {month:%m.%Y} ist negativ "
                                  f"({number}); bitte die Erhebung korrigieren.")
        if month in window:
            persons[ags] = persons.get(ags, 0) + number
    return persons


@dataclass(frozen=True)
class Share:
    ags: str
    persons: int
    amount: Decimal  # cut to the cent
    percent: Decimal  # of the Kreis' target group, unrounded


@dataclass(frozen=True)
class Allocation:
    year: int
    funds: Decimal  # the Land funds the Kreis receives for `year`
    window: SurveyWindow
    shares: tuple[Share, ...]  # every Gemeinde of the Kreis, also those with no persons
    total_persons: int
    remainder: Decimal  # Rundungsrest: funds − Σ shares, kept by the Kreis (0 ≤ remainder < n cents)

    @property
    def per_person(self) -> Decimal | None:
        """The amount one person in the target group brings (exact), None without any persons."""
        return self.funds / self.total_persons if self.total_persons else None

    def share_of(self, ags: str) -> Share:
        for share in self.shares:
            if share.ags == ags:
                return share
        raise KeyError(ags)


def allocate(year: int, funds: Decimal, persons: Mapping[str, int], gemeinden: Iterable[str],
             rule: AllocationRule = AllocationRule()) -> Allocation:
    """Split `funds` among `gemeinden` (AGS) by their target-group `persons`, to the cent.

    A Gemeinde without survey counts gets 0 €. With no persons at all nothing is allocated and the
    whole amount is the remainder. Money is never lost: Σ amounts + remainder == funds.
    """
    funds = Decimal(funds)
    if funds < 0:
        raise AllocationError(f"Die Landesmittel des Kreises dürfen nicht negativ sein ({funds} €).")
    members = list(dict.fromkeys(gemeinden))
    unknown = sorted(set(persons) - set(members))
    if unknown:
        raise AllocationError("Erhebungszahlen für Gemeinden, die nicht zum Kreis gehören: "
                              f"{', '.join(unknown)}. Bitte die AGS prüfen.")
    total = sum(persons.get(ags, 0) for ags in members)
    shares = []
    for ags in members:
        n = persons.get(ags, 0)
        exact = funds * n / total if total else Decimal(0)
        shares.append(Share(ags, n, exact.quantize(CENT, rounding=ROUND_DOWN),
                            Decimal(100) * n / total if total else Decimal(0)))
    remainder = funds - sum((s.amount for s in shares), Decimal(0))
    return Allocation(year, funds, survey_window(year, rule), tuple(shares), total, remainder)


def allocation_for(year: int, funds: Decimal, counts: Iterable[tuple[str, dt.date, int]],
                   gemeinden: Iterable[str], rule: AllocationRule = AllocationRule()) -> Allocation:
    """`allocate` for `year` from the raw survey counts (AGS, month, persons) through its window."""
    return allocate(year, funds, target_group(counts, survey_window(year, rule)), gemeinden, rule)


@dataclass(frozen=True)
class YearChange:
    """One Gemeinde's allocation this year and next (window moved by a year)."""

    ags: str
    this_year: Decimal
    next_year: Decimal

    @property
    def change(self) -> Decimal:
        return self.next_year - self.this_year

    @property
    def change_pct(self) -> Decimal | None:
        """Change in % of this year's amount; None where this year is 0 € (no base to compare)."""
        return Decimal(100) * self.change / self.this_year if self.this_year else None


def compare_years(this: Allocation, following: Allocation) -> tuple[YearChange, ...]:
    """Each Gemeinde's amount in `this` and `following`, in the order of `this`."""
    nxt = {s.ags: s.amount for s in following.shares}
    return tuple(YearChange(s.ags, s.amount, nxt.get(s.ags, Decimal(0))) for s in this.shares)


@dataclass(frozen=True)
class EigenregieCheck:
    """Can a Gemeinde (or a Verbund) fund the minimum post from its allocation?"""

    amount: Decimal
    cost_per_fte: Decimal
    min_post_fte: Decimal
    fundable_fte: Decimal  # how many VZÄ the allocation pays (exact)
    own_contribution: Decimal  # what it would add from its own budget for the minimum post (≥ 0, cents)

    @property
    def passes(self) -> bool:
        return self.fundable_fte >= self.min_post_fte


def eigenregie_check(amount: Decimal, cost_per_fte: Decimal,
                     rule: AllocationRule = AllocationRule()) -> EigenregieCheck:
    """Whether `amount` a year funds a post of at least `rule.min_post_fte` at `cost_per_fte`."""
    amount, cost = Decimal(amount), Decimal(cost_per_fte)
    if cost <= 0:
        raise AllocationError(f"Die Kosten je VZÄ müssen über 0 € liegen, nicht {cost} €.")
    needed = (rule.min_post_fte * cost).quantize(CENT)
    return EigenregieCheck(amount, cost, rule.min_post_fte, amount / cost, max(Decimal(0), needed - amount))


def scale_funds(funds: Decimal, percent: Decimal | int | float) -> Decimal:
    """The Kreis' Land funds changed by `percent` (the what-if knob), to the cent."""
    factor = Decimal(1) + Decimal(str(percent)) / Decimal(100)
    if factor < 0:
        raise AllocationError(f"Eine Kürzung um mehr als 100 % ist nicht möglich ({percent} %).")
    return (Decimal(funds) * factor).quantize(CENT)
