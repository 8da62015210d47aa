"""Landkreis: the Land's IM funds split among the Gemeinden by the annual target-group survey, who
runs IM where (A/B/C/Verbund), each Gemeinde's Eigenregie check, next year's allocation after the
re-survey with a knob for the Land funds, and the decision aid of seed 002 for one Gemeinde.
`layout` builds the frame; `content` and `detail` render `dashboard.services.county.CountyFigures`.
"""

from __future__ import annotations

from decimal import Decimal

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.eigenregie import decision_aid
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_int, fmt_number, fmt_pct, plotly_text
from dashboard.model.vocabulary import ImMode
from layouts import charts, county_report, ids, theme
from layouts.components import (
    DROPDOWN_LABELS,
    DataTable,
    EmptyState,
    FormField,
    KpiCard,
    PageSync,
    Section,
    graph_config,
)
from layouts.county_structure import structure_section
from layouts.presentation import Presentation, Slide

TITLE = "Landkreis"
PATH = "/landkreis"

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.COUNTY_KPI_FUNDS,)),
    Slide("zuteilung", "Zuteilung je Gemeinde", (ids.COUNTY_TABLE,), rows="Gemeinden"),
    Slide("neuerhebung", "Was die Neuerhebung bewegt", (ids.COUNTY_CHANGE_CHART,)),
    Slide("eigenregie", "Eigenregie-Prüfung", (ids.COUNTY_CHECK,), rows="Angaben"),
    Slide("entscheidungshilfe", "Entscheidungshilfe", (ids.COUNTY_DECISION,), rows="Punkte"),
), period_label="Jahr", period_id=ids.COUNTY_YEAR)
PAGE = "county"
OWN_MODES = (ImMode.own, ImMode.own_provider, ImMode.verbund)


def layout(jahr: str | None = None, mittel: str | None = None, gemeinde: str | None = None,
           kreis: str | None = None, **_query) -> html.Div:
    return html.Div([
        html.H1("Landkreis: Landesmittel für das Integrationsmanagement", className="page-title"),
        html.Div("Zuteilung an die Gemeinden nach der jährlichen Erhebung der Zielgruppe, wer das "
                 "Integrationsmanagement wo erbringt, und was die Neuerhebung im nächsten Jahr bewegt",
                 className="page-subtitle mb-2"),
        html.P(html.A("Verbünde von Gemeinden: Vereinbarung, Stunden, Abrechnung und Vergleich →", href="/landkreis/verbund",
                      id=ids.VERBUND_LINK, className="subview-link"), className="mb-3"),
        dbc.Row([
            FormField("Landkreis", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.COUNTY_KREIS, value=kreis, clearable=False, searchable=False),
                      ids.COUNTY_KREIS, md=3, id=ids.COUNTY_KREIS_FIELD, style={"display": "none"}),
            FormField("Berechnungsjahr", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.COUNTY_YEAR, value=jahr, clearable=False,
                                                      searchable=False), ids.COUNTY_YEAR, md=2),
            FormField("Landesmittel im Folgejahr (Annahme)",
                      dcc.Slider(id=ids.COUNTY_FUNDS_PCT, min=-50, max=50, step=5, marks=KNOB_MARKS,
                                 value=_int_or_zero(mittel), tooltip={"placement": "bottom"}),
                      ids.COUNTY_FUNDS_PCT, hint="gegenüber dem Berechnungsjahr, in %", md=4),
            FormField("Gemeinde für die Entscheidungshilfe",
                      dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.COUNTY_GEMEINDE, value=gemeinde, clearable=False),
                      ids.COUNTY_GEMEINDE, md=3),
        ], className="g-3 mb-3 align-items-end"),
        PageSync(ids.COUNTY_LOCATION, ids.COUNTY_REVISION, ids.COUNTY_REFRESH),
        html.Div(id=ids.COUNTY_MESSAGE),
        dcc.Loading(html.Div(id=ids.COUNTY_CONTENT), delay_show=400, type="dot"),
        html.Div(id=ids.COUNTY_DETAIL, className="mt-3"),
        *county_report.frame(),  # the Verwendungsnachweise and the Gesamtverwendungsnachweis PDF
    ])


def _int_or_zero(value: str | None) -> int:
    try:
        return max(-50, min(50, int(value))) if value not in (None, "") else 0
    except ValueError:
        return 0


def year_options(fig) -> list[dict]:
    return [{"label": str(y), "value": str(y)} for y in fig.years]


def kreis_options(fig) -> list[dict]:
    return [{"label": name, "value": key} for key, name in fig.kreise]


def gemeinde_options(fig) -> list[dict]:
    return [{"label": r.name, "value": r.ags} for r in fig.rows]


