"""`im-cockpit import | export | token`: file imports, the full export and the Träger's API tokens.

Exit codes: 0 ok (also a clean dry run), 1 the file was refused (the German report on stderr names
file, row, column, value and fix), 2 invalid arguments.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path

from dashboard.model.formatting import fmt_date, fmt_datetime
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
    token = sub.add_parser("token", help="API-Tokens der Träger verwalten")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="AKTION")
    add = actions.add_parser("add", help="Token anlegen (wird einmal angezeigt)")
    add.add_argument("--provider", required=True, help="Träger-Kürzel, z. B. awo")
    add.add_argument("--name", required=True, help="wofür, z. B. „Fachverfahren AWO“")
    actions.add_parser("revoke", help="Token sperren").add_argument("id", type=int)
    actions.add_parser("list", help="Tokens auflisten")


def _sessions(settings: Settings):
    from data.db import make_engine, make_session_factory

    engine = make_engine(settings.database_url)
    return engine, make_session_factory(engine)


def cmd_import(args, settings: Settings) -> int:
    from data.db import read_session
    from data.imports import engine as import_engine
    from data.imports.kinds import Refs
    from data.imports.workbook import template

    if not args.file:
        print("Bitte die Datei angeben: im-cockpit import DATEI [--kind …] [--dry-run]", file=sys.stderr)
        return 2
    path = Path(args.file)
    engine, sessions = _sessions(settings)
    try:
        if args.template:
            if path.exists():
                print(f"{path} gibt es schon; bitte einen neuen Dateinamen angeben.", file=sys.stderr)
                return 1
            with read_session(sessions) as session:
                path.write_bytes(template(args.template, Refs.load(session)))
            print(f"Vorlage geschrieben: {path}")
            return 0
        if not path.is_file():
            print(f"Datei {path} nicht gefunden.", file=sys.stderr)
            return 1
        report = import_engine.import_file(
            sessions, path.read_bytes(), path.name, kind=args.kind, scope=args.provider, source="cli",
            actor=f"cli:{getpass.getuser()}", commit=not args.dry_run, max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows)
    finally:
        engine.dispose()
    for row in report.rows:
        if row.status in ("new", "updated"):
            detail = f" ({'; '.join(row.changes)})" if row.changes else ""
            print(f"  Zeile {row.row}: {import_engine.STATUS_TEXT[row.status]} – {row.key}{detail}")
    for message in report.messages():
        print(message, file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def cmd_export(args, settings: Settings) -> int:
    from data.db import read_session
    from data.imports.workbook import export_all

    path = Path(args.file)
    if path.exists():
        print(f"{path} gibt es schon; bitte einen neuen Dateinamen angeben.", file=sys.stderr)
        return 1
    engine, sessions = _sessions(settings)
    try:
        with read_session(sessions) as session:
            path.write_bytes(export_all(session))
    finally:
        engine.dispose()
    print(f"Gesamtexport geschrieben: {path} ({fmt_date(dt.date.today())}).")
    return 0


def cmd_token(args, settings: Settings) -> int:
    from data import tokens
    from data.db import read_session, transaction

    actor = f"cli:{getpass.getuser()}"
    engine, sessions = _sessions(settings)
    try:
        if args.token_command == "list":
            with read_session(sessions) as session:
                rows = tokens.all_tokens(session)
            for t in rows:
                state = f"gesperrt am {fmt_date(t['revoked_at'])}" if t["revoked_at"] else "aktiv"
                used = f", zuletzt benutzt {fmt_datetime(t['last_used_at'])}" if t["last_used_at"] else ""
                print(f"{t['id']:>4}  {t['provider']:<10} {t['name']}  ({state}{used})")
            if not rows:
                print("Keine Tokens angelegt.")
            return 0
        try:
            with transaction(sessions) as session:
                if args.token_command == "add":
                    record, token = tokens.create(session, provider_code=args.provider, name=args.name, actor=actor)
                    print(f"Token {record.id} für {args.provider} angelegt. Er wird nur jetzt angezeigt – bitte "
                          "sicher weitergeben:")
                    print(token)
                else:
                    tokens.revoke(session, args.id, actor=actor)
                    print(f"Token {args.id} gesperrt.")
        except tokens.TokenError as error:
            print(str(error), file=sys.stderr)
            return 1
    finally:
        engine.dispose()
    return 0
