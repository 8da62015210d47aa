"""Szenarien: the controls of "Annahmen und Änderungen", one tab per topic (Personal, Gebiete, Fälle,
Geld). Each change kind's form; the callbacks read them (callbacks/scenarios.py) and the model checks
what they send (dashboard/model/scenario_forms.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.formatting import fmt_int
from dashboard.model.vocabulary import FUNDING_TEXT
from layouts import components, ids
from layouts.components import FormField

FUNDING_OPTIONS = [{"label": text, "value": code} for code, text in FUNDING_TEXT.items()]


def _date(field_id: str) -> html.Div:
    return html.Div(dcc.DatePickerSingle(id=field_id, display_format="DD.MM.YYYY", first_day_of_week=1,
                                         placeholder="ab Stichtag", clearable=True), className="form-date")


def _select(field_id: str, placeholder: str) -> dbc.Select:
    return dbc.Select(id=field_id, options=[], placeholder=placeholder)


def _number(field_id: str, placeholder: str) -> dbc.Input:
    return dbc.Input(id=field_id, type="text", inputMode="decimal", placeholder=placeholder, autoComplete="off")


def _slider(field_id: str, label: str, hint: str, **kwargs) -> html.Div:
    return html.Div([
        dbc.Label(label, html_for=field_id, className="form-label-strong"),
        dcc.Slider(id=field_id, updatemode="drag", **kwargs),
        html.Div(hint, className="form-info"),
    ], className="scen-slider")


def _add(button_id: str, text: str = "Hinzufügen") -> dbc.Button:
    return dbc.Button(text, id=button_id, color="primary", outline=True, className="mt-2")


def people() -> html.Div:
    return html.Div([
        _slider(ids.SCEN_RATIO, "Personalschlüssel (Fälle je VZÄ)", "1:90 laut Konzeption; je Team gleich",
                min=50, max=150, step=1, value=90, marks={m: f"1:{m}" for m in (50, 90, 120, 150)}),
        html.H3("VZÄ verschieben", className="scen-subhead"),
        dbc.Row([
            FormField("Von", _select(ids.SCEN_MOVE_FROM, "Team …"), ids.SCEN_MOVE_FROM, md=6),
            FormField("An", _select(ids.SCEN_MOVE_TO, "Team …"), ids.SCEN_MOVE_TO, md=6),
            FormField("VZÄ", _number(ids.SCEN_MOVE_FTE, "z. B. 0,4"), ids.SCEN_MOVE_FTE, md=6),
            FormField("ab", _date(ids.SCEN_MOVE_START), ids.SCEN_MOVE_START, md=6),
        ], className="g-2"),
        _add(ids.SCEN_MOVE_ADD),
        html.H3("Stelle hinzufügen (IM)", className="scen-subhead"),
        dbc.Row([
            FormField("Team", _select(ids.SCEN_POST_TEAM, "Team …"), ids.SCEN_POST_TEAM, md=6),
            FormField("VZÄ", _number(ids.SCEN_POST_FTE, "z. B. 0,5"), ids.SCEN_POST_FTE, md=6),
            FormField("Finanzierung", dbc.Select(id=ids.SCEN_POST_FUNDING, options=FUNDING_OPTIONS, value="land"),
                   ids.SCEN_POST_FUNDING, md=12),
            FormField("ab", _date(ids.SCEN_POST_START), ids.SCEN_POST_START, md=6),
            FormField("bis", _date(ids.SCEN_POST_END), ids.SCEN_POST_END, md=6),
        ], className="g-2"),
        _add(ids.SCEN_POST_ADD),
        html.H3("Stelle beenden", className="scen-subhead"),
        dbc.Row([
            FormField("Stelle", _select(ids.SCEN_END_POST, "Stelle …"), ids.SCEN_END_POST, md=12),
            FormField("letzter Tag", _date(ids.SCEN_END_DATE), ids.SCEN_END_DATE, md=12),
        ], className="g-2"),
        _add(ids.SCEN_END_ADD),
    ], className="scen-tab-body")


def areas() -> html.Div:
    return html.Div([
        html.H3("Stadtteil einem anderen Team zuordnen", className="scen-subhead"),
        dbc.Row([
            FormField("Stadtteil", _select(ids.SCEN_DISTRICT, "Stadtteil …"), ids.SCEN_DISTRICT, md=12),
            FormField("neues Team", _select(ids.SCEN_DISTRICT_TEAM, "Team mit Einzugsgebiet …"),
                   ids.SCEN_DISTRICT_TEAM, md=6),
            FormField("ab", _date(ids.SCEN_DISTRICT_START), ids.SCEN_DISTRICT_START, md=6),
        ], className="g-2"),
        _add(ids.SCEN_DISTRICT_ADD),
        html.H3("Vorschlag berechnen", className="scen-subhead"),
        html.Div("Der Löser (HiGHS) sucht die Verteilung mit der niedrigsten höchsten Auslastung bis 12/2029 "
                 "und hält Sozialräume möglichst bei einem Team.", className="form-info"),
        dcc.Checklist(id=ids.SCEN_PROPOSE_REASSIGN, value=["reassign"], inputClassName="me-2",
                      options=[{"label": "Stadtteile neu zuordnen", "value": "reassign"}]),
        dbc.Row([FormField("zusätzliches VZÄ-Budget", _number(ids.SCEN_PROPOSE_BUDGET, "z. B. 1,0"),
                        ids.SCEN_PROPOSE_BUDGET, md=6)], className="g-2"),
        dbc.Button("Vorschlag berechnen", id=ids.SCEN_PROPOSE, color="primary", className="mt-2"),
        html.Div(id=ids.SCEN_PROPOSAL_PROGRESS, role="status", hidden=True, className="form-info mt-2"),
        dcc.Loading(html.Div(id=ids.SCEN_PROPOSAL_RESULT, className="mt-2"), type="dot"),
        dbc.Button("Vorschlag in das Szenario übernehmen", id=ids.SCEN_PROPOSAL_ACCEPT, color="primary",
                   outline=True, disabled=True, className="mt-2"),
    ], className="scen-tab-body")


def cases() -> html.Div:
    return html.Div([
        _slider(ids.SCEN_INFLOW, "Zugang je Monat (Fallüberleitungen und neue Fälle)",
                "Ausgangslage: Summe der geschätzten Zugänge je Team; verschoben wirkt er anteilig auf jedes Team",
                min=0, max=40, step=0.5, value=0),
        _slider(ids.SCEN_CLOSURE, "Abschlüsse vor der Frist (% der Fälle je Monat)",
                "Ziel erreicht, verzogen, sonstiges; Ausgangslage: Mittel der letzten zwölf Monate. Verschoben gilt "
                "ein Satz für jedes Fallalter statt der Quote nach Fallalter",
                min=0, max=10, step=0.1, value=0, marks={m: f"{fmt_int(m)} %" for m in (0, 5, 10)}),
        dbc.Label("Anspruchsdauer ab Zuweisung in die AU", html_for=ids.SCEN_LIMIT, className="form-label-strong"),
        dbc.RadioItems(id=ids.SCEN_LIMIT, value=3, inline=True,
                       options=[{"label": f"{y} Jahre", "value": y} for y in (2, 3, 4, 5)]),
        html.Div("VwV: höchstens 3 Jahre, in begründeten Fällen 4 (Verlängerung: +1 Jahr)", className="form-info"),
        html.H3("Zugang eines Teams ändern", className="scen-subhead"),
        html.Div("Statt des geschätzten Zugangs (Tabelle „Annahmen je Team“)", className="form-info"),
        dbc.Row([
            FormField("Team", _select(ids.SCEN_TEAM_INFLOW_TEAM, "Team …"), ids.SCEN_TEAM_INFLOW_TEAM, md=6),
            FormField("Fälle je Monat", _number(ids.SCEN_TEAM_INFLOW_VALUE, "z. B. 3,5"), ids.SCEN_TEAM_INFLOW_VALUE,
                      md=6),
        ], className="g-2"),
        _add(ids.SCEN_TEAM_INFLOW_ADD),
        html.H3("Aufnahmestopp bei voller Kapazität", className="scen-subhead"),
        html.Div("Ein volles Team (1:Schlüssel) nimmt keine neuen Fälle auf; sie warten, bis ein Platz frei wird "
                 "(Warteliste, in der Zusammenfassung und der Teamtabelle). Vereinfachung: bestehende Fälle "
                 "gehen im selben Anteil ab wie ohne Stopp.", className="form-info"),
        _add(ids.SCEN_INTAKE_ADD, "Aufnahmestopp annehmen"),
    ], className="scen-tab-body")


def money() -> html.Div:
    return html.Div([
        _slider(ids.SCEN_LAND_PCT, "Landesmittel je VZÄ (Änderung in %)",
                "0 % = die eingestellten Landesmittel je VZÄ", min=-50, max=50, step=5, value=0,
                marks=components.signed_pct_marks((-50, -25, 0, 25, 50))),
        dbc.Row([
            FormField("Kosten je VZÄ und Jahr (€)", _number(ids.SCEN_COST, "z. B. 75.000"), ids.SCEN_COST, md=7),
            FormField("Steigerung je Jahr (%)", _number(ids.SCEN_GROWTH, "0"), ids.SCEN_GROWTH, md=5),
        ], className="g-2"),
        html.H3("Projektmittel übertragen", className="scen-subhead"),
        dbc.Row([
            FormField("Von", _select(ids.SCEN_TRANSFER_FROM, "Träger …"), ids.SCEN_TRANSFER_FROM, md=6),
            FormField("An", _select(ids.SCEN_TRANSFER_TO, "Träger …"), ids.SCEN_TRANSFER_TO, md=6),
            FormField("Betrag in €", _number(ids.SCEN_TRANSFER_AMOUNT, "z. B. 500,00"), ids.SCEN_TRANSFER_AMOUNT, md=12),
        ], className="g-2"),
        _add(ids.SCEN_TRANSFER_ADD),
    ], className="scen-tab-body")
