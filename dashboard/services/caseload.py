"""Figures of the page "Fallzahlen & Auslastung" (and `kpis --json`): teams, Sozialräume and
districts (small counts suppressed), monthly history against capacity, eligibility horizon, case
age and Integrationsplan coverage — for a Stichtag, optionally one team and one Sozialraum.

District- and Sozialraum-level counts leave this module only as display values ("<5" for hidden
cells); the hidden numbers never reach a page, a download or the JSON of a callback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import Counter, OrderedDict

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dashboard import services
from dashboard.model import caseload as flows
from dashboard.model.capacity import effective_team, weighted_load, weighted_points
from dashboard.model.figures.caseload import (
    AgeBand,
    AreaCounts,
    Caseload,
    CaseloadFilters,
    CaseloadOptions,
    HorizonMonth,
    MonthFigures,
    Option,
    PlanCoverage,
    WeightedCaseload,
    WeightedTeam,
)
from dashboard.model.figures.overview import TeamFigures
from dashboard.model.suppression import protect_area_counts
from dashboard.settings import Settings
from data import queries
from data.queries import case_counts
from data.queries import caseload as case_queries  # noqa: F401 (the case rows, for tests and the scenarios)
from data.schema import Area, Catchment, ProviderKind

HISTORY_START = dt.date(2023, 1, 1)
TOTAL = "Gesamt"
# One neutral mark for every hidden cell: a secondary suppression may hide 21 cases, which "<5"
# would misstate; and marking primary and secondary cells differently would weaken protection.
HIDDEN = "×"


class FilterError(ValueError):
    """A filter value in the URL names no team or Sozialraum; German message."""


def catchment_history(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Catchment.district_id, Catchment.provider_id, Catchment.valid_from,
                                  Catchment.valid_to)).all()
    return pd.DataFrame(rows, columns=["district_id", "provider_id", "valid_from", "valid_to"])


def catchment_on(history: pd.DataFrame, day: dt.date) -> dict[int, int]:
    valid = history[(history["valid_from"] <= day)
                    & (history["valid_to"].isna() | (history["valid_to"].map(lambda d: d is None or d >= day)))]
    return dict(zip(valid["district_id"], valid["provider_id"]))


def attribute(cases: pd.DataFrame, day: dt.date, history: pd.DataFrame, catchment_teams: set[int]) -> pd.Series:
    """The team each case counts against on `day` (None: without team)."""
    return _attribute(cases, catchment_on(history, day), catchment_teams)


def _attribute(cases: pd.DataFrame, catchment: dict[int, int], catchment_teams: set[int]) -> pd.Series:
    return pd.Series([
        effective_team(None if pd.isna(t) else int(t), None if pd.isna(d) else int(d), catchment, catchment_teams)
        for t, d in zip(cases["team_id"], cases["district_id"])
    ], index=cases.index, dtype=object)


def capacity_on(positions: pd.DataFrame, day: dt.date, settings: Settings, team_id: int | None,
                basis: str = "filled") -> tuple[float, float]:
    """(VZÄ, capacity) of IM posts valid on `day`, for one team or all."""
    until = positions["valid_to"].map(lambda d: dt.date.max if d is None or pd.isna(d) else d) \
        if "until" not in positions else positions["until"]
    valid = positions[(positions["valid_from"] <= day) & (until >= day)]
    if team_id is not None:
        valid = valid[valid["provider_id"] == team_id]
    fte_column = "filled_fte" if basis == "filled" else "planned_fte"
    fte = [float(v) for v in valid[fte_column]]
    ratios = [settings.staff_ratio if pd.isna(r) else int(r) for r in valid["staff_ratio"]]
    return sum(fte), sum(f * r for f, r in zip(fte, ratios))


def resolve_filters(providers: pd.DataFrame, areas: pd.DataFrame, team: str | None,
                    social_area: str | None) -> tuple[int | None, int | None]:
    team_id = sa_id = None
    if team:
        match = providers[providers["code"] == team]
        if match.empty:
            raise FilterError(f"Das Team „{team}“ gibt es nicht. Bitte ein Team aus der Liste wählen "
                              f"({', '.join(providers['code'])}).")
        team_id = int(match["provider_id"].iloc[0])
    if social_area:
        codes = dict(zip(areas["social_area_code"], areas["social_area_id"]))
        if social_area not in codes:
            raise FilterError(f"Den Sozialraum „{social_area}“ gibt es nicht. Bitte einen Sozialraum "
                              "aus der Liste wählen.")
        sa_id = int(codes[social_area])
    return team_id, sa_id


def social_area_options(session: Session, districts: pd.DataFrame) -> tuple[Option, ...]:
    """One option per Sozialraum, by its own code; a name that several Kreise use ("Sozialraum 1")
    carries its Kreis, so that each option can be told apart."""
    names = dict(zip(districts["social_area_code"], districts["social_area"]))
    repeated = {n for n, k in Counter(names.values()).items() if k > 1}
    parent_of = {}
    if repeated:
        parent = aliased(Area)
        parent_of = dict(session.execute(select(Area.code, parent.name).join(parent, Area.parent_id == parent.id)
                                         .where(Area.code.in_(list(names)))).all())
    return tuple(Option(c, f"{n} – {parent_of[c]}" if n in repeated and c in parent_of else n)
                 for c, n in names.items())


def _rows(suppressed, row_labels: dict, columns: list, team: str | None) -> tuple[AreaCounts, ...]:
    """Display rows of one protected table; with a team filter only its column (its total is itself).
    Read as plain lists once (not cell by cell through pandas: 200.000 cells at Land scale)."""
    table = suppressed.values
    names = list(table.columns)
    values = table.to_numpy(dtype="int64").tolist()
    masks = suppressed.mask.reindex(index=table.index, columns=names).to_numpy(dtype=bool).tolist()
    result = []
    for key, row, hidden in zip(table.index, values, masks):
        if key not in row_labels:
            continue
        shown = {col: HIDDEN if h else int(v) for col, v, h in zip(names, row, hidden)}
        counts = {col: shown.get(col, 0) for col in columns}  # a team without cases has no column
        counts[TOTAL] = counts[team] if team is not None else shown[TOTAL]
        result.append(AreaCounts(key=int(key), label=row_labels[key], counts=counts))
    return tuple(result)


def protected_tables(active: pd.DataFrame, districts: pd.DataFrame, team_labels: dict, insiders: list,
                     threshold: int):
    """Sozialraum × team and district × team counts of all active cases, suppressed as one whole
    (model.suppression.protect_area_counts): every filter, the map and the downloads show cells of it.
    `active`: grouped rows (`district_id`, `team_label`, `n` cases; without `n` one row per case)."""
    known = active[active["district_id"].notna()]
    weights = known["n"] if "n" in known else pd.Series(1, index=known.index)
    matrix = (weights.groupby([known["district_id"].astype(int), known["team_label"]]).sum()
              .unstack(fill_value=0) if len(known) else pd.DataFrame())
    matrix = matrix.reindex(index=[int(d) for d in districts["district_id"]], columns=list(team_labels.values()),
                            fill_value=0).astype("int64")
    parent_of = dict(zip(districts["district_id"].astype(int), districts["social_area_id"].astype(int)))
    parents = list(dict.fromkeys(int(s) for s in districts["social_area_id"]))
    return _protect(matrix, parent_of, parents, threshold, list(insiders))


_PROTECTED: OrderedDict[str, tuple] = OrderedDict()
_PROTECTED_KEPT = 4  # a few Stichtage; at Land scale one result holds two 1.101 × 180 tables
_PROTECTED_LOCK = threading.Lock()


def _protect(matrix: pd.DataFrame, parent_of: dict, parents: list, threshold: int, insiders: list):
    """protect_area_counts, computed once per distinct table: it is a pure function of the counts, so
    every filter of the page, the map and the downloads of one Stichtag share one result (read-only)."""
    key = hashlib.sha1(matrix.to_numpy(dtype="int64").tobytes(), usedforsecurity=False)
    key.update(repr((list(matrix.index), list(matrix.columns), sorted(parent_of.items()), parents, threshold,
                     insiders)).encode())
    digest = key.hexdigest()
    with _PROTECTED_LOCK:
        if digest in _PROTECTED:
            _PROTECTED.move_to_end(digest)
            return _PROTECTED[digest]
    result = protect_area_counts(matrix, parent_of, parents, threshold, insiders=insiders, total=TOTAL)
    with _PROTECTED_LOCK:
        _PROTECTED[digest] = result
        while len(_PROTECTED) > _PROTECTED_KEPT:
            _PROTECTED.popitem(last=False)
    return result


def suppressed_counts(tables, sa_labels: dict, district_labels: dict, team_labels: dict,
                      team: str | None) -> tuple[tuple[AreaCounts, ...], tuple[AreaCounts, ...]]:
    """The rows of the filtered view: the chosen Sozialraum's rows and the chosen team's column of the
    protected whole. Display values only."""
    if not district_labels:
        return (), ()
    social_areas, districts = tables
    columns = [team] if team is not None else list(team_labels.values())
    return _rows(social_areas, sa_labels, columns, team), _rows(districts, district_labels, columns, team)


def weighted(active: pd.DataFrame, teams: list[TeamFigures], settings: Settings) -> WeightedCaseload:
    """Weighted caseload per team (points per case category against points per VZÄ); `active`:
    grouped rows with `team`, `category` and `n` cases.

    While the setting is off (`enabled` False) every case weighs 1 and a VZÄ carries the staff
    ratio, so the figures equal the plain ones; the page shows the table only when it is on.
    """
    weights = dict(settings.case_weights)
    per_fte = settings.points_per_fte or settings.staff_ratio
    points_of: dict = {}
    cases_of: dict = {}
    for t, c, n in zip(active["team"], active["category"], active["n"]):
        if t is None or pd.isna(t):
            continue  # a case without team counts for no team
        points_of[t] = points_of.get(t, 0.0) + weighted_points([c], weights) * n
        cases_of[t] = cases_of.get(t, 0) + int(n)
    rows = []
    for team in teams:
        load = weighted_load(float(points_of.get(team.team_id, 0.0)), team.fte, per_fte)
        rows.append(WeightedTeam(
            team=team.team, cases=int(cases_of.get(team.team_id, 0)), points=round(load.cases, 2), fte=team.fte,
            capacity=round(load.capacity, 2),
            utilisation_pct=None if load.utilisation_pct is None else round(load.utilisation_pct, 2),
            status=load.status(services.thresholds(settings))))
    return WeightedCaseload(enabled=bool(weights), points_per_fte=per_fte, weights=weights, teams=tuple(rows))


def _protected(session: Session, settings: Settings, day: dt.date, providers: pd.DataFrame,
               districts: pd.DataFrame, catchment: dict[int, int], catchment_teams: set[int]):
    """The active cases of `day` grouped in the database and attributed to their teams, the protected
    whole of them, the team columns and the teams' figures (shared by the page and the map)."""
    active = case_counts.active_groups(session, day)
    active["team"] = _attribute(active, catchment, catchment_teams)
    labels = dict(zip(providers["provider_id"], providers["short_name"]))
    active["team_label"] = [labels.get(t, services.NO_TEAM) if t is not None else services.NO_TEAM
                            for t in active["team"]]
    _total, team_loads = services.im_loads(session, settings, day)
    all_teams = [services.team_figures(meta, load, settings) for meta, load in team_loads]
    team_labels = {t.team_id: t.team for t in all_teams}
    if (active["team_label"] == services.NO_TEAM).any():
        team_labels[None] = services.NO_TEAM
    insiders = [labels[p.provider_id] for p in providers.itertuples()
                if str(getattr(p.kind, "value", p.kind)) == ProviderKind.provider.value]
    tables = protected_tables(active, districts, team_labels, insiders, settings.small_count_threshold)
    return active, tables, team_labels, all_teams


