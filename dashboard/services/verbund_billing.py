"""Verbund billing: make the draft invoices of the booked quarters, move an invoice's status
(entworfen → gestellt → bezahlt) and the invoice list as a download. Only the lead Gemeinde's users
bill; every check runs here, inside the caller's write transaction, whatever the browser sent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.auth.roles import PermissionDenied, Reader
from dashboard.model.formatting import fmt_date
from dashboard.model.verbund import Quarter, VerbundError, check_transition
from dashboard.model.vocabulary import (
    BILLING_MODE_TEXT,
    INVOICE_STATUS_TEXT,
    UNFUNDED_TEXT,
    VAT_MODE_TEXT,
    InvoiceStatus,
)
from dashboard.services.verbund import NoVerbund, is_lead_user, land_shares, verbund_figures
from dashboard.settings import Settings
from data import audit
from data.exports import Column, Table
from data.revision import bump_revision
from data.schema import Area, VerbundAgreement, VerbundBooking, VerbundInvoice, VerbundMember
from data.verbund import make_invoice, set_invoice_status

LEAD_ONLY = ("Rechnungen des Verbunds stellt und ändert nur die federführende Gemeinde ({lead}); Ihr Benutzer "
             "gehört nicht zu ihr. Bitte wenden Sie sich an die federführende Gemeinde.")


def _require_lead(reader: Reader, agreement: VerbundAgreement) -> None:
    if not is_lead_user(reader, agreement.lead):
        raise PermissionDenied(LEAD_ONLY.format(lead=agreement.lead.name))


def change_status(session: Session, reader: Reader, actor: str, invoice_id: int | None, wanted: str | None,
                  day: dt.date) -> VerbundInvoice:
    """Move invoice `invoice_id` to `wanted` (one step forward), audited as `edit`.

    Raises PermissionDenied for anyone but the lead Gemeinde's users, VerbundError for an unknown
    invoice or status or a step that is not allowed.
    """
    record = session.get(VerbundInvoice, invoice_id) if isinstance(invoice_id, int) else None
    if record is None:
        raise VerbundError("Bitte zuerst eine Rechnung aus der Liste wählen.")
    _require_lead(reader, record.member.agreement)
    try:
        status = InvoiceStatus(wanted)
    except ValueError:
        raise VerbundError(f"Den Status „{wanted}“ gibt es nicht; möglich: "
                           f"{', '.join(INVOICE_STATUS_TEXT.values())}.") from None
    before = record.status
    check_transition(before, status)
    set_invoice_status(record, status, day, actor)
    audit.record(session, actor, "edit", f"verbund_invoice:{record.number}",
                 {"status": {"before": before.value, "after": status.value}})
    bump_revision(session)
    session.flush()
    return record


def create_invoices(session: Session, settings: Settings, reader: Reader, actor: str, code: str | None,
                    day: dt.date) -> list[VerbundInvoice]:
    """Draft invoices for every booked quarter of agreement `code` that has ended by `day` and has none yet."""
    agreement = session.scalar(select(VerbundAgreement).where(VerbundAgreement.code == (code or "")))
    if agreement is None:
        raise VerbundError(f"Den Verbund „{code}“ gibt es nicht; bitte einen Verbund aus der Liste wählen.")
    _require_lead(reader, agreement)
    billed = set(session.execute(select(VerbundInvoice.member_id, VerbundInvoice.quarter_start)
                                 .join(VerbundMember).where(VerbundMember.agreement_id == agreement.id)))
    bookings = [b for b in session.scalars(select(VerbundBooking).join(VerbundMember)
                                           .where(VerbundMember.agreement_id == agreement.id)
                                           .order_by(VerbundBooking.quarter_start))
                if (b.member_id, b.quarter_start) not in billed and Quarter.of(b.quarter_start).end <= day]
    years = sorted({b.quarter_start.year for b in bookings})
    shares = land_shares(session, settings, session.get(Area, agreement.lead.parent_id), years) if years else {}
    made = []
    for b in bookings:
        year_shares, assumed = shares[b.quarter_start.year]
        record = make_invoice(session, b, year_shares.get(b.member.municipality.ags, 0), assumed,
                              settings.cost_per_fte, settings.weekly_hours_per_fte)
        record.updated_by = actor
        made.append(record)
    if made:
        audit.record(session, actor, "edit", f"verbund:{agreement.code}",
                     {"invoices_created": [r.number for r in made]})
        bump_revision(session)
    return made


def invoice_for(session: Session, settings: Settings, reader: Reader, invoice_id: int | None, day: dt.date):
    """(agreement view, invoice row) of an invoice `reader` may see; PermissionDenied otherwise."""
    record = session.get(VerbundInvoice, invoice_id) if isinstance(invoice_id, int) else None
    if record is None:
        raise VerbundError("Bitte zuerst eine Rechnung aus der Liste wählen.")
    try:
        fig = verbund_figures(session, settings, reader, day)
    except NoVerbund:
        raise PermissionDenied("Diese Rechnung gehört zu keinem Verbund, den Sie sehen dürfen.") from None
    for view in fig.agreements:
        for row in view.invoices:
            if row.id == record.id:
                return view, row
    raise PermissionDenied("Diese Rechnung gehört zu keinem Verbund, den Sie sehen dürfen.")


def invoices_table(session: Session, settings: Settings, query: dict, reader: Reader) -> Table:
    """The invoices of the shown Verbund (`?verbund=CODE`) as a download."""
    from dashboard.services import dataset_stand

    stand = dataset_stand(session)
    day = stand.as_of if stand else dt.date.today()
    view = verbund_figures(session, settings, reader, day).agreement(query.get("verbund"))
    rows = [{"number": i.number, "gemeinde": i.gemeinde, "quarter": i.quarter.label, "hours": i.hours,
             "minimum": i.minimum_hours, "unfunded": i.hours_unfunded, "rate": i.hourly_rate,
             "billing": BILLING_MODE_TEXT[i.billing], "share": i.cost_share_pct, "actual": i.actual_cost, "net": i.net,
             "vat_mode": VAT_MODE_TEXT[i.vat_mode], "vat": i.vat, "gross": i.gross, "land_share": i.land_share,
             "payable": i.payable, "own": i.own_budget, "status": INVOICE_STATUS_TEXT[i.status].split(" ", 1)[1],
             "issued": fmt_date(i.issued_on) if i.issued_on else "", "paid": fmt_date(i.paid_on) if i.paid_on else ""}
            for i in view.invoices]
    return Table(
        name=f"verbund-{view.code.lower()}-rechnungen", title=f"Rechnungen – {view.name}",
        stand=f"Stand {fmt_date(day)} · Stundensatz {view.basis.hourly_rate} € · federführend {view.lead}",
        rows=rows,
        columns=[Column("number", "Rechnungsnummer"), Column("gemeinde", "Gemeinde"), Column("quarter", "Quartal"),
                 Column("hours", "Stunden", "number"), Column("minimum", "Mindeststunden", "number"),
                 Column("unfunded", f"davon {UNFUNDED_TEXT}", "number"), Column("rate", "Stundensatz", "eur"),
                 Column("billing", "Abrechnung"), Column("share", "Kostenanteil in %", "number"),
                 Column("actual", "Ist-Kosten des Quartals", "eur"), Column("net", "Netto", "eur"), Column("vat_mode", "Umsatzsteuer"), Column("vat", "USt-Betrag", "eur"),
                 Column("gross", "Brutto", "eur"), Column("land_share", "Landesanteil", "eur"),
                 Column("payable", "Zahlbetrag", "eur"), Column("own", "Eigenanteil der Gemeinde", "eur"),
                 Column("status", "Status"), Column("issued", "gestellt am"), Column("paid", "bezahlt am")],
    )


invoices_table.wants_reader = True
VERBUND_TABLES = {"invoices": invoices_table}
