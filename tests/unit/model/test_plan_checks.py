import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model.plan_checks import (
    MIN_POST_FTE,
    FundingStatus,
    PlanCheckError,
    PlanPost,
    ShareStatus,
    StatedTotal,
    add_months,
    check_totals,
    city_share_status,
    funding_status,
    months_left,
    programmes_without_posts,
    small_posts,
)


def D(x):
    return Decimal(x)


# The Stellenplan of the ARGE concept 12/2025 (DOMAIN.md §3), reduced to what the checks need.
ARGE = [
    PlanPost("awo", "im", "land", D("0.5")),
    PlanPost("awo", "volunteer_coordination", "city", D("0.4")),
    PlanPost("caritas", "im", "land", D("1.0")),
    PlanPost("caritas", "volunteer_coordination", "city", D("0.1")),
    PlanPost("caritas", "migration_counselling", "city", D("0.3")),
    PlanPost("caritas", "church_volunteer", "church", D("0.4"), upper_bound=True, name="CaDiFa"),
    PlanPost("diakonie", "volunteer_coordination", "city", D("0.2")),
    PlanPost("diakonie", "migration_counselling", "city", D("0.2")),
    PlanPost("diakonie", "church_volunteer", "church", D("0.2"), upper_bound=True, name="KiDiFlü"),
    PlanPost("diakonie", "im", "land", D("0.5")),
]


@pytest.mark.parametrize(
    "total, parts_sum, difference, consistent",
    [
        (StatedTotal("provider", "awo", D("0.9"), "church"), "0.9", "0", True),
        (StatedTotal("provider", "caritas", D("1.4"), "church"), "1.4", "0", True),
        # the concept's own contradiction: Diakonie's parts sum to 0.9, it says 0.4
        (StatedTotal("provider", "diakonie", D("0.4"), "church"), "0.9", "0.5", False),
        # IM sums to 2.0 with Diakonie, the concept says 1.5
        (StatedTotal("programme", "im", D("1.5")), "2.0", "0.5", False),
        (StatedTotal("programme", "volunteer_coordination", D("0.7")), "0.7", "0", True),
        (StatedTotal("programme", "migration_counselling", D("0.5")), "0.5", "0", True),
        (StatedTotal("funding", "city", D("1.2")), "1.2", "0", True),
        (StatedTotal("funding", "church", D("0.6")), "0.6", "0", True),
        # without the exclusion the church posts count: Caritas 1.8 ≠ 1.4
        (StatedTotal("provider", "caritas", D("1.4")), "1.8", "0.4", False),
        # a total whose parts add up to less than stated
        (StatedTotal("funding", "land", D("2.5")), "2.0", "-0.5", False),
        # a scope without any post
        (StatedTotal("provider", "stadt", D("2.0")), "0", "-2.0", False),
    ],
)
def test_stated_totals_against_the_sum_of_their_parts(total, parts_sum, difference, consistent):
    [check] = check_totals([total], ARGE)
    assert check.parts_sum == D(parts_sum)
    assert check.difference == D(difference)
    assert check.consistent is consistent


def test_checks_keep_the_order_and_exact_decimals():
    totals = [StatedTotal("funding", "city", D("1.2")), StatedTotal("provider", "awo", D("0.9"), "church")]
    checks = check_totals(totals, ARGE)
    assert [c.total.code for c in checks] == ["city", "awo"]
    # 0.1 + 0.2 style sums stay exact (floats would give 0.30000000000000004)
    [check] = check_totals([StatedTotal("programme", "x", D("0.3"))],
                           [PlanPost("a", "x", "city", D("0.1")), PlanPost("b", "x", "city", D("0.2"))])
    assert check.consistent


def test_unknown_scope_is_a_german_error():
    with pytest.raises(PlanCheckError, match="Unbekannter Bereich „district“"):
        check_totals([StatedTotal("district", "x", D("1"))], ARGE)


@pytest.mark.parametrize(
    "planned, flagged",
    [("0.1", False), ("0.099", True), ("0.05", True), ("0", True), ("0.5", False), ("1.0", False)],
)
def test_posts_below_the_minimum_size(planned, flagged):
    post = PlanPost("awo", "im", "land", D(planned))
    assert (small_posts([post]) == [post]) is flagged
    assert MIN_POST_FTE == D("0.1")


def test_small_posts_with_another_minimum():
    assert small_posts(ARGE, D("0.2")) == [ARGE[3]]  # Caritas EA 0.1
    assert small_posts(ARGE) == []


@pytest.mark.parametrize(
    "posts, expected",
    [
        (ARGE, []),
        (ARGE[:2], ["migration_counselling", "church_volunteer"]),
        ([], ["im", "volunteer_coordination", "migration_counselling", "church_volunteer"]),
        # a post with 0 VZÄ is no post
        ([PlanPost("awo", "im", "land", D("0"))],
         ["im", "volunteer_coordination", "migration_counselling", "church_volunteer"]),
    ],
)
def test_programmes_without_posts(posts, expected):
    assert programmes_without_posts(posts) == expected


@pytest.mark.parametrize(
    "share, minimum, expected",
    [
        (D("0.2"), D("0.15"), ShareStatus.ok),
        (D("0.1"), D("0.1"), ShareStatus.ok),
        (D("0.05"), D("0.1"), ShareStatus.below_minimum),
        (None, D("0.1"), ShareStatus.no_share),
        (D("0.1"), None, ShareStatus.no_minimum),
        (None, None, ShareStatus.no_minimum),
    ],
)
def test_city_share_against_contractual_minimum(share, minimum, expected):
    assert city_share_status(share, minimum) is expected


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2026, 11, 22), 12, dt.date(2027, 11, 22)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 5, 31), 0, dt.date(2026, 5, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "until, expected",
    [
        (dt.date(2026, 12, 31), 1),
        (dt.date(2026, 12, 21), 0),
        (dt.date(2027, 12, 31), 13),
        (dt.date(2029, 12, 31), 37),
        (dt.date(2026, 1, 1), 0),
    ],
)
def test_months_left(until, expected):
    assert months_left(dt.date(2026, 11, 22), until) == expected


DAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "until, months, expected",
    [
        (dt.date(2026, 12, 31), 12, FundingStatus.warning),  # KiDiFlü
        (dt.date(2027, 12, 31), 12, FundingStatus.ok),  # CaDiFa
        (dt.date(2029, 12, 31), 12, FundingStatus.ok),  # VwV IM
        (dt.date(2027, 12, 31), 14, FundingStatus.warning),
        (dt.date(2027, 11, 22), 12, FundingStatus.warning),  # the last day of the period counts
        (dt.date(2027, 11, 23), 12, FundingStatus.ok),
        (DAY, 0, FundingStatus.warning),
        (dt.date(2026, 11, 21), 12, FundingStatus.ended),
        (None, 12, FundingStatus.open),
    ],
)
def test_funding_warning(until, months, expected):
    assert funding_status(until, DAY, months) is expected
