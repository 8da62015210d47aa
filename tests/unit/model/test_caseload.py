import random
from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard.model.caseload import (
    AGE_BANDS,
    age_distribution,
    eligibility_end,
    eligibility_horizon,
    integration_plan_coverage,
    month_ends,
    monthly_flows,
    overdue_cases,
)

COLUMNS = ["opened_on", "closed_on", "closure_reason", "origin", "au_assigned_on",
           "eligibility_extended", "has_integration_plan"]
REASONS = ["goal_reached", "moved_away", "eligibility_ended", "other"]
INFLOWS = ["inflow_case_transfer", "inflow_direct"]
OUTFLOWS = [f"outflow_{r}" for r in REASONS]
LABELS = [label for _, _, label in AGE_BANDS]


def case(opened_on=date(2020, 1, 1), closed_on=None, closure_reason=None, origin="direct",
         au_assigned_on=None, eligibility_extended=False, has_integration_plan=False) -> dict:
    """One case row; a closed case without explicit reason is closed as "other" (the schema
    requires a reason iff closed), the AU assignment defaults to the opening day."""
    return {
        "opened_on": opened_on,
        "closed_on": closed_on,
        "closure_reason": closure_reason or ("other" if closed_on else None),
        "origin": origin,
        "au_assigned_on": au_assigned_on or opened_on,
        "eligibility_extended": eligibility_extended,
        "has_integration_plan": has_integration_plan,
    }


def frame(*cases: dict) -> pd.DataFrame:
    return pd.DataFrame(list(cases), columns=COLUMNS)


def random_cases(n: int = 500, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        opened = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        closed = reason = None
        if rng.random() < 0.6:
            # a share closes on its opening day: in and out in the same month, never active
            closed = opened + timedelta(days=rng.choice([0, rng.randrange(1, 1000)]))
            reason = rng.choice(REASONS)
        rows.append(case(
            opened_on=opened, closed_on=closed, closure_reason=reason,
            origin=rng.choice(["case_transfer", "direct"]),
            au_assigned_on=opened - timedelta(days=rng.randrange(400)),
            eligibility_extended=rng.random() < 0.2,
            has_integration_plan=rng.random() < 0.7,
        ))
    return frame(*rows)


# --- month_ends -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, end, expected",
    [
        # mid-month start and end: the last period is the running month up to `end` (leap February)
        (date(2024, 1, 15), date(2024, 3, 10),
         [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 10)]),
        (date(2023, 1, 1), date(2023, 3, 31),
         [date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 31)]),
        (date(2023, 11, 30), date(2024, 1, 31),
         [date(2023, 11, 30), date(2023, 12, 31), date(2024, 1, 31)]),
        (date(2024, 5, 3), date(2024, 5, 20), [date(2024, 5, 20)]),
        (date(2024, 5, 20), date(2024, 5, 20), [date(2024, 5, 20)]),
        (date(2024, 6, 1), date(2024, 5, 31), []),
    ],
)
def test_month_ends(start, end, expected):
    assert month_ends(start, end) == expected


# --- monthly_flows on a hand-made table --------------------------------------------------------

FLOW_CASES = frame(
    case(date(2023, 12, 10), origin="case_transfer"),  # A: open throughout, opened before the range
    case(date(2024, 1, 5), date(2024, 1, 20), "goal_reached"),  # B: opened and closed in January
    # C: opened on January's period end, closed on leap day
    case(date(2024, 1, 31), date(2024, 2, 29), "moved_away", origin="case_transfer"),
    case(date(2023, 6, 1), date(2024, 3, 15), "eligibility_ended"),  # D: closed exactly on `end`
    case(date(2024, 2, 1), date(2024, 3, 1), "other", origin="case_transfer"),  # F
    case(date(2024, 3, 16)),  # E: opened after `end`
    case(date(2023, 1, 1), date(2023, 12, 31), "goal_reached"),  # G: closed before the range
)


@pytest.mark.parametrize(
    "index, period_end, active, inflows, outflows",
    [
        # January: A, C, D active; B came and went; C opened on the period end
        (0, date(2024, 1, 31), 3, [1, 1], [1, 0, 0, 0]),
        # February: C closed on its period end (29 Feb) counts as outflow and no longer as active
        (1, date(2024, 2, 29), 3, [1, 0], [0, 1, 0, 0]),
        # March up to the 15th: D closed on `end` itself is an outflow, E (16th) is not yet counted
        (2, date(2024, 3, 15), 1, [0, 0], [0, 0, 1, 1]),
    ],
)
def test_monthly_flows_hand_made(index, period_end, active, inflows, outflows):
    flows = monthly_flows(FLOW_CASES, date(2024, 1, 1), date(2024, 3, 15))
    row = flows.iloc[index]
    assert row["month"] == period_end.replace(day=1)
    assert row["period_end"] == period_end
    assert row["active"] == active
    assert list(row[INFLOWS]) == inflows
    assert list(row[OUTFLOWS]) == outflows


