"""The projection: a baseline with its changes, month by month to 31.12.2029 (end of the VwV
Integrationsmanagement).

Point 0 is the Stichtag itself; then the end of every month up to December 2029. Cases are kept as
groups (who carries them, district, month of the AU assignment, extension) so that the projection is
a handful of numpy operations, fast enough for a slider:
- an existing case stays until the end of its eligibility (3 years after the AU assignment, 4 with
  extension; the "limit" assumption changes the 3) and leaves earlier at the monthly closure rate;
- new cases arrive at the monthly inflow rate of their (team, district) stream, stay the typical
  remaining eligibility of a new case (limit − lag between AU assignment and opening) and leave
  earlier at the closure rate;
- cases of catchment teams count against the team whose catchment holds their district on that
  date (`capacity.effective_team`); site-based teams keep their own cases.
Capacity = VZÄ × ratio of the IM posts valid on the date. Money per year uses `costs.post_cost` on
the VZÄ-years of each Träger × programme × funding (planned VZÄ, like the page "Personal").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from ..capacity import Load, round_up
from ..costs import CostParameters, PostCost, post_cost, total_cost
from ..funds import FundsBalance, cents
from ..months import month_end, month_index
from ..vocabulary import NO_TEAM
from . import flows
from .baseline import HORIZON_END, Baseline, Team
from .changes import Change, State, check_changes
from .intake import with_intake_stop
from .rates import estimate
from .result import Result, TeamResult
from .summary import summary

# --- the engine ------------------------------------------------------------------------------------


def points_of(as_of: dt.date) -> list[dt.date]:
    """The Stichtag, then the end of each following month to December 2029 (point k = month m0 + k)."""
    m0 = month_index(as_of)
    return [as_of] + [month_end(m0 + k) for k in range(1, month_index(HORIZON_END) - m0 + 1)]


def apply_changes(b: Baseline, changes: Sequence[Change], points: Sequence[dt.date]) -> State:
    """The state after every change, in order (each change knows what it does: `Change.apply`)."""
    state = State.of(b, points)
    for n, c in enumerate(changes, start=1):
        c.apply(state, n)
    return state


def prepared(b: Baseline) -> dict:
    """Index arrays of the baseline's cases and inflow streams (cached on the baseline: it is frozen).

    The streams are the estimated ones of `rates.estimate` (per team, from the history)."""
    cache = b._cache.get("arrays")
    if cache is not None:
        return cache
    team_codes = [t.code for t in b.teams]
    team_ix = {c: i for i, c in enumerate(team_codes)}
    district_codes = [d.code for d in b.districts]
    district_ix = {c: i for i, c in enumerate(district_codes)}

    def idx(mapping, code):
        return mapping.get(code, -1) if code is not None else -1

    cases = b.cases
    rates = estimate(b)
    streams = rates.streams
    arrays = {
        "team_codes": team_codes,
        "team_ix": team_ix,
        "district_ix": district_ix,
        "case_owner": np.fromiter((idx(team_ix, g.owner) for g in cases), np.int64, len(cases)),
        "case_district": np.fromiter((idx(district_ix, g.district) for g in cases), np.int64, len(cases)),
        "case_au": np.fromiter((month_index(g.au_month) for g in cases), np.int64, len(cases)),
        "case_ext": np.fromiter((1 if g.extended else 0 for g in cases), np.int64, len(cases)),
        "case_count": np.fromiter((g.count for g in cases), np.float64, len(cases)),
        "in_owner": np.fromiter((idx(team_ix, f.owner) for f in streams), np.int64, len(streams)),
        "in_district": np.fromiter((idx(district_ix, f.district) for f in streams), np.int64, len(streams)),
        "in_rate": np.fromiter((f.per_month for f in streams), np.float64, len(streams)),
        "in_sd": np.fromiter(rates.stream_sd, np.float64, len(streams)),
    }
    b._cache["arrays"] = arrays
    return arrays


def stock(
    b: Baseline, state: State, n_points: int, case_row: np.ndarray, inflow_row: np.ndarray, rows: int
) -> np.ndarray:
    """Active cases per row × point, each case group and inflow stream counted in the given row."""
    return flows.stock(b, state, n_points, case_row, inflow_row, rows, prepared(b))["mean"]


def _catchment_array(b: Baseline, mapping: dict[str, str | None]) -> np.ndarray:
    a = prepared(b)
    catch = np.full(max(len(a["district_ix"]), 1), -1, np.int64)
    for code, i in a["district_ix"].items():
        team = mapping.get(code)
        catch[i] = a["team_ix"].get(team, -1) if team is not None else -1
    return catch


def _rows(owner: np.ndarray, district: np.ndarray, catch: np.ndarray, missing: int) -> np.ndarray:
    """The team of each group: its owner, else its district's catchment team, else `missing`."""
    team = np.where(owner >= 0, owner, np.where(district >= 0, catch[np.maximum(district, 0)], -1))
    return np.where(team >= 0, team, missing)


