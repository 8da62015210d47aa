"""The Landkreis' allocation of the Land's IM funds to its Gemeinden, against hand-computed tables."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model.allocation import (
    AllocationError,
    AllocationRule,
    allocate,
    allocation_for,
    compare_years,
    eigenregie_check,
    scale_funds,
    survey_window,
    target_group,
)

D = Decimal


@pytest.mark.parametrize(("year", "start", "end"), [
    (2025, dt.date(2020, 1, 1), dt.date(2022, 12, 31)),  # seed 002
    (2026, dt.date(2021, 1, 1), dt.date(2023, 12, 31)),  # the re-survey moves the window by a year
    (2029, dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
])
def test_survey_window_is_the_three_years_before_the_reference_date(year, start, end):
    window = survey_window(year)
    assert (window.start, window.end) == (start, end)


def test_window_length_and_lag_are_parameters():
    window = survey_window(2025, AllocationRule(window_years=2, survey_lag_years=1))
    assert (window.start, window.end) == (dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def test_target_group_counts_only_the_months_inside_the_window():
    counts = [("A", dt.date(2019, 12, 1), 7), ("A", dt.date(2020, 1, 1), 2), ("A", dt.date(2022, 12, 1), 3),
              ("B", dt.date(2023, 1, 1), 5), ("B", dt.date(2021, 6, 1), 1)]
    assert target_group(counts, survey_window(2025)) == {"A": 5, "B": 1}


@pytest.mark.parametrize(("funds", "persons", "amounts", "remainder"), [
    # hand-computed: 1.000 € / 3 → 333,33 each, 1 cent left over
    (D("1000"), {"A": 1, "B": 1, "C": 1}, [D("333.33"), D("333.33"), D("333.33")], D("0.01")),
    # 100 € × 2/3 = 66,666… → 66,66; × 1/3 = 33,333… → 33,33; 0,01 left
    (D("100"), {"A": 2, "B": 1, "C": 0}, [D("66.66"), D("33.33"), D("0.00")], D("0.01")),
    # divides evenly: no remainder
    (D("900"), {"A": 1, "B": 2, "C": 6}, [D("100.00"), D("200.00"), D("600.00")], D("0")),
    # nobody in the target group: nothing allocated, all is remainder
    (D("500"), {}, [D("0"), D("0"), D("0")], D("500")),
])
def test_shares_to_the_cent_with_the_remainder_shown(funds, persons, amounts, remainder):
    result = allocate(2025, funds, persons, ["A", "B", "C"])
    assert [s.amount for s in result.shares] == amounts
    assert result.remainder == remainder
    assert sum(s.amount for s in result.shares) + result.remainder == funds  # no cent lost


def test_nordheim_receives_31234_euro_in_the_first_tranche():
    # 46 of 2.209 persons of the Kreis, 1.499.911 € Land funds → 679 € per person → 31.234,00 €
    persons = {"08125074": 46, "others": 2209 - 46}
    result = allocate(2025, D("1499911"), persons, ["08125074", "others"])
    assert result.share_of("08125074").amount == D("31234.00")
    assert result.per_person == D("679")
    assert result.remainder == 0


def test_percent_is_the_share_of_the_target_group():
    result = allocate(2025, D("100"), {"A": 1, "B": 3}, ["A", "B"])
    assert [s.percent for s in result.shares] == [D("25"), D("75")]


def test_survey_counts_of_a_foreign_gemeinde_are_refused_in_german():
    with pytest.raises(AllocationError, match="nicht zum Kreis gehören: X"):
        allocate(2025, D("100"), {"A": 1, "X": 2}, ["A"])


@pytest.mark.parametrize(("funds", "message"), [(D("-1"), "nicht negativ")])
def test_negative_funds_are_refused(funds, message):
    with pytest.raises(AllocationError, match=message):
        allocate(2025, funds, {"A": 1}, ["A"])


def test_negative_survey_count_is_refused():
    with pytest.raises(AllocationError, match="negativ"):
        target_group([("A", dt.date(2021, 1, 1), -3)], survey_window(2025))


def test_next_year_moves_money_by_the_re_survey():
    counts = [("A", dt.date(2020, 5, 1), 6), ("A", dt.date(2023, 5, 1), 0),
              ("B", dt.date(2021, 5, 1), 2), ("B", dt.date(2023, 5, 1), 4)]
    this = allocation_for(2025, D("800"), counts, ["A", "B"])
    following = allocation_for(2026, D("800"), counts, ["A", "B"])
    # 2025: A 6, B 2 → 600 / 200; 2026 (2021–2023): A 0, B 6 → 0 / 800
    changes = compare_years(this, following)
    assert [(c.ags, c.this_year, c.next_year, c.change) for c in changes] == [
        ("A", D("600.00"), D("0.00"), D("-600.00")), ("B", D("200.00"), D("800.00"), D("600.00"))]
    assert changes[0].change_pct == D("-100")
    assert changes[1].change_pct == D("300")


def test_change_pct_without_a_base_is_none():
    this = allocate(2025, D("100"), {"B": 1}, ["A", "B"])
    following = allocate(2026, D("100"), {"A": 1}, ["A", "B"])
    assert compare_years(this, following)[0].change_pct is None


@pytest.mark.parametrize(("amount", "cost", "fte", "passes", "own"), [
    # Nordheim: 31.234 € at 75.000 € per VZÄ → 0,416 VZÄ; a 50 % post costs 37.500 € → 6.266 € own money
    (D("31234"), D("75000"), D("31234") / D("75000"), False, D("6266.00")),
    (D("37500"), D("75000"), D("0.5"), True, D("0")),
    (D("60000"), D("75000"), D("0.8"), True, D("0")),
])
def test_eigenregie_check_against_the_minimum_post(amount, cost, fte, passes, own):
    check = eigenregie_check(amount, cost)
    assert check.fundable_fte == fte
    assert check.passes is passes
    assert check.own_contribution == own


@pytest.mark.parametrize(("percent", "expected"), [(0, D("1000.00")), (-10, D("900.00")), (12.5, D("1125.00")),
                                                   (-100, D("0.00"))])
def test_scale_funds_is_the_what_if_knob(percent, expected):
    assert scale_funds(D("1000"), percent) == expected


@pytest.mark.parametrize("kwargs", [{"window_years": 0}, {"survey_lag_years": -1}, {"min_post_fte": D("0")},
                                    {"min_post_fte": D("1.5")}])
def test_impossible_rule_parameters_are_refused(kwargs):
    with pytest.raises(AllocationError):
        AllocationRule(**kwargs)