def test_monthly_flows_columns_and_months():
    flows = monthly_flows(FLOW_CASES, date(2024, 1, 15), date(2024, 3, 15))
    assert list(flows.columns) == ["month", "period_end", "active", *INFLOWS, *OUTFLOWS]
    assert list(flows["month"]) == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    assert all(pd.api.types.is_integer_dtype(flows[c]) for c in ["active", *INFLOWS, *OUTFLOWS])


def test_monthly_flows_same_month_open_and_close_is_net_zero():
    flows = monthly_flows(frame(case(date(2024, 4, 10), date(2024, 4, 10), "moved_away")),
                          date(2024, 3, 1), date(2024, 5, 31))
    assert list(flows["active"]) == [0, 0, 0]
    assert list(flows["inflow_direct"]) == [0, 1, 0]
    assert list(flows["outflow_moved_away"]) == [0, 1, 0]


def test_monthly_flows_unknown_closure_reason_counts_as_other():
    cases = frame(case(date(2024, 1, 1), date(2024, 1, 5), "dropped"),
                  case(date(2024, 1, 1), date(2024, 1, 6)))
    cases.loc[1, "closure_reason"] = None
    assert monthly_flows(cases, date(2024, 1, 1), date(2024, 1, 31))["outflow_other"].tolist() == [2]




# --- the flow invariant on synthetic data -------------------------------------------------------

@pytest.mark.parametrize(
    "start, end",
    [(date(2023, 3, 15), date(2025, 6, 10)), (date(2021, 6, 1), date(2026, 6, 30)),
     (date(2024, 2, 29), date(2024, 12, 31))],
)
def test_flow_invariant_on_random_cases(start, end):
    cases = random_cases()
    flows = monthly_flows(cases, start, end)
    inflow = flows[INFLOWS].sum(axis=1)
    outflow = flows[OUTFLOWS].sum(axis=1)
    for m in range(1, len(flows)):
        assert flows["active"][m] == flows["active"][m - 1] + inflow[m] - outflow[m], m

    records = cases.to_dict("records")
    for pe, active in zip(flows["period_end"], flows["active"], strict=True):
        expected = sum(1 for c in records
                       if c["opened_on"] <= pe and (c["closed_on"] is None or c["closed_on"] > pe))
        assert active == expected, pe
    first = start.replace(day=1)
    assert inflow.sum() == sum(1 for c in records if first <= c["opened_on"] <= end)
    assert outflow.sum() == sum(1 for c in records if c["closed_on"] and first <= c["closed_on"] <= end)


def test_random_cases_add_up_across_functions():
    cases = random_cases()
    day = date(2024, 9, 30)
    _, active, _ = integration_plan_coverage(cases, day)
    assert active == monthly_flows(cases, day, day)["active"].item()
    assert age_distribution(cases, day)["count"].sum() == active
    # every end lies within 4 years of an AU assignment before `day`: overdue + horizon = all
    horizon = eligibility_horizon(cases, day, months=49)
    assert overdue_cases(cases, day) + horizon["total"].sum() == active
    assert (horizon["total"] == horizon["reaching_limit"] + horizon["reaching_extended_limit"]).all()


# --- eligibility ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "au, extended, kwargs, expected",
    [
        (date(2021, 3, 15), False, {}, date(2024, 3, 15)),
        (date(2021, 3, 15), True, {}, date(2025, 3, 15)),
        (date(2024, 2, 29), False, {}, date(2027, 2, 28)),  # leap day into a common year
        (date(2024, 2, 29), True, {}, date(2028, 2, 29)),  # 4 years later is a leap year again
        (date(2020, 2, 29), False, {}, date(2023, 2, 28)),
        (date(2021, 3, 15), False, {"limit_years": 2}, date(2023, 3, 15)),
        (date(2021, 3, 15), True, {"extended_years": 5}, date(2026, 3, 15)),
    ],
)
def test_eligibility_end(au, extended, kwargs, expected):
    assert eligibility_end(au, extended, **kwargs) == expected


