"""Small-count suppression for district-level case counts (data protection, DOMAIN.md).

Counts from 1 to threshold−1 are hidden and shown as "<threshold" (primary suppression); zero
stays visible. Totals are published exactly, so a lone hidden cell in a row or column could be
recovered as total minus the visible cells: every published row/column that holds a hidden cell
must hold at least two (secondary suppression), repeated until stable because a secondary cell
can leave a new lone hidden cell in the crossing direction.

Contracts:
- Rows are processed before columns in each round, cells in positional order, so the result is
  deterministic for a given table.
- The partner chosen for a lone hidden cell is the smallest non-zero visible cell of its line
  (first in order on ties); only when none is left is a zero taken, because a lone hidden cell
  next to a total is derivable even if everything else is zero.
- A published margin over a single cell *is* that cell, so it cannot be protected: such a
  table is refused with ValueError instead of being returned unsafe.
- Secondary cells are always 0 or ≥ threshold, yet display() labels every hidden cell alike
  so that a reader cannot tell primary from secondary cells.

Pure: pandas, numpy, stdlib, model.disclosure (LP audit) and model.linked, no dash, no sqlalchemy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.model import disclosure
from dashboard.model.linked import Linked

Grid = list[list[int]]
Mask = list[list[bool]]


def hidden_label(threshold: int) -> str:
    """The text shown instead of a hidden count: "<5" for threshold 5."""
    _check_threshold(threshold)
    return f"<{threshold}"


@dataclass(frozen=True, eq=False)  # eq=False: DataFrames have no truth value, == would raise
class Suppressed:
    """A count table with its suppression mask.

    `values` holds the original counts and must never reach a browser; send display() instead.
    `mask` has the same index and columns, True = hidden (primary or secondary).
    """

    values: pd.DataFrame
    mask: pd.DataFrame
    threshold: int

    def display(self) -> pd.DataFrame:
        """Object-dtype table: Python int for visible cells, hidden_label(threshold) for hidden."""
        shown = self.values.astype(object)  # numpy boxes int64 as Python int in object arrays
        return shown.where(~self.mask, hidden_label(self.threshold))

    def primary(self) -> pd.DataFrame:
        """Bool mask of the primary suppressions only (1 ≤ value < threshold)."""
        return (self.values >= 1) & (self.values < self.threshold)


def suppress_table(
    counts: pd.DataFrame,
    threshold: int,
    *,
    row_totals: bool = True,
    col_totals: bool = True,
) -> Suppressed:
    """Suppress small counts in a 2-D table whose row and/or column totals are published.

    `row_totals` / `col_totals` say which margins are shown; only a published margin forces
    secondary suppression along its lines. threshold=1 hides nothing. Raises ValueError for
    threshold < 1, for counts that are negative, missing or not whole numbers, and for a
    published margin over a single cell that would have to protect a hidden cell.
    """
    _check_threshold(threshold)
    grid = _as_grid(counts.to_numpy().tolist())
    hidden = _secondary(grid, _primary(grid, threshold), rows=row_totals, cols=col_totals)
    values = pd.DataFrame(grid, index=counts.index.copy(), columns=counts.columns.copy(), dtype="int64")
    mask = pd.DataFrame(hidden, index=values.index, columns=values.columns, dtype=bool)
    return Suppressed(values=values, mask=mask, threshold=threshold)


def suppress_series(
    counts: pd.Series,
    threshold: int,
    *,
    total_shown: bool = True,
) -> tuple[pd.Series, pd.Series]:
    """Suppress small counts in a list with a published total (e.g. districts with the city total).

    Returns (display values as object series, bool mask True = hidden), both with the index of
    `counts`. The list is treated as one table row whose row total is the published total.
    Same ValueErrors as suppress_table; a single-entry list with a shown total cannot be protected.
    """
    frame = pd.DataFrame([counts.to_numpy().tolist()], columns=counts.index)
    result = suppress_table(frame, threshold, row_totals=total_shown, col_totals=False)
    shown = pd.Series(result.display().iloc[0].tolist(), index=counts.index, name=counts.name, dtype=object)
    mask = pd.Series(result.mask.iloc[0].tolist(), index=counts.index, name=counts.name, dtype=bool)
    return shown, mask


def suppress_nested(parent: pd.DataFrame, child: pd.DataFrame, parent_of: dict, threshold: int, *,
                    min_range: int | None = None, insider_columns: Sequence[int] = ()) -> tuple[
        Suppressed, Suppressed]:
    """Suppress two published tables whose rows nest (Sozialräume and their districts) together.

    Both tables have the same columns (teams and the row total); every child row belongs to the
    parent row `parent_of[child_key]`, so in each column the parent cell equals the sum of its
    children. Besides each table's own rows and columns, every such parent-and-children set is a
    line: a district hidden alone among its Sozialraum's districts, or a hidden Sozialraum cell
    whose districts are all visible, could otherwise be recovered across the two tables.

    With `min_range`, the last column must be each row's total, and more cells are hidden until no
    small count's feasible range (model.disclosure) is narrower than `min_range`, also for a reader
    who knows one of `insider_columns` exactly (a Träger its own cases).
    """
    _check_threshold(threshold)
    if list(parent.columns) != list(child.columns):
        raise ValueError("Die beiden Tabellen müssen dieselben Spalten haben.")
    grid = _as_grid(parent.to_numpy().tolist()) + _as_grid(child.to_numpy().tolist())
    n_parent, n_cols = len(parent), len(parent.columns)
    child_rows = range(n_parent, len(grid))
    position = {key: i for i, key in enumerate(parent.index)}
    lines = [(f"Zeile {r + 1}", [(r, c) for c in range(n_cols)]) for r in range(len(grid))]
    # The child rows of each parent, found once (not once per column × parent: 26 M look-ups at Land scale).
    members_of: dict = {}
    for r, child_key in zip(child_rows, child.index):
        members_of.setdefault(parent_of[child_key], []).append(r)
    for c in range(n_cols):
        lines.append((f"Spalte {c + 1}", [(r, c) for r in range(n_parent)]))
        lines.append((f"Spalte {c + 1}", [(r, c) for r in child_rows]))
        for key, p in position.items():
            members = members_of.get(key, [])
            if members:
                lines.append((f"Gruppe {key}, Spalte {c + 1}", [(p, c)] + [(r, c) for r in members]))
    primary = _primary(grid, threshold)
    hidden = _protect_lines(grid, primary, lines)
    if min_range is not None and grid:
        parent_row = {r: position[parent_of[key]] for r, key in zip(child_rows, child.index)}
        totals = [sum(grid[r][c] for r in range(n_parent)) for c in range(n_cols)]
        relations = disclosure.nested_relations(n_parent, len(grid), n_cols, parent_row, totals)
        insiders = [()] + [[(r, c) for r in range(len(grid))] for c in insider_columns]
        small = [(r, c) for r, row in enumerate(primary) for c, p in enumerate(row) if p]
        hidden = disclosure.widen(grid, hidden, relations, min_range, insiders, sensitive=small)

    def part(frame: pd.DataFrame, rows: range) -> Suppressed:
        values = pd.DataFrame([grid[r] for r in rows], index=frame.index.copy(), columns=frame.columns.copy(),
                              dtype="int64")
        mask = pd.DataFrame([hidden[r] for r in rows], index=values.index, columns=values.columns, dtype=bool)
        return Suppressed(values=values, mask=mask, threshold=threshold)

    return part(parent, range(n_parent)), part(child, child_rows)


# --- the algorithm on plain lists -------------------------------------------------------------


def _check_threshold(threshold: int) -> None:
    if threshold < 1:
        raise ValueError(f"Die Schwelle für kleine Fallzahlen muss mindestens 1 sein, nicht {threshold}.")


def _as_count(value: object) -> int:
    """One cell as a non-negative int; floats from pivots are fine if they are whole numbers."""
    if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
        raise ValueError(f"Fallzahlen müssen ganze Zahlen sein, nicht {value!r}.")
    if value is None or value is pd.NA:
        raise ValueError("Fallzahlen dürfen nicht fehlen (leere Zelle).")
    count = int(value)  # type: ignore[call-overload]
    if count < 0:
        raise ValueError(f"Fallzahlen dürfen nicht negativ sein, nicht {count}.")
    return count


def _as_grid(rows: Sequence[Sequence[object]]) -> Grid:
    return [[_as_count(v) for v in row] for row in rows]


def _primary(grid: Grid, threshold: int) -> Mask:
    return [[1 <= v < threshold for v in row] for row in grid]


def _secondary(grid: Grid, primary: Mask, *, rows: bool, cols: bool) -> Mask:
    """Add hidden cells until no published row/column holds exactly one; returns a new mask."""
    n_cols = len(grid[0]) if grid else 0
    lines: list[tuple[str, list[tuple[int, int]]]] = []
    if rows:
        lines += [(f"Zeile {r + 1}", [(r, c) for c in range(n_cols)]) for r in range(len(grid))]
    if cols:
        lines += [(f"Spalte {c + 1}", [(r, c) for r in range(len(grid))]) for c in range(n_cols)]
    return _protect_lines(grid, primary, lines)


def _protect_lines(grid: Grid, primary: Mask, lines: list[tuple[str, list[tuple[int, int]]]]) -> Mask:
    """Hide partners until no line (a set of cells whose sum is published) holds exactly one hidden cell."""
    hidden = [list(row) for row in primary]
    changed = True
    while changed:  # terminates: every round that changes something hides at least one more cell
        changed = False
        for name, cells in lines:
            changed |= _protect_line(grid, hidden, cells, name)
    return hidden


def _protect_line(grid: Grid, hidden: Mask, cells: list[tuple[int, int]], name: str) -> bool:
    """If exactly one cell of the line is hidden, hide a partner in place; True if it did."""
    if sum(hidden[r][c] for r, c in cells) != 1:
        return False
    partner = _partner(grid, [(r, c) for r, c in cells if not hidden[r][c]])
    if partner is None:
        # The margin equals the hidden cell itself; publishing it would publish the count.
        raise ValueError(
            f"{name} hat nur eine Zelle: ihre veröffentlichte Summe verriete die verborgene Fallzahl. "
            "Diese Summe darf nicht angezeigt werden."
        )
    hidden[partner[0]][partner[1]] = True
    return True


def _partner(grid: Grid, visible: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Smallest non-zero visible cell, first on ties; a zero only if nothing else is left."""
    nonzero = [cell for cell in visible if grid[cell[0]][cell[1]] > 0]
    pool = nonzero or visible
    # min() keeps the first of equal keys, which gives "first in order" on ties
    return min(pool, key=lambda cell: grid[cell[0]][cell[1]], default=None)


