"""Szenarien: what-if planning for the Steuerungsgremium. Controls grouped by topic (Personal, Gebiete, Fälle, Geld)
on the left; the scenario's results beside the baseline (with deltas) on the right; saved scenarios to open,
duplicate, delete and compare below. `layout` builds the frame; the render functions turn the typed figures
(`dashboard.model.figures.scenarios`, computed by `dashboard.services.scenarios`) into components."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.figures.scenarios import (
    Compared,
    Comparison,
    Opened,
    ProposalFigures,
    SavedScenario,
    ScenarioFigures,
    TeamFigures,
)
from dashboard.model.formatting import fmt_date, fmt_datetime, fmt_eur, fmt_fte, fmt_int, fmt_number, fmt_pct
from layouts import components, ids, presentation, scenario_forms, theme
from layouts import scenario_outlook as outlook
from layouts.charts import FONT, month_label
from layouts.components import GRAPH_CONFIG, PROVIDER_COLORS, STATUS_STYLE, DataTable, Section, StatusBadge
from layouts.paging import LazyRows, PagedTable, page_param

TITLE = "Szenarien"
PATH = "/szenarien"
PAGE = outlook.PAGE  # the pagers of the long result tables; their pages live in the store SCEN_TABLE_PAGES

PRESENTATION = presentation.Presentation(tuple(presentation.Slide(*s) for s in (
    ("auslastung", "Auslastung je Team bis 12/2029", (ids.SCEN_CHART,)),
    ("annahmen", "Annahmen je Team", (ids.SCEN_ASSUMPTIONS,), "Teams"),
    ("teams", "Teams: Szenario gegenüber Ausgangslage", (ids.SCEN_TEAM_TABLE,), "Teams"),
    ("geld", "Geld je Jahr", (ids.SCEN_MONEY_TABLE,), "Jahre"),
    ("projektmittel", "Projektmittel je Träger", (ids.SCEN_FUNDS_TABLE,), "Träger"),
    ("backtest", "Wie gut war die Projektion?", (ids.SCEN_BACKTEST,), "Teams"),
    ("vergleich", "Vergleich", (ids.SCEN_COMPARISON,), "Zeilen"))))
OTHER_COLORS = ["#A86F00", "#D55E00", "#8a6d00", "#767676"]  # each ≥ 3:1 on white


SAVE_REFUSED = ("Durchspielen geht mit jeder Rolle; speichern können das Steuerungsgremium und die "
                "Administration.")


def layout(id: str | None = None, vergleich: str | None = None,  # noqa: A002
           access: FormAccess = FormAccess(), **_query) -> html.Div:
    return html.Div([
        dcc.Location(id=ids.SCEN_LOCATION, refresh="callback-nav"),
        dcc.Store(id=ids.SCEN_REF), dcc.Store(id=ids.SCEN_CHANGES, data=[]), dcc.Store(id=ids.SCEN_META),
        dcc.Store(id=ids.SCEN_LIST_VERSION, data=0), dcc.Store(id=ids.SCEN_PROPOSAL),
        dcc.Store(id=ids.SCEN_TABLE_PAGES, data={}),
        dcc.Download(id=ids.SCEN_DOWNLOAD_JSON),
        dbc.Row([
            dbc.Col([
                html.H1("Szenarien", className="page-title"),
                html.Div(id=ids.SCEN_HEADER, className="page-subtitle",
                         children="Was wäre, wenn …? Personal, Gebiete, Fälle und Geld bis 31.12.2029"),
            ], xl=5),
            dbc.Col(html.Div([
                dbc.Label("Name des Szenarios", html_for=ids.SCEN_NAME, className="filter-label"),
                dbc.InputGroup([
                    dbc.Input(id=ids.SCEN_NAME, type="text", maxLength=200, autoComplete="off",
                              placeholder="z. B. Caritas +0,5 VZÄ ab 2027"),
                    dbc.Button("Speichern", id=ids.SCEN_SAVE, color="primary", disabled=not access.save_scenario,
                               title=None if access.save_scenario else SAVE_REFUSED),
                    dbc.Button("Neu", id=ids.SCEN_NEW, color="secondary", outline=True,
                               title="Neues Szenario auf den aktuellen Daten"),
                    dbc.Button("Datei (JSON)", id=ids.SCEN_EXPORT_JSON, color="light",
                               className="download-button" if access.scenario_file else "d-none",
                               title="Szenariodatei zum Weitergeben oder Nachrechnen (nur Administration)"),
                ]),
                html.Div(id=ids.SCEN_SAVE_MESSAGE, className="form-message", role="status",
                         **{"aria-live": "polite"}, children=None if access.save_scenario else f"ℹ {SAVE_REFUSED}"),
                html.Div(id=ids.SCEN_PERMALINK, className="permalink"),
            ]), xl=7),
        ], className="align-items-start mb-3 g-3"),
        html.Div(id=ids.SCEN_MESSAGE),
        dbc.Row([
            dbc.Col([
                Section("Annahmen und Änderungen", [
                    dbc.Tabs([
                        dbc.Tab(scenario_forms.people(), label="Personal", tab_id="people"),
                        dbc.Tab(scenario_forms.areas(), label="Gebiete", tab_id="areas"),
                        dbc.Tab(scenario_forms.cases(), label="Fälle", tab_id="cases"),
                        dbc.Tab(scenario_forms.money(), label="Geld", tab_id="money"),
                    ], id=ids.SCEN_TABS, active_tab="people", className="scen-tabs"),
                    html.Div(id=ids.SCEN_FORM_MESSAGE, className="form-message mt-2", role="status",
                             **{"aria-live": "polite"}),
                    html.H3("Änderungen in diesem Szenario", className="scen-subhead mt-3"),
                    html.Div(id=ids.SCEN_CHANGE_LIST),
                ], subtitle="Schieberegler wirken sofort; Listenänderungen mit „Hinzufügen“"),
            ], xxl=4),  # side by side only from 1400 px: below, the result tables need the full width
            dbc.Col([
                html.Div(id=ids.SCEN_SUMMARY),
                html.Div(id=ids.SCEN_RESULTS, children=_results_frame()),
            ], xxl=8),
        ], className="g-3 mb-3"),
        Section("Gespeicherte Szenarien", [
            html.Div(id=ids.SCEN_SAVED_LIST),
            html.H3("Vergleichen (zwei oder drei auswählen)", className="scen-subhead mt-3"),
            dcc.Checklist(id=ids.SCEN_COMPARE_SELECT, options=[],
                          value=[v for v in (vergleich or "").split(",") if v.strip().isdigit()][:3],
                          className="scen-compare-select", inputClassName="me-2", labelClassName="me-4"),
            html.Div(id=ids.SCEN_COMPARISON, className="mt-3"),
        ], subtitle="jede Ausgangslage ist eingefroren: ein Szenario öffnet sich auch nach neuen Daten genau so",
            download=("scenarios", "comparison")),
    ], className="scenarios-page")


def _results_frame() -> list:
    """Fixed frame of the results: the chart keeps its place (and its axes) while inputs change."""
    return [
        Section("Auslastung je Team bis 12/2029", dcc.Graph(id=ids.SCEN_CHART, config=GRAPH_CONFIG,
                                                            figure=go.Figure()),
                subtitle="Linie: Szenario · gepunktet: Ausgangslage · 100 % = Personalschlüssel · "
                         + outlook.BAND_NOTE),
        html.Div(id=ids.SCEN_ASSUMPTIONS, className="mt-3"),
        html.Div(id=ids.SCEN_TEAM_TABLE, className="mt-3"),
        html.Div(id=ids.SCEN_MONEY_TABLE, className="mt-3"),
        html.Div(id=ids.SCEN_FUNDS_TABLE, className="mt-3"),
        html.Div(id=ids.SCEN_BACKTEST_PROGRESS, role="status", hidden=True, className="form-info mt-3"),
        html.Div(id=ids.SCEN_BACKTEST, className="mt-3"),
    ]


# --- render functions ------------------------------------------------------------------------------

def page_query(pages: Mapping | None) -> dict[str, str]:
    """The result tables' pages (store SCEN_TABLE_PAGES: table -> page) as `layouts.paging` reads them.
    The scenario's state is not in the URL (its changes are a store), so neither are its pages."""
    return {page_param(str(table)): str(page) for table, page in (pages or {}).items()}


