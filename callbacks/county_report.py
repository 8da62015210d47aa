"""Landkreis page, reports part: the Verwendungsnachweise of the shown year and the
Gesamtverwendungsnachweis PDF (built on the server, audited)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks.common import wire
from dashboard.context import AppContext
from dashboard.identity import current_user_name
from dashboard.pdf import ReportError, county_use_report
from dashboard.services.county import NoCountyData
from dashboard.services.county_report import use_report
from data import audit
from data.db import read_session, transaction
from layouts import county_report as part
from layouts import ids
from layouts.components import form_feedback


def _year(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) == 4 else None


def update_proofs(ctx: AppContext, year, _revision):
    """The shown year's Verwendungsnachweise (nothing before the page knows its year)."""
    if _year(year) is None:
        raise PreventUpdate
    with read_session(ctx.sessions) as session:
        try:
            return part.proofs(use_report(session, ctx.settings, _year(year)))
        except NoCountyData:
            return []


def make_county_report(ctx: AppContext, _clicks, year):
    """Build the Gesamtverwendungsnachweis of the shown year and audit it in one transaction."""
    try:
        if _year(year) is None:
            raise ReportError("Bitte zuerst ein Berechnungsjahr wählen.")
        with transaction(ctx.sessions) as session:
            report = county_use_report(session, ctx.settings, _year(year))
            audit.record(session, current_user_name(), "report", report.filename, {"pages": report.pages})
    except ReportError as error:
        return no_update, form_feedback(str(error), title=None)
    return (dcc.send_bytes(report.content, report.filename),
            form_feedback(success=f"{report.filename} erstellt ({report.pages} Seiten)."))


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_proofs, Output(ids.COUNTY_PROOFS, "children"),
         Input(ids.COUNTY_YEAR, "value"), Input(ids.COUNTY_REVISION, "data"))
    wire(app, ctx, make_county_report,
         Output(ids.COUNTY_REPORT_DOWNLOAD, "data"), Output(ids.COUNTY_REPORT_MESSAGE, "children"),
         Input(ids.COUNTY_REPORT_SUBMIT, "n_clicks"), State(ids.COUNTY_YEAR, "value"), prevent_initial_call=True)
