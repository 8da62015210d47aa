"""Personal (VZÄ), the money: fixed-term funding (a timeline from the Stichtag to each post's funding
end, the warning period shaded) and the yearly costs of the planned VZÄ. Renders parts of
`dashboard.model.figures.staffing.StaffingFigures`; the page module is `layouts.staffing`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.figures.staffing import CostFigures, FundingEnd, StaffingFigures
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_number, plotly_text
from dashboard.model.plan_checks import FundingStatus
from layouts import charts, ids
from layouts.components import EmptyState, Section, graph_config
from layouts.staffing_plan import PAGE

FUNDING_COLORS = {FundingStatus.ok: "#0072B2", FundingStatus.warning: "#A86F00", FundingStatus.ended: "#5f6b76",
                  FundingStatus.open: "#0072B2"}
FUNDING_ICONS = {FundingStatus.warning: "▲ ", FundingStatus.ended: "✖ ", FundingStatus.ok: "", FundingStatus.open: ""}


def _months(n: int) -> str:
    return "weniger als 1 Monat" if n == 0 else f"{n} Monat" if n == 1 else f"{n} Monaten"


def funding_timeline(rows: Sequence[FundingEnd], day: dt.date, warning_until: dt.date, months: int) -> go.Figure:
    """Bars from the Stichtag to each post's funding end; the warning period is shaded."""
    names = [plotly_text(f"{r.short_name} {'bis zu ' if r.upper_bound else ''}{fmt_fte(r.planned)} VZÄ") for r in rows]
    ends = [r.funded_until for r in rows]
    starts = [min(day, end) for end in ends]
    durations = [max(1, (end - start).days) * 86_400_000 for start, end in zip(starts, ends)]
    labels = [f"{FUNDING_ICONS[r.status]}{fmt_date(r.funded_until)}"
              + (f" (noch {_months(r.months_left)})" if r.status == FundingStatus.warning else "") for r in rows]
    fig = go.Figure(go.Bar(
        y=names, x=durations, base=[s.isoformat() for s in starts], orientation="h",
        marker_color=[FUNDING_COLORS[r.status] for r in rows], text=labels, textposition="outside",
        cliponaxis=False, textfont=dict(size=18),
        hovertext=[f"{plotly_text(r.name)}: gefördert bis {fmt_date(r.funded_until)} ({r.funding_text})"
                   for r in rows],
        hoverinfo="text",
    ))
    last = max(ends + [warning_until])
    right = dt.date(last.year + 1, 12, 31) if last.month > 6 else dt.date(last.year + 1, 6, 30)
    fig.add_vrect(x0=day.isoformat(), x1=warning_until.isoformat(), fillcolor="#E69F00", opacity=0.15,
                  line_width=0, layer="below")
    fig.add_vline(x=day.isoformat(), line_width=3, line_color="#1b1b1b")
    fig.add_annotation(x=day.isoformat(), y=1.0, yref="paper", yanchor="bottom", xanchor="left", showarrow=False,
                       text=f"Stichtag {fmt_date(day)} · Warnbereich {months} Monate", font=dict(size=17))
    fig.update_xaxes(type="date", range=[(day - dt.timedelta(days=30)).isoformat(), right.isoformat()],
                     tickformat="%Y", dtick="M12", ticklabelmode="period", gridcolor="#e5e5e5",
                     tickfont=dict(size=18))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=18))
    charts.base_layout(fig, height=110 + 56 * len(rows))
    fig.update_layout(margin=dict(l=10, r=30, t=40, b=40), bargap=0.35)
    return fig


