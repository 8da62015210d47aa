"""Per-team rates of the projection, estimated from the baseline's history, with the reason for each.

- Inflow: the team's new cases per month over the last `WINDOW` complete months, without its first
  `STARTUP` months (a new team fills up). A catchment team counts its catchment's districts, also
  from before it carried them ("Einzugsgebiet"). A team with fewer usable months gets, for the
  missing months, the inflow per IM-VZÄ of the teams with complete data ("Zugang je VZÄ") times its
  own VZÄ — and says so. The monthly counts also give the dispersion (variance / mean) and the
  variance of the estimate for the band.
- Closures before the eligibility end: a monthly hazard per age band (months since AU assignment)
  from the team's own case-months at risk; where a team has fewer than `MIN_EXPOSURE` of them in a
  band, the pooled rate of all teams stands in.
A baseline without history (a scenario file saved before) keeps its pooled rates ("Ausgangslage").
Pure: numpy and the stdlib only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..formatting import fmt_int, fmt_month, fmt_number, fmt_pct
from ..months import month_from_index, month_index
from ..vocabulary import NO_TEAM
from .baseline import Baseline, Inflow
from .history import BAND_LABELS, BANDS

WINDOW = 12  # complete months the inflow is estimated from
STARTUP = 3  # first months of a team's data left out (the team fills up)
MIN_EXPOSURE = 120  # case-months at risk in an age band for the team's own closure rate
STAND_IN_ERROR = 0.5  # relative error of a stand-in rate (teams differ; the demo backtest found 30–50 %)
MAX_DISPERSION = 4.0

SOURCE_LABELS = {
    "own": "eigene Daten",
    "catchment": "Einzugsgebiet",
    "city": "Zugang je VZÄ (Teams mit vollständigen Daten)",
    "baseline": "Ausgangslage (ein Satz für alle)",
}


@dataclass(frozen=True)
class TeamRate:
    """What drives one team's projection, and where each number comes from."""

    code: str | None  # None: the cases without a team
    name: str
    per_month: float  # new cases per month
    source: str  # key of SOURCE_LABELS
    data_start: dt.date | None  # first month of the data the inflow comes from
    own_months: int  # months of the window with usable own data
    stand_in: float | None  # inflow per month that stood in for the missing months
    dispersion: float  # variance / mean of the monthly inflow (≥ 1)
    rate_var: float  # variance of the estimated inflow per month
    hazard: tuple[float, ...]  # monthly closure probability before the limit, per age band
    hazard_own: tuple[bool, ...]  # per band: from the team's own data (else pooled)
    hazard_events: int  # closures the hazard rests on (its relative variance ≈ 1 / events)
    notes: tuple[str, ...]  # German sentences for the page


@dataclass(frozen=True)
class Rates:
    teams: tuple[TeamRate, ...]  # one per team of the baseline, then the cases without a team
    streams: tuple[Inflow, ...]  # the projection's inflow streams with the estimated rates
    stream_sd: tuple[float, ...]  # standard deviation of each stream's rate (correlated within a team)
    pooled_hazard: tuple[float, ...]
    window: int = WINDOW
    startup: int = STARTUP

    def team(self, code: str | None) -> TeamRate | None:
        return next((t for t in self.teams if t.code == code), None)


def _stream_team(b: Baseline, owner: str | None, district: str | None) -> str | None:
    """The team a stream's cases count against on the Stichtag."""
    if owner is not None:
        return owner
    catchment = b._cache.get("catchment")
    if catchment is None:
        catchment = b._cache["catchment"] = {d.code: d.team for d in b.districts}
    return catchment.get(district) if district else None


def _im_fte(b: Baseline, code: str | None) -> float:
    return b.team_fte(code, "im", b.as_of) if code else 0.0


def estimate(b: Baseline) -> Rates:
    """The per-team rates of a baseline (cached on it: it is frozen)."""
    cached = b._cache.get("rates")
    if cached is None:
        cached = b._cache["rates"] = _estimate(b) if b.history is not None else _flat(b)
        return cached
    return cached


