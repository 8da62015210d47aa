"""Benchmark and report: the backtest of the scenario projection on the demo data (issue 19).

Builds the demo database (Stichtag 22.11.2026) in a temporary folder, runs the projection from every
month end of the last 24 months without changes and prints, per team, the mean absolute percentage
error at 3, 6 and 12 months and how often reality lay inside the 80 % band — the table the page
"Szenarien" and `im-cockpit scenario backtest` show — and how long it took.

    .venv/bin/python -m bench.backtest
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.scenarios import DAY


def main() -> None:
    from dashboard.cli.scenarios import backtest_report
    from dashboard.services.scenario_backtest import backtest
    from data.db import make_engine, make_session_factory, read_session
    from tests.helpers import build_demo_db, make_settings

    folder = Path(tempfile.mkdtemp(prefix="imc-bench-backtest-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    build_demo_db(url, DAY)
    engine = make_engine(url)
    with read_session(make_session_factory(engine)) as session:
        start = time.perf_counter()
        result = backtest(session, make_settings(folder, url), DAY)
        seconds = time.perf_counter() - start
    engine.dispose()
    print("Heilbronn (Demo), Stand 22.11.2026")
    print(backtest_report(result))
    print(f"  Dauer: {seconds:.1f} s für {result.stichtage} Stichtage (Ausgangslage aus der Datenbank + Projektion je Stichtag)")


if __name__ == "__main__":
    main()