HORIZON_DAY = date(2024, 3, 10)
HORIZON_CASES = frame(
    case(au_assigned_on=date(2021, 3, 20)),  # ends 20 Mar 2024
    case(au_assigned_on=date(2021, 3, 10)),  # ends on the day itself: horizon, not overdue
    case(au_assigned_on=date(2021, 3, 9)),  # ended the day before: overdue
    case(au_assigned_on=date(2020, 5, 31), eligibility_extended=True),  # ends 31 May 2024
    case(au_assigned_on=date(2021, 5, 31), eligibility_extended=True),  # ends 2025: beyond horizon
    case(au_assigned_on=date(2021, 6, 30)),  # ends 30 Jun 2024
    case(au_assigned_on=date(2021, 7, 1)),  # ends 1 Jul 2024: beyond a 4-month horizon
    case(au_assigned_on=date(2020, 3, 1), eligibility_extended=True),  # ended 1 Mar 2024: overdue
    case(au_assigned_on=date(2021, 4, 1), closed_on=date(2024, 3, 1)),  # closed: not counted
    case(opened_on=date(2024, 3, 11), au_assigned_on=date(2021, 4, 15)),  # opened later
)


@pytest.mark.parametrize(
    "month, limit, extended",
    [(date(2024, 3, 1), 2, 0), (date(2024, 4, 1), 0, 0), (date(2024, 5, 1), 0, 1),
     (date(2024, 6, 1), 1, 0)],
)
def test_eligibility_horizon(month, limit, extended):
    horizon = eligibility_horizon(HORIZON_CASES, HORIZON_DAY, months=4).set_index("month")
    assert len(horizon) == 4
    assert horizon.loc[month].tolist() == [limit, extended, limit + extended]


def test_start_after_end_or_no_months_is_empty_frame():
    flows = monthly_flows(FLOW_CASES, date(2024, 2, 1), date(2024, 1, 31))
    assert flows.empty
    assert list(flows.columns) == ["month", "period_end", "active", *INFLOWS, *OUTFLOWS]
    assert pd.api.types.is_integer_dtype(flows["active"])
    horizon = eligibility_horizon(HORIZON_CASES, HORIZON_DAY, months=0)
    assert horizon.empty
    assert list(horizon.columns) == ["month", "reaching_limit", "reaching_extended_limit", "total"]


def test_eligibility_horizon_months_cross_the_year():
    horizon = eligibility_horizon(frame(), date(2024, 11, 15))
    assert list(horizon.columns) == ["month", "reaching_limit", "reaching_extended_limit", "total"]
    assert list(horizon["month"]) == [date(2024, 11, 1), date(2024, 12, 1)] + [
        date(2025, m, 1) for m in range(1, 11)]


def test_eligibility_horizon_uses_configured_limits():
    horizon = eligibility_horizon(HORIZON_CASES, HORIZON_DAY, months=1, limit_years=4)
    assert horizon.iloc[0].tolist() == [date(2024, 3, 1), 0, 0, 0]


@pytest.mark.parametrize(
    "cases, day, kwargs, expected",
    [
        (HORIZON_CASES, HORIZON_DAY, {}, 2),
        (HORIZON_CASES, HORIZON_DAY, {"extended_years": 3}, 3),  # 31 May 2020 + 3 is in the past
        (HORIZON_CASES, HORIZON_DAY, {"limit_years": 4, "extended_years": 5}, 0),
        # leap-day assignment: eligible through 28 Feb 2027, overdue from 1 Mar
        (frame(case(date(2024, 2, 29))), date(2027, 2, 28), {}, 0),
        (frame(case(date(2024, 2, 29))), date(2027, 3, 1), {}, 1),
        (frame(case(date(2024, 2, 29), eligibility_extended=True)), date(2028, 2, 29), {}, 0),
        (frame(case(date(2024, 2, 29), eligibility_extended=True)), date(2028, 3, 1), {}, 1),
        (frame(case(date(2020, 1, 1), closed_on=date(2025, 1, 1))), date(2025, 1, 1), {}, 0),
    ],
)
def test_overdue_cases(cases, day, kwargs, expected):
    assert overdue_cases(cases, day, **kwargs) == expected


def test_eligibility_horizon_leap_day_lands_in_february():
    horizon = eligibility_horizon(frame(case(date(2024, 2, 29))), date(2027, 2, 1), months=2)
    assert horizon["reaching_limit"].tolist() == [1, 0]


