"""Verbund records: an agreement's cost basis and VAT as the model's types, and the invoice of one
member and quarter made from its booking (figures frozen on the invoice). The caller brings the
member's Land share for the year (the Landkreis' allocation) and owns the transaction.
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.verbund import CostBasis, Quarter, Vat, VerbundError, cost_share_invoice, invoice, quarter_share
from dashboard.model.vocabulary import BillingMode, InvoiceStatus
from data.schema import (
    Area,
    ImPost,
    VerbundAgreement,
    VerbundBooking,
    VerbundInvoice,
    VerbundMember,
    VerbundQuarterCost,
)


def cost_basis(agreement: VerbundAgreement, default_cost_per_fte: Decimal | int, weekly_hours: Decimal | int) -> CostBasis:
    """The agreement's cost basis: its own cost per VZÄ, else the installation's (IMC_COST_PER_FTE)."""
    cost = agreement.cost_per_fte if agreement.cost_per_fte is not None else Decimal(default_cost_per_fte)
    return CostBasis(Decimal(cost), Decimal(agreement.overhead_pct), agreement.overhead_cap, Decimal(weekly_hours))


def vat_of(agreement: VerbundAgreement) -> Vat:
    return Vat(agreement.vat_mode, Decimal(agreement.vat_rate_pct))


def invoice_number(agreement: VerbundAgreement, member: VerbundMember, quarter: Quarter) -> str:
    """E.g. BRA-CLE-2025-Q1-08125017: agreement, quarter, the member's AGS — unique by construction."""
    return f"{agreement.code}-{quarter.year}-Q{quarter.number}-{member.municipality.ags or member.municipality.code}"


def make_invoice(session: Session, booking: VerbundBooking, annual_share: Decimal, share_assumed: bool,
                 default_cost_per_fte: Decimal | int, weekly_hours: Decimal | int) -> VerbundInvoice:
    """The draft invoice for `booking`'s member and quarter (VerbundError when one exists already)."""
    member = booking.member
    agreement = member.agreement
    quarter = Quarter.of(booking.quarter_start)
    existing = session.scalar(select(VerbundInvoice).where(VerbundInvoice.member_id == member.id,
                                                           VerbundInvoice.quarter_start == quarter.start))
    if existing is not None:
        raise VerbundError(f"Für {member.municipality.name} gibt es für {quarter.label} schon die Rechnung "
                           f"{existing.number}; eine Rechnung je Quartal und Gemeinde.")
    vat = vat_of(agreement)
    share = quarter_share(annual_share, quarter.number)
    if agreement.billing == BillingMode.cost_share:
        cost = quarter_cost(session, agreement, quarter)
        if cost is None or member.cost_share_pct is None:
            missing = "die Ist-Kosten des Quartals" if cost is None else f"der Kostenanteil von {member.municipality.name}"
            raise VerbundError(f"Für {quarter.label} fehlt {missing}; bitte zuerst in „Quartal buchen“ bzw. "
                               "„Mitglied“ eintragen, dann die Rechnungen entwerfen.")
        figures = cost_share_invoice(cost.actual_cost, member.cost_share_pct, booking.hours, vat, share,
                                     member.min_hours_per_week, agreement.offset_land_share, booking.hours_unfunded)
    else:
        basis = cost_basis(agreement, default_cost_per_fte, weekly_hours)
        figures = invoice(booking.hours, basis.hourly_rate, vat, share, member.min_hours_per_week,
                          agreement.offset_land_share, booking.hours_unfunded)
    record = VerbundInvoice(
        number=invoice_number(agreement, member, quarter), member=member, quarter_start=quarter.start,
        hours=figures.hours, hours_unfunded=figures.hours_unfunded, minimum_hours=figures.minimum_hours,
        hourly_rate=figures.hourly_rate, net=figures.net, vat_mode=vat.mode, vat_rate_pct=vat.rate_pct,
        vat=figures.vat, gross=figures.gross, land_share=figures.land_share, land_share_assumed=share_assumed,
        offset_land_share=agreement.offset_land_share, billing=figures.billing, cost_share_pct=figures.cost_share_pct,
        actual_cost=figures.actual_cost, status=InvoiceStatus.draft)
    session.add(record)
    session.flush()
    return record