def _stamp(when: dt.datetime | None) -> str:
    """A saved scenario's time as the list shows it, e.g. 22.11.2026 09:30."""
    return fmt_datetime(when) if when else ""


def header_text(opened: Opened, as_of: dt.date, source: str) -> str:
    base = f"Ausgangslage Stichtag {fmt_date(as_of)}"
    if opened.id:
        return (f"Gespeichertes Szenario „{opened.name}“ von {opened.author} ({_stamp(opened.created_at)}) · "
                f"{base} (eingefroren)")
    return f"Neues Szenario · {base} · {source}"


def permalink(scenario_id: int | None) -> html.A | None:
    return html.A(f"Permalink: {PATH}?id={scenario_id}", href=f"{PATH}?id={scenario_id}") if scenario_id else None


def change_list(descriptions: list[str]) -> html.Div:
    if not descriptions:
        return html.Div("Noch keine Listenänderungen – Schieberegler wirken direkt.", className="form-info")
    return html.Ol([
        html.Li([html.Span(text), dbc.Button("✖ entfernen", id={"type": ids.SCEN_REMOVE, "index": i},
                                             color="link", size="sm", className="scen-remove")])
        for i, text in enumerate(descriptions)
    ], className="scen-change-list")


def summary(sentences: tuple[str, ...], critical: bool) -> dbc.Alert:
    """The effect against the baseline and the result in sentences; `critical`: a team goes above the ratio."""
    icon = STATUS_STYLE["critical" if critical else "ok"]["icon"]
    return dbc.Alert([html.Strong(f"{icon} Ergebnis: "), html.Span(" ".join(sentences), id="scen-summary-text")],
                     color="warning" if critical else "success", className="scen-summary")


