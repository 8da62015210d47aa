import random

import pandas as pd
import pytest

from dashboard.model.suppression import Suppressed, hidden_label, suppress_nested, suppress_series, suppress_table

T, F = True, False


def frame(rows):
    index = [f"bez{i}" for i in range(len(rows))]
    return pd.DataFrame(rows, index=index, columns=[f"team{j}" for j in range(len(rows[0]))])


@pytest.mark.parametrize(
    "counts, threshold, row_totals, col_totals, expected",
    [
        # nothing small: nothing hidden
        ([[10, 20], [30, 40]], 5, T, T, [[F, F], [F, F]]),
        # zero is shown as 0, never suppressed on its own
        ([[0, 10], [10, 10]], 5, T, T, [[F, F], [F, F]]),
        # 2×2 with both margins: one small cell takes all four with it
        ([[3, 10], [20, 30]], 5, T, T, [[T, T], [T, T]]),
        # 3×3: partner in the row (8), then one per column (7, 6) close a rectangle
        ([[2, 8, 9], [7, 6, 12], [10, 11, 15]], 5, T, T, [[T, T, F], [T, T, F], [F, F, F]]),
        # only row totals published: only the row needs a partner
        ([[2, 8, 9], [7, 6, 12], [10, 11, 15]], 5, T, F, [[T, T, F], [F, F, F], [F, F, F]]),
        # only column totals published: only the column needs a partner
        ([[2, 8, 9], [7, 6, 12], [10, 11, 15]], 5, F, T, [[T, F, F], [T, F, F], [F, F, F]]),
        # no margins published: primary suppression only
        ([[2, 8, 9], [7, 6, 12], [10, 11, 15]], 5, F, F, [[T, F, F], [F, F, F], [F, F, F]]),
        # two small cells in a row already protect each other along the row
        ([[2, 3, 10], [20, 30, 40]], 5, T, F, [[T, T, F], [F, F, F]]),
        # ... but each column still needs a partner, which then pairs up in row 1
        ([[2, 3, 10], [20, 30, 40]], 5, T, T, [[T, T, F], [T, T, F]]),
        # partner is the smallest non-zero cell, zeros are skipped while a non-zero is left
        ([[3, 0, 20, 9], [9, 9, 9, 9]], 5, T, F, [[T, F, F, T], [F, F, F, F]]),
        # ties: the first in order
        ([[2, 6, 6], [9, 9, 9]], 5, T, F, [[T, T, F], [F, F, F]]),
        # only zeros left: a zero is hidden anyway (first zero)
        ([[3, 0, 0], [9, 8, 7]], 5, T, F, [[T, T, F], [F, F, F]]),
        # secondary suppressions create new singletons across: needs three rounds to settle
        ([[2, 5, 50], [40, 90, 6], [70, 60, 80]], 5, T, T, [[T, T, T], [T, F, T], [T, T, F]]),
        # threshold is exclusive: with 3, the 3 is shown and only 1 and 2 are hidden
        ([[1, 3, 2], [3, 3, 3]], 3, T, F, [[T, F, T], [F, F, F]]),
        # threshold 1 hides nothing
        ([[1, 2], [3, 4]], 1, T, T, [[F, F], [F, F]]),
    ],
)
def test_suppress_table_masks(counts, threshold, row_totals, col_totals, expected):
    result = suppress_table(frame(counts), threshold, row_totals=row_totals, col_totals=col_totals)
    assert result.mask.to_numpy().tolist() == expected


def test_display_labels_hidden_cells_and_keeps_visible_ints():
    counts = frame([[2, 8, 9], [7, 6, 12], [10, 11, 15]])
    shown = suppress_table(counts, 5).display()
    assert shown.to_numpy().tolist() == [["<5", "<5", 9], ["<5", "<5", 12], [10, 11, 15]]
    assert all(dtype == object for dtype in shown.dtypes)  # noqa: E721 (numpy dtypes compare by ==)
    assert type(shown.loc["bez2", "team0"]) is int  # a Python int, ready for JSON
    assert list(shown.index) == list(counts.index) and list(shown.columns) == list(counts.columns)


def test_values_mask_and_primary_keep_labels_and_originals():
    counts = frame([[2, 8, 9], [7, 6, 12], [10, 11, 15]])
    result = suppress_table(counts, 5)
    assert isinstance(result, Suppressed) and result.threshold == 5
    pd.testing.assert_frame_equal(result.values, counts.astype("int64"))
    assert result.mask.index.equals(counts.index) and result.mask.columns.equals(counts.columns)
    assert result.primary().to_numpy().tolist() == [[T, F, F], [F, F, F], [F, F, F]]
    assert (result.mask | ~result.primary()).all().all()  # primary ⊆ mask


def test_input_frame_is_not_changed_and_result_does_not_alias_it():
    counts = frame([[2, 8], [7, 6]])
    before = counts.copy()
    result = suppress_table(counts, 5)
    pd.testing.assert_frame_equal(counts, before)
    counts.iloc[0, 0] = 99
    assert result.values.iloc[0, 0] == 2


