"""Berichte: "Sitzung zusammenstellen" — a meeting's slide sequence (date, body, title, optional
auto-advance, the slides ticked in the order they are shown) and the saved Sitzungen, each with
„Abspielen“ (presentation mode at its first step), „Sitzungsunterlage (PDF)“ and „Löschen“.

Drawn from what the callbacks hand in (choices, saved Sitzungen with their addresses); no data here.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.formatting import fmt_date, fmt_int
from dashboard.model.vocabulary import (
    MEETING_BODIES,
    MEETING_INTERVAL_MAX,
    MEETING_INTERVAL_MIN,
    MEETING_LABELS,
)
from layouts import ids
from layouts.components import EditArea, Section

SAVE_REFUSED = ("Sitzungen abspielen kann jede Rolle; zusammenstellen und löschen können das Steuerungsgremium "
                "und die Administration.")


def compose_section(access: FormAccess) -> dbc.Card:
    today = dt.date.today()
    form = [
        dbc.Row([
            dbc.Col([dbc.Label("Sitzung am", html_for=ids.MEETING_DATE, className="form-label-strong"),
                     html.Div(dcc.DatePickerSingle(id=ids.MEETING_DATE, date=today.isoformat(),
                                                   display_format="DD.MM.YYYY", first_day_of_week=1,
                                                   clearable=False), className="form-date")], md=4),
            dbc.Col([dbc.Label("Gremium", html_for=ids.MEETING_BODY, className="form-label-strong"),
                     dbc.RadioItems(id=ids.MEETING_BODY, value="steering",
                                    options=[{"label": v, "value": k} for k, v in MEETING_BODIES.items()])], md=4),
            dbc.Col([dbc.Label(f"Automatisch weiterschalten ({fmt_int(MEETING_INTERVAL_MIN)}–"
                               f"{fmt_int(MEETING_INTERVAL_MAX)} s, leer: von Hand)", html_for=ids.MEETING_INTERVAL,
                               className="form-label-strong"),
                     dbc.InputGroup([dbc.InputGroupText("alle"),
                                     dbc.Input(id=ids.MEETING_INTERVAL, type="text", inputMode="numeric",
                                               placeholder="z. B. 60", value=""),
                                     dbc.InputGroupText("s")])], md=4),
        ], className="g-3 mb-3"),
        dbc.Label("Titel", html_for=ids.MEETING_TITLE, className="form-label-strong"),
        dbc.Input(id=ids.MEETING_TITLE, type="text", maxLength=200, placeholder="z. B. Sitzung Dezember",
                  className="mb-3"),
        html.Div("Folien (in der Reihenfolge des Ankreuzens gezeigt)", className="form-label-strong mb-1"),
        dcc.Checklist(id=ids.MEETING_CHOICES, options=[], value=[], className="meeting-choices mb-2",
                      inputClassName="me-2", labelClassName="d-block"),  # named by the line above (a11y-repair.js)
        html.Div(id=ids.MEETING_ORDER, className="meeting-order mb-3"),
        dbc.Button("Sitzung speichern", id=ids.MEETING_SAVE, color="primary"),
    ]
    return Section("Sitzung zusammenstellen", [
        html.P("Eine Folge von Folien für eine Sitzung: Seiten mit ihrem Stand, gespeicherte Szenarien neben der "
               "Ausgangslage und, wenn vorhanden, die Landkreis-Ansichten. Gespielt im Präsentationsmodus "
               "(Bild ab geht nach der letzten Folie einer Seite zur nächsten); die Sitzungsunterlage zeigt "
               "dieselben Schritte in derselben Reihenfolge."),
        EditArea(form, offered=access.save_meeting, refusal=SAVE_REFUSED),
        html.Div(id=ids.MEETING_MESSAGE, role="status", className="mt-3"),
    ])


def saved_section() -> dbc.Card:
    return Section("Gespeicherte Sitzungen", [
        html.Div(id=ids.MEETING_LIST),
        dcc.Store(id=ids.MEETING_VERSION, data=0),
        dcc.Loading(dcc.Download(id=ids.MEETING_DOWNLOAD), type="dot"),
    ])


def order_list(labels: list[str]):
    """The ticked slides in the order they will be shown."""
    if not labels:
        return html.P("Noch keine Folie angekreuzt.", className="text-body-secondary mb-0")
    return html.Div([html.Div("Reihenfolge:", className="form-label-strong"),
                     html.Ol([html.Li(label) for label in labels], className="mb-0")])


def saved_list(rows: list[dict], access: FormAccess):
    """Each saved Sitzung: date, body, title, steps, interval; play / PDF / delete (delete only if allowed).

    `rows`: {"id", "day", "body", "title", "steps", "interval", "play", "labels"}."""
    if not rows:
        return html.P("Noch keine Sitzung gespeichert.", className="text-body-secondary mb-0")
    items = []
    for r in rows:
        auto = MEETING_LABELS["auto"].format(s=fmt_int(r["interval"])) if r["interval"] else "von Hand"
        day = fmt_date(r["day"]) if r["day"] else "–"
        items.append(html.Li([
            html.Div([html.Strong(f"{day} · {MEETING_BODIES.get(r['body'], r['body'])}"), " – ", r["title"]]),
            html.Div(f"{fmt_int(r['steps'])} Schritte · {auto}: " + " → ".join(r["labels"]),
                     className="small text-body-secondary"),
            html.Div([
                html.A("Abspielen", href=r["play"], className="btn btn-sm btn-primary me-2",
                       **{"aria-label": f"Sitzung „{r['title']}“ abspielen"}) if r["play"] else None,
                html.Button("Sitzungsunterlage (PDF)", id={"type": ids.MEETING_PDF, "index": r["id"]}, type="button",
                            className="btn btn-sm btn-outline-secondary me-2",
                            **{"aria-label": f"Sitzungsunterlage „{r['title']}“ als PDF"}),
                html.Button("Löschen", id={"type": ids.MEETING_DELETE, "index": r["id"]}, type="button",
                            className="btn btn-sm btn-outline-danger",
                            **{"aria-label": f"Sitzung „{r['title']}“ löschen"}) if access.save_meeting else None,
            ], className="mt-1"),
        ], className="meeting-item mb-3", **{"data-meeting": str(r["id"])}))
    return html.Ul(items, className="list-unstyled mb-0 meeting-list")
