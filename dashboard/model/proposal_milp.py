"""The programme behind „Vorschlag berechnen“: loads and capacities, the independent parts, one
MILP per part and step (HiGHS through `proposal_highs`; its LP relaxation for a bound), the part's
arrays for the local search (`proposal_search`), and the budget in whole steps without a MILP.

Parts: a district may go only to a catchment team of its own part. Sozialräume and teams are linked
when a team serves a district of the Sozialraum (its catchment team on the Stichtag or in the
scenario) or carries cases or new cases of one there (a site-based team); a part is what these links
hold together — the same idea as the small-count protection's blocks (`suppression._blocks`). In the
Land that is a Landkreis with its teams, in a city the whole city. Sozialräume are told apart by
their unique code (`District.social_area_key`), not by their name. A team linked to nothing (no
district, no case with a district) is placed by the data nowhere: when the data form one part it
belongs to it (a city's new team), else it is a part of its own and takes no district until the
scenario assigns it one (`ReassignDistrict`, which links it).

Only HiGHS's own status decides: "optimal" is a proven solution, "infeasible" is no solution, a
limit with a solution is that solution unproven (`Solution.proven`), one without is `SolverLimit`,
and anything else is `SolverFailed` (see `proposal`). Pure: no Dash, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from .linked import Linked
from .proposal_highs import (
    BUDGET_WEIGHT,
    CHANGE_WEIGHT,
    MAX_NODES,
    SPLIT_WEIGHT,
    STEP,
    Model,
    SolverFailed,
    SolverLimit,
)
from .proposal_search import Arrays
from .scenario_disclosure import hidden_districts
from .scenarios import Baseline, Change
from .scenarios.projection import apply_changes, capacity_matrix, points_of, prepared, stock

__all__ = ["MAX_NODES", "STEP", "Part", "Problem", "Solution", "SolverFailed", "SolverLimit"]


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
    proven: bool = True  # optimal; False: the node limit stopped HiGHS at this solution
    bound: float = 0.0  # HiGHS's proven lower bound of the objective (the least worst U: of U)


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

    def solve(self, part: Part, *, reassign: bool, steps: float, limit: float | None, penalty_too: bool = True,
              whole_steps: bool = True, start: Solution | None = None, gap: float | None = None,
              relaxation: bool = False) -> Solution | None:
        """Can every changeable team of `part` stay at or below `limit`, with at most `steps` budget
        steps? The solution (with the fewest budget steps), or None if not (proven). `penalty_too`:
        also keep Sozialräume together and change few districts. `limit` None: the least worst
        utilisation U by reassigning (no budget), within the absolute `gap`. `start`: a solution to
        begin from (HiGHS keeps it if it finds none better). `SolverLimit` if HiGHS stopped without one."""
        movable = part.movable if reassign else ()
        teams = part.catchment if movable else ()
        m = Model()
        x = {(d, t): m.column(0.0, 1.0, integer=True) for d in movable for t in teams}
        cap_steps = max(steps, 0.0)
        y = {t: m.column(0.0, cap_steps, BUDGET_WEIGHT, integer=whole_steps)
             for t in (part.budget if steps > 0 and limit is not None else ())}
        u = m.column(0.0, highspy.kHighsInf, 1.0) if limit is None else None
        for d in movable:
            m.row([x[d, t] for t in teams], [1.0] * len(teams), 1.0, 1.0)
        if y:
            m.row(list(y.values()), [1.0] * len(y), -highspy.kHighsInf, cap_steps)
        base = self.load.copy()
        for d in movable:
            if self.current[d] >= 0:
                base[self.current[d]] -= self.district_load[d]
        moving = self.district_load[list(movable)].T if movable else np.zeros((self.n, 0))  # point × district
        moving = np.where(moving > 1e-9, moving, 0.0)
        for t in sorted(set(teams) | set(y)):
            cap, fixed = self.capacity[t], base[t]
            columns = [x[d, t] for d in movable] if t in teams else []
            coefficients = moving if t in teams else np.zeros((self.n, 0))
            if t in y:  # load ≤ limit × (capacity + the steps' posts)
                columns = [*columns, y[t]]
                coefficients = np.hstack([coefficients, np.full((self.n, 1), -limit * STEP * self.ratio[t])])
                bound, rows = limit * cap - fixed, np.arange(self.n)
            else:
                none = np.flatnonzero(cap <= 0)  # no capacity: takes no district cases
                for k in none[coefficients[none].any(axis=1)]:
                    nonzero = np.flatnonzero(coefficients[k])
                    m.row([columns[i] for i in nonzero], coefficients[k][nonzero].tolist(), -highspy.kHighsInf, 0.0)
                rows = np.flatnonzero(cap > 0)
                if u is not None:
                    columns = [*columns, u]
                    coefficients = np.hstack([coefficients, -cap[:, None]])
                    bound = -fixed
                else:
                    bound = limit * cap - fixed
            constant = ~coefficients[rows].any(axis=1)
            if (bound[rows][constant] < -1e-9).any():
                return None  # a team nothing can change is above the limit
            rows = rows[~constant]
            m.capacity_rows(columns, coefficients[rows], bound[rows], np.where(cap[rows] > 0, cap[rows], 1.0))
        z, social = {}, {}
        if x and penalty_too:
            for d in movable:
                social.setdefault(self.key[d], []).append(d)
            for key, members in social.items():
                for t in teams:
                    z[key, t] = m.column(0.0, 1.0, SPLIT_WEIGHT, integer=True)
                    for d in members:
                        m.row([x[d, t], z[key, t]], [1.0, -1.0], -highspy.kHighsInf, 0.0)
            for d in movable:
                if (d, self.current[d]) in x:
                    m.cost[x[d, self.current[d]]] = -CHANGE_WEIGHT  # 1 − x: the constant left out
        if not m.lower:
            return Solution({}, {})
        begin = None
        if start is not None:
            begin = np.zeros(len(m.lower))
            for (d, t), column in x.items():
                begin[column] = 1.0 if start.assignment.get(d, self.current[d]) == t else 0.0
            for t, column in y.items():
                begin[column] = min(max(start.steps.get(t, 0.0), 0.0), cap_steps)
            for (key, t), column in z.items():
                begin[column] = max(begin[x[d, t]] for d in social[key])
            if u is not None:
                begin[u] = self.worst({d: t for (d, t), c in x.items() if begin[c] > 0.5}, teams)
        outcome = m.solve(begin, gap, relaxation)
        if outcome is None:
            return None
        values = outcome.values
        assignment = {d: max(teams, key=lambda t: values[x[d, t]]) for d in movable}
        if relaxation:  # the largest share of each district (not a solution of the programme: rounded)
            return Solution(assignment, {}, False, outcome.bound)
        return Solution(assignment, {t: max(float(values[v]), 0.0) for t, v in y.items()}, outcome.proven,
                        outcome.bound)

    def arrays(self, part: Part) -> Arrays | None:
        """The part as the local search sees it (None: a district no team of the part may take)."""
        movable, teams = list(part.movable), list(part.catchment)
        load = np.where(self.district_load[movable] > 1e-9, self.district_load[movable], 0.0)
        base = self.load[teams].copy()
        for i, d in enumerate(movable):
            if self.current[d] in teams:
                base[teams.index(self.current[d])] -= load[i]
        cap = self.capacity[teams]
        inverse = np.divide(1.0, cap, out=np.zeros_like(cap), where=cap > 0)
        allowed = ~((load[:, None, :] > 0) & (cap[None, :, :] <= 0)).any(axis=2)
        current = np.array([teams.index(self.current[d]) if self.current[d] in teams else -1 for d in movable],
                           dtype=int)
        if len(movable) and not allowed.any(axis=1).all():
            return None
        keys = list(dict.fromkeys(self.key[d] for d in movable))
        area = np.array([keys.index(self.key[d]) for d in movable], dtype=int)
        return Arrays(load, base, inverse, allowed, current, area)

    def worst(self, assignment: dict, teams: Sequence[int]) -> float:
        """The highest utilisation (a fraction) of `teams` at any point with capacity, `assignment` moved."""
        load = self.loads(assignment)
        values = [float((load[t][cap > 0] / cap[cap > 0]).max()) for t in teams
                  for cap in (self.capacity[t],) if (cap > 0).any()]
        return max(values, default=0.0)

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