def _top(*results: ScenarioFigures) -> float:
    """The chart's fixed y range: at least 150 %, else the baseline's peak (with its 80 % band) with room
    (steps of 50 %)."""
    peak = max([v for r in results for t in r.teams for v in (*t.utilisation_pct, *t.utilisation_high)
                if v is not None] or [0])
    return float(min(400, max(150, 50 * int(peak * 1.15 / 50 + 1))))


CHART_TEAMS = 12  # more teams (a Landkreis, the Land): the chart shows the busiest, the table every team


def charted(teams: Sequence[TeamFigures]) -> list[int]:
    """Positions of the teams the chart draws: all of a city's; of more than CHART_TEAMS the ones with the
    highest peak utilisation (180 teams' lines and bands cannot be told apart, and weighed 0,7 MB)."""
    if len(teams) <= CHART_TEAMS:
        return list(range(len(teams)))
    ranked = sorted(range(len(teams)), key=lambda i: -(teams[i].peak_pct or 0.0))
    return sorted(ranked[:CHART_TEAMS])


def utilisation_chart(scenario: ScenarioFigures, baseline: ScenarioFigures, top: float) -> go.Figure:
    x = ["Stichtag"] + [month_label(m.isoformat()) for m in scenario.months[1:]]
    fig = go.Figure()
    base_by = {t.code: t for t in baseline.teams}
    shown = charted(scenario.teams)
    if len(shown) < len(scenario.teams):
        fig.add_annotation(text=f"die {fmt_int(len(shown))} Teams mit der höchsten Auslastung von "
                                f"{fmt_int(len(scenario.teams))}; alle in der Tabelle", xref="paper", yref="paper",
                           x=1, y=1, xanchor="right", yanchor="top", showarrow=False, bgcolor="#ffffff")
    for i, t in ((i, scenario.teams[i]) for i in shown):
        color = PROVIDER_COLORS.get(t.code or "", OTHER_COLORS[i % len(OTHER_COLORS)])
        b = base_by.get(t.code)
        for trace in outlook.band_traces(t, x, color, top):
            fig.add_trace(trace)
        if b:
            fig.add_trace(go.Scatter(x=x, y=list(b.utilisation_pct), name=f"{t.name} (Ausgangslage)",
                                     mode="lines", line=dict(color=color, width=2, dash="dot"), hoverinfo="skip",
                                     showlegend=False))
        fig.add_trace(go.Scatter(x=x, y=[min(v, top) if v is not None else None for v in t.utilisation_pct],
                                 name=t.name, mode="lines", line=dict(color=color, width=4),
                                 customdata=[fmt_pct(v) for v in t.utilisation_pct],
                                 hovertemplate="%{x}: %{customdata}<extra>" + t.name + "</extra>"))
    fig.add_hline(y=100, line_width=3, line_dash="dash", line_color="#1b1b1b",
                  annotation_text=f"1:{scenario.staff_ratio} = 100 %", annotation_position="top left")
    fig.update_layout(height=420, font=FONT, separators=",.", paper_bgcolor="white", plot_bgcolor="white",
                      margin=dict(l=10, r=20, t=10, b=40), uirevision="scenario", hovermode="x unified",
                      legend=dict(orientation="h", y=1.12, x=0))
    fig.update_yaxes(range=[0, top], ticksuffix=" %", gridcolor="#e5e5e5", fixedrange=True,
                     title_text="Auslastung")
    fig.update_xaxes(range=[-0.5, len(x) - 0.5], tickangle=-45, nticks=14, fixedrange=True)
    return theme.apply(fig)


