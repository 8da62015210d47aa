"""Baselines the proposal tests share (test modules import helpers from here, never from each other):
two catchment teams with given district loads, and a random city of four teams and twelve districts."""

import datetime as dt
import random

from dashboard.model.scenarios import Baseline, CaseGroup, District, Inflow, Post, Team

DAY = dt.date(2026, 11, 22)
LATE = dt.date(2026, 11, 1)  # with extension these cases outlast 2029: loads stay constant


def two_teams(loads: dict[str, tuple[str, int]], fte_a=1.0, fte_b=1.0, site: int = 0) -> Baseline:
    """Catchment teams A and B; every district (code → (Sozialraum, cases)) starts with A."""
    return Baseline(
        as_of=DAY,
        teams=(Team("a", "A", uses_catchment=True), Team("b", "B", uses_catchment=True), Team("s", "Site")),
        posts=(Post("pa", "a", "im", "land", fte_a), Post("pb", "b", "im", "land", fte_b),
               Post("ps", "s", "im", "land", 1.0)),
        districts=tuple(District(code, code.upper(), sr, "a") for code, (sr, _) in loads.items()),
        cases=tuple(CaseGroup(None, code, LATE, True, n) for code, (_, n) in loads.items() if n)
        + ((CaseGroup("s", None, LATE, True, site),) if site else ()),
    )


def random_baseline(seed: int, districts: int = 12) -> Baseline:
    """Teams t0-t2 with a catchment, t3 site-based; `districts` districts in three Sozialräume."""
    n_districts = districts
    rng = random.Random(seed)
    teams = [Team(f"t{i}", f"T{i}", uses_catchment=i < 3) for i in range(4)]
    posts = [Post(f"p{i}", t.code, "im", "land", rng.choice([0.5, 1.0, 1.5, 2.0])) for i, t in enumerate(teams)]
    districts = [District(f"d{i}", f"D{i}", f"SR{i % 3}", f"t{rng.randrange(3)}") for i in range(n_districts)]
    cases = [CaseGroup(None, d.code, dt.date(2024 + rng.randrange(3), 1 + rng.randrange(10), 1), rng.random() < 0.1,
                       rng.randrange(1, 25)) for d in districts for _ in range(2)]
    cases.append(CaseGroup("t3", None, dt.date(2025, 5, 1), False, rng.randrange(10, 80)))
    inflows = [Inflow(None, d.code, rng.uniform(0, 1.5)) for d in districts] + [Inflow("t3", None, 2.0)]
    return Baseline(as_of=DAY, teams=tuple(teams), posts=tuple(posts), districts=tuple(districts),
                    cases=tuple(cases), inflows=tuple(inflows), closure_rate_pct=1.0)
