"""Ehrenamt: which of the nine topics each Sozialraum offers (coverage matrix with gaps marked), the
project list with site, Träger and volunteers, the volunteers' age structure, the volunteers over
time, and a form to add or change a project. `layout` builds the frame; `kpis`, `matrix` and
`content` render the typed figures (`dashboard.model.figures.volunteering.VolunteeringFigures`) that
`dashboard.services.volunteering.volunteering` returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.figures.volunteering import (
    AgeBand,
    CoverageCell,
    District,
    HistoryPoint,
    ProjectChoice,
    ProviderChoice,
    VolunteeringFigures,
)
from dashboard.model.formatting import fmt_date, fmt_int, fmt_pct
from dashboard.model.volunteering import AGE_BANDS, CITYWIDE, TOPIC_TEXT
from layouts import charts, ids
from layouts.components import (
    PROVIDER_COLORS,
    EditArea,
    EmptyState,
    FormField,
    KpiCard,
    PageSync,
    Section,
    graph_config,
)
from layouts.paging import PagedTable, page_of, pager
from layouts.presentation import Presentation, Slide

TITLE = "Ehrenamt"
PATH = "/ehrenamt"

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.VOLUNTEERING_KPI_PROJECTS,)),
    Slide("abdeckung", "Abdeckung nach Thema und Sozialraum", (ids.VOLUNTEERING_COVERAGE_TABLE,), rows="Themen"),
    Slide("projekte", "Projekte", (ids.VOLUNTEERING_PROJECTS_TABLE,), rows="Projekte"),
    Slide("alter", "Altersstruktur", (ids.VOLUNTEERING_AGES_CHART,)),
    Slide("verlauf", "Ehrenamtliche im Zeitverlauf", (ids.VOLUNTEERING_HISTORY_CHART,)),
), period_label="Stichtag", period_id=ids.VOLUNTEERING_DATE)
PAGE = "volunteering"
NEW = "new"
GAP_TEXT = "✖ Lücke"
AREA_COLUMNS = 12  # Sozialräume per page of the coverage matrix
BAND_IDS = (ids.VOLUNTEERING_EDIT_BAND_18_29, ids.VOLUNTEERING_EDIT_BAND_30_49,
            ids.VOLUNTEERING_EDIT_BAND_50_64, ids.VOLUNTEERING_EDIT_BAND_65_PLUS)


def layout(stichtag: str | None = None, access: FormAccess = FormAccess(), **_query) -> html.Div:
    return html.Div([
        dbc.Row([
            dbc.Col([
                html.H1(TITLE, className="page-title"),
                html.Div("Ehrenamtsprojekte nach Thema und Sozialraum – Lücken, Projekte, Altersstruktur "
                         "und Verlauf", className="page-subtitle"),
            ], md=8),
            dbc.Col([
                dbc.Label("Stichtag", html_for=ids.VOLUNTEERING_DATE, className="filter-label"),
                html.Div(dcc.DatePickerSingle(id=ids.VOLUNTEERING_DATE, date=stichtag, display_format="DD.MM.YYYY",
                                              first_day_of_week=1, placeholder="TT.MM.JJJJ", clearable=False),
                         className="date-filter"),
            ], md=4, className="text-md-end"),
        ], className="align-items-end mb-3"),
        PageSync(ids.VOLUNTEERING_LOCATION, ids.VOLUNTEERING_REVISION, ids.VOLUNTEERING_REFRESH),
        html.Div(id=ids.VOLUNTEERING_MESSAGE),
        html.Div(id=ids.VOLUNTEERING_KPIS),
        dbc.Row([
            dbc.Col(dcc.Loading(html.Div(id=ids.VOLUNTEERING_MATRIX, className="h-100"), delay_show=400,
                                type="dot", parent_className="h-100"), xxl=8),
            dbc.Col(edit_form(access), xxl=4),
        ], className="g-3 mb-3"),
        dcc.Loading(html.Div(id=ids.VOLUNTEERING_CONTENT), delay_show=400, type="dot"),
    ], className="volunteering-page")


# --- the form ----------------------------------------------------------------------------------



def _text(field_id: str, placeholder: str, max_length: int = 200) -> dbc.Input:
    return dbc.Input(id=field_id, type="text", maxLength=max_length, placeholder=placeholder, autoComplete="off")


def edit_form(access: FormAccess = FormAccess()) -> dbc.Card:
    """Add a project or change one; an ended project gets an "aktiv bis" date (never deleted)."""
    bands = dbc.Row([
        dbc.Col(FormField(label.replace(" Jahre", "").replace(" und älter", "+"),
                       dbc.Input(id=band_id, type="text", inputMode="numeric", placeholder="0", autoComplete="off"),
                       band_id), xs=3)
        for band_id, (_, label) in zip(BAND_IDS, AGE_BANDS)
    ], className="g-2")
    return Section("Projekt ändern oder anlegen", EditArea([
        FormField("Projekt", dbc.Select(id=ids.VOLUNTEERING_EDIT_PROJECT, placeholder="Projekt auswählen …",
                                     options=[{"label": "Neues Projekt anlegen …", "value": NEW}]),
               ids.VOLUNTEERING_EDIT_PROJECT),
        FormField("Name", _text(ids.VOLUNTEERING_EDIT_NAME, "z. B. Sprachcafé Böckingen"), ids.VOLUNTEERING_EDIT_NAME),
        dbc.Row([
            dbc.Col(FormField("Thema", dbc.Select(id=ids.VOLUNTEERING_EDIT_TOPIC, placeholder="Thema wählen …",
                                               options=[{"label": t, "value": k} for k, t in TOPIC_TEXT.items()]),
                           ids.VOLUNTEERING_EDIT_TOPIC), sm=7),
            dbc.Col(FormField("Träger", dbc.Select(id=ids.VOLUNTEERING_EDIT_PROVIDER, options=[],
                                                placeholder="Träger wählen …"),
                           ids.VOLUNTEERING_EDIT_PROVIDER), sm=5),
        ], className="g-2"),
        FormField("Stadtteil", dbc.Select(id=ids.VOLUNTEERING_EDIT_DISTRICT, options=[],
                                       placeholder="Stadtteil wählen …"),
               ids.VOLUNTEERING_EDIT_DISTRICT, "bestimmt den Sozialraum in der Abdeckung"),
        FormField("Ort", _text(ids.VOLUNTEERING_EDIT_SITE, "optional, z. B. Stadtbibliothek"),
               ids.VOLUNTEERING_EDIT_SITE),
        html.Div("Ehrenamtliche nach Alter (Anzahl; nur Zahlen, keine Namen)", className="form-label-strong"),
        bands,
        dbc.Row([
            dbc.Col(FormField("Aktiv seit", _text(ids.VOLUNTEERING_EDIT_FROM, "TT.MM.JJJJ", 10),
                           ids.VOLUNTEERING_EDIT_FROM), xs=6),
            dbc.Col(FormField("Aktiv bis", _text(ids.VOLUNTEERING_EDIT_TO, "TT.MM.JJJJ", 10),
                           ids.VOLUNTEERING_EDIT_TO, "leer: läuft weiter"), xs=6),
        ], className="g-2"),
        html.Div(id=ids.VOLUNTEERING_EDIT_INFO, className="form-info mb-2"),
        dbc.Button("Speichern", id=ids.VOLUNTEERING_EDIT_SAVE, color="primary", className="save-button"),
        html.Div(id=ids.VOLUNTEERING_EDIT_RESULT, className="mt-3", role="status", **{"aria-live": "polite"}),
    ], offered=access.edits, refusal=access.refusal("Projekte ändern")),
        subtitle="jede Änderung wird sofort gespeichert, mit Ihrem Namen")


def project_options(projects: Sequence[ProjectChoice]) -> list[dict]:
    def label(p):
        note = " (beendet)" if p.ended else " (beginnt später)" if p.future else ""
        return p.name + note
    return [{"label": label(p), "value": str(p.project_id)} for p in projects] + [
        {"label": "Neues Projekt anlegen …", "value": NEW}]


def provider_options(providers: Sequence[ProviderChoice]) -> list[dict]:
    return [{"label": p.provider, "value": str(p.provider_id)} for p in providers]


def district_options(districts: Sequence[District]) -> list[dict]:
    return [{"label": f"{d.district} ({d.social_area})", "value": str(d.district_id)}
            for d in districts] + [{"label": "stadtweit (ohne Stadtteil)", "value": CITYWIDE}]


def form_values(values: dict | None, default_from: dt.date | None = None) -> dict:
    """What the form shows for a selected project (the dict from `data.projects.project_values`)."""
    if values is None:
        return {"name": "", "topic": None, "provider": None, "district": None, "site": "",
                "bands": ["", "", "", ""], "from": fmt_date(default_from) if default_from else "", "to": "",
                "info": "Neues Projekt: es gilt ab „Aktiv seit“."}
    changed = values.get("updated_by")
    return {
        "name": values["name"], "topic": values["topic"], "provider": str(values["provider_id"]),
        "district": str(values["district_id"]) if values["district_id"] else CITYWIDE,
        "site": values["site"] or "", "bands": [str(b) for b in values["bands"]],
        "from": fmt_date(values["active_from"]),
        "to": fmt_date(values["active_to"]) if values["active_to"] else "",
        "info": f"{sum(values['bands'])} Ehrenamtliche" + (f" · zuletzt geändert von {changed}" if changed else ""),
    }


# --- figures -----------------------------------------------------------------------------------

def kpis(fig: VolunteeringFigures) -> dbc.Row:
    gaps = len(fig.gaps)
    areas = len(fig.social_areas)
    return dbc.Row([
        dbc.Col(KpiCard("Aktive Projekte", fmt_int(len(fig.projects)),
                        f"am {fmt_date(fig.as_of)}",
                        value_id=ids.VOLUNTEERING_KPI_PROJECTS)),
        dbc.Col(KpiCard("Ehrenamtliche", fmt_int(fig.volunteers), "in den aktiven Projekten",
                        value_id=ids.VOLUNTEERING_KPI_VOLUNTEERS)),
        dbc.Col(KpiCard("Themen mit Angebot", f"{fig.topics_covered} von {fig.topics}",
                        "mindestens ein Projekt in der Stadt", value_id=ids.VOLUNTEERING_KPI_TOPICS)),
        dbc.Col(KpiCard("Lücken", f"{gaps} von {fig.cells}",
                        f"Thema × Sozialraum ohne Projekt ({fig.topics} Themen × {areas} Sozialräume)",
                        value_id=ids.VOLUNTEERING_KPI_GAPS)),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-2 row-cols-xl-4")


def _cell(cell: CoverageCell):
    if cell.gap:
        return html.Td(html.Span(GAP_TEXT, className="gap-label"), className="coverage-cell coverage-gap",
                       title=f"kein Projekt in {cell.social_area}")
    projects = cell.projects
    return html.Td([html.Div(f"{projects} {'Projekt' if projects == 1 else 'Projekte'}", className="cell-main"),
                    html.Div(f"{fmt_int(cell.volunteers)} Ehrenamtliche", className="cell-note")],
                   className="coverage-cell coverage-ok")


def matrix(fig: VolunteeringFigures, query: Mapping[str, str] | None = None):
    """Topic × Sozialraum; a gap is text + icon + colour. Many Sozialräume (a Land-wide installation has
    132) are shown a page of columns at a time (`query`: the URL, layouts.paging)."""
    if not fig.social_areas:
        return Section("Abdeckung nach Thema und Sozialraum",
                       EmptyState("Es sind keine Sozialräume erfasst.", "Bitte Daten importieren."))
    citywide = fig.coverage_totals.citywide_projects > 0
    page, pages = page_of(query, "coverage", len(fig.social_areas), AREA_COLUMNS)
    shown = slice((page - 1) * AREA_COLUMNS, page * AREA_COLUMNS)
    header = [html.Th("Thema")]
    for a in fig.social_areas[shown]:
        header.append(html.Th([html.Div(a.social_area),
                               html.Div(", ".join(a.providers) or "–", className="cell-note")],
                              className="text-center"))
    if citywide:
        header.append(html.Th("stadtweit", className="text-center"))
    header.append(html.Th("Gesamt", className="text-end"))
    body = []
    for r in fig.coverage:
        cells = [html.Th(r.topic_text, scope="row"), *[_cell(c) for c in r.cells[shown]]]
        if citywide:
            cells.append(html.Td(str(r.citywide_projects or "–"), className="text-center"))
        cells.append(html.Td([html.Div(f"{r.projects}", className="cell-main"),
                              html.Div(f"{fmt_int(r.volunteers)} EA", className="cell-note")],
                             className="text-end"))
        body.append(html.Tr(cells, className="row-no-project" if r.projects == 0 else None))
    totals = fig.coverage_totals
    footer = [html.Th("Summe")]
    for t in totals.by_area[shown]:
        gaps = t.gaps
        footer.append(html.Th([html.Div(f"{t.projects} Projekte · {fmt_int(t.volunteers)} EA"),
                               html.Div(f"{gaps} {'Lücke' if gaps == 1 else 'Lücken'}", className="cell-note")],
                              className="text-center"))
    if citywide:
        footer.append(html.Th(str(totals.citywide_projects), className="text-center"))
    footer.append(html.Th([html.Div(str(totals.projects)),
                           html.Div(f"{fmt_int(totals.volunteers)} EA", className="cell-note")],
                          className="text-end"))
    table = dbc.Table([html.Thead(html.Tr(header)), html.Tbody(body), html.Tfoot(html.Tr(footer))],
                      id=ids.VOLUNTEERING_COVERAGE_TABLE, className="data-table coverage-table",
                      bordered=True, responsive=True)
    columns = None if pages == 1 else [
        html.Div(f"Sozialräume {fmt_int(shown.start + 1)}–{fmt_int(min(shown.stop, len(fig.social_areas)))} von "
                 f"{fmt_int(len(fig.social_areas))}; Gesamt über alle.", className="table-note mb-1", role="status"),
        pager(PAGE, "coverage", page, pages, "Sozialräume")]
    return Section("Abdeckung nach Thema und Sozialraum", [
        columns[0] if columns else None,
        table,
        columns[1] if columns else None,
        html.Div([html.Span(GAP_TEXT, className="gap-label me-2"),
                  "= kein aktives Projekt zu diesem Thema im Sozialraum. EA = Ehrenamtliche."],
                 className="table-note"),
    ], subtitle="Projekte und Ehrenamtliche je Feld; Sozialraum mit zuständigem Träger",
        download=(PAGE, "coverage"))


def projects_table(fig: VolunteeringFigures, query: Mapping[str, str] | None = None):
    if not fig.projects:
        return Section("Projekte", EmptyState("Am Stichtag ist kein Projekt aktiv."), download=(PAGE, "projects"))
    rows = [[p.name, p.topic_text, p.provider,
             html.Div([html.Div(p.district), html.Div(p.social_area or "stadtweit", className="cell-note")]),
             p.site or "–", fmt_int(p.volunteers)] for p in fig.projects]
    footer = ["Summe", f"{len(fig.projects)} Projekte", "", "", "", fmt_int(fig.volunteers)]
    return Section("Projekte", PagedTable(["Projekt", "Thema", "Träger", "Stadtteil / Sozialraum", "Ort",
                                           "Ehrenamtliche"], rows, table_id=ids.VOLUNTEERING_PROJECTS_TABLE,
                                          page_name=PAGE, table="projects", query=query, noun="Projekte",
                                          numeric={5}, footer=footer),
                   subtitle="aktiv am Stichtag, nach Thema", download=(PAGE, "projects"))


def ages_chart(ages: Sequence[AgeBand]) -> go.Figure:
    labels = [a.label for a in ages]
    text = [f"{fmt_int(a.volunteers)} ({fmt_pct(a.share_pct, 0)})" if a.share_pct is not None else "0"
            for a in ages]
    fig = go.Figure(go.Bar(x=labels, y=[a.volunteers for a in ages], marker_color="#0072B2", text=text,
                           textposition="outside", cliponaxis=False, textfont=dict(size=18),
                           hovertemplate="%{x}: %{y} Ehrenamtliche<extra></extra>"))
    top = max([1, *(a.volunteers for a in ages)])
    fig.update_yaxes(gridcolor="#e5e5e5", title_text="Ehrenamtliche", range=[0, top * 1.25])
    return charts.base_layout(fig, height=340)


def project_tick(history: Sequence[HistoryPoint]) -> int:
    """A whole-number step for the project axis (there is no third of a project), about five ticks."""
    top = max([1, *(h.projects for h in history)])
    return max(1, -(-top // 5))


def history_chart(history: Sequence[HistoryPoint]) -> go.Figure:
    months = [charts.month_label(h.day.isoformat()) for h in history]
    fig = go.Figure([
        go.Scatter(x=months, y=[h.volunteers for h in history], name="Ehrenamtliche", mode="lines",
                   line=dict(color="#0072B2", width=4, shape="hv"),
                   hovertemplate="%{x}: %{y} Ehrenamtliche<extra></extra>"),
        go.Scatter(x=months, y=[h.projects for h in history], name="aktive Projekte", mode="lines",
                   line=dict(color=PROVIDER_COLORS["caritas"], width=3, dash="dash", shape="hv"), yaxis="y2",
                   hovertemplate="%{x}: %{y} Projekte<extra></extra>"),
    ])
    fig.update_yaxes(gridcolor="#e5e5e5", title_text="Ehrenamtliche", rangemode="tozero")
    fig.update_xaxes(tickangle=-45, nticks=14)
    charts.base_layout(fig, height=340)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.15, x=0), hovermode="x unified",
                      yaxis2=dict(overlaying="y", side="right", rangemode="tozero", title_text="Projekte",
                                  showgrid=False, tickformat="d", dtick=project_tick(history)))
    return fig


def content(fig: VolunteeringFigures, query: Mapping[str, str] | None = None) -> list:
    """Projects, age structure and history; `query`: the URL (its table pages, layouts.paging)."""
    as_of = fig.as_of.isoformat()
    return [
        dbc.Row([dbc.Col(projects_table(fig, query))], className="g-3 mb-3"),
        dbc.Row([
            dbc.Col(Section("Altersstruktur", dcc.Graph(
                id=ids.VOLUNTEERING_AGES_CHART, figure=ages_chart(fig.ages),
                config=graph_config(f"ehrenamt-alter-{as_of}")),
                subtitle="Ehrenamtliche der aktiven Projekte nach Altersgruppe", download=(PAGE, "ages")), xl=6),
            dbc.Col(Section("Ehrenamtliche im Zeitverlauf", dcc.Graph(
                id=ids.VOLUNTEERING_HISTORY_CHART, figure=history_chart(fig.history),
                config=graph_config(f"ehrenamt-verlauf-{as_of}")),
                subtitle="am Monatsende, nach Laufzeit der Projekte", download=(PAGE, "history")), xl=6),
        ], className="g-3 mb-3"),
    ]