def _delta(value: float | None, base: float | None, fmt, *, lower_is_better: bool = True) -> html.Span:
    if value is None or base is None or abs(value - base) < 0.005:
        return html.Span("±0", className="delta delta-none")
    diff = value - base
    better = diff < 0 if lower_is_better else diff > 0
    arrow = "▼" if diff < 0 else "▲"
    sign = "+" if diff > 0 else "−"
    return html.Span(f"{arrow} {sign}{fmt(abs(diff))}", className="delta " + ("delta-better" if better else "delta-worse"),
                     title="besser als die Ausgangslage" if better else "schlechter als die Ausgangslage")


def team_table(fig: Comparison, query: Mapping[str, str] | None = None) -> dbc.Card:
    scenario = fig.scenario
    end = month_label(scenario.months[-1].isoformat())
    waiting = any(t.waiting for t in scenario.teams)  # Aufnahmestopp: the waiting list apart from the cases held

    def row(pair) -> list:
        d, t = pair
        cells = [
            t.name, fmt_int(t.cases[0]), fmt_fte(t.fte[0]),
            [fmt_pct(d.pct_now), " ", _delta(d.pct_now, d.pct_now_base, lambda v: fmt_number(v, 1) + " P.")],
            StatusBadge(t.status),
            [fmt_pct(d.pct_end), " ", _delta(d.pct_end, d.pct_end_base, lambda v: fmt_number(v, 1) + " P.")],
            fmt_date(t.first_over) if t.first_over else "–",
            [fmt_fte(d.max_gap), " ", _delta(d.max_gap, d.max_gap_base, fmt_fte)],
        ]
        return [*cells, fmt_int(round(t.waiting[-1])) if t.waiting else "–"] if waiting else cells

    header = ["Team", "Fälle", "VZÄ", "Auslastung am Stichtag", "Status", f"Auslastung {end}",
              "über dem Schlüssel ab", "fehlende VZÄ (höchstens)"] + ([f"wartend {end}"] if waiting else [])
    table = PagedTable(header, LazyRows(list(zip(fig.deltas, scenario.teams, strict=True)), row),
                       table_id="scen-teams", page_name=PAGE, table="teams", query=query, noun="Teams",
                       numeric={1, 2, 3, 5, 7, 8}, downloadable=False)
    return Section("Teams: Szenario gegenüber Ausgangslage", table,
                   subtitle="▲/▼ Änderung gegenüber der Ausgangslage ohne Änderungen (P. = Prozentpunkte)")


