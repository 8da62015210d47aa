"""Landkreis page, reports part: the Gemeinden's Verwendungsnachweise of the chosen year (status as
icon + text + colour) and the button for the Gesamtverwendungsnachweis PDF. Renders
`dashboard.model.figures.county_report.UseReport`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.formatting import fmt_date, fmt_eur, fmt_int
from dashboard.model.vocabulary import PROOF_STATUS_COLOUR, PROOF_STATUS_TEXT
from layouts import ids
from layouts.components import DataTable, EmptyState, Section

REPORT_BUTTON = "Gesamtverwendungsnachweis als PDF"


def frame() -> list:
    """The static part: the proofs' place and the PDF button with its download and message."""
    return [
        html.Div(id=ids.COUNTY_PROOFS, className="mt-3"),
        html.Div([
            dbc.Button(REPORT_BUTTON, id=ids.COUNTY_REPORT_SUBMIT, color="primary"),
            dcc.Loading(dcc.Download(id=ids.COUNTY_REPORT_DOWNLOAD), type="dot"),
            html.Div(id=ids.COUNTY_REPORT_PROGRESS, role="status", hidden=True, className="form-info mt-2"),
            html.Div(id=ids.COUNTY_REPORT_MESSAGE, className="mt-2"),
        ], className="mt-3"),
    ]


def status_badge(status: str) -> html.Span:
    return html.Span(PROOF_STATUS_TEXT[status], className=f"badge text-bg-{PROOF_STATUS_COLOUR[status]}",
                     title=f"Verwendungsnachweis: {PROOF_STATUS_TEXT[status]}")


def proofs(rep) -> list:
    """The table of the Gemeinden that got their share passed on (A, B, Verbund) and owe a proof."""
    due = [r for r in rep.rows if r.passed_on]
    if not due:
        return [EmptyState(f"{rep.year}: keine Gemeinde erhält weitergeleitete Mittel, es sind keine "
                           "Verwendungsnachweise fällig.")]
    rows = [[f"{r.name} ({r.mode_short})", fmt_eur(r.amount), status_badge(r.proof_status),
             fmt_date(r.proof.received_on) if r.proof and r.proof.received_on else "–",
             fmt_eur(r.proof.amount_spent) if r.proof and r.proof.amount_spent is not None else "–",
             (r.proof.note or "–") if r.proof else "–"] for r in due]
    table = DataTable(["Gemeinde (IM durch)", "weitergeleitet", "Status", "eingegangen am", "verwendet laut Nachweis",
                       "Vermerk"], rows, table_id=ids.COUNTY_PROOFS_TABLE, numeric={1, 4})
    return [Section(f"Verwendungsnachweise der Gemeinden für {rep.year}", table,
                    subtitle=f"{fmt_int(rep.received)} eingegangen, {fmt_int(rep.missing)} fehlen · weitergeleitet "
                             "werden die Anteile bei A, B und Verbund; bei C bleibt der Anteil beim Kreis")]
