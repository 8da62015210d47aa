"""Landkreis page, reports part: the Verwendungsnachweise of the shown year and the
Gesamtverwendungsnachweis PDF (built on the server, audited)."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks.common import figures, wire, wire_background
from callbacks.reports import REPORT_STEPS
from dashboard import pdf
from dashboard.auth.roles import PermissionDenied, Reader
from dashboard.background import report_progress
from dashboard.context import AppContext
from dashboard.identity import current_area_code, current_role, current_user_name
from dashboard.model.vocabulary import Role
from dashboard.pdf import ReportError
from dashboard.services.county import NoCountyData, reader_county
from dashboard.services.county_report import use_report
from data import audit
from data.db import read_session, transaction
from layouts import county_report as part
from layouts import ids
from layouts.components import form_feedback

MUNICIPALITY_REFUSED = ("Den Gesamtverwendungsnachweis erstellt der Landkreis; Ihre Gemeinde sieht ihren eigenen "
                        "Verwendungsnachweis auf dieser Seite.")


def _year(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) == 4 else None


def _own(rep, reader: Reader):
    """A Gemeinde's user sees its own Verwendungsnachweis only; everyone else the Kreis' list."""
    if reader.role != Role.municipality:
        return rep
    return replace(rep, rows=tuple(r for r in rep.rows if reader.area_code in (r.ags, f"ags-{r.ags}")))


def update_proofs(ctx: AppContext, year, kreis, _revision):
    """The shown Kreis' and year's Verwendungsnachweise (nothing before the page knows its year), through
    the figures cache (the Kreis' list; a Gemeinde's user gets its own row of it)."""
    if _year(year) is None:
        raise PreventUpdate
    reader = Reader(current_role(), current_area_code())
    with read_session(ctx.sessions) as session:
        try:
            county = reader_county(session, reader, kreis)
            return part.proofs(_own(figures(ctx, session, use_report, ctx.settings, _year(year), county), reader))
        except (NoCountyData, PermissionDenied):
            return []


def make_county_report(ctx: AppContext, _clicks, year, kreis):
    """Build the shown Kreis' Gesamtverwendungsnachweis of the shown year and audit it in one transaction
    (the Landkreis makes it: a Gemeinde's user is refused, a forged `kreis` too)."""
    reader = Reader(current_role(), current_area_code())
    try:
        if _year(year) is None:
            raise ReportError("Bitte zuerst ein Berechnungsjahr wählen.")
        if reader.role == Role.municipality:
            raise ReportError(MUNICIPALITY_REFUSED)
        report_progress(REPORT_STEPS[0])
        with transaction(ctx.sessions) as session:
            report = pdf.county_use_report(session, ctx.settings, _year(year), reader_county(session, reader, kreis))
            audit.record(session, current_user_name(), "report", report.filename, {"pages": report.pages})
    except (ReportError, PermissionDenied) as error:
        return no_update, form_feedback(str(error), title=None)
    return (dcc.send_bytes(report.content, report.filename),
            form_feedback(success=f"{report.filename} erstellt ({report.pages} Seiten)."))


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_proofs, Output(ids.COUNTY_PROOFS, "children"),
         Input(ids.COUNTY_YEAR, "value"), Input(ids.COUNTY_KREIS, "value"), Input(ids.COUNTY_REVISION, "data"))
    wire_background(app, ctx, make_county_report,
                    Output(ids.COUNTY_REPORT_DOWNLOAD, "data"), Output(ids.COUNTY_REPORT_MESSAGE, "children"),
                    Input(ids.COUNTY_REPORT_SUBMIT, "n_clicks"), State(ids.COUNTY_YEAR, "value"),
                    State(ids.COUNTY_KREIS, "value"), progress=Output(ids.COUNTY_REPORT_PROGRESS, "children"),
                    running=[(Output(ids.COUNTY_REPORT_SUBMIT, "disabled"), True, False),
                             (Output(ids.COUNTY_REPORT_PROGRESS, "hidden"), False, True)],
                    prevent_initial_call=True)