def _flat(b: Baseline) -> Rates:
    """A baseline without history: its streams and its one closure rate, as before."""
    by_team: dict[str | None, float] = {}
    for f in b.inflows:
        code = _stream_team(b, f.owner, f.district)
        by_team[code] = by_team.get(code, 0.0) + f.per_month
    h = min(max(b.closure_rate_pct, 0.0), 100.0) / 100.0
    teams = []
    for code, name in [(t.code, t.name) for t in b.teams] + [(None, NO_TEAM)]:
        rate = by_team.get(code, 0.0)
        teams.append(TeamRate(code, name, rate, "baseline", None, WINDOW, None, 1.0, rate / WINDOW,
                              (h,) * len(BANDS), (False,) * len(BANDS), 0,
                              (f"Zugang {fmt_number(rate, 1)} je Monat und {fmt_pct(100 * h)} Abschlüsse je "
                               "Monat: die Sätze der gespeicherten Ausgangslage (ohne Verlauf je Team).",)))
    sd = tuple(float(np.sqrt(f.per_month / WINDOW)) for f in b.inflows)
    return Rates(tuple(teams), tuple(b.inflows), sd, (h,) * len(BANDS))


def _hazards(b: Baseline) -> tuple[dict, tuple[float, ...], tuple[int, ...]]:
    """Per team and band (case-months, closures); the pooled rate and closures per band."""
    cells: dict[str | None, np.ndarray] = {}
    for c in b.history.hazard:
        cells.setdefault(c.team, np.zeros((len(BANDS), 2)))[c.band] += (c.case_months, c.closures)
    total = sum(cells.values(), np.zeros((len(BANDS), 2)))
    overall = total[:, 1].sum() / total[:, 0].sum() if total[:, 0].sum() else b.closure_rate_pct / 100
    pooled = tuple(float(e / n) if n >= 30 else float(overall) for n, e in total)
    return cells, pooled, tuple(int(e) for e in total[:, 1])


def _estimate(b: Baseline) -> Rates:
    h = b.history
    last = month_index(h.last_month)
    window = min(WINDOW, h.months)
    first_window = last - window + 1
    team_starts = {t: month_index(d) for t, d in h.team_starts}
    district_starts = {d: month_index(m) for d, m in h.district_starts}
    series: dict[str | None, np.ndarray] = {}
    for s in h.streams:
        code = _stream_team(b, s.owner, s.district)
        series[code] = series.get(code, np.zeros(h.months)) + np.array(s.counts, float)
    codes = [(t.code, t.name) for t in b.teams] + [(None, NO_TEAM)]

    catchment_starts: dict[str, list[int]] = {}
    for d in b.districts:
        if d.team is not None and d.code in district_starts:
            catchment_starts.setdefault(d.team, []).append(district_starts[d.code])

    def data_start(code: str | None) -> int | None:
        team = b.team(code) if code else None
        starts = [team_starts[code]] if code in team_starts else []
        if team is not None and team.uses_catchment:  # the catchment's data, also from before the team
            starts += catchment_starts.get(code, [])
        return min(starts) if starts else None

    own: dict[str | None, tuple[float, int, np.ndarray, int | None]] = {}
    for code, _ in codes:
        start = data_start(code)
        counts = series.get(code, np.zeros(h.months))[-window:]
        usable_from = first_window if start is None or start < last - h.months + 1 else start + STARTUP
        usable = counts[max(0, usable_from - first_window):] if usable_from <= last else counts[:0]
        own[code] = (float(usable.sum()), len(usable), usable, start)
    mature = [(own[c][0] / window, _im_fte(b, c)) for c, _ in codes if c is not None and own[c][1] >= window]
    mature_fte = sum(f for _, f in mature)
    per_fte = sum(r for r, _ in mature) / mature_fte if mature_fte > 0 else None
    cells, pooled, pooled_events = _hazards(b)

    teams = []
    for code, name in codes:
        total, n, usable, start = own[code]
        team = b.team(code) if code else None
        stand_in = None
        if n >= window:
            rate = total / window
            source = "catchment" if team is not None and team.uses_catchment and start is not None \
                and team_starts.get(code, start) > start else "own"
        else:
            fte = _im_fte(b, code)
            stand_in = per_fte * fte if per_fte is not None and fte > 0 else (total / n if n else 0.0)
            rate = (total + (window - n) * stand_in) / window
            source = "city"
        mean = usable.mean() if n else 0.0
        dispersion = float(np.clip(usable.var(ddof=1) / mean, 1.0, MAX_DISPERSION)) if n >= 6 and mean > 0 else 1.0
        rate_var = dispersion * total / window**2 + ((window - n) / window * STAND_IN_ERROR * (stand_in or 0.0)) ** 2
        team_cells = cells.get(code, np.zeros((len(BANDS), 2)))
        hazard_own = tuple(bool(c[0] >= MIN_EXPOSURE) for c in team_cells)
        hazard = tuple(float(c[1] / c[0]) if o else p for c, o, p in zip(team_cells, hazard_own, pooled, strict=True))
        events = int(sum(c[1] if o else e for c, o, e in zip(team_cells, hazard_own, pooled_events, strict=True)))
        start_day = month_from_index(start) if start is not None else None
        notes = _notes(b, code, rate, source, start_day, n, window, stand_in, hazard_own, team, team_starts)
        teams.append(TeamRate(code, name, rate, source, start_day, n, stand_in, dispersion, rate_var, hazard,
                              hazard_own, events, notes))
    # the streams keep their shares of the team's window; a team with a rate but no stream gets one
    streams, sds = [], []
    shares: dict[str | None, list] = {}
    for s in h.streams:
        shares.setdefault(_stream_team(b, s.owner, s.district), []).append((s, sum(s.counts[-window:])))
    for t in teams:
        parts = shares.get(t.code) or []
        weight = sum(w for _, w in parts)
        if weight <= 0:
            parts = [(None, 1.0)]
            weight = 1.0
        for s, w in parts:
            if t.per_month <= 0:
                continue
            owner, district = (s.owner, s.district) if s is not None else (t.code, None)
            streams.append(Inflow(owner, district, t.per_month * w / weight))
            sds.append(float(np.sqrt(t.rate_var)) * w / weight)
    return Rates(tuple(teams), tuple(streams), tuple(sds), pooled)


