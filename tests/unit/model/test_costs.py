from decimal import Decimal

import pytest

from dashboard.model.costs import (
    CostError,
    CostParameters,
    PostCost,
    capped_subsidy,
    funding_gap,
    land_funds,
    overhead,
    personnel_cost,
    post_cost,
    total_cost,
)


def D(x):
    return Decimal(x)


PARAMS = CostParameters(cost_per_fte=D("75000"), overhead_rate_pct=D("20"), land_funds_per_fte=D("68000"))


@pytest.mark.parametrize(
    "fte, per_fte, expected",
    [("0.5", "75000", "37500.00"), ("1.0", "75000", "75000.00"), ("0.125", "72000", "9000.00"),
     ("0.333", "78000", "25974.00"), ("0.001", "75000.55", "75.00"), ("0", "75000", "0.00")],
)
def test_personnel_cost(fte, per_fte, expected):
    assert personnel_cost(D(fte), D(per_fte)) == D(expected)


@pytest.mark.parametrize(
    "fte, per_fte, expected",
    [("0.5", "68000", "34000.00"), ("2.0", "68000", "136000.00"), ("1", "47000", "47000.00")],
)
def test_land_funds(fte, per_fte, expected):
    assert land_funds(D(fte), D(per_fte)) == D(expected)


@pytest.mark.parametrize(
    "cost, rate, expected",
    [("37500.00", "20", "7500.00"), ("75000.00", "17.5", "13125.00"), ("100.05", "20", "20.01"),
     ("1000", "0", "0.00"), ("1000", 20.0, "200.00")],
)
def test_overhead_is_a_rate_on_land_funded_personnel_cost(cost, rate, expected):
    assert overhead(D(cost), rate if isinstance(rate, float) else D(rate)) == D(expected)


@pytest.mark.parametrize(
    "fte, cost, cap, expected",
    [
        ("0.4", "75000", "75000", "30000.00"),  # at the cap
        ("0.4", "80000", "75000", "30000.00"),  # above S 11b: capped
        ("0.4", "70000", "75000", "28000.00"),  # below: the real cost
        ("0.3", "78000.00", "72000.00", "21600.00"),
    ],
)
def test_city_subsidy_is_capped_at_s11b(fte, cost, cap, expected):
    assert capped_subsidy(D(fte), D(cost), D(cap)) == D(expected)


@pytest.mark.parametrize("cost, funds, expected",
                         [("75000", "68000", "7000.00"), ("47000", "68000", "-21000.00"), ("0", "0", "0.00")])
def test_gap(cost, funds, expected):
    assert funding_gap(D(cost), D(funds)) == D(expected)


@pytest.mark.parametrize(
    "fte, programme, funding, passed_on, expected",
    [
        # AWO IM 0,5 (Land): Pauschale 20 % of 37.500, gap 37.500 − 34.000
        ("0.5", "im", "land", True, PostCost(D("37500.00"), D("34000.00"), D("7500.00"), D("0.00"), D("3500.00"))),
        # the city's own IM 2,0: Land funds, no Pauschale (it is not passed on)
        ("2.0", "im", "land", False, PostCost(D("150000.00"), D("136000.00"), D("0.00"), D("0.00"), D("14000.00"))),
        # volunteer coordination (Stadt): the city subsidy, no gap (not IM)
        ("0.4", "volunteer_coordination", "city", True, PostCost(D("30000.00"), D("0.00"), D("0.00"), D("30000.00"), None)),
        ("0.3", "migration_counselling", "city", True, PostCost(D("22500.00"), D("0.00"), D("0.00"), D("22500.00"), None)),
        # church-funded: only the personnel cost
        ("0.4", "church_volunteer", "church", True, PostCost(D("30000.00"), D("0.00"), D("0.00"), D("0.00"), None)),
        # an IM post paid by the city has no Land funds: the whole cost is the gap
        ("1.0", "im", "city", True, PostCost(D("75000.00"), D("0.00"), D("0.00"), D("75000.00"), D("75000.00"))),
    ],
)
def test_post_cost(fte, programme, funding, passed_on, expected):
    assert post_cost(D(fte), programme, funding, PARAMS, passed_on=passed_on) == expected


def test_subsidy_cap_can_differ_from_the_cost():
    params = CostParameters(D("80000"), D("20"), D("68000"), subsidy_cap_per_fte=D("75000"))
    assert post_cost(D("1"), "volunteer_coordination", "city", params).city_subsidy == D("75000.00")


def test_total_cost_sums_exactly_and_keeps_gap_none_without_im():
    costs = [post_cost(D("0.5"), "im", "land", PARAMS), post_cost(D("0.1"), "volunteer_coordination", "city", PARAMS),
             post_cost(D("1.0"), "im", "land", PARAMS)]
    total = total_cost(costs)
    assert total == PostCost(D("120000.00"), D("102000.00"), D("22500.00"), D("7500.00"), D("10500.00"))
    assert total_cost([post_cost(D("0.1"), "volunteer_coordination", "city", PARAMS)]).gap is None
    assert total_cost([]) == PostCost()


def test_money_refuses_floats_and_bad_input():
    with pytest.raises(TypeError):
        personnel_cost(0.5, D("75000"))
    with pytest.raises(TypeError):
        personnel_cost(D("0.5"), 75000.0)
    with pytest.raises(CostError, match="nicht negativ"):
        land_funds(D("-1"), D("68000"))
    with pytest.raises(CostError, match="zwischen 0 und 100"):
        overhead(D("1000"), D("120"))
