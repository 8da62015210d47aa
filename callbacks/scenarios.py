"""Szenarien callbacks: open (URL `?id=N` is the permalink), recompute live on every control, add and
remove changes, compute a proposal, save / duplicate / delete (steering and admin only; audit log),
compare saved scenarios, export the scenario file (admin only).

The browser holds only a reference to the baseline (live data at a Stichtag and revision, or a saved
scenario's id) and the list of changes; the baseline itself stays on the server (DOMAIN §9).

Each callback is a module-level function taking the `AppContext` first; `@_wired(...)` notes its
outputs, inputs and states (named: Dash passes them as keyword arguments) and `register` binds it to
the app. The work is done in `dashboard.services.scenarios` and `dashboard.model.scenario_forms`.
"""

from __future__ import annotations

import datetime as dt
import functools

from dash import ALL, Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import on_page, page_target, record_refusal, wire_background
from dashboard.auth.roles import Action, PermissionDenied, allowed
from dashboard.background import report_progress
from dashboard.context import AppContext
from dashboard.identity import current_role, current_user_name
from dashboard.model import scenario_forms as forms
from dashboard.model.scenarios import Baseline, ScenarioError
from dashboard.request_guard import InvalidRequest
from dashboard.services import scenario_backtest as backtest
from dashboard.services import scenarios as report
from dashboard.urls import build_query, parse_query
from data.db import read_session, transaction
from layouts import ids
from layouts import scenario_outlook as outlook
from layouts import scenarios as page

SLIDER_IDS = {"ratio": ids.SCEN_RATIO, "inflow": ids.SCEN_INFLOW, "closure": ids.SCEN_CLOSURE,
              "limit": ids.SCEN_LIMIT, "land_pct": ids.SCEN_LAND_PCT, "cost": ids.SCEN_COST,
              "growth": ids.SCEN_GROWTH}
# the forms that add a change: button → (change type, field → the control holding its value)
FORMS = {
    ids.SCEN_MOVE_ADD: ("move_fte", {"from_team": (ids.SCEN_MOVE_FROM, "value"), "to_team": (ids.SCEN_MOVE_TO, "value"),
                                     "fte": (ids.SCEN_MOVE_FTE, "value"), "start": (ids.SCEN_MOVE_START, "date")}),
    ids.SCEN_POST_ADD: ("add_post", {"team": (ids.SCEN_POST_TEAM, "value"), "fte": (ids.SCEN_POST_FTE, "value"),
                                     "funding": (ids.SCEN_POST_FUNDING, "value"),
                                     "start": (ids.SCEN_POST_START, "date"), "end": (ids.SCEN_POST_END, "date")}),
    ids.SCEN_END_ADD: ("end_post", {"post": (ids.SCEN_END_POST, "value"), "end": (ids.SCEN_END_DATE, "date")}),
    ids.SCEN_DISTRICT_ADD: ("reassign_district", {"district": (ids.SCEN_DISTRICT, "value"),
                                                  "team": (ids.SCEN_DISTRICT_TEAM, "value"),
                                                  "start": (ids.SCEN_DISTRICT_START, "date")}),
    ids.SCEN_TEAM_INFLOW_ADD: ("team_inflow", {"team": (ids.SCEN_TEAM_INFLOW_TEAM, "value"),
                                               "per_month": (ids.SCEN_TEAM_INFLOW_VALUE, "value")}),
    ids.SCEN_INTAKE_ADD: ("intake_stop", {}),
    ids.SCEN_TRANSFER_ADD: ("funds_transfer", {"from_team": (ids.SCEN_TRANSFER_FROM, "value"),
                                               "to_team": (ids.SCEN_TRANSFER_TO, "value"),
                                               "amount": (ids.SCEN_TRANSFER_AMOUNT, "value")}),
}
# every field of the forms, once, and what „Neu“ puts back (empty, the funding select its default)
FORM_FIELDS = list(dict.fromkeys([control for _kind, controls in FORMS.values() for control in controls.values()]
                                 + [(ids.SCEN_PROPOSE_BUDGET, "value")]))
FORM_DEFAULTS = {ids.SCEN_POST_FUNDING: "land"}
REFUSED_FILE = ("Die Szenariodatei enthält Fallzahlen je Stadtteil und steht nur der Administration der Stadt "
                "zur Verfügung. Der Vergleich lässt sich als XLSX herunterladen.")

# what the page shows while the solver runs (a background job: the page stays usable meanwhile)
PROPOSAL_STEPS = ("Schritt 1 von 2: Die Grundlage des Szenarios wird geladen …",
                  "Schritt 2 von 2: Der Löser sucht die beste Verteilung – das kann bei vielen Teams eine Weile "
                  "dauern; die Seite bleibt bedienbar.")