def area_totals(session: Session, settings: Settings, day: dt.date) -> tuple[dict[int, int | str], dict[int, int | str]]:
    """Active cases per district and per Sozialraum (id -> count, HIDDEN for a hidden cell): the
    "Gesamt" column of the page's protected whole, without the rest of the page (the map)."""
    providers = queries.providers(session)
    districts = queries.districts(session)
    catchment_teams = set(providers.loc[providers["uses_catchment"], "provider_id"])
    _active, tables, team_labels, _teams = _protected(session, settings, day, providers, districts,
                                                      catchment_on(catchment_history(session), day), catchment_teams)
    sa_rows, district_rows = suppressed_counts(tables, dict(zip(districts["social_area_id"], districts["social_area"])),
                                               dict(zip(districts["district_id"], districts["district"])),
                                               team_labels, None)
    return ({r.key: r.counts[TOTAL] for r in district_rows}, {r.key: r.counts[TOTAL] for r in sa_rows})


def caseload(session: Session, settings: Settings, day: dt.date | None = None, *,
             team: str | None = None, social_area: str | None = None, basis: str = "filled") -> Caseload:
    """Every figure of the caseload page for one Stichtag and filter.

    The Sozialraum filter narrows the area tables only: counts of a part of the city over time, by
    age or by eligibility end would publish small sub-city counts beside the protected tables, and
    the KPI of a Sozialraum is its (possibly hidden) cell of the protected table.
    """
    day = day or services.default_day(session)
    providers = queries.providers(session)
    districts = queries.districts(session)
    areas = districts  # Sozialraum codes are the areas' own codes (unique in the installation, any territory)
    team_id, sa_id = resolve_filters(providers, areas, team, social_area)
    catchment_teams = set(providers.loc[providers["uses_catchment"], "provider_id"])
    history = catchment_history(session)
    positions = case_queries.im_positions_all(session)
    catchment = catchment_on(history, day)
    active, tables, team_labels, all_teams = _protected(session, settings, day, providers, districts, catchment,
                                                         catchment_teams)
    labels = dict(zip(providers["provider_id"], providers["short_name"]))
    teams = [t for t in all_teams if team_id is None or t.team_id == team_id]
    scope = None
    if team_id is not None:
        active = active[active["team"] == team_id]
        scope = case_counts.attributed_to(team_id, catchment, catchment_teams)

    district_labels = dict(zip(districts["district_id"], districts["district"]))
    sa_labels = dict(zip(areas["social_area_id"], areas["social_area"]))
    if sa_id is not None:
        district_labels = {k: v for k, v in district_labels.items()
                           if k in set(districts.loc[districts["social_area_id"] == sa_id, "district_id"])}
        sa_labels = {sa_id: sa_labels[sa_id]}
    team_label = labels[team_id] if team_id is not None else None
    sa_rows, district_rows = suppressed_counts(tables, sa_labels, district_labels, team_labels, team_label)
    n_active = int(active["n"].sum())
    active_cases = sa_rows[0].counts[TOTAL] if sa_id is not None and sa_rows else n_active
    month_rows = _history(session, day, history, catchment_teams, positions, settings, team_id, basis)
    with_plan = int(active.loc[active["has_integration_plan"].eq(True), "n"].sum())
    share = 100.0 * with_plan / n_active if n_active else None
    assigned = case_counts.active_by_assignment(session, day, scope)
    return Caseload(
        as_of=day,
        stand=services.dataset_stand(session),
        staff_ratio=settings.staff_ratio,
        threshold=settings.small_count_threshold,
        filters=CaseloadFilters(team=team, social_area=social_area, basis=basis),
        options=CaseloadOptions(
            teams=tuple(Option(p.code, p.short_name) for p in providers.itertuples()),
            social_areas=social_area_options(session, areas),
        ),
        active_cases=active_cases,
        weighted=weighted(active, teams, settings),
        without_district=int(active.loc[active["district_id"].isna(), "n"].sum()),
        teams=tuple(teams),
        team_columns=(team_label,) if team_label is not None else tuple(team_labels.values()),
        social_areas=sa_rows,
        districts=district_rows,
        history=month_rows,
        horizon=tuple(HorizonMonth(month=_day(r.month), reaching_limit=int(r.reaching_limit),
                                   reaching_extended_limit=int(r.reaching_extended_limit), total=int(r.total))
                      for r in flows.horizon_of_groups(assigned, day).itertuples()),
        overdue=int(flows.overdue_of_groups(assigned, day)),
        ages=tuple(AgeBand(band=r.band, count=int(r.count))
                   for r in flows.ages_of_groups(assigned, day).itertuples()),
        plan=PlanCoverage(with_plan=int(with_plan), active=int(n_active),
                          share_pct=None if share is None else round(share, 1)),
    )


