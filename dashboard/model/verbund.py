"""A Verbund of Gemeinden sharing an integration manager (seed 003, Brackenheim–Cleebronn; DOMAIN §8):
the lead Gemeinde's hourly rate, the quarters, the quarterly invoice per member (hours × rate, VAT
per agreement, the member's Land share offset), hours against the agreed minimum, the split of the
caseload into funded and "ohne Landesförderung", and the Eigenregie check for the Verbund as a whole.

Money is `Decimal`, every amount on an invoice to the cent (half up, as a Kämmerei rounds); the Land
share of a quarter is a quarter of the year's share cut to the cent, Q4 takes the cents left, so the
four quarters add up to the year's share exactly. Pure: no app, database or UI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from dashboard.model.allocation import CENT, AllocationRule, EigenregieCheck, eigenregie_check
from dashboard.model.vocabulary import INVOICE_STATUS_TEXT, BillingMode, InvoiceStatus, VatMode

WEEKS_PER_YEAR = 52
WEEKS_PER_QUARTER = 13  # 52 / 4: the agreed weekly minimum × 13 is a quarter's minimum


class VerbundError(ValueError):
    """An agreement's figure or an invoice input the Verbund rules cannot use (German message)."""


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostBasis:
    """What one VZÄ of the lead Gemeinde costs a year and the hourly rate that follows.

    `cost_per_fte`: employer cost per VZÄ and year (the setting `IMC_COST_PER_FTE`, or the agreement's
    own figure, e.g. TVöD SuE S 11b). `overhead_pct` of it is added (published practice 10 % of the
    gross personnel cost), at most `overhead_cap` € (None: no cap). `weekly_hours`: hours of a VZÄ.
    """

    cost_per_fte: Decimal
    overhead_pct: Decimal = Decimal(10)
    overhead_cap: Decimal | None = None
    weekly_hours: Decimal = Decimal(39)

    def __post_init__(self):
        if Decimal(self.cost_per_fte) <= 0:
            raise VerbundError(f"Die Arbeitgeberkosten je VZÄ müssen über 0 € liegen, nicht {self.cost_per_fte} €.")
        if not 0 <= Decimal(self.overhead_pct) <= 100:
            raise VerbundError(f"Der Gemeinkostenzuschlag muss 0 bis 100 % betragen, nicht {self.overhead_pct} %.")
        if self.overhead_cap is not None and Decimal(self.overhead_cap) < 0:
            raise VerbundError(f"Die Obergrenze des Gemeinkostenzuschlags darf nicht negativ sein ({self.overhead_cap} €).")
        if not 1 <= Decimal(self.weekly_hours) <= 60:
            raise VerbundError(f"Die Wochenstunden einer VZÄ müssen 1 bis 60 betragen, nicht {self.weekly_hours}.")

    @property
    def overhead(self) -> Decimal:
        """The overhead per VZÄ and year in €, capped."""
        amount = cents(Decimal(self.cost_per_fte) * Decimal(self.overhead_pct) / 100)
        return min(amount, Decimal(self.overhead_cap)) if self.overhead_cap is not None else amount

    @property
    def overhead_capped(self) -> bool:
        return self.overhead_cap is not None and cents(
            Decimal(self.cost_per_fte) * Decimal(self.overhead_pct) / 100) > Decimal(self.overhead_cap)

    @property
    def annual_cost(self) -> Decimal:
        return cents(Decimal(self.cost_per_fte)) + self.overhead

    @property
    def hours_per_year(self) -> Decimal:
        return Decimal(self.weekly_hours) * WEEKS_PER_YEAR

    @property
    def hourly_rate(self) -> Decimal:
        """(employer cost + overhead) ÷ (weekly hours × 52), to the cent."""
        return cents(self.annual_cost / self.hours_per_year)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 … 4

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        nxt = self.next()
        return nxt.start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number}/{self.year}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


def quarters(start: dt.date, end: dt.date) -> list[Quarter]:
    """The quarters from the one holding `start` to the one holding `end` (inclusive)."""
    result, q = [], Quarter.of(start)
    while q.start <= end:
        result.append(q)
        q = q.next()
    return result


def closed_quarters(start: dt.date, end: dt.date, day: dt.date) -> list[Quarter]:
    """The agreement's quarters that have ended by `day` (those that can be booked and billed)."""
    return [q for q in quarters(start, end) if q.end <= day]


