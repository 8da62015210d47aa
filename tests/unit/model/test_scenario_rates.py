"""The per-team projection (issue 19, "Done when"): rates from each team's own history with its
start-up left out and a stand-in for the missing months, exits at each case's own eligibility end,
and an 80 % band that holds a simulated truth at its stated rate."""

import datetime as dt

import numpy as np
import pytest

from dashboard.model.months import month_from_index, month_index
from dashboard.model.scenarios import Baseline, CaseGroup, ClosureRate, Post, Team, run
from dashboard.model.scenarios.history import OPEN, CaseRecords, snapshot
from dashboard.model.scenarios.rates import STARTUP, WINDOW, estimate

DAY = dt.date(2026, 12, 1)  # point k = the end of month m0 + k
M0 = month_index(DAY)
LAG = 4  # months from AU assignment to opening, in every hand-built history


def _first(m: int) -> int:
    return month_from_index(m).toordinal()


def records(cases: list[tuple[str, int, int | None, bool]]) -> CaseRecords:
    """(team, month opened, month closed or None, closed before the limit) → records; AU = opened − LAG."""
    opened = np.array([c[1] for c in cases], np.int64)
    return CaseRecords(
        team=np.array([c[0] for c in cases], dtype=object),
        district=np.array([None] * len(cases), dtype=object),
        au_month=opened - LAG,
        opened=np.array([_first(m) for m in opened], np.int64),
        closed=np.array([OPEN if c[2] is None else _first(c[2]) for c in cases], np.int64),
        early=np.array([c[3] for c in cases], bool),
        extended=np.zeros(len(cases), bool),
    )


def baseline_of(recs: CaseRecords, teams, posts) -> Baseline:
    snap = snapshot(recs, DAY, {}, set())
    return Baseline(as_of=DAY, teams=teams, posts=posts, cases=snap.cases, inflows=snap.inflows,
                    new_case_lag_months=snap.lag, history=snap.history)


def steady(team: str, per_month: int, first: int, last: int, until: int = M0) -> list:
    """`per_month` cases opened each month from `first` to `last`, none closed early; each case ends
    with its eligibility (36 months after the AU assignment) if that lies before the month `until`."""
    return [(team, m, m - LAG + 36 if m - LAG + 36 < until else None, False)
            for m in range(first, last + 1) for _ in range(per_month)]


def two_teams(lam: int = 5) -> Baseline:
    """A team with three years of data and one that started six months ago, both 1,0 VZÄ, both λ a month."""
    recs = records(steady("alt", lam, M0 - 40, M0 - 1) + steady("neu", lam, M0 - 6, M0 - 1))
    return baseline_of(recs, (Team("alt", "Alt"), Team("neu", "Neu")),
                       (Post("p1", "alt", "im", "land", 1.0), Post("p2", "neu", "im", "land", 1.0)))


def test_a_young_team_says_which_rate_stands_in_for_its_missing_months():
    rates = estimate(two_teams())
    young = rates.team("neu")
    assert young.source == "city" and young.own_months == 6 - STARTUP
    assert young.stand_in == pytest.approx(5.0)  # the mature team's inflow per VZÄ × 1,0 VZÄ
    assert young.per_month == pytest.approx(5.0)
    assert young.data_start == month_from_index(M0 - 6)
    assert "Anlaufmonate" in young.notes[0] and f"fehlenden {WINDOW - 3} Monate" in young.notes[0]
    assert rates.team("alt").source == "own" and rates.team("alt").own_months == WINDOW


def test_a_team_started_six_months_ago_converges_to_inflow_times_duration_and_not_beyond():
    lam, stay = 5, 36 - LAG  # no closures before the limit: a case stays its 32 remaining months
    result = run(two_teams(lam))
    young = next(t for t in result.teams if t.code == "neu")
    assert young.cases[0] == 30
    assert max(young.cases) == pytest.approx(lam * stay, abs=1e-6)
    assert young.cases[stay:] == pytest.approx([lam * stay] * (len(young.cases) - stay))
    assert young.cases[stay - 1] < lam * stay  # still filling up the month before


