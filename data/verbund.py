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

from dashboard.model.verbund import CostBasis, Quarter, Vat, VerbundError, invoice, quarter_share
from dashboard.model.vocabulary import InvoiceStatus
from data.schema import VerbundAgreement, VerbundBooking, VerbundInvoice, VerbundMember


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
    basis = cost_basis(agreement, default_cost_per_fte, weekly_hours)
    vat = vat_of(agreement)
    figures = invoice(booking.hours, basis.hourly_rate, vat, quarter_share(annual_share, quarter.number),
                      member.min_hours_per_week, agreement.offset_land_share, booking.hours_unfunded)
    record = VerbundInvoice(
        number=invoice_number(agreement, member, quarter), member=member, quarter_start=quarter.start,
        hours=figures.hours, hours_unfunded=figures.hours_unfunded, minimum_hours=figures.minimum_hours,
        hourly_rate=figures.hourly_rate, net=figures.net, vat_mode=vat.mode, vat_rate_pct=vat.rate_pct,
        vat=figures.vat, gross=figures.gross, land_share=figures.land_share, land_share_assumed=share_assumed,
        offset_land_share=agreement.offset_land_share, status=InvoiceStatus.draft)
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
