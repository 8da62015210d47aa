"""Plotly figure builders from plain figures (no database): large fonts, German separators."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.formatting import fmt_number, fmt_pct
from layouts.components import STATUS_STYLE

FONT = dict(family="DejaVu Sans, Segoe UI, Arial, sans-serif", size=18, color="#1b1b1b")


def base_layout(fig: go.Figure, *, height: int) -> go.Figure:
    fig.update_layout(
        height=height, font=FONT, separators=",.", paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=30, t=10, b=40), showlegend=False,
    )
    return fig


def team_utilisation(teams: list[dict], ratio: int) -> go.Figure:
    """Horizontal bars of utilisation per team against the 100 % line of the staff ratio."""
    shown = [t for t in teams]
    names = [t["team"] for t in shown]
    values = [t["utilisation_pct"] or 0 for t in shown]
    labels = [
        (f"{fmt_pct(t['utilisation_pct'])}  {STATUS_STYLE[t['status']]['icon']} "
         f"{STATUS_STYLE[t['status']]['label']}") if t["utilisation_pct"] is not None
        else f"{STATUS_STYLE['no_capacity']['icon']} {t['cases']} Fälle ohne Kapazität"
        for t in shown
    ]
    colors = [STATUS_STYLE[t["status"]]["color"] for t in shown]
    hover = [f"{t['team']}: {t['cases']} Fälle, {fmt_number(t['fte'], 2)} VZÄ, "
             f"Kapazität {fmt_number(t['capacity'], 0)}" for t in shown]
    fig = go.Figure(go.Bar(
        x=values, y=names, orientation="h", marker_color=colors, text=labels,
        textposition="outside", cliponaxis=False, hovertext=hover, hoverinfo="text",
        textfont=dict(size=20),
    ))
    top = max([100.0, *values]) * 1.6
    fig.add_vline(x=100, line_width=3, line_dash="dash", line_color="#1b1b1b")
    fig.add_annotation(x=100, y=1.02, yref="paper", text=f"Norm 1:{ratio} = 100 %", showarrow=False,
                       xanchor="left", font=dict(size=16))
    fig.update_xaxes(range=[0, top], ticksuffix=" %", gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=20))
    return base_layout(fig, height=90 + 70 * len(shown))
