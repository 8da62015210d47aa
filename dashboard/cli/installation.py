"""`im-cockpit demo [--reset | --if-empty] [--date]` and `setup heilbronn [--date]`: data for an empty
database — the synthetic demo (with one demo user per role), or the real Heilbronn structure."""

from __future__ import annotations

import datetime as dt
import sys

from dashboard.cli import users
from dashboard.cli.common import iso_date, write_session
from dashboard.model.formatting import fmt_date
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    demo = sub.add_parser("demo", help="Demodaten (Stadt Heilbronn) laden")
    demo.add_argument("--reset", action="store_true", help="vorhandene Daten zuerst löschen")
    demo.add_argument("--if-empty", action="store_true",
                      help="nur laden, wenn die Datenbank leer ist (sonst nichts tun)")
    demo.add_argument("--date", type=iso_date, help="Stichtag der Demodaten (Standard: heute)")

    setup = sub.add_parser("setup", help="Grundstruktur (Träger, Gebiete, Einzugsgebiete, Stellenplan) in eine "
                                         "leere Datenbank laden – Start einer echten Installation, ohne Demodaten")
    setup.add_argument("territory", choices=["heilbronn"], help="Gebiet (bisher: heilbronn)")
    setup.add_argument("--date", type=iso_date, help="Stand (Standard: heute)")


def cmd_demo(args, settings: Settings) -> int:
    from data import demo, installation
    from data.migrate import upgrade

    upgrade(settings.database_url)
    day = args.date or dt.date.today()
    with write_session(settings) as session:
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
        created = users.create_demo_users(session)
    print(f"Demodaten mit Stichtag {fmt_date(day)} geladen.")
    users.print_demo_users(created)
    return 0


def cmd_setup(args, settings: Settings) -> int:
    from data import installation
    from data.migrate import upgrade
    from geo.store import ensure_schematic

    upgrade(settings.database_url)
    with write_session(settings) as session:
        if not installation.is_empty(session):
            print("Die Datenbank enthält bereits Daten; `setup` lädt die Grundstruktur nur in eine leere "
                  "Datenbank. Es wurde nichts verändert.", file=sys.stderr)
            return 1
        installation.load_structure(session, args.date or dt.date.today())
        ensure_schematic(session)
    print("Grundstruktur Stadt Heilbronn geladen (Träger, Sozialräume, Planungsbezirke, Gemeinden des Landkreises, "
          "Einzugsgebiete, Stellenplan der Konzeption). Fälle, Projekte und Buchungen kommen per Import "
          "(`im-cockpit import`, Seite „Import“). Ersten Benutzer anlegen: im-cockpit user add NAME --role admin")
    return 0


COMMANDS = {"demo": cmd_demo, "setup": cmd_setup}
