"""What an attacker can compute from published counts, and the extra suppression that stops it.

A published count table is a set of linear facts over non-negative unknowns: every visible cell is
known, every hidden cell is an unknown, and every published relation (a row's cells add up to its
"Gesamt" cell, a Sozialraum's cell is the sum of its districts' cells, a team's column adds up to
the team's published total) is an equation. The attacker's best knowledge of a hidden cell is its
*feasible range*: the minimum and the maximum the cell can take while all facts hold (two linear
programmes). The rule of DOMAIN §9 is met only if no small count can be pinned down: the range of
every *sensitive* cell (a count from 1 to threshold−1) must be at least `min_range` wide (the
suppression threshold by default, so with threshold 5 a small count is never known within ±2).
The cells hidden only to protect them (secondary cells, 0 or ≥ threshold) need no range of their
own: knowing one of them tells no small count that the sensitive cells' ranges do not already
allow. This is the protection-interval rule of statistical disclosure control; auditing every
hidden cell instead made the greedy search hide whole Landkreise for one small count.

A Träger knows its own cases, so it reads its own column of the table exactly; the range rule must
also hold with each such *insider* column known.

Contracts:
- `feasible_ranges` is exact for the linear relaxation; the tables here (margins over nested
  rows) have integral vertices, and an integer attacker gains nothing over the relaxation beyond
  rounding the bounds inward, which `range_width` does.
- `widen` only ever hides more cells; hiding a cell relaxes the facts, so a range never shrinks
  and cells already wide enough stay so.
- Deterministic: candidates are tried in positional order, the smallest non-zero value first.

Pure: numpy and highspy (the HiGHS LP solver), no dash, no sqlalchemy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

Cell = tuple[int, int]
EPS = 1e-6


def _silence_banner() -> None:
    """HiGHS prints a banner to stdout when a process makes its first instance; made here with stdout
    closed, so that `im-cockpit kpis --json` prints JSON only. Runs once, at import (before threads)."""
    import os
    import sys

    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no stdout to protect
        highspy.Highs()
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_silence_banner()


@dataclass(frozen=True)
class Relation:
    """Σ coefficient × cell = constant, over cells of one grid (a published fact)."""

    terms: tuple[tuple[Cell, float], ...]
    constant: float = 0.0


def nested_relations(n_parent: int, n_rows: int, n_cols: int, parent_of_row: dict[int, int],
                     totals: Sequence[float]) -> list[Relation]:
    """The facts of a parent/child table pair with a total column, as published on the pages.

    Rows 0..n_parent-1 are the parents (Sozialräume), the others their children (districts); the last
    column is each row's total. `totals[c]` is the published sum of column c (a team's cases).
    """
    last = n_cols - 1
    relations = [Relation(tuple([((r, c), 1.0) for c in range(last)] + [((r, last), -1.0)]))
                 for r in range(n_rows)]
    children: dict[int, list[int]] = {}
    for r in range(n_parent, n_rows):  # once, not per column (1.233 rows × 180 columns at Land scale)
        if parent_of_row.get(r) is not None:
            children.setdefault(parent_of_row[r], []).append(r)
    for c in range(n_cols):
        for rows in (range(n_parent), range(n_parent, n_rows)):
            if len(rows):
                relations.append(Relation(tuple(((r, c), 1.0) for r in rows), float(totals[c])))
        for p in range(n_parent):
            members = children.get(p, [])
            if members:
                relations.append(Relation(tuple([((p, c), 1.0)] + [((r, c), -1.0) for r in members])))
    return relations


class _WholeAuditor:
    """One LP over the grid's cells; hidden cells are free (≥ 0), visible ones fixed to their value."""

    def __init__(self, grid: Sequence[Sequence[int]], relations: Sequence[Relation]):
        self.grid = grid
        self.n_cols = len(grid[0]) if grid else 0
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        n = len(grid) * self.n_cols
        inf = highspy.kHighsInf
        values = np.array([float(v) for row in grid for v in row])
        self.h.addVars(n, values, values)
        for rel in relations:
            index = np.array([self._ix(cell) for cell, _ in rel.terms], dtype=np.int32)
            coef = np.array([c for _, c in rel.terms])
            self.h.addRow(rel.constant, rel.constant, len(index), index, coef)
        self.n, self.inf = n, inf

    def _ix(self, cell: Cell) -> int:
        return cell[0] * self.n_cols + cell[1]

    def set_hidden(self, cell: Cell, hidden: bool) -> None:
        value = float(self.grid[cell[0]][cell[1]])
        self.h.changeColBounds(self._ix(cell), 0.0 if hidden else value, self.inf if hidden else value)

    def range(self, cell: Cell) -> tuple[float, float]:
        ix = self._ix(cell)
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            self.h.changeColCost(ix, 1.0)
            self.h.changeObjectiveSense(sense)
            self.h.run()
            status = self.h.getModelStatus()
            value = self.h.getInfo().objective_function_value
            self.h.changeColCost(ix, 0.0)
            if status == highspy.HighsModelStatus.kUnbounded:
                bounds.append(math.inf)
            elif status == highspy.HighsModelStatus.kOptimal:
                bounds.append(value)
            else:  # the published facts must be consistent with the true values
                raise ValueError(f"Die veröffentlichten Zahlen widersprechen sich ({self.h.modelStatusToString(status)}).")
        return bounds[0], bounds[1]


