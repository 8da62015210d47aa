"""One programme of „Vorschlag berechnen“ handed to HiGHS directly (highspy, arrays; issue 18, item 4).

Columns x (binary: district d to team t), y (budget steps of a team), u (the worst utilisation, when it
is the objective) and z (binary: team t serves Sozialraum i); rows per district (one team), the budget,
and per team and point the capacity. A point whose capacity row another point's row implies (every
coefficient, divided by the capacity, no larger and the fixed load no smaller) is left out: the same
programme, fewer rows. A start (the scenario's assignment, or the last solve's) is handed to HiGHS, so
a search stopped at the node limit still keeps the best solution it has, never a worse one.

Only HiGHS's own status decides: "optimal" is proven, "infeasible" is no solution, a limit with a
solution is that solution unproven, a limit without one is `SolverLimit`, anything else `SolverFailed`.
No wall-clock limit (see `proposal`): the node limit `MAX_NODES` only. Pure: no Dash, no database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import numpy as np

STEP = 0.1  # VZÄ of budget are handed out in steps of 0,1
SPLIT_WEIGHT, CHANGE_WEIGHT, BUDGET_WEIGHT = 2.0, 1.0, 0.01
MAX_NODES = 50_000  # branch-and-bound nodes per solve: a deterministic limit instead of seconds
_INFEASIBLE = (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible)
_LIMITS = {getattr(highspy.HighsModelStatus, name) for name in (
    "kTimeLimit", "kIterationLimit", "kSolutionLimit", "kInterrupt", "kHighsInterrupt", "kMemoryLimit",
    "kObjectiveBound", "kObjectiveTarget") if hasattr(highspy.HighsModelStatus, name)}


class SolverLimit(Exception):
    """HiGHS stopped at a limit before it proved optimal or infeasible, without a solution: no answer."""


class SolverFailed(Exception):
    """HiGHS did not solve (an error status): no answer, and no limit to blame."""


@dataclass
class Outcome:
    values: np.ndarray  # the solution's column values
    proven: bool  # optimal (within the gap asked for); False: the node limit stopped it
    bound: float  # HiGHS's proven lower bound of the objective


class Model:
    """Columns and rows collected in arrays, then solved once."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.cost: list[float] = []
        self.integer: list[int] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []
        self.row_upper: list[float] = []
        self.row_lower: list[float] = []

    def column(self, lower: float, upper: float, cost: float = 0.0, integer: bool = False) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        if integer:
            self.integer.append(len(self.lower) - 1)
        return len(self.lower) - 1

    def row(self, columns, values, lower: float, upper: float) -> None:
        self.starts.append(len(self.index))
        self.index.extend(columns)
        self.value.extend(values)
        self.row_lower.append(lower)
        self.row_upper.append(upper)

    def capacity_rows(self, columns: list[int], coefficients: np.ndarray, bound: np.ndarray,
                      scale: np.ndarray) -> None:
        """Rows `coefficients[k] · columns ≤ bound[k]` (one per point k; columns ≥ 0) without those
        another row implies: divided by `scale[k]` > 0 (the capacity), row k is implied by row j if every
        coefficient of j is at least k's and j's bound at most k's."""
        for k in _undominated(coefficients / scale[:, None], bound / scale):
            nonzero = np.flatnonzero(coefficients[k])
            self.row([columns[i] for i in nonzero], coefficients[k][nonzero].tolist(), -highspy.kHighsInf,
                     float(bound[k]))

    def solve(self, start: np.ndarray | None = None, abs_gap: float | None = None,
              relaxation: bool = False) -> Outcome | None:
        """HiGHS on the model (None: infeasible, proven). `relaxation`: the LP relaxation only (its
        optimum is the bound; the values are fractional)."""
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        if relaxation:
            h.setOptionValue("solve_relaxation", True)
        h.setOptionValue("mip_max_nodes", MAX_NODES)
        if abs_gap is not None:
            h.setOptionValue("mip_abs_gap", abs_gap)
        n = len(self.lower)
        h.addVars(n, np.array(self.lower), np.array(self.upper))
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(self.cost))
        if self.integer:
            h.changeColsIntegrality(len(self.integer), np.array(self.integer, dtype=np.int32),
                                    np.array([highspy.HighsVarType.kInteger] * len(self.integer)))
        if self.starts:
            h.addRows(len(self.starts), np.array(self.row_lower), np.array(self.row_upper), len(self.index),
                      np.array(self.starts, dtype=np.int32), np.array(self.index, dtype=np.int32),
                      np.array(self.value))
        if start is not None:
            solution = highspy.HighsSolution()
            solution.col_value = start.tolist()
            solution.value_valid = True
            h.setSolution(solution)
        h.run()
        status = h.getModelStatus()
        if status in _INFEASIBLE:
            return None
        if status != highspy.HighsModelStatus.kOptimal and (
                status not in _LIMITS or not math.isfinite(h.getObjectiveValue())):
            raise (SolverLimit if status in _LIMITS else SolverFailed)(str(status))
        bound = h.getObjectiveValue() if relaxation else h.getInfo().mip_dual_bound
        return Outcome(np.array(h.getSolution().col_value), status == highspy.HighsModelStatus.kOptimal,
                       float(bound) if math.isfinite(bound) else -math.inf)


def _undominated(coefficients: np.ndarray, bound: np.ndarray) -> list[int]:
    """The rows of `coefficients · x ≤ bound` (x ≥ 0) that no other row implies, in order (of equal
    rows the first)."""
    scaled = np.hstack([coefficients, -bound[:, None]])
    keep = []
    for k in range(len(scaled)):
        at_least = np.all(scaled >= scaled[k], axis=1)
        at_least[k] = False
        if not np.any(at_least & (np.any(scaled > scaled[k], axis=1) | (np.arange(len(scaled)) < k))):
            keep.append(k)
    return keep
