"""The backtest: how good the projection has been. The model is run from past Stichtage (month ends)
on what was known then, and each team's projected caseload 3, 6 and 12 months on is set against what
then happened: the mean absolute percentage error (MAPE) and how often reality lay inside the 80 %
band. What happened is counted by the rule of the Stichtag (site-based teams keep their cases, the
others follow the catchment of that day), so a later re-cut of the catchments is not held against
the model. A team is scored only from Stichtage on which it already had cases.

Pure: `evaluate` takes the runs and the case records; `dashboard/services/scenario_backtest.py`
builds the past baselines from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..months import month_end, month_index
from .history import CaseRecords
from .result import Result

HORIZONS = (3, 6, 12)
TOTAL = "Alle Teams"


@dataclass(frozen=True)
class PastRun:
    """One Stichtag of the backtest: the projection from it and the catchment of that day."""

    as_of: dt.date
    result: Result
    catchment: dict[str, str | None]  # district → catchment team on the Stichtag
    catchment_teams: frozenset[str]


@dataclass(frozen=True)
class Score:
    code: str | None  # None: all teams together
    name: str
    horizon: int  # months after the Stichtag
    runs: int  # Stichtage scored
    mape: float | None  # mean absolute percentage error, in %
    coverage: float | None  # share of Stichtage with reality inside the 80 % band, in %
    bias: float | None  # mean (projection − reality) / reality, in % (negative: too low)


@dataclass(frozen=True)
class Backtest:
    first: dt.date | None  # first and last Stichtag
    last: dt.date | None
    stichtage: int
    scores: tuple[Score, ...]

    def score(self, code: str | None, horizon: int) -> Score | None:
        return next((s for s in self.scores if s.code == code and s.horizon == horizon), None)


def stichtage(data_day: dt.date, months: int = 24, min_horizon: int = HORIZONS[0]) -> list[dt.date]:
    """Month ends of the last `months` months from which at least `min_horizon` months have happened."""
    last = month_index(data_day) - min_horizon
    if month_end(last + min_horizon) > data_day:
        last -= 1
    return [month_end(m) for m in range(last - months + 1, last + 1)]


def actual(records: CaseRecords, day: dt.date, run: PastRun) -> dict[str | None, int]:
    """Active cases per team on `day`, counted by the rule of the run's Stichtag."""
    o = day.toordinal()
    active = (records.opened <= o) & (records.closed > o)
    owners = records.owners(run.catchment, set(run.catchment_teams))
    counts: dict[str | None, int] = {}
    for own, district in zip(owners[active], records.district[active], strict=True):
        team = own if own is not None else run.catchment.get(district) if district is not None else None
        counts[team] = counts.get(team, 0) + 1
    return counts


def evaluate(runs: Sequence[PastRun], records: CaseRecords, data_day: dt.date,
             horizons: Sequence[int] = HORIZONS) -> Backtest:
    """MAPE, band coverage and bias per team and horizon over the runs (points past `data_day` are left out)."""
    errors: dict[tuple, list[tuple[float, bool | None, float]]] = {}
    names: dict[str | None, str] = {None: TOTAL}
    for run in runs:
        m0 = month_index(run.as_of)
        for h in horizons:
            day = month_end(m0 + h)
            if day > data_day or h >= len(run.result.months):
                continue
            truth = actual(records, day, run)
            for t in run.result.teams:
                if t.code is None or t.cases[0] <= 0 or truth.get(t.code, 0) <= 0:
                    continue
                names[t.code] = t.name
                real = truth[t.code]
                inside = t.cases_low[h] <= real <= t.cases_high[h] if t.cases_low else None
                errors.setdefault((t.code, h), []).append((abs(t.cases[h] - real) / real, inside,
                                                            (t.cases[h] - real) / real))
            total_real = sum(v for k, v in truth.items() if k is not None)
            projected = sum(t.cases[h] for t in run.result.teams if t.code is not None)
            if total_real > 0:
                errors.setdefault((None, h), []).append((abs(projected - total_real) / total_real, None,
                                                         (projected - total_real) / total_real))
    scores = []
    order = [c for c in names if c is not None] + [None]
    for code in order:
        for h in horizons:
            rows = errors.get((code, h), [])
            inside = [i for _, i, _ in rows if i is not None]
            scores.append(Score(code, names[code], h, len(rows),
                                round(100 * float(np.mean([e for e, _, _ in rows])), 1) if rows else None,
                                round(100 * float(np.mean(inside)), 1) if inside else None,
                                round(100 * float(np.mean([b for _, _, b in rows])), 1) if rows else None))
    return Backtest(runs[0].as_of if runs else None, runs[-1].as_of if runs else None, len(runs), tuple(scores))