def _notes(b, code, rate, source, start, n, window, stand_in, hazard_own, team, team_starts) -> tuple[str, ...]:
    """Why the team's numbers are what they are (German, one sentence each)."""
    since = f" (Daten seit {fmt_month(start)})" if start else ""
    if source == "own":
        inflow = f"Zugang {fmt_number(rate, 1)} je Monat aus den eigenen Daten der letzten {window} Monate{since}."
    elif source == "catchment":
        inflow = (f"Zugang {fmt_number(rate, 1)} je Monat aus den Stadtteilen des Einzugsgebiets der letzten "
                  f"{window} Monate{since}, auch aus der Zeit, bevor das Team sie übernahm.")
    elif stand_in is not None and n < window:
        inflow = (f"Zugang {fmt_number(rate, 1)} je Monat: {fmt_int(n)} Monate eigene Daten{since}, ohne die "
                  f"ersten {STARTUP} Anlaufmonate; für die fehlenden {fmt_int(window - n)} Monate steht der "
                  f"{SOURCE_LABELS['city']} ein ({fmt_number(stand_in, 1)} je Monat).")
    else:
        inflow = f"Zugang {fmt_number(rate, 1)} je Monat{since}."
    notes = [inflow]
    pooled_bands = [label for label, own in zip(BAND_LABELS, hazard_own, strict=True) if not own]
    if pooled_bands:
        notes.append(f"Abschlüsse vor Fristende bei Fallalter {', '.join(pooled_bands)} Monaten: zu wenige "
                     "eigene Fälle, es gilt der Satz aller Teams.")
    own_start = team_starts.get(code)
    if source != "catchment" and own_start is not None and month_index(b.as_of) - own_start < 12 * b.limit_years:
        notes.append(f"Die Daten des Teams reichen erst {fmt_int(month_index(b.as_of) - own_start)} Monate zurück, "
                     f"kürzer als die Anspruchsdauer ({b.limit_years} Jahre): jeder Fall endet spätestens mit "
                     "seiner eigenen Frist.")
    return tuple(notes)
