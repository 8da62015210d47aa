"""Personal (VZÄ): the Stellenplan (planned vs filled per Träger × programme × funding), the city's
share of church-funded posts, fixed-term funding, the plan's consistency checks, yearly costs and a
form to change or add a position. `layout` builds the frame; `kpis`, `plan` and `content` render the
figures from `dashboard.services.staffing.staffing`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.formatting import (
    fmt_date,
    fmt_eur,
    fmt_exact,
    fmt_fte,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_signed,
    plotly_text,
)
from dashboard.model.vocabulary import FUNDING_TEXT, PROGRAMME_TEXT
from layouts import charts, ids
from layouts.components import STATUS_STYLE, EmptyState, FormField, KpiCard, Section, graph_config

TITLE = "Personal (VZÄ)"
PATH = "/personal"
NEW = "new"
PAGE = "staffing"
FUNDING_COLORS = {"ok": "#0072B2", "warning": "#E69F00", "ended": "#5f6b76", "open": "#0072B2"}


def layout(stichtag: str | None = None, **_query) -> html.Div:
    return html.Div([
        dbc.Row([
            dbc.Col([
                html.H1("Personal (VZÄ)", className="page-title"),
                html.Div("Stellenplan: Soll und besetzt je Träger, Programm und Finanzierung – "
                         "mit Plan-Prüfungen, befristeter Finanzierung und Kosten",
                         className="page-subtitle"),
            ], md=8),
            dbc.Col([
                dbc.Label("Stichtag", html_for=ids.STAFFING_DATE, className="filter-label"),
                html.Div(dcc.DatePickerSingle(id=ids.STAFFING_DATE, date=stichtag, display_format="DD.MM.YYYY",
                                              first_day_of_week=1, placeholder="TT.MM.JJJJ",
                                              clearable=False), className="date-filter"),
            ], md=4, className="text-md-end"),
        ], className="align-items-end mb-3"),
        # the page's own URL, revision and refresh (never the shell's: see callbacks/staffing.py)
        dcc.Location(id=ids.STAFFING_LOCATION, refresh="callback-nav"),
        dcc.Store(id=ids.STAFFING_REVISION),
        dcc.Interval(id=ids.STAFFING_REFRESH, interval=30_000),
        html.Div(id=ids.STAFFING_MESSAGE),
        html.Div(id=ids.STAFFING_KPIS),
        dbc.Row([
            dbc.Col(dcc.Loading(html.Div(id=ids.STAFFING_PLAN, className="h-100"), delay_show=400,
                                type="dot", parent_className="h-100"), xxl=8),
            dbc.Col(edit_form(), xxl=4),
        ], className="g-3 mb-3"),
        dcc.Loading(html.Div(id=ids.STAFFING_CONTENT), delay_show=400, type="dot"),
    ], className="staffing-page")


# --- the form ----------------------------------------------------------------------------------



def edit_form() -> dbc.Card:
    """Change planned/filled VZÄ, site and funding end of a position, or add a new one."""
    new_fields = html.Div([
        FormField("Träger", dbc.Select(id=ids.STAFFING_EDIT_PROVIDER, options=[], placeholder="Träger wählen …"),
               ids.STAFFING_EDIT_PROVIDER),
        dbc.Row([
            dbc.Col(FormField("Programm", dbc.Select(
                id=ids.STAFFING_EDIT_PROGRAMME, placeholder="Programm wählen …",
                options=[{"label": t, "value": c} for c, t in PROGRAMME_TEXT.items()]),
                ids.STAFFING_EDIT_PROGRAMME), sm=7),
            dbc.Col(FormField("Finanzierung", dbc.Select(
                id=ids.STAFFING_EDIT_FUNDING, placeholder="Finanzierung wählen …",
                options=[{"label": t, "value": c} for c, t in FUNDING_TEXT.items()]),
                ids.STAFFING_EDIT_FUNDING), sm=5),
        ], className="g-2"),
        dbc.FormText("Die neue Stelle gilt ab dem gewählten Stichtag.", className="d-block mb-2"),
    ], id=ids.STAFFING_EDIT_NEW_FIELDS, style={"display": "none"})
    return Section("Stelle ändern oder anlegen", [
        FormField("Stelle", dbc.Select(id=ids.STAFFING_EDIT_POSITION, placeholder="Stelle auswählen …",
                                    options=[{"label": "Neue Stelle anlegen …", "value": NEW}]),
               ids.STAFFING_EDIT_POSITION),
        new_fields,
        dbc.Row([
            dbc.Col(FormField("VZÄ Soll", dbc.Input(id=ids.STAFFING_EDIT_PLANNED, type="text", inputMode="decimal",
                                                 placeholder="z. B. 0,5", autoComplete="off"),
                           ids.STAFFING_EDIT_PLANNED), xs=6),
            dbc.Col(FormField("VZÄ besetzt", dbc.Input(id=ids.STAFFING_EDIT_FILLED, type="text", inputMode="decimal",
                                                    placeholder="z. B. 0,5", autoComplete="off"),
                           ids.STAFFING_EDIT_FILLED), xs=6),
        ], className="g-2"),
        dbc.FormText("0 bis 10 VZÄ, höchstens 3 Nachkommastellen; Komma oder Punkt.", className="d-block mb-2"),
        dbc.Checkbox(id=ids.STAFFING_EDIT_OVERSTAFFING, value=False, className="mb-2",
                     label="Überbesetzung: besetzt darf größer als Soll sein"),
        FormField("Standort", dbc.Input(id=ids.STAFFING_EDIT_SITE, type="text", maxLength=200,
                                     placeholder="optional, z. B. GU Mönchseestraße 83", autoComplete="off"),
               ids.STAFFING_EDIT_SITE),
        FormField("Förderung bis", dbc.Input(id=ids.STAFFING_EDIT_FUNDED_UNTIL, type="text", placeholder="TT.MM.JJJJ",
                                          autoComplete="off"),
               ids.STAFFING_EDIT_FUNDED_UNTIL, "leer lassen, wenn die Stelle unbefristet finanziert ist"),
        html.Div(id=ids.STAFFING_EDIT_INFO, className="form-info mb-2"),
        dbc.Button("Speichern", id=ids.STAFFING_EDIT_SAVE, color="primary", className="save-button"),
        html.Div(id=ids.STAFFING_EDIT_RESULT, className="mt-3", role="status", **{"aria-live": "polite"}),
    ], subtitle="jede Änderung wird sofort gespeichert, mit Ihrem Namen")


def fte_text(value: Decimal | float | str | None) -> str:
    """A VZÄ value for an input field, exact (no rounding): 0.125 → "0,125", 1 → "1,0"."""
    return fmt_exact(value)


def position_options(positions: list[dict]) -> list[dict]:
    options = [{"label": f"{p['name']} · {p['funding_text']} · {_planned(p)} VZÄ",
                "value": str(p["position_id"])} for p in positions]
    return options + [{"label": "Neue Stelle anlegen …", "value": NEW}]


def provider_options(providers: list[dict]) -> list[dict]:
    return [{"label": p["provider"], "value": str(p["provider_id"])} for p in providers]


def form_values(values: dict | None) -> dict:
    """What the form shows for a selected position (the dict from `data.positions.position_values`)."""
    if values is None:
        return {"planned": "", "filled": "", "site": "", "funded_until": "", "overstaffing": False,
                "info": ""}
    changed = values.get("updated_by")
    return {
        "planned": fte_text(values["planned_fte"]), "filled": fte_text(values["filled_fte"]),
        "site": values.get("site") or "",
        "funded_until": fmt_date(values["funded_until"]) if values.get("funded_until") else "",
        "overstaffing": Decimal(values["filled_fte"]) > Decimal(values["planned_fte"]),
        "info": f"Stelle seit {fmt_date(values['valid_from'])}"
                + (f" · zuletzt geändert von {changed}" if changed else ""),
    }


def saved_message(text: str) -> dbc.Alert:
    return dbc.Alert(["✔ ", text], color="success", className="form-message mb-0")


def error_message(text: str) -> dbc.Alert:
    return dbc.Alert([html.Strong("✖ Nicht gespeichert: "), text], color="danger", className="form-message mb-0")


# --- figures -----------------------------------------------------------------------------------

def _planned(line: dict) -> str:
    return f"bis zu {fmt_fte(line['planned'])}" if line.get("upper_bound") else fmt_fte(line["planned"])


def _vacancy(line: dict):
    if line["vacant"] > 0:
        return html.Span(f"▼ {fmt_fte(line['vacant'])} offen", className="vacancy")
    if line.get("over", 0) > 0:
        return html.Span(f"▲ {fmt_fte(line['over'])} über Soll", className="overstaffed")
    return html.Span("✔ besetzt", className="filled-ok")


def _badge(ok: bool, text: str, warn: bool = False) -> html.Span:
    style = STATUS_STYLE["ok" if ok else "attention" if warn else "critical"]
    return html.Span(text, className="status-badge", style={"backgroundColor": style["color"], "color": style["text"]})


def kpis(fig: dict) -> dbc.Row:
    total, checks = fig["total"], fig["checks"]
    fill = 100 * total["filled"] / total["planned"] if total["planned"] else None
    open_posts = sum(1 for p in fig["positions"] if p["vacant"] > 0)
    soon = [r for r in fig["funding"] if r["status"] in ("warning", "ended")]
    plans = sorted({r["plan"] for r in checks["totals"]})
    bounded = sum(p["planned"] for p in fig["positions"] if p["upper_bound"])
    return dbc.Row([
        dbc.Col(KpiCard("VZÄ Soll", fmt_fte(total["planned"]),
                        f"alle Träger; davon bis zu {fmt_fte(bounded)} als Obergrenze" if bounded
                        else "alle Träger und Finanzierungen", value_id=ids.STAFFING_KPI_PLANNED)),
        dbc.Col(KpiCard("VZÄ besetzt", fmt_fte(total["filled"]),
                        f"{fmt_pct(fill, 0)} des Solls" if fill is not None else None,
                        value_id=ids.STAFFING_KPI_FILLED)),
        dbc.Col(KpiCard("VZÄ unbesetzt", fmt_fte(total["vacant"]),
                        f"in {open_posts} {'Stelle' if open_posts == 1 else 'Stellen'}" if open_posts
                        else "alle Stellen besetzt", value_id=ids.STAFFING_KPI_VACANT,
                        badge=_badge(not open_posts, "✔ keine Lücke" if not open_posts else "▼ offen",
                                     warn=True))),
        dbc.Col(KpiCard("Plan-Widersprüche", fmt_int(checks["inconsistent"]),
                        f"von {len(checks['totals'])} Summen" + (f" ({', '.join(plans)})" if plans else ""),
                        value_id=ids.STAFFING_KPI_CONFLICTS,
                        badge=_badge(not checks["inconsistent"],
                                     "✔ stimmig" if not checks["inconsistent"] else "✖ Widerspruch"))),
        dbc.Col(KpiCard("Förderende bald", fmt_int(len(soon)),
                        f"in ≤ {fig['warning_months']} Monaten: " + ("; ".join(
                            f"{r['short_name']} am {fmt_date(dt.date.fromisoformat(r['funded_until']))}"
                            for r in soon) or "keine Stelle"),
                        value_id=ids.STAFFING_KPI_FUNDING,
                        badge=_badge(not soon, "✔ gesichert" if not soon else "▲ Warnung", warn=True))),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-3 row-cols-xl-5")


def plan(fig: dict):
    """The Stellenplan table: one row per position, totals per Träger and overall."""
    positions = fig["positions"]
    if not positions:
        return Section("Stellenplan", EmptyState("Zum Stichtag sind keine Stellen erfasst.",
                                                 "Bitte einen anderen Stichtag wählen oder eine Stelle anlegen."))
    header = html.Thead(html.Tr([html.Th("Träger"), html.Th("Programm"), html.Th("Finanzierung"),
                                 html.Th("VZÄ Soll", className="text-end"),
                                 html.Th("VZÄ besetzt", className="text-end"),
                                 html.Th("unbesetzt", className="text-end"), html.Th("Förderung bis")]))
    body = []
    for line in fig["by_provider"]:
        mine = [p for p in positions if p["provider_code"] == line["code"]]
        for p in mine:
            programme = [p["programme_text"] + (f" ({p['label']})" if p["label"] else "")]
            if p["site"]:
                programme.append(html.Div(p["site"], className="cell-note"))
            until = dt.date.fromisoformat(p["funded_until"]) if p["funded_until"] else None
            classes = ["row-vacant" if p["vacant"] > 0 else "row-over" if p["over"] > 0 else None]
            body.append(html.Tr([
                html.Td(p["provider"]), html.Td(programme), html.Td(p["funding_text"], className="nowrap"),
                html.Td(_planned(p), className="text-end"), html.Td(fmt_fte(p["filled"]), className="text-end"),
                html.Td(_vacancy(p), className="text-end"), html.Td(fmt_date(until) if until else "–"),
            ], className=" ".join(c for c in classes if c) or None, id=f"staffing-row-{p['position_id']}"))
        body.append(html.Tr([
            html.Th(f"Summe {line['provider']}", colSpan=3), html.Th(_planned(line), className="text-end"),
            html.Th(fmt_fte(line["filled"]), className="text-end"),
            html.Th(_vacancy(line), className="text-end"), html.Th(""),
        ], className="subtotal-row"))
    total = fig["total"]
    footer = html.Tfoot(html.Tr([
        html.Th("Gesamt (alle Träger)", colSpan=3), html.Th(_planned(total), className="text-end"),
        html.Th(fmt_fte(total["filled"]), className="text-end"),
        html.Th(_vacancy(total), className="text-end"), html.Th(""),
    ]))
    table = dbc.Table([header, html.Tbody(body), footer], id=ids.STAFFING_PLAN_TABLE,
                      className="data-table staffing-table", hover=False, responsive=True)
    note = html.Div("„bis zu“: Obergrenze laut Plan, in Summen voll gezählt. ▼ offen = Soll minus besetzt.",
                    className="table-note")
    return Section("Stellenplan", [table, note], download=(PAGE, "stellenplan"),
                   subtitle=f"Soll und besetzt je Träger, Programm und Finanzierung am "
                            f"{fmt_date(dt.date.fromisoformat(fig['as_of']))}")


def _difference(value: float) -> str:
    return fmt_signed(value, fmt_fte)


def checks_table(checks: dict):
    rows = checks["totals"]
    if not rows:
        return EmptyState("Es sind keine Summen eines Plans erfasst.",
                          "Plan-Summen werden mit dem Stellenplan importiert.")
    header = html.Thead(html.Tr([html.Th("Was der Plan sagt"), html.Th("laut Plan", className="text-end"),
                                 html.Th("Einzelstellen"), html.Th("Summe", className="text-end"),
                                 html.Th("Differenz", className="text-end"), html.Th("Status")]))
    body = [html.Tr([
        html.Td([html.Q(r["quote"], className="plan-quote"), html.Div(r["scope_text"], className="cell-note")]),
        html.Td(("bis zu " if r["upper_bound"] else "") + fmt_fte(r["stated"]), className="text-end"),
        html.Td(r["parts_text"], className="parts-text"),
        html.Td(("bis zu " if r["upper_bound"] else "") + fmt_fte(r["parts_sum"]), className="text-end"),
        html.Td(_difference(r["difference"]), className="text-end"),
        html.Td(_badge(r["consistent"], r["status_text"])),
    ], className=None if r["consistent"] else "row-conflict") for r in rows]
    return dbc.Table([header, html.Tbody(body)], id=ids.STAFFING_CHECKS_TABLE,
                     className="data-table checks-table", responsive=True)


def other_checks(checks: dict) -> html.Ul:
    minimum = fmt_fte(checks["min_fte"])
    small, empty = checks["small_posts"], checks["empty_programmes"]
    return html.Ul([
        html.Li([_badge(not small, "✔ keine" if not small else f"✖ {len(small)}"), " ",
                 html.Span(f"Stellen unter {minimum} VZÄ (feste Mindestgröße {minimum} VZÄ)"),
                 html.Div("; ".join(f"{p['name']}: {fmt_fte(p['planned'])}" for p in small), className="cell-note")
                 if small else None]),
        html.Li([_badge(not empty, "✔ keine" if not empty else f"▲ {len(empty)}", warn=True), " ",
                 html.Span("Programme ohne Stelle zum Stichtag"),
                 html.Div(", ".join(empty), className="cell-note") if empty else None]),
    ], id=ids.STAFFING_OTHER_CHECKS, className="list-unstyled other-checks mb-0")


def shared_table(rows: list[dict]):
    if not rows:
        return EmptyState("Zum Stichtag gibt es keine mit dem Landkreis geteilten Stellen.")
    header = html.Thead(html.Tr([html.Th("Stelle"), html.Th("VZÄ", className="text-end"),
                                 html.Th("Stadtanteil", className="text-end"),
                                 html.Th("Minimum", className="text-end"), html.Th("Status")]))
    body = [html.Tr([
        html.Td([r["short_name"], html.Div(f"besetzt {fmt_fte(r['filled'])} VZÄ", className="cell-note")]),
        html.Td(_planned(r), className="text-end"),
        html.Td(fmt_fte(r["city_share"]), className="text-end"),
        html.Td(fmt_fte(r["city_share_min"]), className="text-end"),
        html.Td(_badge(r["status"] in ("ok", "no_minimum"), r["status_text"])),
    ], className=None if r["status"] in ("ok", "no_minimum") else "row-conflict") for r in rows]
    return dbc.Table([header, html.Tbody(body)], id=ids.STAFFING_SHARED_TABLE,
                     className="data-table", responsive=True)


def _months(n: int) -> str:
    return "weniger als 1 Monat" if n == 0 else f"{n} Monat" if n == 1 else f"{n} Monaten"


def funding_timeline(rows: list[dict], day: dt.date, warning_until: dt.date, months: int) -> go.Figure:
    """Bars from the Stichtag to each post's funding end; the warning period is shaded."""
    names = [plotly_text(f"{r['short_name']} {'bis zu ' if r['upper_bound'] else ''}{fmt_fte(r['planned'])} VZÄ") for r in rows]
    ends = [dt.date.fromisoformat(r["funded_until"]) for r in rows]
    starts = [min(day, end) for end in ends]
    durations = [max(1, (end - start).days) * 86_400_000 for start, end in zip(starts, ends)]
    icons = {"warning": "▲ ", "ended": "✖ ", "ok": "", "open": ""}
    labels = [f"{icons[r['status']]}{fmt_date(end)}" + (f" (noch {_months(r['months_left'])})"
                                                         if r["status"] == "warning" else "")
              for r, end in zip(rows, ends)]
    fig = go.Figure(go.Bar(
        y=names, x=durations, base=[s.isoformat() for s in starts], orientation="h",
        marker_color=[FUNDING_COLORS[r["status"]] for r in rows], text=labels, textposition="outside",
        cliponaxis=False, textfont=dict(size=18),
        hovertext=[f"{plotly_text(r['name'])}: gefördert bis {fmt_date(end)} ({r['funding_text']})" for r, end in zip(rows, ends)],
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


def funding_section(fig: dict):
    rows = fig["funding"]
    day = dt.date.fromisoformat(fig["as_of"])
    months = fig["warning_months"]
    if not rows:
        body = EmptyState("Zum Stichtag hat keine Stelle eine befristete Finanzierung.")
    else:
        soon = [r for r in rows if r["status"] in ("warning", "ended")]
        alert = (dbc.Alert([html.Strong(f"▲ Finanzierung endet innerhalb von {months} Monaten: "),
                            "; ".join(f"{r['name']} am {fmt_date(dt.date.fromisoformat(r['funded_until']))}"
                                      + (" (bereits ausgelaufen)" if r["status"] == "ended" else
                                         f" (noch {_months(r['months_left'])})") for r in soon)],
                           color="warning", className="mb-2 funding-alert")
                 if soon else dbc.Alert(f"✔ Keine Förderung endet in den nächsten {months} Monaten.",
                                        color="success", className="mb-2"))
        body = [html.Div(alert, id=ids.STAFFING_FUNDING_WARNINGS),
                dcc.Graph(id=ids.STAFFING_FUNDING_CHART, config=graph_config("befristete-finanzierung"),
                          figure=funding_timeline(rows, day, dt.date.fromisoformat(fig["warning_until"]), months))]
    return Section("Befristete Finanzierung", body, download=(PAGE, "funding"),
                   subtitle=f"Förderung je Stelle ab Stichtag; Warnung, wenn sie in höchstens {months} Monaten endet "
                            "(Einstellung IMC_FUNDING_WARNING_MONTHS)")


def costs_section(costs: dict):
    p = costs["parameters"]
    rows = costs["rows"]
    if not rows:
        return Section("Kosten je Jahr", EmptyState("Zum Stichtag sind keine Stellen erfasst."))
    header = html.Thead(html.Tr([html.Th(h, className="text-end" if i >= 2 else None) for i, h in enumerate(
        ["Stelle", "Finanzierung", "VZÄ Soll", "Personalkosten", "Landesmittel", "Pauschale",
         "Zuschuss Stadt", "Lücke IM"])]))

    def money(value):
        return fmt_eur(value, cents=False) if value is not None else "–"

    def cells(r, tag=html.Td):
        return [tag(fmt_fte(r["planned"]), className="text-end")] + [
            tag(money(r[k]), className="text-end")
            for k in ("personnel", "land_funds", "overhead", "city_subsidy", "gap")]

    body = [html.Tr([html.Td(r["short_name"]), html.Td(r["funding_text"])] + cells(r)) for r in rows]
    total = costs["total"]
    footer = html.Tfoot(html.Tr([html.Th("Summe", colSpan=2)] + cells({**total, "planned": costs["planned"]}, html.Th)))
    table = dbc.Table([header, html.Tbody(body), footer], id=ids.STAFFING_COSTS_TABLE,
                      className="data-table costs-table", responsive=True)
    im = costs["im"]
    summary = html.Div([
        html.Strong(f"Integrationsmanagement ({fmt_fte(costs['im_fte'])} VZÄ): "),
        f"Personalkosten {money(im['personnel'])}, Landesmittel {money(im['land_funds'])}, ",
        html.Strong(f"Lücke {money(im['gap'])} je Jahr"),
        " (Kosten − Landesmittel).",
    ], className="costs-summary mb-2")
    assumptions = html.Div([
        f"Annahmen: Arbeitgeberkosten {money(p['cost_per_fte'])} je VZÄ und Jahr (Planwert TVöD SuE S 11b, "
        f"2025 etwa 72.000–78.000 €); Landesmittel {money(p['land_funds_per_fte'])} je VZÄ (VwV IM); "
        f"Sach- und Gemeinkostenpauschale {fmt_number(p['overhead_rate_pct'], 1)} % der landesgeförderten "
        "Personalkosten freier Träger (nicht für städtisches Personal); städtischer Zuschuss für "
        f"Ehrenamtskoordination und MBE höchstens S 11b ({money(p['subsidy_cap_per_fte'])} je VZÄ). "
        "Berechnet auf VZÄ Soll, „bis zu“-Stellen mit ihrer Obergrenze.",
    ], className="table-note")
    return Section("Kosten je Jahr (Planwerte)", [summary, table, assumptions], download=(PAGE, "costs"),
                   subtitle="Personalkosten, Landesmittel, Pauschale und städtische Zuschüsse je Stelle")


def content(fig: dict) -> list:
    """Everything below the Stellenplan: checks, shared posts, funding timeline, costs."""
    checks = fig["checks"]
    return [
        dbc.Row([
            dbc.Col(Section("Plan-Prüfungen", checks_table(checks), download=(PAGE, "checks"),
                            subtitle="Summen, die der Plan nennt, gegen die Summe seiner Einzelstellen "
                                     "(unabhängig vom Stichtag)")),
        ], className="g-3 mb-3"),
        dbc.Row([
            dbc.Col(Section("Stadtanteile kirchlicher Stellen", shared_table(fig["shared"]),
                            download=(PAGE, "shared"),
                            subtitle="gemeinsam mit dem Landkreis: angerechneter Stadtanteil gegen "
                                     "das vertragliche Minimum (VZÄ)"), xxl=7),
            dbc.Col(Section("Weitere Prüfungen", other_checks(checks),
                            subtitle="Mindestgröße und Programme ohne Stelle"), xxl=5),
        ], className="g-3 mb-3"),
        dbc.Row([dbc.Col(funding_section(fig))], className="g-3 mb-3"),
        dbc.Row([dbc.Col(costs_section(fig["costs"]))], className="g-3 mb-3"),
    ]
