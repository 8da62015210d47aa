"""The backtest of the scenario projection on the installation's own data (page, CLI, bench): the
baseline of each past Stichtag exactly as `scenarios.baseline` builds it today's, run without changes,
scored against what then happened (`dashboard.model.scenarios.backtest`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import make_url
from sqlalchemy.orm import Session

from dashboard import memory, services
from dashboard.model.scenarios import run
from dashboard.model.scenarios.backtest import Backtest, PastRun, evaluate, stichtage
from dashboard.services import scenarios as report
from dashboard.settings import Settings
from data import scenarios as scenario_data
from data.db import make_engine, make_session_factory

MONTHS = 24  # Stichtage: the month ends of the last two years


def backtest(session: Session, settings: Settings, day: dt.date | None = None, months: int = MONTHS) -> Backtest:
    """Run the projection from every month end of the last `months` months and score it."""
    day = day or services.default_day(session)
    every_case = scenario_data.every_case_of(session, day)  # one read for all Stichtage
    records = scenario_data.case_records(session, day, frame=every_case)
    runs = []
    for as_of in stichtage(day, months):
        base = report.baseline(session, settings, as_of, cases=every_case)
        runs.append(PastRun(as_of, run(base), {d.code: d.team for d in base.districts},
                            frozenset(t.code for t in base.teams if t.uses_catchment)))
    return evaluate(runs, records, day)


def _key(session: Session, settings: Settings) -> tuple[tuple, dt.date]:
    stand = services.stand(session) or {}
    day = services.default_day(session)
    return ("backtest", report._settings_key(settings), day.isoformat(), stand.get("revision")), day


def cached(session: Session, settings: Settings) -> Backtest:
    """The backtest of the current data for the page and the warming, kept here per data revision and
    settings (it takes seconds), computed once in a process of its own (dashboard.memory.in_child): its
    working set (Land: 150–200 MB) must not stay in the web worker. A database only this process can see
    (SQLite in memory) is read here."""
    key, day = _key(session, settings)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return report._cached(key, lambda: backtest(session, settings, day))
    return report._cached(key, lambda: memory.in_child(_backtest_of, settings, day))


def _backtest_of(settings: Settings, day: dt.date) -> Backtest:
    """`backtest` on a connection of its own (what `in_child` runs in the new process)."""
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            return backtest(session, settings, day)
    finally:
        engine.dispose()
