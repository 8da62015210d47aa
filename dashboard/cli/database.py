"""`im-cockpit db upgrade | downgrade REV | current`: the Alembic migrations of DATABASE_URL."""

from __future__ import annotations

from dashboard.settings import Settings


def add_parsers(sub) -> None:
    db = sub.add_parser("db", help="Datenbank-Migrationen")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="AKTION")
    db_sub.add_parser("upgrade", help="auf den neuesten Stand migrieren")
    down = db_sub.add_parser("downgrade", help="auf eine ältere Revision zurück")
    down.add_argument("revision", help="Ziel-Revision, z. B. base")
    db_sub.add_parser("current", help="aktuelle Revision anzeigen")


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


COMMANDS = {"db": cmd_db}
