"""An attacker who collects everything a role can query and solves for the hidden cells (issue 13).

For the demo on several Stichtage and every role without district-level access (steering, viewer,
each Träger), the test gathers the published numbers of every view that shows case counts below
city level: the Fallzahlen figures for every team × Sozialraum filter combination (tables, KPIs,
team table, history, age bands, Integrationsplan coverage, weighted load), the map's areas at both
levels, a what-if reassigning every district the role may move, and the district proposal. A
Träger also knows its own cases exactly (its import preview and its own full export). Each number
becomes a linear fact over the unknown district × team counts; an integer programme (HiGHS, built once per role) then finds the smallest and largest value of every hidden small count (1–4). No small count may be
determined within ±2: its feasible range must be at least the threshold (5) wide. The cells hidden
only to protect them (0 or ≥ 5) may be narrower: knowing them tells no small count.

Admins are the city, which "sees everything" (DOMAIN §9): they download the district-level
scenario file and the full export, so nothing is hidden from them and they are not attacked here.
"""

from __future__ import annotations

import datetime as dt

import highspy
import numpy as np
import pandas as pd
import pytest

from dashboard.model.figures.caseload import Caseload
from dashboard.model.scenarios import ReassignDistrict, ScenarioError
from dashboard.services import caseload as caseload_report
from dashboard.services import maps
from dashboard.services import scenarios as scenario_report
from data.db import make_engine, make_session_factory
from data.queries import districts as district_frame
from data.queries import providers as provider_frame
from tests.helpers import make_settings

STICHTAGE = [dt.date(2026, 11, 22), dt.date(2026, 6, 30), dt.date(2025, 12, 31)]
TOTAL = caseload_report.TOTAL


class Facts:
    """Linear facts Σ x = value over the unknown counts x[district, team] (and w[team]: without district)."""

    def __init__(self, district_ids, social_area_of, teams):
        self.districts, self.social_area_of, self.teams = list(district_ids), social_area_of, list(teams)
        self.rows: list[tuple[tuple, int, str]] = []  # (cells, value, where)

    def cells(self, districts=None, team=None, without_district=False) -> tuple:
        teams = self.teams if team is None else [team]
        chosen = self.districts if districts is None else districts
        cells = [("x", d, t) for d in chosen for t in teams]
        if without_district:
            cells += [("w", None, t) for t in teams]
        return tuple(cells)

    def add(self, cells: tuple, value, where: str) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.rows.append((cells, value, where))

    def in_area(self, social_area_id) -> list:
        return [d for d in self.districts if self.social_area_of[d] == social_area_id]


def _table_facts(facts: Facts, fig: Caseload, team_label: str | None, where: str) -> None:
    columns = fig.team_columns
    for row in fig.districts:
        for column in columns:
            facts.add(facts.cells([row.key], column), row.counts[column], f"{where} Bezirk {row.label}")
        facts.add(facts.cells([row.key], team_label), row.counts[TOTAL], f"{where} Bezirk {row.label} Σ")
    for row in fig.social_areas:
        members = facts.in_area(row.key)
        for column in columns:
            facts.add(facts.cells(members, column), row.counts[column], f"{where} SR {row.label}")
        facts.add(facts.cells(members, team_label), row.counts[TOTAL], f"{where} SR {row.label} Σ")


def _scope_facts(facts: Facts, fig: Caseload, team_label: str | None, social_area_id, where: str) -> None:
    """KPIs and team-level figures, read as the page documents them (services.caseload.caseload)."""
    if social_area_id is not None:
        facts.add(facts.cells(facts.in_area(social_area_id), team_label), fig.active_cases, f"{where} KPI")
    else:
        facts.add(facts.cells(None, team_label, True), fig.active_cases, f"{where} KPI")
    scope = facts.cells(None, team_label, True)  # the Sozialraum filter narrows the tables only
    facts.add(scope, sum(a.count for a in fig.ages), f"{where} Fallalter")
    facts.add(scope, fig.plan.active, f"{where} Integrationsplan")
    if fig.history:
        facts.add(scope, fig.history[-1].active, f"{where} Verlauf")
    for team in fig.teams:
        if team.team in facts.teams:
            facts.add(facts.cells(None, team.team, True), team.cases, f"{where} Team {team.team}")
    for team in fig.weighted.teams:
        facts.add(facts.cells(None, team.team, True), team.cases, f"{where} gewichtet {team.team}")
    facts.add(tuple(("w", None, t) for t in facts.teams), fig.without_district, f"{where} ohne Bezirk")


