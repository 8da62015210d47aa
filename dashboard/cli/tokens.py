"""`im-cockpit token add --provider|--kreis|--gemeinde --name | revoke ID | list`: ingest API tokens
(a new token is shown once; only its hash is stored)."""

from __future__ import annotations

import sys

from dashboard.cli.common import cli_actor, read_session, write_session
from dashboard.model.formatting import fmt_date, fmt_datetime
from dashboard.settings import Settings


def add_parsers(sub) -> None:
    token = sub.add_parser("token", help="API-Tokens der Träger, Landkreise und Gemeinden verwalten")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="AKTION")
    add = actions.add_parser("add", help="Token anlegen (wird einmal angezeigt)")
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--provider", help="Träger-Kürzel, z. B. awo")
    scope.add_argument("--kreis", help="Landkreis (Name oder Kürzel): schreibt Landesmittel, Erhebung und "
                                       "Aufgabenerledigung des Kreises")
    scope.add_argument("--gemeinde", help="Gemeinde (Name oder AGS): schreibt nur Erhebung und Aufgabenerledigung "
                                          "dieser Gemeinde")
    add.add_argument("--name", required=True, help="wofür, z. B. „Fachverfahren AWO“")
    actions.add_parser("revoke", help="Token sperren").add_argument("id", type=int)
    actions.add_parser("list", help="Tokens auflisten")


def cmd_token(args, settings: Settings) -> int:
    from data import tokens

    actor = cli_actor()
    if args.token_command == "list":
        with read_session(settings) as session:
            rows = tokens.all_tokens(session)
        for t in rows:
            state = f"gesperrt am {fmt_date(t['revoked_at'])}" if t["revoked_at"] else "aktiv"
            used = f", zuletzt benutzt {fmt_datetime(t['last_used_at'])}" if t["last_used_at"] else ""
            print(f"{t['id']:>4}  {t['provider']:<10} {t['name']}  ({state}{used})")
        if not rows:
            print("Keine Tokens angelegt.")
        return 0
    try:
        with write_session(settings) as session:
            if args.token_command == "add":
                record, token = tokens.create(session, provider_code=args.provider, name=args.name, actor=actor,
                                              county=args.kreis, municipality=args.gemeinde)
                print(f"Token {record.id} für {args.provider or args.kreis or args.gemeinde} angelegt. Er wird nur jetzt angezeigt – bitte "
                      "sicher weitergeben:")
                print(token)
            else:
                tokens.revoke(session, args.id, actor=actor)
                print(f"Token {args.id} gesperrt.")
    except tokens.TokenError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


COMMANDS = {"token": cmd_token}
