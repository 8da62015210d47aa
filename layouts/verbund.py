"""Verbund (a sub-view of the Landkreis page, `/landkreis/verbund`): Gemeinden that share an integration
manager (seed 003). Each agreement with members, cost basis and posts; hours planned vs booked per
quarter (under the minimum: ▼ text + icon); cost vs Land share per member and year to 2029; the
Eigenregie check for the Verbund as a whole; the comparison Eigenregie / Verbund / Landkreis for one
Gemeinde; the invoices (layouts/verbund_billing.py). Renders `dashboard.services.verbund` figures.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte, fmt_int, fmt_number, fmt_pct, plotly_text
from dashboard.model.suppression import hidden_label
from dashboard.model.vocabulary import (
    BILLING_MODE_TEXT,
    UNDER_MINIMUM_TEXT,
    UNFUNDED_TEXT,
    VAT_MODE_TEXT,
    VAT_TRANSITION_NOTE,
    BillingMode,
    VatMode,
)
from layouts import charts, ids, verbund_billing, verbund_forms
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
from layouts.presentation import Presentation, Slide

TITLE = "Verbund"
PATH = "/landkreis/verbund"
PAGE = "verbund"

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.VERBUND_KPI_RATE,)),
    Slide("stunden", "Stunden je Quartal", (ids.VERBUND_HOURS_CHART,)),
    Slide("kosten", "Kosten und Landesanteil", (ids.VERBUND_YEARS_TABLE,), rows="Jahre"),
    Slide("vergleich", "Eigenregie, Verbund oder Landkreis", (ids.VERBUND_COMPARE,), rows="Angaben"),
    Slide("rechnungen", "Rechnungen", (ids.VERBUND_INVOICES_TABLE,), rows="Rechnungen"),
))


def layout(verbund: str | None = None, gemeinde: str | None = None, **_query) -> html.Div:
    return html.Div([
        html.Nav(html.A("← Landkreis", href="/landkreis", className="subview-link"), className="mb-2", **{"aria-label": "Zurück"}),
        html.H1("Verbund: Gemeinden teilen sich das Integrationsmanagement", className="page-title"),
        html.Div("Vereinbarung, Stunden je Quartal, Abrechnung mit Landesanteil und der Vergleich für den "
                 "Gemeinderat (Beispiel Brackenheim–Cleebronn)", className="page-subtitle mb-3"),
        dbc.Row([
            FormField("Verbund", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_SELECT, value=verbund,
                                              clearable=False, searchable=False), ids.VERBUND_SELECT, md=4),
            FormField("Gemeinde für den Vergleich", dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.VERBUND_GEMEINDE,
                                                                 value=gemeinde, clearable=False, searchable=False),
                      ids.VERBUND_GEMEINDE, md=3),
        ], className="g-3 mb-3 align-items-end"),
        PageSync(ids.VERBUND_LOCATION, ids.VERBUND_REVISION, ids.VERBUND_REFRESH),
        html.Div(id=ids.VERBUND_MESSAGE),
        dcc.Loading(html.Div(id=ids.VERBUND_CONTENT), delay_show=400, type="dot"),
        *verbund_billing.frame(),
        verbund_forms.frame(),
    ])


def verbund_options(fig) -> list[dict]:
    return [{"label": a.name, "value": a.code} for a in fig.agreements]


def gemeinde_options(view) -> list[dict]:
    return [{"label": m.name, "value": m.ags} for m in view.members]


def _hours(value) -> str:
    return f"{fmt_number(value, 1)} Std."


def _count(value: int | None, threshold: int) -> str:
    """A client count per Gemeinde: hidden from 1 to threshold − 1 (DOMAIN §9)."""
    if value is None:
        return "–"
    return hidden_label(threshold) if 0 < value < threshold else fmt_int(value)


def content(view, day, threshold: int, ags: str | None, min_post_fte) -> list:
    """Everything about agreement `view` on `day`; `ags` is the Gemeinde of the comparison."""
    booked = [h for h in view.hours if h.booked is not None]
    last = booked[-1] if booked else None
    under = [h for h in booked if h.under_minimum]
    kpis = dbc.Row([
        dbc.Col(KpiCard("Stundensatz", fmt_eur(view.basis.hourly_rate), f"{fmt_eur(view.basis.annual_cost, cents=False)}"
                        f" je VZÄ ÷ {fmt_number(view.basis.hours_per_year, 0)} Std.", value_id=ids.VERBUND_KPI_RATE)),
        dbc.Col(KpiCard(f"Stunden {last.quarter.label}" if last else "Stunden", _hours(last.booked) if last else "–",
                        (f"{UNDER_MINIMUM_TEXT} ({_hours(last.minimum)})" if last.under_minimum
                         else f"✔ Mindestumfang {_hours(last.minimum)}") if last else "noch nichts gebucht",
                        value_id=ids.VERBUND_KPI_HOURS)),
        dbc.Col(KpiCard("Eigenregie-Prüfung Verbund", "✔ erfüllt" if view.check.passes else "✖ nicht erfüllt",
                        f"{view.check_year}: {fmt_number(view.check.money.fundable_fte, 2)} VZÄ finanziert, "
                        f"{fmt_fte(view.check.posts_fte)} VZÄ Stellen", value_id=ids.VERBUND_KPI_CHECK)),
        dbc.Col(KpiCard("Quartale unter Mindeststunden", fmt_int(len(under)), f"von {fmt_int(len(booked))} gebuchten",
                        value_id=ids.VERBUND_KPI_OPEN)),
    ], className="g-3 mb-3 row-cols-1 row-cols-md-2 row-cols-xl-4")
    if not view.members:  # a new agreement: nothing to book, bill or compare yet
        rest = [dbc.Col(EmptyState("Dieser Verbund hat noch keine Mitglieder.",
                                   "Die federführende Gemeinde trägt sie unten unter „Mitglied“ ein; danach "
                                   "werden Quartale gebucht und abgerechnet."), xs=12)]
    else:
        rest = [dbc.Col(hours_section(view, threshold), xs=12), dbc.Col(years_section(view), xs=12),
                dbc.Col(verbund_billing.compare_section(view, ags, min_post_fte), xs=12)]
    return [kpis, dbc.Row([
        dbc.Col(agreement_section(view), xxl=5),
        dbc.Col(check_section(view), xxl=7),
        *rest,
    ], className="g-3")]


def agreement_section(view) -> dbc.Card:
    b = view.basis
    overhead = (f"{fmt_pct(float(b.overhead_pct), 0)} = {fmt_eur(b.overhead)}"
                + (f" (Obergrenze {fmt_eur(b.overhead_cap, cents=False)}"
                   + (", erreicht)" if b.overhead_capped else ")") if b.overhead_cap is not None else ""))
    vat = VAT_MODE_TEXT[view.vat.mode] + (f", {fmt_pct(float(view.vat.rate_pct), 0)}" if view.vat.mode == VatMode.taxable else "")
    rows = [
        ["Federführend", f"{view.lead} ({view.county})"],
        ["Mitglieder", "; ".join(f"{m.name}: mind. {fmt_number(m.min_hours_per_week, 1)} Std./Woche"
                                 + (f", Kostenanteil {fmt_pct(float(m.cost_share_pct), 1)}" if m.cost_share_pct else "")
                                 for m in view.members) or "– (noch keine; im Formular unten eintragen)"],
        ["Gültig", f"{fmt_date(view.valid_from)}–{fmt_date(view.valid_to)}"],
        ["Stellen der federführenden Gemeinde", "; ".join(
            f"{p.employer}, {p.label}: {fmt_fte(p.fte)} VZÄ{'' if p.filled else ' (unbesetzt)'}" for p in view.posts) or "–"],
        ["Arbeitgeberkosten je VZÄ", fmt_eur(b.cost_per_fte) + (f" ({view.pay_group})" if view.pay_group else "")],
        ["Gemeinkosten", overhead],
        ["Abrechnung", BILLING_MODE_TEXT[view.billing] + (
            " der dienenden Stellen im Quartal (Ist-Kosten je Quartal erfasst)" if view.billing == BillingMode.cost_share
            else "")],
        ["Stundensatz", f"{fmt_eur(b.annual_cost)} ÷ ({fmt_number(b.weekly_hours, 0)} Std. × 52) = {fmt_eur(b.hourly_rate)}"
         + (" (Planwert; abgerechnet wird der Kostenanteil)" if view.billing == BillingMode.cost_share else "")],
        ["Umsatzsteuer", vat],
        ["Landesanteil", "auf der Rechnung verrechnet" if view.offset else "auf der Rechnung nachrichtlich"],
        ["Grundlage", view.decision_ref or view.note or "–"],
    ]
    return Section(f"Vereinbarung: {view.name}", [
        DataTable(["", ""], rows, table_id=ids.VERBUND_AGREEMENT),
        html.P(["ℹ ", VAT_TRANSITION_NOTE], className="small mb-0"),
    ], subtitle=view.note)


def check_section(view) -> dbc.Card:
    c = view.check
    shares = dict(view.lead_shares)
    rows = [
        [f"Landesanteile {view.check_year} zusammen", fmt_eur(c.money.amount)],
        [f"davon {view.lead} (federführend)", fmt_eur(shares.get(view.check_year, 0))],
        ["Finanziert", f"{fmt_number(c.money.fundable_fte, 2)} VZÄ bei {fmt_eur(c.money.cost_per_fte, cents=False)} je VZÄ"],
        [f"Mindeststelle {fmt_fte(c.min_post_fte)} VZÄ finanziert",
         "✔ ja" if c.money.passes else f"✖ nein, es fehlen {fmt_eur(c.money.own_contribution)}"],
        ["Besetzte Stellen im Verbund", f"{fmt_fte(c.posts_fte)} VZÄ – " + ("✔ mindestens die Mindeststelle (geteilt)"
                                                                           if c.posts_pass else "✖ unter der Mindeststelle")],
        ["Ergebnis", "✔ Eigenregie im Verbund erfüllt" if c.passes else "✖ Eigenregie im Verbund nicht erfüllt"],
    ]
    return Section("Eigenregie-Prüfung für den Verbund", DataTable(["", ""], rows, table_id=ids.VERBUND_CHECK),
                   subtitle="Die Stelle von mindestens 50 % darf im Verbund geteilt werden; gezählt werden die "
                            "Landesanteile aller Verbundgemeinden")


def hours_section(view, threshold: int) -> html.Div:
    rows = []
    for h in view.hours:
        if h.booked is None:
            state = "– noch nicht gebucht"
        elif h.under_minimum:
            state = f"{UNDER_MINIMUM_TEXT}: {_hours(h.minimum - h.booked)} fehlen"
        else:
            state = "✔ erfüllt"
        rows.append([h.quarter.label, h.gemeinde, _hours(h.minimum), _hours(h.booked) if h.booked is not None else "–",
                     _hours(h.unfunded) if h.booked is not None else "–", state,
                     _count(h.cases_funded, threshold), _count(h.cases_unfunded, threshold)])
    table = DataTable(["Quartal", "Gemeinde", "Mindeststunden", "gebucht", f"davon {UNFUNDED_TEXT}", "Mindestumfang",
                       "Klienten gefördert", f"Klienten {UNFUNDED_TEXT}"], rows, table_id=ids.VERBUND_HOURS_TABLE,
                      numeric={2, 3, 4, 6, 7})
    chart = dcc.Graph(id=ids.VERBUND_HOURS_CHART, figure=hours_chart(view),
                      config=graph_config("verbund-stunden"))
    return html.Div([
        Section("Stunden je Quartal: vereinbart und gebucht", chart,
                subtitle="Mindeststunden = Wochenstunden × 13 Wochen; ▼ = unter Mindeststunden"),
        html.Div(Section("Stunden und Klienten je Quartal", table,
                         subtitle=f"Klienten {UNFUNDED_TEXT} (nach 3 bzw. 4 Jahren) werden getrennt gezählt, nie in "
                                  "der geförderten Fallzahl"), className="mt-3"),
    ])


def hours_chart(view) -> go.Figure:
    booked = [h for h in view.hours if h.booked is not None]
    x = [plotly_text(f"{h.quarter.label} {h.gemeinde}" if len(view.members) > 1 else h.quarter.label) for h in booked]
    funded = [float(h.booked - h.unfunded) for h in booked]
    fig = go.Figure([
        go.Bar(x=x, y=funded, name="gebucht, gefördert", marker=dict(color="#0072B2"),
               customdata=[_hours(h.booked - h.unfunded) for h in booked],
               hovertemplate="%{x}: %{customdata} gefördert<extra></extra>"),
        go.Bar(x=x, y=[float(h.unfunded) for h in booked], name=f"gebucht, {UNFUNDED_TEXT}",
               marker=dict(color="#D55E00", pattern=dict(shape="/")), customdata=[_hours(h.unfunded) for h in booked],
               hovertemplate="%{x}: %{customdata} " + UNFUNDED_TEXT + "<extra></extra>"),
        go.Scatter(x=x, y=[float(h.minimum) for h in booked], name="Mindeststunden", mode="lines+markers",
                   line=dict(color="#1b1b1b", width=3, dash="dash"), marker=dict(symbol="line-ew-open", size=14),
                   customdata=[_hours(h.minimum) for h in booked],
                   hovertemplate="%{x}: mindestens %{customdata}<extra></extra>"),
        go.Scatter(x=[xi for xi, h in zip(x, booked, strict=True) if h.under_minimum],
                   y=[float(h.booked) + 12 for h in booked if h.under_minimum], mode="text", text=["▼"] * len(
                       [h for h in booked if h.under_minimum]), textfont=dict(size=20, color="#1b1b1b"),
                   name=UNDER_MINIMUM_TEXT, hoverinfo="skip"),
    ])
    fig.update_layout(barmode="stack")
    charts.base_layout(fig, height=360)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.18), margin=dict(l=10, r=20, t=10, b=80))
    fig.update_yaxes(title_text="Stunden")
    return fig


def years_section(view) -> dbc.Card:
    rows = [[str(y.year), y.gemeinde, fmt_eur(y.cost), f"{fmt_int(y.invoiced_quarters)} von 4",
             fmt_eur(y.unfunded_net), fmt_eur(y.land_share) + (" (angenommen)" if y.share_assumed else ""),
             fmt_eur(y.own_budget)] for y in view.years]
    table = DataTable(["Jahr", "Gemeinde", "Kosten (brutto)", "abgerechnete Quartale", f"netto für {UNFUNDED_TEXT}",
                       "Landesanteil", "Eigenanteil"], rows, table_id=ids.VERBUND_YEARS_TABLE, numeric={2, 3, 4, 5, 6})
    return Section("Kosten und Landesanteil je Gemeinde und Jahr bis 2029", table,
                   subtitle="Abgerechnete Quartale mit den Rechnungsbeträgen, die übrigen mit den Mindeststunden; "
                            "Landesanteil nach der Zuteilung des Landkreises – Jahre ohne erfasste Landesmittel oder "
                            "ohne vollständige Erhebung sind angenommen")
