"""„Vorschlag berechnen“: a MILP (HiGHS) that minimises the worst team utilisation; never worse."""

import pytest

from dashboard.model.proposal import propose, worst_utilisation
from dashboard.model.scenarios import (
    AddPost,
    Baseline,
    CaseGroup,
    District,
    MoveFte,
    ReassignDistrict,
    run,
)
from tests.unit.model.proposal_baselines import LATE, random_baseline, two_teams


def test_reassigning_balances_two_teams():
    base = two_teams({"d1": ("SR1", 90), "d2": ("SR2", 90)})
    proposal = propose(base)
    assert worst_utilisation(run(base)) == 200.0
    assert proposal.worst_after == 100.0
    assert len(proposal.changes) == 1 and isinstance(proposal.changes[0], ReassignDistrict)
    assert proposal.changes[0].team == "b"
    assert "sinkt von 200,0 % auf 100,0 %" in proposal.message
    # the optimality gap: the best possible worst utilisation is proven to lie at most this far below
    assert proposal.gap_points is not None and proposal.gap_points <= 0.1
    assert "Optimalitätslücke höchstens " in proposal.message


def test_sozialraum_stays_together_where_possible():
    base = two_teams({"a1": ("SR1", 45), "a2": ("SR1", 45), "b1": ("SR2", 45), "b2": ("SR2", 45)})
    proposal = propose(base)
    assert proposal.worst_after == 100.0
    assert len(proposal.moved) == 2
    assert len({m["social_area"] for m in proposal.moved}) == 1  # a whole Sozialraum, not one of each


def test_budget_goes_where_it_lowers_the_worst_team():
    base = two_teams({"d1": ("SR1", 180)}, site=45)
    proposal = propose(base, reassign=False, budget_fte=1.0)
    assert proposal.changes == [AddPost("a", 1.0)]
    assert proposal.worst_after == 100.0  # 180 / (2,0 × 90)
    assert proposal.added == [{"team": "a", "name": "A", "fte": 1.0}]


def test_budget_split_between_teams_in_steps_of_a_tenth():
    base = two_teams({"d1": ("SR1", 99)}, site=99)  # A and the site team both at 110 %
    proposal = propose(base, reassign=False, budget_fte=0.2)
    assert sorted((c.team, c.fte) for c in proposal.changes) == [("a", 0.1), ("s", 0.1)]
    assert proposal.worst_after == 100.0  # 99 / (1,1 × 90)


def test_nothing_to_improve():
    base = two_teams({"d1": ("SR1", 45)})
    base = Baseline(**{**base.__dict__, "districts": (District("d1", "D1", "SR1", "a"),
                                                      District("d2", "D2", "SR1", "b")),
                       "cases": (CaseGroup(None, "d1", LATE, True, 45), CaseGroup(None, "d2", LATE, True, 45)),
                       "_cache": {}})
    proposal = propose(base)
    assert proposal.changes == []
    assert "schon bestmöglich" in proposal.message


def test_proposal_starts_from_the_scenario_changes():
    base = two_teams({"d1": ("SR1", 90), "d2": ("SR2", 90)})
    proposal = propose(base, [MoveFte("b", "a", 0.5)])  # A 1,5 VZÄ, B 0,5 VZÄ
    after = run(base, [MoveFte("b", "a", 0.5), *proposal.changes])
    assert worst_utilisation(after) <= worst_utilisation(run(base, [MoveFte("b", "a", 0.5)]))


@pytest.mark.parametrize("seed, reassign, budget", [
    *[(seed, True, 0.0) for seed in range(3)], *[(seed, False, 0.5) for seed in range(3)], (0, True, 1.0)])
def test_proposal_is_never_worse_than_the_baseline(seed, reassign, budget):
    base = random_baseline(seed)
    proposal = propose(base, reassign=reassign, budget_fte=budget)
    before, after = run(base), run(base, proposal.changes)
    assert worst_utilisation(after) <= worst_utilisation(before) + 1e-9
    assert sum(c.fte for c in proposal.changes if isinstance(c, AddPost)) <= budget + 1e-9
    assert proposal.worst_after == worst_utilisation(after) or not proposal.changes
