"""`im-cockpit user add|passwd|disable|enable|list`, and the demo users `make run` creates.

Passwords are read without echo (or from stdin with --password-stdin, for scripts) and checked
against the password policy; only argon2id hashes are stored. Every change is in the audit log.
"""

from __future__ import annotations

import getpass
import secrets
import sys

from dashboard.cli.common import write_session
from dashboard.model.vocabulary import ROLE_LABELS
from dashboard.settings import Settings

CLI_ACTOR = "cli"
# one demo user per role (demo only; `make run` prints their passwords once)
DEMO_USERS = [("admin", "admin", None), ("steuerung", "steering", None), ("awo", "provider", "awo"),
              ("caritas", "provider", "caritas"), ("diakonie", "provider", "diakonie"), ("lesen", "viewer", None)]
# the Landkreis and the Verbund's lead Gemeinde (seed 003), where the demo holds them
DEMO_AREA_USERS = [("kreis", "county", "Landkreis Heilbronn"), ("brackenheim", "municipality", "08125013")]


def add_parsers(sub) -> None:
    user = sub.add_parser("user", help="Benutzer verwalten")
    actions = user.add_subparsers(dest="user_command", required=True, metavar="AKTION")
    add = actions.add_parser("add", help="Benutzer anlegen")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[str(r) for r in ROLE_LABELS], help="Rolle")
    add.add_argument("--provider", help="Träger-Kürzel (nur Rolle provider), z. B. awo")
    add.add_argument("--kreis", help="Landkreis (nur Rolle county): Name oder Kürzel, z. B. „Landkreis Heilbronn“")
    add.add_argument("--gemeinde", help="Gemeinde (nur Rolle municipality): Name oder AGS, z. B. 08125074")
    add.add_argument("--password-stdin", action="store_true", help="Passwort von der Standardeingabe lesen")
    passwd = actions.add_parser("passwd", help="Passwort ändern (beendet offene Sitzungen)")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true", help="Passwort von der Standardeingabe lesen")
    for name, text in (("disable", "Benutzer sperren (beendet offene Sitzungen)"), ("enable", "wieder freigeben")):
        actions.add_parser(name, help=text).add_argument("username")
    actions.add_parser("list", help="Benutzer auflisten")


def _password(args) -> str | None:
    from dashboard.auth.passwords import policy_problems  # the web app's package: not for every command

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Neues Passwort: ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            print("Die beiden Eingaben stimmen nicht überein; nichts geändert.", file=sys.stderr)
            return None
    problems = policy_problems(password, args.username)
    if problems:
        print("Passwort abgelehnt: " + " ".join(problems), file=sys.stderr)
        return None
    return password


def cmd_user(args, settings: Settings) -> int:
    from dashboard.auth.passwords import hash_password
    from data import users

    password = None
    if args.user_command in ("add", "passwd"):
        password = _password(args)
        if password is None:
            return 1
    try:
        with write_session(settings) as session:
            if args.user_command == "list":
                for user in users.all_users(session):
                    state = "aktiv" if user.active else "gesperrt"
                    owner = user.provider.code if user.provider else None
                    area = user.county or user.municipality
                    provider = f" ({owner or area.name})" if owner or area else ""
                    print(f"{user.username:<24} {ROLE_LABELS[user.role.value]}{provider}, {state}")
                return 0
            if args.user_command == "add":
                users.add(session, args.username, hash_password(password), args.role,
                          provider_code=args.provider, actor=CLI_ACTOR, area=args.kreis or args.gemeinde)
                print(f"Benutzer „{args.username}“ angelegt.")
            elif args.user_command == "passwd":
                users.set_password(session, args.username, hash_password(password), actor=CLI_ACTOR)
                print(f"Passwort von „{args.username}“ geändert; offene Sitzungen sind beendet.")
            else:
                users.set_active(session, args.username, args.user_command == "enable", actor=CLI_ACTOR)
                print(f"Benutzer „{args.username}“ " + ("freigegeben." if args.user_command == "enable"
                                                       else "gesperrt; offene Sitzungen sind beendet."))
    except users.UserError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    return 0


def create_demo_users(session) -> list[tuple[str, str, str]]:
    """Demo users with fresh random passwords (demo only); returns (username, role, password) once."""
    from dashboard.auth.passwords import hash_password
    from data import users

    created = []
    wanted = [(n, r, p, None) for n, r, p in DEMO_USERS] + [(n, r, None, a) for n, r, a in DEMO_AREA_USERS]
    for name, role, provider, area in wanted:
        if users.find(session, name) is None:
            password = "-".join(secrets.token_urlsafe(4) for _ in range(3))
            try:
                with session.begin_nested():
                    users.add(session, name, hash_password(password), role, provider_code=provider, actor="demo",
                              area=area)
            except users.UserError:  # the demo of this scale has no such Kreis or Gemeinde
                continue
            created.append((name, role, password))
    return created


def print_demo_users(created: list[tuple[str, str, str]]) -> None:
    if not created:
        return
    print("\nDemo-Zugänge (nur Demo; die Passwörter werden nur jetzt angezeigt):")
    for name, role, password in created:
        print(f"  {name:<11} {password:<20} {ROLE_LABELS[role]}")
    print()


COMMANDS = {"user": cmd_user}
