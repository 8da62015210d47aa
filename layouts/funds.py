"""Projektmittel: 15.000 € a year for volunteer coordination, a third per Träger. The page shows what
is left per Träger, the burn-down with a projection to 31.12., the ledger, and two forms to book an
expense or a transfer (Koordinierungskreis decision). `layout` builds the frame with the forms;
`content` and `ledger` render the typed figures (`dashboard.model.figures.funds.FundsFigures`) that
`dashboard.services.funds.page_figures` returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.figures.funds import FundsFigures, FundsSeries, ProviderFunds
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_int, month_names
from dashboard.model.funds import Projection
from layouts import ids, theme
from layouts.charts import FONT
from layouts.components import (
    PROVIDER_COLORS,
    STATUS_STYLE,
    DataTable,
    EditArea,
    EmptyState,
    FormField,
    KpiCard,
    Section,
    amount_input,
    date_input,
    graph_config,
)
from layouts.paging import PagedTable
from layouts.presentation import Presentation, Slide

TITLE = "Projektmittel"
PATH = "/projektmittel"  # as registered in dashboard.pages

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.FUNDS_KPI_REMAINING,)),
    Slide("traeger", "Projektmittel je Träger", (ids.FUNDS_PROVIDER_TABLE,), rows="Träger"),
    Slide("verlauf", "Verlauf und Prognose", (ids.FUNDS_BURNDOWN_CHART,)),
    Slide("buchungen", "Buchungen", (ids.FUNDS_LEDGER_TABLE,), rows="Buchungen"),
), period_label="Jahr", period_id=ids.FUNDS_YEAR)
MONTHS = month_names(abbreviated=True)
TOTAL_COLOR = "#1b1b1b"
CHART_PROVIDERS = 8  # of more Träger (a Land: 180) the chart draws the sum and the 8 with the lowest projection


def layout(jahr: str | None = None, access: FormAccess = FormAccess(), **_query) -> html.Div:
    year_options = [{"label": jahr, "value": jahr}] if jahr and jahr.isdigit() else []
    return html.Div([
        dcc.Location(id=ids.FUNDS_LOCATION, refresh="callback-nav"),
        dcc.Store(id=ids.FUNDS_REVISION),
        dcc.Interval(id=ids.FUNDS_REFRESH, interval=30_000),
        dbc.Row([
            dbc.Col([
                html.H1("Projektmittel Ehrenamtskoordination", className="page-title"),
                html.Div("Zuweisung je Träger, Ausgaben, Übertragungen nach Beschluss des "
                         "Koordinierungskreises und was bis Jahresende bleibt", className="page-subtitle"),
            ], md=8),
            dbc.Col([
                dbc.Label("Jahr", html_for=ids.FUNDS_YEAR, className="filter-label"),
                dbc.Select(id=ids.FUNDS_YEAR, options=year_options, value=jahr if year_options else None,
                           className="year-filter"),
            ], md=4, className="text-md-end"),
        ], className="align-items-end mb-3"),
        html.Div(id=ids.FUNDS_MESSAGE),
        dcc.Loading(html.Div(id=ids.FUNDS_CONTENT), delay_show=400, type="dot"),
        dbc.Row([
            dbc.Col(Section("Ausgabe buchen", EditArea(_expense_form(), offered=access.edits,
                                                       refusal=access.refusal("Ausgaben buchen")),
                            subtitle="verringert die verbleibenden Mittel des Trägers"), xxl=6),
            dbc.Col(Section("Übertragung an einen anderen Träger", EditArea(
                _transfer_form(), offered=access.edit_city, refusal=access.city_only("Übertragungen", "nach Beschluss des Koordinierungskreises")),
                subtitle="nur mit Beschluss des Koordinierungskreises"), xxl=6),
        ], className="g-3 mb-3"),
        html.Div(id=ids.FUNDS_LEDGER),
    ], className="funds-page")




def _expense_form() -> html.Div:
    return html.Div([
        dbc.Row([
            FormField("Träger", dbc.Select(id=ids.FUNDS_EXPENSE_PROVIDER, options=[],
                                        placeholder="Träger wählen …"),
                   ids.FUNDS_EXPENSE_PROVIDER, md=4),
            FormField("Datum", date_input(ids.FUNDS_EXPENSE_DATE), ids.FUNDS_EXPENSE_DATE, md=4),
            FormField("Betrag in €", amount_input(ids.FUNDS_EXPENSE_AMOUNT), ids.FUNDS_EXPENSE_AMOUNT, md=4),
        ], className="g-3 mb-3 align-items-end"),
        dbc.Row([
            FormField("Zweck", dbc.Input(id=ids.FUNDS_EXPENSE_PURPOSE, type="text", maxLength=300,
                                      placeholder="z. B. Material Sprachcafé", autoComplete="off"),
                   ids.FUNDS_EXPENSE_PURPOSE, md=12),
        ], className="g-3 mb-3"),
        dbc.Button("Ausgabe buchen", id=ids.FUNDS_EXPENSE_SUBMIT, color="primary", size="lg",
                   className="submit-button"),
        html.Div(id=ids.FUNDS_EXPENSE_MESSAGE, className="form-message", role="status",
                 **{"aria-live": "polite"}),
    ], className="funds-form")


def _transfer_form() -> html.Div:
    return html.Div([
        dbc.Row([
            FormField("Von (Träger)", dbc.Select(id=ids.FUNDS_TRANSFER_FROM, options=[],
                                              placeholder="abgebender Träger …"),
                   ids.FUNDS_TRANSFER_FROM, md=4),
            FormField("An (Träger)", dbc.Select(id=ids.FUNDS_TRANSFER_TO, options=[],
                                             placeholder="empfangender Träger …"),
                   ids.FUNDS_TRANSFER_TO, md=4),
            FormField("Betrag in €", amount_input(ids.FUNDS_TRANSFER_AMOUNT), ids.FUNDS_TRANSFER_AMOUNT, md=4),
        ], className="g-3 mb-3 align-items-end"),
        dbc.Row([
            FormField("Datum der Übertragung", date_input(ids.FUNDS_TRANSFER_DATE), ids.FUNDS_TRANSFER_DATE, md=4),
            FormField("Beschluss Koordinierungskreis vom", date_input(ids.FUNDS_TRANSFER_DECISION_DATE),
                   ids.FUNDS_TRANSFER_DECISION_DATE, md=4),
            FormField("Aktenzeichen / TOP (optional)",
                   dbc.Input(id=ids.FUNDS_TRANSFER_DECISION_REF, type="text", maxLength=120,
                             placeholder="z. B. TOP 4", autoComplete="off"),
                   ids.FUNDS_TRANSFER_DECISION_REF, md=4),
        ], className="g-3 mb-3 align-items-end"),
        dbc.Row([
            FormField("Zweck", dbc.Input(id=ids.FUNDS_TRANSFER_PURPOSE, type="text", maxLength=300,
                                      placeholder="z. B. Sprachgruppen im Sozialraum 1", autoComplete="off"),
                   ids.FUNDS_TRANSFER_PURPOSE, md=12),
        ], className="g-3 mb-3"),
        dbc.Button("Übertragung buchen", id=ids.FUNDS_TRANSFER_SUBMIT, color="primary", size="lg",
                   className="submit-button"),
        html.Div(id=ids.FUNDS_TRANSFER_MESSAGE, className="form-message", role="status",
                 **{"aria-live": "polite"}),
    ], className="funds-form")


def provider_options(providers: Sequence[ProviderFunds]) -> list[dict]:
    return [{"label": p.provider, "value": str(p.provider_id)} for p in providers]


def year_options(fig: FundsFigures) -> list[dict]:
    return [{"label": str(y), "value": str(y)} for y in fig.years]


NOT_BOOKED = "Nicht gebucht:"  # the title over every reason a booking was refused (components.form_feedback)


# --- content --------------------------------------------------------------------------------------

def content(fig: FundsFigures) -> list:
    """KPIs, the table per Träger and the burn-down with its projection."""
    if not fig.by_provider:
        return [EmptyState("Es sind keine Träger mit Projektmitteln erfasst.",
                           "Bitte Daten importieren oder die Demodaten laden.")]
    year, totals = fig.year, fig.totals
    total = fig.series[0].projection
    expenses = sum(1 for e in fig.ledger if e.kind == "expense")
    transfers = sum(1 for e in fig.ledger if e.kind == "transfer")
    allocated = totals.allocated
    spent_pct = (f"{fmt_int(100 * totals.spent / allocated)} % der Zuweisung"
                 if allocated > 0 else "keine Zuweisung")
    kpis = dbc.Row([
        dbc.Col(KpiCard(f"Verbleibend {year}", fmt_eur(totals.remaining),
                        f"von {fmt_eur(totals.allocated)} zugewiesen (Jahresbudget {fmt_eur(fig.budget)})",
                        value_id=ids.FUNDS_KPI_REMAINING)),
        dbc.Col(KpiCard("Ausgegeben", fmt_eur(totals.spent),
                        f"{expenses} {'Ausgabe' if expenses == 1 else 'Ausgaben'} · {spent_pct}",
                        value_id=ids.FUNDS_KPI_SPENT)),
        dbc.Col(KpiCard("Übertragen", fmt_eur(totals.transferred_out),
                        f"{transfers} {'Übertragung' if transfers == 1 else 'Übertragungen'} "
                        "nach Beschluss des Koordinierungskreises", value_id=ids.FUNDS_KPI_TRANSFERRED)),
        dbc.Col(KpiCard(f"Prognose 31.12.{year}", _projection_value(total), _rate_text(total),
                        value_id=ids.FUNDS_KPI_PROJECTION, badge=_projection_badge(total))),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-2 row-cols-xl-4")

    if allocated == 0 and not fig.ledger:
        return [kpis, EmptyState(f"Für {year} sind noch keine Projektmittel zugewiesen oder gebucht.",
                                 "Bitte oben ein anderes Jahr wählen.")]

    details = dbc.Row([
        dbc.Col(Section(f"Projektmittel {year} je Träger", [provider_table(fig), projection_text(fig)],
                        subtitle="verbleibend = Zuweisung − Ausgaben − Übertragung ab + Übertragung zu",
                        download=("funds", "providers")), xxl=6),
        dbc.Col(Section("Verlauf und Prognose", dcc.Graph(
            id=ids.FUNDS_BURNDOWN_CHART, figure=burndown_chart(fig),
            config=graph_config(f"projektmittel-verlauf-{year}")),
            subtitle="verbleibende Mittel; gestrichelt: bei gleicher Ausgabenrate bis 31.12."
            + (f" · alle Träger zusammen und die {fmt_int(CHART_PROVIDERS)} mit der niedrigsten Prognose zum "
               "31.12. (alle in der Tabelle)" if len(fig.series) - 1 > CHART_PROVIDERS else "")), xxl=6),
    ], className="g-3 mb-3")
    return [kpis, details]


def _projection_value(p: Projection) -> str:
    if p.closed:
        return fmt_eur(p.remaining)
    return fmt_eur(p.projected_end, cents=False)


def _rate_text(p: Projection) -> str:
    if p.closed:
        return "Jahr abgeschlossen: nicht verwendet"
    return f"bei bisher rund {fmt_eur(p.rate_per_month, cents=False)} Ausgaben je Monat"


def _projection_badge(p: Projection) -> html.Span:
    """Whether the money lasts: icon and text with the colour, never colour alone."""
    if p.closed:
        style, text = STATUS_STYLE["no_capacity"], "Jahr abgeschlossen"
    elif p.lasts and p.remaining > 0:
        style, text = STATUS_STYLE["ok"], f"{STATUS_STYLE['ok']['icon']} reicht bis 31.12."
    else:
        style, text = STATUS_STYLE["critical"], f"{STATUS_STYLE['critical']['icon']} reicht nicht"
    return html.Span(text, className="status-badge", title="Prognose bei gleicher Ausgabenrate",
                     style={"backgroundColor": style["color"], "color": style["text"]})


def _projection_sentence(label: str, p: Projection, year: int) -> str:
    end = fmt_date(p.end)
    if p.closed:
        return f"{label}: Jahr abgeschlossen, nicht verwendet {fmt_eur(p.remaining)}."
    if p.remaining <= 0:
        return f"{label}: ✖ keine Mittel mehr verfügbar."
    if p.lasts:
        return (f"{label}: ✔ reicht bis {end}, voraussichtlich bleiben rund "
                f"{fmt_eur(p.projected_end, cents=False)} übrig.")
    return (f"{label}: ✖ reicht nicht, voraussichtlich aufgebraucht am "
            f"{fmt_date(p.runs_out_on)} – bis {end} fehlen rund "
            f"{fmt_eur(-p.projected_end, cents=False)}.")


def projection_text(fig: FundsFigures) -> html.Div:
    """Whether the money lasts to 31.12., in words: all Träger together, then each Träger."""
    year = fig.year
    total = fig.series[0].projection
    end = f"31.12.{year}"
    if total.closed:
        headline = (f"Das Jahr {year} ist abgeschlossen. Nicht verwendet wurden "
                    f"{fmt_eur(total.remaining)}.")
    elif total.remaining <= 0:
        headline = f"Die Projektmittel {year} sind aufgebraucht."
    elif total.lasts:
        headline = (f"✔ Das Geld reicht voraussichtlich bis zum {end}: Bei der bisherigen Ausgabenrate "
                    f"(rund {fmt_eur(total.rate_per_month, cents=False)} je Monat) bleiben am {end} "
                    f"rund {fmt_eur(total.projected_end, cents=False)} übrig.")
    else:
        headline = (f"✖ Das Geld reicht voraussichtlich nicht bis zum {end}: Bei der bisherigen "
                    f"Ausgabenrate (rund {fmt_eur(total.rate_per_month, cents=False)} je Monat) ist es "
                    f"etwa am {fmt_date(total.runs_out_on)} aufgebraucht.")
    per_provider = [html.Li(_projection_sentence(s.label, s.projection, year))
                    for s in fig.series[1:]]
    return html.Div([html.Div(f"Reicht das Geld bis {end}?", className="projection-title"),
                     html.P(headline, className="projection-headline mb-1"),
                     html.Ul(per_provider, className="projection-list mb-0")],
                    id=ids.FUNDS_PROJECTION_TEXT, className="projection-text")


def provider_table(fig: FundsFigures) -> dbc.Table:
    header = ["Träger", "Zuweisung", "Ausgaben", "Übertragung ab", "Übertragung zu", "Verbleibend"]
    keys = ("allocated", "spent", "transferred_out", "transferred_in", "remaining")
    rows = [[p.provider, *[_eur_or_dash(getattr(p, k)) for k in keys[:-1]], html.Strong(fmt_eur(p.remaining))]
            for p in fig.by_provider]
    footer = ["Summe", *[_eur_or_dash(getattr(fig.totals, k)) for k in keys]]
    return DataTable(header, rows, table_id=ids.FUNDS_PROVIDER_TABLE, numeric={1, 2, 3, 4, 5}, footer=footer)


def _eur_or_dash(value: Decimal) -> str:
    return fmt_eur(value) if value != 0 else "–"


def ledger(fig: FundsFigures, query: Mapping[str, str] | None = None):
    """The ledger lines, newest first, one page at a time (`query`: the URL, layouts.paging); transfers
    with receiver and the Koordinierungskreis decision."""
    year = fig.year
    if not fig.ledger:
        body = EmptyState(f"Für {year} gibt es noch keine Buchungen.")
    else:
        rows = []
        for e in reversed(fig.ledger):
            transfer = None
            if e.kind == "transfer":
                transfer = html.Div([
                    html.Div(f"an {e.to_provider}", className="fw-bold"),
                    html.Div(f"Beschluss Koordinierungskreis vom {fmt_date(e.decision_date)}"),
                    html.Div(e.decision_ref, className="ledger-ref") if e.decision_ref else None,
                ])
            rows.append([fmt_date(e.date), e.provider, e.kind_text,
                         fmt_eur(e.amount), e.purpose, transfer or ""])
        body = PagedTable(["Datum", "Träger", "Art", "Betrag", "Zweck", "Übertragung / Beschluss"], rows,
                          table_id=ids.FUNDS_LEDGER_TABLE, page_name="funds", table="ledger", query=query,
                          noun="Buchungen", numeric={3})
    return Section(f"Buchungen {year}", body, subtitle="neueste zuerst", download=("funds", "ledger"))


# --- chart ----------------------------------------------------------------------------------------

def charted(series: Sequence[FundsSeries]) -> list[FundsSeries]:
    """The lines the chart draws: all of them for a city; of more than CHART_PROVIDERS Träger the sum
    and those with the lowest projection to 31.12. (the first to run out), in their order."""
    total, providers = [s for s in series if s.key == "total"], [s for s in series if s.key != "total"]
    if len(providers) <= CHART_PROVIDERS:
        return list(series)
    lowest = set(sorted(range(len(providers)), key=lambda i: providers[i].projection.projected_end)[:CHART_PROVIDERS])
    return total + [s for i, s in enumerate(providers) if i in lowest]


def burndown_chart(fig: FundsFigures) -> go.Figure:
    """Remaining funds over the year (all Träger, and each Träger) as steps, with a dashed
    straight-line projection at the spending rate so far to 31.12."""
    year = fig.year
    start, end = fig.start, fig.end
    chart = go.Figure()
    for s in charted(fig.series):
        color = TOTAL_COLOR if s.key == "total" else PROVIDER_COLORS.get(s.code, "#5f6b76")
        width = 5 if s.key == "total" else 3
        xs = [d.isoformat() for d, _ in s.points]
        ys = [float(v) for _, v in s.points]  # plotting only; the numbers shown are exact
        chart.add_trace(go.Scatter(
            x=xs, y=ys, name=s.label, mode="lines", line=dict(color=color, width=width, shape="hv"),
            legendgroup=s.key, hovertemplate=f"{s.label}<br>%{{x|%d.%m.%Y}}: %{{y:,.2f}} €<extra></extra>",
        ))
        p = s.projection
        if xs and not p.closed:
            chart.add_trace(go.Scatter(
                x=[p.day.isoformat(), p.end.isoformat()], y=[float(p.remaining), float(p.projected_end)],
                name=f"Prognose {s.label}", mode="lines", showlegend=False, legendgroup=s.key,
                line=dict(color=color, width=max(2, width - 2), dash="dash"),
                hovertemplate=f"Prognose {s.label}<br>%{{x|%d.%m.%Y}}: %{{y:,.2f}} €<extra></extra>",
            ))
    chart.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="Prognose",
                               line=dict(color="#5f6b76", width=2, dash="dash"), hoverinfo="skip"))
    chart.add_hline(y=0, line_width=2, line_color="#1b1b1b")
    stand = fig.series[0].projection.day
    if start < stand < end:
        chart.add_shape(type="line", x0=stand.isoformat(), x1=stand.isoformat(), y0=0, y1=1, yref="paper",
                        line=dict(color="#5f6b76", width=2, dash="dot"))
        chart.add_annotation(x=stand.isoformat(), y=1, yref="paper", yanchor="bottom", showarrow=False,
                             text=f"Stand {fmt_date(stand)}", font=dict(size=15))
    months = [dt.date(year, m, 1).isoformat() for m in range(1, 13)]
    chart.update_xaxes(range=[start.isoformat(), (end + dt.timedelta(days=1)).isoformat()],
                       tickvals=months, ticktext=MONTHS, gridcolor="#e5e5e5", tickfont=dict(size=16))
    chart.update_yaxes(ticksuffix=" €", tickformat=",.0f", gridcolor="#e5e5e5", rangemode="tozero", ticklabelstandoff=8,
                       tickfont=dict(size=16))
    chart.update_layout(
        height=480, font=FONT, separators=",.", paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=20, t=40, b=30), showlegend=True, hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.06, x=0, font=dict(size=16)),
    )
    return theme.apply(chart)
