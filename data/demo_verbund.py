"""The demo Verbund Brackenheim–Cleebronn (seed 003, Beschlussvorlage 32/2024): from 01.01.2025 to
31.12.2029 Brackenheim sends an integration manager at least 15 hours a week to Cleebronn and bills
quarterly with VAT. The hours booked, the clients and the invoices' dates are **synthetic**; the Land
share is the demo allocation's (Cleebronn 10.864 € for 2025, ≈ 11.000 € as the seed says).

Bookings for every quarter that has ended by the Stichtag (one under the minimum each summer); the
invoices: the newest in draft, the one before issued, the older ones paid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.allocation import allocation_for
from dashboard.model.verbund import Quarter, closed_quarters
from dashboard.model.vocabulary import AreaKind, InvoiceStatus, VatMode
from data.schema import Area, CountyFunds, ImPost, TargetGroupCount, VerbundAgreement, VerbundBooking, VerbundMember
from data.verbund import make_invoice, set_invoice_status

BRACKENHEIM, CLEEBRONN = "08125013", "08125017"
FROM, TO = dt.date(2025, 1, 1), dt.date(2029, 12, 31)
DEMO_COST_PER_FTE = 75000  # the default of IMC_COST_PER_FTE when the demo is loaded
DEMO_WEEKLY_HOURS = 39
# hours booked per quarter (by quarter number) and a yearly drift; Q3 (summer holidays) stays under 195 h
HOURS = {1: Decimal("198"), 2: Decimal("201.5"), 3: Decimal("172.5"), 4: Decimal("204")}
DRIFT = {2025: Decimal(0), 2026: Decimal("-2"), 2027: Decimal("1")}


def _shares(session: Session, county: Area, ags: str) -> dict[int, tuple[Decimal, bool]]:
    """The Gemeinde's Land share per year 2025–2029 by the demo allocation (years without recorded funds:
    the latest recorded funds, marked as assumed; the window moves with the year)."""
    gemeinden = {a.id: a.ags for a in session.scalars(select(Area).where(Area.parent_id == county.id,
                                                                          Area.kind == AreaKind.municipality))}
    counts = [(gemeinden[m], month, n) for m, month, n in session.execute(
        select(TargetGroupCount.municipality_id, TargetGroupCount.month, TargetGroupCount.persons)
        .where(TargetGroupCount.municipality_id.in_(gemeinden)))]
    funds = {f.year: f.amount for f in session.scalars(select(CountyFunds).where(CountyFunds.county_id == county.id))}
    result = {}
    for year in range(FROM.year, TO.year + 1):
        known = max((y for y in funds if y <= year), default=min(funds))
        result[year] = (allocation_for(year, funds[known], counts, gemeinden.values()).share_of(ags).amount,
                        year not in funds)
    return result


def load_verbund_demo(session: Session, as_of: dt.date) -> None:
    """Write the agreement, its member, the posts serving it, the bookings and the invoices up to `as_of`."""
    areas = {a.ags: a for a in session.scalars(select(Area).where(Area.ags.in_([BRACKENHEIM, CLEEBRONN])))}
    lead, member_area = areas[BRACKENHEIM], areas[CLEEBRONN]
    posts = list(session.scalars(select(ImPost).where(ImPost.municipality_id.in_([lead.id, member_area.id]),
                                                      ImPost.employer.like("Stadt Brackenheim%"))))
    agreement = VerbundAgreement(
        code="BRA-CLE", name="Verbund Brackenheim–Cleebronn", lead=lead, valid_from=FROM, valid_to=TO,
        cost_per_fte=None, pay_group="TVöD SuE S 11b (Planungswert)", overhead_pct=Decimal(10),
        overhead_cap=Decimal("17600.00"), vat_mode=VatMode.taxable, vat_rate_pct=Decimal(19), offset_land_share=True,
        decision_ref="Beschlussvorlage Cleebronn Nr. 32/2024",
        note="Demo: mind. 15 Std./Woche, quartalsweise Abrechnung mit Umsatzsteuer; Stunden synthetisch",
        posts=posts, updated_by="demo")
    member = VerbundMember(agreement=agreement, municipality=member_area, min_hours_per_week=Decimal(15))
    session.add_all([agreement, member])
    session.flush()
    shares = _shares(session, session.get(Area, lead.parent_id), CLEEBRONN)
    done = closed_quarters(FROM, TO, as_of)
    for index, quarter in enumerate(done):
        hours = HOURS[quarter.number] + DRIFT.get(quarter.year, Decimal(0))
        unfunded = Decimal(6 * (index + 1))  # clients passing the 3-year window: more hours each quarter
        booking = VerbundBooking(member=member, quarter_start=quarter.start, hours=hours, hours_unfunded=unfunded,
                                 cases_funded=max(5, 17 - index), cases_unfunded=min(2 + index, 9),
                                 note="Demo", updated_by="demo")
        session.add(booking)
        session.flush()
        share, assumed = shares[quarter.year]
        record = make_invoice(session, booking, share, assumed, DEMO_COST_PER_FTE, DEMO_WEEKLY_HOURS)
        record.updated_by = "demo"
        _advance(record, len(done) - 1 - index, quarter, as_of)
    session.flush()


def _advance(record, age: int, quarter: Quarter, as_of: dt.date) -> None:
    """The newest invoice stays a draft, the one before is issued, older ones are paid (dates ≤ as_of)."""
    issued = min(quarter.end + dt.timedelta(days=20), as_of)
    if age >= 1:
        set_invoice_status(record, InvoiceStatus.issued, issued, "demo")
    if age >= 2:
        set_invoice_status(record, InvoiceStatus.paid, min(issued + dt.timedelta(days=30), as_of), "demo")
