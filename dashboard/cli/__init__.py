"""Command line: `im-cockpit serve | worker | demo | db | kpis | user | geo | report | backup | restore` (German messages, exit codes).

Exit codes: 0 ok, 1 the command failed (message on stderr), 2 invalid settings or arguments.
One module per command group, each with `add_parsers(sub)` and its `COMMANDS`: serve (serve, worker) · installation
(demo, setup) · database (db) · kpis · report · backup (backup, restore) · users (user) · maps (geo) ·
scenarios (scenario) · imports (import, export) · tokens (token); what they share is in `common`
(`write_session` for every command that writes).
"""

from __future__ import annotations

import argparse
import gc
import sys

from sqlalchemy.exc import OperationalError

from dashboard.cli import (
    backup,
    database,
    imports,
    installation,
    kpis,
    maps,
    report,
    scenarios,
    serve,
    tokens,
    users,
)
from dashboard.cli.german import GermanArgumentParser
from dashboard.settings import Settings, SettingsError

# in the order of `im-cockpit --help`
GROUPS = (serve, installation, database, kpis, report, backup, users, maps, scenarios, imports, tokens)
COMMANDS = {name: command for group in GROUPS for name, command in group.COMMANDS.items()}


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="im-cockpit", description="IM-Cockpit: Steuerung des Integrationsmanagements")
    sub = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


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


def run() -> int:
    """The program `im-cockpit` (and `python -m dashboard`): `main`, then a quick exit.

    The collector's objects are frozen before the interpreter shuts down: its passes over every
    object of pandas, NumPy and SQLAlchemy at exit took about 0,2 s of each command (`kpis --json`
    at Land scale 1,8 s). Tests call `main`, whose process goes on.
    """
    code = main()
    gc.freeze()
    return code
