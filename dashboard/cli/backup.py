"""`im-cockpit backup DATEI` and `restore DATEI [--yes]`: the whole database to a file and back (the
backup is checked and migrated in a scratch database before it replaces anything)."""

from __future__ import annotations

import sys

from dashboard.cli.common import cli_actor
from dashboard.model.formatting import fmt_number
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    backup = sub.add_parser("backup", help="Datenbank sichern (SQLite: Online-Sicherung; PostgreSQL: pg_dump)")
    backup.add_argument("file", metavar="DATEI", help="Zieldatei (wird nie überschrieben)")
    restore = sub.add_parser("restore", help="Datenbank aus einer Sicherung wiederherstellen (ersetzt alle Daten)")
    restore.add_argument("file", metavar="DATEI", help="mit `im-cockpit backup` erstellte Sicherung")
    restore.add_argument("--yes", action="store_true", help="ohne Rückfrage (für Skripte)")


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
    from data.backup import BackupError, restore

    if not args.yes:
        answer = input("Alle Daten der Datenbank werden durch die Sicherung ersetzt. Fortfahren? [ja/nein] ")
        if answer.strip().lower() not in ("ja", "j"):
            print("Abgebrochen; nichts wurde verändert.")
            return 1
    try:
        info = restore(settings.database_url, args.file, actor=cli_actor())
    except BackupError as error:
        print(f"Wiederherstellung nicht möglich: {error} Die Daten der Datenbank sind unverändert.",
              file=sys.stderr)
        return 1
    # the backup was migrated to the current schema in the scratch database before the swap
    print(f"Datenbank aus {info.path} wiederhergestellt. Geöffnete Seiten zeigen die Daten binnen einer Minute.")
    return 0


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}
