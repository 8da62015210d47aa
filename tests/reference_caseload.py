"""The former month-by-month caseload history, kept as the reference the one-pass computation is
checked against (unit and integration tests)."""

from datetime import date

import pandas as pd

from dashboard.model.caseload import _CLOSURE_REASONS, _FLOW_COLUMNS, month_ends


def reference_flows(cases: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The former implementation: one scan of all cases per month."""
    opened = pd.to_datetime(cases["opened_on"])
    closed = pd.to_datetime(cases["closed_on"])
    transfer = cases["origin"].eq("case_transfer")
    reason = cases["closure_reason"].where(cases["closure_reason"].isin(_CLOSURE_REASONS), "other")
    rows = []
    for period_end in month_ends(start, end):
        first = period_end.replace(day=1)
        low, high = pd.Timestamp(first), pd.Timestamp(period_end)
        opened_in = (opened >= low) & (opened <= high)
        closed_in = (closed >= low) & (closed <= high)
        active = (opened <= high) & (closed.isna() | (closed > high))
        row = {"month": first, "period_end": period_end, "active": int(active.sum()),
               "inflow_case_transfer": int((opened_in & transfer).sum()),
               "inflow_direct": int((opened_in & ~transfer).sum())}
        for r in _CLOSURE_REASONS:
            row[f"outflow_{r}"] = int((closed_in & reason.eq(r)).sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=_FLOW_COLUMNS).astype({c: "int64" for c in _FLOW_COLUMNS[2:]})
