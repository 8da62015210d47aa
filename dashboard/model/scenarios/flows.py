"""Cases over time per row of a projection: each existing case group until its own eligibility end,
leaving earlier by the closure hazard of its age; the new cases of each inflow stream likewise; and
the variance of it all for the band.

Variance (an analytic approximation, checked against a simulation in the unit tests):
- existing cases: each one is still there with probability S, independently: n·S·(1 − S);
- new cases: a thinned Poisson stream, widened by the inflow's observed dispersion φ: φ·mean;
- the estimated inflow rate: (sd of the rate × cases a rate of 1 would bring)², within a team as one;
- the estimated hazard: its relative variance 1 / closures times (∂ cases / ∂ hazard scale)²,
  where ∂S/∂c = −S·H (H: the cumulative hazard), within a team as one.
Pure: numpy only.
"""

from __future__ import annotations

import numpy as np

from ..months import month_index
from .baseline import Baseline
from .history import BANDS, band_of
from .rates import estimate

AGE_CAP = 240  # months since AU assignment beyond which the last band's hazard simply goes on
Z80 = 1.2815515655446004  # the 10 % and 90 % quantiles of the normal distribution: an 80 % band


def hazard_rows(b: Baseline, state) -> np.ndarray:
    """Monthly closure probability per hazard row (each team, then no team) × age band."""
    rates = estimate(b)
    if state.closure_flat:
        h = min(max(state.closure_pct, 0.0), 100.0) / 100.0
        return np.full((len(rates.teams), len(BANDS)), h)
    return np.array([t.hazard for t in rates.teams], float).reshape(len(rates.teams), len(BANDS))


def cumulative_hazard(rows: np.ndarray, length: int) -> np.ndarray:
    """CH[r, a] = Σ_{x < a} −log(1 − h_r(band of age x)), for a = 0 … length."""
    bands = band_of(np.arange(length))
    mu = -np.log1p(-np.minimum(rows, 1 - 1e-12))[:, bands]
    return np.concatenate([np.zeros((len(rows), 1)), np.cumsum(mu, axis=1)], axis=1)


def prepared_cases(b: Baseline, a: dict) -> dict:
    """Profiles of the existing case groups: (hazard row, age on the Stichtag, extension), cached."""
    cache = b._cache.get("profiles")
    if cache is not None:
        return cache
    n_teams = len(a["team_codes"])
    catch = np.full(max(len(a["district_ix"]), 1), -1, np.int64)
    for d in b.districts:
        catch[a["district_ix"][d.code]] = a["team_ix"].get(d.team, -1) if d.team else -1

    def home(owner, district):
        team = np.where(owner >= 0, owner, np.where(district >= 0, catch[np.maximum(district, 0)], -1))
        return np.where(team >= 0, team, n_teams)

    age0 = np.clip(month_index(b.as_of) - a["case_au"], 0, AGE_CAP)
    hz = home(a["case_owner"], a["case_district"])
    key = (hz * (AGE_CAP + 1) + age0) * 2 + a["case_ext"]
    keys, inverse = np.unique(key, return_inverse=True)
    cache = {
        "profile": inverse.reshape(-1),
        "p_hz": keys // 2 // (AGE_CAP + 1),
        "p_age": keys // 2 % (AGE_CAP + 1),
        "p_ext": keys % 2,
        "in_hz": home(a["in_owner"], a["in_district"]),
    }
    b._cache["profiles"] = cache
    return cache


def _by_row(row: np.ndarray, values: np.ndarray, rows: int) -> np.ndarray:
    """Sum of `values` (items × points) per row (rows × points)."""
    out = np.zeros((rows, values.shape[1]))
    if len(row):
        order = np.argsort(row, kind="stable")
        row_sorted = row[order]
        starts = np.flatnonzero(np.r_[True, row_sorted[1:] != row_sorted[:-1]])
        out[row_sorted[starts]] = np.add.reduceat(values[order], starts, axis=0)
    return out


