"""The LP audit of published counts (model.disclosure) and the range rule in suppress_nested."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from dashboard.model.disclosure import Relation, feasible_ranges, nested_relations, range_width, widen
from dashboard.model.scenario_disclosure import hidden_districts
from dashboard.model.scenarios import Baseline, CaseGroup, District, Post, ReassignDistrict, ScenarioError, Team, run
from dashboard.model.scenarios.fileformat import baseline_from_dict, baseline_to_dict
from dashboard.model.suppression import protect_area_counts, suppress_nested

ROW = [((0, 0), 1.0), ((0, 1), 1.0), ((0, 2), -1.0)]  # a + b = total


@pytest.mark.parametrize("grid, hidden, relations, expected", [
    # one row a + b = 24 with both hidden: each anywhere in 0..24
    ([[4, 20, 24]], [[True, True, False]], [Relation(tuple(ROW))], {(0, 0): (0, 24), (0, 1): (0, 24)}),
    # a second published fact on a alone (a = 4) gives b away: 24 − 4
    ([[4, 20, 24]], [[True, True, False]], [Relation(tuple(ROW)), Relation((((0, 0), 1.0),), 4.0)],
     {(0, 0): (4, 4), (0, 1): (20, 20)}),
    # hand-computed: rows a+b=6, c+d=9, columns a+c=5 and b+d=10, only a and d hidden
    ([[1, 5], [4, 5]], [[True, False], [False, True]],
     [Relation((((0, 0), 1.0), ((0, 1), 1.0)), 6.0), Relation((((1, 0), 1.0), ((1, 1), 1.0)), 9.0)],
     {(0, 0): (1, 1), (1, 1): (5, 5)}),
])
def test_feasible_ranges_hand_computed(grid, hidden, relations, expected):
    ranges = feasible_ranges(grid, hidden, relations)
    assert {cell: (round(lo), round(hi)) for cell, (lo, hi) in ranges.items()} == expected


@pytest.mark.parametrize("low, high, width", [(0, 4, 4), (0.2, 4.9, 3), (1, 6, 5), (3, float("inf"), float("inf"))])
def test_range_width_rounds_inward_to_whole_cases(low, high, width):
    assert range_width(low, high) == width


def test_a_pair_of_small_cells_is_widened_with_a_bigger_partner():
    # district row 1 + 3 + 40 = 44: the two primaries alone are known to lie in 0..4 → hide the 40 too
    grid = [[1, 3, 40, 44], [5, 7, 12, 24]]
    relations = nested_relations(0, 2, 4, {}, [6, 10, 52, 68])
    hidden = widen(grid, [[True, True, False, False], [False] * 4], relations, 5)
    for cell, (low, high) in feasible_ranges(grid, hidden, relations).items():
        assert range_width(low, high) >= 5, cell
    assert sum(map(sum, hidden)) > 2


def _small_count_widths(parent, child, known=()):
    """Range width of every small count (1–4) a reader knowing `known` does not know, on one
    Sozialraum with districts d1, d2."""
    grid = parent.values.to_numpy().tolist() + child.values.to_numpy().tolist()
    hidden = parent.mask.to_numpy().tolist() + child.mask.to_numpy().tolist()
    relations = nested_relations(1, 3, 3, {1: 0, 2: 0}, grid[0])
    ranges = feasible_ranges(grid, hidden, relations, known)
    return {cell: range_width(*ranges[cell]) for cell in ranges if 0 < grid[cell[0]][cell[1]] < 5}


def test_an_insider_who_knows_its_column_cannot_recover_a_small_count():
    # Stadt has 3 cases in d1. Hiding them with AWO's 30 and the d2 cells protects them from the public,
    # but AWO knows its 30, so d1's total 33 would give Stadt's 3: AWO's view needs other partners.
    child = pd.DataFrame([[30, 3, 33], [20, 9, 29]], index=["d1", "d2"], columns=["AWO", "Stadt", "Gesamt"])
    parent = pd.DataFrame([[50, 12, 62]], index=["SR"], columns=child.columns)
    of = {"d1": "SR", "d2": "SR"}
    awo = [(r, 0) for r in range(3)]
    plain = suppress_nested(parent, child, of, 5, min_range=5)
    guarded = suppress_nested(parent, child, of, 5, min_range=5, insider_columns=[0])
    assert min(_small_count_widths(*plain).values()) >= 5
    assert min(_small_count_widths(*plain, awo).values()) == 0  # the insider's attack works on the plain mask
    assert min(_small_count_widths(*guarded).values()) >= 5
    assert min(_small_count_widths(*guarded, awo).values()) >= 5
    assert guarded[1].mask.loc["d1", "Gesamt"]


def test_only_small_counts_need_a_range_the_partners_need_none():
    # AWO's 4 in d1 is hidden with Stadt's 20; AWO knows its 4 and so Stadt's 20 = 24 − 4: no small count
    # is told by that, so nothing more is hidden for AWO's sake than for the public.
    parent = pd.DataFrame([[11, 29, 40]], index=["SR"], columns=["AWO", "Stadt", "Gesamt"])
    child = pd.DataFrame([[4, 20, 24], [7, 9, 16]], index=["d1", "d2"], columns=parent.columns)
    of = {"d1": "SR", "d2": "SR"}
    plain = suppress_nested(parent, child, of, 5, min_range=5)
    guarded = suppress_nested(parent, child, of, 5, min_range=5, insider_columns=[0])
    assert min(_small_count_widths(*plain).values()) >= 5
    assert _small_count_widths(*guarded, [(r, 0) for r in range(3)]) == {}  # the only small count is AWO's own
    assert not guarded[1].mask.loc["d1", "Gesamt"]


def test_empty_team_columns_stay_visible_zeros_and_do_not_change_the_mask():
    counts = pd.DataFrame({"A": [3, 20, 8], "B": [9, 4, 30]}, index=["d1", "d2", "d3"])
    with_empty = counts.assign(Leer=0)
    parent_of = {"d1": "S1", "d2": "S1", "d3": "S2"}
    top, bottom = protect_area_counts(counts, parent_of, ["S1", "S2"], 5)
    top_e, bottom_e = protect_area_counts(with_empty, parent_of, ["S1", "S2"], 5)
    assert list(bottom_e.values.columns) == ["A", "B", "Leer", "Gesamt"]
    assert not bottom_e.mask["Leer"].any() and (bottom_e.values["Leer"] == 0).all()
    assert bottom_e.mask.drop(columns="Leer").equals(bottom.mask)
    assert top_e.mask.drop(columns="Leer").equals(top.mask)


DAY = dt.date(2026, 11, 22)


def _city(small: int) -> Baseline:
    teams = (Team("a", "A", "provider", True), Team("b", "B", "city", True))
    districts = (District("d1", "Eins", "SR1", "a"), District("d2", "Zwei", "SR1", "a"),
                 District("d3", "Drei", "SR2", "b"), District("d4", "Vier", "SR2", "b"))
    counts = {"d1": small, "d2": 40, "d3": 30, "d4": 25}
    return Baseline(as_of=DAY, teams=teams, posts=(Post("pa", "a", "im", "land", 1.0), Post("pb", "b", "im", "land", 1.0)),
                    districts=districts,
                    cases=tuple(CaseGroup(None, d, dt.date(2026, 1, 1), False, n) for d, n in counts.items()))


def test_a_district_with_a_hidden_count_cannot_be_reassigned():
    base = _city(small=3)
    assert "d1" in hidden_districts(base)
    with pytest.raises(ScenarioError, match="Eins: Die Fallzahl dieses Stadtteils ist ausgeblendet"):
        run(base, [ReassignDistrict("d1", "b")])


def test_a_district_with_a_published_count_moves_as_before():
    base = _city(small=12)
    assert hidden_districts(base) == frozenset()
    moved = run(base, [ReassignDistrict("d1", "b")])
    assert moved.teams[1].cases[0] == 30 + 25 + 12


def _random_table(seed: int, n_parent: int = 4, n_child: int = 14, n_teams: int = 4):
    import numpy as np

    rng = np.random.default_rng(seed)
    parent_of = {n_parent + i: i % n_parent for i in range(n_child)}
    child = rng.integers(0, 9, size=(n_child, n_teams))
    child[rng.random(child.shape) < 0.4] = 0
    parents = np.zeros((n_parent, n_teams), dtype=int)
    for row, parent in parent_of.items():
        parents[parent] += child[row - n_parent]
    body = np.vstack([parents, child])
    grid = np.hstack([body, body.sum(axis=1, keepdims=True)]).tolist()
    hidden = [[0 < v < 5 for v in row] for row in grid]
    relations = nested_relations(n_parent, len(grid), len(grid[0]), parent_of, body[:n_parent].sum(axis=0).tolist()
                                 + [int(body[:n_parent].sum())])
    return grid, hidden, relations


@pytest.mark.parametrize("seed", range(6))
def test_component_lps_give_the_same_ranges_and_mask_as_one_lp_over_the_grid(seed, monkeypatch):
    """A Land-wide table solves each hidden cell's component only; the answer must be the same."""
    import dashboard.model.disclosure as disclosure

    grid, hidden, relations = _random_table(seed)
    insiders = ((), [(r, 0) for r in range(len(grid))])
    monkeypatch.setattr(disclosure, "COMPONENT_FROM", 10**9)  # one LP over all cells
    whole = (feasible_ranges(grid, hidden, relations), widen(grid, hidden, relations, 5, insiders))
    monkeypatch.setattr(disclosure, "COMPONENT_FROM", 1)  # component LPs
    parts = (feasible_ranges(grid, hidden, relations), widen(grid, hidden, relations, 5, insiders))
    assert whole[0].keys() == parts[0].keys() and whole[0]
    for cell, (low, high) in whole[0].items():
        assert parts[0][cell] == pytest.approx((low, high), abs=1e-6), cell
    assert whole[1] == parts[1]


