"""Verbund page, billing part: the comparison Eigenregie / Verbund / Landkreis for one Gemeinde, the
invoice list with status (icon + text + colour) and the lead Gemeinde's controls (make drafts, move
an invoice's status) and the invoice PDF. Renders `dashboard.services.verbund` figures.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.formatting import fmt_date, fmt_eur, fmt_number
from dashboard.model.verbund_compare import POINTS, compare
from dashboard.model.vocabulary import INVOICE_STATUS_COLOUR, INVOICE_STATUS_TEXT, InvoiceStatus
from layouts import ids
from layouts.components import DROPDOWN_LABELS, DataTable, EmptyState, FormField, Section

STATUS_BUTTON = "Status ändern"
CREATE_BUTTON = "Rechnungen für gebuchte Quartale entwerfen"
PDF_BUTTON = "Rechnung als PDF"
LEAD_ONLY = "Rechnungen stellt und ändert nur die federführende Gemeinde; Sie sehen die Liste."


def frame() -> list:
    """The static controls (their callbacks need them on every visit); offered per role by `controls`."""
    return [html.Div([
        html.Div(id=ids.VERBUND_INVOICES, className="mt-3"),
        dbc.Card(dbc.CardBody([
            html.H2("Rechnung bearbeiten", className="section-title"),
            dbc.Row([
                FormField("Rechnung", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_INVOICE, clearable=False),
                          ids.VERBUND_INVOICE, md=5),
                FormField("Neuer Status", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_STATUS, clearable=False,
                                                       searchable=False,
                                                       options=[{"label": INVOICE_STATUS_TEXT[s], "value": s.value}
                                                                for s in (InvoiceStatus.issued, InvoiceStatus.paid)]),
                          ids.VERBUND_STATUS, md=3),
            ], className="g-3 align-items-end"),
            html.Div([
                dbc.Button(STATUS_BUTTON, id=ids.VERBUND_STATUS_SUBMIT, color="primary"),
                dbc.Button(CREATE_BUTTON, id=ids.VERBUND_CREATE_SUBMIT, color="secondary"),
                dbc.Button(PDF_BUTTON, id=ids.VERBUND_PDF_SUBMIT, color="primary", outline=True),
                dcc.Loading(dcc.Download(id=ids.VERBUND_PDF_DOWNLOAD), type="dot"),
            ], className="d-flex flex-wrap gap-2 mt-3"),
            html.Div(id=ids.VERBUND_ACTION_MESSAGE, className="mt-2"),
        ]), className="section-card mt-3"),
    ])]


def invoice_options(view) -> list[dict]:
    return [{"label": f"{i.number} · {i.gemeinde} · {INVOICE_STATUS_TEXT[i.status]}", "value": i.id}
            for i in view.invoices]


def status_badge(status: InvoiceStatus, day=None) -> html.Span:
    since = f" am {fmt_date(day)}" if day else ""
    return html.Span(INVOICE_STATUS_TEXT[status], className=f"badge text-bg-{INVOICE_STATUS_COLOUR[status]}",
                     title=f"Rechnung: {INVOICE_STATUS_TEXT[status]}{since}")


def invoices(view) -> list:
    """The invoice list of agreement `view` and, for the lead Gemeinde's users, the hint what comes next."""
    if not view.invoices:
        return [EmptyState("Für diesen Verbund gibt es noch keine Rechnungen.",
                           "Die federführende Gemeinde entwirft sie für jedes gebuchte, abgelaufene Quartal.")]
    rows = [[i.number, i.gemeinde,
             fmt_number(i.hours, 1) + (" ▼" if i.hours < i.minimum_hours else ""),
             fmt_eur(i.gross), fmt_eur(i.land_share) + ("*" if i.land_share_assumed else ""), fmt_eur(i.payable),
             status_badge(i.status, i.paid_on or i.issued_on)] for i in view.invoices]
    table = DataTable(["Nr.", "Gemeinde", "Stunden", "Brutto", "Landesanteil", "Zahlbetrag", "Status"], rows,
                      table_id=ids.VERBUND_INVOICES_TABLE, numeric={2, 3, 4, 5})
    return [Section(f"Rechnungen: {view.name}", [
        table,
        html.P("Netto, Umsatzsteuer, Daten und Stundensatz: in der Rechnung (PDF) und im Download · "
               f"▼ = unter Mindeststunden · * Landesanteil angenommen (keine Landesmittel bzw. keine vollständige "
               f"Erhebung für das Jahr erfasst) · Stundensatz {fmt_eur(view.basis.hourly_rate)}", className="small mb-0"),
        None if view.may_bill else html.P(["ℹ ", LEAD_ONLY], className="edit-refusal text-body-secondary mb-0 mt-2"),
    ], subtitle="entworfen → gestellt → bezahlt; ändern darf nur die federführende Gemeinde",
        download=("verbund", "invoices"))]


def compare_section(view, ags: str | None, min_post_fte) -> html.Div:
    """Eigenregie / Verbund / Landkreis for one member Gemeinde in the year of the Eigenregie check."""
    member = next((m for m in view.members if m.ags == ags), view.members[0] if view.members else None)
    if member is None:
        return Section("Vergleich", EmptyState("Dieser Verbund hat keine Mitglieder, die Sie sehen dürfen."))
    year = next((y for y in view.years if y.gemeinde == member.name and y.year == view.check_year), None)
    share = year.land_share if year else 0
    cost = year.cost if year else 0
    options = compare(share, view.basis, min_post_fte, cost, member.min_hours_per_week)
    rows = [
        ["Geld ein (Landesanteil)", *(fmt_eur(o.money_in) for o in options)],
        ["Geld aus", *(fmt_eur(o.money_out) for o in options)],
        ["Eigenanteil der Gemeinde", *(fmt_eur(o.own_budget) for o in options)],
        ["Stunden IM vor Ort je Woche", *(f"{fmt_number(o.hours_per_week, 1)} Std." if o.hours_per_week is not None
                                         else "nach Einsatzplan des Landkreises" for o in options)],
        ["Geld aus besteht aus", *(o.how for o in options)],
    ]
    header = [f"{member.name} {view.check_year}", *(o.title for o in options)]
    table = DataTable(header, rows, table_id=ids.VERBUND_COMPARE, numeric=set())
    points = DataTable(["Punkt", "Eigenregie", "Verbund", "beim Landkreis"],
                       [[p.topic, p.eigenregie, p.verbund, p.landkreis] for p in POINTS], table_id=ids.VERBUND_POINTS)
    return html.Div([Section(f"Eigenregie, Verbund oder Landkreis: {member.name}", table,
                   subtitle=f"Eigenregie: eigene Stelle von {fmt_number(min_post_fte * 100, 0)} % zu den Jahreskosten "
                            f"des Verbunds ({fmt_eur(view.basis.annual_cost, cents=False)} je VZÄ); Verbund: die "
                            "Rechnungen des Jahres; Landkreis: der Anteil bleibt beim Kreis (Beschlussvorlage "
                            "Cleebronn 32/2024)"),
        html.Div(Section("Was der Gemeinderat abwägt", points, subtitle="Punkte der Beschlussvorlage Cleebronn "
                         "32/2024 und der Aufstellung des Landratsamts"), className="mt-3")])
