"""Berichte callbacks: fill the year list; build a PDF on the server and send it (audited)."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks import meetings as meeting_callbacks
from callbacks.common import on_page, wire, wire_background
from dashboard import pdf, services
from dashboard.background import report_progress
from dashboard.context import AppContext
from dashboard.identity import current_user_name
from dashboard.pdf import ReportError
from data import audit
from data import scenarios as scenario_data
from data.db import read_session, transaction
from layouts import ids, reports
from layouts.components import form_feedback

FIRST_YEAR = 2023  # the data of the first users begins here (demo history, ARGE concept)
# the PDF is built in a background job (dashboard.background): the page says what happens meanwhile
REPORT_STEPS = ("Schritt 1 von 2: Die Daten des Berichts werden gelesen und das PDF gesetzt …",
                "Schritt 2 von 2: Das PDF ist fertig und wird gesendet …")
REPORT_RUNNING = [(Output(ids.REPORTS_ANNUAL_SUBMIT, "disabled"), True, False),
                  (Output(ids.REPORTS_MEETING_SUBMIT, "disabled"), True, False),
                  (Output(ids.REPORTS_PROGRESS, "hidden"), False, True)]


def fill_years(ctx: AppContext, pathname):
    if not on_page(pathname, reports.PATH):
        raise PreventUpdate
    with read_session(ctx.sessions) as session:
        stand = services.stand(session)
        saved = scenario_data.listing(session)
    last = dt.date.fromisoformat(stand["as_of"]).year if stand else dt.date.today().year
    return (reports.year_options(list(range(FIRST_YEAR, last + 1))), str(last),
            reports.scenario_options(saved))


def _annual(session, ctx: AppContext, year):
    if not isinstance(year, str) or not (year.isdigit() and len(year) == 4):
        raise ReportError("Bitte ein Berichtsjahr wählen.")
    return pdf.annual_report(session, ctx.settings, int(year))


def _meeting(session, ctx: AppContext, meeting_day, body, scenario_ids):
    try:
        day = dt.date.fromisoformat((meeting_day or "")[:10])
    except ValueError:
        raise ReportError("Bitte den Sitzungstag als Datum angeben (TT.MM.JJJJ).") from None
    picked = scenario_ids if isinstance(scenario_ids, list) else []
    chosen = [int(i) for i in picked if str(i).isdigit() and len(str(i)) < 10]
    if len(chosen) > 3:
        raise ReportError("Höchstens drei Szenarien passen nebeneinander; bitte Auswahl verkleinern.")
    return pdf.meeting_pack(session, ctx.settings, day, body or "steering", chosen)


def make_report(ctx: AppContext, _annual_clicks, _meeting_clicks, year, meeting_day, body, scenario_ids):
    """Build the chosen PDF and audit it in one transaction; a German reason when it cannot be built."""
    report_progress(REPORT_STEPS[0])
    try:
        with transaction(ctx.sessions) as session:
            if dash_ctx.triggered_id == ids.REPORTS_ANNUAL_SUBMIT:
                report = _annual(session, ctx, year)
            else:
                report = _meeting(session, ctx, meeting_day, body, scenario_ids)
            report_progress(REPORT_STEPS[1])
            audit.record(session, current_user_name(), "report", report.filename, {"pages": report.pages})
    except ReportError as error:
        return no_update, form_feedback(str(error), title=None)
    done = form_feedback(success=f"{report.filename} erstellt ({report.pages} Seiten).")
    return dcc.send_bytes(report.content, report.filename), done


def register(app: Dash, ctx: AppContext) -> None:
    meeting_callbacks.register(app, ctx)
    wire(app, ctx, fill_years,
         Output(ids.REPORTS_YEAR, "options"), Output(ids.REPORTS_YEAR, "value"),
         Output(ids.REPORTS_MEETING_SCENARIOS, "options"),
         Input(ids.REPORTS_LOCATION, "pathname"))
    wire_background(app, ctx, make_report,
         Output(ids.REPORTS_DOWNLOAD, "data"), Output(ids.REPORTS_MESSAGE, "children"),
         Input(ids.REPORTS_ANNUAL_SUBMIT, "n_clicks"), Input(ids.REPORTS_MEETING_SUBMIT, "n_clicks"),
         State(ids.REPORTS_YEAR, "value"), State(ids.REPORTS_MEETING_DATE, "date"),
         State(ids.REPORTS_MEETING_BODY, "value"), State(ids.REPORTS_MEETING_SCENARIOS, "value"),
         progress=Output(ids.REPORTS_PROGRESS, "children"), running=REPORT_RUNNING, prevent_initial_call=True)
