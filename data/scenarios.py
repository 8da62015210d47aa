"""Scenarios and the database: build the frozen baseline at a Stichtag; save, list, open and delete
named scenarios in the `scenarios` table (baseline and changes as JSON; no extra columns).

The baseline is stored inside the scenario, so a saved scenario reopens identically after new data
arrives. Functions take the caller's session first and never commit; writes record an audit event.
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model import caseload as caseload_model
from dashboard.model.funds import LedgerLine, balances
from dashboard.model.scenarios import (
    FORMAT,
    VERSION,
    Baseline,
    CaseGroup,
    District,
    FundsState,
    Inflow,
    Money,
    Post,
    Scenario,
    ScenarioError,
    Team,
    baseline_from_dict,
    baseline_to_dict,
    changes_from_list,
    changes_to_list,
    check_changes,
)
from dashboard.model.scenarios.history import CaseRecords, history_at
from dashboard.model.text import problem as text_problem
from dashboard.model.vocabulary import (
    DEFAULT_ATTENTION_MAX,
    DEFAULT_OK_MAX,
    DEFAULT_SMALL_COUNT_THRESHOLD,
    DEFAULT_STAFF_RATIO,
)
from data import audit, queries
from data.queries.caseload import cases_overlapping
from data.schema import Scenario as ScenarioRow

NAME_MAX = 200


def _none(value):
    try:
        return None if value is None or pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def build_baseline(session: Session, day: dt.date, *, staff_ratio: int = DEFAULT_STAFF_RATIO,
                   ok_max: float = DEFAULT_OK_MAX, attention_max: float = DEFAULT_ATTENTION_MAX,
                   money: Money = Money(), source: str = "",
                   small_count_threshold: int = DEFAULT_SMALL_COUNT_THRESHOLD,
                   cases: pd.DataFrame | None = None) -> Baseline:
    """The data at `day` as a scenario baseline: teams, posts, catchments, active cases (grouped),
    inflow per stream and closure rate from the twelve months before `day`, Projektmittel of the year.
    `cases`: `every_case(session, d)` of a later day `d`, if already read (the backtest builds 24
    baselines from one read)."""
    providers = queries.providers(session)
    by_id = {int(p.provider_id): p for p in providers.itertuples()}
    teams = tuple(Team(p.code, p.short_name, str(getattr(p.kind, "value", p.kind)), bool(p.uses_catchment))
                  for p in providers.itertuples())
    catchment_team = {int(p.provider_id) for p in providers.itertuples() if p.uses_catchment}

    posts = []
    for row in queries.positions(session, day).itertuples(index=False):
        end = min([d for d in (_none(row.funded_until),) if d is not None], default=None)
        posts.append(Post(
            id=f"p{row.position_id}", team=by_id[int(row.provider_id)].code,
            programme=str(getattr(row.programme, "value", row.programme)),
            funding=str(getattr(row.funding, "value", row.funding)),
            fte=float(row.filled_fte), planned=float(row.planned_fte), start=None, end=end,
            ratio=None if _none(row.staff_ratio) is None else int(row.staff_ratio),
            label=_none(row.label)))

    district_frame = queries.districts(session)
    district_code = {int(d.district_id): d.code for d in district_frame.itertuples()}
    catchments = {int(d): int(p) for d, p in queries.catchments(session, day).itertuples(index=False, name=None)}
    districts = tuple(District(d.code, d.district, d.social_area,
                               by_id[catchments[int(d.district_id)]].code
                               if int(d.district_id) in catchments else None, _none(d.social_area_code))
                      for d in district_frame.itertuples())

    def owner(team_id, district_id) -> str | None:
        """Site-based teams keep their cases; catchment cases follow the district (None)."""
        if team_id is None:
            return None
        if team_id in catchment_team and district_id is not None and district_id in catchments:
            return None
        return by_id[team_id].code

    every_case = up_to(cases, day) if cases is not None else every_case_of(session, day)
    cases = _active_groups(every_case, day, owner, district_code)
    inflows, closure_pct, lag = _flows(every_case, day, owner, district_code)
    records = case_records(session, day, by_id, district_code, frame=every_case)
    history = history_at(records, day, records.owners({d.code: d.team for d in districts},
                                                      {by_id[i].code for i in catchment_team}))
    return Baseline(
        as_of=day, teams=teams, posts=tuple(posts), districts=districts, cases=cases, inflows=inflows,
        closure_rate_pct=closure_pct, new_case_lag_months=lag, staff_ratio=staff_ratio, ok_max=ok_max,
        attention_max=attention_max, money=money, funds=_funds(session, day, by_id), source=source,
        small_count_threshold=small_count_threshold, history=history)


def every_case_of(session: Session, day: dt.date) -> pd.DataFrame:
    """Every case opened on or before `day`, as it is recorded now (read once per baseline: 158.000 rows
    at Land scale)."""
    return cases_overlapping(session, dt.date(1900, 1, 1), day)


def up_to(every_case: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Of `every_case` (a later day's), the cases opened on or before `day`: what `every_case_of(day)` reads."""
    opened = pd.to_datetime(every_case["opened_on"])
    return every_case[(opened <= pd.Timestamp(day)).to_numpy()].reset_index(drop=True)


