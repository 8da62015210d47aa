"""Personal (VZÄ), the plan's checks: totals the plan states against the sum of its lines, posts
below the minimum size and programmes without a post, and the city's share of church-funded posts
shared with the Landkreis. Renders parts of `dashboard.model.figures.staffing.StaffingFigures`."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.model.figures.staffing import PlanChecks, SharedPost
from dashboard.model.formatting import fmt_fte, fmt_signed
from layouts import ids
from layouts.components import EmptyState
from layouts.staffing_plan import badge, planned_text


def _difference(value: float) -> str:
    return fmt_signed(value, fmt_fte)


def checks_table(checks: PlanChecks):
    rows = checks.totals
    if not rows:
        return EmptyState("Es sind keine Summen eines Plans erfasst.",
                          "Plan-Summen werden mit dem Stellenplan importiert.")
    header = html.Thead(html.Tr([html.Th("Was der Plan sagt"), html.Th("laut Plan", className="text-end"),
                                 html.Th("Einzelstellen"), html.Th("Summe", className="text-end"),
                                 html.Th("Differenz", className="text-end"), html.Th("Status")]))
    body = [html.Tr([
        html.Td([html.Q(r.quote, className="plan-quote"), html.Div(r.scope_text, className="cell-note")]),
        html.Td(("bis zu " if r.upper_bound else "") + fmt_fte(r.stated), className="text-end"),
        html.Td(r.parts_text, className="parts-text"),
        html.Td(("bis zu " if r.upper_bound else "") + fmt_fte(r.parts_sum), className="text-end"),
        html.Td(_difference(r.difference), className="text-end"),
        html.Td(badge(r.consistent, r.status_text)),
    ], className=None if r.consistent else "row-conflict") for r in rows]
    return dbc.Table([header, html.Tbody(body)], id=ids.STAFFING_CHECKS_TABLE,
                     className="data-table checks-table", responsive=True)


def other_checks(checks: PlanChecks) -> html.Ul:
    minimum = fmt_fte(checks.min_fte)
    small, empty = checks.small_posts, checks.empty_programmes
    return html.Ul([
        html.Li([badge(not small, "✔ keine" if not small else f"✖ {len(small)}"), " ",
                 html.Span(f"Stellen unter {minimum} VZÄ (feste Mindestgröße {minimum} VZÄ)"),
                 html.Div("; ".join(f"{p.name}: {fmt_fte(p.planned)}" for p in small), className="cell-note")
                 if small else None]),
        html.Li([badge(not empty, "✔ keine" if not empty else f"▲ {len(empty)}", warn=True), " ",
                 html.Span("Programme ohne Stelle zum Stichtag"),
                 html.Div(", ".join(empty), className="cell-note") if empty else None]),
    ], id=ids.STAFFING_OTHER_CHECKS, className="list-unstyled other-checks mb-0")


def shared_table(rows: Sequence[SharedPost]):
    if not rows:
        return EmptyState("Zum Stichtag gibt es keine mit dem Landkreis geteilten Stellen.")
    header = html.Thead(html.Tr([html.Th("Stelle"), html.Th("VZÄ", className="text-end"),
                                 html.Th("Stadtanteil", className="text-end"),
                                 html.Th("Minimum", className="text-end"), html.Th("Status")]))
    body = [html.Tr([
        html.Td([r.short_name, html.Div(f"besetzt {fmt_fte(r.filled)} VZÄ", className="cell-note")]),
        html.Td(planned_text(r), className="text-end"),
        html.Td(fmt_fte(r.city_share), className="text-end"),
        html.Td(fmt_fte(r.city_share_min), className="text-end"),
        html.Td(badge(r.fine, r.status_text)),
    ], className=None if r.fine else "row-conflict") for r in rows]
    return dbc.Table([header, html.Tbody(body)], id=ids.STAFFING_SHARED_TABLE,
                     className="data-table", responsive=True)
