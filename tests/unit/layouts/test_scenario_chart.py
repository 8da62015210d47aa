"""The Szenarien chart at Land scale draws the busiest teams only (layouts.scenarios.charted)."""

from __future__ import annotations

from types import SimpleNamespace

from layouts.scenarios import CHART_TEAMS, charted


def _teams(peaks):
    return [SimpleNamespace(peak_pct=p) for p in peaks]


def test_a_city_chart_draws_every_team():
    assert charted(_teams([50, None, 120, 80])) == [0, 1, 2, 3]


def test_of_many_teams_the_chart_draws_those_with_the_highest_peak_in_their_order():
    peaks = [float(p) for p in range(100, 100 + CHART_TEAMS + 8)]  # the last ones are the busiest
    peaks[0] = 999.0  # and the first
    peaks[3] = None  # a team without capacity is never among them
    shown = charted(_teams(peaks))
    assert len(shown) == CHART_TEAMS
    assert shown[0] == 0 and shown == sorted(shown) and 3 not in shown
    assert shown[1:] == list(range(len(peaks) - CHART_TEAMS + 1, len(peaks)))
