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

    try:
        with data_session(settings) as session:
            from dashboard.services.caseload import caseload
            from dashboard.services.serialize import jsonable

            figures = jsonable(services.overview(session, settings, args.date))
            detail = jsonable(caseload(session, settings, args.date))
            figures["caseload"] = {k: detail[k] for k in ("social_areas", "districts", "history",
                                                          "horizon", "overdue", "ages", "plan", "threshold")}
            from dashboard.services import funds as funds_report
            from dashboard.services import staffing as staffing_report
            from dashboard.services import volunteering as volunteering_report

            day = dt.date.fromisoformat(figures["as_of"])
            plan = staffing_report.staffing(session, settings, day)
            figures["stellenplan"] = {k: jsonable(getattr(plan, k)) for k in (
                "positions", "by_provider", "total", "shared", "funding", "checks", "costs")}
            ledger = funds_report.page_figures(session, settings, day.year)
            figures["funds"]["ledger"] = jsonable(ledger.ledger)
            figures["volunteering"].update(jsonable(volunteering_report.summary(session, settings, day)))
            from dashboard.services.county_summary import county_summaries

            figures["landkreise"] = county_summaries(session, settings)  # a new key last: the city's stay as they were
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


COMMANDS = {"kpis": cmd_kpis}
