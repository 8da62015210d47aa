"""„Vorschlag berechnen“: a reallocation that minimises the worst team utilisation of a scenario.

A mixed-integer programme (PuLP with the HiGHS solver) over every point of the projection (the
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
Pure: no Dash, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
import pulp

from .formatting import fmt_fte, fmt_number, fmt_pct
from .scenario_disclosure import hidden_districts
from .scenarios import AddPost, Baseline, Change, ReassignDistrict, Result, check_changes, run
from .scenarios.projection import apply_changes, capacity_matrix, points_of, prepared, stock

STEP = 0.1  # VZÄ of budget are handed out in steps of 0,1
SPLIT_WEIGHT, CHANGE_WEIGHT, BUDGET_WEIGHT = 2.0, 1.0, 0.01
TOLERANCE = 0.0005  # of utilisation (0,05 percentage points) for the search with a budget
MAX_NODES = 50_000  # branch-and-bound nodes per solve: a deterministic limit instead of seconds
LIMIT_NOTE = ("Hinweis: Der Löser hat seine Rechengrenze erreicht; der Vorschlag ist gültig, aber "
              "vielleicht nicht der bestmögliche.")
_INFEASIBLE = (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible)


class SolverLimit(Exception):
    """HiGHS stopped at a limit before it proved optimal or infeasible: no answer."""


class SolverFailed(Exception):
    """HiGHS did not solve (an error status): no answer, and no limit to blame."""


_LIMITS = {getattr(highspy.HighsModelStatus, name) for name in (
    "kTimeLimit", "kIterationLimit", "kSolutionLimit", "kInterrupt", "kHighsInterrupt", "kMemoryLimit",
    "kObjectiveBound", "kObjectiveTarget") if hasattr(highspy.HighsModelStatus, name)}


class _HiGHS(pulp.HiGHS):
    """PuLP's HiGHS that keeps HiGHS's own model status (PuLP reports a limit with a solution as
    "Optimal" and one without as "Not Solved", and fails on statuses it does not know)."""

    model_status = None

    def findSolutionValues(self, lp):
        self.model_status = lp.solverModel.getModelStatus()
        if self.model_status == highspy.HighsModelStatus.kOptimal or self.model_status in _INFEASIBLE:
            return super().findSolutionValues(lp)
        return pulp.constants.LpStatusNotSolved, pulp.constants.LpSolutionNoSolutionFound


def _optimal(prob: pulp.LpProblem) -> bool:
    """Solve `prob`: True if optimal, False if infeasible, `SolverLimit` at a limit, else `SolverFailed`."""
    solver = _HiGHS(msg=False, mip_max_nodes=MAX_NODES)
    prob.solve(solver)
    if solver.model_status == highspy.HighsModelStatus.kOptimal:
        return True
    if solver.model_status in _INFEASIBLE:
        return False
    raise (SolverLimit if solver.model_status in _LIMITS else SolverFailed)(str(solver.model_status))


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


class _Problem:
    """Loads and capacities of the scenario, per district and team, at every point."""

    def __init__(self, b: Baseline, changes: Sequence[Change]):
        self.b = b
        self.bounds = (0.0, 0.0)  # of the last bisection on U (`_search`): (proven infeasible, feasible)
        points = points_of(b.as_of)
        self.n = len(points)
        state = apply_changes(b, changes, points)
        a = prepared(b)
        teams, districts = a["team_codes"], [d.code for d in b.districts]
        self.teams, self.districts = teams, districts
        n_t, n_d = len(teams), len(districts)
        mapping = state.catchment_epochs[-1][1]  # the assignment the scenario ends with
        # rows: one per district (cases following the catchment), one per team (own cases), a rest
        rest = n_d + n_t

        def rows(owner, district):
            return np.where(owner >= 0, n_d + owner, np.where(district >= 0, district, rest))

        matrix = stock(b, state, self.n, rows(a["case_owner"], a["case_district"]),
                       rows(a["in_owner"], a["in_district"]), rest + 1)
        self.district_load = matrix[:n_d]
        self.fixed = matrix[n_d:n_d + n_t]
        fte, self.capacity = capacity_matrix(b, state, points)
        catchment_teams = [i for i, code in enumerate(teams) if b.team(code).uses_catchment]
        self.catchment_teams = catchment_teams
        self.current = {d: a["team_ix"].get(mapping.get(code), -1) for d, code in enumerate(districts)}
        hidden = hidden_districts(b)  # moving one of them would reveal its hidden count
        self.movable = [d for d in range(n_d) if districts[d] not in hidden
                        and (self.district_load[d].max() > 1e-9 or self.current[d] >= 0)]
        self.social = {}
        for d, district in enumerate(b.districts):
            self.social.setdefault(district.social_area, []).append(d)
        self.ratio = [float(state.team_ratio.get(code) or state.ratio) for code in teams]
        # cases of districts that no catchment team carries stay with the rest row (not optimised)
        self.has_im = [bool(fte[t].any() or self.fixed[t].any()) for t in range(n_t)]

    def changeable(self, reassign: bool, budget: float) -> set[str]:
        """The teams a proposal can change: catchment teams (districts) and IM teams (budget)."""
        codes = {self.teams[t] for t in self.catchment_teams} if reassign and self.movable else set()
        if budget > 0:
            codes |= {self.teams[t] for t in range(len(self.teams)) if self.has_im[t]}
        return codes

    def solve(self, *, reassign: bool, budget: float, limit: float | None, penalty_too: bool = True,
              whole_steps: bool = True, fixed: dict | None = None) -> tuple[dict, dict] | None:
        """With `limit` None: minimise U (budget must be 0; slow, kept for checks). Else: can every
        changeable team stay at or below `limit`? Returns the assignment {district: team} and the
        budget {team: VZÄ}, or None if not (proven). `penalty_too`: also prefer Sozialräume together.
        `SolverLimit` if HiGHS could not decide."""
        prob = pulp.LpProblem("vorschlag", pulp.LpMinimize)
        teams = self.catchment_teams
        movable = self.movable if reassign and teams else []
        x = {(d, t): prob.add_variable(f"x_{d}_{t}", cat="Binary") for d in movable for t in teams}
        budget_teams = [t for t in range(len(self.teams)) if self.has_im[t]] if budget > 0 else []
        steps = int(round(budget / STEP))
        y = {t: prob.add_variable(f"y_{t}", 0, steps, cat="Integer" if whole_steps else "Continuous")
             for t in budget_teams}
        u = prob.add_variable("U", 0) if limit is None else limit
        for d in movable:
            prob += pulp.lpSum(x[d, t] for t in teams) == 1
            if fixed is not None:
                prob += x[d, fixed[d]] == 1
        if y:
            prob += pulp.lpSum(y.values()) <= steps
        # only the teams the proposal can change: catchment teams (districts), IM teams (budget)
        changeable = sorted(set(teams if movable else []) | set(y))
        for t in changeable:
            for k in range(self.n):
                fixed = float(self.fixed[t, k])
                fixed += sum(float(self.district_load[d, k]) for d in range(len(self.districts))
                             if d not in movable and self.current[d] == t)
                moving = [(float(self.district_load[d, k]), x[d, t]) for d in movable
                          if (d, t) in x and self.district_load[d, k] > 1e-9]
                cap = float(self.capacity[t, k])
                load = fixed + pulp.lpSum(c * v for c, v in moving) if moving else fixed
                extra = STEP * self.ratio[t] * y[t] if t in y else 0
                if cap <= 0 and t not in y:
                    if moving:  # no capacity: takes no district cases (its own stay "keine Kapazität")
                        prob += pulp.lpSum(c * v for c, v in moving) <= 0
                    continue
                if limit is None:
                    prob += load <= cap * u
                elif t in y:
                    prob += load <= limit * cap + limit * extra
                elif moving:
                    prob += load <= limit * cap
                elif fixed > limit * cap + 1e-9:
                    return None  # a team nothing can change is above the limit
        penalty = []
        if x and penalty_too:
            for i, members in enumerate(self.social.values()):
                members = [d for d in members if d in movable]
                for t in teams:
                    if not members:
                        continue
                    z = prob.add_variable(f"z_{i}_{t}", cat="Binary")
                    for d in members:
                        prob += x[d, t] <= z
                    penalty.append(SPLIT_WEIGHT * z)
            penalty += [CHANGE_WEIGHT * (1 - x[d, self.current[d]]) for d in movable
                        if (d, self.current[d]) in x]
        penalty += [BUDGET_WEIGHT * v for v in y.values()]
        prob += (u if limit is None else 0) + (0 if limit is None else pulp.lpSum(penalty))
        if not _optimal(prob):
            return None
        assignment = {d: max(teams, key=lambda t: x[d, t].value() or 0) for d in movable}
        added = {t: round(STEP * round(v.value() or 0), 2) for t, v in y.items()}
        if limit is None:
            self.optimum = float(u.value() or 0)
        return assignment, added


def _search(problem: _Problem, start_pct: float, **options) -> tuple[tuple[dict, dict] | None, bool]:
    """Bisection on the worst utilisation U of the changeable teams, each step a feasibility MILP;
    the last solve also keeps Sozialräume together and changes little. Returns the solution and
    whether a solve hit the limit (then the bisection stops at the best U proven feasible, and a
    final solve that hits it falls back to that step's solution)."""
    low, high = 0.0, start_pct / 100.0 * (1 + 1e-7) + 1e-9
    problem.bounds = (low, high)  # the optimum lies in (low, high]: low proven infeasible, high feasible
    try:
        best = problem.solve(limit=high, penalty_too=False, **options)
    except SolverLimit:
        return None, True
    if best is None:
        return None, False
    limited = False
    while high - low > TOLERANCE:
        middle = (low + high) / 2
        try:
            found = problem.solve(limit=middle, penalty_too=False, **options)
        except SolverLimit:
            limited = True  # undecided is not infeasible: stop at the U proven so far
            break
        if found is not None:
            high, best = middle, found
        else:
            low = middle
        problem.bounds = (low, high)
    try:
        return problem.solve(limit=high, **options) or best, limited
    except SolverLimit:
        return best, True


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
    problem = _Problem(baseline, changes)
    budget_fte = max(budget_fte, 0.0)
    affected = problem.changeable(reassign, budget_fte)
    affected_before = worst_utilisation(before, affected)
    found, limited, lower = None, False, 0.0
    if affected_before is not None:
        # bisection on the worst utilisation U of the changeable teams: each step a feasibility MILP
        # (fast with HiGHS), the last one also keeps Sozialräume together and changes little
        # with both levers the search treats the budget as continuous (fast); the districts found
        # are then kept and the budget is placed in whole 0,1-VZÄ steps by a second search
        try:
            found, limited = _search(problem, affected_before, reassign=reassign, budget=budget_fte,
                                     whole_steps=not (reassign and budget_fte > 0))
            lower = problem.bounds[0]  # of the whole problem (the second search fixes the districts)
            if found is not None and reassign and budget_fte > 0:
                whole, limited_too = _search(problem, affected_before, reassign=True, budget=budget_fte,
                                             whole_steps=True, fixed=found[0])
                found, limited = whole or found, limited or limited_too
        except SolverFailed as error:
            return Proposal([], worst_before, worst_before, f"Der Löser ist mit einem Fehler abgebrochen "
                            f"({error}); das Szenario bleibt unverändert. Bitte erneut versuchen.")
    if found is None and limited:
        return Proposal([], worst_before, worst_before, "Der Löser hat seine Rechengrenze erreicht, bevor er "
                        "eine bessere Lösung belegen konnte; das Szenario bleibt unverändert.",
                        limit_reached=True)
    if found is None:
        return Proposal([], worst_before, worst_before, "Der Löser hat keine bessere Lösung gefunden; "
                        "das Szenario bleibt unverändert.")
    assignment, added = found
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