class _ComponentAuditor:
    """The attacker's LP: hidden cells are free (≥ 0), visible ones fixed to their value.

    A hidden cell's range depends only on the hidden cells linked to it through relations (its
    component); every other unknown is independent of it. So each range solves the component's LP,
    a few dozen unknowns, instead of one over the whole grid (198.000 cells at Land scale) — the same
    minimum and maximum, exactly.
    """

    def __init__(self, grid: Sequence[Sequence[int]], relations: Sequence[Relation]):
        self.grid = grid
        self.relations = list(relations)
        self.hidden: set[Cell] = set()
        self.touching: dict[Cell, list[int]] = {}
        for i, rel in enumerate(self.relations):
            for cell, _ in rel.terms:
                self.touching.setdefault(cell, []).append(i)

    def set_hidden(self, cell: Cell, hidden: bool) -> None:
        if hidden:
            self.hidden.add(cell)
        else:
            self.hidden.discard(cell)

    def _component(self, cell: Cell) -> tuple[list[Cell], list[int]]:
        """The hidden cells linked to `cell` through relations, and those relations."""
        cells, rels, todo = {cell}, set(), [cell]
        while todo:
            for i in self.touching.get(todo.pop(), ()):
                if i in rels:
                    continue
                rels.add(i)
                for other, _ in self.relations[i].terms:
                    if other in self.hidden and other not in cells:
                        cells.add(other)
                        todo.append(other)
        return sorted(cells), sorted(rels)

    def range(self, cell: Cell) -> tuple[float, float]:
        cells, rels = self._component(cell)
        index = {c: i for i, c in enumerate(cells)}
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        h.addVars(len(cells), np.zeros(len(cells)), np.full(len(cells), inf))
        for i in rels:
            rel = self.relations[i]
            free = [(index[c], coef) for c, coef in rel.terms if c in index]
            rest = rel.constant - sum(coef * float(self.grid[c[0]][c[1]]) for c, coef in rel.terms if c not in index)
            h.addRow(rest, rest, len(free), np.array([i for i, _ in free], dtype=np.int32),
                     np.array([coef for _, coef in free]))
        h.changeColCost(index[cell], 1.0)
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            h.changeObjectiveSense(sense)
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kUnbounded:
                bounds.append(math.inf)
            elif status == highspy.HighsModelStatus.kOptimal:
                bounds.append(h.getInfo().objective_function_value)
            else:  # the published facts must be consistent with the true values
                raise ValueError(f"Die veröffentlichten Zahlen widersprechen sich ({h.modelStatusToString(status)}).")
        return bounds[0], bounds[1]


COMPONENT_FROM = 5000  # cells: from this grid size each range solves only its component's LP


