"""The Jahresbericht / Verwendungsnachweis and the Sitzungsunterlage (dashboard.pdf: what they show)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.formatting import fmt_date
from dashboard.model.text import slug
from dashboard.model.vocabulary import MEETING_BODIES
from dashboard.pdf import ReportError, ReportFile, _stand, sections
from dashboard.pdf.document import Document
from dashboard.services import funds as funds_report
from dashboard.services import scenarios as scenario_report
from dashboard.services import staffing as staffing_report
from dashboard.services import volunteering as volunteering_report
from dashboard.services.caseload import caseload
from dashboard.services.maps import map_view
from dashboard.settings import Settings


def annual_report(session: Session, settings: Settings, year: int) -> ReportFile:
    """Jahresbericht / Verwendungsnachweis: the year's caseload, staff, funds and volunteering."""
    stand = _stand(session)
    as_of = stand.as_of
    if year > as_of.year or year < 2000:
        raise ReportError(f"Für das Jahr {year} gibt es keine Daten (Stand der Daten: {fmt_date(as_of)}). "
                          f"Bitte ein Jahr bis {as_of.year} wählen.")
    day = min(dt.date(year, 12, 31), as_of)
    doc = Document(title=f"Jahresbericht {year}", subtitle="Integrationsmanagement – Verwendungsnachweis",
                   stand=stand, day=day)
    overview = services.overview(session, settings, day)
    doc.add(sections.cover(doc, overview, f"Berichtsjahr {year}, Stichtag {fmt_date(day)}"))
    doc.add(sections.kpis(overview, settings))
    doc.add(sections.caseload_year(caseload(session, settings, day), year, settings))
    doc.add(sections.area_map(map_view(session, settings, day=day)))
    doc.add(sections.staffing(staffing_report.staffing(session, settings, day)))
    doc.add(sections.funds(funds_report.page_figures(session, settings, year)))
    doc.add(sections.volunteering(volunteering_report.volunteering(session, settings, day)))
    content, pages = doc.build()
    return ReportFile(content, f"jahresbericht-{year}.pdf", pages)


def meeting_pack(session: Session, settings: Settings, day: dt.date, body: str = "steering",
                 scenario_ids: list[int] | None = None) -> ReportFile:
    """Sitzungsunterlage for a meeting on `day`: the figures at that date and up to three saved
    scenarios side by side (each on its own frozen baseline)."""
    stand = _stand(session)
    if body not in MEETING_BODIES:
        raise ReportError(f"Unbekanntes Gremium „{body}“; möglich: {', '.join(MEETING_BODIES)}.")
    as_of = stand.as_of
    figures_day = min(day, as_of)
    doc = Document(title=f"Sitzungsunterlage {MEETING_BODIES[body]}", subtitle=f"Sitzung am {fmt_date(day)}",
                   stand=stand, day=figures_day)
    overview = services.overview(session, settings, figures_day)
    doc.add(sections.cover(doc, overview, f"Zahlen zum {fmt_date(figures_day)}"))
    doc.add(sections.kpis(overview, settings))
    doc.add(sections.caseload_year(caseload(session, settings, figures_day), figures_day.year, settings))
    doc.add(sections.area_map(map_view(session, settings, day=figures_day)))
    doc.add(sections.funds(funds_report.page_figures(session, settings, figures_day.year)))
    doc.add(sections.volunteering(volunteering_report.volunteering(session, settings, figures_day)))
    doc.add(sections.staffing(staffing_report.staffing(session, settings, figures_day)))
    if scenario_ids:
        chosen = scenario_report.compared(session, scenario_ids)
        if len(chosen) != len(set(scenario_ids[:3])):
            raise ReportError("Mindestens eines der gewählten Szenarien gibt es nicht (mehr) oder es verschiebt "
                              "einen Stadtteil mit ausgeblendeter Fallzahl. Bitte die Auswahl prüfen "
                              "(höchstens drei).")
        doc.add(sections.scenarios(chosen, scenario_report.comparison_rows(chosen)))
    content, pages = doc.build()
    return ReportFile(content, f"sitzungsunterlage-{slug(MEETING_BODIES[body])}-{day.isoformat()}.pdf", pages)
