"""The programme behind „Vorschlag berechnen“: loads and capacities, the independent parts, one
feasibility MILP per part and step (PuLP with HiGHS), and the budget in whole steps without a MILP.

Parts: a district may go only to a catchment team of its own part. Sozialräume and teams are linked
when a team serves a district of the Sozialraum (its catchment team on the Stichtag or in the
scenario) or carries cases or new cases of one there (a site-based team); a part is what these links
hold together — the same idea as the small-count protection's blocks (`suppression._blocks`). In the
Land that is a Landkreis with its teams, in a city the whole city. Sozialräume are told apart by
their unique code (`District.social_area_key`), not by their name. A team linked to nothing (no
district, no case with a district) is placed by the data nowhere: when the data form one part it
belongs to it (a city's new team), else it is a part of its own and takes no district until the
scenario assigns it one (`ReassignDistrict`, which links it).

Only HiGHS's own status decides: "optimal" is a solution, "infeasible" is no solution, a limit is
`SolverLimit` and anything else is `SolverFailed` (see `proposal`). Pure: no Dash, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import pulp

from .linked import Linked
from .scenario_disclosure import hidden_districts
from .scenarios import Baseline, Change
from .scenarios.projection import apply_changes, capacity_matrix, points_of, prepared, stock

STEP = 0.1  # VZÄ of budget are handed out in steps of 0,1
SPLIT_WEIGHT, CHANGE_WEIGHT, BUDGET_WEIGHT = 2.0, 1.0, 0.01
MAX_NODES = 50_000  # branch-and-bound nodes per solve: a deterministic limit instead of seconds
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


@dataclass(frozen=True)
class Part:
    """An independent part: its movable districts, its catchment teams (the districts' candidates) and
    its IM teams (the budget's), as indexes of the problem."""

    movable: tuple[int, ...]
    catchment: tuple[int, ...]
    budget: tuple[int, ...]

    def changeable(self, reassign: bool, budget: bool) -> tuple[int, ...]:
        teams = set(self.catchment) if reassign and self.movable else set()
        return tuple(sorted(teams | (set(self.budget) if budget else set())))


@dataclass(frozen=True)
class Solution:
    assignment: dict  # district → team (every movable district of the part)
    steps: dict  # team → budget steps (as solved: whole or continuous)


class Problem:
    """Loads and capacities of the scenario, per district and team, at every point, and its parts."""

    def __init__(self, b: Baseline, changes: Sequence[Change]):
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
        fixed = matrix[n_d:n_d + n_t]
        fte, self.capacity = capacity_matrix(b, state, points)
        self.is_catchment = [b.team(code).uses_catchment for code in teams]
        self.current = {d: a["team_ix"].get(mapping.get(code), -1) for d, code in enumerate(districts)}
        self.load = fixed.copy()  # every district with its current team
        for d, t in self.current.items():
            if t >= 0:
                self.load[t] += self.district_load[d]
        hidden = hidden_districts(b)  # moving one of them would reveal its hidden count
        self.key = [d.social_area_key for d in b.districts]
        self.ratio = [float(state.team_ratio.get(code) or state.ratio) for code in teams]
        # cases of districts that no catchment team carries stay with the rest row (not optimised)
        self.has_im = [bool(fte[t].any() or fixed[t].any()) for t in range(n_t)]
        links = [(d, t) for _, epoch in state.catchment_epochs for d, t in (
            (a["district_ix"].get(code, -1), a["team_ix"].get(team, -1)) for code, team in epoch.items())]
        for owner, district in ((a["case_owner"], a["case_district"]), (a["in_owner"], a["in_district"])):
            both = (owner >= 0) & (district >= 0)
            links += {(int(d), int(t)) for d, t in zip(district[both], owner[both])}
        self.parts = self._parts(links, hidden)

    def _parts(self, links, hidden) -> list[Part]:
        n_t = len(self.teams)
        parts = Linked()
        for d, t in sorted(links):
            if d >= 0 and t >= 0:
                parts.link(("area", self.key[d]), ("team", t))
        linked = {parts.find(node) for node in list(parts.root)}
        # links that form at most one part: everything is that part (a team linked to nothing included)
        whole = next(iter(linked)) if len(linked) == 1 else None if linked else ("whole",)

        def part_of(node):
            return whole if whole is not None and node not in parts else parts.find(node)

        group: dict = {}
        for t in range(n_t):
            group.setdefault(part_of(("team", t)), []).append(t)
        areas: dict = {}
        for d in range(len(self.districts)):
            areas.setdefault(part_of(("area", self.key[d])), []).append(d)
        parts = []
        for r in dict.fromkeys([*group, *areas]):  # in the teams' order, then districts of no team
            members, catchment = areas.get(r, []), [t for t in group.get(r, []) if self.is_catchment[t]]
            movable = tuple(d for d in members if catchment and self.districts[d] not in hidden
                            and (self.district_load[d].max() > 1e-9 or self.current[d] >= 0))
            budget = tuple(t for t in group.get(r, []) if self.has_im[t])
            if movable or budget:
                parts.append(Part(movable, tuple(catchment), budget))
        return parts

    def solve(self, part: Part, *, reassign: bool, steps: float, limit: float, penalty_too: bool = True,
              whole_steps: bool = True) -> Solution | None:
        """Can every changeable team of `part` stay at or below `limit`, with at most `steps` budget
        steps? The solution (with the fewest budget steps), or None if not (proven). `penalty_too`:
        also keep Sozialräume together and change few districts. `SolverLimit` if HiGHS could not decide."""
        prob = pulp.LpProblem("vorschlag", pulp.LpMinimize)
        movable = part.movable if reassign else ()
        teams = part.catchment if movable else ()
        x = {(d, t): prob.add_variable(f"x_{d}_{t}", cat="Binary") for d in movable for t in teams}
        cap_steps = max(steps, 0.0)
        y = {t: prob.add_variable(f"y_{t}", 0, cap_steps, cat="Integer" if whole_steps else "Continuous")
             for t in (part.budget if steps > 0 else ())}
        for d in movable:
            prob += pulp.lpSum(x[d, t] for t in teams) == 1
        if y:
            prob += pulp.lpSum(y.values()) <= cap_steps
        base = self.load.copy()
        for d in movable:
            if self.current[d] >= 0:
                base[self.current[d]] -= self.district_load[d]
        for t in sorted(set(teams) | set(y)):
            for k in range(self.n):
                fixed = float(base[t, k])
                moving = [(float(self.district_load[d, k]), x[d, t]) for d in movable
                          if (d, t) in x and self.district_load[d, k] > 1e-9]
                cap = float(self.capacity[t, k])
                load = fixed + pulp.lpSum(c * v for c, v in moving) if moving else fixed
                extra = STEP * self.ratio[t] * y[t] if t in y else 0
                if cap <= 0 and t not in y:
                    if moving:  # no capacity: takes no district cases (its own stay "keine Kapazität")
                        prob += pulp.lpSum(c * v for c, v in moving) <= 0
                    continue
                if t in y:
                    prob += load <= limit * cap + limit * extra
                elif moving:
                    prob += load <= limit * cap
                elif fixed > limit * cap + 1e-9:
                    return None  # a team nothing can change is above the limit
        penalty = []
        if x and penalty_too:
            social: dict = {}
            for d in movable:
                social.setdefault(self.key[d], []).append(d)
            for i, members in enumerate(social.values()):
                for t in teams:
                    z = prob.add_variable(f"z_{i}_{t}", cat="Binary")
                    for d in members:
                        prob += x[d, t] <= z
                    penalty.append(SPLIT_WEIGHT * z)
            penalty += [CHANGE_WEIGHT * (1 - x[d, self.current[d]]) for d in movable
                        if (d, self.current[d]) in x]
        penalty += [BUDGET_WEIGHT * v for v in y.values()]
        prob += pulp.lpSum(penalty)
        if not _optimal(prob):
            return None
        assignment = {d: max(teams, key=lambda t: x[d, t].value() or 0) for d in movable}
        return Solution(assignment, {t: max(float(v.value() or 0), 0.0) for t, v in y.items()})

    def loads(self, assignment: dict) -> np.ndarray:
        """Every team's load at every point with the districts of `assignment` moved."""
        load = self.load.copy()
        for d, t in assignment.items():
            if t != self.current[d]:
                if self.current[d] >= 0:
                    load[self.current[d]] -= self.district_load[d]
                load[t] += self.district_load[d]
        return load

    def whole_steps(self, load: np.ndarray, teams: Sequence[int], check: Sequence[int], steps: int,
                    limit: float) -> dict | None:
        """The fewest whole budget steps per team of `teams` that keep them and the teams of `check`
        (no budget) at or below `limit` with `load`, within `steps` in all; None if none do. The
        teams are independent here, so each team's minimum is closed-form (no MILP)."""
        for t in check:
            cap = self.capacity[t]
            if (cap > 0).any() and (load[t][cap > 0] > limit * cap[cap > 0] + 1e-9).any():
                return None
        added, total = {}, 0
        for t in teams:
            need = (load[t] / limit - self.capacity[t]) / (STEP * self.ratio[t])
            added[t] = max(0, math.ceil(float(need.max()) - 1e-9))
            total += added[t]
            if total > steps:
                return None
        return added
