"""The Sitzungsunterlage of a saved Sitzung: the same steps as on the screen, one section per step in the
same order, each built from the same reporting function as the page it shows (so hand-out and screen
agree). The cover lists the steps as the contents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from dashboard import services
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_int, fmt_time
from dashboard.model.meeting import Meeting, MeetingItem, file_name
from dashboard.pdf import ReportError, ReportFile, _stand, sections
from dashboard.pdf.document import Document, styles, table, text
from dashboard.services import funds as funds_report
from dashboard.services import scenarios as scenario_report
from dashboard.services import staffing as staffing_report
from dashboard.services import volunteering as volunteering_report
from dashboard.services.caseload import caseload
from dashboard.services.county import NoCountyData, county_figures
from dashboard.services.maps import map_view
from dashboard.services.meetings import item_label
from dashboard.settings import Settings
from dashboard.urls import QueryError, parse_day


def _day(session, item: MeetingItem) -> dt.date:
    """The Stichtag the page shows for this step: the step's `stichtag`, else the data's Stand."""
    try:
        return parse_day(item.query.get("stichtag")) or services.default_day(session)
    except QueryError:
        return services.default_day(session)


def _year(item: MeetingItem, day: dt.date) -> int:
    wanted = item.query.get("jahr", "")
    return int(wanted) if wanted.isdigit() and len(wanted) == 4 else day.year


def _county(session, settings: Settings, item: MeetingItem) -> list:
    s = styles()
    try:
        fig = county_figures(session, settings, item.query.get("kreis") or None)
    except NoCountyData as missing:
        return [Paragraph(text(str(missing)), s["body"])]
    a = fig.allocation
    rows = [[text(r.name), fmt_int(r.persons), fmt_eur(r.amount), text(r.mode_short)] for r in fig.rows]
    return [Paragraph(text(f"{fig.county_name}: Zuteilung {fig.year}"), s["h3"]),
            Paragraph(f"Landesmittel {fmt_eur(a.funds)} für {fmt_int(a.total_persons)} Personen", s["body"]),
            table(["Gemeinde", "Personen", "Betrag", "Form"], rows, numeric={1, 2})]


def _scenario(session, item: MeetingItem) -> list:
    wanted = item.query.get("id", "")
    chosen = scenario_report.compared(session, [int(wanted)]) if wanted.isdigit() else []
    if not chosen:
        raise ReportError(f"Das Szenario #{wanted} der Sitzung gibt es nicht (mehr); bitte den Schritt aus der "
                          "Sitzung nehmen und sie neu speichern.")
    return sections.scenarios(chosen, scenario_report.comparison_rows(chosen))[1:]  # without its page break


def section(session, settings: Settings, name: str, item: MeetingItem) -> list:
    """The flowables of one step: the section of the page `name` at the step's Stichtag / year."""
    day = _day(session, item)
    if name == "overview":
        return sections.kpis(services.overview(session, settings, day), settings)
    if name == "caseload":
        return sections.caseload_year(caseload(session, settings, day), day.year, settings)
    if name == "map":
        return sections.area_map(map_view(session, settings, day=day))
    if name == "funds":
        return sections.funds(funds_report.page_figures(session, settings, _year(item, day)))
    if name == "staffing":
        return sections.staffing(staffing_report.staffing(session, settings, day))
    if name == "volunteering":
        return sections.volunteering(volunteering_report.volunteering(session, settings, day))
    if name == "county":
        return _county(session, settings, item)
    if name == "scenarios":
        return _scenario(session, item)
    raise ReportError(f"Die Seite „{item.path}“ hat keinen Abschnitt in der Sitzungsunterlage.")


def _cover(doc: Document, meeting: Meeting, labels: list[str]) -> list:
    s = doc.styles
    contents = Table([[f"{n}.", Paragraph(text(label), s["body"])] for n, label in enumerate(labels, start=1)],
                     colWidths=[12 * mm, 150 * mm], hAlign="LEFT")
    return [Spacer(1, 24 * mm), Paragraph(text(doc.title), s["h1"]), Paragraph(text(doc.subtitle), s["h2"]),
            Paragraph(text(meeting.title), s["body"]), Paragraph(text(doc.stand_text), s["body"]),
            Paragraph(f"erstellt am {fmt_date(doc.created)} um {fmt_time(doc.created)} Uhr mit dem IM-Cockpit",
                      s["small"]),
            Spacer(1, 8 * mm), Paragraph("Inhalt (die Schritte der Sitzung, wie auf dem Bildschirm)", s["h3"]),
            contents, Spacer(1, 6 * mm),
            Paragraph("Alle Zahlen sind aggregiert; kleine Fallzahlen auf Ebene der Stadtteile werden nicht "
                      "ausgewiesen (Datenschutz).", s["small"]), PageBreak()]


def meeting_file(session, settings: Settings, meeting: Meeting, pages: Sequence) -> ReportFile:
    """The Sitzungsunterlage of a saved Sitzung (`pages`: the page registry)."""
    stand = _stand(session)
    by_path = {p.path: p for p in pages}
    labels = [item_label(item, pages) for item in meeting.items]
    doc = Document(title=f"Sitzungsunterlage {meeting.body_label}",
                   subtitle=f"Sitzung am {fmt_date(meeting.day)}" if meeting.day else "Sitzung",
                   stand=stand, day=services.default_day(session))
    doc.add(_cover(doc, meeting, labels))
    for number, (item, label) in enumerate(zip(meeting.items, labels, strict=True), start=1):
        page = by_path.get(item.path)
        if page is None:
            raise ReportError(f"Schritt {number}: die Seite „{item.path}“ gibt es nicht (mehr).")
        doc.add([Paragraph(text(f"Schritt {number}: {label}"), doc.styles["h2"])])
        doc.add(section(session, settings, page.name, item))
    content, count = doc.build()
    return ReportFile(content, file_name(meeting), count)