def _day(value) -> dt.date:
    """A plain `date` of a pandas or datetime value (the model's frames may hold Timestamps)."""
    return value.date() if isinstance(value, dt.datetime) else value


def _history(session, day, history, catchment_teams, positions, settings, team_id, basis) -> tuple[MonthFigures, ...]:
    """Monthly active cases, flows and capacity; with a team filter, cases are attributed per month.

    Counted in the database (`case_counts.flow_counts`): once for all teams; with a team filter once
    per distinct catchment (the catchments change rarely, so months sharing one share the counts)."""
    ends = flows.month_ends(HISTORY_START, day)

    def counted(condition) -> dict:
        counts = case_counts.flow_counts(session, HISTORY_START, day, condition)
        return dict(zip(ends, flows.flows_of_counts(*counts, HISTORY_START, day).itertuples(index=False)))

    if team_id is None:
        by_month = counted(None)
    else:
        by_month, passes = {}, {}
        for period_end in ends:
            catchment = catchment_on(history, period_end)
            key = frozenset(catchment.items())
            if key not in passes:
                passes[key] = counted(case_counts.attributed_to(team_id, catchment, catchment_teams))
            by_month[period_end] = passes[key][period_end]
    positions = positions.assign(until=positions["valid_to"].map(
        lambda d: dt.date.max if d is None or pd.isna(d) else d))
    rows = []
    for period_end in ends:
        flow = by_month[period_end]._asdict()
        fte, capacity = capacity_on(positions, period_end, settings, team_id, basis)
        rows.append(MonthFigures(
            month=period_end.replace(day=1), period_end=period_end,
            active=int(flow["active"]), capacity=round(capacity, 2), fte=round(fte, 3),
            **{k: int(flow[k]) for k in ("inflow_case_transfer", "inflow_direct", "outflow_goal_reached",
                                          "outflow_moved_away", "outflow_eligibility_ended", "outflow_other")},
        ))
    return tuple(rows)