BACKTEST_STEP = ("Der Rückblick rechnet die Projektion von jedem Monatsende der letzten zwei Jahre nach – "
                 "bei vielen Teams dauert das einige Minuten; die Seite bleibt bedienbar.")

_WIRING: list[tuple] = []


def _wired(*outputs, **spec):
    """Note a callback's outputs and its `inputs=`/`state=` (dicts: the function's parameter names)."""
    def note(fn):
        _WIRING.append((fn, outputs, spec))
        return fn
    return note


def register(app: Dash, ctx: AppContext) -> None:
    for fn, outputs, spec in _WIRING:
        if "progress" in spec:  # long work: a background callback (dashboard.background), never in the web worker
            options = {key: value for key, value in spec.items() if key != "progress"}
            wire_background(app, ctx, fn, *outputs, progress=spec["progress"], **options)
        else:
            app.callback(*outputs, **spec)(functools.update_wrapper(functools.partial(fn, ctx), fn))


def _sliders(kind) -> dict:
    return {name: kind(component, "value") for name, component in SLIDER_IDS.items()}


def _search_with(search: str | None, **values) -> str:
    return build_query({**parse_query(search), **values})


def _changed(new_search: str, search: str | None):
    return new_search if new_search != (search or "") else no_update


def _feedback(error: str | None = None, success: str | None = None):
    if success:
        return page.form_feedback(success=success)
    return page.form_feedback(error) if error else None


def _baseline(ctx: AppContext, ref) -> Baseline:
    _check_ref(ref)
    with read_session(ctx.sessions) as session:
        return report.resolve(session, ctx.settings, ref, ctx.figures)[0]


@_wired(
    Output(ids.SCEN_REF, "data"), Output(ids.SCEN_CHANGES, "data"), Output(ids.SCEN_META, "data"),
    Output(ids.SCEN_NAME, "value"), Output(ids.SCEN_RATIO, "value"), Output(ids.SCEN_INFLOW, "value"),
    Output(ids.SCEN_INFLOW, "max"), Output(ids.SCEN_CLOSURE, "value"), Output(ids.SCEN_LIMIT, "value"),
    Output(ids.SCEN_LAND_PCT, "value"), Output(ids.SCEN_COST, "value"), Output(ids.SCEN_GROWTH, "value"),
    Output(ids.SCEN_MOVE_FROM, "options"), Output(ids.SCEN_MOVE_TO, "options"),
    Output(ids.SCEN_POST_TEAM, "options"), Output(ids.SCEN_END_POST, "options"),
    Output(ids.SCEN_DISTRICT, "options"), Output(ids.SCEN_DISTRICT_TEAM, "options"),
    Output(ids.SCEN_TRANSFER_FROM, "options"), Output(ids.SCEN_TRANSFER_TO, "options"),
    Output(ids.SCEN_TEAM_INFLOW_TEAM, "options"), Output(ids.SCEN_HEADER, "children"), Output(ids.SCEN_MESSAGE, "children"),
    Output(ids.SCEN_PERMALINK, "children"), Output(ids.SCEN_LOCATION, "search"),
    inputs=dict(search=Input(ids.SCEN_LOCATION, "search"), _new=Input(ids.SCEN_NEW, "n_clicks")),
    state=dict(pathname=State(ids.SCEN_LOCATION, "pathname"), meta=State(ids.SCEN_META, "data"),
               known_ref=State(ids.SCEN_REF, "data")),
)
def open_scenario(ctx: AppContext, search, _new, pathname, meta, known_ref):
    if not on_page(pathname, page.PATH):
        raise PreventUpdate
    new = dash_ctx.triggered_id == ids.SCEN_NEW
    wanted = None if new else parse_query(search).get("id")
    if known_ref and not new and str((meta or {}).get("id") or "") == (wanted or ""):
        raise PreventUpdate  # only the comparison part of the URL changed
    with read_session(ctx.sessions) as session:
        o = report.open_ref(session, ctx.settings, wanted, ctx.figures)
    values, listed = forms.split_changes(o.base, o.opened.changes)
    opts = report.page_options(o.base)
    new_search = _search_with(search, id=str(o.opened.id) if o.opened.id else None)
    return (o.ref, listed, report.store_meta(o.opened), o.opened.name, values.ratio, values.inflow,
            values.inflow_max, values.closure, values.limit, values.land_pct, values.cost, values.growth,
            opts.teams, opts.teams, opts.teams, opts.posts, opts.districts, opts.catchment, opts.funded,
            opts.funded, opts.teams, page.header_text(o.opened, o.base.as_of, o.base.source), _feedback(o.problem),
            page.permalink(o.opened.id), _changed(new_search, search))