def test_whole_number_floats_from_a_pivot_are_accepted():
    result = suppress_table(frame([[2.0, 8.0], [7.0, 6.0]]), 5)
    assert result.values.dtypes.eq("int64").all()
    assert result.mask.all().all()


@pytest.mark.parametrize("threshold, label", [(5, "<5"), (3, "<3"), (10, "<10"), (1, "<1")])
def test_hidden_label(threshold, label):
    assert hidden_label(threshold) == label


@pytest.mark.parametrize(
    "counts, threshold, message",
    [
        ([[1, -1], [2, 3]], 5, "negativ"),
        ([[1, 2], [2, 3]], 0, "Schwelle"),
        ([[1, 2], [2, 3]], -5, "Schwelle"),
        ([[1.5, 2], [2, 3]], 5, "ganze Zahlen"),
        ([[float("nan"), 2], [2, 3]], 5, "ganze Zahlen"),
    ],
)
def test_invalid_input_is_refused_in_german(counts, threshold, message):
    with pytest.raises(ValueError, match=message):
        suppress_table(frame(counts), threshold)


def test_hidden_label_refuses_threshold_below_one():
    with pytest.raises(ValueError, match="Schwelle"):
        hidden_label(0)


def test_single_cell_margin_cannot_protect_and_is_refused():
    # one column with published row totals: each row total is the cell itself
    with pytest.raises(ValueError, match="Zeile 2"):
        suppress_table(frame([[10], [3], [20]]), 5, row_totals=True, col_totals=False)
    # without the row totals, the column total alone is protected as usual
    result = suppress_table(frame([[10], [3], [20]]), 5, row_totals=False, col_totals=True)
    assert result.mask.to_numpy().ravel().tolist() == [T, T, F]


def test_empty_table():
    result = suppress_table(pd.DataFrame(), 5)
    assert result.mask.empty and result.display().empty


# --- 1-D: counts per district with the city total ----------------------------------------------


@pytest.mark.parametrize(
    "counts, total_shown, expected",
    [
        # a single small value next to a published total forces a second suppression
        ([3, 10, 20], T, [T, T, F]),
        ([20, 10, 3], T, [F, T, T]),
        # zero is skipped as partner while a non-zero is left
        ([3, 0, 20], T, [T, F, T]),
        # only a zero is left: it is hidden anyway
        ([3, 0], T, [T, T]),
        # two small values protect each other
        ([3, 4, 20], T, [T, T, F]),
        # total not shown: primary only
        ([3, 10, 20], F, [T, F, F]),
        ([0, 10, 20], T, [F, F, F]),
    ],
)
def test_suppress_series(counts, total_shown, expected):
    series = pd.Series(counts, index=[f"bez{i}" for i in range(len(counts))], name="faelle")
    shown, mask = suppress_series(series, 5, total_shown=total_shown)
    assert mask.tolist() == expected
    assert mask.dtype == bool and shown.dtype == object
    assert shown.index.equals(series.index) and mask.index.equals(series.index)
    assert shown.name == mask.name == "faelle"
    assert shown.tolist() == ["<5" if h else v for v, h in zip(counts, expected)]


def test_series_single_small_value_forces_second_suppression():
    shown, mask = suppress_series(pd.Series([12, 3, 40, 7], index=list("abcd")), 5)
    assert mask.sum() == 2
    assert shown.to_dict() == {"a": 12, "b": "<5", "c": 40, "d": "<5"}  # 7 is the smallest partner


def test_series_of_one_with_total_is_refused():
    with pytest.raises(ValueError, match="nur eine Zelle"):
        suppress_series(pd.Series([3]), 5)
    shown, mask = suppress_series(pd.Series([3]), 5, total_shown=False)
    assert shown.tolist() == ["<5"] and mask.tolist() == [T]


def test_empty_series():
    shown, mask = suppress_series(pd.Series([], dtype="int64"), 5)
    assert shown.empty and mask.empty


# --- properties over many random tables --------------------------------------------------------


def random_count(rng: random.Random) -> int:
    # mostly zeros and small counts, so that suppression has something to do
    return rng.choice([0, 0, rng.randint(1, 4), rng.randint(1, 12), rng.randint(5, 200)])


def random_case(rng: random.Random):
    n_rows, n_cols = rng.randint(2, 7), rng.randint(2, 7)
    threshold = rng.choice([1, 2, 3, 5, 5, 5, 10])
    counts = frame([[random_count(rng) for _ in range(n_cols)] for _ in range(n_rows)])
    return counts, threshold, rng.random() < 0.8, rng.random() < 0.8


