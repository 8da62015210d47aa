"""Scenarios for page, PDF and CLI: the baseline from the database with the instance's settings, the
result of a scenario as typed figures (`dashboard.model.figures.scenarios`) with the baseline beside
it (deltas), and saving, duplicating and deleting saved scenarios under the role's permission."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from dashboard import memory, services
from dashboard.auth.roles import Action, PermissionDenied, allowed
from dashboard.model import scenario_forms as forms
from dashboard.model import scenarios as model
from dashboard.model.figures.scenarios import (
    Compared,
    Comparison,
    Opened,
    ProposalFigures,
    SavedScenario,
    ScenarioFigures,
    deltas,
    stamp,
)
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_pct
from dashboard.model.proposal import propose
from dashboard.model.scenario_disclosure import hidden_districts
from dashboard.model.scenarios import Baseline, Change, Money, run
from dashboard.model.scenarios.summary import effect
from dashboard.services.cache import FiguresCache
from dashboard.settings import Settings
from data import scenarios as scenario_data
from data.exports import Column, Table

REFUSED_SAVE = ("Ihre Rolle kann Szenarien rechnen, aber nicht speichern. Speichern dürfen der "
                "Steuerungsgremium und die Administration.")
REFUSED_DELETE = "Löschen darf nur, wer das Szenario gespeichert hat, oder die Administration."


def money(settings: Settings) -> Money:
    return Money(cost_per_fte=Decimal(settings.cost_per_fte),
                 overhead_rate_pct=Decimal(str(settings.overhead_rate_pct)),
                 land_funds_per_fte=Decimal(settings.land_funds_per_fte),
                 cost_growth_pct=Decimal(str(settings.cost_growth_pct)))


def baseline(session: Session, settings: Settings, day: dt.date | None = None, cases=None) -> Baseline:
    """The current data at `day` (default: the data's Stand) as a frozen scenario baseline (`cases`:
    data.scenarios.build_baseline)."""
    day = day or services.default_day(session)
    stand = services.stand(session) or {}
    return scenario_data.build_baseline(
        session, day, staff_ratio=settings.staff_ratio, ok_max=settings.status_ok_max,
        attention_max=settings.status_attention_max, money=money(settings),
        source=stand.get("label", ""), small_count_threshold=settings.small_count_threshold, cases=cases)


def compare(base: Baseline, changes: list[Change]) -> Comparison:
    """The scenario's figures, the baseline's (no changes) and the difference per team now and at
    the end of the horizon."""
    if "plain_figures" not in base._cache:  # the baseline without changes: a pure result, kept with it
        base._cache["plain_figures"] = ScenarioFigures.of(run(base, []))
    plain = base._cache["plain_figures"]
    scenario = ScenarioFigures.of(run(base, changes)) if changes else plain
    sentences = (*effect(plain, scenario), *scenario.summary)
    return Comparison(scenario=scenario, baseline=plain, deltas=deltas(plain, scenario), sentences=sentences)


def growth_pct(base: Baseline, slider) -> float:
    """The yearly cost growth the scenario uses: the slider's (German decimal comma) or the baseline's."""
    try:
        return float(str(slider).replace(",", ".")) if slider not in (None, "") else float(base.money.cost_growth_pct)
    except ValueError:
        return float(base.money.cost_growth_pct)


def figures(base: Baseline, changes: list) -> Comparison:
    """What the page shows: the scenario beside the baseline."""
    return compare(base, changes)


# --- the page: baselines by reference, saved scenarios, comparison ----------------------------------
# The browser holds only a reference to the baseline ({"kind": "live", "day", "revision"} or
# {"kind": "saved", "id"}): the baseline's case groups are district-level counts below the
# suppression threshold and must not be sent to the browser (DOMAIN §9).

_CACHE: OrderedDict = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16
_BUILDING: dict[tuple, threading.Lock] = {}  # key -> held while one thread builds it (the others wait)


def _settings_key(settings: Settings) -> tuple:
    return (settings.database_url, settings.staff_ratio, settings.status_ok_max, settings.status_attention_max,
            settings.cost_per_fte, settings.overhead_rate_pct, settings.land_funds_per_fte,
            settings.small_count_threshold, settings.cost_growth_pct)


def _cached(key: tuple, build):
    """A pure result by every input it depends on (the data revision or the saved row is part of it).
    A live baseline or backtest (key: kind, settings, day, revision) replaces those of older revisions
    at once: at Land scale each holds tens of MB, and after a data change nobody opens the old one.
    Built once: a second caller of the same key (the page's job while the warming builds it) waits for
    the first one's result; if that one failed, it builds it itself."""
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        building = _BUILDING.setdefault(key, threading.Lock())
    with building:
        try:
            with _CACHE_LOCK:
                if key in _CACHE:
                    return _CACHE[key]
            return _store(key, build())
        finally:
            with _CACHE_LOCK:
                if _BUILDING.get(key) is building:
                    del _BUILDING[key]


def _store(key: tuple, value):
    with _CACHE_LOCK:
        older = [k for k in _CACHE if key[0] in ("live", "backtest") and isinstance(key[-1], int)
                 and k[:2] == key[:2] and isinstance(k[-1], int) and k[-1] < key[-1]]
        for old in older:
            del _CACHE[old]
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    if older:
        memory.release()
    return value


def live_ref(session: Session, day: dt.date | None = None) -> dict:
    stand = services.stand(session) or {}
    day = day or services.default_day(session)
    return {"kind": "live", "day": day.isoformat(), "revision": stand.get("revision")}


SHARED_SCOPE = "szenarien-ausgangslage"  # the live baseline in the shared figures cache: server-side only


def shared_baseline(session: Session, settings: Settings, day: dt.date) -> Baseline:
    """The live baseline as the shared figures cache keeps it (what `baseline` builds, nothing computed on it yet)."""
    return baseline(session, settings, day)


def _live(session: Session, settings: Settings, day: dt.date, shared: FiguresCache | None) -> Baseline:
    """Built here, or — with Redis (`IMC_CACHE_URL`) — read from the cache every server shares: the
    server that warmed after a change built it once (Land scale: seconds; read back: about 0,1 s)."""
    if shared is None or shared.store.kind != "redis":
        return baseline(session, settings, day)
    return shared.call(session, SHARED_SCOPE, shared_baseline, settings, day, page_scope=False)


def resolve(session: Session, settings: Settings, ref: dict | None,
            shared: FiguresCache | None = None) -> tuple[Baseline, Opened]:
    """The baseline a reference points to and what the page shows about it. Raises ScenarioError.
    `shared`: the app's figures cache (a live baseline built by another server is read from it)."""
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
        return scenario.baseline, Opened.saved(scenario_id, scenario.name, scenario.author, scenario.created_at,
                                               scenario.changes)
    day = dt.date.fromisoformat(ref["day"])
    base = _cached(("live", _settings_key(settings), ref["day"], ref.get("revision")),
                   lambda: _live(session, settings, day, shared))
    return base, Opened(None)


@dataclass(frozen=True)
class Opening:
    ref: dict  # what the browser keeps (never the baseline)
    base: Baseline
    opened: Opened
    problem: str | None = None  # why the wanted scenario did not open (German)


def open_ref(session: Session, settings: Settings, wanted: str | None, shared: FiguresCache | None = None) -> Opening:
    """What the page opens for the URL's `id`: that saved scenario, else the live data (with the German
    reason when the saved one is gone)."""
    ref = {"kind": "saved", "id": int(wanted)} if wanted and wanted.isdigit() else live_ref(session)
    try:
        return Opening(ref, *resolve(session, settings, ref, shared))
    except model.ScenarioError as error:
        ref = live_ref(session)
        return Opening(ref, *resolve(session, settings, ref, shared), problem=str(error.detail))


def store_meta(opened: Opened) -> dict:
    """The opened scenario as the page's store keeps it (JSON)."""
    return {"id": opened.id, "name": opened.name, "author": opened.author,
            "created_at": opened.created_at.isoformat() if opened.created_at else ""}


def proposal(base: Baseline, changes: list, reassign: bool, budget) -> ProposalFigures:
    try:
        amount = float(str(budget).replace(",", ".")) if budget not in (None, "") else 0.0
    except ValueError:
        raise model.ScenarioError(f"VZÄ-Budget: „{budget}“ ist keine Zahl. Bitte z. B. 0,5 eingeben.",
                                  "budget") from None
    if not 0 <= amount <= 100:
        raise model.ScenarioError("VZÄ-Budget: bitte eine Zahl zwischen 0 und 100 eingeben.", "budget")
    return ProposalFigures.of(propose(base, changes, reassign=reassign, budget_fte=amount))


def saved_list(session: Session) -> list[SavedScenario]:
    """The saved scenarios, newest first."""
    return [SavedScenario.of(row) for row in scenario_data.listing(session)]


def compared(session: Session, scenario_ids: list[int]) -> list[Compared]:
    """Saved scenarios side by side: name, author, Stichtag, changes and results (2–3 of them).

    A scenario the engine refuses now (saved before a district's count was hidden from what-ifs) is
    left out, like a deleted one."""
    rows = []
    for scenario_id in scenario_ids[:3]:
        scenario = scenario_data.load(session, scenario_id)
        if scenario is None:
            continue
        try:
            result = ScenarioFigures.of(scenario.run())
        except model.ScenarioError:
            continue
        rows.append(Compared(id=scenario_id, name=scenario.name, author=scenario.author,
                             created_at=stamp(scenario.created_at), as_of=result.as_of, result=result))
    return rows


def parse_ids(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").split(",") if part.strip().isdigit()][:3]


def comparison_rows(items: list[Compared]) -> list[dict]:
    """One row per figure, one column per scenario (as on the page and in the export)."""
    if not items:
        return []

    def row(figure: str, pick) -> dict:
        return {"figure": figure, **{f"s{i}": pick(s.result) for i, s in enumerate(items)}}

    rows = [{"figure": "Stichtag der Ausgangslage", **{f"s{i}": fmt_date(s.as_of) for i, s in enumerate(items)}},
            {"figure": "Autor", **{f"s{i}": s.author for i, s in enumerate(items)}},
            row("Änderungen", lambda r: "; ".join(r.changes) or "keine")]
    names = list(dict.fromkeys(t.name for s in items for t in s.result.teams))
    for name in names:
        def team(pick, name=name):
            return lambda r: pick(r.team(name)) if r.team(name) else "–"
        rows.append(row(f"{name}: Auslastung am Stichtag", team(lambda t: fmt_pct(t.utilisation_pct[0]))))
        rows.append(row(f"{name}: Auslastung 12/2029", team(lambda t: fmt_pct(t.utilisation_pct[-1]))))
        rows.append(row(f"{name}: höchstens fehlende VZÄ", team(lambda t: fmt_fte(t.max_gap))))
    for year in sorted({m.year for s in items for m in s.result.money}):
        def gap(r, year=year):
            m = r.money_in(year)
            return fmt_eur(m.funding_gap, cents=False) if m else "–"
        rows.append(row(f"Finanzierungslücke {year}", gap))
    rows.append(row("Zusammenfassung", lambda r: " ".join(r.summary)))
    return rows


def comparison_table(session: Session, settings: Settings, query: dict) -> Table:
    """Download: the compared scenarios (`?vergleich=1,2,3`) side by side."""
    items = compared(session, parse_ids(query.get("vergleich")))
    if not items:  # nothing chosen: the current data's baseline without changes, so the file says something
        base = baseline(session, settings, services.default_day(session))
        items = [Compared(id=None, name="Ausgangslage (aktuelle Daten)", author="–", created_at=None,
                          as_of=base.as_of, result=ScenarioFigures.of(run(base)))]
    columns = [Column("figure", "Kennzahl")] + [Column(f"s{i}", s.name) for i, s in enumerate(items)]
    stand = services.stand(session) or {}
    return Table(name="szenarien-vergleich", title="Szenarien im Vergleich", columns=columns,
                 rows=comparison_rows(items),
                 stand=f"Ausgangslagen eingefroren; Daten jetzt: {stand.get('label', '')}")


SCENARIO_TABLES = {"comparison": comparison_table}


@dataclass(frozen=True)
class PageOptions:
    """Choices of the page's selects (Dash options: label, value)."""

    teams: list[dict]  # teams with IM posts or a catchment area
    catchment: list[dict]  # teams with a catchment area
    districts: list[dict]  # a district whose count is hidden is disabled
    posts: list[dict]
    funded: list[dict]  # Träger with Projektmittel


def page_options(base: Baseline) -> PageOptions:
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
    return PageOptions(
        teams=[{"label": t.name, "value": t.code} for t in im_teams],
        catchment=[{"label": t.name, "value": t.code} for t in base.teams if t.uses_catchment],
        districts=districts, posts=posts,
        funded=[{"label": team_name.get(f.provider, f.provider), "value": f.provider} for f in base.funds],
    )


def scenario_for_save(base: Baseline, changes: list, name: str, user: str) -> model.Scenario:
    return model.Scenario(name=scenario_data.check_name(name), baseline=base, changes=tuple(changes),
                          author=user, created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


# --- writes: the permission check runs in the caller's write transaction -----------------------------

@dataclass(frozen=True)
class Saved:
    id: int
    message: str


def save(session: Session, settings: Settings, ref: dict | None, listed: list[dict] | None,
         sliders: forms.Sliders, name: str | None, *, role: str | None, user: str) -> Saved:
    """Save the page's scenario under `name`. Raises PermissionDenied (nothing written) or ScenarioError."""
    if not allowed(role, Action.save_scenario):
        raise PermissionDenied(REFUSED_SAVE)
    base, _ = resolve(session, settings, ref)
    scenario = scenario_for_save(base, forms.all_changes(base, listed, sliders), name, user)
    new_id = scenario_data.save(session, scenario, user=user)
    return Saved(new_id, f"Gespeichert als „{scenario.name}“ (Nr. {new_id}).")


def duplicate_or_delete(session: Session, scenario_id: int, *, delete: bool, role: str | None,
                        user: str) -> str | None:
    """Copy or delete a saved scenario; the German confirmation, None when it is gone.

    Raises PermissionDenied: saving (and so copying) is for the steering group and the admin;
    deleting for whoever saved it, or the admin."""
    if not allowed(role, Action.save_scenario):
        raise PermissionDenied(REFUSED_SAVE)
    original = scenario_data.load(session, scenario_id)
    if original is None:
        return None
    if not delete:
        copy = scenario_for_save(original.baseline, list(original.changes), f"Kopie von {original.name}"[:200], user)
        new_id = scenario_data.save(session, copy, user=user)
        return f"Kopie gespeichert als „{copy.name}“ (Nr. {new_id})."
    if not allowed(role, Action.delete_scenario, owner=original.author, own=user):
        raise PermissionDenied(REFUSED_DELETE)
    scenario_data.delete(session, scenario_id, user=user)
    return f"Szenario „{original.name}“ gelöscht."


def scenario_file(base: Baseline, changes: list, name: str, user: str) -> tuple[str, str]:
    """The scenario as a file (JSON text, file name) for `im-cockpit scenario run`."""
    import json
    import re

    scenario = model.Scenario(name=name or "Szenario", baseline=base, changes=tuple(changes), author=user,
                              created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    stem = re.sub(r"[^A-Za-z0-9äöüÄÖÜß_-]+", "-", scenario.name).strip("-")[:60] or "szenario"
    return json.dumps(model.scenario_to_dict(scenario), ensure_ascii=False, indent=1), f"szenario-{stem}.json"