# --- age distribution ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "au, day, band",
    [
        (date(2024, 6, 30), date(2024, 6, 30), "unter 6 Monate"),
        (date(2024, 1, 1), date(2024, 6, 30), "unter 6 Monate"),  # 5 whole months
        (date(2024, 7, 15), date(2024, 6, 30), "unter 6 Monate"),  # AU after the day counts as 0
        (date(2023, 12, 30), date(2024, 6, 30), "6–12 Monate"),
        (date(2023, 6, 30), date(2024, 6, 30), "1–2 Jahre"),
        (date(2022, 7, 1), date(2024, 6, 30), "1–2 Jahre"),  # 23 whole months
        (date(2022, 6, 30), date(2024, 6, 30), "2–2,5 Jahre"),
        (date(2021, 12, 31), date(2024, 6, 30), "2,5–3 Jahre"),  # 31 Dec + 30 months = 30 Jun
        (date(2021, 7, 1), date(2024, 6, 30), "2,5–3 Jahre"),
        (date(2021, 6, 30), date(2024, 6, 30), "über 3 Jahre"),
        (date(2020, 1, 1), date(2024, 6, 30), "über 3 Jahre"),
        # month ends clamp: 31 Aug + 30 months is 29 Feb 2024
        (date(2021, 8, 31), date(2024, 2, 29), "2,5–3 Jahre"),
        (date(2021, 8, 31), date(2024, 2, 28), "2–2,5 Jahre"),
    ],
)
def test_age_band_of_one_case(au, day, band):
    dist = age_distribution(frame(case(date(2020, 1, 1), au_assigned_on=au)), day)
    assert dist["band"].tolist() == LABELS
    assert dist.set_index("band")["count"].to_dict() == {label: int(label == band) for label in LABELS}


@pytest.mark.parametrize("au", [date(2021, 3, 15), date(2024, 2, 29), date(2021, 1, 31)])
def test_over_three_years_starts_on_the_eligibility_end(au):
    end = eligibility_end(au, False)
    cases = frame(case(date(2020, 1, 1), au_assigned_on=au))
    assert age_distribution(cases, end - timedelta(days=1))["count"].tolist() == [0, 0, 0, 0, 1, 0]
    assert age_distribution(cases, end)["count"].tolist() == [0, 0, 0, 0, 0, 1]


def test_age_distribution_counts_only_active_cases():
    day = date(2024, 6, 30)
    cases = frame(
        case(date(2024, 1, 1)),
        case(date(2024, 2, 1)),
        case(date(2022, 1, 1), au_assigned_on=date(2021, 1, 1)),
        case(date(2024, 1, 1), closed_on=day),  # closed on the day: not active
        case(date(2024, 7, 1)),  # opened later
    )
    assert age_distribution(cases, day)["count"].tolist() == [2, 0, 0, 0, 0, 1]


# --- Integrationsplan coverage ------------------------------------------------------------------

@pytest.mark.parametrize(
    "plans, closed_with_plan, expected",
    [
        ([True, True, True, False], 0, (3, 4, 75.0)),
        ([True, False, False], 2, (1, 3, 100 / 3)),  # closed cases with a plan do not count
        ([True, True], 0, (2, 2, 100.0)),
        ([False], 1, (0, 1, 0.0)),
        ([], 3, (0, 0, None)),
    ],
)
def test_integration_plan_coverage(plans, closed_with_plan, expected):
    day = date(2024, 6, 30)
    cases = frame(
        *[case(date(2024, 1, 1), has_integration_plan=p) for p in plans],
        *[case(date(2024, 1, 1), closed_on=date(2024, 6, 1), has_integration_plan=True)
          for _ in range(closed_with_plan)],
    )
    with_plan, active, share = integration_plan_coverage(cases, day)
    assert (with_plan, active) == expected[:2]
    assert share == (None if expected[2] is None else pytest.approx(expected[2]))


# --- empty input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "empty",
    [frame(), pd.DataFrame(columns=COLUMNS),
     random_cases(20).iloc[0:0]],
    ids=["from-records", "bare-columns", "sliced"],
)
def test_empty_frame_gives_zeros(empty):
    day = date(2024, 6, 30)
    flows = monthly_flows(empty, date(2024, 1, 15), day)
    assert len(flows) == 6
    assert (flows[["active", *INFLOWS, *OUTFLOWS]] == 0).all().all()
    horizon = eligibility_horizon(empty, day)
    assert len(horizon) == 12
    assert (horizon[["reaching_limit", "reaching_extended_limit", "total"]] == 0).all().all()
    assert overdue_cases(empty, day) == 0
    dist = age_distribution(empty, day)
    assert dist["band"].tolist() == LABELS
    assert dist["count"].tolist() == [0] * len(AGE_BANDS)
    assert integration_plan_coverage(empty, day) == (0, 0, None)
