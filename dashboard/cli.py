"""Command line: `im-cockpit serve | demo | db | kpis | user | geo | report | backup | restore` (German messages, exit codes).

Exit codes: 0 ok, 1 the command failed (message on stderr), 2 invalid settings or arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from sqlalchemy.exc import OperationalError

from dashboard import cli_imports, cli_users
from dashboard.model.formatting import fmt_date, fmt_number
from dashboard.settings import Settings, SettingsError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{value}“ ist kein Datum im Format JJJJ-MM-TT (z. B. 2026-11-22)."
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="im-cockpit", description="IM-Cockpit: Steuerung des Integrationsmanagements")
    sub = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")

    serve = sub.add_parser("serve", help="Dashboard starten (Entwicklungsserver; --prod: gunicorn)")
    serve.add_argument("--host", help="Adresse (Standard: IMC_HOST oder 127.0.0.1)")
    serve.add_argument("--port", type=int, help="Port (Standard: IMC_PORT oder 8050)")
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument("--debug", action="store_true", help="Dash-Debugmodus (nur lokal)")
    mode.add_argument("--prod", action="store_true",
                      help="Produktionsbetrieb mit gunicorn (IMC_WORKERS Prozesse × IMC_THREADS Threads)")
    serve.add_argument("--workers", type=int, help="Anzahl Prozesse (nur mit --prod; Standard: IMC_WORKERS oder 3)")

    demo = sub.add_parser("demo", help="Demodaten (Stadt Heilbronn) laden")
    demo.add_argument("--reset", action="store_true", help="vorhandene Daten zuerst löschen")
    demo.add_argument("--if-empty", action="store_true",
                      help="nur laden, wenn die Datenbank leer ist (sonst nichts tun)")
    demo.add_argument("--date", type=_date, help="Stichtag der Demodaten (Standard: heute)")

    setup = sub.add_parser("setup", help="Grundstruktur (Träger, Gebiete, Einzugsgebiete, Stellenplan) in eine "
                                         "leere Datenbank laden – Start einer echten Installation, ohne Demodaten")
    setup.add_argument("territory", choices=["heilbronn"], help="Gebiet (bisher: heilbronn)")
    setup.add_argument("--date", type=_date, help="Stand (Standard: heute)")
    db = sub.add_parser("db", help="Datenbank-Migrationen")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="AKTION")
    db_sub.add_parser("upgrade", help="auf den neuesten Stand migrieren")
    down = db_sub.add_parser("downgrade", help="auf eine ältere Revision zurück")
    down.add_argument("revision", help="Ziel-Revision, z. B. base")
    db_sub.add_parser("current", help="aktuelle Revision anzeigen")

    kpis = sub.add_parser("kpis", help="Kennzahlen der Übersicht ausgeben")
    kpis.add_argument("--json", action="store_true", help="als JSON (Standard: Text)")
    kpis.add_argument("--date", type=_date, help="Stichtag (Standard: Stand der Daten)")
    report = sub.add_parser("report", help="PDF-Bericht: Jahresbericht (--year) oder Sitzungsunterlage (--meeting)")
    kind = report.add_mutually_exclusive_group(required=True)
    kind.add_argument("--year", type=int, help="Jahresbericht / Verwendungsnachweis für dieses Jahr")
    kind.add_argument("--meeting", type=_date, help="Sitzungsunterlage für die Sitzung an diesem Tag (JJJJ-MM-TT)")
    report.add_argument("--body", choices=["steering", "coordination"], default="steering",
                        help="Gremium der Sitzung: Steuerungsgremium (steering) oder Koordinierungskreis (coordination)")
    report.add_argument("--scenario", type=int, action="append", metavar="ID",
                        help="gespeichertes Szenario für die Sitzungsunterlage (bis zu dreimal)")
    report.add_argument("--out", required=True, metavar="DATEI", help="Zieldatei (.pdf)")
    backup = sub.add_parser("backup", help="Datenbank sichern (SQLite: Online-Sicherung; PostgreSQL: pg_dump)")
    backup.add_argument("file", metavar="DATEI", help="Zieldatei (wird nie überschrieben)")
    restore = sub.add_parser("restore", help="Datenbank aus einer Sicherung wiederherstellen (ersetzt alle Daten)")
    restore.add_argument("file", metavar="DATEI", help="mit `im-cockpit backup` erstellte Sicherung")
    restore.add_argument("--yes", action="store_true", help="ohne Rückfrage (für Skripte)")
    cli_users.add_parsers(sub)
    _add_geo_parser(sub)

    scenario = sub.add_parser("scenario", help="Szenarien (Was-wäre-wenn) rechnen")
    scenario_sub = scenario.add_subparsers(dest="scenario_command", required=True, metavar="AKTION")
    scenario_run = scenario_sub.add_parser("run", help="eine Szenariodatei (JSON) rechnen")
    scenario_run.add_argument("file", metavar="DATEI.json", help="Szenariodatei, wie die Seite sie speichert")
    scenario_run.add_argument("--json", action="store_true", help="Ergebnis als JSON (Standard: Text)")
    scenario_new = scenario_sub.add_parser("new", help="Szenariodatei mit der Ausgangslage aus der "
                                                        "Datenbank ausgeben (ohne Änderungen)")
    scenario_new.add_argument("--date", type=_date, help="Stichtag (Standard: Stand der Daten)")
    scenario_new.add_argument("--name", default="Ausgangslage", help="Name des Szenarios")
    cli_imports.add_parsers(sub)
    return parser


def _add_geo_parser(sub) -> None:
    geo = sub.add_parser("geo", help="Karten: amtliche Grenzen importieren")
    geo_sub = geo.add_subparsers(dest="geo_command", required=True, metavar="AKTION")
    imp = geo_sub.add_parser("import", help="Grenzdatei (GeoJSON, GeoPackage, gezipptes Shapefile) importieren")
    imp.add_argument("file", metavar="DATEI", help="Pfad der Grenzdatei, Koordinatensystem beliebig")
    imp.add_argument("--level", choices=["district", "municipality"], default="district",
                     help="district = Planungsbezirke (Standard), municipality = Gemeinden")
    imp.add_argument("--name-column", metavar="SPALTE", help="Spalte mit den Namen (sonst automatisch)")
    imp.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"Fehler in der Konfiguration: {error}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args, settings)
    except OperationalError as error:
        print(f"Die Datenbank ist nicht erreichbar ({settings.database_url.split('@')[-1]}): "
              f"{error.orig}. Läuft der Datenbankserver, und stimmt DATABASE_URL?", file=sys.stderr)
        return 1


def cmd_serve(args, settings: Settings) -> int:
    host, port = args.host or settings.host, args.port or settings.port
    if args.prod:
        from dataclasses import replace

        from dashboard.serving import ProductionServer

        settings = replace(settings, host=host, port=port, workers=args.workers or settings.workers)
        print(f"IM-Cockpit (gunicorn, {settings.workers} Prozesse × {settings.threads} Threads) "
              f"auf http://{host}:{port}")
        ProductionServer(settings).run()
        return 0
    if args.workers:
        print("--workers gilt nur zusammen mit --prod.", file=sys.stderr)
        return 2
    from dashboard.app import create_app

    app = create_app(settings)
    print(f"IM-Cockpit läuft auf http://{host}:{port}  (Beenden mit Strg+C)")
    app.run(host=host, port=port, debug=args.debug)
    return 0


def cmd_demo(args, settings: Settings) -> int:
    from data import demo, installation
    from data.db import make_engine, make_session_factory, transaction
    from data.migrate import upgrade

    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    day = args.date or dt.date.today()
    try:
        with transaction(make_session_factory(engine)) as session:
            if not installation.is_empty(session):
                if args.if_empty:
                    print("Datenbank enthält bereits Daten – Demodaten werden nicht geladen.")
                    return 0
                if not args.reset:
                    print("Die Datenbank enthält bereits Daten. Mit `im-cockpit demo --reset` "
                          "werden alle Daten gelöscht und durch Demodaten ersetzt.", file=sys.stderr)
                    return 1
                installation.clear(session)
            demo.load_demo(session, day, funds_per_year=settings.project_funds_per_year)
            from geo.store import ensure_schematic

            ensure_schematic(session)  # the map's default shapes, stored once
            created = cli_users.create_demo_users(session)
    finally:
        engine.dispose()
    print(f"Demodaten mit Stichtag {fmt_date(day)} geladen.")
    cli_users.print_demo_users(created)
    return 0


def cmd_setup(args, settings: Settings) -> int:
    from data import installation
    from data.db import make_engine, make_session_factory, transaction
    from data.migrate import upgrade
    from geo.store import ensure_schematic

    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            if not installation.is_empty(session):
                print("Die Datenbank enthält bereits Daten; `setup` lädt die Grundstruktur nur in eine leere "
                      "Datenbank. Es wurde nichts verändert.", file=sys.stderr)
                return 1
            installation.load_structure(session, args.date or dt.date.today())
            ensure_schematic(session)
    finally:
        engine.dispose()
    print("Grundstruktur Stadt Heilbronn geladen (Träger, Sozialräume, Planungsbezirke, Gemeinden des Landkreises, "
          "Einzugsgebiete, Stellenplan der Konzeption). Fälle, Projekte und Buchungen kommen per Import "
          "(`im-cockpit import`, Seite „Import“). Ersten Benutzer anlegen: im-cockpit user add NAME --role admin")
    return 0


def cmd_db(args, settings: Settings) -> int:
    from data import migrate

    if args.db_command == "upgrade":
        migrate.upgrade(settings.database_url)
        print("Datenbank ist auf dem neuesten Stand.")
    elif args.db_command == "downgrade":
        migrate.downgrade(settings.database_url, args.revision)
        print(f"Datenbank auf Revision {args.revision} zurückgesetzt.")
    else:
        heads = migrate.current_heads(settings.database_url)
        print(", ".join(sorted(heads)) or "keine (leere Datenbank)")
    return 0


def cmd_kpis(args, settings: Settings) -> int:
    from dashboard import services
    from dashboard.cli_common import NoData, data_session, report_no_data
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
            figures["stellenplan"] = {k: plan[k] for k in ("positions", "by_provider", "total", "shared",
                                                           "funding", "checks", "costs")}
            ledger = funds_report.page_figures(session, settings, day.year)
            figures["funds"]["ledger"] = ledger["ledger"]
            figures["volunteering"].update(volunteering_report.summary(session, settings, day))
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


def cmd_report(args, settings: Settings) -> int:
    import getpass
    from pathlib import Path

    from dashboard.pdf import ReportError, annual_report, meeting_pack
    from data import audit
    from data.db import make_engine, make_session_factory, transaction

    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            try:
                report = (annual_report(session, settings, args.year) if args.year
                          else meeting_pack(session, settings, args.meeting, args.body, args.scenario))
            except ReportError as error:
                print(f"Bericht nicht erstellt: {error}", file=sys.stderr)
                return 1
            audit.record(session, f"cli:{getpass.getuser()}", "report", report.filename, {"pages": report.pages})
    finally:
        engine.dispose()
    Path(args.out).write_bytes(report.content)
    print(f"{report.filename}: {report.pages} Seiten geschrieben nach {args.out}.")
    return 0


def cmd_backup(args, settings: Settings) -> int:
    from data.backup import BackupError, backup

    try:
        info = backup(settings.database_url, args.file)
    except BackupError as error:
        print(f"Sicherung nicht möglich: {error}", file=sys.stderr)
        return 1
    print(f"Sicherung geschrieben: {info.path} ({fmt_number(info.size_bytes / 1e6, 1)} MB, Schema-Revision {info.revision}).")
    return 0


def cmd_restore(args, settings: Settings) -> int:
    import getpass

    from data.backup import BackupError, restore

    if not args.yes:
        answer = input("Alle Daten der Datenbank werden durch die Sicherung ersetzt. Fortfahren? [ja/nein] ")
        if answer.strip().lower() not in ("ja", "j"):
            print("Abgebrochen; nichts wurde verändert.")
            return 1
    try:
        info = restore(settings.database_url, args.file, actor=f"cli:{getpass.getuser()}")
    except BackupError as error:
        print(f"Wiederherstellung nicht möglich: {error} Die Daten der Datenbank sind unverändert.",
              file=sys.stderr)
        return 1
    # the backup was migrated to the current schema in the scratch database before the swap
    print(f"Datenbank aus {info.path} wiederhergestellt. Geöffnete Seiten zeigen die Daten binnen einer Minute.")
    return 0


def cmd_geo(args, settings: Settings) -> int:
    """`geo import`: all or nothing; the German report goes to stdout (ok) or stderr (errors)."""
    from data.db import make_engine, make_session_factory, transaction
    from geo.store import import_file

    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            report = import_file(session, args.file, args.level, name_column=args.name_column,
                                 dry_run=args.dry_run, actor="cli")  # writes nothing on errors
    finally:
        engine.dispose()
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_scenario(args, settings: Settings) -> int:
    from dashboard import cli_scenarios

    return cli_scenarios.cmd_scenario(args, settings)


COMMANDS = {"serve": cmd_serve, "demo": cmd_demo, "setup": cmd_setup, "db": cmd_db, "kpis": cmd_kpis, "user": cli_users.cmd_user,
            "geo": cmd_geo, "report": cmd_report, "backup": cmd_backup, "restore": cmd_restore,
            "scenario": cmd_scenario, "import": cli_imports.cmd_import, "export": cli_imports.cmd_export,
            "token": cli_imports.cmd_token}
