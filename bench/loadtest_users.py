"""Create the load test's accounts (`last01` … `lastNN`, viewer and steering roles) in DATABASE_URL.

Used by bench/loadtest.sh only; refuses to run against a database that has other users, so it
cannot add test accounts to a production database by mistake.
"""

from __future__ import annotations

import os
import sys

from dashboard.auth.passwords import hash_password
from dashboard.cli.users import DEMO_AREA_USERS, DEMO_USERS
from dashboard.settings import Settings
from data import users
from data.db import make_engine, make_session_factory, transaction


def main() -> int:
    count = int(os.environ.get("LOADTEST_USERS", "50"))
    password = os.environ.get("LOADTEST_PASSWORD", "Lasttest-Passwort-2026")
    engine = make_engine(Settings.from_env().database_url)
    password_hash = hash_password(password)  # one hash for all: the test measures the app, not argon2
    with transaction(make_session_factory(engine)) as session:
        existing = [u.username for u in users.all_users(session)]
        demo = {name for name, *_ in DEMO_USERS + DEMO_AREA_USERS}
        if any(not name.startswith("last") for name in existing if name not in demo):
            print("Die Datenbank hat schon andere Benutzer – Lasttest-Zugänge werden nur in einer "
                  "Testdatenbank angelegt.", file=sys.stderr)
            return 1
        for number in range(1, count + 1):
            name = f"last{number:02d}"
            if name not in existing:
                users.add(session, name, password_hash, "steering" if number % 5 == 0 else "viewer",
                          provider_code=None, actor="loadtest")
    engine.dispose()
    print(f"{count} Lasttest-Zugänge bereit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
