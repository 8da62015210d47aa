"""„Vorschlag berechnen“: a reallocation that minimises the worst team utilisation of a scenario.

A mixed-integer programme (HiGHS, `proposal_highs`) over every point of the projection (the
Stichtag and each month end to 12/2029):
- assign each district with cases to one catchment team (x[d, t] binary) — the cases of a district
  follow its catchment team, site-based teams keep their own;
- and/or distribute a VZÄ budget over the IM teams in steps of 0,1 VZÄ (new Land-funded posts from
  the Stichtag, at the team's ratio);
- minimise U with load[t, k] ≤ U × capacity[t, k] for every team t and point k;
- then, at that U, prefer keeping Sozialräume with one team (soft: 2 per extra team in a
  Sozialraum), few changes of catchment (1 each) and as few budget VZÄ as needed.

The current assignment without budget is a feasible solution of the programme, so the optimum is
never worse than the scenario it starts from; `propose` checks this with the engine itself and
returns no changes if the solver's answer were worse (numerical safety).

No wall-clock limit: a slow machine must not give a worse proposal. HiGHS stops only at a
branch-and-bound node limit (`MAX_NODES`), and its MIP search is deterministic, so the same input
gives the same answer everywhere. The thread count is left to HiGHS: its scheduler is global to the
process (the disclosure check starts it first), and a solver asking for another count fails.
Only HiGHS's own status decides: "optimal" is a solution, "infeasible" is no solution, a limit is
`SolverLimit` — never read as "infeasible" (the search keeps the best solution it has proven and the
message says the limit was reached) — and anything else is `SolverFailed`.
Decomposed (issue 18): the problem splits into independent parts (`proposal_milp.Problem.parts`; a
district goes only to a catchment team of its part). Without budget each part is brought to its own
best alone (`_reassigned`): the least U, then the Sozialraum/changes solve at that U. Each stage is a
deterministic local search (`proposal_search`, from the scenario's assignment and from the LP
relaxation rounded), and for a part of at most EXACT_COLUMNS district-team pairs (a city) HiGHS then
proves the best from the search's answer. A bigger part (a Landkreis: about 30 districts and 3 teams,
which HiGHS does not prove within seconds) keeps the search's answer, bounded below by the LP
relaxation: `gap_points` is then the distance to that bound — proven, only wider — and
`limit_reached` says the answer may not be the best. The whole's optimum is the worst part's, and its
proven lower bound the largest of the parts'.
With a budget the parts are coupled only by the one budget: a bisection step at U is feasible if the
parts' least (continuous) budgets at U add up to at most the budget (a solution HiGHS has found at its
node limit proves feasibility too); parts that need none are then brought to their own best as above,
and the budget is placed in whole steps per team in closed form.
`gap_points` stays the proven gap of the whole answer.
Pure: no Dash, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import proposal_search as search
from .formatting import fmt_fte, fmt_number, fmt_pct
from .proposal_milp import MAX_NODES, STEP, Part, Problem, Solution, SolverFailed, SolverLimit
from .scenarios import AddPost, Baseline, Change, ReassignDistrict, Result, check_changes, run

__all__ = ["LIMIT_NOTE", "MAX_NODES", "Proposal", "SolverFailed", "SolverLimit", "propose", "worst_utilisation"]
TOLERANCE = 0.0005  # of utilisation (0,05 percentage points): where the bisection on U stops
EXACT_COLUMNS = 36  # district-team pairs up to which HiGHS proves a part's best (a city: 12 districts, 3 teams)
LIMIT_NOTE = ("Hinweis: Der Löser hat seine Rechengrenze erreicht; der Vorschlag ist gültig, aber "
              "vielleicht nicht der bestmögliche.")


@dataclass
class Proposal:
    changes: list[Change]
    worst_before: float | None  # worst team utilisation in % over all points, before
    worst_after: float | None
    message: str
    moved: list[dict] = field(default_factory=list)  # district, name, from, to
    added: list[dict] = field(default_factory=list)  # team, name, fte
    limit_reached: bool = False  # the solver stopped at MAX_NODES: valid, perhaps not the best
    gap_points: float | None = None  # optimality gap: the best possible worst utilisation lies at most this
    # many percentage points below the proposal's (the bisection's proven bounds; None: not searched)

    def to_dict(self) -> dict:
        return {"changes": [c.to_dict() for c in self.changes], "worst_before": self.worst_before,
                "worst_after": self.worst_after, "message": self.message, "moved": self.moved,
                "added": self.added, "limit_reached": self.limit_reached, "gap_points": self.gap_points}


def worst_utilisation(result: Result, teams: set[str] | None = None) -> float | None:
    """The highest utilisation of any team (or of `teams`) at any point (no capacity left out)."""
    values = [v for t in result.teams if t.code is not None and (teams is None or t.code in teams)
              for v in t.utilisation_pct if v is not None]
    return max(values) if values else None


def _bisect(start_pct: float, check):
    """Bisection on the worst utilisation U (as a fraction) from the scenario's `start_pct`, where the
    scenario itself is feasible: `check(U)` gives a solution or None (proven infeasible). Returns the
    solution at the lowest U proven feasible, whether a check hit the limit (then the bisection stops
    at the U proven so far: undecided is not infeasible) and the bounds (low, high): the optimum lies
    in (low, high], low proven infeasible, high feasible."""
    low, high = 0.0, start_pct / 100.0 * (1 + 1e-7) + 1e-9
    try:
        best = check(high)
    except SolverLimit:
        return None, True, (low, high)
    if best is None:
        return None, False, (low, high)
    while high - low > TOLERANCE:
        middle = (low + high) / 2
        try:
            found = check(middle)
        except SolverLimit:
            return best, True, (low, high)
        if found is not None:
            high, best = middle, found
        else:
            low = middle
    return best, False, (low, high)


@dataclass
class _Found:
    assignment: dict = field(default_factory=dict)  # district → team, only of parts that improved
    added: dict = field(default_factory=dict)  # team → VZÄ
    limited: bool = False
    lower: float = 0.0  # a proven lower bound of the optimum's worst utilisation (fraction)
    searched: bool = False  # some part had something to search (else: None, nothing found)


def _start(problem: Problem, before: Result, part: Part, reassign: bool, budget: bool) -> float | None:
    """The worst utilisation of the teams of `part` that can change, in the scenario (None: none)."""
    return worst_utilisation(before, {problem.teams[t] for t in part.changeable(reassign, budget)})


def _reassigned(problem: Problem, part: Part, start_pct: float | None, found: _Found) -> float:
    """One part to its own best by reassigning (no budget), in two stages: the least worst utilisation
    U, then at that U (plus what TOLERANCE leaves above the proven bound, never above the start) the
    assignment that also keeps Sozialräume together and changes little. Each stage is the local search
    (`proposal_search`) from the stage before (first: the scenario's own assignment), then, for a part
    of at most EXACT_COLUMNS district-team pairs, HiGHS from the search's answer to the proven best; a
    bigger part keeps the search's answer, proven only if the LP relaxation's bound proves it. A part
    that does not improve stays. Returns the proven lower bound of the part's optimum."""
    if start_pct is None:
        return 0.0
    arrays = problem.arrays(part)
    if arrays is None:
        return 0.0
    teams, movable = part.catchment, part.movable
    current = np.where(arrays.current >= 0, arrays.current, arrays.allowed.argmax(axis=1))
    as_solution = lambda a: Solution({d: teams[t] for d, t in zip(movable, a)}, {})
    start = problem.worst(as_solution(current).assignment, teams)
    exact = len(movable) * len(teams) <= EXACT_COLUMNS
    index = {t: i for i, t in enumerate(teams)}
    try:
        relaxed = problem.solve(part, reassign=True, steps=0, limit=None, penalty_too=False, relaxation=True)
    except SolverLimit:  # no bound (cannot happen for an LP, but undecided is never infeasible)
        found.limited, relaxed = True, None
    lower = max(relaxed.bound, 0.0) if relaxed else 0.0
    # from the scenario and from the LP relaxation rounded: the lower worst (the scenario's on a tie)
    searched = [search.balance(arrays, current)]
    if relaxed:
        rounded = np.array([index[relaxed.assignment[d]] for d in movable], dtype=int)
        searched.append(search.balance(arrays, rounded))
    least, worst = min(((s, problem.worst(s.assignment, teams)) for s in map(as_solution, searched)),
                       key=lambda found_worst: found_worst[1])
    if exact and worst - lower > TOLERANCE:
        try:
            solved = problem.solve(part, reassign=True, steps=0, limit=None, penalty_too=False, start=least,
                                   gap=TOLERANCE)
            if solved is not None:  # (None cannot be: the search's answer is a solution)
                found.limited = found.limited or not solved.proven
                lower = max(lower, solved.bound)
                if problem.worst(solved.assignment, teams) < worst:
                    least, worst = solved, problem.worst(solved.assignment, teams)
        except SolverLimit:  # stopped before it had a solution: the search's stays
            found.limited = True
    elif worst - lower > TOLERANCE:
        found.limited = True  # the search's U, not proven within TOLERANCE (the gap says how far)
    found.searched = True
    if worst >= start - 1e-9:  # not improved: the scenario's own assignment stays
        return min(lower, start)
    limit = min(max(worst, lower + TOLERANCE), start)
    # the penalty lowered from each stage-one answer within the limit (the least worst's first): lowest
    starts = [np.array([index[least.assignment[d]] for d in movable], dtype=int)]
    starts += [a for a in searched if problem.worst(as_solution(a).assignment, teams) <= limit + 1e-12]
    # from the scenario: what it needs to reach the limit (most excess per penalty; least penalty first)
    repaired = [search.repair(arrays, current, limit, cheapest) for cheapest in (False, True)]
    starts += [a for a in repaired if a is not None]
    kept = as_solution(min((search.keep_together(arrays, a, limit) for a in starts),
                           key=lambda a: search.penalty(arrays, a)))
    try:
        if exact:
            solved = problem.solve(part, reassign=True, steps=0, limit=limit, start=kept)
            if solved is not None:
                found.limited, kept = found.limited or not solved.proven, solved
        else:  # proven if no solution of the programme has a lower penalty than the LP relaxation's bound
            bound = problem.solve(part, reassign=True, steps=0, limit=limit, relaxation=True).bound
            value = search.penalty(arrays, np.array([index[kept.assignment[d]] for d in movable])) - len(movable)
            found.limited = found.limited or value > math.ceil(bound - 1e-6) + 1e-9
    except SolverLimit:
        found.limited = True
    found.assignment.update(kept.assignment)
    return lower


def _budgeted(problem: Problem, before: Result, affected_pct: float, reassign: bool, budget: float,
              found: _Found) -> None:
    """The budget (and districts) over all parts: they are coupled only by the one budget. A step at U
    is feasible if the parts' least budgets at U (each a MILP with the budget continuous, or nothing
    for a part already at or below U) add up to at most the budget; the worst parts first, so a step
    stops at the first part the rest cannot pay. Then each part that needs budget at the U found keeps
    Sozialräume together and changes little with its share (the slack goes to the first), the others
    are reassigned to their own best, and the budget is placed in whole 0,1-VZÄ steps for the
    districts found (closed-form per team) by a second bisection. Without reassigning, the first
    search is that closed form too: each team is then a part of its own."""
    steps = int(round(budget / STEP))
    starts = {p: _start(problem, before, p, reassign, True) for p in problem.parts}
    parts = [p for p in problem.parts if starts[p] is not None]
    order = sorted(parts, key=lambda p: -starts[p])
    teams = sorted({t for p in parts for t in p.budget})
    check_teams = sorted({t for p in parts for t in p.changeable(reassign, False)} - set(teams))

    def least(limit):  # part → Solution (None: the scenario's own assignment suffices)
        used, chosen, unproven = 0.0, {}, False
        for p in order:
            if starts[p] <= 100.0 * limit:
                chosen[p] = None
                continue
            solution = problem.solve(p, reassign=True, steps=steps - used, limit=limit, penalty_too=False,
                                     whole_steps=False)
            if solution is None:
                if unproven:  # an earlier part's least budget was not proven least: undecided
                    raise SolverLimit("budget")
                return None
            unproven = unproven or not solution.proven
            chosen[p], used = solution, used + sum(solution.steps.values())
        return chosen

    if reassign:
        best, limited, (low, high) = _bisect(affected_pct, least)
        found.lower, found.limited = max(found.lower, low), found.limited or limited
        if best is None:
            return
        slack = steps - sum(sum(s.steps.values()) for s in best.values() if s is not None)
        for p in parts:
            if best[p] is None:  # its own best (its bound is none of the whole's: budget could go there)
                _reassigned(problem, p, _start(problem, before, p, True, False), found)
                continue
            share = sum(best[p].steps.values()) + slack
            slack = 0.0
            try:
                kept = problem.solve(p, reassign=True, steps=share, limit=high, whole_steps=False, start=best[p])
            except SolverLimit:
                found.limited, kept = True, None
            if kept is not None:
                found.limited, best[p] = found.limited or not kept.proven, kept
            found.assignment.update(best[p].assignment)
    load = problem.loads(found.assignment)
    whole, _, (low, _high) = _bisect(affected_pct, lambda limit: problem.whole_steps(
        load, teams, check_teams, steps, limit))
    if not reassign:
        found.lower = max(found.lower, low)
    found.searched = found.searched or whole is not None
    found.added = {t: round(STEP * n, 2) for t, n in (whole or {}).items()}


def _search(problem: Problem, before: Result, affected: set, reassign: bool, budget: float) -> _Found:
    found = _Found()
    if budget > 0:
        _budgeted(problem, before, worst_utilisation(before, affected), reassign, budget, found)
    else:  # the whole's optimum is the worst part's: not below any part's bound
        for part in problem.parts:
            found.lower = max(found.lower, _reassigned(problem, part, _start(problem, before, part, True, False),
                                                       found))
    # teams the proposal counts but cannot change (a part without movable districts): their worst
    # stays, so the optimum is not below it
    fixed = affected - {problem.teams[t] for p in problem.parts for t in p.changeable(reassign, budget > 0)}
    kept = worst_utilisation(before, fixed) if fixed else None
    if kept is not None:
        found.lower = max(found.lower, kept / 100.0 - 1e-9)
    return found



def propose(baseline: Baseline, changes: Sequence[Change] = (), *, reassign: bool = True,
            budget_fte: float = 0.0) -> Proposal:
    """A reallocation of the scenario (`baseline` + `changes`) that minimises the worst utilisation."""
    check_changes(baseline, changes)
    before = run(baseline, changes)
    worst_before = worst_utilisation(before)
    if not reassign and budget_fte <= 0:
        return Proposal([], worst_before, worst_before, "Bitte „Stadtteile neu zuordnen“ wählen oder ein "
                        "VZÄ-Budget angeben.")
    if worst_before is None:
        return Proposal([], None, None, "Kein Team hat IM-Kapazität – es gibt nichts zu verteilen.")
    problem = Problem(baseline, changes)
    budget_fte = max(budget_fte, 0.0)
    affected = {problem.teams[t] for p in problem.parts for t in p.changeable(reassign, budget_fte > 0)}
    if reassign and any(p.movable for p in problem.parts):  # every catchment team, as the message says
        affected |= {code for t, code in enumerate(problem.teams) if problem.is_catchment[t]}
    affected_before = worst_utilisation(before, affected)
    found = _Found()
    if affected_before is not None:
        try:
            found = _search(problem, before, affected, reassign, budget_fte)
        except SolverFailed as error:
            return Proposal([], worst_before, worst_before, f"Der Löser ist mit einem Fehler abgebrochen "
                            f"({error}); das Szenario bleibt unverändert. Bitte erneut versuchen.")
    limited, lower = found.limited, found.lower
    if not found.searched and limited:
        return Proposal([], worst_before, worst_before, "Der Löser hat seine Rechengrenze erreicht, bevor er "
                        "eine bessere Lösung belegen konnte; das Szenario bleibt unverändert.",
                        limit_reached=True)
    if not found.searched:
        return Proposal([], worst_before, worst_before, "Der Löser hat keine bessere Lösung gefunden; "
                        "das Szenario bleibt unverändert.")
    assignment, added = found.assignment, found.added
    proposal_changes: list[Change] = []
    moved = []
    for d, t in sorted(assignment.items()):
        if t != problem.current[d]:
            district = baseline.districts[d]
            proposal_changes.append(ReassignDistrict(district.code, problem.teams[t]))
            old = baseline.team(problem.teams[problem.current[d]]) if problem.current[d] >= 0 else None
            moved.append({"district": district.code, "name": district.name,
                          "social_area": district.social_area, "from": old.name if old else "–",
                          "to": baseline.team(problem.teams[t]).name})
    extra = []
    for t, fte in sorted(added.items()):
        if fte > 0:
            proposal_changes.append(AddPost(problem.teams[t], fte))
            extra.append({"team": problem.teams[t], "name": baseline.team(problem.teams[t]).name, "fte": fte})
    after = run(baseline, [*changes, *proposal_changes])
    worst_after = worst_utilisation(after)
    affected_after = worst_utilisation(after, affected)
    if (worst_after is None or worst_after > worst_before + 1e-6
            or affected_after is None or affected_after > affected_before + 1e-6):
        return Proposal([], worst_before, worst_before, _noted("Keine bessere Verteilung gefunden; das "
                        "Szenario bleibt unverändert.", limited), limit_reached=limited)
    scope = ("der Teams mit Einzugsgebiet " if affected != {t.code for t in before.teams if t.code} else "")
    if not proposal_changes or affected_after >= affected_before - 1e-6:
        if limited:  # not proven: the limit stopped the search
            return Proposal([], worst_before, worst_before, _noted("Keine bessere Verteilung gefunden: höchste "
                            f"Auslastung {scope}bis 12/2029 {fmt_pct(affected_before)}.", True), limit_reached=True)
        return Proposal([], worst_before, worst_before,
                        f"Die Verteilung ist schon bestmöglich: höchste Auslastung {scope}bis 12/2029 "
                        f"{fmt_pct(affected_before)}.")
    parts = []
    if moved:
        parts.append(f"{len(moved)} Stadtteil{'e' if len(moved) != 1 else ''} neu zuordnen")
    if extra:
        parts.append(f"{fmt_fte(sum(e['fte'] for e in extra))} VZÄ verteilen")
    gap = round(max(affected_after - 100.0 * lower, 0.0), 2)  # against the proven lower bound of the optimum
    message = (f"Vorschlag: {' und '.join(parts)}. Höchste Auslastung {scope}bis 12/2029 sinkt von "
               f"{fmt_pct(affected_before)} auf {fmt_pct(affected_after)} (Optimalitätslücke höchstens "
               f"{fmt_number(gap, 2)} Prozentpunkte).")
    return Proposal(proposal_changes, worst_before, worst_after, _noted(message, limited), moved, extra,
                    limit_reached=limited, gap_points=gap)


def _noted(message: str, limited: bool) -> str:
    return f"{message} {LIMIT_NOTE}" if limited else message
