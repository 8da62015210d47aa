"""What the CLI commands share: a read session on a database that holds data."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from dashboard.settings import Settings

NO_DATA = "Die Datenbank enthält keine Daten. Erst `im-cockpit demo` ausführen oder Daten importieren."


class NoData(Exception):
    """The database is empty; the command prints NO_DATA and exits with 1."""


@contextmanager
def data_session(settings: Settings) -> Iterator:
    """A read-only session on DATABASE_URL; raises NoData when there is no data yet."""
    from dashboard import services
    from data.db import make_engine, make_session_factory, read_session

    engine = make_engine(settings.database_url)
    try:
        with read_session(make_session_factory(engine)) as session:
            if services.stand(session) is None:
                raise NoData(NO_DATA)
            yield session
    finally:
        engine.dispose()


def report_no_data() -> int:
    print(NO_DATA, file=sys.stderr)
    return 1