def protect_area_counts(district_counts: pd.DataFrame, parent_of: dict, parents: Sequence, threshold: int, *,
                        insiders: Sequence = (), total: str = "Gesamt") -> tuple[Suppressed, Suppressed]:
    """The Sozialraum and the district table of counts per team, suppressed as one published whole.

    `district_counts` has one row per district (index: its key) and one column per team; `parent_of`
    maps each district to its Sozialraum, `parents` orders the Sozialräume. Adds the `total` column and
    the Sozialraum rows. Every filtered view, map, download and what-if shows cells of this one result,
    so no combination of them tells more than the whole (model.disclosure). Small counts keep a feasible
    range of at least `threshold`, also for a reader who knows one of the `insiders` columns exactly.
    The whole is protected part by part (`_blocks`), with the same guarantee: a Land-wide table in a second.
    Columns that are zero throughout are added back as visible zeros after protecting the others: they
    neither protect nor reveal, and two callers listing different empty teams get the same mask.
    """
    counts = district_counts.astype("int64")
    order = [*counts.columns, total]
    child_all = counts.copy()
    child_all[total] = child_all.sum(axis=1)
    parent_all = child_all.groupby(child_all.index.map(parent_of)).sum().reindex(list(parents), fill_value=0)
    # the masks as arrays, each part's cells set by position (not by label: 88 .loc assignments at Land scale)
    masks = (np.zeros(parent_all.shape, dtype=bool), np.zeros(child_all.shape, dtype=bool))
    row_of = ({k: i for i, k in enumerate(parent_all.index)}, {k: i for i, k in enumerate(child_all.index)})
    column_of = {c: j for j, c in enumerate(order)}
    for block_parents, used in _blocks(counts, parent_of, list(parents)):
        child = counts.loc[[k for k in counts.index if parent_of[k] in block_parents], used].copy()
        child[total] = child.sum(axis=1)
        parent = child.groupby(child.index.map(parent_of)).sum().reindex(block_parents, fill_value=0)
        top, bottom = suppress_nested(parent, child, parent_of, threshold, min_range=threshold,
                                      insider_columns=[used.index(c) for c in insiders if c in used])
        for whole, rows, part in zip(masks, row_of, (top, bottom)):
            whole[np.ix_([rows[k] for k in part.mask.index], [column_of[c] for c in part.mask.columns])] = \
                part.mask.to_numpy(dtype=bool)
    return tuple(Suppressed(values=values, mask=pd.DataFrame(mask, index=values.index, columns=order),
                            threshold=threshold)  # type: ignore[return-value]
                 for values, mask in zip((parent_all, child_all), masks))


