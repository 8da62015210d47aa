"""The proposal does not depend on machine speed (issue 14, part 4): no wall-clock limit, and a solve
that HiGHS stops at a limit is never read as "infeasible" — the message says the limit was reached."""

import highspy
import pytest

from dashboard.model import proposal as proposal_module
from dashboard.model.proposal import LIMIT_NOTE, propose, worst_utilisation
from dashboard.model.scenarios import run
from tests.unit.model.proposal_baselines import random_baseline, two_teams

BALANCE = {"d1": ("SR1", 60), "d2": ("SR2", 50), "d3": ("SR3", 40), "d4": ("SR4", 30)}


@pytest.fixture
def slow_solver(monkeypatch):
    """HiGHS as on a slow machine: the solves listed in `slow` (0-based) stop at the time limit
    before a solution was found; the others answer as usual. Returns the state: "slow" to fill, "calls"."""
    state = {"calls": 0, "slow": set(), "all": False}
    run_solver = highspy.Highs.run

    def run(self, *args, **kwargs):
        index = state["calls"]
        state["calls"] += 1
        self._slow = state["all"] or index in state["slow"]
        return run_solver(self, *args, **kwargs)

    model_status, objective = highspy.Highs.getModelStatus, highspy.Highs.getObjectiveValue
    monkeypatch.setattr(highspy.Highs, "run", run)
    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda self: highspy.HighsModelStatus.kTimeLimit
                        if getattr(self, "_slow", False) else model_status(self))
    monkeypatch.setattr(highspy.Highs, "getObjectiveValue", lambda self: float("inf")
                        if getattr(self, "_slow", False) else objective(self))
    return state


def test_no_wall_clock_limit_but_a_node_limit(monkeypatch):
    options = []
    run_solver = highspy.Highs.run

    def run_recorded(self, *args, **kwargs):
        options.append({name: self.getOptionValue(name)[1] for name in ("time_limit", "threads", "mip_max_nodes")})
        return run_solver(self, *args, **kwargs)

    monkeypatch.setattr(highspy.Highs, "run", run_recorded)
    propose(two_teams(BALANCE))
    assert options
    for option in options:
        assert option["time_limit"] == float("inf")
        assert option["threads"] == 0  # HiGHS's own choice: see the scheduler test below
        assert option["mip_max_nodes"] == proposal_module.MAX_NODES


def test_a_scheduler_started_by_another_solve_does_not_break_the_proposal():
    """HiGHS's thread scheduler is global; the disclosure check usually starts it first. A proposal
    that asked for a different thread count got "not set" from every solve."""
    _start_scheduler(3)
    result = propose(two_teams(BALANCE))
    assert not result.limit_reached and result.changes and result.message.startswith("Vorschlag:")


def test_a_solver_error_is_not_read_as_infeasible_nor_as_a_limit(monkeypatch):
    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda self: highspy.HighsModelStatus.kSolveError)
    result = propose(two_teams(BALANCE))
    assert result.changes == [] and not result.limit_reached
    assert result.message.startswith("Der Löser ist mit einem Fehler abgebrochen")


def test_a_solver_stopped_by_a_limit_is_not_read_as_infeasible(slow_solver):
    """Every solve stopped without a solution: the local search's answer stays (valid, never worse), and
    the message says the limit was reached instead of "no better solution"."""
    slow_solver["all"] = True
    base = two_teams(BALANCE)
    result = propose(base)
    assert result.limit_reached and result.message.endswith(LIMIT_NOTE)
    assert "keine bessere Lösung gefunden" not in result.message
    assert result.to_dict()["limit_reached"] is True
    assert worst_utilisation(run(base, result.changes)) <= worst_utilisation(run(base)) + 1e-9


def test_a_limit_in_any_solve_keeps_a_valid_answer_and_says_so(slow_solver):
    base = two_teams(BALANCE)
    best = propose(base)
    assert not best.limit_reached and LIMIT_NOTE not in best.message and best.changes
    calls = slow_solver["calls"]
    assert calls >= 2  # the LP relaxation's bound, then HiGHS at the least worst utilisation
    for slow in range(calls):
        slow_solver["calls"], slow_solver["slow"] = 0, {slow}
        result = propose(base)
        assert result.limit_reached and result.message.endswith(LIMIT_NOTE), slow
        after = worst_utilisation(run(base, result.changes))
        assert best.worst_after <= after <= worst_utilisation(run(base)) + 1e-9  # valid, never worse than before
        assert result.gap_points is None or result.gap_points >= 0


def test_a_limit_in_the_final_solve_keeps_the_search_solution(slow_solver):
    base = two_teams(BALANCE)
    propose(base)
    calls = slow_solver["calls"]
    slow_solver["calls"], slow_solver["slow"] = 0, {calls - 1}
    result = propose(base)
    assert result.limit_reached and result.changes and result.message.endswith(LIMIT_NOTE)
    assert worst_utilisation(run(base, result.changes)) < worst_utilisation(run(base))


# (2, True, 1.0), the slowest (≈ 7 s a solve), is repeated in the thread test below: the same proposal on a
# second run and with one or four threads, four solves instead of the five of two separate tests
@pytest.mark.parametrize("seed, reassign, budget", [(0, True, 0.0), (1, False, 0.7)])
def test_repeated_runs_give_identical_proposals(seed, reassign, budget):
    base = random_baseline(seed)
    first = propose(base, reassign=reassign, budget_fte=budget).to_dict()
    assert not first["limit_reached"]
    for _ in range(2):
        assert propose(base, reassign=reassign, budget_fte=budget).to_dict() == first


def _start_scheduler(threads: int) -> None:
    highspy.Highs.resetGlobalScheduler(True)
    other = highspy.Highs()
    other.setOptionValue("output_flag", False)
    other.setOptionValue("threads", threads)
    other.addVar(0, 1)
    other.run()


def test_the_same_proposal_with_one_or_four_threads():
    """Fewer cores must not give another proposal either; and a repeated run (seed 2, with reassigning and
    a budget of 1 VZÄ) gives the same proposal, under the scheduler as found and under each thread count."""
    base = random_baseline(2)
    first = propose(base, reassign=True, budget_fte=1.0).to_dict()
    assert not first["limit_reached"]
    assert propose(base, reassign=True, budget_fte=1.0).to_dict() == first
    results = []
    for threads in (1, 4):
        _start_scheduler(threads)
        results.append(propose(base, reassign=True, budget_fte=1.0).to_dict())
    assert results[0] == results[1] and not results[0]["limit_reached"]
    assert results[0] == first