def money_table(fig: Comparison) -> dbc.Card:
    rows = []
    for m in fig.scenario.money:
        b = fig.baseline.money_in(m.year) or m
        rows.append([str(m.year), fmt_eur(m.personnel, cents=False), fmt_eur(m.land_funds, cents=False),
                     fmt_eur(m.im_gap, cents=False), fmt_fte(m.fte_missing),
                     [fmt_eur(m.funding_gap, cents=False), " ",
                      _delta(float(m.funding_gap), float(b.funding_gap), lambda v: fmt_eur(round(v), cents=False))]])
    return Section("Geld je Jahr", DataTable(
        ["Jahr", "Personalkosten", "Landesmittel", "IM-Lücke", "fehlende VZÄ (Mittel)", "Finanzierungslücke"],
        rows, table_id="scen-money", numeric={1, 2, 3, 4, 5}),
        subtitle="Finanzierungslücke = IM-Personalkosten ohne Landesmittel + Kosten der fehlenden VZÄ")


def funds_table(fig: Comparison, query: Mapping[str, str] | None = None) -> dbc.Card | None:
    funds = fig.scenario.funds
    if not funds:
        return None

    def row(f) -> list:
        return [f.name, fmt_eur(f.allocated), fmt_eur(f.spent), fmt_eur(f.transferred_out), fmt_eur(f.transferred_in),
                [fmt_eur(f.remaining), " ", _delta(float(f.remaining), float(f.baseline_remaining),
                                                   lambda v: fmt_eur(v), lower_is_better=False)]]

    return Section(f"Projektmittel {fig.scenario.as_of.year} je Träger", PagedTable(
        ["Träger", "Zuweisung", "Ausgaben", "Übertragung ab", "Übertragung zu", "verbleibend"], LazyRows(funds, row),
        table_id="scen-funds", page_name=PAGE, table="traeger", query=query, noun="Träger",
        numeric={1, 2, 3, 4, 5}, downloadable=False))


def proposal_view(p: ProposalFigures) -> html.Div:
    items = [html.Li(f"{m.name} ({m.social_area}): {m.from_team} → {m.to_team}") for m in p.moved]
    items += [html.Li(f"+{fmt_fte(a.fte)} VZÄ für {a.name}") for a in p.added]
    return html.Div([
        dbc.Alert(p.message, color="info" if p.changes else "secondary", className="mb-2"),
        html.Ul(items, className="scen-proposal-list") if items else None,
    ])


def saved_list(rows: list[SavedScenario], current_id: int | None) -> html.Div:
    if not rows:
        return html.Div("Noch keine Szenarien gespeichert.", className="form-info")
    body = []
    for r in rows:
        body.append(html.Tr([
            html.Td([html.Strong(r.name), " (geöffnet)" if r.id == current_id else ""]),
            html.Td(r.author), html.Td(_stamp(r.created_at)),
            html.Td(fmt_date(r.baseline_date)), html.Td(str(r.changes), className="text-end"),
            html.Td(html.Div([
                dbc.Button("Öffnen", id={"type": ids.SCEN_OPEN, "id": r.id}, size="sm", color="primary"),
                dbc.Button("Duplizieren", id={"type": ids.SCEN_DUPLICATE, "id": r.id}, size="sm",
                           color="secondary", outline=True),
                dbc.Button("Löschen", id={"type": ids.SCEN_DELETE, "id": r.id}, size="sm", color="danger",
                           outline=True),
                html.A("Link", href=f"{PATH}?id={r.id}", className="btn btn-link btn-sm"),
            ], className="d-flex gap-1")),
        ]))
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in ("Name", "von", "gespeichert", "Stichtag",
                                                                "Änderungen", "")])), html.Tbody(body)],
                     className="data-table", id="scen-saved-table", striped=True, responsive=True)


def compare_options(rows: list[SavedScenario]) -> list[dict]:
    return [{"label": r.name, "value": str(r.id)} for r in rows]


def comparison(items: list[Compared], rows: list[dict]) -> html.Div:
    if len(items) < 2:
        return html.Div("Bitte zwei oder drei gespeicherte Szenarien auswählen.", className="form-info")
    body = [[r["figure"], *[r.get(f"s{i}", "–") for i in range(len(items))]] for r in rows]
    return DataTable(["Kennzahl", *[s.name for s in items]], body, table_id="scen-comparison-table")


def form_feedback(error: str | None = None, success: str | None = None):
    """The scenario forms' answer: one reason after the icon (components.form_feedback, no title)."""
    return components.form_feedback(error, success, title=None)