def test_with_a_closure_rate_it_converges_to_inflow_times_the_mean_duration():
    lam, stay, h = 5, 36 - LAG, 0.02
    result = run(two_teams(lam), [ClosureRate(100 * h)])
    young = next(t for t in result.teams if t.code == "neu")
    mean_duration = sum((1 - h) ** s for s in range(stay))
    assert young.cases[-1] == pytest.approx(lam * mean_duration, abs=0.01)  # rounded to 0,01
    assert max(young.cases) <= lam * mean_duration + 0.01


def test_cases_leave_at_their_own_eligibility_end():
    day_groups = (CaseGroup("alt", None, dt.date(2024, 3, 1), False, 10),  # 3 years: gone in 03/2027
                  CaseGroup("alt", None, dt.date(2024, 3, 1), True, 4),  # 4 years: gone in 03/2028
                  CaseGroup("alt", None, dt.date(2026, 5, 1), False, 6))  # gone in 05/2029
    base = two_teams(0)
    b = Baseline(as_of=DAY, teams=base.teams, posts=base.posts, cases=day_groups, history=base.history)
    alt = next(t for t in run(b).teams if t.code == "alt")
    months = [dt.date.fromisoformat(m) for m in run(b).months]
    at = {(d.year, d.month): alt.cases[i] for i, d in enumerate(months)}
    assert at[(2027, 2)] == 20 and at[(2027, 3)] == 10
    assert at[(2028, 2)] == 10 and at[(2028, 3)] == 6
    assert at[(2029, 4)] == 6 and at[(2029, 5)] == 0
    assert alt.exits_deadline == 10  # within the first twelve months: the ten of 03/2027


# --- the band against a simulated truth ------------------------------------------------------------

HAZARD = np.array([0.0, 0.01, 0.02, 0.03])  # true monthly closure probability per age band
LAMBDA, PAST, RUNS = 6.0, 40, 1000


def _band_index(age):
    return np.searchsorted(np.array([6, 12, 24]), age, side="right")


def _simulate(rng, months: np.ndarray):
    """Cases opened Poisson(λ) a month in `months`; each month after the opening a case closes with the
    hazard of its age, and it ends in the month of its 3-year limit. Returns (opened, closed month or -1)."""
    opened = np.repeat(months, rng.poisson(LAMBDA, len(months)))
    closed = np.full(len(opened), -1)
    for m in range(int(months.min()) + 1, M0 + 25):
        if m == M0:
            continue  # the Stichtag's month: the projection starts with the next one
        alive = (closed == -1) & (opened < m)
        age = m - (opened - LAG)
        ends = alive & (age >= 36)
        closed[ends] = m
        draw = alive & ~ends & (rng.random(len(opened)) < HAZARD[_band_index(age)])
        closed[draw] = -2 - m  # early closure in month m (coded apart from the limit)
    return opened, closed


def _present(opened, closed, m):
    """Cases active at the end of month m."""
    month_closed = np.where(closed == -1, 10**9, np.where(closed < -1, -closed - 2, closed))
    return int(((opened <= m) & (month_closed > m)).sum())


def test_the_80_percent_band_holds_a_simulated_truth_at_its_rate():
    rng = np.random.default_rng(19)
    inside = {6: 0, 12: 0, 24: 0}
    teams, posts = (Team("t", "Team"),), (Post("p", "t", "im", "land", 1.0),)
    for _ in range(RUNS):
        opened, closed = _simulate(rng, np.concatenate([np.arange(M0 - PAST, M0), np.arange(M0 + 1, M0 + 25)]))
        past = opened < M0
        month_closed = np.where(closed == -1, 10**9, np.where(closed < -1, -closed - 2, closed))[past]
        known = [("t", int(o), int(c) if c < M0 else None, bool(c < M0 and code < -1))
                 for o, c, code in zip(opened[past], month_closed, closed[past], strict=True)]
        result = run(baseline_of(records(known), teams, posts))
        t = result.teams[0]
        for k in inside:
            truth = _present(opened, closed, M0 + k)
            inside[k] += t.cases_low[k] <= truth <= t.cases_high[k]
    print("im Band:", {k: n / RUNS for k, n in inside.items()})
    for k, n in inside.items():
        assert abs(n / RUNS - 0.80) <= 0.05, f"Monat {k}: {n / RUNS:.3f} im Band"