def quarter_minimum(min_hours_per_week: Decimal) -> Decimal:
    return Decimal(min_hours_per_week) * WEEKS_PER_QUARTER


def quarter_share(annual_share: Decimal, number: int) -> Decimal:
    """A quarter of the year's Land share: cut to the cent, Q4 takes what is left (Σ = the year)."""
    part = (Decimal(annual_share) / 4).quantize(CENT, rounding=ROUND_DOWN)
    return Decimal(annual_share) - 3 * part if number == 4 else part


@dataclass(frozen=True)
class Vat:
    mode: VatMode
    rate_pct: Decimal  # 19 when taxable, 0 when nicht steuerbar (the rate is data of the agreement)

    def __post_init__(self):
        if self.mode == VatMode.not_taxable and Decimal(self.rate_pct) != 0:
            raise VerbundError("„nicht steuerbar (§ 2b UStG)“ hat keinen Steuersatz; bitte 0 % eintragen.")
        if not 0 <= Decimal(self.rate_pct) <= 100:
            raise VerbundError(f"Der Umsatzsteuersatz muss 0 bis 100 % betragen, nicht {self.rate_pct} %.")


@dataclass(frozen=True)
class InvoiceFigures:
    """The figures of one member's quarterly invoice."""

    hours: Decimal
    hours_unfunded: Decimal  # of `hours`: for clients past the VwV window (ohne Landesförderung)
    hourly_rate: Decimal
    minimum_hours: Decimal
    net: Decimal
    vat_rate_pct: Decimal
    vat: Decimal
    gross: Decimal
    land_share: Decimal  # the member's Land share for the quarter
    offset: bool  # True: the Land share is offset on the invoice (the lead receives it), False: shown only
    own_budget: Decimal  # what the member pays from its own budget: gross − Land share (≥ 0)
    billing: BillingMode = BillingMode.hours
    cost_share_pct: Decimal | None = None  # cost_share: the member's agreed share of the actual cost
    actual_cost: Decimal | None = None  # cost_share: the lead's actual cost of the quarter

    @property
    def payable(self) -> Decimal:
        """The amount the invoice asks for."""
        return max(Decimal(0), self.gross - self.land_share) if self.offset else self.gross

    @property
    def under_minimum(self) -> bool:
        return self.hours < self.minimum_hours

    @property
    def missing_hours(self) -> Decimal:
        return max(Decimal(0), self.minimum_hours - self.hours)

    @property
    def unfunded_net(self) -> Decimal:
        """The part of the net amount for clients ohne Landesförderung (shown apart, never in the funded work)."""
        return unfunded_part(self.net, self.hours, self.hours_unfunded, self.hourly_rate, self.billing)

    @property
    def surplus(self) -> Decimal:
        """Land share left over after the invoice (the member's share exceeds the gross amount)."""
        return max(Decimal(0), self.land_share - self.gross)


def unfunded_part(net: Decimal, hours: Decimal, hours_unfunded: Decimal, rate: Decimal,
                  billing: BillingMode = BillingMode.hours) -> Decimal:
    """The net for clients ohne Landesförderung: their hours × the rate, or (cost share) the net in
    proportion of their hours."""
    if billing == BillingMode.cost_share:
        return cents(Decimal(net) * Decimal(hours_unfunded) / Decimal(hours)) if Decimal(hours) > 0 else Decimal(0)
    return cents(Decimal(hours_unfunded) * Decimal(rate))


def _hours_checked(hours: Decimal, hours_unfunded: Decimal) -> tuple[Decimal, Decimal]:
    hours, hours_unfunded = Decimal(hours), Decimal(hours_unfunded)
    if hours < 0 or hours_unfunded < 0:
        raise VerbundError(f"Gebuchte Stunden dürfen nicht negativ sein ({hours} bzw. {hours_unfunded}).")
    if hours_unfunded > hours:
        raise VerbundError(f"Von {hours} gebuchten Stunden können nicht {hours_unfunded} auf Klienten ohne "
                           "Landesförderung entfallen; bitte die Buchung korrigieren.")
    return hours, hours_unfunded


