"""Benchmark: how fast a scenario recomputes (issue 6: fast enough to follow a slider live).

Two scales:
- Heilbronn: the demo data (Stichtag 22.11.2026) from a temporary SQLite database;
- Baden-Württemberg: a synthetic baseline with 44 Kreise, about 1,200 IM VZÄ and about 100,000
  active cases (random but seeded; nothing here is real data).

For each it prints the median over N runs of: `run` with a typical slider state (VZÄ moved, a
district reassigned, inflow and closure rate changed), the page's recompute (scenario and baseline
side by side, from the baseline's JSON as the page stores it), and reading the baseline JSON.

    .venv/bin/python -m bench.scenarios [--runs 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from dashboard.model.scenario_disclosure import hidden_districts
from dashboard.model.scenarios import (
    Baseline,
    CaseGroup,
    CaseInflow,
    ClosureRate,
    District,
    Inflow,
    MoveFte,
    Post,
    ReassignDistrict,
    Team,
    baseline_from_dict,
    baseline_to_dict,
    run,
)
from dashboard.model.scenarios.history import HazardCell, History, StreamCounts

DAY = dt.date(2026, 11, 22)


def median_ms(action, runs: int) -> float:
    action()  # warm-up (numpy, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def heilbronn() -> Baseline:
    from dashboard.services import scenarios as report
    from data.db import make_engine, make_session_factory, read_session
    from tests.helpers import build_demo_db, make_settings

    folder = Path(tempfile.mkdtemp(prefix="imc-bench-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    build_demo_db(url, DAY)
    engine = make_engine(url)
    with read_session(make_session_factory(engine)) as session:
        base = report.baseline(session, make_settings(folder, url), DAY)
    engine.dispose()
    return base


def baden_wuerttemberg(seed: int = 44) -> Baseline:
    """44 Kreise × 4 teams (3 with catchment, 1 site-based), 25 districts each, ~1,200 VZÄ, ~100,000 cases."""
    rng = random.Random(seed)
    teams, posts, districts, inflows = [], [], [], []
    groups: Counter = Counter()
    for k in range(44):
        codes = [f"k{k}-t{j}" for j in range(4)]
        teams += [Team(c, f"Kreis {k + 1} Team {j + 1}", uses_catchment=j < 3) for j, c in enumerate(codes)]
        for j, c in enumerate(codes):
            posts.append(Post(f"k{k}p{j}", c, "im", "land", round(rng.uniform(5.0, 8.6), 1)))
        for d in range(25):
            code = f"k{k}-d{d}"
            districts.append(District(code, f"Kreis {k + 1} Bezirk {d + 1}", f"k{k}-sr{d // 9}", codes[d % 3]))
            inflows.append(Inflow(None, code, round(rng.uniform(1.0, 4.0), 2)))
        inflows.append(Inflow(codes[3], None, round(rng.uniform(5, 15), 2)))
        for _ in range(2270):
            d = rng.randrange(25)
            owner = codes[3] if rng.random() < 0.2 else None
            au = dt.date(2023 + rng.randrange(4), 1 + rng.randrange(12), 1)
            if au > DAY:
                au = dt.date(2026, 6, 1)
            groups[(owner, f"k{k}-d{d}", au, rng.random() < 0.06)] += 1
    cases = tuple(CaseGroup(o, d, au, ext, n) for (o, d, au, ext), n in groups.items())
    return Baseline(as_of=DAY, teams=tuple(teams), posts=tuple(posts), districts=tuple(districts),
                    cases=cases, inflows=tuple(inflows), closure_rate_pct=1.5, new_case_lag_months=7,
                    history=_history(rng, teams, inflows))


def _history(rng: random.Random, teams, inflows) -> History:
    """24 months of counts per stream (Poisson around the stream's rate), hazard cells per team and
    band, starts: every tenth team began eight months ago (its inflow gets a stand-in)."""
    young = {t.code for i, t in enumerate(teams) if i % 10 == 3}
    streams = []
    for f in inflows:
        counts = [_poisson(rng, f.per_month) for _ in range(24)]
        if f.owner in young:
            counts = [0] * 16 + counts[16:]
        streams.append(StreamCounts(f.owner, f.district, tuple(counts)))
    hazard = tuple(HazardCell(t.code, band, rng.randrange(100, 900), rng.randrange(0, 20))
                   for t in teams for band in range(4))
    starts = tuple((t.code, dt.date(2026, 3, 1) if t.code in young else dt.date(2023, 1, 1)) for t in teams)
    return History(last_month=dt.date(2026, 10, 1), months=24, streams=tuple(streams), hazard=hazard,
                   team_starts=starts, district_starts=tuple((f.district, dt.date(2023, 1, 1))
                                                             for f in inflows if f.district))


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method (small rates only): the stdlib has no Poisson draw."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def slider_changes(base: Baseline) -> list:
    catchment = [t for t in base.teams if t.uses_catchment]
    hidden = hidden_districts(base)  # a district whose count is suppressed cannot be moved alone
    district = next(d for d in base.districts if d.team == catchment[0].code and d.code not in hidden)
    return [MoveFte(catchment[1].code, catchment[0].code, 0.4),
            ReassignDistrict(district.code, catchment[1].code, dt.date(2027, 1, 1)),
            CaseInflow(sum(f.per_month for f in base.inflows) * 1.1), ClosureRate(2.0)]


def report(name: str, base: Baseline, runs: int) -> None:
    from dashboard.services.scenarios import compare

    changes = slider_changes(base)
    stored = json.loads(json.dumps(baseline_to_dict(base)))
    fte = sum(p.fte for p in base.posts if p.programme == "im")
    cases = sum(g.count for g in base.cases)
    run_ms = median_ms(lambda: run(base, changes), runs)
    slider_ms = median_ms(lambda: compare(base, changes), runs)  # what the page does on a slider move
    open_ms = median_ms(lambda: compare(baseline_from_dict(stored), changes), max(3, runs // 5))
    read_ms = median_ms(lambda: baseline_from_dict(stored), max(3, runs // 5))
    print(f"{name}: {len(base.teams)} Teams, {fte:,.1f} VZÄ, {cases:,} aktive Fälle in {len(base.cases):,} "
          f"Gruppen, {len(base.districts):,} Bezirke, {len(run(base).months)} Zeitpunkte")
    print(f"  Mediane: run() {run_ms:.1f} ms · Schieberegler (Szenario + Ausgangslage mit Deltas) {slider_ms:.1f} ms"
          f" · erstes Öffnen (JSON lesen + rechnen) {open_ms:.1f} ms, davon JSON lesen {read_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    report("Heilbronn (Demo)", heilbronn(), args.runs)
    report("Baden-Württemberg (synthetisch)", baden_wuerttemberg(), max(5, args.runs // 5))


if __name__ == "__main__":
    main()
