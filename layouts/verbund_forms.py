"""Verbund page, the lead Gemeinde's forms: the agreement (validity, billing, cost basis, VAT, posts), a
member with its minimum hours a week (and agreed cost share), and the booking of an ended quarter.
The controls are always in the page (their callbacks need them); `callbacks.verbund_forms` fills them
for the chosen Verbund and disables them for everyone but its lead (every check runs on the server).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.vocabulary import BILLING_MODE_TEXT, UNFUNDED_TEXT, VAT_MODE_TEXT, BillingMode, VatMode
from layouts import ids
from layouts.components import DROPDOWN_LABELS, FormField, amount_input, date_input

SAVE_AGREEMENT = "Vereinbarung speichern"
NEW_AGREEMENT = "Neue Vereinbarung"
SAVE_MEMBER = "Mitglied speichern"
SAVE_BOOKING = "Quartal buchen"
NOT_SAVED = "Nicht gespeichert:"
LEAD_ONLY = ("Vereinbarung, Mitglieder und Buchungen erfasst nur die federführende Gemeinde; "
             "eine neue Vereinbarung legt der Benutzer einer Gemeinde an.")


def _text(field_id: str, placeholder: str = "", limit: int = 200) -> dbc.Input:
    return dbc.Input(id=field_id, type="text", maxLength=limit, placeholder=placeholder, autoComplete="off")


def _message(field_id: str) -> html.Div:
    return html.Div(id=field_id, className="form-message mt-2", role="status", **{"aria-live": "polite"})


def _agreement() -> html.Div:
    return html.Div([
        html.H3("Vereinbarung", className="h5"),
        dbc.Row([
            FormField("Kürzel", _text(ids.VERBUND_F_CODE, "z. B. BRA-CLE", 20), ids.VERBUND_F_CODE,
                      "steht in jeder Rechnungsnummer; ein neues Kürzel legt eine neue Vereinbarung an", md=3),
            FormField("Name", _text(ids.VERBUND_F_NAME, "z. B. Verbund Brackenheim–Cleebronn"), ids.VERBUND_F_NAME, md=5),
            FormField("gültig ab", date_input(ids.VERBUND_F_FROM), ids.VERBUND_F_FROM, md=2),
            FormField("gültig bis", date_input(ids.VERBUND_F_TO), ids.VERBUND_F_TO, md=2),
        ], className="g-3 mb-2"),
        dbc.Row([
            FormField("Abrechnung", dbc.RadioItems(id=ids.VERBUND_F_BILLING, value=BillingMode.hours.value,
                                                   options=[{"label": t, "value": m.value}
                                                            for m, t in BILLING_MODE_TEXT.items()]),
                      ids.VERBUND_F_BILLING, md=3),
            FormField("Arbeitgeberkosten je VZÄ und Jahr in €", amount_input(ids.VERBUND_F_COST, "leer: Einstellung"),
                      ids.VERBUND_F_COST, "leer: die Einstellung IMC_COST_PER_FTE", md=3),
            FormField("Entgeltgruppe", _text(ids.VERBUND_F_PAY_GROUP, "z. B. TVöD SuE S 11b Stufe 4", 100),
                      ids.VERBUND_F_PAY_GROUP, md=3),
            FormField("Gemeinkostenzuschlag in %", amount_input(ids.VERBUND_F_OVERHEAD, "10"), ids.VERBUND_F_OVERHEAD,
                      "üblich 10 % der Personalkosten (KGSt: 20 % für Büroarbeitsplätze)", md=3),
        ], className="g-3 mb-2"),
        dbc.Row([
            FormField("Obergrenze des Zuschlags in €", amount_input(ids.VERBUND_F_CAP, "leer: keine"), ids.VERBUND_F_CAP,
                      md=3),
            FormField("Umsatzsteuer", dbc.RadioItems(id=ids.VERBUND_F_VAT_MODE, value=VatMode.taxable.value,
                                                     options=[{"label": t, "value": m.value}
                                                              for m, t in VAT_MODE_TEXT.items()]),
                      ids.VERBUND_F_VAT_MODE, "die Übergangsregelung zu § 2b UStG endet am 31.12.2026", md=3),
            FormField("Steuersatz in %", amount_input(ids.VERBUND_F_VAT_RATE, "19"), ids.VERBUND_F_VAT_RATE, md=2),
            FormField("Beschluss", _text(ids.VERBUND_F_DECISION, "z. B. Beschlussvorlage Nr. 32/2024"),
                      ids.VERBUND_F_DECISION, md=4),
        ], className="g-3 mb-2"),
        dbc.Row([
            dbc.Col(html.Fieldset([
                html.Legend("Stellen, die dem Verbund dienen", className="form-label-strong fs-6"),
                dbc.Checklist(id=ids.VERBUND_F_POSTS, options=[], value=[]),
                dbc.FormText("Stellen der federführenden Gemeinde und ihrer Mitglieder"),
            ]), md=8),
            dbc.Col(dbc.Checkbox(id=ids.VERBUND_F_OFFSET, value=True,
                                 label="Landesanteil der Mitglieder auf der Rechnung verrechnen"), md=4,
                    className="d-flex align-items-end"),
        ], className="g-3 mb-2"),
        html.Div([dbc.Button(SAVE_AGREEMENT, id=ids.VERBUND_F_SAVE, color="primary"),
                  dbc.Button(NEW_AGREEMENT, id=ids.VERBUND_F_NEW, color="secondary", outline=True)],
                 className="d-flex flex-wrap gap-2"),
        _message(ids.VERBUND_F_MESSAGE),
    ])


def _member() -> html.Div:
    return html.Div([
        html.H3("Mitglied", className="h5"),
        dbc.Row([
            FormField("Gemeinde", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_M_GEMEINDE, options=[]),
                      ids.VERBUND_M_GEMEINDE, md=5),
            FormField("Mindeststunden je Woche", amount_input(ids.VERBUND_M_HOURS, "z. B. 15"), ids.VERBUND_M_HOURS,
                      "× 13 Wochen = Mindestumfang des Quartals", md=4),
            FormField("Kostenanteil in %", amount_input(ids.VERBUND_M_SHARE, "nur bei Kostenanteil"), ids.VERBUND_M_SHARE,
                      md=3),
        ], className="g-3 mb-2"),
        dbc.Button(SAVE_MEMBER, id=ids.VERBUND_M_SAVE, color="primary"),
        _message(ids.VERBUND_M_MESSAGE),
    ])


def _booking() -> html.Div:
    return html.Div([
        html.H3("Quartal buchen", className="h5"),
        dbc.Row([
            FormField("Gemeinde", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_B_MEMBER, options=[]),
                      ids.VERBUND_B_MEMBER, md=4),
            FormField("Quartal", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_B_QUARTER, options=[]),
                      ids.VERBUND_B_QUARTER, "abgelaufene Quartale ohne Rechnung", md=3),
            FormField("Gebuchte Stunden", amount_input(ids.VERBUND_B_HOURS, "z. B. 198"), ids.VERBUND_B_HOURS, md=2),
            FormField(f"davon {UNFUNDED_TEXT}", amount_input(ids.VERBUND_B_UNFUNDED, "0"), ids.VERBUND_B_UNFUNDED,
                      "Klienten nach 3 bzw. 4 Jahren", md=3),
        ], className="g-3 mb-2"),
        dbc.Row([
            FormField("Klienten gefördert (Quartalsende)", amount_input(ids.VERBUND_B_CASES, "Anzahl"),
                      ids.VERBUND_B_CASES, md=4),
            FormField(f"Klienten {UNFUNDED_TEXT}", amount_input(ids.VERBUND_B_CASES_UNFUNDED, "Anzahl"),
                      ids.VERBUND_B_CASES_UNFUNDED, md=4),
            FormField("Ist-Kosten des Quartals (Verbund) in €", amount_input(ids.VERBUND_B_COST, "nur bei Kostenanteil"),
                      ids.VERBUND_B_COST, "Personal- und Sachkosten der dienenden Stellen", md=4),
        ], className="g-3 mb-2"),
        dbc.Button(SAVE_BOOKING, id=ids.VERBUND_B_SAVE, color="primary"),
        _message(ids.VERBUND_B_MESSAGE),
    ])


def frame() -> html.Div:
    """The three forms in one card; the note says who records (shown when the forms are disabled)."""
    return dbc.Card(dbc.CardBody([
        html.H2("Vereinbarung und Buchungen erfassen", className="section-title"),
        html.P(["ℹ ", LEAD_ONLY], id=ids.VERBUND_FORMS_NOTE, className="edit-refusal text-body-secondary"),
        html.Fieldset([_agreement(), html.Hr(), _member(), html.Hr(), _booking()], id=ids.VERBUND_FORMS,
                      className="edit-area", disabled=True),
    ]), className="section-card mt-3")
