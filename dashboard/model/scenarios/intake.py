"""Aufnahmestopp: a team that is full takes no new cases; they wait (Warteliste) until a place frees.

The projection without the stop gives, per month, the team's cases c and its inflow λ; what leaves
in month t is then c[t−1] + λ − c[t] (eligibility ends and closures), a share of the cases held. With
the stop the team holds a[t] = min(what it would hold, its capacity) — the cases it already has are
never sent away, only new ones wait — and the waiting list W[t] carries the rest into the next
month, first in line. Existing cases leave at the same monthly share as without the stop (a
simplification the page states). Pure numpy.
"""

from __future__ import annotations

import numpy as np


def with_intake_stop(cases: np.ndarray, capacity: np.ndarray, inflow: float) -> tuple[np.ndarray, np.ndarray]:
    """(cases held, cases waiting) per point; point 0 is the Stichtag as it is."""
    n = len(cases)
    held, waiting = np.zeros(n), np.zeros(n)
    held[0] = cases[0]
    for t in range(1, n):
        leaving = max(cases[t - 1] + inflow - cases[t], 0.0)
        share = min(leaving / cases[t - 1], 1.0) if cases[t - 1] > 0 else 0.0
        staying = held[t - 1] * (1.0 - share)
        wanted = staying + inflow + waiting[t - 1]
        held[t] = min(wanted, max(float(capacity[t]), staying))
        waiting[t] = wanted - held[t]
    return held, waiting
