"""`im-cockpit demo [--reset | --if-empty] [--date] [--scale heilbronn|land]`, `setup heilbronn [--date]` and `setup landkreis KREIS
[--date]`: data for an empty database — the synthetic demo (with one demo user per role), the real
Heilbronn structure, or a real Landkreis (its Gemeinden from the reference files, no survey counts, no funds)."""

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
    demo.add_argument("--scale", choices=["heilbronn", "land"], default="heilbronn",
                      help="heilbronn: Stadt und Landkreis Heilbronn (Standard); land: synthetisches Land im "
                           "Baden-Württemberg-Maßstab (44 Kreise, 1.101 Bezirke, rund 99.000 aktive Fälle) für Messungen")

    setup = sub.add_parser("setup", help="Grundstruktur (Träger, Gebiete, Einzugsgebiete, Stellenplan) in eine "
                                         "leere Datenbank laden – Start einer echten Installation, ohne Demodaten")
    setup.add_argument("territory", choices=["heilbronn", "landkreis"],
                       help="heilbronn: Stadt Heilbronn mit Landkreis; landkreis: nur ein Landkreis (KREIS angeben)")
    setup.add_argument("kreis", nargs="?", metavar="KREIS",
                       help="bei „landkreis“: heilbronn oder loerrach (Gemeinden aus den Referenzdaten)")
    setup.add_argument("--date", type=iso_date, help="Stand (Standard: heute)")


def cmd_demo(args, settings: Settings) -> int:
    from data import demo, demo_land, installation
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
        if getattr(args, "scale", "heilbronn") == "land":
            demo_land.load_land_demo(session, day)
        else:
            demo.load_demo(session, day, funds_per_year=settings.project_funds_per_year)
        from geo.store import ensure_schematic

        ensure_schematic(session)  # the map's default shapes, stored once
        created = users.create_demo_users(session)
    scope = " (Baden-Württemberg-Maßstab, synthetisch)" if getattr(args, "scale", "heilbronn") == "land" else ""
    print(f"Demodaten{scope} mit Stichtag {fmt_date(day)} geladen.")
    users.print_demo_users(created)
    return 0


def _kreis_or_message(given: str | None) -> tuple[str | None, str | None]:
    from data.reference_files import KREISE, slug

    choices = ", ".join(f"{k} ({v.name})" for k, v in KREISE.items())
    if not given:
        return None, f"Bitte den Landkreis angeben, z. B. `im-cockpit setup landkreis loerrach`. Möglich: {choices}."
    key = slug(given).removeprefix("landkreis-").replace("-", "")
    if key not in KREISE:
        return None, (f"Den Landkreis „{given}“ gibt es in den Referenzdaten nicht. Möglich: {choices}, "
                      "z. B. `im-cockpit setup landkreis loerrach`.")
    return key, None


def cmd_setup(args, settings: Settings) -> int:
    from data import installation
    from data.migrate import upgrade
    from geo.store import ensure_schematic

    if args.territory == "landkreis":
        return _setup_county(args, settings)
    if args.kreis:
        print(f"„{args.kreis}“: `setup heilbronn` nimmt keinen Landkreis an; für einen einzelnen Landkreis "
              "`im-cockpit setup landkreis heilbronn` oder `… landkreis loerrach`.", file=sys.stderr)
        return 2
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


def _setup_county(args, settings: Settings) -> int:
    from data import installation
    from data.county_structure import load_county_structure
    from data.migrate import upgrade
    from geo.store import ensure_schematic

    key, problem = _kreis_or_message(args.kreis)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    with write_session(settings) as session:
        if not installation.is_empty(session):
            print("Die Datenbank enthält bereits Daten; `setup` lädt den Landkreis nur in eine leere "
                  "Datenbank. Es wurde nichts verändert.", file=sys.stderr)
            return 1
        kreis = load_county_structure(session, key, args.date or dt.date.today())
        ensure_schematic(session)
        count = len(kreis.gemeinden())
    structure = (" mit der Struktur der Kooperationsvereinbarung vom 17.05.2018 (wer IM wo erbringt)"
                 if key == "loerrach" else "")
    print(f"{kreis.name} mit {count} Gemeinden geladen{structure}. Erhebungszahlen und Landesmittel kommen per "
          "Import (Seite „Import“: „Erhebung Zielgruppe“, „Landesmittel des Kreises“). Ersten Benutzer "
          "anlegen: im-cockpit user add NAME --role admin")
    return 0


COMMANDS = {"demo": cmd_demo, "setup": cmd_setup}