@_wired(
    Output(ids.SCEN_SUMMARY, "children"), Output(ids.SCEN_CHART, "figure"),
    Output(ids.SCEN_TEAM_TABLE, "children"), Output(ids.SCEN_MONEY_TABLE, "children"),
    Output(ids.SCEN_FUNDS_TABLE, "children"), Output(ids.SCEN_CHANGE_LIST, "children"),
    Output(ids.SCEN_ASSUMPTIONS, "children"),
    inputs=dict(ref=Input(ids.SCEN_REF, "data"), listed=Input(ids.SCEN_CHANGES, "data"), sliders=_sliders(Input),
                pages=Input(ids.SCEN_TABLE_PAGES, "data")),
)
def recompute(ctx: AppContext, ref, listed, sliders, pages):
    if not ref:
        raise PreventUpdate
    base = _baseline(ctx, ref)
    try:
        fig = report.figures(base, forms.all_changes(base, listed, forms.Sliders(**sliders)))
    except (ScenarioError, ValueError, ArithmeticError) as error:
        return (page.form_feedback(getattr(error, "detail", None) or str(error)), *[no_update] * 6)
    query = page.page_query(pages)
    tables = (page.team_table(fig, query), page.funds_table(fig, query),
              outlook.assumptions_table(fig, report.growth_pct(base, sliders.get("growth")), query))
    if dash_ctx.triggered_id == ids.SCEN_TABLE_PAGES:  # a pager turned: only the paged tables are sent again
        return no_update, no_update, tables[0], no_update, tables[1], no_update, tables[2]
    return (page.summary(fig.sentences, any(t.first_over for t in fig.scenario.teams)),
            page.utilisation_chart(fig.scenario, fig.baseline, page._top(fig.baseline)), tables[0],
            page.money_table(fig), tables[1], page.change_list(forms.describe(base, listed)), tables[2])


@_wired(Output(ids.SCEN_TABLE_PAGES, "data"),
        inputs=dict(clicks=Input({"type": ids.TABLE_PAGE_BUTTON, "page": page.PAGE, "table": ALL, "button": ALL,
                                  "to": ALL}, "n_clicks")),
        state=dict(pages=State(ids.SCEN_TABLE_PAGES, "data")), prevent_initial_call=True)
def turn_result_page(ctx: AppContext, clicks, pages):
    """A result table's pager button: that table's page into the store (recompute renders it)."""
    trigger = dash_ctx.triggered_id
    if not trigger or not any(clicks):
        raise PreventUpdate
    table, target = page_target(trigger)
    return {**(pages or {}), table: target}


@_wired(
    Output(ids.SCEN_CHANGES, "data", allow_duplicate=True), Output(ids.SCEN_FORM_MESSAGE, "children"),
    inputs=dict(clicks=[Input(button, "n_clicks") for button in FORMS] + [Input(ids.SCEN_PROPOSAL_ACCEPT, "n_clicks")],
                remove=Input({"type": ids.SCEN_REMOVE, "index": ALL}, "n_clicks")),
    state=dict(ref=State(ids.SCEN_REF, "data"), listed=State(ids.SCEN_CHANGES, "data"),
               proposal=State(ids.SCEN_PROPOSAL, "data"),
               fields={button: {name: State(*control) for name, control in controls.items()}
                       for button, (_kind, controls) in FORMS.items()}),
    prevent_initial_call=True,
)
def edit_changes(ctx: AppContext, clicks, remove, ref, listed, proposal, fields):
    """Add a form's change, remove one ("entfernen") or take over the solver's proposal."""
    trigger = dash_ctx.triggered_id
    if not trigger or not dash_ctx.triggered[0]["value"]:
        raise PreventUpdate
    if isinstance(trigger, dict):
        edited = forms.remove(listed, trigger.get("index"))
    elif trigger == ids.SCEN_PROPOSAL_ACCEPT:
        edited = forms.accept(listed, proposal)
    else:
        edited = forms.add(_baseline(ctx, ref), listed, {"type": FORMS[trigger][0], **fields[trigger]})
    return (no_update if edited.changes is None else edited.changes), _feedback(edited.error, edited.success)


