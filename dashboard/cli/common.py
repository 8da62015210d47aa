"""What the CLI commands share: sessions on DATABASE_URL, the actor they record and the date argument.

Every command that writes opens its one unit of work with `write_session` (commit on success, roll
back on any error, the engine closed after); reads use `read_session`, or `data_session` where an
empty database is an error (`NoData`). The import is the exception that proves the rule: its engine
owns its transaction (a preview is a rolled-back apply), so it gets the `session_factory`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from dashboard.settings import Settings

NO_DATA = "Die Datenbank enthält keine Daten. Erst `im-cockpit demo` ausführen oder Daten importieren."


class NoData(Exception):
    """The database is empty; the command prints NO_DATA and exits with 1."""


def iso_date(value: str) -> dt.date:
    """The argument type of every date option: JJJJ-MM-TT, else a German message (exit code 2)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{value}“ ist kein Datum im Format JJJJ-MM-TT (z. B. 2026-11-22)."
        ) from None


def cli_actor() -> str:
    """Who a command acts as in the audit log and the import ledger: `cli:<login name>`."""
    return f"cli:{getpass.getuser()}"


@contextmanager
def session_factory(settings: Settings) -> Iterator:
    """A session factory on DATABASE_URL; the engine is disposed afterwards."""
    from data.db import make_engine, make_session_factory

    engine = make_engine(settings.database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@contextmanager
def write_session(settings: Settings) -> Iterator:
    """One unit of work on DATABASE_URL: commit when the block ends, roll back on any error."""
    from data.db import transaction

    with session_factory(settings) as sessions, transaction(sessions) as session:
        yield session


@contextmanager
def read_session(settings: Settings) -> Iterator:
    """A session for reads on DATABASE_URL; it never commits."""
    from data import db

    with session_factory(settings) as sessions, db.read_session(sessions) as session:
        yield session


@contextmanager
def data_session(settings: Settings) -> Iterator:
    """A read-only session on DATABASE_URL; raises NoData when there is no data yet."""
    from dashboard import services

    with read_session(settings) as session:
        if services.stand(session) is None:
            raise NoData(NO_DATA)
        yield session


def report_no_data() -> int:
    print(NO_DATA, file=sys.stderr)
    return 1
