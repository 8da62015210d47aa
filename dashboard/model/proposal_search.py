"""A local search for one part of „Vorschlag berechnen“ (issue 18, item 4): fast, deterministic, no solver.

At Land scale a part (a Landkreis: some 30 districts, 3 teams, 38 points) is too big for HiGHS to
prove within seconds, but small for a search that moves one district, swaps two or moves what a team
has of a Sozialraum: `balance` lowers the worst utilisation from a start (each step the move that
lowers it most; the sum of the teams' squared worst utilisations breaks ties; then each district of
the worst team is pushed elsewhere and the descent repeated, kept if it ends lower), and
`keep_together` then lowers the programme's penalty (2 per team in a Sozialraum, 1 per changed
district) without any team above the limit — from that answer and from `repair`'s (the scenario
brought to the limit by the moves that lower the excess most per penalty they add, or that add the
least). Each step strictly improves and the moves are tried in a fixed order, so the same input gives
the same answer, never worse than its start. How far it is from the best is bounded by the LP
relaxation (`proposal_milp`). Pure: numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .proposal_highs import CHANGE_WEIGHT, SPLIT_WEIGHT

MAX_STEPS = 2_000  # improving steps per search: a bound, deterministic (never seconds)
_EPS = 1e-12


@dataclass
class Arrays:
    load: np.ndarray  # district × point: the cases that follow the district's team
    base: np.ndarray  # team × point: what the team carries without the part's districts
    inverse: np.ndarray  # team × point: 1 / capacity (0 where it has none)
    allowed: np.ndarray  # district × team: may take the district (capacity wherever it has cases)
    current: np.ndarray  # district: the scenario's team (index into the teams, −1: none of them)
    area: np.ndarray  # district: its Sozialraum (index)


def _loads(arrays: Arrays, a: np.ndarray) -> np.ndarray:
    n_t = arrays.allowed.shape[1]
    return arrays.base + np.stack([arrays.load[a == t].sum(axis=0) for t in range(n_t)])


def _worst(arrays: Arrays, team_load: np.ndarray) -> np.ndarray:
    return (team_load * arrays.inverse).max(axis=1)


def _moves(arrays: Arrays, a: np.ndarray, team_load: np.ndarray):
    """Every move of one district to another team, then every swap of two districts of different teams:
    (first district, second district — the same for a move —, the first's new team, each team's worst
    utilisation after it, allowed)."""
    n_d, n_t = arrays.allowed.shape
    worst = _worst(arrays, team_load)
    left = ((team_load[a] - arrays.load) * arrays.inverse[a]).max(axis=1)  # its team without it
    joined = ((team_load[None, :, :] + arrays.load[:, None, :]) * arrays.inverse[None, :, :]).max(axis=2)
    after = np.repeat(np.repeat(worst[None, None, :], n_d, axis=0), n_t, axis=1)  # district × to × team
    after[np.arange(n_d), :, a] = left[:, None]
    after[:, np.arange(n_t), np.arange(n_t)] = joined
    valid = arrays.allowed & (np.arange(n_t)[None, :] != a[:, None])
    firsts = np.arange(n_d).repeat(n_t)
    seconds, targets = firsts.copy(), np.tile(np.arange(n_t), n_d)
    worsts, valids = [after.reshape(n_d * n_t, n_t)], [valid.reshape(-1)]
    d, e = np.triu_indices(n_d, 1)
    pair = (a[d] != a[e]) & arrays.allowed[d, a[e]] & arrays.allowed[e, a[d]]
    d, e = d[pair], e[pair]
    if len(d):
        delta = arrays.load[e] - arrays.load[d]  # pair × point: into d's team
        s, r, rows = a[d], a[e], np.arange(len(d))
        w = np.repeat(worst[None, :], len(d), axis=0)
        w[rows, s] = ((team_load[s] + delta) * arrays.inverse[s]).max(axis=1)
        w[rows, r] = ((team_load[r] - delta) * arrays.inverse[r]).max(axis=1)
        firsts, seconds = np.concatenate([firsts, d]), np.concatenate([seconds, e])
        targets = np.concatenate([targets, r])
        worsts.append(w)
        valids.append(np.ones(len(d), dtype=bool))
    return firsts, seconds, targets, np.vstack(worsts), np.concatenate(valids)


def _moved(a: np.ndarray, first: int, second: int, target: int) -> tuple:
    if first == second:
        return ((int(first), int(target)),)
    return (int(first), int(target)), (int(second), int(a[first]))


def _apply(arrays: Arrays, a: np.ndarray, team_load: np.ndarray, moved) -> None:
    for d, t in moved:
        team_load[a[d]] -= arrays.load[d]
        team_load[t] += arrays.load[d]
    for d, t in moved:
        a[d] = t


def _better(worst: np.ndarray, after: np.ndarray, valid: np.ndarray) -> int | None:
    """The move (row of `after`) that lowers the worst most (then the sum of squares), None if none does."""
    top, spread = after.max(axis=1), (after ** 2).sum(axis=1)
    better = valid & ((top < worst.max() - _EPS)
                      | ((top <= worst.max() + _EPS) & (spread < (worst ** 2).sum() - _EPS)))
    if not better.any():
        return None
    choice = np.flatnonzero(better)
    return int(choice[np.lexsort((spread[choice], np.round(top[choice], 12)))[0]])


def _descend(arrays: Arrays, a: np.ndarray, team_load: np.ndarray, steps: list[int]) -> None:
    """The best improving move or swap, again and again (in place), while one improves."""
    while steps[0] > 0:
        firsts, seconds, targets, after, valid = _moves(arrays, a, team_load)
        choice = _better(_worst(arrays, team_load), after, valid)
        if choice is None:
            return
        steps[0] -= 1
        _apply(arrays, a, team_load, _moved(a, firsts[choice], seconds[choice], targets[choice]))


def balance(arrays: Arrays, start: np.ndarray) -> np.ndarray:
    """From `start` (district → team index), the districts' teams with a lower worst utilisation: the
    best move or swap while one improves; then, from there, each district of the worst team pushed to
    another team and the descent again, kept if the worst utilisation ends lower."""
    a = start.copy()
    n_d, n_t = arrays.allowed.shape
    if n_d == 0 or n_t < 2:
        return a
    team_load, steps = _loads(arrays, a), [MAX_STEPS]
    _descend(arrays, a, team_load, steps)
    improved = True
    while improved and steps[0] > 0:
        improved = False
        worst = _worst(arrays, team_load)
        for d in np.flatnonzero(a == int(worst.argmax())):
            for t in range(n_t):
                if t == a[d] or not arrays.allowed[d, t]:
                    continue
                trial, trial_load = a.copy(), team_load.copy()
                _apply(arrays, trial, trial_load, ((int(d), t),))
                _descend(arrays, trial, trial_load, steps)
                if _worst(arrays, trial_load).max() < worst.max() - _EPS:
                    a, team_load, improved = trial, trial_load, True
                    break
            if improved or steps[0] <= 0:
                break
    return a


def penalty(arrays: Arrays, a: np.ndarray) -> float:
    """The programme's penalty of `a`: 2 per team in a Sozialraum, 1 per district not on its team."""
    pairs = len(set(zip(arrays.area.tolist(), a.tolist())))
    return SPLIT_WEIGHT * pairs + CHANGE_WEIGHT * int((a != arrays.current).sum())


