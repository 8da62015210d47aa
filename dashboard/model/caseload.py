"""Case flows over time: monthly in/out flows, the eligibility horizon and the age of cases.

Input is one row per IM case with the columns `opened_on`, `closed_on` (None while open),
`closure_reason`, `origin`, `au_assigned_on`, `eligibility_extended` and `has_integration_plan`
(dates as `datetime.date`). A case is active on day d if opened_on <= d and (closed_on is None or
closed_on > d): the closing day itself no longer counts. Eligibility ends 3 years after the
assignment to Anschlussunterbringung, 4 with extension (DOMAIN.md "Eligibility"). The schema
guarantees closed_on >= opened_on and a non-null au_assigned_on; the functions rely on that.

Every function accepts an empty frame (0 rows, the columns present) and then returns zeros.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from .months import add_months, last_day, month_ends, whole_months  # noqa: F401 (month_ends re-exported)

_ORIGINS = ("case_transfer", "direct")
_CLOSURE_REASONS = ("goal_reached", "moved_away", "eligibility_ended", "other")

_FLOW_COLUMNS = (
    ["month", "period_end", "active"]
    + [f"inflow_{o}" for o in _ORIGINS]
    + [f"outflow_{r}" for r in _CLOSURE_REASONS]
)
_HORIZON_COLUMNS = ["month", "reaching_limit", "reaching_extended_limit", "total"]

# Months since AU assignment: lower bound inclusive, upper bound exclusive, None = open-ended.
AGE_BANDS: list[tuple[int, int | None, str]] = [
    (0, 6, "unter 6 Monate"),
    (6, 12, "6–12 Monate"),
    (12, 24, "1–2 Jahre"),
    (24, 30, "2–2,5 Jahre"),
    (30, 36, "2,5–3 Jahre"),
    (36, None, "über 3 Jahre"),
]








def _timestamps(column: pd.Series) -> pd.Series:
    # pd.to_datetime turns date objects, None and NaT alike into datetime64 with NaT, so that
    # comparisons are vectorised and an open case (NaT) simply compares False.
    return pd.to_datetime(column)


def _is_true(column: pd.Series) -> pd.Series:
    # eq(True) rather than astype(bool): a missing flag must not count as True.
    return column.eq(True)


def _active_mask(opened: pd.Series, closed: pd.Series, day: date) -> pd.Series:
    stamp = pd.Timestamp(day)
    return (opened <= stamp) & (closed.isna() | (closed > stamp))


def _active(cases: pd.DataFrame, day: date) -> pd.DataFrame:
    mask = _active_mask(_timestamps(cases["opened_on"]), _timestamps(cases["closed_on"]), day)
    return cases[mask]


def _counts_as_int(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    # A frame without rows would otherwise carry object columns; callers sum and compare counts.
    return frame.astype({c: "int64" for c in columns})


def _dates(column: pd.Series) -> list[date]:
    return list(_timestamps(column).dt.date)




def monthly_flows(cases: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Active cases and in/out flows per month from start's month to end's month.

    Columns: month (first day), period_end (month end, `end` for the last month), active (on
    period_end), inflow_case_transfer and inflow_direct (opened from the first of the month to
    period_end), outflow_goal_reached, outflow_moved_away, outflow_eligibility_ended and
    outflow_other (closed in the same window). Any origin other than "case_transfer" counts as
    direct and a missing or unknown closure reason as "other", so every case is counted once and
    active[m] == active[m-1] + inflows[m] − outflows[m] holds for each month after the first.

    One pass for all months: the opening and closing days are sorted once and every month's count
    is a difference of two binary searches (O(n log n + months · log n), not months × n).
    """
    ends = month_ends(start, end)
    opened = _timestamps(cases["opened_on"])
    closed = _timestamps(cases["closed_on"])
    transfer = cases["origin"].eq("case_transfer").to_numpy(dtype=bool)
    reason = cases["closure_reason"].where(cases["closure_reason"].isin(_CLOSURE_REASONS), "other").to_numpy()
    highs = np.array([pd.Timestamp(d).to_datetime64() for d in ends], dtype="datetime64[ns]")
    lows = np.array([pd.Timestamp(d.replace(day=1)).to_datetime64() for d in ends], dtype="datetime64[ns]")
    o = opened.to_numpy(dtype="datetime64[ns]")
    c = closed.to_numpy(dtype="datetime64[ns]")
    has_o, has_c = ~np.isnat(o), ~np.isnat(c)
    # Active on d: opened <= d < closed. A closing day before the opening day (excluded by the
    # schema) is lifted to the opening day, which keeps such a case never active, as before.
    both = has_o & has_c
    closed_after_open = np.maximum(c[both], o[both])

    def at_most(days: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        return np.searchsorted(np.sort(days if mask is None else days[mask]), highs, side="right")

    def within(days: np.ndarray, mask: np.ndarray) -> np.ndarray:
        ordered = np.sort(days[mask])
        return np.searchsorted(ordered, highs, side="right") - np.searchsorted(ordered, lows, side="left")

    data = {
        "month": [d.replace(day=1) for d in ends],
        "period_end": ends,
        "active": at_most(o, has_o) - at_most(closed_after_open),
        "inflow_case_transfer": within(o, has_o & transfer),
        "inflow_direct": within(o, has_o & ~transfer),
    }
    for r in _CLOSURE_REASONS:
        data[f"outflow_{r}"] = within(c, has_c & (reason == r))
    return _counts_as_int(pd.DataFrame(data, columns=_FLOW_COLUMNS), _FLOW_COLUMNS[2:])


def flows_of_counts(before: int, openings: Iterable[tuple[date, str | None, int]],
                    closings: Iterable[tuple[date, str | None, int]], start: date, end: date) -> pd.DataFrame:
    """`monthly_flows` from counts (what the database's `GROUP BY` returns,
    `data.queries.case_counts.flow_counts`): `before` cases active the day before start's month,
    openings per (day, origin) and closings per (day, closure_reason) from the first of start's
    month to `end`. Same columns and rules: any origin other than "case_transfer" is direct, a
    missing or unknown closure reason is "other"; active = before + openings − closings."""
    ends = month_ends(start, end)
    inflow: Counter[tuple[int, int, str]] = Counter()
    outflow: Counter[tuple[int, int, str]] = Counter()
    for day, origin, n in openings:
        inflow[(day.year, day.month, "case_transfer" if origin == "case_transfer" else "direct")] += n
    for day, reason, n in closings:
        outflow[(day.year, day.month, reason if reason in _CLOSURE_REASONS else "other")] += n
    rows, active = [], before
    for period_end in ends:
        key = (period_end.year, period_end.month)
        row = {"month": period_end.replace(day=1), "period_end": period_end}
        row.update({f"inflow_{o}": inflow[(*key, o)] for o in _ORIGINS})
        row.update({f"outflow_{r}": outflow[(*key, r)] for r in _CLOSURE_REASONS})
        active += sum(row[f"inflow_{o}"] for o in _ORIGINS) - sum(row[f"outflow_{r}"] for r in _CLOSURE_REASONS)
        rows.append({**row, "active": active})
    return _counts_as_int(pd.DataFrame(rows, columns=_FLOW_COLUMNS), _FLOW_COLUMNS[2:])


def eligibility_end(
    au_assigned_on: date, extended: bool, *, limit_years: int = 3, extended_years: int = 4
) -> date:
    """The day eligibility ends: same day N years after the AU assignment (29 Feb → 28 Feb).

    The case is still eligible on that day; it is overdue from the day after.
    """
    return add_months(au_assigned_on, 12 * (extended_years if extended else limit_years))


Groups = Iterable[tuple[date, bool, int]]  # (au_assigned_on, eligibility_extended, number of cases)


def assignment_groups(cases: pd.DataFrame) -> list[tuple[date, bool, int]]:
    """The cases as (au_assigned_on, eligibility_extended, count) groups — what the database's
    `GROUP BY` returns (`data.queries.case_counts.active_by_assignment`)."""
    counts = Counter(zip(_dates(cases["au_assigned_on"]), map(bool, _is_true(cases["eligibility_extended"]))))
    return [(au, ext, n) for (au, ext), n in counts.items()]


def _ends(groups: Groups, limit_years: int, extended_years: int) -> list[tuple[date, bool, int]]:
    """(end of eligibility, extended, count) per group."""
    return [(eligibility_end(au, ext, limit_years=limit_years, extended_years=extended_years), ext, n)
            for au, ext, n in groups]


def eligibility_horizon(
    cases: pd.DataFrame,
    day: date,
    months: int = 12,
    *,
    limit_years: int = 3,
    extended_years: int = 4,
) -> pd.DataFrame:
    """Active cases on `day` whose eligibility ends, per month of the next `months` months.

    One row per calendar month starting with day's month; columns month (first day),
    reaching_limit (cases without extension), reaching_extended_limit (with extension) and total.
    Only ends on or after `day` count, so day's month holds just the rest of that month; ends
    before `day` are `overdue_cases`, ends beyond the horizon are not shown.
    """
    return horizon_of_groups(assignment_groups(_active(cases, day)), day, months,
                             limit_years=limit_years, extended_years=extended_years)


def horizon_of_groups(groups: Groups, day: date, months: int = 12, *, limit_years: int = 3,
                      extended_years: int = 4) -> pd.DataFrame:
    """`eligibility_horizon` of cases active on `day` given as (au_assigned_on, extended, count) groups."""
    counts: Counter[tuple[int, int, bool]] = Counter()
    for end, ext, n in _ends(groups, limit_years, extended_years):
        if end >= day:
            counts[(end.year, end.month, ext)] += n
    rows = []
    for offset in range(max(months, 0)):
        month = add_months(day.replace(day=1), offset)
        plain = counts[(month.year, month.month, False)]
        extended = counts[(month.year, month.month, True)]
        rows.append({"month": month, "reaching_limit": plain,
                     "reaching_extended_limit": extended, "total": plain + extended})
    return _counts_as_int(pd.DataFrame(rows, columns=_HORIZON_COLUMNS), _HORIZON_COLUMNS[1:])


def overdue_cases(
    cases: pd.DataFrame, day: date, *, limit_years: int = 3, extended_years: int = 4
) -> int:
    """Cases active on `day` whose eligibility ended before `day` (the end day is not overdue)."""
    return overdue_of_groups(assignment_groups(_active(cases, day)), day,
                             limit_years=limit_years, extended_years=extended_years)


def overdue_of_groups(groups: Groups, day: date, *, limit_years: int = 3, extended_years: int = 4) -> int:
    """`overdue_cases` of active cases given as (au_assigned_on, extended, count) groups."""
    return sum(n for end, _, n in _ends(groups, limit_years, extended_years) if end < day)


def _band(months: int) -> str:
    for low, high, label in AGE_BANDS:
        if months >= low and (high is None or months < high):
            return label
    raise ValueError(f"keine Altersgruppe für {months} Monate")  # unreachable: bands start at 0


def age_distribution(cases: pd.DataFrame, day: date) -> pd.DataFrame:
    """Active cases on `day` by whole months since the AU assignment (AGE_BANDS).

    Columns band (label) and count; every band is present, in AGE_BANDS order. An AU assignment
    after `day` counts as 0 months ("unter 6 Monate"), so the counts add up to the active cases.
    """
    return ages_of_groups(assignment_groups(_active(cases, day)), day)


def ages_of_groups(groups: Groups, day: date) -> pd.DataFrame:
    """`age_distribution` of active cases given as (au_assigned_on, extended, count) groups."""
    counts: Counter[str] = Counter()
    for au, _, n in groups:
        counts[_band(max(0, whole_months(au, day)))] += n
    return pd.DataFrame(
        [{"band": label, "count": counts[label]} for _, _, label in AGE_BANDS],
        columns=["band", "count"],
    )


def integration_plan_coverage(cases: pd.DataFrame, day: date) -> tuple[int, int, float | None]:
    """(active cases with Integrationsplan, active cases, share in %); share None without cases."""
    active = _active(cases, day)
    with_plan = int(_is_true(active["has_integration_plan"]).sum())
    total = len(active)
    return with_plan, total, (100.0 * with_plan / total if total else None)
