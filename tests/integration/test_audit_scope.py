"""The audit hook belongs to the app's session factory, not to every SQLAlchemy session in the process."""

import gc

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.db import make_engine, make_session_factory, transaction
from data.schema import AuditEvent, Provider


def _audit_rows(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def test_only_the_apps_sessions_are_audited(empty_url):
    engine = make_engine(empty_url)
    make_session_factory(engine)  # installs the hook on its own factory
    before = _audit_rows(engine)
    with Session(engine) as foreign, foreign.begin():  # another library's session on the same engine
        foreign.add(Provider(code="x", name="X", short_name="X", kind="provider", sort_order=9))
    assert _audit_rows(engine) == before
    for _ in range(300):  # factories come and go (tests, apps); a new one may get a collected one's id()
        make_session_factory(engine)
    gc.collect()
    with transaction(make_session_factory(engine)) as session:
        session.add(Provider(code="y", name="Y", short_name="Y", kind="provider", sort_order=10))
    assert _audit_rows(engine) == before + 1
    engine.dispose()