def _case_matrix(b: Baseline, state: State, n_points: int) -> dict:
    """Active cases per (team + one row "without team") × point: mean, variance, exits at the limit."""
    a = prepared(b)
    n_teams = len(a["team_codes"])
    result = {key: np.zeros((n_teams + 1, n_points)) for key in ("mean", "var", "deadline")}  # last row: no team
    result["inflow"] = np.zeros(n_teams + 1)
    for e, (start, mapping) in enumerate(state.catchment_epochs):
        stop = state.catchment_epochs[e + 1][0] if e + 1 < len(state.catchment_epochs) else n_points
        if start >= n_points or stop <= start:
            continue
        catch = _catchment_array(b, mapping)
        block = flows.stock(
            b,
            state,
            n_points,
            _rows(a["case_owner"], a["case_district"], catch, n_teams),
            _rows(a["in_owner"], a["in_district"], catch, n_teams),
            n_teams + 1,
            a,
            with_var=True,
        )
        for key in ("mean", "var", "deadline"):
            result[key][:, start:stop] = block[key][:, start:stop]
        if e == 0:
            result["inflow"] = block["inflow"]
    return result


def capacity_matrix(b: Baseline, state: State, points: Sequence[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """IM VZÄ and capacity per team × point."""
    a = prepared(b)
    n_teams, n_points = len(a["team_codes"]), len(points)
    fte = np.zeros((n_teams, n_points))
    capacity = np.zeros((n_teams, n_points))
    stamps = np.array([p.toordinal() for p in points])
    for p in state.posts:
        if p.programme != "im" or p.team not in a["team_ix"]:
            continue
        active = np.ones(n_points, bool)
        if p.start is not None:
            active &= stamps >= p.start.toordinal()
        if p.end is not None:
            active &= stamps <= p.end.toordinal()
        ratio = state.team_ratio.get(p.team) or p.ratio or state.ratio
        t = a["team_ix"][p.team]
        fte[t] += active * p.fte
        capacity[t] += active * p.fte * ratio
    return np.maximum(fte, 0.0), np.maximum(capacity, 0.0)


def _money(b: Baseline, state: State, needed_gap: np.ndarray, points: Sequence[dt.date]) -> list[dict]:
    """Cost, funds and gap per year from the Stichtag's year to 2029 (VZÄ-years per post)."""
    teams = {t.code: t for t in b.teams}
    first_year = b.as_of.year
    rows = []
    for year in range(first_year, HORIZON_END.year + 1):
        growth = (1 + state.money.cost_growth_pct / 100) ** (year - first_year)
        params = CostParameters(
            cost_per_fte=cents(state.money.cost_per_fte * growth),
            overhead_rate_pct=state.money.overhead_rate_pct,
            land_funds_per_fte=cents(state.money.land_funds_per_fte * Decimal(str(state.land_factor))),
        )
        ends = [month_end(year * 12 + m) for m in range(12)]
        fte_years: dict[tuple[str, str, str], float] = {}
        for p in state.posts:
            months = sum(1 for d in ends if (p.start is None or p.start <= d) and (p.end is None or p.end >= d))
            if months:
                key = (p.team, p.programme, p.funding)
                fte_years[key] = fte_years.get(key, 0.0) + p.cost_fte * months / 12
        costs: list[PostCost] = []
        church = Decimal("0.00")
        for (team, programme, funding), value in sorted(fte_years.items()):
            value = Decimal(str(round(max(value, 0.0), 4)))
            cost = post_cost(
                value, programme, funding, params, passed_on=teams.get(team, Team(team, team)).kind != "city"
            )
            costs.append(cost)
            if funding == "church":
                church += cost.personnel
        total = total_cost(costs)
        # VZÄ missing to hold the ratio, averaged over the year's points that lie in the horizon
        in_year = [k for k, d in enumerate(points) if d.year == year and (k > 0 or len(points) == 1)]
        missing = float(needed_gap[:, in_year].sum(axis=0).mean()) if in_year else 0.0
        missing_cost = cents(Decimal(str(round(missing, 4))) * params.cost_per_fte)
        gap = total.gap or Decimal("0.00")
        rows.append(
            {
                "year": year,
                "personnel": str(total.personnel),
                "land_funds": str(total.land_funds),
                "overhead": str(total.overhead),
                "city_subsidy": str(total.city_subsidy),
                "church": str(church),
                "im_gap": str(gap),
                "fte_missing": round(missing, 2),
                "missing_cost": str(missing_cost),
                "funding_gap": str(cents(gap + missing_cost)),
            }
        )
    return rows


def _funds(b: Baseline, state: State) -> list[dict]:
    moved: dict[str, list[Decimal]] = {f.provider: [Decimal("0"), Decimal("0")] for f in b.funds}
    for t in state.transfers:
        moved[t.from_team][0] += cents(t.amount)
        moved[t.to_team][1] += cents(t.amount)
    rows = []
    for f in b.funds:
        out, incoming = moved[f.provider]
        balance = FundsBalance(
            cents(f.allocated), cents(f.spent), cents(f.transferred_out) + out, cents(f.transferred_in) + incoming
        )
        base = FundsBalance(cents(f.allocated), cents(f.spent), cents(f.transferred_out), cents(f.transferred_in))
        rows.append(
            {
                "provider": f.provider,
                "name": b.team_name(f.provider),
                "allocated": str(balance.allocated),
                "spent": str(balance.spent),
                "transferred_out": str(balance.transferred_out),
                "transferred_in": str(balance.transferred_in),
                "remaining": str(balance.remaining),
                "baseline_remaining": str(base.remaining),
            }
        )
    return rows


def run(baseline: Baseline, changes: Sequence[Change] = ()) -> Result:
    """Apply `changes` to `baseline` and project every team to 31.12.2029."""
    b = baseline
    check_changes(b, changes)
    points = points_of(b.as_of)
    state = apply_changes(b, changes, points)
    matrix = _case_matrix(b, state, len(points))
    cases = matrix["mean"]
    fte, capacity = capacity_matrix(b, state, points)
    a = prepared(b)
    n_teams = len(a["team_codes"])
    thresholds = b.thresholds
    teams: list[TeamResult] = []
    gaps = []
    for t, team in enumerate(b.teams):
        has_posts = fte[t].any() or any(p.team == team.code and p.programme == "im" for p in state.posts)
        if not has_posts and not cases[t].any():
            continue
        held, waiting = (with_intake_stop(cases[t], capacity[t], float(matrix["inflow"][t])) if state.intake_stop
                         else (cases[t], None))
        teams.append(
            _team_result(
                team.code,
                team.name,
                held,
                fte[t],
                capacity[t],
                state.team_ratio.get(team.code) or state.ratio,
                thresholds,
                points,
            )
        )
        _add_outlook(teams[-1], matrix, t, capacity[t], estimate(b).teams[t])
        if waiting is not None:
            _stop_intake(teams[-1], held, waiting, capacity[t])
        gaps.append(np.maximum(np.array(teams[-1].fte_needed) - fte[t], 0.0))
    if cases[n_teams].any():
        zeros = np.zeros(len(points))
        teams.append(_team_result(None, NO_TEAM, cases[n_teams], zeros, zeros, state.ratio, thresholds, points))
        _add_outlook(teams[-1], matrix, n_teams, zeros, estimate(b).teams[n_teams])
        gaps.append(np.array(teams[-1].fte_needed))
    needed_gap = np.array(gaps) if gaps else np.zeros((1, len(points)))
    result = Result(
        as_of=b.as_of.isoformat(),
        months=[p.isoformat() for p in points],
        teams=teams,
        total_cases=[round(float(v), 2) for v in cases.sum(axis=0)],
        total_capacity=[round(float(v), 2) for v in capacity.sum(axis=0)],
        money=_money(b, state, needed_gap, points),
        funds=_funds(b, state),
        summary=[],
        changes=[c.describe(b) for c in changes],
        staff_ratio=state.ratio,
        has_history=b.history is not None,
    )
    result.summary = summary(result)
    return result


def _team_result(code, name, cases, fte, capacity, ratio, thresholds, points) -> TeamResult:
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(capacity > 0, 100.0 * cases / np.where(capacity > 0, capacity, 1), np.nan)
        effective = np.where(fte > 0, capacity / np.where(fte > 0, fte, 1), ratio)
    needed = cases / effective
    now = Load(cases=float(cases[0]), fte=float(fte[0]), capacity=float(capacity[0]))
    # above the norm: utilisation over 100 %, or cases without any capacity
    over = np.nonzero(np.where(np.isnan(pct), cases > 0.5, pct > 100.0 + 1e-9))[0]
    gap = np.maximum(needed - fte, 0.0)
    finite = pct[~np.isnan(pct)]
    return TeamResult(
        code=code,
        name=name,
        cases=np.round(cases, 2).tolist(),
        fte=np.round(fte, 3).tolist(),
        capacity=np.round(capacity, 2).tolist(),
        utilisation_pct=[None if math.isnan(v) else v for v in np.round(pct, 2).tolist()],
        # rounded up to 0,01 like capacity.round_up, so that the VZÄ really hold the ratio
        fte_needed=np.round(np.ceil(np.round(needed / 0.01, 9)) * 0.01, 2).tolist(),
        ratio=round(float(effective[0]), 2),
        status=now.status(thresholds).value,
        first_over=points[int(over[0])].isoformat() if len(over) else None,
        max_gap=round_up(float(gap.max())) if len(gap) else 0.0,
        peak_pct=round(float(finite.max()), 2) if len(finite) else None,
    )


def _stop_intake(t: TeamResult, held: np.ndarray, waiting: np.ndarray, capacity: np.ndarray) -> None:
    """With the Aufnahmestopp the band is cut where the team is full, and the waiting list shown."""
    top = np.maximum(capacity, held)
    t.cases_high = np.round(np.minimum(np.array(t.cases_high), top), 2).tolist()
    t.cases_low = np.round(np.minimum(np.array(t.cases_low), held), 2).tolist()
    with np.errstate(divide="ignore", invalid="ignore"):
        for name in ("utilisation_low", "utilisation_high"):
            values = np.array(getattr(t, name.replace("utilisation", "cases")))
            pct = np.where(capacity > 0, 100.0 * values / np.where(capacity > 0, capacity, 1), np.nan)
            setattr(t, name, [None if math.isnan(x) else x for x in np.round(pct, 2).tolist()])
    t.waiting = np.round(waiting, 2).tolist()


def _add_outlook(t: TeamResult, matrix: dict, row: int, capacity: np.ndarray, rate) -> None:
    """The team's 80 % band, its exits in the next twelve months by reason and where its rates come from."""
    low, high = flows.band(matrix["mean"][row], matrix["var"][row])
    t.cases_low, t.cases_high = np.round(low, 2).tolist(), np.round(high, 2).tolist()
    with np.errstate(divide="ignore", invalid="ignore"):
        def pct(values):
            v = np.where(capacity > 0, 100.0 * values / np.where(capacity > 0, capacity, 1), np.nan)
            return [None if math.isnan(x) else x for x in np.round(v, 2).tolist()]
    t.utilisation_low, t.utilisation_high = pct(low), pct(high)
    year = min(12, len(t.cases) - 1)
    inflow = float(matrix["inflow"][row])
    deadline = float(matrix["deadline"][row, 1 : year + 1].sum())
    t.inflow_per_month = round(inflow, 2)
    t.exits_deadline = round(deadline, 1)
    t.exits_closure = round(max(t.cases[0] + inflow * year - t.cases[year] - deadline, 0.0), 1)
    t.rate_source = rate.source
    t.data_start = rate.data_start.isoformat() if rate.data_start else None
    t.notes = list(rate.notes)