def _blocks(counts: pd.DataFrame, parent_of: dict, parents: list) -> list[tuple[list, list]]:
    """The independent parts of the published whole: (Sozialräume, teams) that no count links to the rest.

    Two Sozialräume are linked when one team has cases in both; a team belongs to the Sozialräume it
    has cases in. The published facts of one part (its cells, its rows' totals, its teams' totals) say
    nothing about another part's hidden cells: the only facts across parts are the "Gesamt" column's
    sums, and those follow from the rows' totals and the teams' totals. So protecting each part alone
    hides exactly what protecting the whole would (a Landkreis's Gemeinden with its own teams; at Land
    scale 44 small tables instead of one of 1.233 × 181 cells), and a Träger knowing its own column
    matters only in its part. Sozialräume and teams without cases are left out (all visible zeros).
    """
    linked = Linked()
    owner: dict = {}  # team → one Sozialraum it has cases in
    values = counts.to_numpy()
    for i, key in enumerate(counts.index):
        for j in values[i].nonzero()[0]:
            linked.link(parent_of[key], owner.setdefault(counts.columns[j], parent_of[key]))
    groups: dict = {}
    for p in parents:
        groups.setdefault(linked.find(p), []).append(p)
    teams: dict = {}
    for team in counts.columns:  # in the table's column order
        if team in owner:
            teams.setdefault(linked.find(owner[team]), []).append(team)
    return [(members, teams[r]) for r, members in groups.items() if r in teams]
