"""The case history a per-team projection estimates from: new cases per stream and complete month,
when each team's and district's data start, and closures before the eligibility end by case age.

`CaseRecords` holds every case as numpy arrays (no names: team and district codes, dates as
ordinals); `history_at` cuts what was known on a Stichtag into the `History` the baseline carries,
and `snapshot` builds the case groups and inflows of a baseline at a past Stichtag (the backtest).
Case age is counted in months since the AU assignment (the same clock as the eligibility end).
Pure: numpy and the stdlib only; `data/scenarios.py` fills `CaseRecords` from the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..months import month_from_index, month_index
from .baseline import CaseGroup, Inflow

BANDS = (0, 6, 12, 24)  # case age (months since AU assignment): 0–6, 6–12, 12–24, 24 and more
BAND_LABELS = ("0–6", "6–12", "12–24", "24+")
HISTORY_MONTHS = 24  # complete months before the Stichtag the baseline keeps
OPEN = 10**7  # ordinal of a case not closed (later than any date)


class StreamCounts(NamedTuple):
    """New cases of one stream (carrier, district) per complete month, oldest first."""

    owner: str | None  # a site-based team; None: the district's catchment team
    district: str | None
    counts: tuple[int, ...]


class HazardCell(NamedTuple):
    """Case-months at risk and closures before the eligibility end of one team in one age band."""

    team: str | None
    band: int
    case_months: int
    closures: int


@dataclass(frozen=True)
class History:
    """What the baseline keeps of the past (counts only, no case): the last `len(counts)` complete months."""

    last_month: dt.date  # first day of the last complete month before the Stichtag
    months: int
    streams: tuple[StreamCounts, ...] = ()
    hazard: tuple[HazardCell, ...] = ()
    team_starts: tuple[tuple[str, dt.date], ...] = ()  # first month with a case, per team
    district_starts: tuple[tuple[str, dt.date], ...] = ()  # first month with a case, per district

    @property
    def first_month(self) -> dt.date:
        return month_from_index(month_index(self.last_month) - self.months + 1)


def band_of(age: np.ndarray) -> np.ndarray:
    """The age band index of each age in months (negative ages count as the first band)."""
    return np.searchsorted(np.array(BANDS[1:]), np.maximum(age, 0), side="right")


@dataclass(frozen=True)
class CaseRecords:
    """Every case as arrays: codes as object arrays (None allowed), days as ordinals."""

    team: np.ndarray
    district: np.ndarray
    au_month: np.ndarray  # month index of the AU assignment
    opened: np.ndarray  # ordinal of the opening day
    closed: np.ndarray  # ordinal of the closing day, OPEN when open
    early: np.ndarray  # bool: closed before the eligibility end (goal reached, moved away, other)
    extended: np.ndarray  # bool: eligibility extended to 4 years

    @classmethod
    def of(cls, rows) -> CaseRecords:
        """From (team, district, au_day, opened_day, closed_day or None, early, extended) tuples."""
        rows = list(rows)
        return cls.of_columns(*(list(zip(*rows, strict=True)) if rows else [()] * 7))

    @classmethod
    def of_columns(cls, team, district, au, opened, closed, early, extended) -> CaseRecords:
        """From one sequence per field (as `of`'s tuples, column by column: no row-wise Python at Land scale)."""
        n = len(team)
        return cls(
            team=np.array(team, dtype=object),
            district=np.array(district, dtype=object),
            au_month=np.fromiter((month_index(d) for d in au), np.int64, n),
            opened=np.fromiter((d.toordinal() for d in opened), np.int64, n),
            closed=np.fromiter((OPEN if d is None else d.toordinal() for d in closed), np.int64, n),
            early=np.array(early, dtype=bool),
            extended=np.array(extended, dtype=bool),
        )

    def owners(self, catchment: dict[str, str | None], catchment_teams: set[str]) -> np.ndarray:
        """Who carries each case on a day: its site-based team, or None where the district's
        catchment team carries it (a catchment team's case in a district with a catchment)."""
        return np.array([None if t in catchment_teams and d is not None and catchment.get(d) else t
                         for t, d in zip(self.team, self.district, strict=True)], dtype=object)


def _factorize(values: np.ndarray) -> tuple[list, np.ndarray]:
    """The distinct codes (None first, then sorted) and each value's index among them."""
    codes = [None, *sorted({v for v in values if v is not None})]
    index = {c: i for i, c in enumerate(codes)}
    return codes, np.fromiter((index[v] for v in values), np.int64, len(values))


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _month_of(ordinals: np.ndarray) -> np.ndarray:
    """Month index of each ordinal day (vectorised `month_index`)."""
    days = (np.asarray(ordinals, np.int64) - _EPOCH).astype("datetime64[D]")
    return days.astype("datetime64[M]").astype(np.int64) + 1970 * 12


def history_at(records: CaseRecords, day: dt.date, owners: np.ndarray, limit_years: int = 3,
               months: int = HISTORY_MONTHS) -> History:
    """The counts the baseline of `day` keeps: only what was known on `day` (later closures are open)."""
    last = month_index(day) - 1  # the last complete month
    first = last - months + 1
    known = records.opened <= day.toordinal()
    closed = np.where(records.closed <= day.toordinal(), records.closed, OPEN)
    open_m = _month_of(records.opened)
    close_m = np.where(closed < OPEN, _month_of(np.minimum(closed, day.toordinal())), last + 10**6)
    # streams: new cases per (owner, district) and month of the window
    streams: dict[tuple, np.ndarray] = {}
    in_window = known & (open_m >= first) & (open_m <= last)
    for o, d, m in zip(owners[in_window], records.district[in_window], open_m[in_window], strict=True):
        streams.setdefault((o, d), np.zeros(months, np.int64))[m - first] += 1
    stream_rows = tuple(StreamCounts(o, d, tuple(int(v) for v in c))
                        for (o, d), c in sorted(streams.items(), key=lambda i: (i[0][0] or "", i[0][1] or "")))
    # starts: the first month with a case, per carrying team and per district
    team_starts: dict[str, int] = {}
    district_starts: dict[str, int] = {}
    for t, d, m in zip(records.team[known], records.district[known], open_m[known], strict=True):
        if t is not None and m < team_starts.get(t, 10**9):
            team_starts[t] = m
        if d is not None and m < district_starts.get(d, 10**9):
            district_starts[d] = m
    # hazard: case-months at risk per (team, band) in the window, closures before the limit
    deadline = records.au_month + 12 * (limit_years + records.extended.astype(np.int64))
    codes, team_ix = _factorize(records.team)
    nb = len(BANDS)
    exposure = np.zeros(len(codes) * nb, np.int64)
    events = np.zeros(len(codes) * nb, np.int64)
    early = records.early & (closed < OPEN)
    for m in range(first, last + 1):
        # at risk from the month after the opening (as in the projection: no closure in the arrival month)
        at_risk = known & (open_m < m) & (close_m >= m) & (m < deadline)
        key = team_ix[at_risk] * nb + band_of(m - records.au_month[at_risk])
        exposure += np.bincount(key, minlength=len(exposure))
        events += np.bincount(key, weights=((close_m[at_risk] == m) & early[at_risk]), minlength=len(events)
                              ).astype(np.int64)
    cells = tuple(HazardCell(codes[i // nb], int(i % nb), int(exposure[i]), int(events[i]))
                  for i in np.flatnonzero(exposure))
    return History(
        last_month=month_from_index(last), months=months, streams=stream_rows, hazard=cells,
        team_starts=tuple(sorted((t, month_from_index(m)) for t, m in team_starts.items())),
        district_starts=tuple(sorted((d, month_from_index(m)) for d, m in district_starts.items())))


@dataclass(frozen=True)
class Snapshot:
    """The case part of a baseline at a Stichtag: active case groups, inflows of the last year, history."""

    cases: tuple[CaseGroup, ...]
    inflows: tuple[Inflow, ...]
    history: History
    lag: int  # median months between AU assignment and opening


def snapshot(records: CaseRecords, day: dt.date, catchment: dict[str, str | None],
             catchment_teams: set[str], limit_years: int = 3) -> Snapshot:
    """What the baseline of `day` holds of the cases (as `data/scenarios.build_baseline` builds it)."""
    owners = records.owners(catchment, catchment_teams)
    o = day.toordinal()
    active = (records.opened <= o) & (records.closed > o)
    groups: Counter = Counter()
    for own, d, au, ext in zip(owners[active], records.district[active], records.au_month[active],
                               records.extended[active], strict=True):
        groups[(own, d, int(au), bool(ext))] += 1
    cases = tuple(CaseGroup(own, d, month_from_index(au), ext, n) for (own, d, au, ext), n in sorted(
        groups.items(), key=lambda i: (i[0][0] or "", i[0][1] or "", i[0][2], i[0][3])))
    year = (records.opened > o - 365) & (records.opened <= o)
    streams: Counter = Counter(zip(owners[year], records.district[year], strict=True))
    inflows = tuple(Inflow(own, d, round(n / 12, 4)) for (own, d), n in sorted(
        streams.items(), key=lambda i: (i[0][0] or "", i[0][1] or "")))
    open_m = _month_of(records.opened[year])
    lags = open_m - records.au_month[year]
    lag = int(np.median(lags)) if len(lags) else 6
    return Snapshot(cases, inflows, history_at(records, day, owners, limit_years), lag)
