"""Fallzahlen & Auslastung: caseload per team, Sozialraum and district against the staff ratio,
history, eligibility horizon, case age and Integrationsplan coverage. Filters live in the URL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.figures.caseload import AreaCounts, Caseload, WeightedCaseload
from dashboard.model.formatting import fmt_date, fmt_fte, fmt_int, fmt_number, fmt_pct
from dashboard.model.vocabulary import UNFUNDED_TEXT
from layouts import charts, ids
from layouts.components import (
    DROPDOWN_LABELS,
    GRAPH_CONFIG,
    DataTable,
    EmptyState,
    KpiCard,
    PageSync,
    Section,
    StatusBadge,
)
from layouts.overview import team_table
from layouts.paging import LazyRows, PagedTable
from layouts.presentation import Presentation, Slide

TITLE = "Fallzahlen & Auslastung"
PATH = "/fallzahlen"

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.CASELOAD_KPI_CASES,)),
    Slide("teams", "Teams: Fälle, Kapazität und Auslastung", (ids.CASELOAD_TEAM_TABLE,), rows="Teams"),
    Slide("gewichtet", "Gewichtete Fallbelastung", (ids.CASELOAD_WEIGHTED_TABLE,), rows="Teams"),
    Slide("sozialraeume", "je Sozialraum", (ids.CASELOAD_SOCIAL_AREA_TABLE,), rows="Sozialräume"),
    Slide("bezirke", "je Planungsbezirk", (ids.CASELOAD_DISTRICT_TABLE,), rows="Planungsbezirke"),
    Slide("verlauf", "Aktive Fälle und Kapazität je Monat", (ids.CASELOAD_HISTORY_CHART,)),
    Slide("zu-abgaenge", "Zugänge und Abgänge je Monat", (ids.CASELOAD_FLOW_CHART,)),
    Slide("foerderdauer", "Förderdauer endet", (ids.CASELOAD_HORIZON_CHART,)),
    Slide("fallalter", "Fallalter", (ids.CASELOAD_AGE_CHART,)),
), period_label="Stichtag", period_id=ids.CASELOAD_DATE)
PAGE = "caseload"


def layout(stichtag: str | None = None, team: str | None = None, sozialraum: str | None = None,  # noqa: ARG001
           basis: str | None = None, **_query) -> html.Div:
    return html.Div([
        html.H1(TITLE, className="page-title"),
        html.Div("aktive Fälle im Integrationsmanagement gegen den Personalschlüssel",
                 className="page-subtitle mb-3"),
        dbc.Row([
            dbc.Col([dbc.Label("Stichtag", html_for=ids.CASELOAD_DATE, className="filter-label"),
                     dcc.DatePickerSingle(id=ids.CASELOAD_DATE, date=stichtag, display_format="DD.MM.YYYY",
                                          first_day_of_week=1, clearable=False)], md=3),
            dbc.Col([dbc.Label("Team / Träger", html_for=ids.CASELOAD_TEAM, className="filter-label"),
                     dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.CASELOAD_TEAM, placeholder="alle Teams",
                                  searchable=False)], md=3),
            dbc.Col([dbc.Label("Sozialraum", html_for=ids.CASELOAD_SOCIAL_AREA, className="filter-label"),
                     dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.CASELOAD_SOCIAL_AREA, placeholder="alle Sozialräume",
                                  searchable=False)], md=3),
            dbc.Col([dbc.Label("Kapazität aus", className="filter-label"),
                     dbc.RadioItems(id=ids.CASELOAD_BASIS, value=basis or "filled", inline=True,
                                    options=[{"label": "besetzten VZÄ", "value": "filled"},
                                             {"label": "Soll-VZÄ", "value": "planned"}])], md=3),
        ], className="g-3 mb-3 filter-row"),
        PageSync(ids.CASELOAD_LOCATION, ids.CASELOAD_REVISION, ids.CASELOAD_REFRESH),
        html.Div(id=ids.CASELOAD_MESSAGE),
        dcc.Loading(html.Div(id=ids.CASELOAD_CONTENT), delay_show=400, type="dot"),
    ])


# The Sozialraum filter narrows the area tables only (reporting.caseload.caseload explains why).
SOCIAL_AREA_SCOPE_NOTE = ("Der Sozialraum-Filter gilt für die Tabellen je Sozialraum und Planungsbezirk. "
                          "Integrationspläne, Förderdauer, Fallalter und der Verlauf zeigen das gewählte Team "
                          "bzw. die ganze Stadt: Zeitreihen und Verteilungen einzelner Sozialräume würden "
                          "kleine Fallzahlen errechenbar machen (Datenschutz).")


def content(fig: Caseload, query: Mapping[str, str] | None = None) -> list:
    """The Fallzahlen figures; `query`: the URL (its table pages, layouts.paging)."""
    ratio = fig.staff_ratio
    day = fig.as_of
    released = sum(h.total for h in fig.horizon)
    plan = fig.plan
    scoped = bool(fig.filters.social_area)
    kpis = dbc.Row([
        dbc.Col(KpiCard("Aktive Fälle", _cell(fig.active_cases),
                        f"Stichtag {fmt_date(day)}" + (" · im gewählten Sozialraum" if scoped else ""),
                        value_id=ids.CASELOAD_KPI_CASES)),
        dbc.Col(KpiCard("mit Integrationsplan", fmt_pct(plan.share_pct),
                        f"{fmt_int(plan.with_plan)} von {fmt_int(plan.active)} aktiven Fällen",
                        value_id=ids.CASELOAD_KPI_PLAN)),
        dbc.Col(KpiCard("Fälle an der Förderdauer-Grenze (12 Monate)", fmt_int(released),
                        "wird als Kapazität frei" + (f"; {fmt_int(fig.overdue)} schon {UNFUNDED_TEXT} (über der Förderdauer)"
                                                     if fig.overdue else ""),
                        value_id=ids.CASELOAD_KPI_RELEASED)),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-3")
    if scoped:
        kpis = html.Div([kpis, html.P(SOCIAL_AREA_SCOPE_NOTE, className="text-body-secondary",
                                      id=ids.CASELOAD_SCOPE_NOTE)])
    teams = (Section("Teams: Fälle, Kapazität und Auslastung",
                     team_table(fig.teams, ratio, ids.CASELOAD_TEAM_TABLE, page_name=PAGE, query=query),
                     subtitle=f"Auslastung immer für das ganze Team (Kapazität = VZÄ × {ratio})",
                     download=(PAGE, "teams"))
             if fig.teams else EmptyState("Keine Teams für diese Auswahl."))
    if fig.weighted.enabled:
        teams = html.Div([teams, html.Div(weighted_table(fig.weighted), className="mt-3")])
    legend = html.Div(f"× = ausgeblendet: 1–{fmt_int(fig.threshold - 1)} Fälle, oder ausgeblendet, damit kleine "
                      "Zahlen nicht aus den Summen errechnet werden können (Datenschutz)",
                      className="suppression-legend")
    areas = dbc.Row([
        dbc.Col(Section("je Sozialraum", [_count_table(fig.social_areas, fig.team_columns, "Sozialraum",
                                                       ids.CASELOAD_SOCIAL_AREA_TABLE, query, "social_areas"), legend],
                        download=(PAGE, "social_areas")), xxl=5),
        dbc.Col(Section("je Planungsbezirk", [_count_table(fig.districts, fig.team_columns, "Bezirk",
                                                           ids.CASELOAD_DISTRICT_TABLE, query, "districts"), legend],
                        download=(PAGE, "districts")), xxl=7),
    ], className="g-3 mb-3")
    history = dbc.Row([
        dbc.Col(Section("Aktive Fälle und Kapazität je Monat",
                        dcc.Graph(id=ids.CASELOAD_HISTORY_CHART, config=GRAPH_CONFIG,
                                  figure=charts.caseload_history(fig.history, ratio)),
                        download=(PAGE, "history")), xl=6),
        dbc.Col(Section("Zugänge und Abgänge je Monat",
                        dcc.Graph(id=ids.CASELOAD_FLOW_CHART, config=GRAPH_CONFIG,
                                  figure=charts.caseload_flows(fig.history)),
                        download=(PAGE, "history")), xl=6),
    ], className="g-3 mb-3")
    horizon = dbc.Row([
        dbc.Col(Section("Förderdauer endet (nächste 12 Monate)",
                        dcc.Graph(id=ids.CASELOAD_HORIZON_CHART, config=GRAPH_CONFIG,
                                  figure=charts.eligibility_horizon(fig.horizon)),
                        subtitle="3 Jahre ab Zuweisung in die Anschlussunterbringung, 4 Jahre mit Verlängerung",
                        download=(PAGE, "horizon")), xl=6),
        dbc.Col(Section("Fallalter", dcc.Graph(id=ids.CASELOAD_AGE_CHART, config=GRAPH_CONFIG,
                                               figure=charts.age_distribution(fig.ages)),
                        download=(PAGE, "ages")), xl=6),
    ], className="g-3 mb-3")
    return [kpis, html.Div(teams, className="mb-3"), areas, history, horizon]


def weighted_table(weighted: WeightedCaseload) -> dbc.Card:
    """Teams by case points (the weighted-caseload setting) against the points their VZÄ carry."""
    per_fte = fmt_number(weighted.points_per_fte, 1)
    rows = [[t.team, fmt_int(t.cases), fmt_number(t.points, 1), fmt_fte(t.fte),
             fmt_number(t.capacity, 1),
             "–" if t.utilisation_pct is None else fmt_pct(t.utilisation_pct), StatusBadge(t.status)]
            for t in weighted.teams]
    weights = ", ".join(f"{c} = {fmt_number(w, 1)}" for c, w in weighted.weights.items())
    return Section("Gewichtete Fallbelastung", DataTable(
        ["Team", "Aktive Fälle", "Punkte", "VZÄ", f"Punktebudget ({per_fte} je VZÄ)", "Auslastung", "Status"],
        rows, table_id=ids.CASELOAD_WEIGHTED_TABLE, numeric={1, 2, 3, 4, 5}),
        subtitle=f"Gewichte je Fallkategorie: {weights}; Fälle ohne aufgeführte Kategorie zählen 1",
        download=(PAGE, "weighted"))


MAX_TEAM_COLUMNS = 12  # more teams (a Landkreis or the Land): one column listing each row's teams
TEAMS_COLUMN = "Teams (aktive Fälle)"


def _count_table(rows: Sequence[AreaCounts], columns: Sequence[str], first: str, table_id: str,
                 query: Mapping[str, str] | None, table: str):
    if not rows:
        return EmptyState("Keine aktiven Fälle mit Bezirk für diese Auswahl.")
    if len(columns) > MAX_TEAM_COLUMNS:  # a column per team would be 180 columns of mostly zeros
        header = [first, TEAMS_COLUMN, "Gesamt"]

        def render(r: AreaCounts) -> list:
            teams = " · ".join(f"{c} {_cell(r.counts[c])}" for c in columns if r.counts.get(c, 0) != 0)
            return [r.label, teams or "–", _cell(r.counts["Gesamt"])]
        numeric = {2}
    else:
        header = [first, *columns, "Gesamt"]

        def render(r: AreaCounts) -> list:
            return [r.label, *[_cell(r.counts.get(c, 0)) for c in columns], _cell(r.counts["Gesamt"])]
        numeric = set(range(1, len(header)))
    return PagedTable(header, LazyRows(rows, render), table_id=table_id, page_name=PAGE, table=table, query=query,
                      noun="Sozialräume" if table == "social_areas" else "Bezirke", numeric=numeric)


def _cell(value):
    return value if isinstance(value, str) else fmt_int(value)
