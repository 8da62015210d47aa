"""Personal (VZÄ): the Stellenplan (planned vs filled per Träger × programme × funding), the city's
share of church-funded posts, fixed-term funding, the plan's consistency checks, yearly costs and a
form to change or add a position. `layout` builds the frame with the form; `kpis`, `plan` and
`content` render the typed figures (`dashboard.model.figures.staffing.StaffingFigures`) that
`dashboard.services.staffing.staffing` returns. The sections live beside this page module, split
along the domain: the Stellenplan (`staffing_plan`), the plan's checks and shared posts
(`staffing_checks`), funding and costs (`staffing_funding`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.figures.staffing import Position, ProviderChoice, StaffingFigures
from dashboard.model.formatting import fmt_date, fmt_exact
from dashboard.model.vocabulary import FUNDING_TEXT, PROGRAMME_TEXT
from layouts import ids
from layouts.components import EditArea, FormField, Section
from layouts.presentation import Presentation, Slide
from layouts.staffing_checks import checks_table, other_checks, shared_table
from layouts.staffing_funding import costs_section, funding_section, funding_timeline
from layouts.staffing_plan import PAGE, kpis, plan, planned_text

__all__ = ["NEW", "PAGE", "PATH", "TITLE", "checks_table", "content", "costs_section", "edit_form",
           "form_values", "fte_text", "funding_section", "funding_timeline", "kpis", "layout",
           "other_checks", "plan", "position_options", "provider_options", "shared_table"]

TITLE = "Personal (VZÄ)"
PATH = "/personal"

PRESENTATION = Presentation((
    Slide("kennzahlen", "Kennzahlen", (ids.STAFFING_KPI_PLANNED,)),
    Slide("stellenplan", "Stellenplan", (ids.STAFFING_PLAN_TABLE,), rows="Stellen"),
    Slide("pruefungen", "Plan-Prüfungen", (ids.STAFFING_CHECKS_TABLE,), rows="Prüfungen"),
    Slide("stadtanteile", "Stadtanteile kirchlicher Stellen", (ids.STAFFING_SHARED_TABLE,), rows="Stellen"),
    Slide("weitere-pruefungen", "Weitere Prüfungen", (ids.STAFFING_OTHER_CHECKS,)),
    Slide("finanzierung", "Befristete Finanzierung", (ids.STAFFING_FUNDING_CHART,)),
    Slide("kosten", "Kosten je Jahr", (ids.STAFFING_COSTS_TABLE,), rows="Stellen"),
), period_label="Stichtag", period_id=ids.STAFFING_DATE)
NEW = "new"


def layout(stichtag: str | None = None, access: FormAccess = FormAccess(), **_query) -> html.Div:
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
            dbc.Col(edit_form(access), xxl=4),
        ], className="g-3 mb-3"),
        dcc.Loading(html.Div(id=ids.STAFFING_CONTENT), delay_show=400, type="dot"),
    ], className="staffing-page")


# --- the form ----------------------------------------------------------------------------------



def edit_form(access: FormAccess = FormAccess()) -> dbc.Card:
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
    return Section("Stelle ändern oder anlegen", EditArea([
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
    ], offered=access.edits, refusal=access.refusal("Stellen ändern")),
        subtitle="jede Änderung wird sofort gespeichert, mit Ihrem Namen")


def fte_text(value: Decimal | float | str | None) -> str:
    """A VZÄ value for an input field, exact (no rounding): 0.125 → "0,125", 1 → "1,0"."""
    return fmt_exact(value)


def position_options(positions: Sequence[Position]) -> list[dict]:
    options = [{"label": f"{p.name} · {p.funding_text} · {planned_text(p)} VZÄ",
                "value": str(p.position_id)} for p in positions]
    return options + [{"label": "Neue Stelle anlegen …", "value": NEW}]


def provider_options(providers: Sequence[ProviderChoice]) -> list[dict]:
    return [{"label": p.provider, "value": str(p.provider_id)} for p in providers]


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


# --- figures -----------------------------------------------------------------------------------

def content(fig: StaffingFigures) -> list:
    """Everything below the Stellenplan: checks, shared posts, funding timeline, costs."""
    checks = fig.checks
    return [
        dbc.Row([
            dbc.Col(Section("Plan-Prüfungen", checks_table(checks), download=(PAGE, "checks"),
                            subtitle="Summen, die der Plan nennt, gegen die Summe seiner Einzelstellen "
                                     "(unabhängig vom Stichtag)")),
        ], className="g-3 mb-3"),
        dbc.Row([
            dbc.Col(Section("Stadtanteile kirchlicher Stellen", shared_table(fig.shared),
                            download=(PAGE, "shared"),
                            subtitle="gemeinsam mit dem Landkreis: angerechneter Stadtanteil gegen "
                                     "das vertragliche Minimum (VZÄ)"), xxl=7),
            dbc.Col(Section("Weitere Prüfungen", other_checks(checks),
                            subtitle="Mindestgröße und Programme ohne Stelle"), xxl=5),
        ], className="g-3 mb-3"),
        dbc.Row([dbc.Col(funding_section(fig))], className="g-3 mb-3"),
        dbc.Row([dbc.Col(costs_section(fig.costs))], className="g-3 mb-3"),
    ]
