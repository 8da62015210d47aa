"""Szenarien: what-if planning for the Steuerungsgremium. Controls grouped by topic (Personal,
Gebiete, Fälle, Geld) on the left; the scenario's results beside the baseline (with deltas) on the
right; saved scenarios to open, duplicate, delete and compare below. `layout` builds the frame; the
render functions turn the typed figures (`dashboard.model.figures.scenarios`, computed by
`dashboard.services.scenarios`) into components."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.figures.scenarios import (
    Compared,
    Comparison,
    Opened,
    ProposalFigures,
    SavedScenario,
    ScenarioFigures,
)
from dashboard.model.formatting import fmt_date, fmt_datetime, fmt_eur, fmt_fte, fmt_int, fmt_number, fmt_pct
from dashboard.model.vocabulary import FUNDING_TEXT
from layouts import components, ids
from layouts.charts import FONT, month_label
from layouts.components import GRAPH_CONFIG, PROVIDER_COLORS, STATUS_STYLE, DataTable, FormField, Section, StatusBadge

TITLE = "Szenarien"
PATH = "/szenarien"
FUNDING_OPTIONS = [{"label": text, "value": code} for code, text in FUNDING_TEXT.items()]
OTHER_COLORS = ["#E69F00", "#D55E00", "#F0E442", "#999999"]


def layout(id: str | None = None, vergleich: str | None = None, **_query) -> html.Div:  # noqa: A002
    return html.Div([
        dcc.Location(id=ids.SCEN_LOCATION, refresh="callback-nav"),
        dcc.Store(id=ids.SCEN_REF), dcc.Store(id=ids.SCEN_CHANGES, data=[]), dcc.Store(id=ids.SCEN_META),
        dcc.Store(id=ids.SCEN_LIST_VERSION, data=0), dcc.Store(id=ids.SCEN_PROPOSAL),
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
                    dbc.Button("Speichern", id=ids.SCEN_SAVE, color="primary"),
                    dbc.Button("Neu", id=ids.SCEN_NEW, color="secondary", outline=True,
                               title="Neues Szenario auf den aktuellen Daten"),
                    dbc.Button("Datei (JSON)", id=ids.SCEN_EXPORT_JSON, color="light",
                               className="download-button",
                               title="Szenario als Datei (JSON) für die Berechnung auf dem Server (nur Administration)"),
                ]),
                html.Div(id=ids.SCEN_SAVE_MESSAGE, className="form-message", role="status",
                         **{"aria-live": "polite"}),
                html.Div(id=ids.SCEN_PERMALINK, className="permalink"),
            ]), xl=7),
        ], className="align-items-start mb-3 g-3"),
        html.Div(id=ids.SCEN_MESSAGE),
        dbc.Row([
            dbc.Col([
                Section("Annahmen und Änderungen", [
                    dbc.Tabs([
                        dbc.Tab(_people(), label="Personal", tab_id="people"),
                        dbc.Tab(_areas(), label="Gebiete", tab_id="areas"),
                        dbc.Tab(_cases(), label="Fälle", tab_id="cases"),
                        dbc.Tab(_money(), label="Geld", tab_id="money"),
                    ], id=ids.SCEN_TABS, active_tab="people", className="scen-tabs"),
                    html.Div(id=ids.SCEN_FORM_MESSAGE, className="form-message mt-2", role="status",
                             **{"aria-live": "polite"}),
                    html.H3("Änderungen in diesem Szenario", className="scen-subhead mt-3"),
                    html.Div(id=ids.SCEN_CHANGE_LIST),
                ], subtitle="Schieberegler wirken sofort; Listenänderungen mit „Hinzufügen“"),
            ], xxl=4, xl=5),
            dbc.Col([
                html.Div(id=ids.SCEN_SUMMARY),
                html.Div(id=ids.SCEN_RESULTS, children=_results_frame()),
            ], xxl=8, xl=7),
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


def _date(field_id: str) -> html.Div:
    return html.Div(dcc.DatePickerSingle(id=field_id, display_format="DD.MM.YYYY", first_day_of_week=1,
                                         placeholder="ab Stichtag", clearable=True), className="form-date")


def _select(field_id: str, placeholder: str) -> dbc.Select:
    return dbc.Select(id=field_id, options=[], placeholder=placeholder)


def _number(field_id: str, placeholder: str) -> dbc.Input:
    return dbc.Input(id=field_id, type="text", inputMode="decimal", placeholder=placeholder, autoComplete="off")


def _slider(field_id: str, label: str, hint: str, **kwargs) -> html.Div:
    return html.Div([
        dbc.Label(label, html_for=field_id, className="form-label-strong"),
        dcc.Slider(id=field_id, updatemode="drag", **kwargs),
        html.Div(hint, className="form-info"),
    ], className="scen-slider")


def _add(button_id: str, text: str = "Hinzufügen") -> dbc.Button:
    return dbc.Button(text, id=button_id, color="primary", outline=True, className="mt-2")


def _people() -> html.Div:
    return html.Div([
        _slider(ids.SCEN_RATIO, "Personalschlüssel (Fälle je VZÄ)", "1:90 laut Konzeption; je Team gleich",
                min=50, max=150, step=1, value=90, marks={m: f"1:{m}" for m in (50, 90, 120, 150)}),
        html.H3("VZÄ verschieben", className="scen-subhead"),
        dbc.Row([
            FormField("Von", _select(ids.SCEN_MOVE_FROM, "Team …"), ids.SCEN_MOVE_FROM, md=6),
            FormField("An", _select(ids.SCEN_MOVE_TO, "Team …"), ids.SCEN_MOVE_TO, md=6),
            FormField("VZÄ", _number(ids.SCEN_MOVE_FTE, "z. B. 0,4"), ids.SCEN_MOVE_FTE, md=6),
            FormField("ab", _date(ids.SCEN_MOVE_START), ids.SCEN_MOVE_START, md=6),
        ], className="g-2"),
        _add(ids.SCEN_MOVE_ADD),
        html.H3("Stelle hinzufügen (IM)", className="scen-subhead"),
        dbc.Row([
            FormField("Team", _select(ids.SCEN_POST_TEAM, "Team …"), ids.SCEN_POST_TEAM, md=6),
            FormField("VZÄ", _number(ids.SCEN_POST_FTE, "z. B. 0,5"), ids.SCEN_POST_FTE, md=6),
            FormField("Finanzierung", dbc.Select(id=ids.SCEN_POST_FUNDING, options=FUNDING_OPTIONS, value="land"),
                   ids.SCEN_POST_FUNDING, md=12),
            FormField("ab", _date(ids.SCEN_POST_START), ids.SCEN_POST_START, md=6),
            FormField("bis", _date(ids.SCEN_POST_END), ids.SCEN_POST_END, md=6),
        ], className="g-2"),
        _add(ids.SCEN_POST_ADD),
        html.H3("Stelle beenden", className="scen-subhead"),
        dbc.Row([
            FormField("Stelle", _select(ids.SCEN_END_POST, "Stelle …"), ids.SCEN_END_POST, md=12),
            FormField("letzter Tag", _date(ids.SCEN_END_DATE), ids.SCEN_END_DATE, md=12),
        ], className="g-2"),
        _add(ids.SCEN_END_ADD),
    ], className="scen-tab-body")


def _areas() -> html.Div:
    return html.Div([
        html.H3("Stadtteil einem anderen Team zuordnen", className="scen-subhead"),
        dbc.Row([
            FormField("Stadtteil", _select(ids.SCEN_DISTRICT, "Stadtteil …"), ids.SCEN_DISTRICT, md=12),
            FormField("neues Team", _select(ids.SCEN_DISTRICT_TEAM, "Team mit Einzugsgebiet …"),
                   ids.SCEN_DISTRICT_TEAM, md=6),
            FormField("ab", _date(ids.SCEN_DISTRICT_START), ids.SCEN_DISTRICT_START, md=6),
        ], className="g-2"),
        _add(ids.SCEN_DISTRICT_ADD),
        html.H3("Vorschlag berechnen", className="scen-subhead"),
        html.Div("Der Löser (HiGHS) sucht die Verteilung mit der niedrigsten höchsten Auslastung bis 12/2029 "
                 "und hält Sozialräume möglichst bei einem Team.", className="form-info"),
        dcc.Checklist(id=ids.SCEN_PROPOSE_REASSIGN, value=["reassign"], inputClassName="me-2",
                      options=[{"label": "Stadtteile neu zuordnen", "value": "reassign"}]),
        dbc.Row([FormField("zusätzliches VZÄ-Budget", _number(ids.SCEN_PROPOSE_BUDGET, "z. B. 1,0"),
                        ids.SCEN_PROPOSE_BUDGET, md=6)], className="g-2"),
        dbc.Button("Vorschlag berechnen", id=ids.SCEN_PROPOSE, color="primary", className="mt-2"),
        dcc.Loading(html.Div(id=ids.SCEN_PROPOSAL_RESULT, className="mt-2"), type="dot"),
        dbc.Button("Vorschlag in das Szenario übernehmen", id=ids.SCEN_PROPOSAL_ACCEPT, color="primary",
                   outline=True, disabled=True, className="mt-2"),
    ], className="scen-tab-body")


def _cases() -> html.Div:
    return html.Div([
        _slider(ids.SCEN_INFLOW, "Zugang je Monat (Fallüberleitungen und neue Fälle)",
                "Ausgangslage: Mittel der letzten zwölf Monate", min=0, max=40, step=0.5, value=0),
        _slider(ids.SCEN_CLOSURE, "Abschlüsse vor der Frist (% der Fälle je Monat)",
                "Ziel erreicht, verzogen, sonstiges; Ausgangslage aus den letzten zwölf Monaten",
                min=0, max=10, step=0.1, value=0, marks={m: f"{m} %" for m in (0, 5, 10)}),
        dbc.Label("Anspruchsdauer ab Zuweisung in die AU", html_for=ids.SCEN_LIMIT, className="form-label-strong"),
        dbc.RadioItems(id=ids.SCEN_LIMIT, value=3, inline=True,
                       options=[{"label": f"{y} Jahre", "value": y} for y in (2, 3, 4, 5)]),
        html.Div("VwV: höchstens 3 Jahre, in begründeten Fällen 4 (Verlängerung: +1 Jahr)", className="form-info"),
    ], className="scen-tab-body")


def _money() -> html.Div:
    return html.Div([
        _slider(ids.SCEN_LAND_PCT, "Landesmittel je VZÄ (Änderung in %)", "0 % = Einstellung IMC_LAND_FUNDS_PER_FTE",
                min=-50, max=50, step=5, value=0, marks={m: f"{m:+d} %" if m else "0" for m in (-50, -25, 0, 25, 50)}),
        dbc.Row([
            FormField("Kosten je VZÄ und Jahr (€)", _number(ids.SCEN_COST, "75000"), ids.SCEN_COST, md=7),
            FormField("Steigerung je Jahr (%)", _number(ids.SCEN_GROWTH, "0"), ids.SCEN_GROWTH, md=5),
        ], className="g-2"),
        html.H3("Projektmittel übertragen", className="scen-subhead"),
        dbc.Row([
            FormField("Von", _select(ids.SCEN_TRANSFER_FROM, "Träger …"), ids.SCEN_TRANSFER_FROM, md=6),
            FormField("An", _select(ids.SCEN_TRANSFER_TO, "Träger …"), ids.SCEN_TRANSFER_TO, md=6),
            FormField("Betrag in €", _number(ids.SCEN_TRANSFER_AMOUNT, "z. B. 500,00"), ids.SCEN_TRANSFER_AMOUNT, md=12),
        ], className="g-2"),
        _add(ids.SCEN_TRANSFER_ADD),
    ], className="scen-tab-body")


def _results_frame() -> list:
    """Fixed frame of the results: the chart keeps its place (and its axes) while inputs change."""
    return [
        Section("Auslastung je Team bis 12/2029", dcc.Graph(id=ids.SCEN_CHART, config=GRAPH_CONFIG,
                                                            figure=go.Figure()),
                subtitle="Linie: Szenario · gepunktet: Ausgangslage · 100 % = Personalschlüssel"),
        html.Div(id=ids.SCEN_TEAM_TABLE, className="mt-3"),
        html.Div(id=ids.SCEN_MONEY_TABLE, className="mt-3"),
        html.Div(id=ids.SCEN_FUNDS_TABLE, className="mt-3"),
    ]


# --- render functions ------------------------------------------------------------------------------

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


def summary(sentences: tuple[str, ...], changes: tuple[str, ...]) -> dbc.Alert:
    critical = any(s.startswith("Mit diesem Szenario liegt") for s in sentences)
    icon = STATUS_STYLE["critical" if critical else "ok"]["icon"]
    return dbc.Alert([html.Strong(f"{icon} Ergebnis: "), html.Span(" ".join(sentences), id="scen-summary-text")],
                     color="warning" if critical else "success", className="scen-summary")


def _top(*results: ScenarioFigures) -> float:
    """The chart's fixed y range: at least 150 %, else the baseline's peak with room (steps of 50 %)."""
    peak = max([v for r in results for t in r.teams for v in t.utilisation_pct if v is not None] or [0])
    return float(min(400, max(150, 50 * int(peak * 1.15 / 50 + 1))))


def utilisation_chart(scenario: ScenarioFigures, baseline: ScenarioFigures, top: float) -> go.Figure:
    x = ["Stichtag"] + [month_label(m.isoformat()) for m in scenario.months[1:]]
    fig = go.Figure()
    base_by = {t.code: t for t in baseline.teams}
    for i, t in enumerate(scenario.teams):
        color = PROVIDER_COLORS.get(t.code or "", OTHER_COLORS[i % len(OTHER_COLORS)])
        b = base_by.get(t.code)
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
    return fig


def _delta(value: float | None, base: float | None, fmt, *, lower_is_better: bool = True) -> html.Span:
    if value is None or base is None or abs(value - base) < 0.005:
        return html.Span("±0", className="delta delta-none")
    diff = value - base
    better = diff < 0 if lower_is_better else diff > 0
    arrow = "▼" if diff < 0 else "▲"
    sign = "+" if diff > 0 else "−"
    return html.Span(f"{arrow} {sign}{fmt(abs(diff))}", className="delta " + ("delta-better" if better else "delta-worse"),
                     title="besser als die Ausgangslage" if better else "schlechter als die Ausgangslage")


def team_table(fig: Comparison) -> dbc.Card:
    scenario = fig.scenario
    end = month_label(scenario.months[-1].isoformat())
    rows = []
    for d, t in zip(fig.deltas, scenario.teams, strict=True):
        rows.append([
            t.name, fmt_int(t.cases[0]), fmt_fte(t.fte[0]),
            [fmt_pct(d.pct_now), " ", _delta(d.pct_now, d.pct_now_base, lambda v: fmt_number(v, 1) + " P.")],
            StatusBadge(t.status),
            [fmt_pct(d.pct_end), " ", _delta(d.pct_end, d.pct_end_base, lambda v: fmt_number(v, 1) + " P.")],
            fmt_date(t.first_over) if t.first_over else "–",
            [fmt_fte(d.max_gap), " ", _delta(d.max_gap, d.max_gap_base, fmt_fte)],
        ])
    table = DataTable(["Team", "Fälle", "VZÄ", "Auslastung am Stichtag", "Status", f"Auslastung {end}",
                       "über dem Schlüssel ab", "fehlende VZÄ (höchstens)"], rows, table_id="scen-teams",
                      numeric={1, 2, 3, 5, 7})
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


def funds_table(fig: Comparison) -> dbc.Card | None:
    funds = fig.scenario.funds
    if not funds:
        return None
    rows = [[f.name, fmt_eur(f.allocated), fmt_eur(f.spent), fmt_eur(f.transferred_out),
             fmt_eur(f.transferred_in),
             [fmt_eur(f.remaining), " ", _delta(float(f.remaining), float(f.baseline_remaining),
                                                lambda v: fmt_eur(v), lower_is_better=False)]]
            for f in funds]
    return Section(f"Projektmittel {fig.scenario.as_of.year} je Träger", DataTable(
        ["Träger", "Zuweisung", "Ausgaben", "Übertragung ab", "Übertragung zu", "verbleibend"], rows,
        table_id="scen-funds", numeric={1, 2, 3, 4, 5}))


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
    header = ["Kennzahl"] + [s.name for s in items]
    body = [[r["figure"], *[r.get(f"s{i}", "–") for i in range(len(items))]] for r in rows]
    return DataTable(header, body, table_id="scen-comparison-table")


def form_feedback(error: str | None = None, success: str | None = None):
    """The scenario forms' answer: one reason after the icon (components.form_feedback, no title)."""
    return components.form_feedback(error, success, title=None)
