"""Scenarios for page and CLI: the baseline from the database with the instance's settings, and the
result of a scenario as JSON-ready figures with the baseline beside it (deltas)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from decimal import Decimal

from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model import scenarios as model
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_pct
from dashboard.model.funds import FundsRuleError, parse_amount
from dashboard.model.proposal import propose
from dashboard.model.scenario_disclosure import hidden_districts
from dashboard.model.scenarios import Baseline, Change, Money, Result, run
from dashboard.settings import Settings
from data import scenarios as scenario_data
from data.exports import Column, Table


def money(settings: Settings) -> Money:
    return Money(cost_per_fte=Decimal(settings.cost_per_fte),
                 overhead_rate_pct=Decimal(str(settings.overhead_rate_pct)),
                 land_funds_per_fte=Decimal(settings.land_funds_per_fte))


def baseline(session: Session, settings: Settings, day: dt.date | None = None) -> Baseline:
    """The current data at `day` (default: the data's Stand) as a frozen scenario baseline."""
    day = day or services.default_day(session)
    stand = services.stand(session) or {}
    return scenario_data.build_baseline(
        session, day, staff_ratio=settings.staff_ratio, ok_max=settings.status_ok_max,
        attention_max=settings.status_attention_max, money=money(settings),
        source=stand.get("label", ""), small_count_threshold=settings.small_count_threshold)


def compare(base: Baseline, changes: list[Change]) -> dict:
    """The scenario's figures, the baseline's (no changes) and the difference per team now and at
    the end of the horizon."""
    if "plain_result" not in base._cache:  # the baseline without changes: a pure result, kept with it
        plain = run(base, [])
        base._cache["plain_result"] = (plain, plain.to_dict())
    plain, plain_dict = base._cache["plain_result"]
    scenario = run(base, changes) if changes else plain
    return {"scenario": scenario.to_dict(), "baseline": plain_dict, "deltas": deltas(plain, scenario)}


def deltas(plain: Result, scenario: Result) -> list[dict]:
    before = {t.code: t for t in plain.teams}
    rows = []
    for t in scenario.teams:
        b = before.get(t.code)
        rows.append({
            "code": t.code, "name": t.name,
            "pct_now": t.utilisation_pct[0], "pct_now_base": b.utilisation_pct[0] if b else None,
            "pct_end": t.utilisation_pct[-1], "pct_end_base": b.utilisation_pct[-1] if b else None,
            "fte_now": t.fte[0], "fte_now_base": b.fte[0] if b else 0.0,
            "cases_now": t.cases[0], "cases_end": t.cases[-1], "cases_end_base": b.cases[-1] if b else None,
            "max_gap": t.max_gap, "max_gap_base": b.max_gap if b else 0.0,
        })
    return rows


# --- the page: baselines by reference, form input, saved scenarios, comparison ---------------------
# The browser holds only a reference to the baseline ({"kind": "live", "day", "revision"} or
# {"kind": "saved", "id"}): the baseline's case groups are district-level counts below the
# suppression threshold and must not be sent to the browser (DOMAIN §9).

_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16


def _settings_key(settings: Settings) -> tuple:
    return (settings.database_url, settings.staff_ratio, settings.status_ok_max, settings.status_attention_max,
            settings.cost_per_fte, settings.overhead_rate_pct, settings.land_funds_per_fte,
            settings.small_count_threshold)


def _cached(key: tuple, build):
    """A pure result by every input it depends on (the data revision or the saved row is part of it)."""
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = build()
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def live_ref(session: Session, day: dt.date | None = None) -> dict:
    stand = services.stand(session) or {}
    day = day or services.default_day(session)
    return {"kind": "live", "day": day.isoformat(), "revision": stand.get("revision")}


def resolve(session: Session, settings: Settings, ref: dict | None) -> tuple[Baseline, dict]:
    """The baseline a reference points to and what the page shows about it. Raises ScenarioError."""
    ref = ref or live_ref(session)
    if ref.get("kind") == "saved":
        scenario_id = int(ref["id"])
        # keyed by the row's creation time too: SQLite may give a deleted row's id to a new one
        stamp = scenario_data.created_at(session, scenario_id)
        scenario = None if stamp is None else _cached(("saved", settings.database_url, scenario_id, stamp),
                                                      lambda: scenario_data.load(session, scenario_id))
        if scenario is None:
            raise model.ScenarioError(f"Das Szenario Nr. {scenario_id} gibt es nicht (mehr). Bitte aus der "
                                      "Liste der gespeicherten Szenarien wählen.", "id")
        return scenario.baseline, {"id": scenario_id, "name": scenario.name, "author": scenario.author,
                                   "created_at": scenario.created_at, "changes": scenario.changes}
    day = dt.date.fromisoformat(ref["day"])
    base = _cached(("live", _settings_key(settings), ref["day"], ref.get("revision")),
                   lambda: baseline(session, settings, day))
    return base, {"id": None, "name": "", "author": "", "created_at": "", "changes": ()}


# the controls that set an assumption directly (sliders); the others add changes to a list
SLIDER_KINDS = {"set_ratio", "case_inflow", "closure_rate", "eligibility_limit", "land_funds", "cost_per_fte"}


def slider_defaults(base: Baseline) -> dict:
    inflow = round(sum(f.per_month for f in base.inflows), 1)
    return {"ratio": base.staff_ratio, "inflow": inflow, "inflow_max": max(10.0, round(2 * inflow)),
            "closure": round(base.closure_rate_pct, 1), "limit": base.limit_years, "land_pct": 0,
            "cost": int(base.money.cost_per_fte), "growth": float(base.money.cost_growth_pct)}


def split_changes(base: Baseline, changes) -> tuple[dict, list[dict]]:
    """Slider values and the list of the other changes (for opening a saved scenario)."""
    values = slider_defaults(base)
    listed = []
    for c in changes:
        if isinstance(c, model.SetRatio) and c.team is None:
            values["ratio"] = c.ratio
        elif isinstance(c, model.CaseInflow):
            values["inflow"] = c.per_month
        elif isinstance(c, model.ClosureRate):
            values["closure"] = c.pct_per_month
        elif isinstance(c, model.EligibilityLimit):
            values["limit"] = c.years
        elif isinstance(c, model.LandFunds):
            values["land_pct"] = c.pct
        elif isinstance(c, model.CostPerFte):
            values["cost"], values["growth"] = int(c.amount), c.growth_pct or 0.0
        else:
            listed.append(c.to_dict())
    return values, listed


def slider_changes(base: Baseline, ratio, inflow, closure, limit, land_pct, cost, growth) -> list:
    """Changes for the sliders that differ from the baseline (None and empty fields: unchanged)."""
    d = slider_defaults(base)
    changes = []
    if ratio not in (None, "") and int(ratio) != d["ratio"]:
        changes.append(model.SetRatio(int(ratio)))
    if inflow not in (None, "") and abs(float(inflow) - d["inflow"]) > 1e-9:
        changes.append(model.CaseInflow(float(inflow)))
    if closure not in (None, "") and abs(float(closure) - d["closure"]) > 1e-9:
        changes.append(model.ClosureRate(float(closure)))
    if limit not in (None, "") and int(limit) != d["limit"]:
        changes.append(model.EligibilityLimit(int(limit)))
    if land_pct not in (None, "") and float(land_pct) != 0:
        changes.append(model.LandFunds(float(land_pct)))
    amount = _cost(cost) if cost not in (None, "") else Decimal(d["cost"])
    rate = _growth(growth) if growth not in (None, "") else None
    if amount != Decimal(d["cost"]) or (rate is not None and rate != d["growth"]):
        changes.append(model.CostPerFte(amount, rate))
    return changes


def _cost(text) -> Decimal:
    try:
        return parse_amount(str(text), "Kosten je VZÄ und Jahr")
    except FundsRuleError as error:
        raise model.ScenarioError(str(error), "cost") from None


def _growth(text) -> float:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 100:
        raise model.ScenarioError(f"Steigerung je Jahr: „{text}“ ist kein Prozentsatz zwischen 0 und 100. "
                                  "Bitte z. B. 2,5 eingeben.", "growth")
    return value


FIELD_LABELS = {"fte": "VZÄ", "from_team": "Von", "to_team": "An", "team": "Team", "start": "ab", "end": "bis",
                "district": "Stadtteil", "amount": "Betrag", "post": "Stelle", "ratio": "Schlüssel",
                "per_month": "Zugang je Monat", "pct_per_month": "Abschlussquote", "years": "Anspruchsdauer",
                "pct": "Landesmittel", "growth_pct": "Steigerung", "type": "Art"}


def form_change(base: Baseline, listed: list[dict], data: dict) -> dict:
    """A change from a form (values as the controls send them), checked against the baseline and the
    changes before it. Raises ScenarioError with the German label of the field."""
    cleaned = {k: v for k, v in data.items() if v not in (None, "")}
    if isinstance(cleaned.get("fte"), str):
        cleaned["fte"] = cleaned["fte"].strip().replace(",", ".")
    if "amount" in cleaned:
        try:
            cleaned["amount"] = str(parse_amount(str(cleaned["amount"])))
        except FundsRuleError as error:
            raise model.ScenarioError(str(error), "amount") from None
    try:
        change = model.change_from_dict(cleaned, "")
        model.check_changes(base, [*model.changes_from_list(listed), change])
    except model.ScenarioError as error:
        name = (error.field or "").rsplit(".", 1)[-1]
        label = FIELD_LABELS.get(name)
        if error.detail == "Pflichtfeld fehlt.":
            raise model.ScenarioError(f"{label or name}: Bitte ausfüllen.", name) from None
        raise model.ScenarioError(f"{label}: {error.detail}" if label else error.detail, name) from None
    return change.to_dict()


def all_changes(base: Baseline, listed: list[dict], sliders: tuple) -> list:
    return [*model.changes_from_list(listed or []), *slider_changes(base, *sliders)]


def proposal(base: Baseline, changes: list, reassign: bool, budget) -> dict:
    try:
        amount = float(str(budget).replace(",", ".")) if budget not in (None, "") else 0.0
    except ValueError:
        raise model.ScenarioError(f"VZÄ-Budget: „{budget}“ ist keine Zahl. Bitte z. B. 0,5 eingeben.",
                                  "budget") from None
    if not 0 <= amount <= 100:
        raise model.ScenarioError("VZÄ-Budget: bitte eine Zahl zwischen 0 und 100 eingeben.", "budget")
    return propose(base, changes, reassign=reassign, budget_fte=amount).to_dict()


def compared(session: Session, scenario_ids: list[int]) -> list[dict]:
    """Saved scenarios side by side: name, author, Stichtag, changes and results (2–3 of them).

    A scenario the engine refuses now (saved before a district's count was hidden from what-ifs) is
    left out, like a deleted one."""
    rows = []
    for scenario_id in scenario_ids[:3]:
        scenario = scenario_data.load(session, scenario_id)
        if scenario is None:
            continue
        try:
            result = scenario.run()
        except model.ScenarioError:
            continue
        rows.append({"id": scenario_id, "name": scenario.name, "author": scenario.author,
                     "created_at": scenario.created_at, "as_of": result.as_of, "result": result.to_dict()})
    return rows


def parse_ids(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").split(",") if part.strip().isdigit()][:3]


def comparison_rows(items: list[dict]) -> list[dict]:
    """One row per figure, one column per scenario (as on the page and in the export)."""
    if not items:
        return []
    rows = [{"figure": "Stichtag der Ausgangslage",
             **{f"s{i}": fmt_date(dt.date.fromisoformat(s["as_of"])) for i, s in enumerate(items)}},
            {"figure": "Autor", **{f"s{i}": s["author"] for i, s in enumerate(items)}},
            {"figure": "Änderungen", **{f"s{i}": "; ".join(s["result"]["changes"]) or "keine"
                                         for i, s in enumerate(items)}}]
    names = []
    for s in items:
        for t in s["result"]["teams"]:
            if t["name"] not in names:
                names.append(t["name"])
    for name in names:
        def team(s, key, pick, name=name):
            t = next((t for t in s["result"]["teams"] if t["name"] == name), None)
            return pick(t[key]) if t else "–"
        rows.append({"figure": f"{name}: Auslastung am Stichtag",
                     **{f"s{i}": team(s, "utilisation_pct", lambda v: fmt_pct(v[0])) for i, s in enumerate(items)}})
        rows.append({"figure": f"{name}: Auslastung 12/2029",
                     **{f"s{i}": team(s, "utilisation_pct", lambda v: fmt_pct(v[-1])) for i, s in enumerate(items)}})
        rows.append({"figure": f"{name}: höchstens fehlende VZÄ",
                     **{f"s{i}": team(s, "max_gap", fmt_fte) for i, s in enumerate(items)}})
    years = sorted({m["year"] for s in items for m in s["result"]["money"]})
    for year in years:
        def gap(s, year=year):
            row = next((m for m in s["result"]["money"] if m["year"] == year), None)
            return fmt_eur(row["funding_gap"], cents=False) if row else "–"
        rows.append({"figure": f"Finanzierungslücke {year}", **{f"s{i}": gap(s) for i, s in enumerate(items)}})
    rows.append({"figure": "Zusammenfassung", **{f"s{i}": " ".join(s["result"]["summary"])
                                                 for i, s in enumerate(items)}})
    return rows


def comparison_table(session: Session, settings: Settings, query: dict) -> Table:
    """Download: the compared scenarios (`?vergleich=1,2,3`) side by side."""
    items = compared(session, parse_ids(query.get("vergleich")))
    if not items:  # nothing chosen: the current data's baseline without changes, so the file says something
        base = baseline(session, settings, services.default_day(session))
        items = [{"id": None, "name": "Ausgangslage (aktuelle Daten)", "author": "–", "created_at": "",
                  "as_of": base.as_of.isoformat(), "result": run(base).to_dict()}]
    columns = [Column("figure", "Kennzahl")] + [Column(f"s{i}", s["name"]) for i, s in enumerate(items)]
    stand = services.stand(session) or {}
    return Table(name="szenarien-vergleich", title="Szenarien im Vergleich", columns=columns,
                 rows=comparison_rows(items),
                 stand=f"Ausgangslagen eingefroren; Daten jetzt: {stand.get('label', '')}")


SCENARIO_TABLES = {"comparison": comparison_table}


def page_options(base: Baseline) -> dict:
    """Choices of the page's selects, from the baseline (teams, districts, posts, Träger with funds)."""
    from dashboard.model.vocabulary import PROGRAMME_SHORT

    im_teams = [t for t in base.teams if any(p.team == t.code and p.programme == "im" for p in base.posts)
                or t.uses_catchment]
    team_name = {t.code: t.name for t in base.teams}
    posts = [{"label": f"{team_name.get(p.team, p.team)} · {PROGRAMME_SHORT.get(p.programme, p.programme)}"
                       f"{f' ({p.label})' if p.label else ''} · {fmt_fte(p.fte)} VZÄ", "value": p.id}
             for p in base.posts]
    hidden = hidden_districts(base)
    districts = [{"label": f"{d.name} ({d.social_area}; jetzt {team_name.get(d.team, 'ohne Team')})"
                           + (" – Fallzahl ausgeblendet, nicht einzeln verschiebbar" if d.code in hidden else ""),
                  "value": d.code, "disabled": d.code in hidden} for d in base.districts]
    return {
        "teams": [{"label": t.name, "value": t.code} for t in im_teams],
        "catchment": [{"label": t.name, "value": t.code} for t in base.teams if t.uses_catchment],
        "districts": districts, "posts": posts,
        "funded": [{"label": team_name.get(f.provider, f.provider), "value": f.provider} for f in base.funds],
    }


def describe(base: Baseline, listed: list[dict]) -> list[str]:
    return [c.describe(base) for c in model.changes_from_list(listed or [])]


def figures(base: Baseline, changes: list) -> dict:
    """What the page shows: the scenario beside the baseline, and the chart's fixed top."""
    return compare(base, changes)


def scenario_for_save(base: Baseline, changes: list, name: str, user: str) -> model.Scenario:
    return model.Scenario(name=scenario_data.check_name(name), baseline=base, changes=tuple(changes),
                          author=user, created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


def scenario_file(base: Baseline, changes: list, name: str, user: str) -> tuple[str, str]:
    """The scenario as a file (JSON text, file name) for `im-cockpit scenario run`."""
    import json
    import re

    scenario = model.Scenario(name=name or "Szenario", baseline=base, changes=tuple(changes), author=user,
                              created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    stem = re.sub(r"[^A-Za-z0-9äöüÄÖÜß_-]+", "-", scenario.name).strip("-")[:60] or "szenario"
    return json.dumps(model.scenario_to_dict(scenario), ensure_ascii=False, indent=1), f"szenario-{stem}.json"
