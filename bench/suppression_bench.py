"""Median time of the small-count protection (model.suppression.protect_area_counts).

Heilbronn scale: the demo's 25 districts × 4 teams in 3 Sozialräume. Larger: synthetic cities with
N districts in N/8 Sozialräume and 6 teams, counts drawn like the demo's (many small cells).

    .venv/bin/python bench/suppression_bench.py [--districts 25 100 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import pandas as pd

from dashboard.model.suppression import protect_area_counts


def city(n_districts: int, seed: int = 7) -> tuple[pd.DataFrame, dict, list]:
    rng = random.Random(seed)
    teams = ["AWO", "Caritas", "Diakonie", "Stadt", "DRK", "IB"]
    rows = {}
    for d in range(n_districts):
        # each district is served by one or two teams; a third of the cells are small
        served = rng.sample(teams, rng.choice([1, 2, 2]))
        rows[f"d{d}"] = {t: (rng.choice([1, 2, 3, 4, rng.randint(5, 40)]) if t in served else 0) for t in teams}
    frame = pd.DataFrame.from_dict(rows, orient="index")[teams]
    parent_of = {f"d{d}": f"s{d // 8}" for d in range(n_districts)}
    return frame, parent_of, list(dict.fromkeys(parent_of.values()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, nargs="+", default=[25, 100, 200])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("districts | hidden cells | median s")
    for n in args.districts:
        frame, parent_of, parents = city(n)
        times, hidden = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            _top, bottom = protect_area_counts(frame, parent_of, parents, 5, insiders=["AWO", "Caritas", "Diakonie"])
            times.append(time.perf_counter() - start)
            hidden = int(bottom.mask.to_numpy().sum())
        print(f"{n} | {hidden} | {statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
