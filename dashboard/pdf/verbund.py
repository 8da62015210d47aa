"""A Verbund invoice as a PDF (German, A4, the reports' frame: "Stand" in the header, "Seite X von Y"):
who bills whom for which quarter, hours × hourly rate, VAT (19 % or nicht steuerbar, § 2b UStG, with
the note on the transition rule), gross, the member's Land share for the quarter offset or shown, the
amount due and what the member carries from its own budget; the hours against the agreed minimum,
the part for clients ohne Landesförderung, and how the hourly rate is made up.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy.orm import Session

from dashboard.auth.roles import Reader
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_number, fmt_pct
from dashboard.model.vocabulary import (
    INVOICE_STATUS_TEXT,
    UNDER_MINIMUM_TEXT,
    UNFUNDED_TEXT,
    VAT_MODE_TEXT,
    VAT_TRANSITION_END,
    VAT_TRANSITION_NOTE,
    BillingMode,
    InvoiceStatus,
    VatMode,
)
from dashboard.pdf import ReportFile, _stand
from dashboard.pdf.document import Document, table, text
from dashboard.services.verbund_billing import invoice_for
from dashboard.settings import Settings


def _hours(value) -> str:
    return f"{fmt_number(value, 1)} Std."


def _positions(inv):
    """The invoice's lines: hours × rate, or (cost share) the member's share of the quarter's actual cost."""
    if inv.billing == BillingMode.cost_share:
        rows = [[f"Kostenanteil {fmt_pct(float(inv.cost_share_pct), 1)} an den Ist-Kosten {inv.quarter.label}",
                 fmt_pct(float(inv.cost_share_pct), 1), fmt_eur(inv.actual_cost), fmt_eur(inv.net)],
                [f"davon für Klienten {UNFUNDED_TEXT} (nach Stunden)", _hours(inv.hours_unfunded), "–",
                 fmt_eur(inv.unfunded_net)]]
    else:
        rows = [[f"Integrationsmanagement {inv.quarter.label}", _hours(inv.hours), fmt_eur(inv.hourly_rate), fmt_eur(inv.net)],
                [f"davon für Klienten {UNFUNDED_TEXT}", _hours(inv.hours_unfunded), fmt_eur(inv.hourly_rate),
                 fmt_eur(inv.unfunded_net)]]
    return table(["Position", "Menge", "Einzelpreis", "Betrag"], rows, widths=[84 * mm, 28 * mm, 30 * mm, 32 * mm],
                 numeric={1, 2, 3})


def _share_basis(inv) -> str:
    return (f"Vereinbarter Anteil der Gemeinde {inv.gemeinde}: {fmt_pct(float(inv.cost_share_pct), 1)} der Ist-Kosten "
            f"der dienenden Stellen im {inv.quarter.label} ({fmt_eur(inv.actual_cost)}) = {fmt_eur(inv.net)} netto; "
            f"bei {_hours(inv.hours)} entspricht das {fmt_eur(inv.hourly_rate)} je Stunde.")


