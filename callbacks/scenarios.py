"""Szenarien callbacks: open (URL `?id=N` is the permalink), recompute live on every control, add and
remove changes, compute a proposal, save / duplicate / delete (steering and admin only; audit log),
compare saved scenarios, export the scenario file (admin only).

The browser holds only a reference to the baseline (live data at a Stichtag and revision, or a saved
scenario's id) and the list of changes; the baseline itself stays on the server (DOMAIN §9).
"""

from __future__ import annotations

import datetime as dt

from dash import ALL, Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import on_page, record_refusal
from dashboard.auth.roles import Action, allowed
from dashboard.context import AppContext
from dashboard.identity import current_role, current_user_name
from dashboard.model.scenarios import ScenarioError
from dashboard.request_guard import InvalidRequest
from dashboard.services import scenarios as report
from dashboard.urls import build_query, parse_query
from data import scenarios as scenario_data
from data.db import read_session, transaction
from layouts import ids
from layouts import scenarios as page

SLIDERS = [State(ids.SCEN_RATIO, "value"), State(ids.SCEN_INFLOW, "value"), State(ids.SCEN_CLOSURE, "value"),
           State(ids.SCEN_LIMIT, "value"), State(ids.SCEN_LAND_PCT, "value"), State(ids.SCEN_COST, "value"),
           State(ids.SCEN_GROWTH, "value")]
REFUSED_SAVE = ("Ihre Rolle kann Szenarien rechnen, aber nicht speichern. Speichern dürfen der "
                "Steuerungsgremium und die Administration.")


def _search_with(search: str | None, **values) -> str:
    return build_query({**parse_query(search), **values})