def _scenario_facts(facts: Facts, session, settings, day, label_of_code: dict) -> None:
    base = scenario_report.baseline(session, settings, day)
    plain = scenario_report.figures(base, []).scenario
    before = {t.code: t.cases[0] for t in plain.teams}
    options = scenario_report.page_options(base)
    catchment = [o["value"] for o in options.catchment]
    team_of = {d.code: d.team for d in base.districts}
    frame = district_frame(session)
    district_id = dict(zip(frame["code"], frame["district_id"].astype(int)))
    for option in options.districts:
        code = option["value"]
        target = next(t for t in catchment if t != team_of[code])
        change = ReassignDistrict(code, target)
        if option.get("disabled"):
            with pytest.raises(ScenarioError, match="Fallzahl dieses Stadtteils ist ausgeblendet"):
                scenario_report.figures(base, [change])
            continue
        after = {t.code: t.cases[0] for t in scenario_report.figures(base, [change]).scenario.teams}
        moved = round(after[target] - before.get(target, 0))
        facts.add(facts.cells([district_id[code]], label_of_code[team_of[code]]), moved, f"Szenario {code}")
    proposal = scenario_report.proposal(base, [], True, "")
    for move in proposal.moved:
        assert move.district in {o["value"] for o in options.districts if not o.get("disabled")}


def collect(session, settings, day: dt.date) -> Facts:
    """Everything a non-admin role can read about case counts on `day` (the same for every such role)."""
    providers = provider_frame(session)
    districts = district_frame(session)
    full = caseload_report.caseload(session, settings, day)
    facts = Facts([int(d) for d in districts["district_id"]],
                  dict(zip(districts["district_id"].astype(int), districts["social_area_id"].astype(int))),
                  full.team_columns)
    label_of_code = dict(zip(providers["code"], providers["short_name"]))
    sa_codes = [o.value for o in full.options.social_areas]
    sa_id = {c: int(i) for i, c in zip(districts["social_area_id"], districts["social_area_code"])}
    for team in [None, *providers["code"]]:
        for social_area in [None, *sa_codes]:
            fig = caseload_report.caseload(session, settings, day, team=team, social_area=social_area)
            label = label_of_code[team] if team else None
            where = f"{day} Team={team} SR={social_area}"
            _table_facts(facts, fig, label, where)
            _scope_facts(facts, fig, label, sa_id.get(social_area), where)
    for level in ("district", "social_area"):
        view = maps.map_view(session, settings, level=level, metric="active_cases", day=day)
        for area in view.areas:
            members = [area.area_id] if level == "district" else facts.in_area(area.area_id)
            facts.add(facts.cells(members), area.active_cases, f"Karte {area.name}")
    _scenario_facts(facts, session, settings, day, label_of_code)
    return facts


def with_own_cases(facts: Facts, own: str, truth) -> Facts:
    """A Träger's view: the shared facts plus its own cases in every district."""
    mine = Facts(facts.districts, facts.social_area_of, facts.teams)
    mine.rows = list(facts.rows)
    for d in facts.districts:
        mine.add(mine.cells([d], own), _true(truth, d, own), f"eigene Fälle {own}")
    return mine


def _true(truth, district, team) -> int:
    return int(truth.loc[district, team]) if team in truth.columns else 0


class Attacker:
    """The integer programme over all facts (HiGHS MIP, built once); min and max of any sum of cells."""

    def __init__(self, facts: Facts):
        self.index: dict = {}
        rows = {}
        for cells, value, _where in facts.rows:
            rows.setdefault(tuple(sorted(set(cells), key=str)), value)
        for cells in rows:
            for cell in cells:
                self.index.setdefault(cell, len(self.index))
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        n = len(self.index)
        self.h.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
        self.h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                     np.array([highspy.HighsVarType.kInteger] * n))
        for cells, value in rows.items():
            ix = np.array([self.index[c] for c in cells], dtype=np.int32)
            self.h.addRow(value, value, len(ix), ix, np.ones(len(ix)))

    def range(self, target: tuple) -> tuple[float, float]:
        ix = [self.index[c] for c in target if c in self.index]
        if len(ix) < len(target):
            return 0.0, float("inf")  # a cell no fact mentions is unbounded
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            for i in ix:
                self.h.changeColCost(i, 1.0)
            self.h.changeObjectiveSense(sense)
            self.h.run()
            status = self.h.getModelStatus()
            value = self.h.getInfo().objective_function_value
            for i in ix:
                self.h.changeColCost(i, 0.0)
            if status == highspy.HighsModelStatus.kUnbounded:
                bounds.append(float("inf"))
            else:
                assert status == highspy.HighsModelStatus.kOptimal, "the facts must admit the true counts"
                bounds.append(value)
        return bounds[0], bounds[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_sqlite_url):
    settings = make_settings(tmp_path_factory.mktemp("attack"), demo_sqlite_url)
    engine = make_engine(demo_sqlite_url)
    with make_session_factory(engine)() as session:
        yield session, settings
    engine.dispose()