def stock(b: Baseline, state, n_points: int, case_row: np.ndarray, inflow_row: np.ndarray, rows: int,
          a: dict, *, with_var: bool = False) -> dict:
    """Active cases per row × point ("mean"); with `with_var` also "var" and "deadline" (expected exits
    at the eligibility end per point)."""
    rates = estimate(b)
    p = prepared_cases(b, a)
    n_hz = len(rates.teams)
    lag = b.new_case_lag_months
    stay = max(1, 12 * state.limit_years - lag)
    length = AGE_CAP + max(n_points, stay + lag) + 2
    ch = cumulative_hazard(hazard_rows(b, state), length)
    k = np.arange(n_points)
    # existing: profile × point
    start = p["p_age"] + 1
    cum = ch[p["p_hz"][:, None], start[:, None] + k[None, :]] - ch[p["p_hz"], start][:, None]
    survive = np.exp(-cum)
    ends = np.clip(12 * (state.limit_years + p["p_ext"]) - p["p_age"], 1, n_points)
    present = (k[None, :] < ends[:, None]) * survive
    n_prof = len(p["p_hz"])
    pairs, inverse = np.unique(case_row * n_prof + p["profile"], return_inverse=True)
    w = np.bincount(inverse.reshape(-1), weights=a["case_count"], minlength=len(pairs))
    pair_row, pair_prof = pairs // n_prof, pairs % n_prof
    if with_var:  # mean and binomial variance in one pass: (pairs × 2·points)
        both = _by_row(pair_row, w[:, None] * np.concatenate([present, present * (1 - survive)], axis=1)[pair_prof],
                       rows)
        mean, var = both[:, :n_points], both[:, n_points:]
    else:
        mean = _by_row(pair_row, w[:, None] * present[pair_prof], rows)
    # new cases: per hazard row, the cases one new case a month brings by point k
    s = np.arange(n_points)
    new_cum = ch[:, lag + 1 + s] - ch[:, [lag + 1]]
    new_survive = np.exp(-new_cum)
    upto = np.minimum(k, stay)
    curve = np.concatenate([np.zeros((n_hz, 1)), np.cumsum(new_survive, axis=1)], axis=1)[:, upto]
    rate, sd = a["in_rate"], a["in_sd"]
    base_total = float(rate.sum())
    if state.inflow_total is not None:
        if base_total > 0:
            factor = state.inflow_total / base_total
            rate, sd = rate * factor, sd * factor
        elif len(rate):
            rate = np.full(len(rate), state.inflow_total / len(rate))
    for code, value in state.team_inflow.items():  # a team's own inflow, set by a change
        t = a["team_ix"].get(code)
        mask = p["in_hz"] == t
        own = float(rate[mask].sum())
        if own > 0:
            rate, sd = rate.copy(), sd.copy()
            rate[mask] *= value / own
            sd[mask] *= value / own
    in_hz = p["in_hz"]
    mean += _by_row(inflow_row, rate[:, None] * curve[in_hz], rows)
    out = {"mean": mean}
    if not with_var:
        return out
    dispersion = np.array([t.dispersion for t in rates.teams])
    rel_var = np.array([1.0 / max(t.hazard_events, 1) if t.source != "baseline" else 0.0 for t in rates.teams])
    var += _by_row(inflow_row, (dispersion[in_hz] * rate)[:, None] * curve[in_hz], rows)
    # the estimated inflow rate: one error per team, so the sd of a team's streams in a row add up
    pair = inflow_row * n_hz + in_hz
    sd_pair = np.bincount(pair, weights=sd, minlength=rows * n_hz).reshape(rows, n_hz)
    var += ((sd_pair[:, :, None] * curve[None, :, :]) ** 2).sum(axis=1)
    # the estimated hazard: ∂cases/∂c = −Σ S·H, per (row, hazard row), squared × 1/closures
    new_sens = np.concatenate([np.zeros((n_hz, 1)), np.cumsum(new_survive * new_cum, axis=1)], axis=1)[:, upto]
    sens_key = np.concatenate([pair_row * n_hz + p["p_hz"][pair_prof], pair])
    sens_val = np.concatenate([w[:, None] * present[pair_prof] * cum[pair_prof], rate[:, None] * new_sens[in_hz]])
    sens = _by_row(sens_key, sens_val, rows * n_hz).reshape(rows, n_hz, n_points)
    var += (sens**2 * rel_var[None, :, None]).sum(axis=1)
    out["var"] = var
    # expected exits at the eligibility end: a group leaves at point `end` with those still there at end − 1
    at_end = survive[pair_prof, ends[pair_prof] - 1] * (ends[pair_prof] < n_points)
    deadline = np.zeros((rows, n_points))
    np.add.at(deadline, (pair_row, np.minimum(ends[pair_prof], n_points - 1)), w * at_end)
    out["deadline"] = deadline
    out["inflow"] = np.bincount(inflow_row, weights=rate, minlength=rows)
    return out


def band(mean: np.ndarray, var: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 80 % band (normal approximation), never below zero."""
    sd = np.sqrt(np.maximum(var, 0.0))
    return np.maximum(mean - Z80 * sd, 0.0), mean + Z80 * sd