def register(app: Dash, ctx: AppContext) -> None:
    def resolve(ref):
        _check_ref(ref)
        with read_session(ctx.sessions) as session:
            return report.resolve(session, ctx.settings, ref)

    @app.callback(
        Output(ids.SCEN_REF, "data"), Output(ids.SCEN_CHANGES, "data"), Output(ids.SCEN_META, "data"),
        Output(ids.SCEN_NAME, "value"), Output(ids.SCEN_RATIO, "value"), Output(ids.SCEN_INFLOW, "value"),
        Output(ids.SCEN_INFLOW, "max"), Output(ids.SCEN_CLOSURE, "value"), Output(ids.SCEN_LIMIT, "value"),
        Output(ids.SCEN_LAND_PCT, "value"), Output(ids.SCEN_COST, "value"), Output(ids.SCEN_GROWTH, "value"),
        Output(ids.SCEN_MOVE_FROM, "options"), Output(ids.SCEN_MOVE_TO, "options"),
        Output(ids.SCEN_POST_TEAM, "options"), Output(ids.SCEN_END_POST, "options"),
        Output(ids.SCEN_DISTRICT, "options"), Output(ids.SCEN_DISTRICT_TEAM, "options"),
        Output(ids.SCEN_TRANSFER_FROM, "options"), Output(ids.SCEN_TRANSFER_TO, "options"),
        Output(ids.SCEN_HEADER, "children"), Output(ids.SCEN_MESSAGE, "children"),
        Output(ids.SCEN_PERMALINK, "children"), Output(ids.SCEN_LOCATION, "search"),
        Input(ids.SCEN_LOCATION, "search"), Input(ids.SCEN_NEW, "n_clicks"),
        State(ids.SCEN_LOCATION, "pathname"), State(ids.SCEN_META, "data"), State(ids.SCEN_REF, "data"),
    )
    def open_scenario(search, _new, pathname, meta, known_ref):
        if not on_page(pathname, page.PATH):
            raise PreventUpdate
        query = parse_query(search)
        new = dash_ctx.triggered_id == ids.SCEN_NEW
        wanted = None if new else query.get("id")
        current = (meta or {}).get("id")
        if known_ref and not new and str(current or "") == (wanted or ""):
            raise PreventUpdate  # only the comparison part of the URL changed
        message = None
        with read_session(ctx.sessions) as session:
            ref = ({"kind": "saved", "id": int(wanted)} if wanted and wanted.isdigit()
                   else report.live_ref(session))
            try:
                base, info = report.resolve(session, ctx.settings, ref)
            except ScenarioError as error:
                message = page.form_feedback(str(error.detail))
                ref = report.live_ref(session)
                base, info = report.resolve(session, ctx.settings, ref)
        values, listed = report.split_changes(base, info["changes"])
        opts = report.page_options(base)
        meta = {k: info[k] for k in ("id", "name", "author", "created_at")}
        link = (page.html.A(f"Permalink: {page.PATH}?id={info['id']}", href=f"{page.PATH}?id={info['id']}")
                if info["id"] else None)
        new_search = _search_with(search, id=str(info["id"]) if info["id"] else None)
        return (ref, listed, meta, info["name"], values["ratio"], values["inflow"], values["inflow_max"],
                values["closure"], values["limit"], values["land_pct"], values["cost"], values["growth"],
                opts["teams"], opts["teams"], opts["teams"], opts["posts"], opts["districts"], opts["catchment"],
                opts["funded"], opts["funded"], page.header_text(meta, base.as_of.isoformat(), base.source),
                message, link, new_search if new_search != (search or "") else no_update)

    @app.callback(
        Output(ids.SCEN_SUMMARY, "children"), Output(ids.SCEN_CHART, "figure"),
        Output(ids.SCEN_TEAM_TABLE, "children"), Output(ids.SCEN_MONEY_TABLE, "children"),
        Output(ids.SCEN_FUNDS_TABLE, "children"), Output(ids.SCEN_CHANGE_LIST, "children"),
        Input(ids.SCEN_REF, "data"), Input(ids.SCEN_CHANGES, "data"),
        *[Input(s.component_id, s.component_property) for s in SLIDERS],
    )
    def recompute(ref, listed, *sliders):
        if not ref:
            raise PreventUpdate
        base, _ = resolve(ref)
        try:
            changes = report.all_changes(base, listed, sliders)
            fig = report.figures(base, changes)
        except (ScenarioError, ValueError, ArithmeticError) as error:
            return (page.form_feedback(getattr(error, "detail", None) or str(error)), no_update, no_update,
                    no_update, no_update, no_update)
        top = page._top(fig["baseline"])
        return (page.summary(fig["scenario"]["summary"], fig["scenario"]["changes"]),
                page.utilisation_chart(fig["scenario"], fig["baseline"], top), page.team_table(fig),
                page.money_table(fig), page.funds_table(fig), page.change_list(report.describe(base, listed)))

    forms = {
        ids.SCEN_MOVE_ADD: ("move_fte", ["from_team", "to_team", "fte", "start"]),
        ids.SCEN_POST_ADD: ("add_post", ["team", "fte", "funding", "start", "end"]),
        ids.SCEN_END_ADD: ("end_post", ["post", "end"]),
        ids.SCEN_DISTRICT_ADD: ("reassign_district", ["district", "team", "start"]),
        ids.SCEN_TRANSFER_ADD: ("funds_transfer", ["from_team", "to_team", "amount"]),
    }
    form_states = [State(i, "value") for i in (ids.SCEN_MOVE_FROM, ids.SCEN_MOVE_TO, ids.SCEN_MOVE_FTE)] + [
        State(ids.SCEN_MOVE_START, "date"), State(ids.SCEN_POST_TEAM, "value"), State(ids.SCEN_POST_FTE, "value"),
        State(ids.SCEN_POST_FUNDING, "value"), State(ids.SCEN_POST_START, "date"), State(ids.SCEN_POST_END, "date"),
        State(ids.SCEN_END_POST, "value"), State(ids.SCEN_END_DATE, "date"), State(ids.SCEN_DISTRICT, "value"),
        State(ids.SCEN_DISTRICT_TEAM, "value"), State(ids.SCEN_DISTRICT_START, "date"),
        State(ids.SCEN_TRANSFER_FROM, "value"), State(ids.SCEN_TRANSFER_TO, "value"),
        State(ids.SCEN_TRANSFER_AMOUNT, "value")]
    form_values = {  # positions in form_states per form
        ids.SCEN_MOVE_ADD: [0, 1, 2, 3], ids.SCEN_POST_ADD: [4, 5, 6, 7, 8], ids.SCEN_END_ADD: [9, 10],
        ids.SCEN_DISTRICT_ADD: [11, 12, 13], ids.SCEN_TRANSFER_ADD: [14, 15, 16]}

    @app.callback(
        Output(ids.SCEN_CHANGES, "data", allow_duplicate=True), Output(ids.SCEN_FORM_MESSAGE, "children"),
        *[Input(button, "n_clicks") for button in forms], Input(ids.SCEN_PROPOSAL_ACCEPT, "n_clicks"),
        Input({"type": ids.SCEN_REMOVE, "index": ALL}, "n_clicks"),
        State(ids.SCEN_REF, "data"), State(ids.SCEN_CHANGES, "data"), State(ids.SCEN_PROPOSAL, "data"),
        *form_states, prevent_initial_call=True,
    )
    def edit_changes(*args):
        trigger = dash_ctx.triggered_id
        if not trigger or not dash_ctx.triggered[0]["value"]:
            raise PreventUpdate
        ref, listed, proposal = args[len(forms) + 2:len(forms) + 5]
        states = args[len(forms) + 5:]
        listed = list(listed or [])
        if isinstance(trigger, dict):  # remove one
            index = trigger["index"]
            removed = listed.pop(index) if 0 <= index < len(listed) else None
            return listed, page.form_feedback(success="Änderung entfernt.") if removed else None
        if trigger == ids.SCEN_PROPOSAL_ACCEPT:
            return listed + list(proposal or []), page.form_feedback(success="Vorschlag übernommen.")
        base, _ = resolve(ref)
        kind, names = forms[trigger]
        data = {"type": kind, **{n: states[i] for n, i in zip(names, form_values[trigger], strict=True)}}
        try:
            change = report.form_change(base, listed, data)
        except ScenarioError as error:
            return no_update, page.form_feedback(error.detail)
        return listed + [change], page.form_feedback(success="Hinzugefügt: " + report.describe(base, [change])[0])

    @app.callback(
        Output(ids.SCEN_PROPOSAL_RESULT, "children"), Output(ids.SCEN_PROPOSAL, "data"),
        Output(ids.SCEN_PROPOSAL_ACCEPT, "disabled"),
        Input(ids.SCEN_PROPOSE, "n_clicks"),
        State(ids.SCEN_REF, "data"), State(ids.SCEN_CHANGES, "data"), *SLIDERS,
        State(ids.SCEN_PROPOSE_REASSIGN, "value"), State(ids.SCEN_PROPOSE_BUDGET, "value"),
        running=[(Output(ids.SCEN_PROPOSE, "disabled"), True, False)], prevent_initial_call=True,
    )
    def compute_proposal(clicks, ref, listed, *rest):
        if not clicks or not ref:
            raise PreventUpdate
        sliders, reassign, budget = rest[:7], rest[7], rest[8]
        base, _ = resolve(ref)
        try:
            result = report.proposal(base, report.all_changes(base, listed, sliders), "reassign" in (reassign or []),
                                     budget)
        except ScenarioError as error:
            return page.form_feedback(str(error.detail)), None, True
        return page.proposal_view(result), result["changes"], not result["changes"]

    @app.callback(
        Output(ids.SCEN_SAVE_MESSAGE, "children"), Output(ids.SCEN_LIST_VERSION, "data"),
        Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
        Input(ids.SCEN_SAVE, "n_clicks"),
        State(ids.SCEN_REF, "data"), State(ids.SCEN_CHANGES, "data"), *SLIDERS, State(ids.SCEN_NAME, "value"),
        State(ids.SCEN_LIST_VERSION, "data"), State(ids.SCEN_LOCATION, "search"),
        running=[(Output(ids.SCEN_SAVE, "disabled"), True, False)], prevent_initial_call=True,
    )
    def save_scenario(clicks, ref, listed, *rest):
        if not clicks or not ref:
            raise PreventUpdate
        sliders, name, version, search = rest[:7], rest[7], rest[8], rest[9]
        if not allowed(current_role(), Action.save_scenario):
            record_refusal(ctx, "scenarios", REFUSED_SAVE)
            return page.form_feedback(REFUSED_SAVE), no_update, no_update
        base, _ = resolve(ref)
        try:
            scenario = report.scenario_for_save(base, report.all_changes(base, listed, sliders), name,
                                                current_user_name())
            with transaction(ctx.sessions) as session:
                new_id = scenario_data.save(session, scenario, user=current_user_name())
        except ScenarioError as error:
            return page.form_feedback(str(error.detail)), no_update, no_update
        return (page.form_feedback(success=f"Gespeichert als „{scenario.name}“ (Nr. {new_id})."),
                (version or 0) + 1, _search_with(search, id=str(new_id)))

    @app.callback(
        Output(ids.SCEN_SAVED_LIST, "children"), Output(ids.SCEN_COMPARE_SELECT, "options"),
        Input(ids.SCEN_LIST_VERSION, "data"), Input(ids.SCEN_META, "data"),
    )
    def list_saved(_version, meta):
        with read_session(ctx.sessions) as session:
            rows = scenario_data.listing(session)
        return page.saved_list(rows, meta.get("id") if isinstance(meta, dict) else None), page.compare_options(rows)

    @app.callback(
        Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
        Output(ids.SCEN_LIST_VERSION, "data", allow_duplicate=True),
        Output(ids.SCEN_SAVE_MESSAGE, "children", allow_duplicate=True),
        Input({"type": ids.SCEN_OPEN, "id": ALL}, "n_clicks"),
        Input({"type": ids.SCEN_DUPLICATE, "id": ALL}, "n_clicks"),
        Input({"type": ids.SCEN_DELETE, "id": ALL}, "n_clicks"),
        State(ids.SCEN_LOCATION, "search"), State(ids.SCEN_LIST_VERSION, "data"),
        prevent_initial_call=True,
    )
    def act_on_saved(_open, _duplicate, _delete, search, version):
        trigger = dash_ctx.triggered_id
        if not isinstance(trigger, dict) or not dash_ctx.triggered[0]["value"]:
            raise PreventUpdate
        if not str(trigger.get("id")).isdigit() or len(str(trigger["id"])) >= 10:
            raise InvalidRequest("Dieses Szenario gibt es nicht. Bitte die Seite neu laden.")
        scenario_id = int(trigger["id"])
        if trigger["type"] == ids.SCEN_OPEN:
            return _search_with(search, id=str(scenario_id)), no_update, None
        user = current_user_name()
        if not allowed(current_role(), Action.save_scenario):
            record_refusal(ctx, "scenarios", REFUSED_SAVE, scenario=scenario_id)
            return no_update, no_update, page.form_feedback(REFUSED_SAVE)
        with transaction(ctx.sessions) as session:
            original = scenario_data.load(session, scenario_id)
            if original is None:
                return no_update, (version or 0) + 1, page.form_feedback("Dieses Szenario gibt es nicht mehr.")
            if trigger["type"] == ids.SCEN_DUPLICATE:
                copy = report.scenario_for_save(original.baseline, list(original.changes),
                                                f"Kopie von {original.name}"[:200], user)
                new_id = scenario_data.save(session, copy, user=user)
                text = f"Kopie gespeichert als „{copy.name}“ (Nr. {new_id})."
            else:
                if not allowed(current_role(), Action.delete_scenario, owner=original.author, own=user):
                    refused = "Löschen darf nur, wer das Szenario gespeichert hat, oder die Administration."
                    record_refusal(ctx, "scenarios", refused, scenario=scenario_id)
                    return no_update, no_update, page.form_feedback(refused)
                scenario_data.delete(session, scenario_id, user=user)
                text = f"Szenario „{original.name}“ gelöscht."
        return no_update, (version or 0) + 1, page.form_feedback(success=text)

    @app.callback(
        Output(ids.SCEN_COMPARISON, "children"), Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
        Input(ids.SCEN_COMPARE_SELECT, "value"), State(ids.SCEN_LOCATION, "search"),
        State(ids.SCEN_LOCATION, "pathname"), prevent_initial_call="initial_duplicate",
    )
    def compare_saved(selected, search, pathname):
        if not on_page(pathname, page.PATH):
            raise PreventUpdate
        chosen = [int(v) for v in (selected or []) if str(v).isdigit()][:3]
        with read_session(ctx.sessions) as session:
            items = report.compared(session, chosen)
        new_search = _search_with(search, vergleich=",".join(str(i) for i in chosen) or None)
        return (page.comparison(items, report.comparison_rows(items)),
                new_search if new_search != (search or "") else no_update)

    @app.callback(
        Output(ids.SCEN_DOWNLOAD_JSON, "data"), Output(ids.SCEN_SAVE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.SCEN_EXPORT_JSON, "n_clicks"),
        State(ids.SCEN_REF, "data"), State(ids.SCEN_CHANGES, "data"), *SLIDERS, State(ids.SCEN_NAME, "value"),
        prevent_initial_call=True,
    )
    def export_file(clicks, ref, listed, *rest):
        if not clicks or not ref:
            raise PreventUpdate
        if not allowed(current_role(), Action.scenario_file):
            return no_update, page.form_feedback(
                "Die Szenariodatei enthält Fallzahlen je Stadtteil und steht nur der Administration der Stadt "
                "zur Verfügung. Der Vergleich lässt sich als XLSX herunterladen.")
        base, _ = resolve(ref)
        text, filename = report.scenario_file(base, report.all_changes(base, listed, rest[:7]), rest[7] or "",
                                              current_user_name())
        return dcc.send_string(text, filename), None


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
