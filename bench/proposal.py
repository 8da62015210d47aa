"""Benchmark: how fast „Vorschlag berechnen“ answers (issue 18, item 4: within 10 s at Land scale).

Two scales, each built once into a temporary SQLite database and read as the page reads it:
- Heilbronn: the demo data (`im-cockpit demo`, Stichtag 22.11.2026);
- Baden-Württemberg: the synthetic Land (`im-cockpit demo --scale land`: 44 Kreise, 132 Sozialräume,
  1.101 Bezirke, 180 Teams).

For each it prints the median over N runs of `propose` without scenario changes, in three modes:
reassigning districts, a budget of 2 VZÄ alone, and both; with the worst utilisation before and
after, the optimality gap, the number of changes and a fingerprint of them (to compare answers).

    .venv/bin/python -m bench.proposal [--runs 5] [--land-runs 3] [--only heilbronn land]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from dashboard.model.proposal import propose
from dashboard.model.scenarios import Baseline

DAY = dt.date(2026, 11, 22)
MODES = (("Bezirke", True, 0.0), ("Budget 2 VZÄ", False, 2.0), ("beides", True, 2.0))


def built(scale: str) -> Baseline:
    from dashboard.services import scenarios as report
    from data.db import make_engine, make_session_factory, read_session, transaction
    from data.demo import load_demo
    from data.demo_land import load_land_demo
    from data.migrate import upgrade
    from tests.helpers import make_settings

    folder = Path(tempfile.mkdtemp(prefix="imc-bench-proposal-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        (load_land_demo if scale == "land" else load_demo)(session, DAY)
    with read_session(make_session_factory(engine)) as session:
        base = report.baseline(session, make_settings(folder, url), DAY)
    engine.dispose()
    return base


def report(name: str, base: Baseline, runs: int) -> None:
    print(f"{name}: {len(base.teams)} Teams ({sum(t.uses_catchment for t in base.teams)} mit Einzugsgebiet), "
          f"{len(base.districts):,} Bezirke, {len({d.social_area for d in base.districts})} Sozialraum-Namen",
          flush=True)
    for label, reassign, budget in MODES:
        times, answer = [], None
        for _ in range(runs):
            fresh = Baseline(**{**base.__dict__, "_cache": {}})  # every run cold: nothing kept from the last
            start = time.perf_counter()
            answer = propose(fresh, reassign=reassign, budget_fte=budget)
            times.append(time.perf_counter() - start)
        changes = hashlib.sha1(repr([c.to_dict() for c in answer.changes]).encode()).hexdigest()[:8]
        gap = "–" if answer.gap_points is None else f"{answer.gap_points:.2f}"
        print(f"  {label:<13} median {statistics.median(times):7.2f} s (min {min(times):.2f}, max {max(times):.2f},"
              f" {runs} Läufe) · höchste Auslastung {answer.worst_before} → {answer.worst_after} %, Lücke {gap}"
              f" Pkt., {len(answer.moved)} Bezirke, {sum(a['fte'] for a in answer.added):.1f} VZÄ"
              f" (Änderungen {changes}){', Rechengrenze' if answer.limit_reached else ''}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--land-runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["heilbronn", "land"])
    args = parser.parse_args()
    if "heilbronn" in args.only:
        report("Heilbronn (Demo)", built("heilbronn"), args.runs)
    if "land" in args.only:
        report("Baden-Württemberg (synthetisch, demo --scale land)", built("land"), args.land_runs)


if __name__ == "__main__":
    main()