def cost_share_invoice(actual_cost: Decimal, share_pct: Decimal, hours: Decimal, vat: Vat, land_share: Decimal,
                       min_hours_per_week: Decimal, offset: bool = True,
                       hours_unfunded: Decimal = Decimal(0)) -> InvoiceFigures:
    """One quarter's invoice by the agreed share: net = the lead's actual cost of the quarter × the
    member's share (%), VAT, Land share and own budget as for `invoice`; the hours are shown against
    the minimum and the effective hourly rate is net ÷ hours."""
    hours, hours_unfunded = _hours_checked(hours, hours_unfunded)
    if Decimal(actual_cost) < 0:
        raise VerbundError(f"Die Ist-Kosten des Quartals dürfen nicht negativ sein ({actual_cost} €).")
    if not 0 < Decimal(share_pct) <= 100:
        raise VerbundError(f"Der vereinbarte Kostenanteil muss über 0 und höchstens 100 % betragen, nicht {share_pct} %.")
    net = cents(Decimal(actual_cost) * Decimal(share_pct) / 100)
    tax = cents(net * Decimal(vat.rate_pct) / 100)
    gross = net + tax
    share = Decimal(land_share)
    rate = cents(net / hours) if hours > 0 else Decimal(0)
    return InvoiceFigures(hours, hours_unfunded, rate, quarter_minimum(min_hours_per_week), net,
                          Decimal(vat.rate_pct), tax, gross, share, offset, max(Decimal(0), gross - share),
                          BillingMode.cost_share, Decimal(share_pct), cents(Decimal(actual_cost)))


def invoice(hours: Decimal, rate: Decimal, vat: Vat, land_share: Decimal, min_hours_per_week: Decimal,
            offset: bool = True, hours_unfunded: Decimal = Decimal(0)) -> InvoiceFigures:
    """One quarter's invoice: net = hours × rate, VAT on the net (0 when nicht steuerbar), gross,
    the Land share of the quarter offset (or shown), the member's own budget = gross − Land share."""
    hours, hours_unfunded = _hours_checked(hours, hours_unfunded)
    net = cents(hours * Decimal(rate))
    tax = cents(net * Decimal(vat.rate_pct) / 100)
    gross = net + tax
    share = Decimal(land_share)
    return InvoiceFigures(hours, hours_unfunded, Decimal(rate), quarter_minimum(min_hours_per_week), net,
                          Decimal(vat.rate_pct), tax, gross, share, offset, max(Decimal(0), gross - share))


def planned_year_cost(min_hours_per_week: Decimal, rate: Decimal, vat: Vat) -> Decimal:
    """What the agreed minimum costs a member in a full year, gross (four quarters of 13 weeks)."""
    net = cents(quarter_minimum(min_hours_per_week) * Decimal(rate))
    return 4 * (net + cents(net * Decimal(vat.rate_pct) / 100))


def next_status(current: InvoiceStatus) -> InvoiceStatus | None:
    """entworfen → gestellt → bezahlt; a paid invoice stays paid (None)."""
    order = [InvoiceStatus.draft, InvoiceStatus.issued, InvoiceStatus.paid]
    index = order.index(current)
    return order[index + 1] if index + 1 < len(order) else None


def check_transition(current: InvoiceStatus, wanted: InvoiceStatus) -> None:
    """Only one step forward; a German message names the allowed next state."""
    allowed = next_status(current)
    if wanted != allowed:
        hint = (f"möglich ist nur „{INVOICE_STATUS_TEXT[allowed]}“" if allowed
                else "eine bezahlte Rechnung bleibt bezahlt")
        raise VerbundError(f"Der Status „{INVOICE_STATUS_TEXT[current]}“ kann nicht auf "
                           f"„{INVOICE_STATUS_TEXT[wanted]}“ wechseln; {hint}.")


@dataclass(frozen=True)
class VerbundCheck:
    """The Eigenregie check for the Verbund as a whole: the members' Land shares together against the
    minimum post, and the posts that serve it (the ≥ 50 % post may be shared)."""

    money: EigenregieCheck
    posts_fte: Decimal
    min_post_fte: Decimal

    @property
    def posts_pass(self) -> bool:
        return self.posts_fte >= self.min_post_fte

    @property
    def passes(self) -> bool:
        return self.money.passes and self.posts_pass


def verbund_check(shares: Iterable[Decimal], cost_per_fte: Decimal, posts_fte: Decimal,
                  rule: AllocationRule = AllocationRule()) -> VerbundCheck:
    total = sum((Decimal(s) for s in shares), Decimal(0))
    return VerbundCheck(eigenregie_check(total, cost_per_fte, rule), Decimal(posts_fte), rule.min_post_fte)
