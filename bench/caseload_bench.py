"""Median time of the Fallzahlen figures, the map's values and the small-count protection on the
database in DATABASE_URL (Heilbronn demo or `im-cockpit demo --scale land`).

    DATABASE_URL=sqlite:////tmp/land.sqlite3 .venv/bin/python bench/caseload_bench.py [--runs 10]
        [--skip-protection | --share-protection]

Each line: what ran, median and p95 in ms over `--runs` runs in one session (the figures cache is
not used: the services are called directly, so every run is a cold computation). With
`--skip-protection` the small-count protection is replaced by an empty mask, to time the counting
alone (at Land scale the protection's range audit takes minutes); its figures are not for use.
The protected table is kept per distinct count table (services.caseload._protect), which the bench
empties before every run (cold) unless `--share-protection` (the page's filters, the map and the
downloads of one Stichtag after the first of them).
"""

from __future__ import annotations

import argparse
import statistics
import time


def timed(label: str, runs: int, call, before=lambda: None) -> None:
    call()  # warm-up: imports, SQLite page cache
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - start))
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{label:<42} median {statistics.median(times):9.1f} ms   p95 {p95:9.1f} ms")


def skip_protection() -> None:
    """Replace protect_area_counts where the services use it by a copy of the counts with nothing hidden."""
    import pandas as pd

    from dashboard.model import suppression
    from dashboard.services import caseload, county_map

    def unprotected(district_counts, parent_of, parents, threshold, *, insiders=(), total="Gesamt"):
        child = district_counts.astype("int64").copy()
        child[total] = child.sum(axis=1)
        parent = child.groupby(child.index.map(parent_of)).sum().reindex(list(parents), fill_value=0)
        return tuple(suppression.Suppressed(values=t, mask=pd.DataFrame(False, index=t.index, columns=t.columns),
                                            threshold=threshold) for t in (parent, child))

    caseload.protect_area_counts = unprotected
    county_map.protect_area_counts = unprotected


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", nargs="*", default=["caseload", "team", "map", "flows"])
    parser.add_argument("--skip-protection", action="store_true")
    parser.add_argument("--share-protection", action="store_true")
    args = parser.parse_args()
    if args.skip_protection:
        skip_protection()

    from dashboard import services
    from dashboard.cli.common import read_session
    from dashboard.model import caseload as flows
    from dashboard.services import caseload as report
    from dashboard.services import maps
    from dashboard.settings import Settings
    from data import queries
    from data.queries import caseload as case_queries

    settings = Settings.from_env()
    with read_session(settings) as session:
        day = services.default_day(session)
        team = queries.providers(session)["code"].iloc[0]
        cases = case_queries.cases_overlapping(session, report.HISTORY_START, day)
        print(f"Stichtag {day}, {len(cases)} Fälle im Verlauf")
        kept = getattr(report, "_PROTECTED", None)

        def cold() -> None:
            if kept is not None and not args.share_protection:
                kept.clear()
        if "flows" in args.only:
            timed("model.caseload.monthly_flows (all months)", args.runs,
                  lambda: flows.monthly_flows(cases, report.HISTORY_START, day))
        if "caseload" in args.only:
            timed("services.caseload.caseload", args.runs, lambda: report.caseload(session, settings, day), cold)
        if "team" in args.only:
            timed(f"caseload(team={team})", args.runs, lambda: report.caseload(session, settings, day, team=team), cold)
        if "map" in args.only:
            timed("services.maps.map_view (districts)", args.runs, lambda: maps.map_view(session, settings, day=day),
                  cold)


if __name__ == "__main__":
    main()
