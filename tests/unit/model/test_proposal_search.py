"""The local search and the LP bound behind „Vorschlag berechnen“ at Land scale (issue 18, item 4): a part
too big for HiGHS to prove is solved by a deterministic search; the gap it reports is a proven one."""

import numpy as np
import pytest

from dashboard.model import proposal as proposal_module
from dashboard.model import proposal_search as search
from dashboard.model.proposal import propose, worst_utilisation
from dashboard.model.proposal_highs import _undominated
from dashboard.model.scenarios import run
from tests.unit.model.proposal_baselines import random_baseline


def arrays(loads, current, areas, capacity=(100.0, 100.0)):
    """Constant loads (one point and a second, lower one), two teams, no fixed load."""
    load = np.array([[n, n / 2] for n in loads], dtype=float)
    cap = np.array([[c, c] for c in capacity])
    return search.Arrays(load, np.zeros((2, 2)), 1.0 / cap, np.ones((len(loads), 2), dtype=bool),
                         np.array(current), np.array(areas))


def worst(a, teams):
    load = a.base + np.stack([a.load[teams == t].sum(axis=0) for t in range(2)])
    return float((load * a.inverse).max())


def test_balance_reaches_the_best_split_and_never_worsens():
    a = arrays([60, 50, 40, 30], [0, 0, 0, 0], [0, 1, 2, 3])
    found = search.balance(a, a.current)
    assert worst(a, found) == pytest.approx(0.9)  # 60 + 30 against 50 + 40: the best there is
    assert worst(a, search.balance(a, found)) == worst(a, found)  # a local optimum stays
    assert (search.balance(a, a.current) == found).all()  # the same answer every time


def test_keep_together_moves_a_whole_sozialraum_within_the_limit():
    # SR 0 (45 + 45) split over both teams, SR 1 (45 + 45) too: two Sozialräume on one team each is as good
    a = arrays([45, 45, 45, 45], [0, 0, 0, 0], [0, 0, 1, 1])
    split = np.array([0, 1, 0, 1])
    assert worst(a, split) == pytest.approx(0.9)
    kept = search.keep_together(a, split, 0.9)
    assert worst(a, kept) <= 0.9 + 1e-9
    assert search.penalty(a, kept) < search.penalty(a, split)
    assert len({(int(s), int(t)) for s, t in zip(a.area, kept)}) == 2  # one team per Sozialraum
    assert (kept != a.current).sum() == 2  # and only one Sozialraum moved


def test_keep_together_does_not_go_above_the_limit():
    a = arrays([60, 50, 40, 30], [0, 0, 0, 0], [0, 0, 0, 0])
    best = search.balance(a, a.current)
    kept = search.keep_together(a, best, worst(a, best))
    assert worst(a, kept) <= worst(a, best) + 1e-9  # one Sozialraum, yet the limit holds


def test_dominated_points_are_left_out_equal_ones_once():
    coefficients = np.array([[1.0, 2.0], [2.0, 3.0], [2.0, 3.0], [3.0, 1.0]])
    bound = np.array([5.0, 4.0, 4.0, 4.0])
    # row 0 is implied by row 1 (larger coefficients, smaller bound); rows 1 and 2 are equal: the first stays
    assert _undominated(coefficients, bound) == [1, 3]


@pytest.mark.parametrize("seed", [3, 4])
def test_a_part_too_big_to_prove_reports_an_honest_gap(monkeypatch, seed):
    base = random_baseline(seed, districts=16)  # 16 districts × 3 teams: more than EXACT_COLUMNS
    searched = propose(base)
    assert propose(base).to_dict() == searched.to_dict()  # deterministic
    monkeypatch.setattr(proposal_module, "EXACT_COLUMNS", 10_000)
    exact = propose(base)
    assert not exact.limit_reached
    before = worst_utilisation(run(base))
    assert searched.worst_after <= before + 1e-9 and exact.worst_after <= before + 1e-9
    if searched.changes:
        assert worst_utilisation(run(base, searched.changes)) == searched.worst_after
        # the gap is proven: the best there is lies at most that far below (0,01 for the engine's rounding)
        assert searched.gap_points is not None
        assert exact.worst_after >= searched.worst_after - searched.gap_points - 0.01
        assert searched.limit_reached == (LIMIT in searched.message)


LIMIT = proposal_module.LIMIT_NOTE


def test_leaving_out_the_implied_points_changes_no_answer(monkeypatch):
    from dashboard.model import proposal_highs

    base = random_baseline(0)
    answers = [propose(base, reassign=True, budget_fte=budget).worst_after for budget in (0.0, 1.0)]
    monkeypatch.setattr(proposal_highs, "_undominated", lambda coefficients, bound: list(range(len(coefficients))))
    assert [propose(base, reassign=True, budget_fte=budget).worst_after for budget in (0.0, 1.0)] == answers


def test_repair_brings_the_scenario_to_the_limit_with_few_changes():
    a = arrays([60, 50, 40, 30], [0, 0, 0, 0], [0, 0, 1, 1])
    for cheapest in (False, True):
        repaired = search.repair(a, a.current, 0.9, cheapest)
        assert repaired is not None and worst(a, repaired) <= 0.9 + 1e-9
        assert (repaired != a.current).sum() == 2  # 90 / 90 needs two districts moved, no more
        assert search.repair(a, a.current, 0.5, cheapest) is None  # 180 cases on 200 places: never below 90 %