def keep_together(arrays: Arrays, start: np.ndarray, limit: float) -> np.ndarray:
    """From `start` (every team at or below `limit`), a solution of lower penalty, still within it."""
    a = start.copy()
    n_d, n_t = arrays.allowed.shape
    if n_d == 0 or n_t < 2:
        return a
    team_load = _loads(arrays, a)
    bound = np.maximum(_worst(arrays, team_load), limit) + 1e-9  # a team above the limit stays so
    for _ in range(MAX_STEPS):
        firsts, seconds, targets, after, valid = _moves(arrays, a, team_load)
        fits = valid & (after <= bound[None, :]).all(axis=1)
        best, best_value = None, penalty(arrays, a) - _EPS
        candidates = [_moved(a, firsts[i], seconds[i], targets[i]) for i in np.flatnonzero(fits)]
        for moved in [*candidates, *_areas(arrays, a, team_load, bound)]:
            value = _penalty_after(arrays, a, moved)
            if value < best_value:
                best, best_value = moved, value
        if best is None:
            break
        _apply(arrays, a, team_load, best)
    return a


def _penalty_after(arrays: Arrays, a: np.ndarray, moved) -> float:
    trial = a.copy()
    for d, t in moved:
        trial[d] = t
    return penalty(arrays, trial)


def _areas(arrays: Arrays, a: np.ndarray, team_load: np.ndarray, bound: np.ndarray):
    """Every move of all districts a team has in a Sozialraum to another team that may take them and
    stays within `bound`."""
    n_t = arrays.allowed.shape[1]
    for area in sorted(set(arrays.area.tolist())):
        for t in range(n_t):
            members = np.flatnonzero((arrays.area == area) & (a == t))
            if len(members) < 2:
                continue
            moving = arrays.load[members].sum(axis=0)
            for other in range(n_t):
                if other == t or not arrays.allowed[members, other].all():
                    continue
                trial = team_load.copy()
                trial[t] -= moving
                trial[other] += moving
                if (_worst(arrays, trial) <= bound).all():
                    yield tuple((int(d), other) for d in members)


def repair(arrays: Arrays, start: np.ndarray, limit: float, cheapest: bool = False) -> np.ndarray | None:
    """From `start` (the scenario's teams: few changes, Sozialräume whole), the teams brought to `limit`
    by the moves, swaps and Sozialraum shares that lower the excess above it most per penalty they add
    (`cheapest`: that add the least penalty, then lower the excess most); None if it gets stuck above."""
    a = start.copy()
    n_d, n_t = arrays.allowed.shape
    team_load = _loads(arrays, a)
    for _ in range(MAX_STEPS):
        excess = np.maximum(_worst(arrays, team_load) - limit, 0.0).sum()
        if excess <= 1e-9:
            return a
        firsts, seconds, targets, after, valid = _moves(arrays, a, team_load)
        now = penalty(arrays, a)
        best, best_score = None, (-np.inf, 0.0) if cheapest else 0.0
        lower = valid & (np.maximum(after - limit, 0.0).sum(axis=1) < excess - _EPS)
        candidates = [(_moved(a, firsts[i], seconds[i], targets[i]), np.maximum(after[i] - limit, 0.0).sum())
                      for i in np.flatnonzero(lower)]
        for moved in _areas(arrays, a, team_load, np.full(n_t, np.inf)):
            trial = team_load.copy()
            for d, t in moved:
                trial[a[d]] -= arrays.load[d]
                trial[t] += arrays.load[d]
            candidates.append((moved, np.maximum(_worst(arrays, trial) - limit, 0.0).sum()))
        for moved, left in candidates:
            if left >= excess - _EPS:
                continue
            added = max(_penalty_after(arrays, a, moved) - now, 0.0)
            score = (-added, excess - left) if cheapest else (excess - left) / (added + 1.0)
            if (score > best_score) if cheapest else (score > best_score + _EPS):
                best, best_score = moved, score
        if best is None:
            return None
        _apply(arrays, a, team_load, best)
    return None
