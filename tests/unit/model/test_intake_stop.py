"""Aufnahmestopp (issue 19): a full team takes no new cases, they wait; computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.model.scenarios import Inflow, IntakeStop, run
from dashboard.model.scenarios.intake import with_intake_stop
from tests.unit.model.test_scenarios import baseline, team


def test_hand_computed_waiting_list():
    # without the stop: 80 → 88 → 96 cases (inflow 10, 2 leave a month = 2,5 % of 80);
    # capacity 90: month 1 holds 80 × (1 − 2/80) + 10 = 88; month 2 wants 88 × (1 − 2/88) + 10 = 96 → 90, 6 wait
    held, waiting = with_intake_stop(np.array([80.0, 88.0, 96.0]), np.array([90.0, 90.0, 90.0]), 10.0)
    assert held.tolist() == pytest.approx([80, 88, 90]) and waiting.tolist() == pytest.approx([0, 0, 6])


def test_cases_a_team_holds_are_never_sent_away():
    # already above its capacity: it keeps its cases (and loses them only as they leave), the new ones wait
    held, waiting = with_intake_stop(np.array([120.0, 118.0]), np.array([90.0, 90.0]), 5.0)
    assert held[1] == pytest.approx(113.0) and waiting[1] == pytest.approx(5.0)  # 120 − 7 leaving; 5 new wait


def test_intake_stop_keeps_teams_at_their_capacity_and_shows_the_waiting():
    b = baseline(inflows=(Inflow("awo", "ks", 4.0),))
    free, stopped = run(b), run(b, [IntakeStop()])
    awo_free, awo = team(free, "awo"), team(stopped, "awo")
    assert max(awo_free.utilisation_pct) > 110  # 30 cases on 0,5 VZÄ (45) with 4 new a month
    assert max(p for p in awo.utilisation_pct if p is not None) <= 100.0 + 1e-6
    assert awo.waiting[-1] > 0 and not team(free, "awo").waiting
    # waiting cases are not served, so none of them closes while it waits: held + waiting ≥ the free team
    assert awo.cases[-1] + awo.waiting[-1] >= awo_free.cases[-1] - 1e-6
    assert any("Aufnahmestopp warten" in s and "AWO" in s for s in stopped.summary)
    assert "Aufnahmestopp" in stopped.changes[0]