def _active_groups(every_case: pd.DataFrame, day: dt.date, owner, district_code) -> tuple[CaseGroup, ...]:
    """The cases open on `day` (of those opened on or before it: not closed by then), counted per
    owner, district, AU month and extension — grouped in pandas first, then by owner (a Python call
    per distinct group, not per case)."""
    closed = every_case["closed_on"]
    active = every_case[closed.isna() | (pd.to_datetime(closed) > pd.Timestamp(day))]
    keys = pd.DataFrame({
        "team": active["team_id"].astype("Int64"), "district": active["district_id"].astype("Int64"),
        "au": pd.to_datetime(active["au_assigned_on"]).dt.to_period("M"),  # the AU month, as a date below
        "extended": active["eligibility_extended"].astype(bool)})
    groups: Counter = Counter()
    for (team_id, district_id, au, extended), n in keys.groupby(
            ["team", "district", "au", "extended"], dropna=False, sort=False).size().items():
        team_id = None if _none(team_id) is None else int(team_id)
        district_id = None if _none(district_id) is None else int(district_id)
        groups[(owner(team_id, district_id), district_code.get(district_id), dt.date(au.year, au.month, 1),
                bool(extended))] += int(n)
    return tuple(CaseGroup(o, d, au, ext, n) for (o, d, au, ext), n in sorted(
        groups.items(), key=lambda item: (item[0][0] or "", item[0][1] or "", item[0][2], item[0][3])))


def case_records(session: Session, day: dt.date, by_id: dict | None = None,
                 district_code: dict | None = None, frame: pd.DataFrame | None = None) -> CaseRecords:
    """Every case opened on or before `day` as the projection's history reads it (codes, no names);
    `frame`: those cases (`cases_overlapping` from 1900), if already read."""
    if by_id is None:
        by_id = {int(p.provider_id): p for p in queries.providers(session).itertuples()}
    if district_code is None:
        district_code = {int(d.district_id): d.code for d in queries.districts(session).itertuples()}
    if frame is None:
        frame = every_case_of(session, day)
    team = _codes(frame["team_id"], {pid: p.code for pid, p in by_id.items()})
    district = _codes(frame["district_id"], district_code)
    closed = frame["closed_on"].astype(object).where(frame["closed_on"].notna(), None)
    reason = frame["closure_reason"]
    early = frame["closed_on"].notna() & reason.notna() & (reason != "eligibility_ended")
    return CaseRecords.of_columns(team, district, list(frame["au_assigned_on"]), list(frame["opened_on"]),
                                  list(closed), early.to_numpy(), frame["eligibility_extended"].astype(bool).to_numpy())


def _codes(ids: pd.Series, code_of: dict) -> list:
    """Each id's code (None for a missing id or one without a code)."""
    codes = ids.map(code_of)
    return codes.astype(object).where(codes.notna(), None).tolist()