def _auditor(grid: Sequence[Sequence[int]], relations: Sequence[Relation]):
    """The LP auditor for `grid`: one model over all cells for a city's table (fast to re-solve), the
    component LPs for a large one (a Land-wide table, where one LP over all cells takes seconds)."""
    cells = len(grid) * (len(grid[0]) if grid else 0)
    return (_ComponentAuditor if cells >= COMPONENT_FROM else _WholeAuditor)(grid, relations)


def range_width(low: float, high: float) -> float:
    """Width of what an integer attacker knows: the bounds rounded inward to whole cases."""
    if math.isinf(high):
        return math.inf
    return math.floor(high + EPS) - math.ceil(low - EPS)


def feasible_ranges(grid: Sequence[Sequence[int]], hidden: Sequence[Sequence[bool]],
                    relations: Sequence[Relation], known: Iterable[Cell] = ()) -> dict[Cell, tuple[float, float]]:
    """Min and max of every hidden cell (not in `known`) that the published facts allow."""
    auditor = _auditor(grid, relations)
    known = set(known)
    cells = [(r, c) for r, row in enumerate(hidden) for c, h in enumerate(row) if h and (r, c) not in known]
    for cell in cells:
        auditor.set_hidden(cell, True)
    return {cell: auditor.range(cell) for cell in cells}


def widen(grid: Sequence[Sequence[int]], hidden: list[list[bool]], relations: Sequence[Relation],
          min_range: int, insiders: Sequence[Sequence[Cell]] = ((),),
          sensitive: Iterable[Cell] | None = None) -> list[list[bool]]:
    """Hide more cells until every sensitive cell's feasible range is at least `min_range` wide.

    `sensitive`: the small counts (the primary suppressions, which must be hidden on entry); by
    default every cell hidden on entry. The partners hidden to protect them are not audited
    themselves. `insiders` lists, per kind of reader, the
    cells that reader knows anyway (a Träger its own column); the rule must hold for each. A cell
    whose relations hold no visible cell any more cannot be widened further and is left as it is
    (its range is then bounded by published totals that are themselves small).
    """
    if sensitive is None:
        sensitive = [(r, c) for r, row in enumerate(hidden) for c, h in enumerate(row) if h]
    sensitive = sorted(sensitive)
    hidden = [list(row) for row in hidden]
    touching: dict[Cell, list[Relation]] = {}
    for rel in relations:
        for cell, _ in rel.terms:
            touching.setdefault(cell, []).append(rel)
    protector = _Protector(grid, relations, min_range)
    for known in insiders:
        known = set(known)
        auditor = None  # the greedy search's LP, built only when a pattern cannot be found
        for cell in (c for c in sensitive if c not in known):
            pattern = protector.pattern(cell, hidden, known)
            if pattern is not None:
                for r, c in pattern:
                    if hidden[r][c] is False and auditor is not None:
                        auditor.set_hidden((r, c), True)
                    hidden[r][c] = True
                continue
            if auditor is None:
                auditor = _auditor(grid, relations)
                for r, row in enumerate(hidden):
                    for c, h in enumerate(row):
                        if h and (r, c) not in known:
                            auditor.set_hidden((r, c), True)
            width = range_width(*auditor.range(cell))
            frontier = [cell]  # cells whose relations may hold a helpful partner
            while width < min_range:
                relations_near = [rel for c in frontier for rel in touching.get(c, [])]
                partner, new_width = _helpful_partner(auditor, grid, hidden, known, relations_near, cell, width)
                if partner is None:
                    break
                if new_width <= width:
                    frontier.append(partner)  # no help alone: look one step further, through it
                width = new_width
                hidden[partner[0]][partner[1]] = True
    return hidden