def invoice_pdf(session: Session, settings: Settings, reader: Reader, invoice_id: int | None,
                day: dt.date | None = None) -> ReportFile:
    """The invoice `invoice_id` as `reader` may see it (PermissionDenied / VerbundError otherwise)."""
    stand = _stand(session)
    view, inv = invoice_for(session, settings, reader, invoice_id, day or stand.as_of)
    draft = inv.status == InvoiceStatus.draft
    shared = inv.billing == BillingMode.cost_share
    doc = Document(title=f"{'Rechnungsentwurf' if draft else 'Rechnung'} {inv.number}",
                   subtitle=f"{view.name} – {inv.quarter.label}", stand=stand, day=stand.as_of)
    s = doc.styles
    vat_label = (f"Umsatzsteuer {fmt_pct(float(inv.vat_rate_pct), 0)}" if inv.vat_mode == VatMode.taxable
                 else f"Umsatzsteuer: {VAT_MODE_TEXT[VatMode.not_taxable]}")
    share_label = (f"abzüglich Landesanteil {inv.quarter.label} (verrechnet)" if inv.offset
                   else f"Landesanteil {inv.quarter.label} (nachrichtlich, nicht verrechnet)")
    doc.add([
        Paragraph(text(f"{'Rechnungsentwurf' if draft else 'Rechnung'} Nr. {inv.number}"), s["h1"]),
        table(["", ""], [
            ["Rechnungsteller", f"{view.lead} (federführende Gemeinde, {view.name})"],
            ["Rechnungsempfänger", f"Gemeinde {inv.gemeinde}"],
            ["Leistung", "Integrationsmanagement nach VwV Integrationsmanagement (Personalgestellung im Verbund)"],
            ["Leistungszeitraum", f"{inv.quarter.label}: {fmt_date(inv.quarter.start)}–{fmt_date(inv.quarter.end)}"],
            ["Rechnungsdatum", fmt_date(inv.issued_on) if inv.issued_on else "– (Entwurf, noch nicht gestellt)"],
            ["Status", INVOICE_STATUS_TEXT[inv.status] + (f" am {fmt_date(inv.paid_on)}" if inv.paid_on else "")],
            ["Grundlage", view.decision_ref or "–"],
        ], widths=[45 * mm, 129 * mm]),
        Spacer(1, 5 * mm),
        Paragraph("Rechnungsbetrag", s["h2"]),
        _positions(inv),
        Spacer(1, 3 * mm),
        table(["", "Betrag"], [
            ["Nettobetrag", fmt_eur(inv.net)],
            [vat_label, fmt_eur(inv.vat)],
            ["Bruttobetrag", fmt_eur(inv.gross)],
            [share_label, fmt_eur(inv.land_share) + (" (angenommen)" if inv.land_share_assumed else "")],
            ["Zahlbetrag", fmt_eur(inv.payable)],
            [f"Eigenanteil der Gemeinde {inv.gemeinde} (Brutto − Landesanteil)", fmt_eur(inv.own_budget)],
        ], widths=[130 * mm, 44 * mm], numeric={1}),
        Spacer(1, 4 * mm),
        Paragraph("Stunden und Mindestumfang", s["h2"]),
        table(["", ""], [
            ["Vereinbarter Mindestumfang", f"{_hours(inv.minimum_hours)} im Quartal (13 Wochen)"],
            ["Geleistet", _hours(inv.hours) + (f" – {UNDER_MINIMUM_TEXT}: {_hours(inv.minimum_hours - inv.hours)} fehlen"
                                               if inv.hours < inv.minimum_hours else " – ✔ Mindestumfang erreicht")],
            [f"davon {UNFUNDED_TEXT}", f"{_hours(inv.hours_unfunded)} für Klienten nach dem Förderzeitraum der VwV "
                                      "(3 Jahre, in begründeten Fällen 4) – gesondert ausgewiesen"],
        ], widths=[55 * mm, 119 * mm]),
        Spacer(1, 4 * mm),
        Paragraph("Stundensatz" if not shared else "Kostenanteil", s["h2"]),
        Paragraph(text(_share_basis(inv)), s["body"]) if shared else Paragraph(text(
            f"Arbeitgeberkosten je VZÄ und Jahr {fmt_eur(view.basis.cost_per_fte)}"
            + (f" ({view.pay_group})" if view.pay_group else "")
            + f" zuzüglich Gemeinkosten {fmt_pct(float(view.basis.overhead_pct), 0)}"
            + (f", höchstens {fmt_eur(view.basis.overhead_cap)}" if view.basis.overhead_cap is not None else "")
            + f" = {fmt_eur(view.basis.overhead)}; zusammen {fmt_eur(view.basis.annual_cost)} ÷ "
            f"({fmt_number(view.basis.weekly_hours, 0)} Std. × 52 Wochen = {fmt_number(view.basis.hours_per_year, 0)} Std.)"
            f" = {fmt_eur(view.basis.hourly_rate)} je Stunde (Satz der Rechnung: {fmt_eur(inv.hourly_rate)})."), s["body"]),
    ])
    if inv.vat_mode == VatMode.not_taxable or inv.quarter.start <= VAT_TRANSITION_END:
        doc.add([Spacer(1, 3 * mm), Paragraph(text(VAT_TRANSITION_NOTE), s["small"])])
    content, pages = doc.build()
    return ReportFile(content, f"rechnung-{inv.number.lower()}.pdf", pages)
