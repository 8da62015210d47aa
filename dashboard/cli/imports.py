"""`im-cockpit import DATEI [--kind] [--dry-run] [--provider] [--template ART]` and `export --all DATEI`:
file imports and the full export (which the import reads back).

Exit codes: 0 ok (also a clean dry run), 1 the file was refused (the German report on stderr names
file, row, column, value and fix), 2 invalid arguments.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from dashboard.cli.common import cli_actor, read_session, session_factory
from dashboard.model.formatting import fmt_date
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    from data.imports.kinds import KINDS

    imp = sub.add_parser("import", help="Datei importieren (CSV/XLSX): Fälle, Fallzahlen, Stellen, Projekte, Projektmittel")
    imp.add_argument("file", metavar="DATEI", nargs="?", help="CSV- oder XLSX-Datei (auch ein Gesamtexport)")
    imp.add_argument("--kind", choices=list(KINDS), help="Datenart (Standard: an den Spalten erkennen)")
    imp.add_argument("--dry-run", action="store_true", help="nur prüfen und Vorschau zeigen, nichts schreiben")
    imp.add_argument("--provider", help="als Träger importieren (nur dessen Zeilen erlaubt), z. B. awo")
    imp.add_argument("--template", metavar="ART", choices=list(KINDS),
                     help="statt zu importieren: leere Vorlage (XLSX) dieser Art nach DATEI schreiben")
    exp = sub.add_parser("export", help="Gesamtexport als XLSX (ein Blatt je Datenart; vom Import lesbar)")
    exp.add_argument("--all", action="store_true", required=True, help="alle Daten (ein Blatt je Datenart)")
    exp.add_argument("file", metavar="DATEI", help="Zieldatei .xlsx (wird nicht überschrieben)")


def cmd_import(args, settings: Settings) -> int:
    from data import db
    from data.imports import engine as import_engine
    from data.imports.kinds import Refs
    from data.imports.workbook import template

    if not args.file:
        print("Bitte die Datei angeben: im-cockpit import DATEI [--kind …] [--dry-run]", file=sys.stderr)
        return 2
    path = Path(args.file)
    # the import engine owns its transaction (a dry run is the same run, rolled back): it gets the factory
    with session_factory(settings) as sessions:
        if args.template:
            if path.exists():
                print(f"{path} gibt es schon; bitte einen neuen Dateinamen angeben.", file=sys.stderr)
                return 1
            with db.read_session(sessions) as session:
                path.write_bytes(template(args.template, Refs.load(session)))
            print(f"Vorlage geschrieben: {path}")
            return 0
        if not path.is_file():
            print(f"Datei {path} nicht gefunden.", file=sys.stderr)
            return 1
        report = import_engine.import_file(
            sessions, path.read_bytes(), path.name, kind=args.kind, scope=args.provider, source="cli",
            actor=cli_actor(), commit=not args.dry_run, max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows)
    for row in report.rows:
        if row.status in ("new", "updated"):
            detail = f" ({'; '.join(row.changes)})" if row.changes else ""
            print(f"  Zeile {row.row}: {import_engine.STATUS_TEXT[row.status]} – {row.key}{detail}")
    for message in report.messages():
        print(message, file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def cmd_export(args, settings: Settings) -> int:
    from data.imports.workbook import export_all

    path = Path(args.file)
    if path.exists():
        print(f"{path} gibt es schon; bitte einen neuen Dateinamen angeben.", file=sys.stderr)
        return 1
    with read_session(settings) as session:
        path.write_bytes(export_all(session))
    print(f"Gesamtexport geschrieben: {path} ({fmt_date(dt.date.today())}).")
    return 0


COMMANDS = {"import": cmd_import, "export": cmd_export}