def funding_section(fig: StaffingFigures):
    rows = fig.funding
    months = fig.warning_months
    if not rows:
        body = EmptyState("Zum Stichtag hat keine Stelle eine befristete Finanzierung.")
    else:
        soon = [r for r in rows if r.ends_soon]
        alert = (dbc.Alert([html.Strong(f"▲ Finanzierung endet innerhalb von {months} Monaten: "),
                            "; ".join(f"{r.name} am {fmt_date(r.funded_until)}"
                                      + (" (bereits ausgelaufen)" if r.status == FundingStatus.ended else
                                         f" (noch {_months(r.months_left)})") for r in soon)],
                           color="warning", className="mb-2 funding-alert")
                 if soon else dbc.Alert(f"✔ Keine Förderung endet in den nächsten {months} Monaten.",
                                        color="success", className="mb-2"))
        body = [html.Div(alert, id=ids.STAFFING_FUNDING_WARNINGS),
                dcc.Graph(id=ids.STAFFING_FUNDING_CHART, config=graph_config("befristete-finanzierung"),
                          figure=funding_timeline(rows, fig.as_of, fig.warning_until, months))]
    return Section("Befristete Finanzierung", body, download=(PAGE, "funding"),
                   subtitle=f"Förderung je Stelle ab Stichtag; Warnung, wenn sie in höchstens {months} Monaten endet "
                            "(von der Administration eingestellt)")


def costs_section(costs: CostFigures):
    p = costs.parameters
    rows = costs.rows
    if not rows:
        return Section("Kosten je Jahr", EmptyState("Zum Stichtag sind keine Stellen erfasst."))
    header = html.Thead(html.Tr([html.Th(h, className="text-end" if i >= 2 else None) for i, h in enumerate(
        ["Stelle", "Finanzierung", "VZÄ Soll", "Personalkosten", "Landesmittel", "Pauschale",
         "Zuschuss Stadt", "Lücke IM"])]))

    def money(value):
        return fmt_eur(value, cents=False) if value is not None else "–"

    def cells(planned, cost, tag=html.Td):
        return [tag(fmt_fte(planned), className="text-end")] + [
            tag(money(getattr(cost, k)), className="text-end")
            for k in ("personnel", "land_funds", "overhead", "city_subsidy", "gap")]

    body = [html.Tr([html.Td(r.short_name), html.Td(r.funding_text)] + cells(r.planned, r)) for r in rows]
    footer = html.Tfoot(html.Tr([html.Th("Summe", colSpan=2)] + cells(costs.planned, costs.total, html.Th)))
    table = dbc.Table([header, html.Tbody(body), footer], id=ids.STAFFING_COSTS_TABLE,
                      className="data-table costs-table", responsive=True)
    im = costs.im
    summary = html.Div([
        html.Strong(f"Integrationsmanagement ({fmt_fte(costs.im_fte)} VZÄ): "),
        f"Personalkosten {money(im.personnel)}, Landesmittel {money(im.land_funds)}, ",
        html.Strong(f"Lücke {money(im.gap)} je Jahr"),
        " (Kosten − Landesmittel).",
    ], className="costs-summary mb-2")
    assumptions = html.Div([
        f"Annahmen: Arbeitgeberkosten {money(p.cost_per_fte)} je VZÄ und Jahr (Planwert TVöD SuE S 11b, "
        f"2025 etwa 72.000–78.000 €); Landesmittel {money(p.land_funds_per_fte)} je VZÄ (VwV IM); "
        f"Sach- und Gemeinkostenpauschale {fmt_number(p.overhead_rate_pct, 1)} % der landesgeförderten "
        "Personalkosten freier Träger (nicht für städtisches Personal); städtischer Zuschuss für "
        f"Ehrenamtskoordination und MBE höchstens S 11b ({money(p.subsidy_cap_per_fte)} je VZÄ). "
        "Berechnet auf VZÄ Soll, „bis zu“-Stellen mit ihrer Obergrenze.",
    ], className="table-note")
    return Section("Kosten je Jahr (Planwerte)", [summary, table, assumptions], download=(PAGE, "costs"),
                   subtitle="Personalkosten, Landesmittel, Pauschale und städtische Zuschüsse je Stelle")