@_wired(
    Output(ids.SCEN_PROPOSAL_RESULT, "children"), Output(ids.SCEN_PROPOSAL, "data"),
    Output(ids.SCEN_PROPOSAL_ACCEPT, "disabled"),
    inputs=dict(clicks=Input(ids.SCEN_PROPOSE, "n_clicks")),
    state=dict(ref=State(ids.SCEN_REF, "data"), listed=State(ids.SCEN_CHANGES, "data"), sliders=_sliders(State),
               reassign=State(ids.SCEN_PROPOSE_REASSIGN, "value"), budget=State(ids.SCEN_PROPOSE_BUDGET, "value")),
    running=[(Output(ids.SCEN_PROPOSE, "disabled"), True, False),
             (Output(ids.SCEN_PROPOSAL_PROGRESS, "hidden"), False, True)],
    progress=Output(ids.SCEN_PROPOSAL_PROGRESS, "children"), prevent_initial_call=True,
)
def compute_proposal(ctx: AppContext, clicks, ref, listed, sliders, reassign, budget):
    if not clicks or not ref:
        raise PreventUpdate
    report_progress(PROPOSAL_STEPS[0])
    base = _baseline(ctx, ref)
    report_progress(PROPOSAL_STEPS[1])
    try:
        result = report.proposal(base, forms.all_changes(base, listed, forms.Sliders(**sliders)),
                                 "reassign" in (reassign or []), budget)
    except ScenarioError as error:
        return page.form_feedback(str(error.detail)), None, True
    return page.proposal_view(result), list(result.changes), not result.changes


@_wired(
    Output(ids.SCEN_SAVE_MESSAGE, "children"), Output(ids.SCEN_LIST_VERSION, "data"),
    Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
    inputs=dict(clicks=Input(ids.SCEN_SAVE, "n_clicks")),
    state=dict(ref=State(ids.SCEN_REF, "data"), listed=State(ids.SCEN_CHANGES, "data"), sliders=_sliders(State),
               name=State(ids.SCEN_NAME, "value"), version=State(ids.SCEN_LIST_VERSION, "data"),
               search=State(ids.SCEN_LOCATION, "search")),
    running=[(Output(ids.SCEN_SAVE, "disabled"), True, False)], prevent_initial_call=True,
)
def save_scenario(ctx: AppContext, clicks, ref, listed, sliders, name, version, search):
    """Save under the name; the role is checked in the write transaction, a refusal is audited."""
    if not clicks or not ref:
        raise PreventUpdate
    _check_ref(ref)
    try:
        with transaction(ctx.sessions) as session:
            saved = report.save(session, ctx.settings, ref, listed, forms.Sliders(**sliders), name,
                                role=current_role(), user=current_user_name())
    except PermissionDenied as refused:
        record_refusal(ctx, "scenarios", str(refused))
        return page.form_feedback(str(refused)), no_update, no_update
    except ScenarioError as error:
        return page.form_feedback(str(error.detail)), no_update, no_update
    return page.form_feedback(success=saved.message), (version or 0) + 1, _search_with(search, id=str(saved.id))


@_wired(
    Output(ids.SCEN_SAVED_LIST, "children"), Output(ids.SCEN_COMPARE_SELECT, "options"),
    inputs=dict(_version=Input(ids.SCEN_LIST_VERSION, "data"), meta=Input(ids.SCEN_META, "data")),
)
def list_saved(ctx: AppContext, _version, meta):
    with read_session(ctx.sessions) as session:
        rows = report.saved_list(session)
    return page.saved_list(rows, meta.get("id") if isinstance(meta, dict) else None), page.compare_options(rows)


@_wired(
    Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
    Output(ids.SCEN_LIST_VERSION, "data", allow_duplicate=True),
    Output(ids.SCEN_SAVE_MESSAGE, "children", allow_duplicate=True),
    inputs=dict(_open=Input({"type": ids.SCEN_OPEN, "id": ALL}, "n_clicks"),
                _duplicate=Input({"type": ids.SCEN_DUPLICATE, "id": ALL}, "n_clicks"),
                _delete=Input({"type": ids.SCEN_DELETE, "id": ALL}, "n_clicks")),
    state=dict(search=State(ids.SCEN_LOCATION, "search"), version=State(ids.SCEN_LIST_VERSION, "data")),
    prevent_initial_call=True,
)
def act_on_saved(ctx: AppContext, _open, _duplicate, _delete, search, version):
    """Open, duplicate or delete a saved scenario; the role is checked in the write transaction."""
    trigger = dash_ctx.triggered_id
    if not isinstance(trigger, dict) or not dash_ctx.triggered[0]["value"]:
        raise PreventUpdate
    scenario_id = _scenario_id(trigger.get("id"))
    if trigger["type"] == ids.SCEN_OPEN:
        return _search_with(search, id=str(scenario_id)), no_update, None
    try:
        with transaction(ctx.sessions) as session:
            text = report.duplicate_or_delete(session, scenario_id, delete=trigger["type"] != ids.SCEN_DUPLICATE,
                                              role=current_role(), user=current_user_name())
    except PermissionDenied as refused:
        record_refusal(ctx, "scenarios", str(refused), scenario=scenario_id)
        return no_update, no_update, page.form_feedback(str(refused))
    if text is None:
        return no_update, (version or 0) + 1, page.form_feedback("Dieses Szenario gibt es nicht mehr.")
    return no_update, (version or 0) + 1, page.form_feedback(success=text)


