"""Übersicht: the page a steering meeting opens with (IM caseload against 1:90, VZÄ, Projektmittel,
volunteering). `layout` builds the frame; `content` renders the figures from `services.overview`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.figures.overview import (
    FundsSummary,
    Overview,
    StaffingLine,
    TeamFigures,
    VolunteeringSummary,
)
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_int, fmt_number, fmt_pct
from dashboard.model.vocabulary import FTE_MISSING
from layouts import charts, ids
from layouts.components import DataTable, EmptyState, KpiCard, PageSync, Section, StatusBadge, graph_config
from layouts.paging import PagedTable
from layouts.presentation import Presentation, Slide

TITLE = "Übersicht"
PATH = "/"

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.OVERVIEW_KPI_CASES,)),
    Slide("auslastung", "Auslastung je Team", (ids.OVERVIEW_TEAM_CHART,)),
    Slide("teams", "Teams im Integrationsmanagement", (ids.OVERVIEW_TEAM_TABLE,), rows="Teams"),
    Slide("vzae", "VZÄ je Träger", (ids.OVERVIEW_STAFFING_TABLE,), rows="Träger"),
    Slide("mittel-ehrenamt", "Projektmittel und Ehrenamt", (ids.OVERVIEW_FUNDS, ids.OVERVIEW_VOLUNTEERING)),
), period_label="Stichtag", period_id=ids.OVERVIEW_DATE)


def layout(stichtag: str | None = None, **_query) -> html.Div:
    return html.Div([
        dbc.Row([
            dbc.Col([
                html.H1("Übersicht Integrationsmanagement", className="page-title"),
                html.Div("Fallzahlen gegen den Personalschlüssel, Personal, Projektmittel und Ehrenamt",
                         className="page-subtitle"),
            ], md=8),
            dbc.Col([
                dbc.Label("Stichtag", html_for=ids.OVERVIEW_DATE, className="filter-label"),
                html.Div(dcc.DatePickerSingle(id=ids.OVERVIEW_DATE, date=stichtag, display_format="DD.MM.YYYY",
                                              first_day_of_week=1, placeholder="TT.MM.JJJJ",
                                              clearable=False), className="date-filter"),
            ], md=4, className="text-md-end"),
        ], className="align-items-end mb-3"),
        PageSync(ids.OVERVIEW_LOCATION, ids.OVERVIEW_REVISION, ids.OVERVIEW_REFRESH),
        html.Div(id=ids.OVERVIEW_MESSAGE),
        dcc.Loading(html.Div(id=ids.OVERVIEW_CONTENT), delay_show=400, type="dot"),
    ])


def content(fig: Overview, query: Mapping[str, str] | None = None) -> list:
    """Render the overview figures (from `dashboard.services.overview`); `query`: the URL's table pages."""
    im = fig.im
    ratio = fig.staff_ratio
    day = fig.as_of
    kpis = dbc.Row([
        dbc.Col(KpiCard("Aktive Fälle (IM)", fmt_int(im.cases), f"Stichtag {fmt_date(day)}",
                        value_id=ids.OVERVIEW_KPI_CASES)),
        dbc.Col(KpiCard(f"Kapazität bei 1:{ratio}", fmt_int(im.capacity),
                        f"{fmt_fte(im.fte)} VZÄ besetzt × {ratio}", value_id=ids.OVERVIEW_KPI_CAPACITY)),
        dbc.Col(KpiCard("Fälle je VZÄ", fmt_number(im.cases_per_fte, 1), f"Norm: {ratio} je VZÄ",
                        value_id=ids.OVERVIEW_KPI_CASES_PER_FTE)),
        dbc.Col(KpiCard("Auslastung", fmt_pct(im.utilisation_pct), f"100 % = 1:{ratio}",
                        value_id=ids.OVERVIEW_KPI_UTILISATION, badge=StatusBadge(im.status))),
        dbc.Col(KpiCard(f"VZÄ-Bedarf für 1:{ratio}", fmt_fte(im.fte_needed), _gap_text(im.fte_gap),
                        value_id=ids.OVERVIEW_KPI_FTE_NEEDED)),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-3 row-cols-xl-5")

    if fig.teams:
        teams = dbc.Row([
            dbc.Col(Section("Auslastung je Team", dcc.Graph(
                id=ids.OVERVIEW_TEAM_CHART, figure=charts.team_utilisation(fig.teams, ratio),
                config=graph_config("auslastung-je-team")),
                subtitle="aktive Fälle je Kapazität (besetzte IM-VZÄ × Personalschlüssel)"), xxl=5),
            dbc.Col(Section("Teams im Integrationsmanagement", team_table(fig.teams, ratio, query=query),
                            download=("overview", "teams")), xxl=7),
        ], className="g-3 mb-3")
    else:
        teams = EmptyState("Für diesen Stichtag gibt es keine Teams mit IM-Stellen oder Fällen.",
                           "Bitte einen anderen Stichtag wählen oder Daten importieren.")

    resources = dbc.Row([
        dbc.Col(Section("VZÄ je Träger", _staffing_table(fig.staffing),
                        subtitle="alle Programme und Finanzierungen, Soll und besetzt",
                        download=("overview", "staffing")), lg=5),
        dbc.Col(Section(f"Projektmittel {fig.funds.year}", _funds(fig.funds)), lg=4),
        dbc.Col(Section("Ehrenamt", _volunteering(fig.volunteering)), lg=3),
    ], className="g-3 mb-3")
    return [kpis, teams, resources]


def _gap_text(gap: float) -> str:
    if gap > 0.005:
        return f"{fmt_fte(round(gap, 2))} {FTE_MISSING}"  # the one term of every page and the PDF
    if gap < -0.005:
        return f"Reserve {fmt_fte(round(-gap, 2))} VZÄ"
    return "Bedarf gedeckt"


def team_table(teams: Sequence[TeamFigures], ratio: int, table_id: str = ids.OVERVIEW_TEAM_TABLE, *,
               page_name: str = "overview", query: Mapping[str, str] | None = None):
    """The teams' load, one page at a time (a Land-wide installation has 180 teams; layouts.paging)."""
    header = ["Team", "Aktive Fälle", "VZÄ", f"Kapazität 1:{ratio}", "Fälle je VZÄ", "Auslastung",
              "Status", "VZÄ-Bedarf"]
    rows = [[t.team, fmt_int(t.cases), fmt_fte(t.fte), fmt_int(t.capacity),
             fmt_number(t.cases_per_fte, 1), fmt_pct(t.utilisation_pct), StatusBadge(t.status),
             fmt_fte(t.fte_needed)] for t in teams]
    return PagedTable(header, rows, table_id=table_id, page_name=page_name, table="teams", query=query, noun="Teams",
                      numeric={1, 2, 3, 4, 5, 7})


def _staffing_table(staffing: Sequence[StaffingLine]):
    if not staffing:
        return EmptyState("Keine Stellen zum Stichtag erfasst.")
    rows = [[s.provider, fmt_fte(s.planned), fmt_fte(s.filled),
             html.Span(f"▼ {fmt_fte(s.vacant)} offen", className="vacancy") if s.vacant > 0 else "–"]
            for s in staffing]
    footer = ["Summe", fmt_fte(sum(s.planned for s in staffing)),
              fmt_fte(sum(s.filled for s in staffing)),
              fmt_fte(sum(s.vacant for s in staffing)) + " offen"]
    return DataTable(["Träger", "VZÄ Soll", "VZÄ besetzt", "unbesetzt"], rows,
                     table_id=ids.OVERVIEW_STAFFING_TABLE, numeric={1, 2, 3}, footer=footer)


def _funds(funds: FundsSummary):
    per_provider = [html.Li([html.Span(f.provider), html.Strong(fmt_eur(f.remaining))],
                            className="d-flex justify-content-between") for f in funds.by_provider]
    return html.Div([
        html.Div("verbleibend", className="kpi-title"),
        html.Div(fmt_eur(funds.remaining), className="kpi-value", id=ids.OVERVIEW_FUNDS),
        html.Div(f"von {fmt_eur(funds.allocated)} zugewiesen (Jahresbudget {fmt_eur(funds.budget)})",
                 className="kpi-detail mb-2"),
        html.Ul(per_provider, className="list-unstyled funds-list"),
    ])


def _volunteering(vol: VolunteeringSummary):
    return html.Div([
        html.Div("Projekte", className="kpi-title"),
        html.Div(fmt_int(vol.projects), className="kpi-value", id=ids.OVERVIEW_VOLUNTEERING),
        html.Div(f"in {fmt_int(vol.topics)} Themenfeldern", className="kpi-detail mb-2"),
        html.Div("Ehrenamtliche", className="kpi-title"),
        html.Div(fmt_int(vol.volunteers), className="kpi-value"),
    ])