@pytest.mark.parametrize("seed", range(20))
def test_properties_over_random_tables(seed):
    rng = random.Random(seed)
    for _ in range(50):
        counts, threshold, row_totals, col_totals = random_case(rng)
        result = suppress_table(counts, threshold, row_totals=row_totals, col_totals=col_totals)
        values, mask, shown = counts.to_numpy(), result.mask.to_numpy(), result.display().to_numpy()
        label = hidden_label(threshold)
        n_rows, n_cols = values.shape
        # (a) every cell with 1 ≤ v < threshold is hidden
        assert all(mask[r, c] for r in range(n_rows) for c in range(n_cols) if 1 <= values[r, c] < threshold)
        # (b) no published row/column holds exactly one hidden cell
        if row_totals:
            assert all(mask[r, :].sum() != 1 for r in range(n_rows))
        if col_totals:
            assert all(mask[:, c].sum() != 1 for c in range(n_cols))
        # (c) the display never carries a hidden original value: hidden cells are the label only
        hidden_shown = [shown[r, c] for r in range(n_rows) for c in range(n_cols) if mask[r, c]]
        assert all(type(v) is str and v == label for v in hidden_shown)
        # (d) visible cells are unchanged
        visible = [(shown[r, c], values[r, c]) for r in range(n_rows) for c in range(n_cols) if not mask[r, c]]
        assert all(type(s) is int and s == v for s, v in visible)
        # threshold 1 and unpublished margins never hide more than needed
        if threshold == 1:
            assert not mask.any()
        if not row_totals and not col_totals:
            assert (mask == result.primary().to_numpy()).all()


@pytest.mark.parametrize("seed", range(10))
def test_series_properties_over_random_lists(seed):
    rng = random.Random(1000 + seed)
    for _ in range(50):
        size = rng.randint(2, 12)
        counts = pd.Series([rng.choice([0, rng.randint(1, 4), rng.randint(5, 50)]) for _ in range(size)])
        shown, mask = suppress_series(counts, 5)
        assert mask.sum() != 1
        assert all(mask[i] for i, v in counts.items() if 1 <= v < 5)
        assert all((s == "<5") if h else (s == v) for s, h, v in zip(shown, mask, counts))


# --- nested tables: Sozialräume and their districts are published side by side ---------------------

def nested(parent_rows, child_rows, parent_of):
    columns = ["A", "B", "Gesamt"]
    parent = pd.DataFrame([r + [sum(r)] for r in parent_rows], index=list(range(1, len(parent_rows) + 1)),
                          columns=columns)
    child = pd.DataFrame([r + [sum(r)] for r in child_rows], index=[10 + i for i in range(len(child_rows))],
                         columns=columns)
    return parent, child, {10 + i: p for i, p in enumerate(parent_of)}


@pytest.mark.parametrize("parent_rows, child_rows, parent_of", [
    # district 3 cases alone in its Sozialraum's column: its sibling must go too, and with it the parent
    ([[30, 20], [40, 40]], [[3, 10], [27, 10], [20, 20], [20, 20]], [1, 1, 2, 2]),
    # one Sozialraum with a single district: hiding the district hides the Sozialraum cell
    ([[3, 20], [40, 40]], [[3, 20], [20, 20], [20, 20]], [1, 2, 2]),
    # nothing small: nothing hidden
    ([[30, 20], [40, 40]], [[10, 10], [20, 10], [20, 20], [20, 20]], [1, 1, 2, 2]),
])
def test_nested_tables_hide_no_lone_cell_in_any_line(parent_rows, child_rows, parent_of):
    parent, child, mapping = nested(parent_rows, child_rows, parent_of)
    top, bottom = suppress_nested(parent, child, mapping, 5)
    assert (bottom.values.to_numpy() == child.to_numpy()).all()
    for result in (top, bottom):  # each table on its own: rows and columns
        mask = result.mask.to_numpy()
        assert all(row.sum() != 1 for row in mask) and all(col.sum() != 1 for col in mask.T)
    for key in parent.index:  # across the tables: a Sozialraum cell and its districts' cells
        members = [k for k, p in mapping.items() if p == key]
        for column in parent.columns:
            hidden = int(top.mask.loc[key, column]) + int(bottom.mask.loc[members, column].sum())
            assert hidden != 1, (key, column)
    assert bottom.primary().to_numpy().sum() == sum(1 <= v < 5 for r in child_rows for v in r + [sum(r)])
    assert bool(bottom.mask.to_numpy().any()) == any(1 <= v < 5 for r in child_rows for v in r)


def test_nested_tables_recover_nothing_from_the_other_table():
    """The case the single-table rule misses: a district paired with one in another Sozialraum."""
    parent, child, mapping = nested([[23, 40], [40, 23]], [[3, 20], [20, 20], [20, 3], [20, 20]], [1, 1, 2, 2])
    alone = suppress_table(child, 5)
    # on its own the district table pairs the two small districts, one in each Sozialraum …
    assert alone.mask.loc[10, "A"] and alone.mask.loc[12, "A"] and not alone.mask.loc[11, "A"]
    # … so Sozialraum 1's published 23 in column A minus the visible 20 would give the 3 away
    top, bottom = suppress_nested(parent, child, mapping, 5)
    assert int(top.mask.loc[1, "A"]) + int(bottom.mask.loc[[10, 11], "A"].sum()) >= 2
    assert int(top.mask.loc[2, "B"]) + int(bottom.mask.loc[[12, 13], "B"].sum()) >= 2
