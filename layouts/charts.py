"""Plotly figure builders from plain figures (no database): large fonts, German separators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.model.figures.caseload import AgeBand, HorizonMonth, MonthFigures
from dashboard.model.figures.overview import TeamFigures
from dashboard.model.formatting import fmt_int, fmt_month, fmt_number, fmt_pct
from layouts import theme
from layouts.components import STATUS_STYLE

FONT = dict(family="DejaVu Sans, Segoe UI, Arial, sans-serif", size=18, color="#1b1b1b")


def base_layout(fig: go.Figure, *, height: int) -> go.Figure:
    fig.update_layout(
        height=height, font=FONT, separators=",.", paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=30, t=10, b=40), showlegend=False,
    )
    return theme.apply(fig)


def team_utilisation(teams: Sequence[TeamFigures], ratio: int) -> go.Figure:
    """Horizontal bars of utilisation per team against the 100 % line of the staff ratio."""
    shown = list(teams)
    names = [t.team for t in shown]
    values = [t.utilisation_pct or 0 for t in shown]
    labels = [
        (f"{fmt_pct(t.utilisation_pct)}  {STATUS_STYLE[t.status]['icon']} "
         f"{STATUS_STYLE[t.status]['label']}") if t.utilisation_pct is not None
        else f"{STATUS_STYLE['no_capacity']['icon']} {fmt_int(t.cases)} Fälle ohne Kapazität"
        for t in shown
    ]
    colors = [STATUS_STYLE[t.status]["color"] for t in shown]
    hover = [f"{t.team}: {fmt_int(t.cases)} Fälle, {fmt_number(t.fte, 2)} VZÄ, "
             f"Kapazität {fmt_number(t.capacity, 0)}" for t in shown]
    fig = go.Figure(go.Bar(
        x=values, y=names, orientation="h", marker_color=colors, hovertext=hover, hoverinfo="text",
    ))
    top = max([100.0, *values]) * 1.6
    fig.add_vline(x=100, line_width=3, line_dash="dash", line_color="#1b1b1b", layer="below")
    # the labels are annotations on an opaque ground, so the norm line never runs through their text;
    # set at once (add_annotation per team copies all earlier ones: 180 teams took 7 s, issue 18)
    annotations = [dict(x=value, y=name, text=label, showarrow=False, xanchor="left", xshift=6,
                        font=dict(size=20), bgcolor="white", borderpad=2)
                   for name, value, label in zip(names, values, labels, strict=True)]
    annotations.append(dict(x=100, y=1.02, yref="paper", text=f"Norm 1:{ratio} = 100 %", showarrow=False,
                            xanchor="left", font=dict(size=16)))
    fig.update_layout(annotations=annotations)
    fig.update_xaxes(range=[0, top], ticksuffix=" %", gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=20))
    return base_layout(fig, height=90 + 70 * len(shown))


def month_label(day: dt.date | str) -> str:
    """"Nov 2026" for a month: a date in it, or its ISO text (pages whose figures are still JSON)."""
    return fmt_month(dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day, abbreviated=True)


def caseload_history(history: Sequence[MonthFigures], ratio: int) -> go.Figure:
    """Active cases per month against the capacity line (VZÄ × ratio)."""
    months = [month_label(h.month) for h in history]
    fig = go.Figure([
        go.Scatter(x=months, y=[h.active for h in history], name="aktive Fälle", mode="lines+markers",
                   line=dict(color="#0072B2", width=4), marker=dict(size=7)),
        go.Scatter(x=months, y=[h.capacity for h in history], name=f"Kapazität (1:{ratio})",
                   mode="lines", line=dict(color="#1b1b1b", width=3, dash="dash", shape="hv")),
    ])
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5", title_text="Fälle")
    fig.update_xaxes(tickangle=-45, nticks=16)
    base_layout(fig, height=380)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.12, x=0), hovermode="x unified")
    return fig


FLOW_SERIES = [
    ("inflow_case_transfer", "Zugang: Fallüberleitung aus GU", "#2E86C1", 1),
    ("inflow_direct", "Zugang: neu aufgenommen", "#045a8d", 1),
    ("outflow_goal_reached", "Abgang: Ziel erreicht", "#009E73", -1),
    ("outflow_moved_away", "Abgang: verzogen", "#CC79A7", -1),
    ("outflow_eligibility_ended", "Abgang: 3-Jahres-Grenze", "#D55E00", -1),
    ("outflow_other", "Abgang: sonstiges", "#767676", -1),
]


def caseload_flows(history: Sequence[MonthFigures]) -> go.Figure:
    """Inflow (up) and outflow by reason (down) per month."""
    months = [month_label(h.month) for h in history]
    fig = go.Figure([go.Bar(x=months, y=[sign * getattr(h, key) for h in history], name=label, marker_color=color,
                            hovertemplate="%{x}: %{customdata}<extra>" + label + "</extra>",
                            customdata=[getattr(h, key) for h in history])
                     for key, label, color, sign in FLOW_SERIES])
    fig.update_layout(barmode="relative")
    fig.update_yaxes(gridcolor="#e5e5e5", title_text="Fälle je Monat", zeroline=True, zerolinewidth=2)
    fig.update_xaxes(tickangle=-45, nticks=16)
    base_layout(fig, height=380)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.25, x=0, font=dict(size=15)))
    return fig


def eligibility_horizon(horizon: Sequence[HorizonMonth]) -> go.Figure:
    months = [month_label(h.month) for h in horizon]
    # tick text: month names horizontal, the year under the first month and under each January only
    ticks = [m.replace(" ", "<br>") if i == 0 or h.month.month == 1 else m.split(" ")[0]
             for i, (m, h) in enumerate(zip(months, horizon, strict=True))]
    fig = go.Figure([
        go.Bar(x=months, y=[h.reaching_limit for h in horizon], name="3-Jahres-Grenze", marker_color="#D55E00",
               text=[h.reaching_limit or "" for h in horizon], textposition="inside"),
        go.Bar(x=months, y=[h.reaching_extended_limit for h in horizon], name="4 Jahre (Verlängerung)",
               marker_color="#A86F00", text=[h.reaching_extended_limit or "" for h in horizon],
               textposition="inside"),
    ])
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=16, mode="hide"))  # no squeezed labels
    fig.update_yaxes(gridcolor="#e5e5e5", title_text="Fälle", rangemode="tozero")
    fig.update_xaxes(tickangle=0, tickmode="array", tickvals=months, ticktext=ticks)
    base_layout(fig, height=340)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.15, x=0))
    return fig


def age_distribution(ages: Sequence[AgeBand]) -> go.Figure:
    fig = go.Figure(go.Bar(x=[a.band for a in ages], y=[a.count for a in ages], marker_color="#0072B2",
                           text=[a.count for a in ages], textposition="outside", cliponaxis=False))
    fig.update_yaxes(gridcolor="#e5e5e5", title_text="aktive Fälle", rangemode="tozero")
    fig.update_xaxes(title_text="seit Zuweisung in die Anschlussunterbringung")
    return base_layout(fig, height=340)