def set_invoice_status(invoice_record: VerbundInvoice, status: InvoiceStatus, day: dt.date, actor: str) -> None:
    """Write the new status (the caller has checked who may and that the step is allowed)."""
    invoice_record.status = status
    if status == InvoiceStatus.issued:
        invoice_record.issued_on = day
    if status == InvoiceStatus.paid:
        invoice_record.paid_on = day
    invoice_record.updated_by = actor


# --- the lead Gemeinde's records (the caller checked who may and the rules that need the database) ----

def quarter_cost(session: Session, agreement: VerbundAgreement, quarter: Quarter) -> VerbundQuarterCost | None:
    return session.scalar(select(VerbundQuarterCost).where(VerbundQuarterCost.agreement_id == agreement.id,
                                                           VerbundQuarterCost.quarter_start == quarter.start))


AGREEMENT_FIELDS = ("name", "valid_from", "valid_to", "billing", "cost_per_fte", "pay_group", "overhead_pct",
                    "overhead_cap", "vat_mode", "vat_rate_pct", "offset_land_share", "decision_ref")


def save_agreement(session: Session, agreement: VerbundAgreement | None, lead: Area, code: str, values: dict,
                   posts: list[ImPost], actor: str) -> tuple[VerbundAgreement, dict]:
    """Create (agreement None) or change an agreement; returns it and {field: (before, after)}."""
    if agreement is None:
        agreement = VerbundAgreement(code=code, lead=lead)
        session.add(agreement)
    changes = {}
    for name in AGREEMENT_FIELDS:
        before, after = getattr(agreement, name, None), values[name]
        if before != after:
            changes[name] = (None if before is None else str(before), None if after is None else str(after))
            setattr(agreement, name, after)
    before_posts = sorted(p.id for p in agreement.posts) if agreement.id else []
    if before_posts != sorted(p.id for p in posts):
        changes["posts"] = (before_posts, sorted(p.id for p in posts))
        agreement.posts = posts
    agreement.updated_by = actor
    session.flush()
    return agreement, changes


def save_member(session: Session, agreement: VerbundAgreement, area: Area, min_hours: Decimal,
                cost_share_pct: Decimal | None) -> tuple[VerbundMember, dict]:
    """Add a member or change its minimum hours and share; returns it and {field: (before, after)}."""
    member = next((m for m in agreement.members if m.municipality_id == area.id), None)
    if member is None:
        member = VerbundMember(agreement=agreement, municipality=area, min_hours_per_week=min_hours,
                               cost_share_pct=cost_share_pct)
        session.add(member)
        session.flush()
        return member, {"member": (None, area.ags)}
    changes = {}
    for name, after in (("min_hours_per_week", min_hours), ("cost_share_pct", cost_share_pct)):
        before = getattr(member, name)
        if before != after:
            changes[name] = (None if before is None else str(before), None if after is None else str(after))
            setattr(member, name, after)
    session.flush()
    return member, changes


def save_booking(session: Session, member: VerbundMember, quarter: Quarter, values: dict,
                 actor: str) -> tuple[VerbundBooking, dict]:
    """Book (or re-book) a member's quarter; returns it and {field: (before, after)}."""
    booking = session.scalar(select(VerbundBooking).where(VerbundBooking.member_id == member.id,
                                                          VerbundBooking.quarter_start == quarter.start))
    if booking is None:
        booking = VerbundBooking(member=member, quarter_start=quarter.start)
        session.add(booking)
    changes = {}
    for name in ("hours", "hours_unfunded", "cases_funded", "cases_unfunded"):
        before, after = getattr(booking, name, None), values[name]
        if before != after:
            changes[name] = (None if before is None else str(before), str(after))
            setattr(booking, name, after)
    booking.updated_by = actor
    session.flush()
    return booking, changes


def save_quarter_cost(session: Session, agreement: VerbundAgreement, quarter: Quarter, amount: Decimal,
                      actor: str) -> dict:
    """The lead's actual cost of the quarter (billing by cost share); returns {field: (before, after)}."""
    record = quarter_cost(session, agreement, quarter)
    if record is None:
        record = VerbundQuarterCost(agreement_id=agreement.id, quarter_start=quarter.start, actual_cost=amount)
        session.add(record)
        before = None
    else:
        before = str(record.actual_cost)
        record.actual_cost = amount
    record.updated_by = actor
    session.flush()
    return {} if before == str(amount) else {"actual_cost": (before, str(amount))}
