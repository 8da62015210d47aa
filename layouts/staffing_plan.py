"""Personal (VZÄ), the Stellenplan: the KPI row and the table of planned vs filled VZÄ per Träger ×
programme × funding with subtotals per Träger; the badges and VZÄ texts the other sections share.
Renders `dashboard.model.figures.staffing.StaffingFigures`; the page module is `layouts.staffing`."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import html

from dashboard.model.figures.staffing import StaffingFigures
from dashboard.model.formatting import fmt_date, fmt_fte, fmt_int, fmt_pct
from layouts import ids
from layouts.components import STATUS_STYLE, EmptyState, KpiCard, Section
from layouts.paging import page_of, pager

PAGE = "staffing"  # the download key of the page's tables
PROVIDERS_PER_PAGE = 20  # Träger per page of the Stellenplan


def planned_text(line) -> str:
    """Planned VZÄ of a position, subtotal or total; "bis zu" for an upper bound of the plan."""
    return f"bis zu {fmt_fte(line.planned)}" if line.upper_bound else fmt_fte(line.planned)


def _vacancy(line):
    if line.vacant > 0:
        return html.Span(f"▼ {fmt_fte(line.vacant)} offen", className="vacancy")
    if line.over > 0:
        return html.Span(f"▲ {fmt_fte(line.over)} über Soll", className="overstaffed")
    return html.Span("✔ besetzt", className="filled-ok")


def badge(ok: bool, text: str, warn: bool = False) -> html.Span:
    """A status as text on its colour (never colour alone)."""
    style = STATUS_STYLE["ok" if ok else "attention" if warn else "critical"]
    return html.Span(text, className="status-badge", style={"backgroundColor": style["color"], "color": style["text"]})


def kpis(fig: StaffingFigures) -> dbc.Row:
    total, checks = fig.total, fig.checks
    fill = 100 * total.filled / total.planned if total.planned else None
    open_posts = sum(1 for p in fig.positions if p.vacant > 0)
    soon = [r for r in fig.funding if r.ends_soon]
    plans = sorted({r.plan for r in checks.totals})
    bounded = sum(p.planned for p in fig.positions if p.upper_bound)
    return dbc.Row([
        dbc.Col(KpiCard("VZÄ Soll", fmt_fte(total.planned),
                        f"alle Träger; davon bis zu {fmt_fte(bounded)} als Obergrenze" if bounded
                        else "alle Träger und Finanzierungen", value_id=ids.STAFFING_KPI_PLANNED)),
        dbc.Col(KpiCard("VZÄ besetzt", fmt_fte(total.filled),
                        f"{fmt_pct(fill, 0)} des Solls" if fill is not None else None,
                        value_id=ids.STAFFING_KPI_FILLED)),
        dbc.Col(KpiCard("VZÄ unbesetzt", fmt_fte(total.vacant),
                        f"in {open_posts} {'Stelle' if open_posts == 1 else 'Stellen'}" if open_posts
                        else "alle Stellen besetzt", value_id=ids.STAFFING_KPI_VACANT,
                        badge=badge(not open_posts, "✔ keine Lücke" if not open_posts else "▼ offen",
                                    warn=True))),
        dbc.Col(KpiCard("Plan-Widersprüche", fmt_int(checks.inconsistent),
                        f"von {len(checks.totals)} Summen" + (f" ({', '.join(plans)})" if plans else ""),
                        value_id=ids.STAFFING_KPI_CONFLICTS,
                        badge=badge(not checks.inconsistent,
                                    "✔ stimmig" if not checks.inconsistent else "✖ Widerspruch"))),
        dbc.Col(KpiCard("Förderende bald", fmt_int(len(soon)),
                        f"in ≤ {fig.warning_months} Monaten: " + ("; ".join(
                            f"{r.short_name} am {fmt_date(r.funded_until)}" for r in soon) or "keine Stelle"),
                        value_id=ids.STAFFING_KPI_FUNDING,
                        badge=badge(not soon, "✔ gesichert" if not soon else "▲ Warnung", warn=True))),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-3 row-cols-xl-5")


def plan(fig: StaffingFigures, query: Mapping[str, str] | None = None):
    """The Stellenplan table: one row per position, totals per Träger and overall. Many Träger (a
    Land-wide installation has 180 teams) are shown a page of Träger at a time (`query`: the URL)."""
    if not fig.positions:
        return Section("Stellenplan", EmptyState("Zum Stichtag sind keine Stellen erfasst.",
                                                 "Bitte einen anderen Stichtag wählen oder eine Stelle anlegen."))
    header = html.Thead(html.Tr([html.Th("Träger"), html.Th("Programm"), html.Th("Finanzierung"),
                                 html.Th("VZÄ Soll", className="text-end"),
                                 html.Th("VZÄ besetzt", className="text-end"),
                                 html.Th("unbesetzt", className="text-end"), html.Th("Förderung bis")]))
    body = []
    page, pages = page_of(query, "stellenplan", len(fig.by_provider), PROVIDERS_PER_PAGE)
    first = (page - 1) * PROVIDERS_PER_PAGE
    shown = fig.by_provider[first:first + PROVIDERS_PER_PAGE]
    for line in shown:
        for p in fig.positions_of(line.code):
            programme = [p.programme_text + (f" ({p.label})" if p.label else "")]
            if p.site:
                programme.append(html.Div(p.site, className="cell-note"))
            classes = ["row-vacant" if p.vacant > 0 else "row-over" if p.over > 0 else None]
            body.append(html.Tr([
                html.Td(p.provider), html.Td(programme), html.Td(p.funding_text, className="nowrap"),
                html.Td(planned_text(p), className="text-end"), html.Td(fmt_fte(p.filled), className="text-end"),
                html.Td(_vacancy(p), className="text-end"), html.Td(fmt_date(p.funded_until)),
            ], className=" ".join(c for c in classes if c) or None, id=f"staffing-row-{p.position_id}"))
        body.append(html.Tr([
            html.Th(f"Summe {line.provider}", colSpan=3), html.Th(planned_text(line), className="text-end"),
            html.Th(fmt_fte(line.filled), className="text-end"),
            html.Th(_vacancy(line), className="text-end"), html.Th(""),
        ], className="subtotal-row"))
    total = fig.total
    footer = html.Tfoot(html.Tr([
        html.Th("Gesamt (alle Träger)", colSpan=3), html.Th(planned_text(total), className="text-end"),
        html.Th(fmt_fte(total.filled), className="text-end"),
        html.Th(_vacancy(total), className="text-end"), html.Th(""),
    ]))
    table = dbc.Table([header, html.Tbody(body), footer], id=ids.STAFFING_PLAN_TABLE,
                      className="data-table staffing-table", hover=False, responsive=True)
    note = html.Div("„bis zu“: Obergrenze laut Plan, in Summen voll gezählt. ▼ offen = Soll minus besetzt.",
                    className="table-note")
    paging = [] if pages == 1 else [
        html.Div(f"Träger {fmt_int(first + 1)}–{fmt_int(first + len(shown))} von {fmt_int(len(fig.by_provider))}; "
                 "Gesamt über alle, alle Stellen im Download.", className="table-note mb-1", role="status"),
        pager(PAGE, "stellenplan", page, pages, "Träger")]
    return Section("Stellenplan", [*paging[:1], table, *paging[1:], note], download=(PAGE, "stellenplan"),
                   subtitle=f"Soll und besetzt je Träger, Programm und Finanzierung am {fmt_date(fig.as_of)}")