def test_the_history_travels_in_the_scenario_file_and_reads_back_the_same():
    from dashboard.model.scenarios import ScenarioError, baseline_from_dict, baseline_to_dict

    base = two_teams()
    data = baseline_to_dict(base)
    again = baseline_from_dict(data)
    assert again.history == base.history
    assert run(again).teams[1].cases == run(base).teams[1].cases
    data["history"]["hazard"][0] = ["alt", 7, 1, 0]
    with pytest.raises(ScenarioError) as refused:
        baseline_from_dict(data)
    assert refused.value.field == "baseline.history.hazard[0]" and "Altersband" in str(refused.value.detail)


def test_a_baseline_without_history_keeps_its_one_pooled_rate():
    base = two_teams()
    plain = Baseline(as_of=DAY, teams=base.teams, posts=base.posts, cases=base.cases, inflows=base.inflows,
                     closure_rate_pct=1.0, new_case_lag_months=base.new_case_lag_months)
    rates = estimate(plain)
    assert {t.source for t in rates.teams} == {"baseline"}
    assert rates.team("alt").hazard == (0.01,) * 4
    assert not run(plain).has_history and run(base).has_history


# --- the backtest and the sentences ----------------------------------------------------------------


def test_the_backtest_of_a_steady_team_finds_no_error_and_scores_only_teams_with_cases():
    from dashboard.model.scenarios.backtest import PastRun, evaluate, stichtage

    recs = records(steady("alt", 5, M0 - 40, M0 + 13, M0 + 14) + steady("neu", 5, M0 - 3, M0 + 13, M0 + 14))
    data_day = month_from_index(M0 + 13)
    teams = (Team("alt", "Alt"), Team("neu", "Neu"))
    posts = (Post("p1", "alt", "im", "land", 1.0), Post("p2", "neu", "im", "land", 1.0))
    runs = []
    for day in stichtage(data_day, 12):
        snap = snapshot(recs, day, {}, set())
        base = Baseline(as_of=day, teams=teams, posts=posts, cases=snap.cases, inflows=snap.inflows,
                        new_case_lag_months=snap.lag, history=snap.history)
        runs.append(PastRun(day, run(base), {}, frozenset()))
    result = evaluate(runs, recs, data_day)
    assert result.stichtage == 12 and result.first == dt.date(2026, 10, 31)
    steady_3 = result.score("alt", 3)
    assert steady_3.runs == 12 and steady_3.mape == 0.0 and steady_3.coverage == 100.0
    assert result.score("alt", 12).runs == 3  # twelve months after it by 01.01.2028: 10, 11, 12/2026
    assert result.score(None, 3).name == "Alle Teams" and result.score(None, 3).coverage is None


def test_the_baseline_says_ohne_aenderungen_and_a_scenario_names_its_effect_first():
    from dashboard.model.scenarios import AddPost
    from dashboard.model.scenarios.summary import effect

    base = two_teams()
    plain = run(base)
    assert plain.summary[0].startswith("Ohne Änderungen liegt das Team Alt schon am Stichtag über 1:90")
    assert "wahrscheinlich zwischen" in plain.summary[0]
    assert effect(plain, plain) == []
    helped = run(base, [AddPost("alt", 1.0, start=dt.date(2027, 1, 1))])
    sentence = effect(plain, helped)[0]
    assert sentence.startswith("Die Änderung entlastet Alt ab Januar 2027 um ")
    assert "Prozentpunkte (höchstens " in sentence
    assert helped.summary[0].startswith("Mit diesem Szenario")