def _hidden_targets(facts: Facts, tables) -> list[tuple[str, tuple]]:
    social_areas, districts = tables
    targets = []
    for d, row in districts.mask.iterrows():
        for column, hidden in row.items():
            if hidden and int(d) in facts.districts:
                team = None if column == TOTAL else column
                targets.append((f"Bezirk {d} / {column}", facts.cells([int(d)], team)))
    for s, row in social_areas.mask.iterrows():
        for column, hidden in row.items():
            if hidden:
                team = None if column == TOTAL else column
                targets.append((f"Sozialraum {s} / {column}", facts.cells(facts.in_area(int(s)), team)))
    return targets


@pytest.mark.parametrize("day", STICHTAGE, ids=str)
def test_no_small_count_is_determined_within_two(demo, day):
    session, settings = demo
    full = caseload_report.caseload(session, settings, day)
    active = _active_with_labels(session, settings, day)
    truth = pd.crosstab(active["district_id"].astype(int), active["team_label"]).reindex(
        index=[int(d) for d in district_frame(session)["district_id"]], columns=full.team_columns, fill_value=0)
    shared = collect(session, settings, day)
    for cells, value, where in shared.rows:  # the facts are read right: the truth satisfies each
        assert sum(_true(truth, c[1], c[2]) for c in cells if c[0] == "x") <= value, where
    hidden_anywhere = 0
    for role in ("steering, viewer", "provider:AWO", "provider:Caritas", "provider:Diakonie"):
        own = role.split(":", 1)[1] if role.startswith("provider:") else None
        facts = with_own_cases(shared, own, truth) if own else shared
        attacker = Attacker(facts)
        exposed = []
        for name, target in _hidden_targets(facts, _page_tables(session, settings, day, full)):
            if own and all(c[2] == own for c in target):
                continue  # a Träger's own cells are not hidden from it
            if not 0 < sum(_true(truth, c[1], c[2]) for c in target) < settings.small_count_threshold:
                continue  # a cell hidden only to protect small counts may be known (model.disclosure)
            hidden_anywhere += 1
            low, high = attacker.range(target)
            if high - low < settings.small_count_threshold:
                exposed.append(f"{name}: {low:g}–{high:g}")
        assert not exposed, f"{role} am {day} kann kleine Fallzahlen eingrenzen: {exposed}"
    assert hidden_anywhere > 0  # the demo has small counts on every Stichtag: the test attacks something


def _active_with_labels(session, settings, day):
    """The true active cases with their team label, as the page attributes them (for the truth only)."""
    providers = provider_frame(session)
    cases = caseload_report.case_queries.cases_overlapping(session, caseload_report.HISTORY_START, day)
    active = cases[(cases["opened_on"] <= day)
                   & cases["closed_on"].map(lambda d: d is None or pd.isna(d) or d > day)].copy()
    catchment_teams = set(providers.loc[providers["uses_catchment"], "provider_id"])
    active["team"] = caseload_report.attribute(active, day, caseload_report.catchment_history(session),
                                               catchment_teams)
    labels = dict(zip(providers["provider_id"], providers["short_name"]))
    active["team_label"] = [labels.get(t, "ohne Team") if t is not None else "ohne Team" for t in active["team"]]
    return active


def _page_tables(session, settings, day, full):
    """The page's own protected whole (which cells are hidden), keyed like the facts."""
    def frame(rows):
        keys = [r.key for r in rows]
        columns = [*full.team_columns, TOTAL]
        mask = pd.DataFrame([[r.counts[c] == caseload_report.HIDDEN for c in columns] for r in rows],
                            index=keys, columns=columns)
        return type("T", (), {"mask": mask})

    return frame(full.social_areas), frame(full.districts)
