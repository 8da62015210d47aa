"""Berichte: the PDF reports made on the server — the Jahresbericht / Verwendungsnachweis for a year
and the Sitzungsunterlage for a meeting of the Steuerungsgremium or the Koordinierungskreis; below them a
meeting's slide sequence ("Sitzung", layouts/meetings.py) is put together, played and printed."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.vocabulary import MEETING_BODIES
from layouts import ids, meetings
from layouts.components import DROPDOWN_LABELS, Section
from layouts.presentation import Presentation, Slide

TITLE = "Berichte"
PATH = "/berichte"

PRESENTATION = Presentation((
    Slide("berichte", "PDF-Berichte", (ids.REPORTS_YEAR, ids.REPORTS_MEETING_BODY)),
))
BODIES = MEETING_BODIES


def layout(access: FormAccess = FormAccess(), **_query) -> html.Div:
    today = dt.date.today()
    return html.Div([
        dcc.Location(id=ids.REPORTS_LOCATION, refresh="callback-nav"),
        html.H1(TITLE, className="page-title"),
        html.Div("PDF-Berichte aus den aktuellen Daten: erstellt auf dem Server, ohne Internet, mit Seitenzahlen "
                 "und Stand", className="page-subtitle mb-3"),
        html.Div(id=ids.REPORTS_MESSAGE, role="status"),
        html.Div(id=ids.REPORTS_PROGRESS, role="status", hidden=True, className="form-info"),
        dbc.Row([
            dbc.Col(Section("Jahresbericht / Verwendungsnachweis", [
                html.P("Kennzahlen, Fallzahlen gegen die Kapazität über das Jahr, Stellenplan mit Prüfung und "
                       "Kosten, Projektmittel mit Übertragungen und die Abdeckung im Ehrenamt."),
                dbc.Label("Berichtsjahr", html_for=ids.REPORTS_YEAR, className="form-label-strong"),
                dbc.Select(id=ids.REPORTS_YEAR, options=[], className="mb-3"),
                dbc.Button("Jahresbericht als PDF", id=ids.REPORTS_ANNUAL_SUBMIT, color="primary"),
            ]), lg=6),
            dbc.Col(Section("Sitzungsunterlage", [
                html.P("Die Zahlen zum Sitzungstag (höchstens zum Stand der Daten) für die Sitzung eines Gremiums."),
                dbc.Label("Gremium", html_for=ids.REPORTS_MEETING_BODY, className="form-label-strong"),
                dbc.RadioItems(id=ids.REPORTS_MEETING_BODY, value="steering", className="mb-2",
                               options=[{"label": label, "value": key} for key, label in BODIES.items()]),
                dbc.Label("Sitzung am", html_for=ids.REPORTS_MEETING_DATE, className="form-label-strong"),
                html.Div(dcc.DatePickerSingle(id=ids.REPORTS_MEETING_DATE, date=today.isoformat(),
                                              display_format="DD.MM.YYYY", first_day_of_week=1, clearable=False),
                         className="form-date mb-3"),
                dbc.Label("Szenarien zur Beratung (bis zu drei)", html_for=ids.REPORTS_MEETING_SCENARIOS,
                          className="form-label-strong"),
                dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.REPORTS_MEETING_SCENARIOS, options=[], multi=True, className="mb-3",
                             placeholder="keine – gespeicherte Szenarien wählen …", searchable=False),
                dbc.Button("Sitzungsunterlage als PDF", id=ids.REPORTS_MEETING_SUBMIT, color="primary"),
            ]), lg=6),
        ], className="g-3"),
        dbc.Row([dbc.Col(meetings.compose_section(access), lg=7), dbc.Col(meetings.saved_section(), lg=5)],
                className="g-3 mt-1"),
        dcc.Loading(dcc.Download(id=ids.REPORTS_DOWNLOAD), type="dot"),
    ], className="reports-page")


def scenario_options(saved: list[dict]) -> list[dict]:
    return [{"label": f"{s['name']} ({s['author']}, Stand {s['baseline_date'][8:10]}.{s['baseline_date'][5:7]}."
                      f"{s['baseline_date'][:4]})", "value": s["id"]} for s in saved]


def year_options(years: list[int]) -> list[dict]:
    return [{"label": str(y), "value": str(y)} for y in sorted(years, reverse=True)]