@_wired(
    Output(ids.SCEN_COMPARISON, "children"), Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
    inputs=dict(selected=Input(ids.SCEN_COMPARE_SELECT, "value")),
    state=dict(search=State(ids.SCEN_LOCATION, "search"), pathname=State(ids.SCEN_LOCATION, "pathname")),
    prevent_initial_call="initial_duplicate",
)
def compare_saved(ctx: AppContext, selected, search, pathname):
    if not on_page(pathname, page.PATH):
        raise PreventUpdate
    chosen = [int(v) for v in (selected or []) if str(v).isdigit()][:3]
    with read_session(ctx.sessions) as session:
        items = report.compared(session, chosen)
    new_search = _search_with(search, vergleich=",".join(str(i) for i in chosen) or None)
    return page.comparison(items, report.comparison_rows(items)), _changed(new_search, search)


@_wired(
    Output(ids.SCEN_DOWNLOAD_JSON, "data"), Output(ids.SCEN_SAVE_MESSAGE, "children", allow_duplicate=True),
    inputs=dict(clicks=Input(ids.SCEN_EXPORT_JSON, "n_clicks")),
    state=dict(ref=State(ids.SCEN_REF, "data"), listed=State(ids.SCEN_CHANGES, "data"), sliders=_sliders(State),
               name=State(ids.SCEN_NAME, "value")),
    prevent_initial_call=True,
)
def export_file(ctx: AppContext, clicks, ref, listed, sliders, name):
    if not clicks or not ref:
        raise PreventUpdate
    if not allowed(current_role(), Action.scenario_file):
        return no_update, page.form_feedback(REFUSED_FILE)
    base = _baseline(ctx, ref)
    text, filename = report.scenario_file(base, forms.all_changes(base, listed, forms.Sliders(**sliders)),
                                          name or "", current_user_name())
    return dcc.send_string(text, filename), None


@_wired(Output(ids.SCEN_BACKTEST, "children"), inputs=dict(ref=Input(ids.SCEN_REF, "data")),
        progress=Output(ids.SCEN_BACKTEST_PROGRESS, "children"),
        running=[(Output(ids.SCEN_BACKTEST_PROGRESS, "hidden"), False, True)])
def show_backtest(ctx: AppContext, ref):
    """How good the projection has been on the current data (computed once per data revision, and by the
    warming after a write; a background job: 24 past baselines take minutes at Land scale)."""
    if not ref:
        raise PreventUpdate
    report_progress(BACKTEST_STEP)
    with read_session(ctx.sessions) as session:
        return outlook.backtest_table(backtest.cached(session, ctx.settings))


@_wired(*[Output(field, prop) for field, prop in FORM_FIELDS], Output(ids.SCEN_FORM_MESSAGE, "children",
                                                                    allow_duplicate=True),
        inputs=dict(clicks=Input(ids.SCEN_NEW, "n_clicks")), prevent_initial_call=True)
def clear_forms(ctx: AppContext, clicks):
    """„Neu“ empties every form field (sliders and name reset with the baseline in `open_scenario`)."""
    if not clicks:
        raise PreventUpdate
    return (*[FORM_DEFAULTS.get(field) for field, _prop in FORM_FIELDS], None)


def _scenario_id(value) -> int:
    """A saved scenario's id from a clicked button's pattern id (a forged one: 400)."""
    if not str(value).isdigit() or len(str(value)) >= 10:
        raise InvalidRequest("Dieses Szenario gibt es nicht. Bitte die Seite neu laden.")
    return int(value)


def _check_ref(ref) -> None:
    """The page's reference store as the server wrote it: a saved scenario's id or a live day."""
    if ref is None:
        return
    try:
        if isinstance(ref, dict) and ref.get("kind") == "saved" and str(ref.get("id")).isdigit() \
                and len(str(ref["id"])) < 10:
            return
        if isinstance(ref, dict) and isinstance(ref.get("day"), str) and dt.date.fromisoformat(ref["day"]):
            return
    except ValueError:
        pass
    raise InvalidRequest("Der Bezug dieses Szenarios ist ungültig. Bitte die Seite neu laden (F5).")