def _two_kreise(seed: int) -> tuple[pd.DataFrame, dict, list]:
    """Two Landkreise with two Sozialräume each and their own two teams, many small counts."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows, parent_of = {}, {}
    for kreis in ("K1", "K2"):
        for area in ("Nord", "Süd"):
            for d in range(4):
                key = f"{kreis}-{area}-{d}"
                parent_of[key] = f"{kreis}-{area}"
                rows[key] = {f"{t} {kreis}": int(rng.choice([0, 1, 2, 3, 4, 12, 25])) if t != "B" or d % 2 else 0
                             for t in ("A", "B")}
            rows[f"{kreis}-{area}-1"][f"B {kreis}"] = 25  # no team's published total is itself small
    frame = pd.DataFrame.from_dict(rows, orient="index").fillna(0).astype(int)
    return frame, parent_of, list(dict.fromkeys(parent_of.values()))


@pytest.mark.parametrize("seed", range(6))
def test_each_landkreis_is_protected_alone_and_no_reader_pins_a_small_count(seed):
    frame, parent_of, parents = _two_kreise(seed)
    insiders = [c for c in frame.columns if c.startswith("A")]
    top, bottom = protect_area_counts(frame, parent_of, parents, 5, insiders=insiders)
    for kreis in ("K1", "K2"):  # the same mask as protecting the Landkreis on its own
        rows = [k for k in frame.index if k.startswith(kreis)]
        columns = [c for c in frame.columns if c.endswith(kreis) and frame.loc[rows, c].sum() > 0]
        own_top, own = protect_area_counts(frame.loc[rows, columns], parent_of, [p for p in parents if p.startswith(kreis)],
                                           5, insiders=[c for c in insiders if c in columns])
        assert bottom.mask.loc[rows, [*columns, "Gesamt"]].equals(own.mask)
    # the whole Land as one attacker's LP: every small count keeps a range of 5, for the public and each insider
    grid = top.values.to_numpy().tolist() + bottom.values.to_numpy().tolist()
    hidden = top.mask.to_numpy().tolist() + bottom.mask.to_numpy().tolist()
    n_parent, columns = len(top.values), list(bottom.values.columns)
    row_parent = {n_parent + i: parents.index(parent_of[k]) for i, k in enumerate(bottom.values.index)}
    relations = nested_relations(n_parent, len(grid), len(columns), row_parent, [sum(c) for c in zip(*grid[:n_parent])])
    last = len(columns) - 1
    for own in [None] + [columns.index(c) for c in insiders]:
        reader = [] if own is None else [(r, own) for r in range(len(grid))]
        ranges = feasible_ranges(grid, hidden, relations, reader)
        for cell, (low, high) in ranges.items():
            value = grid[cell[0]][cell[1]]
            others = value - (grid[cell[0]][own] if own is not None and cell[1] == last else 0)
            if 0 < value < 5 and others > 0:  # a total of only the reader's own cases tells it nothing new
                assert range_width(low, high) >= 5, (own, cell)


def test_sozialraeume_of_the_same_name_in_two_landkreise_stay_apart():
    named = District("d1", "Eins", "Mitte", "a")
    coded = District("d2", "Zwei", "Mitte", "b", social_area_code="08125-mitte")
    assert (named.social_area_key, coded.social_area_key) == ("Mitte", "08125-mitte")
    base = _city(small=3)
    base = dataclasses.replace(base, districts=tuple(dataclasses.replace(d, social_area_code=f"K-{d.social_area}")
                                                     for d in base.districts))
    again = baseline_from_dict(baseline_to_dict(base))
    assert [d.social_area_code for d in again.districts] == ["K-SR1", "K-SR1", "K-SR2", "K-SR2"]
    assert hidden_districts(again) == hidden_districts(_city(small=3))