class _Protector:
    """The cheapest set of cells to hide so that one sensitive cell can rise by `min_range`.

    A change δ of the cells that keeps every published relation (Σ coefficient × δ = 0) and every
    count non-negative (δ ≥ −value), with δ = +min_range on the sensitive cell, is a second table
    the reader cannot tell from the true one once every changed cell is hidden: the cell's range
    is then at least `min_range` wide. One LP finds such a δ changing few visible cells (cost 1 per
    case moved in a visible cell, 3 in a visible zero, next to nothing in a hidden cell); the cells
    it changes are hidden. Cells the reader knows stay unchanged (δ = 0).
    """

    COST_VISIBLE, COST_ZERO, COST_HIDDEN = 1.0, 3.0, 1e-3

    def __init__(self, grid: Sequence[Sequence[int]], relations: Sequence[Relation], min_range: int):
        self.n_cols = len(grid[0]) if grid else 0
        self.values = np.array([float(v) for row in grid for v in row])
        self.n, self.min_range = len(self.values), float(min_range)
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        # columns 0..n-1: the rise of each cell; n..2n-1: its fall (at most its value)
        self.h.addVars(2 * self.n, np.zeros(2 * self.n), np.concatenate([np.full(self.n, inf), self.values]))
        for rel in relations:
            index = [self._ix(cell) for cell, _ in rel.terms]
            coef = [c for _, c in rel.terms]
            self.h.addRow(0.0, 0.0, 2 * len(index), np.array(index + [self.n + i for i in index], dtype=np.int32),
                          np.array(coef + [-c for c in coef]))
        self.all = np.arange(2 * self.n, dtype=np.int32)

    def _ix(self, cell: Cell) -> int:
        return cell[0] * self.n_cols + cell[1]

    def pattern(self, cell: Cell, hidden: Sequence[Sequence[bool]], known: set[Cell]) -> list[Cell] | None:
        """The cells to hide (some may be hidden already), or None when no such change exists."""
        inf = highspy.kHighsInf
        flat = np.array([h for row in hidden for h in row], dtype=bool)
        cost = np.where(flat, self.COST_HIDDEN, np.where(self.values > 0, self.COST_VISIBLE, self.COST_ZERO))
        lower, upper = np.zeros(2 * self.n), np.concatenate([np.full(self.n, inf), self.values])
        for other in known:
            upper[self._ix(other)] = upper[self.n + self._ix(other)] = 0.0
        ix = self._ix(cell)
        lower[ix] = upper[ix] = self.min_range
        upper[self.n + ix] = 0.0
        self.h.changeColsCost(2 * self.n, self.all, np.concatenate([cost, cost]))
        self.h.changeColsBounds(2 * self.n, self.all, lower, upper)
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        moved = np.asarray(self.h.getSolution().col_value)
        changed = (moved[:self.n] + moved[self.n:]) > EPS
        return [(int(i) // self.n_cols, int(i) % self.n_cols) for i in np.flatnonzero(changed)]


def _helpful_partner(auditor: _WholeAuditor | _ComponentAuditor, grid, hidden, known: set[Cell], relations: Sequence[Relation],
                     cell: Cell, width: float) -> tuple[Cell | None, float]:
    """The first visible cell whose hiding widens `cell`'s range, and the new width; hides it in the LP.
    When none widens it alone, the first candidate (the next step towards a pair that does).

    Candidates are the visible cells of the given relations: the smallest non-zero value first (a
    small partner costs the reader least), zeros last, ties by the shorter relation.
    """
    seen: set[Cell] = set()
    pool: list[tuple[int, Cell]] = []
    for rel in sorted(relations, key=lambda rel: len(rel.terms)):
        for c, _ in rel.terms:
            if c not in seen and c not in known and not hidden[c[0]][c[1]]:
                seen.add(c)
                pool.append((len(rel.terms), c))
    # the smallest non-zero count first (it costs the reader least), zeros last, short relations first
    ordered = [c for _, c in sorted(pool, key=lambda item: (grid[item[1][0]][item[1][1]] == 0,
                                                            grid[item[1][0]][item[1][1]], item[0]))]
    for candidate in ordered:
        auditor.set_hidden(candidate, True)
        new_width = range_width(*auditor.range(cell))
        if new_width > width:
            return candidate, new_width
        auditor.set_hidden(candidate, False)
    if not ordered:
        return None, width
    # No single cell helps: two linked facts pin the cell, so hide the first candidate and go on.
    auditor.set_hidden(ordered[0], True)
    return ordered[0], width
