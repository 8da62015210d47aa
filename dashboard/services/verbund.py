"""The Verbund page's figures (issue 17): each agreement with its members, cost basis and posts, the
hours planned vs booked per quarter, cost vs Land share per member and year to 2029, the Eigenregie
check for the Verbund as a whole, the invoices, and who may see what.

Reads through `data/`, computes with `dashboard.model.verbund` and the Landkreis allocation
(`services.county.allocation_rule`, the same rule as the Landkreis page).

Who sees what: the city's roles every agreement; a Landkreis' user the agreements whose lead lies in
its Kreis; a Gemeinde's user the agreements it leads (all members) or belongs to (its own member
rows and invoices only). Only the lead Gemeinde's users change an invoice's status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dashboard.auth import roles
from dashboard.auth.roles import Reader
from dashboard.model.allocation import allocation_for, survey_window
from dashboard.model.verbund import (
    CostBasis,
    Quarter,
    Vat,
    VerbundCheck,
    cents,
    planned_year_cost,
    quarter_minimum,
    quarters,
    unfunded_part,
    verbund_check,
)
from dashboard.model.vocabulary import VWV_END, BillingMode, InvoiceStatus, Role
from dashboard.services.county import allocation_rule
from dashboard.settings import Settings
from data.schema import (
    Area,
    AreaKind,
    CountyFunds,
    TargetGroupCount,
    VerbundAgreement,
    VerbundBooking,
    VerbundInvoice,
)
from data.verbund import cost_basis, vat_of


class NoVerbund(LookupError):
    """No agreement the reader may see (German message for the page)."""


@dataclass(frozen=True)
class QuarterRow:
    quarter: Quarter
    gemeinde: str
    minimum: Decimal
    booked: Decimal | None  # None: not booked yet
    unfunded: Decimal
    cases_funded: int | None
    cases_unfunded: int | None

    @property
    def under_minimum(self) -> bool:
        return self.booked is not None and self.booked < self.minimum


@dataclass(frozen=True)
class YearRow:
    year: int
    gemeinde: str
    cost: Decimal  # gross: the invoices of the year, the quarters not yet invoiced at the agreed minimum
    invoiced_quarters: int
    unfunded_net: Decimal  # of the invoiced net: for clients ohne Landesförderung
    land_share: Decimal
    share_assumed: bool

    @property
    def own_budget(self) -> Decimal:
        return max(Decimal(0), self.cost - self.land_share)


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    number: str
    gemeinde: str
    ags: str
    quarter: Quarter
    hours: Decimal
    hours_unfunded: Decimal
    minimum_hours: Decimal
    hourly_rate: Decimal
    net: Decimal
    vat_mode: str
    vat_rate_pct: Decimal
    vat: Decimal
    gross: Decimal
    land_share: Decimal
    land_share_assumed: bool
    offset: bool
    status: InvoiceStatus
    issued_on: dt.date | None
    paid_on: dt.date | None
    billing: BillingMode = BillingMode.hours
    cost_share_pct: Decimal | None = None
    actual_cost: Decimal | None = None

    @property
    def unfunded_net(self) -> Decimal:
        return unfunded_part(self.net, self.hours, self.hours_unfunded, self.hourly_rate, self.billing)

    @property
    def payable(self) -> Decimal:
        return max(Decimal(0), self.gross - self.land_share) if self.offset else self.gross

    @property
    def own_budget(self) -> Decimal:
        return max(Decimal(0), self.gross - self.land_share)


@dataclass(frozen=True)
class MemberView:
    ags: str
    name: str
    min_hours_per_week: Decimal
    cost_share_pct: Decimal | None = None


@dataclass(frozen=True)
class PostView:
    employer: str
    label: str
    fte: Decimal
    filled: bool


@dataclass(frozen=True)
class AgreementView:
    id: int
    code: str
    name: str
    lead: str
    lead_ags: str
    lead_code: str
    county: str
    valid_from: dt.date
    valid_to: dt.date
    pay_group: str | None
    basis: CostBasis
    vat: Vat
    offset: bool
    billing: BillingMode
    decision_ref: str | None
    note: str | None
    members: tuple[MemberView, ...]
    posts: tuple[PostView, ...]
    hours: tuple[QuarterRow, ...]
    years: tuple[YearRow, ...]
    invoices: tuple[InvoiceRow, ...]
    lead_shares: tuple[tuple[int, Decimal], ...]  # the lead's own Land share per year (for the check)
    check: VerbundCheck
    check_year: int
    may_bill: bool  # the reader is the lead Gemeinde's user

    @property
    def posts_fte(self) -> Decimal:
        return sum((p.fte for p in self.posts), Decimal(0))


@dataclass(frozen=True)
class VerbundFigures:
    day: dt.date
    agreements: tuple[AgreementView, ...]

    def agreement(self, code: str | None) -> AgreementView:
        return next((a for a in self.agreements if a.code == code), self.agreements[0])


def is_lead_user(reader: Reader, lead: Area) -> bool:
    """Only a Gemeinde user of the lead Gemeinde bills (the city's admin does not: the invoices are the
    lead's documents)."""
    return reader.role == Role.municipality and reader.area_code in (lead.code, lead.ags, f"ags-{lead.ags}")


def _visible(session: Session, reader: Reader, agreement: VerbundAgreement) -> tuple[bool, set[str] | None]:
    """(may see the agreement, the member AGS it may see — None: all)."""
    kind = roles.AREA_ROLES.get(reader.role or "")
    if kind is None:
        return True, None
    own = session.scalar(select(Area).where(Area.code == (reader.area_code or ""), Area.kind == kind))
    if own is None:
        return False, set()
    if kind == AreaKind.county:
        return agreement.lead.parent_id == own.id, None
    if agreement.lead_id == own.id:
        return True, None
    mine = {m.municipality.ags for m in agreement.members if m.municipality_id == own.id}
    return bool(mine), mine


def land_shares(session: Session, settings: Settings, county: Area, years: list[int]) -> dict[int, tuple[dict[str, Decimal], bool]]:
    """Each Gemeinde's Land share per year (AGS → €) by the Landkreis rule; a year without recorded funds
    takes the latest recorded funds before it (marked assumed), the survey window moves with the year."""
    gemeinden = {a.id: a.ags for a in session.scalars(select(Area).where(Area.parent_id == county.id,
                                                                          Area.kind == AreaKind.municipality))}
    funds = {f.year: f.amount for f in session.scalars(select(CountyFunds).where(CountyFunds.county_id == county.id))}
    if not funds:
        return {year: ({}, True) for year in years}
    counts = [(gemeinden[m], month, n) for m, month, n in session.execute(
        select(TargetGroupCount.municipality_id, TargetGroupCount.month, TargetGroupCount.persons)
        .where(TargetGroupCount.municipality_id.in_(gemeinden)))]
    rule = allocation_rule(settings)
    surveyed = max((month for _, month, _ in counts), default=None)
    result: dict[int, tuple[dict[str, Decimal], bool]] = {}
    for year in years:
        complete = surveyed is not None and survey_window(year, rule).end.replace(day=1) <= surveyed
        if not complete and result:  # the survey does not reach the window yet: hold the last year's shares
            result[year] = (result[year - 1][0], True)
            continue
        known = max((y for y in funds if y <= year), default=min(funds))
        allocation = allocation_for(year, funds[known], counts, gemeinden.values(), rule)
        result[year] = ({s.ags: s.amount for s in allocation.shares}, year not in funds or not complete)
    return result


def _invoice_row(record: VerbundInvoice) -> InvoiceRow:
    area = record.member.municipality
    return InvoiceRow(record.id, record.number, area.name, area.ags, Quarter.of(record.quarter_start), record.hours,
                      record.hours_unfunded, record.minimum_hours, record.hourly_rate, record.net, record.vat_mode,
                      record.vat_rate_pct, record.vat, record.gross, record.land_share, record.land_share_assumed,
                      record.offset_land_share, record.status, record.issued_on, record.paid_on, record.billing,
                      record.cost_share_pct, record.actual_cost)


def _planned_quarter(a: VerbundAgreement, m, basis: CostBasis, vat: Vat) -> Decimal:
    """A quarter not invoiced yet, gross: the agreed minimum × the rate, or (cost share) the member's
    share of a quarter of the serving posts' yearly cost at the agreement's cost basis."""
    if a.billing == BillingMode.cost_share:
        posts_fte = sum((Decimal(p.fte) for p in a.posts if p.filled), Decimal(0))
        net = cents(basis.annual_cost * posts_fte * Decimal(m.cost_share_pct or 0) / 100 / 4)
        return net + cents(net * Decimal(vat.rate_pct) / 100)
    return planned_year_cost(m.min_hours_per_week, basis.hourly_rate, vat) / 4  # exact: 4 equal quarters


def _agreement_view(session: Session, settings: Settings, reader: Reader, a: VerbundAgreement,
                    members_seen: set[str] | None, day: dt.date) -> AgreementView:
    basis = cost_basis(a, settings.cost_per_fte, settings.weekly_hours_per_fte)
    vat = vat_of(a)
    members = [m for m in a.members if members_seen is None or m.municipality.ags in members_seen]
    bookings = {(b.member_id, b.quarter_start): b for b in session.scalars(
        select(VerbundBooking).where(VerbundBooking.member_id.in_([m.id for m in members])))}
    invoices = [_invoice_row(i) for i in session.scalars(
        select(VerbundInvoice).where(VerbundInvoice.member_id.in_([m.id for m in members]))
        .order_by(VerbundInvoice.quarter_start, VerbundInvoice.number))]
    shown = [q for q in quarters(a.valid_from, a.valid_to) if q.start <= day]
    hours = []
    for q in shown:
        for m in members:
            b = bookings.get((m.id, q.start))
            hours.append(QuarterRow(q, m.municipality.name, quarter_minimum(m.min_hours_per_week),
                                    b.hours if b else None, b.hours_unfunded if b else Decimal(0),
                                    b.cases_funded if b else None, b.cases_unfunded if b else None))
    years = list(range(a.valid_from.year, min(a.valid_to, VWV_END).year + 1))
    shares = land_shares(session, settings, session.get(Area, a.lead.parent_id), years)
    year_rows = []
    for m in members:
        for year in years:
            billed = [i for i in invoices if i.ags == m.municipality.ags and i.quarter.year == year]
            billed_q = {i.quarter for i in billed}
            open_q = [q for q in quarters(max(a.valid_from, dt.date(year, 1, 1)), min(a.valid_to, dt.date(year, 12, 31)))
                      if q not in billed_q]
            planned = _planned_quarter(a, m, basis, vat) * len(open_q)
            year_shares, assumed = shares[year]
            year_rows.append(YearRow(year, m.municipality.name, sum((i.gross for i in billed), Decimal(0)) + planned,
                                     len(billed), sum((i.unfunded_net for i in billed), Decimal(0)),
                                     year_shares.get(m.municipality.ags, Decimal(0)), assumed))
    check_year = day.year if day.year in shares else years[0]
    check_shares, _ = shares[check_year]
    everyone = [a.lead.ags, *(m.municipality.ags for m in a.members)]
    posts = tuple(PostView(p.employer, p.label, p.fte, p.filled) for p in a.posts)
    check = verbund_check([check_shares.get(ags, Decimal(0)) for ags in everyone], Decimal(settings.cost_per_fte),
                          sum((p.fte for p in posts if p.filled), Decimal(0)), allocation_rule(settings))
    return AgreementView(
        a.id, a.code, a.name, a.lead.name, a.lead.ags, a.lead.code, session.get(Area, a.lead.parent_id).name,
        a.valid_from, a.valid_to, a.pay_group, basis, vat, a.offset_land_share, a.billing, a.decision_ref, a.note,
        tuple(MemberView(m.municipality.ags, m.municipality.name, m.min_hours_per_week, m.cost_share_pct)
              for m in members), posts,
        tuple(hours), tuple(year_rows), tuple(invoices),
        tuple((y, shares[y][0].get(a.lead.ags, Decimal(0))) for y in years), check, check_year,
        is_lead_user(reader, a.lead))


def verbund_figures(session: Session, settings: Settings, reader: Reader, day: dt.date) -> VerbundFigures:
    """Every agreement `reader` may see, on `day` (the data's Stand). NoVerbund when there is none."""
    found = []
    query = (select(VerbundAgreement).options(selectinload(VerbundAgreement.members), selectinload(VerbundAgreement.posts))
             .order_by(VerbundAgreement.name))
    for a in session.scalars(query):
        seen, members = _visible(session, reader, a)
        if seen:
            found.append(_agreement_view(session, settings, reader, a, members, day))
    if not found:
        raise NoVerbund("Es ist noch kein Verbund erfasst, den Sie sehen dürfen. Ein Verbund entsteht durch eine "
                        "Vereinbarung zwischen Gemeinden (federführende Gemeinde, Mitglieder, Mindeststunden).")
    return VerbundFigures(day, tuple(found))