def _signed_eur(value: Decimal, cents: bool = True) -> str:
    return ("+" if value > 0 else "") + fmt_eur(value, cents=cents)


def _signed_pct(value: Decimal | int | None, digits: int = 1) -> str:
    if value is None:
        return "neu"
    return ("+" if value > 0 else "") + fmt_pct(float(value), digits)


KNOB_MARKS = {v: _signed_pct(v, 0) for v in range(-50, 51, 25)}


def _check_text(row) -> str:
    """Whether the allocation funds the minimum post, else what is missing (icon and text, never colour alone)."""
    return "✔ finanziert" if row.check.passes else f"✖ {fmt_eur(row.check.own_contribution)} fehlen"


def content(fig) -> list:
    """KPIs, the allocation table and the change chart for `fig` (services.county.CountyFigures)."""
    a, nxt = fig.allocation, fig.next_allocation
    window = f"Zuweisungen {fmt_date(a.window.start)}–{fmt_date(a.window.end)}"
    own = [r for r in fig.rows if r.mode in OWN_MODES]
    kpis = dbc.Row([
        dbc.Col(KpiCard(f"Landesmittel {fig.year}", fmt_eur(a.funds, cents=False), fig.county_name,
                        value_id=ids.COUNTY_KPI_FUNDS)),
        dbc.Col(KpiCard("Zielgruppe", fmt_int(a.total_persons), window, value_id=ids.COUNTY_KPI_PERSONS)),
        dbc.Col(KpiCard("Je Person", fmt_eur(a.per_person) if a.per_person else "–",
                        f"Rundungsrest beim Kreis: {fmt_eur(a.remainder)}", value_id=ids.COUNTY_KPI_PER_PERSON)),
        dbc.Col(KpiCard("Gemeinden in Eigenregie", f"{fmt_int(len(own))} von {fmt_int(len(fig.rows))}",
                        "A, B oder Verbund; die übrigen beim Landkreis (C)", value_id=ids.COUNTY_KPI_OWN)
                if len(fig.rows) != 1 else  # a Gemeinde's user sees its own row only
                KpiCard(f"IM in {fig.rows[0].name}", fig.rows[0].mode_short, fig.rows[0].mode_text,
                        value_id=ids.COUNTY_KPI_OWN)),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-2 row-cols-xl-4")
    next_label = f"Zuweisung {fig.next_year}"
    header = ["Gemeinde", "IM durch", "Personen", f"Zuweisung {fig.year}", next_label,
              "Veränderung", "", f"Stelle {fmt_fte(fig.rule.min_post_fte)} VZÄ"]
    rows = [[r.name, r.mode_short, fmt_int(r.persons), fmt_eur(r.amount),
             fmt_eur(r.change.next_year), _signed_eur(r.change.change), _signed_pct(r.change.change_pct),
             _check_text(r)]
            for r in fig.rows]
    footer = ["Landkreis gesamt", "", fmt_int(a.total_persons), fmt_eur(a.funds),
              fmt_eur(nxt.funds), _signed_eur(nxt.funds - a.funds), "", ""]
    table = Section(f"Zuteilung je Gemeinde {fig.year} und {fig.next_year}", [
        DataTable(header, rows, table_id=ids.COUNTY_TABLE, numeric={2, 3, 4, 5, 6}, footer=footer),
        html.P(f"Rundungsrest {fig.year}: {fmt_eur(a.remainder)}, {fig.next_year}: {fmt_eur(nxt.remainder)} – "
               "die Anteile werden auf den Cent abgerundet, der Rest bleibt beim Kreis.", className="small mb-0"),
    ], subtitle=_rule_text(fig), download=(PAGE, "allocation"))
    if len(fig.rows) == 1:  # one bar says less than a sentence
        r = fig.rows[0]
        chart = Section(f"Was die Neuerhebung {fig.next_year} bewegt", html.P(
            f"{r.name}: {fmt_eur(r.amount)} im Jahr {fig.year}, {fmt_eur(r.change.next_year)} im Jahr {fig.next_year} "
            f"({_signed_eur(r.change.change)}, {_signed_pct(r.change.change_pct)}).", id=ids.COUNTY_CHANGE_CHART,
            className="lead mb-0"), subtitle=_next_text(fig))
    else:
        chart = Section(f"Was die Neuerhebung {fig.next_year} bewegt", dcc.Graph(
            id=ids.COUNTY_CHANGE_CHART, figure=change_chart(fig), config=graph_config("landkreis-veraenderung")),
            subtitle=_next_text(fig))
    return [kpis, dbc.Row([dbc.Col(table, xs=12), dbc.Col(chart, xs=12),
                           dbc.Col(structure_section(fig, PAGE), xs=12)], className="g-3")]


def _rule_text(fig) -> str:
    return (f"Anteil = Personen der Gemeinde ÷ Personen im Kreis × Landesmittel; Erhebungsfenster "
            f"{fig.rule.window_years} Jahre, für {fig.year} die Zuweisungen {fmt_date(fig.allocation.window.start)}"
            f"–{fmt_date(fig.allocation.window.end)}")


def _next_text(fig) -> str:
    w = fig.next_window
    funds = (f"Landesmittel {fig.next_year} angenommen: {fmt_eur(fig.next_allocation.funds, cents=False)} "
             f"({_signed_pct(fig.funds_pct)} gegenüber {fig.year})" if fig.next_funds_assumed
             else f"Landesmittel {fig.next_year}: {fmt_eur(fig.next_allocation.funds, cents=False)} (erfasst"
             + (f", {_signed_pct(fig.funds_pct)} als Annahme)" if fig.funds_pct else ")"))
    survey = ("" if fig.next_survey_complete else
              f" · ▲ Erhebung erst bis {fmt_date(fig.survey_until)}: das Fenster ist noch nicht vollständig")
    return f"Fenster {fmt_date(w.start)}–{fmt_date(w.end)} · {funds}{survey}"


def change_chart(fig) -> go.Figure:
    """Each Gemeinde's change in € from this year to next, from the largest gain to the largest loss."""
    rows = sorted(fig.rows, key=lambda r: r.change.change, reverse=True)
    values = [float(r.change.change) for r in rows]
    chart = go.Figure(go.Bar(
        x=[plotly_text(r.name) for r in rows], y=values,
        marker=dict(color=["#0072B2" if v >= 0 else "#C0392B" for v in values]),
        customdata=[f"{_signed_eur(r.change.change, cents=False)} ({_signed_pct(r.change.change_pct)})"
                    for r in rows],
        hovertemplate="%{x}: %{customdata}<extra></extra>"))
    chart.update_layout(margin=dict(l=10, r=20, t=10, b=140), bargap=0.2)
    chart.update_yaxes(title_text="€", zeroline=True, zerolinewidth=2, tickformat=",.0f")
    chart.update_xaxes(tickangle=-60, tickfont=dict(size=14))
    charts.base_layout(chart, height=460)
    chart.update_layout(margin=dict(l=10, r=20, t=10, b=140))
    chart.update_yaxes(zerolinecolor=theme.colours().ink)
    return chart


def detail(fig, ags: str | None) -> list:
    """The Eigenregie check and the seed's decision points for one Gemeinde."""
    if not fig.rows:
        return [EmptyState("Für diesen Landkreis sind keine Gemeinden angelegt.")]
    row = next((r for r in fig.rows if r.ags == ags), fig.rows[0])
    check = row.check
    posts = ", ".join(f"{p.employer}: {fmt_fte(p.fte)} VZÄ{'' if p.filled else ' (unbesetzt)'}"
                      for p in row.posts) or "keine eigene Stelle erfasst"
    facts = DataTable(["", ""], [
        ["Wer erbringt IM", row.mode_text + (f" ({row.provider_name})" if row.provider_name else "")
         + (f", seit {fmt_date(row.mode_since)}" if row.mode_since else "")],
        [f"Zuweisung {fig.year}", fmt_eur(row.amount)],
        ["Finanziert", f"{fmt_number(check.fundable_fte, 2)} VZÄ bei {fmt_eur(check.cost_per_fte, cents=False)} je VZÄ"],
        [f"Mindeststelle {fmt_fte(check.min_post_fte)} VZÄ", "✔ finanziert" if check.passes
         else f"✖ es fehlen {fmt_eur(check.own_contribution)} im Jahr"],
        ["Stellen", posts],
        ["Vermerk", row.note or "–"],
    ], table_id=ids.COUNTY_CHECK)
    points = decision_aid(check, row.change, fig.next_year)
    decision = DataTable(["Punkt", f"Zahlen für {row.name}", "In Eigenregie", "Beim Landkreis"],
                         [[p.trade_off.topic, p.figures or "–", p.trade_off.eigenregie, p.trade_off.landkreis]
                          for p in points], table_id=ids.COUNTY_DECISION)
    return [dbc.Row([
        dbc.Col(Section(f"Eigenregie-Prüfung: {row.name}", facts), xxl=4),
        dbc.Col(Section("Entscheidungshilfe: Eigenregie oder Landkreis", decision,
                        subtitle="Vor- und Nachteile nach der Aufstellung des Landratsamts (Vorlage 2024)"), xxl=8),
    ], className="g-3")]
