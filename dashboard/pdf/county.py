"""The Gesamtverwendungsnachweis of a Landkreis for a year (German, A4): the Land funds received and
passed on per Gemeinde (A, B and Verbund get their share, C stays with the Kreis, the Rundungsrest
too), the posts, the cases and Integrationspläne of the Gemeinden (small counts hidden as in the
city) and each Gemeinde's Verwendungsnachweis (eingegangen / fehlt). Same frame as the other
reports: header with "Stand", footer "Seite X von Y"; headings are kept with what follows them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from sqlalchemy.orm import Session

from dashboard.model.figures.county_report import UseReport
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_int
from dashboard.model.vocabulary import PROOF_STATUS_TEXT
from dashboard.pdf import ReportError, ReportFile, _stand
from dashboard.pdf.document import Document, table, text
from dashboard.services.county import NoCountyData
from dashboard.services.county_report import use_report
from dashboard.settings import Settings

RULE = ("Weitergeleitet werden die Anteile der Gemeinden, die das Integrationsmanagement selbst erbringen "
        "(A Eigenregie, B Eigenregie über einen Träger) oder im Verbund; bei C (beim Landkreis) und ohne "
        "erfassten Beschluss bleibt der Anteil beim Kreis, ebenso der Rundungsrest (Anteile auf den Cent "
        "abgerundet). Einen Verwendungsnachweis schulden die Gemeinden, an die Mittel weitergeleitet wurden.")


def _heading(doc: Document, title: str, level: str = "h2") -> list:
    """A heading that never ends a page: a page break when less than 45 mm are left (room for the
    heading and the first rows of what follows; a long table then continues with its header row)."""
    return [CondPageBreak(45 * mm), Paragraph(text(title), doc.styles[level])]


def _summary(doc: Document, rep: UseReport) -> list:
    passed = [r for r in rep.rows if r.passed_on]
    rows = [["Landesmittel erhalten", fmt_eur(rep.funds)],
            [f"weitergeleitet an {fmt_int(len(passed))} Gemeinden (A, B, Verbund)", fmt_eur(rep.passed_on)],
            ["beim Kreis für die Gemeinden mit C", fmt_eur(rep.kept - rep.remainder)],
            ["Rundungsrest (beim Kreis)", fmt_eur(rep.remainder)],
            ["beim Kreis gesamt", fmt_eur(rep.kept)],
            ["Verwendungsnachweise", f"{fmt_int(rep.received)} eingegangen, {fmt_int(rep.missing)} fehlen"]]
    return [*_heading(doc, "Übersicht"), table(["", "Betrag"], rows, widths=[120 * mm, 54 * mm], numeric={1}),
            Paragraph(text(RULE), doc.styles["small"])]


def _funds(doc: Document, rep: UseReport) -> list:
    rows = [[r.name, r.mode_short, fmt_eur(r.amount), fmt_eur(r.passed_amount), fmt_eur(r.kept_amount)]
            for r in rep.rows]
    rows.append(["Rundungsrest", "", fmt_eur(rep.remainder), fmt_eur(0), fmt_eur(rep.remainder)])
    return [*_heading(doc, f"Mittel {rep.year} je Gemeinde"),
            table(["Gemeinde", "IM durch", "Anteil", "weitergeleitet", "beim Kreis"], rows,
                  widths=[50 * mm, 32 * mm, 31 * mm, 31 * mm, 30 * mm], numeric={2, 3, 4},
                  footer=["Landkreis gesamt", "", fmt_eur(rep.funds), fmt_eur(rep.passed_on), fmt_eur(rep.kept)])]


def _posts(doc: Document, rep: UseReport) -> list:
    rows = [[r.name, r.mode_short, fmt_fte(r.posts_fte), fmt_fte(r.filled_fte)] for r in rep.rows if r.posts_fte]
    if not rows:
        return [*_heading(doc, "Stellen je Gemeinde"), Paragraph("Keine Stellen erfasst.", doc.styles["body"])]
    total = sum((r.posts_fte for r in rep.rows), Decimal(0))
    filled = sum((r.filled_fte for r in rep.rows), Decimal(0))
    return [*_heading(doc, "Stellen je Gemeinde"),
            table(["Gemeinde", "IM durch", "VZÄ", "davon besetzt"], rows, widths=[64 * mm, 40 * mm, 35 * mm, 35 * mm],
                  numeric={2, 3}, footer=["Gesamt", "", fmt_fte(total), fmt_fte(filled)])]


def _cases(doc: Document, rep: UseReport) -> list:
    head = _heading(doc, f"Fälle und Integrationspläne {rep.year}")
    if not rep.has_cases:
        return [*head, Paragraph(f"Für die Gemeinden des Kreises sind für {rep.year} keine Fälle erfasst.",
                                 doc.styles["body"])]
    shown = [r for r in rep.rows if r.cases != 0]
    rows = [[r.name, str(r.cases) if isinstance(r.cases, str) else fmt_int(r.cases),
             str(r.plans) if isinstance(r.plans, str) else fmt_int(r.plans)] for r in shown]
    return [*head, table(["Gemeinde", "Fälle im Jahr", "mit Integrationsplan"], rows,
                         widths=[94 * mm, 40 * mm, 40 * mm], numeric={1, 2},
                         footer=["Gesamt", fmt_int(rep.cases_total), fmt_int(rep.plans_total)]),
            Paragraph(f"Fälle, die im Jahr aktiv waren. Zahlen von 1 bis {rep.threshold - 1} sind ausgeblendet "
                      f"(„&lt;{rep.threshold}“), ebenso so viele weitere, dass sie sich nicht aus der Summe "
                      "errechnen lassen (Datenschutz).", doc.styles["small"])]


def _proofs(doc: Document, rep: UseReport) -> list:
    due = [r for r in rep.rows if r.passed_on]
    head = _heading(doc, f"Verwendungsnachweise der Gemeinden für {rep.year}")
    if not due:
        return [*head, Paragraph("Keine Gemeinde erhält weitergeleitete Mittel.", doc.styles["body"])]
    rows = [[r.name, fmt_eur(r.amount), PROOF_STATUS_TEXT[r.proof_status],
             fmt_date(r.proof.received_on) if r.proof and r.proof.received_on else "–",
             fmt_eur(r.proof.amount_spent) if r.proof and r.proof.amount_spent is not None else "–",
             (r.proof.note or "") if r.proof else ""] for r in due]
    return [*head, table(["Gemeinde", "weitergeleitet", "Status", "eingegangen am", "verwendet laut Nachweis",
                          "Vermerk"], rows, widths=[32 * mm, 27 * mm, 26 * mm, 23 * mm, 27 * mm, 39 * mm],
                         numeric={1, 4}),
            Paragraph(f"{fmt_int(rep.received)} von {fmt_int(len(due))} Verwendungsnachweisen eingegangen, "
                      f"{fmt_int(rep.missing)} fehlen.", doc.styles["body"])]


def county_use_report(session: Session, settings: Settings, year: int, county_code: str | None = None) -> ReportFile:
    """Gesamtverwendungsnachweis of a Kreis for `year` (ReportError with a German reason)."""
    stand = _stand(session)
    try:
        rep = use_report(session, settings, year, county_code)
    except NoCountyData as error:
        raise ReportError(str(error)) from None
    doc = Document(title=f"Gesamtverwendungsnachweis {year}",
                   subtitle=f"{rep.county_name} – Landesmittel Integrationsmanagement (VwV IM)", stand=stand, day=dt.date(year, 12, 31))
    s = doc.styles
    doc.add([Paragraph(text(f"Gesamtverwendungsnachweis {year}"), s["h1"]),
             Paragraph(text(f"{rep.county_name} · Landesmittel für das Integrationsmanagement (VwV IM)"), s["body"]),
             Paragraph(text(doc.stand_text), s["small"]), Spacer(1, 4 * mm)])
    for part in (_summary, _funds, _posts, _cases, _proofs):
        doc.add(part(doc, rep))
    content, pages = doc.build()
    slug = rep.county_name.lower().replace("landkreis ", "").replace(" ", "-")
    return ReportFile(content, f"gesamtverwendungsnachweis-{slug}-{year}.pdf", pages)
