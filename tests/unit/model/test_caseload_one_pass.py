"""monthly_flows in one pass equals the former month-by-month computation (kept here as the
reference), on random case tables and on edge cases: months without any movement, a start after
the end, open cases, missing and unknown closure reasons, a closing day before the opening day."""

import random
from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard.model.caseload import monthly_flows
from tests.reference_caseload import reference_flows


def random_cases(seed: int, n: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        opened = date(2022, 6, 1) + timedelta(days=rng.randrange(1300))
        closed = opened + timedelta(days=rng.randrange(0, 900)) if rng.random() < 0.6 else None
        rows.append({"opened_on": opened, "closed_on": closed,
                     "closure_reason": rng.choice(["goal_reached", "moved_away", "eligibility_ended", "other",
                                                   "unknown", None]) if closed else None,
                     "origin": rng.choice(["case_transfer", "direct", None])})
    return pd.DataFrame(rows, columns=["opened_on", "closed_on", "closure_reason", "origin"])


@pytest.mark.parametrize("seed", range(5))
def test_one_pass_equals_month_by_month_on_random_cases(seed):
    cases = random_cases(seed, 400)
    start, end = date(2023, 1, 1), date(2026, 11, 17)
    pd.testing.assert_frame_equal(monthly_flows(cases, start, end), reference_flows(cases, start, end))


def test_months_without_movement_carry_the_active_count():
    cases = pd.DataFrame([
        {"opened_on": date(2024, 1, 10), "closed_on": None, "closure_reason": None, "origin": "direct"},
        {"opened_on": date(2024, 1, 31), "closed_on": date(2024, 5, 1), "closure_reason": "moved_away",
         "origin": "case_transfer"},
    ])
    flows = monthly_flows(cases, date(2024, 1, 1), date(2024, 6, 30))
    # Jan: both opened; Feb–Apr: nothing moves; May 1st: the second leaves (not active on its closing day)
    assert flows["active"].tolist() == [2, 2, 2, 2, 1, 1]
    assert flows["inflow_direct"].tolist() == [1, 0, 0, 0, 0, 0]
    assert flows["inflow_case_transfer"].tolist() == [1, 0, 0, 0, 0, 0]
    assert flows["outflow_moved_away"].tolist() == [0, 0, 0, 0, 1, 0]
    pd.testing.assert_frame_equal(flows, reference_flows(cases, date(2024, 1, 1), date(2024, 6, 30)))


def test_closing_before_opening_is_never_active_but_counts_as_outflow_like_before():
    cases = pd.DataFrame([{"opened_on": date(2024, 3, 10), "closed_on": date(2024, 2, 5),
                           "closure_reason": "goal_reached", "origin": "direct"}])
    flows = monthly_flows(cases, date(2024, 1, 1), date(2024, 4, 30))
    assert flows["active"].tolist() == [0, 0, 0, 0]
    assert flows["outflow_goal_reached"].tolist() == [0, 1, 0, 0]
    assert flows["inflow_direct"].tolist() == [0, 0, 1, 0]
    pd.testing.assert_frame_equal(flows, reference_flows(cases, date(2024, 1, 1), date(2024, 4, 30)))


def test_start_after_end_and_no_cases():
    empty = random_cases(0, 0)
    assert monthly_flows(empty, date(2024, 3, 1), date(2024, 2, 1)).empty
    flows = monthly_flows(empty, date(2024, 1, 1), date(2024, 2, 10))
    pd.testing.assert_frame_equal(flows, reference_flows(empty, date(2024, 1, 1), date(2024, 2, 10)))
    assert flows["active"].tolist() == [0, 0]
