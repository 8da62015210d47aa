"""`im-cockpit geo import DATEI [--level] [--name-column] [--dry-run]`: official boundaries for the map,
all or nothing; the German report goes to stdout (ok) or stderr (errors)."""

from __future__ import annotations

import sys

from dashboard.cli.common import write_session
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    geo = sub.add_parser("geo", help="Karten: amtliche Grenzen importieren")
    geo_sub = geo.add_subparsers(dest="geo_command", required=True, metavar="AKTION")
    imp = geo_sub.add_parser("import", help="Grenzdatei (GeoJSON, GeoPackage, gezipptes Shapefile) importieren")
    imp.add_argument("file", metavar="DATEI", help="Pfad der Grenzdatei, Koordinatensystem beliebig")
    imp.add_argument("--level", choices=["district", "municipality"], default="district",
                     help="district = Planungsbezirke (Standard), municipality = Gemeinden")
    imp.add_argument("--name-column", metavar="SPALTE", help="Spalte mit den Namen (sonst automatisch)")
    imp.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")


def cmd_geo(args, settings: Settings) -> int:
    """`geo import`: all or nothing; the German report goes to stdout (ok) or stderr (errors)."""
    from geo.store import import_file

    with write_session(settings) as session:
        report = import_file(session, args.file, args.level, name_column=args.name_column,
                             dry_run=args.dry_run, actor="cli")  # writes nothing on errors
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


COMMANDS = {"geo": cmd_geo}
