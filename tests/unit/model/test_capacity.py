import pytest

from dashboard.model.capacity import (
    Load,
    Status,
    Thresholds,
    effective_team,
    round_up,
    status_for,
    weighted_load,
    weighted_points,
)

T = Thresholds(ok_max=100, attention_max=110)


@pytest.mark.parametrize(
    "cases, posts, per_fte, util, status, needed",
    [
        # DOMAIN.md §4: 300 cases on 3.0 VZÄ = 100 per VZÄ = 111 % of 1:90; holding 1:90 needs 3.33 VZÄ
        (300, [(3.0, 90)], 100.0, 111.11, Status.critical, 3.3333),
        (90, [(1.0, 90)], 90.0, 100.0, Status.ok, 1.0),
        (99, [(1.0, 90)], 99.0, 110.0, Status.attention, 1.1),
        (100, [(1.0, 90)], 100.0, 111.11, Status.critical, 1.1111),
        (0, [(0.5, 90)], 0.0, 0.0, Status.ok, 0.0),
        # posts with their own ratio: 0.5 × 90 + 0.5 × 80 = 85 capacity
        (85, [(0.5, 90), (0.5, 80)], 85.0, 100.0, Status.ok, 1.0),
    ],
)
def test_load_against_ratio(cases, posts, per_fte, util, status, needed):
    load = Load.from_posts(cases, posts)
    assert load.cases_per_fte == pytest.approx(per_fte)
    assert load.utilisation_pct == pytest.approx(util, abs=0.01)
    assert load.status(T) is status
    assert load.fte_needed(90) == pytest.approx(needed, abs=1e-4)


@pytest.mark.parametrize("posts", [[], [(0, 90)], [(0.0, 90), (0.0, 80)]])
def test_zero_fte_is_no_capacity_not_an_error(posts):
    load = Load.from_posts(42, posts)
    assert load.has_capacity is False
    assert load.cases_per_fte is None
    assert load.utilisation_pct is None
    assert load.status(T) is Status.no_capacity
    assert load.cases_above_norm == 42
    assert load.fte_needed(90) == pytest.approx(42 / 90)


def test_headroom_and_cases_above_norm():
    load = Load.from_posts(300, [(3.0, 90)])
    assert load.capacity == 270
    assert load.headroom == -30
    assert load.cases_above_norm == 30
    assert Load.from_posts(200, [(3.0, 90)]).headroom == 70


@pytest.mark.parametrize(
    "util, status",
    [(None, Status.no_capacity), (0, Status.ok), (100, Status.ok), (100.01, Status.attention),
     (110, Status.attention), (110.01, Status.critical)],
)
def test_status_thresholds(util, status):
    assert status_for(util, T) is status


def test_status_uses_configured_thresholds():
    assert status_for(105, Thresholds(ok_max=105, attention_max=120)) is Status.ok


@pytest.mark.parametrize(
    "case_team, district, expected",
    [
        (1, 10, 2),  # catchment team's case follows the district's catchment (re-cut)
        (3, 10, 3),  # site-based team keeps its case
        (None, 10, 2),  # case without team gets the catchment team
        (None, 99, None),  # no team, no catchment: stays without team
        (1, None, 1),  # no district: keeps its team
    ],
)
def test_effective_team(case_team, district, expected):
    assert effective_team(case_team, district, {10: 2}, catchment_teams={1, 2}) == expected


@pytest.mark.parametrize("value, expected", [(3.3333, 3.34), (3.33, 3.33), (1.0, 1.0), (0.0, 0.0),
                                             (0.4333, 0.44)])
def test_round_up(value, expected):
    assert round_up(value) == pytest.approx(expected)


@pytest.mark.parametrize("categories, weights, points", [
    (["a", "b", "b"], {"a": 1.0, "b": 1.5}, 4.0),
    (["a", None, "unbekannt"], {"a": 2.0}, 4.0),  # no or unlisted category weighs 1
    ([], {"a": 2.0}, 0.0),
])
def test_weighted_points(categories, weights, points):
    assert weighted_points(categories, weights) == points


def test_weighted_load_uses_the_same_arithmetic_on_points():
    load = weighted_load(points=99.0, fte=1.0, points_per_fte=90)
    assert load.capacity == 90 and round(load.utilisation_pct, 1) == 110.0
    assert weighted_load(points=10.0, fte=0.0, points_per_fte=90).utilisation_pct is None
