"""`im-cockpit report --year J | --meeting TAG [--body] [--scenario ID …] | --landkreis J [--kreis CODE]
--out DATEI`: a PDF report (Jahresbericht, Sitzungsunterlage or the Gesamtverwendungsnachweis of a
Landkreis), recorded in the audit log."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.cli.common import cli_actor, iso_date, write_session
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    report = sub.add_parser("report", help="PDF-Bericht: Jahresbericht (--year) oder Sitzungsunterlage (--meeting)")
    kind = report.add_mutually_exclusive_group(required=True)
    kind.add_argument("--year", type=int, help="Jahresbericht / Verwendungsnachweis für dieses Jahr")
    kind.add_argument("--meeting", type=iso_date, help="Sitzungsunterlage für die Sitzung an diesem Tag (JJJJ-MM-TT)")
    kind.add_argument("--landkreis", type=int, metavar="JAHR",
                      help="Gesamtverwendungsnachweis des Landkreises für dieses Jahr")
    report.add_argument("--kreis", metavar="CODE", help="Code des Landkreises (ohne: der erste angelegte)")
    report.add_argument("--body", choices=["steering", "coordination"], default="steering",
                        help="Gremium der Sitzung: Steuerungsgremium (steering) oder Koordinierungskreis (coordination)")
    report.add_argument("--scenario", type=int, action="append", metavar="ID",
                        help="gespeichertes Szenario für die Sitzungsunterlage (bis zu dreimal)")
    report.add_argument("--out", required=True, metavar="DATEI", help="Zieldatei (.pdf)")


def cmd_report(args, settings: Settings) -> int:
    from dashboard.pdf import ReportError, annual_report, county_use_report, meeting_pack
    from data import audit

    with write_session(settings) as session:
        try:
            if args.landkreis:
                report = county_use_report(session, settings, args.landkreis, args.kreis)
            elif args.year:
                report = annual_report(session, settings, args.year)
            else:
                report = meeting_pack(session, settings, args.meeting, args.body, args.scenario)
        except ReportError as error:
            print(f"Bericht nicht erstellt: {error}", file=sys.stderr)
            return 1
        audit.record(session, cli_actor(), "report", report.filename, {"pages": report.pages})
    Path(args.out).write_bytes(report.content)
    print(f"{report.filename}: {report.pages} Seiten geschrieben nach {args.out}.")
    return 0


COMMANDS = {"report": cmd_report}