def _flows(every_case: pd.DataFrame, day: dt.date, owner, district_code) -> tuple[tuple[Inflow, ...], float, int]:
    """Inflow per stream, the monthly closure rate before the limit (in %) and the typical months
    between AU assignment and opening, each from the twelve months before `day`; `every_case`: the
    cases opened on or before `day`."""
    first = day.year * 12 + day.month - 1 - 11  # the twelve months up to `day`'s month
    first_month = dt.date(first // 12, first % 12 + 1, 1)
    start = min(first_month, day - dt.timedelta(days=365))
    closed = every_case["closed_on"]
    frame = every_case[closed.isna() | (pd.to_datetime(closed) >= pd.Timestamp(start))].reset_index(drop=True)
    opened = frame[(pd.to_datetime(frame["opened_on"]) > pd.Timestamp(day - dt.timedelta(days=365)))
                   & (pd.to_datetime(frame["opened_on"]) <= pd.Timestamp(day))]
    streams: Counter = Counter()
    lags = []
    for team_id, district_id, au, opened_on in zip(opened["team_id"], opened["district_id"],
                                                   opened["au_assigned_on"], opened["opened_on"]):
        team_id = None if _none(team_id) is None else int(team_id)
        district_id = None if _none(district_id) is None else int(district_id)
        streams[(owner(team_id, district_id), district_code.get(district_id))] += 1
        lags.append((opened_on.year - au.year) * 12 + opened_on.month - au.month)
    inflows = tuple(Inflow(o, d, round(n / 12, 4)) for (o, d), n in sorted(
        streams.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")))
    flows = caseload_model.monthly_flows(frame, first_month, day)
    closed_early = flows[["outflow_goal_reached", "outflow_moved_away", "outflow_other"]].to_numpy().sum()
    active = flows["active"].sum()
    closure = round(100.0 * float(closed_early) / float(active), 3) if active else 0.0
    lag = int(pd.Series(lags).median()) if lags else 6
    return inflows, closure, lag


def _funds(session: Session, day: dt.date, by_id: dict) -> tuple[FundsState, ...]:
    funded = [pid for pid, p in by_id.items() if str(getattr(p.kind, "value", p.kind)) == "provider"]
    entries = queries.funds_entries(session, day.year)
    lines = [LedgerLine(int(e.provider_id), str(getattr(e.kind, "value", e.kind)), Decimal(e.amount),
                        None if _none(e.to_provider_id) is None else int(e.to_provider_id))
             for e in entries.itertuples() if e.booked_on <= day]
    result = balances(lines, funded)
    return tuple(FundsState(by_id[pid].code, b.allocated, b.spent, b.transferred_out, b.transferred_in)
                 for pid, b in result.items() if pid in by_id)


# --- saved scenarios -------------------------------------------------------------------------------

def check_name(name: str | None) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ScenarioError("Bitte dem Szenario einen Namen geben, z. B. „Caritas +0,5 VZÄ ab 2027“.", "name")
    if len(cleaned) > NAME_MAX:
        raise ScenarioError(f"Höchstens {NAME_MAX} Zeichen (jetzt {len(cleaned)}).", "name")
    reason = text_problem(name or "")
    if reason is not None:
        raise ScenarioError(reason, "name")
    return cleaned


def save(session: Session, scenario: Scenario, *, user: str) -> int:
    """Store a scenario (a new row; the baseline frozen inside it); returns its id."""
    name = check_name(scenario.name)
    check_changes(scenario.baseline, scenario.changes)
    row = ScenarioRow(name=name, author=user[:120], baseline_date=scenario.baseline.as_of,
                      baseline=baseline_to_dict(scenario.baseline),
                      changes={"format": FORMAT, "version": VERSION, "note": scenario.note,
                               "changes": changes_to_list(scenario.changes)})
    session.add(row)
    session.flush()
    audit.record(session, user, "scenario_saved", f"scenarios#{row.id}",
                 {"name": name, "baseline_date": scenario.baseline.as_of.isoformat(),
                  "changes": len(scenario.changes)})
    return row.id


def listing(session: Session) -> list[dict]:
    """Saved scenarios, newest first (without their baselines)."""
    rows = session.execute(select(ScenarioRow.id, ScenarioRow.name, ScenarioRow.author, ScenarioRow.created_at,
                                  ScenarioRow.baseline_date, ScenarioRow.changes)
                           .order_by(ScenarioRow.created_at.desc(), ScenarioRow.id.desc())).all()
    return [{"id": r.id, "name": r.name, "author": r.author,
             "created_at": r.created_at.isoformat() if r.created_at else None,
             "baseline_date": r.baseline_date.isoformat(),
             "changes": len((r.changes or {}).get("changes", []))} for r in rows]


def load(session: Session, scenario_id: int) -> Scenario | None:
    """A saved scenario exactly as it was saved (its own baseline, not today's data)."""
    row = session.get(ScenarioRow, scenario_id)
    if row is None:
        return None
    stored = row.changes or {}
    baseline = baseline_from_dict(row.baseline)
    changes = changes_from_list(stored.get("changes", []))
    created = row.created_at.isoformat() if row.created_at else ""
    return Scenario(name=row.name, baseline=baseline, changes=changes, author=row.author,
                    created_at=created, note=stored.get("note") or "")


def created_at(session: Session, scenario_id: int) -> str | None:
    """When a saved scenario was stored (None: there is none with this id)."""
    stamp = session.scalar(select(ScenarioRow.created_at).where(ScenarioRow.id == scenario_id))
    return None if stamp is None else stamp.isoformat()


def delete(session: Session, scenario_id: int, *, user: str) -> bool:
    row = session.get(ScenarioRow, scenario_id)
    if row is None:
        return False
    audit.record(session, user, "scenario_deleted", f"scenarios#{row.id}", {"name": row.name})
    session.delete(row)
    session.flush()
    return True
