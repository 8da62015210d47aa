"""`im-cockpit kpis [--json] [--date]`: the overview's figures as a line of text, or everything as JSON
(with `landkreise`: per Landkreis the Land funds, target group, shares per Gemeinde and structure)."""

from __future__ import annotations

import datetime as dt
import json

from dashboard.cli.common import iso_date
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    kpis = sub.add_parser("kpis", help="Kennzahlen der Übersicht ausgeben")
    kpis.add_argument("--json", action="store_true", help="als JSON (Standard: Text)")
    kpis.add_argument("--date", type=iso_date, help="Stichtag (Standard: Stand der Daten)")


def cmd_kpis(args, settings: Settings) -> int:
    from dashboard import services
    from dashboard.cli.common import NoData, data_session, report_no_data
    from dashboard.model.formatting import fmt_eur, fmt_fte, fmt_pct
    from dashboard.services.serialize import jsonable

    try:
        with data_session(settings) as session:
            figures = jsonable(services.overview(session, settings, args.date))
            if args.json:  # the line of text needs the overview only
                _add_details(figures, session, settings, args.date)
    except NoData:
        return report_no_data()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        im = figures["im"]
        print(f"Stichtag {figures['as_of']}: {im['cases']} aktive Fälle, {fmt_fte(im['fte'])} VZÄ, "
              f"Auslastung {fmt_pct(im['utilisation_pct'])} ({im['status']}); "
              f"Projektmittel verbleibend {fmt_eur(figures['funds']['remaining'])}")
    return 0


def _add_details(figures: dict, session, settings: Settings, date: dt.date | None) -> None:
    """The JSON's figures of the other pages, added to the overview's (`figures`, made JSON) in place."""
    from dashboard.services import funds as funds_report
    from dashboard.services import staffing as staffing_report
    from dashboard.services import volunteering as volunteering_report
    from dashboard.services.caseload import caseload
    from dashboard.services.county_summary import county_summaries
    from dashboard.services.serialize import jsonable

    detail = jsonable(caseload(session, settings, date))
    figures["caseload"] = {k: detail[k] for k in ("social_areas", "districts", "history",
                                                  "horizon", "overdue", "ages", "plan", "threshold")}
    day = dt.date.fromisoformat(figures["as_of"])
    plan = staffing_report.staffing(session, settings, day)
    figures["stellenplan"] = {k: jsonable(getattr(plan, k)) for k in (
        "positions", "by_provider", "total", "shared", "funding", "checks", "costs")}
    ledger = funds_report.page_figures(session, settings, day.year)
    figures["funds"]["ledger"] = jsonable(ledger.ledger)
    figures["volunteering"].update(jsonable(volunteering_report.summary(session, settings, day)))
    figures["landkreise"] = county_summaries(session, settings)  # a new key last: the city's stay as they were


COMMANDS = {"kpis": cmd_kpis}
