"""Verwaltung (admin only): the users with forms to add one, set a password, lock and unlock; the audit
log filtered by person, action and period, paged on the server (filters and page in the URL, so a link
shows the same extract).
`layout` builds the frame; `users` and `audit` render rows from `dashboard.services.admin`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.formatting import fmt_date, fmt_int
from dashboard.model.vocabulary import ROLE_LABELS
from layouts import ids
from layouts.components import DataTable, EmptyState, FormField, PageSync, Section
from layouts.presentation import Presentation, Slide

ANY = "*"  # the filter value "alle" (an empty value would show a blank select)
TITLE = "Verwaltung"
PATH = "/verwaltung"

PRESENTATION = Presentation((
    Slide("benutzer", "Benutzer", (ids.ADMIN_USERS,), rows="Benutzer"),
    Slide("zugaenge", "API-Zugänge der Träger", (ids.ADMIN_TOKENS,), rows="Zugänge"),
    Slide("protokoll", "Protokoll", (ids.ADMIN_AUDIT,), rows="Einträge"),
))


def layout(benutzer: str | None = None, aktion: str | None = None, von: str | None = None,
           bis: str | None = None, **_query) -> html.Div:
    return html.Div([
        html.H1("Verwaltung", className="page-title"),
        html.Div("Benutzer und Rollen, Protokoll aller Anmeldungen und Änderungen", className="page-subtitle mb-3"),
        PageSync(ids.ADMIN_LOCATION, ids.ADMIN_REVISION, ids.ADMIN_REFRESH),
        html.Div(id=ids.ADMIN_MESSAGE),
        dbc.Row([
            dbc.Col(Section("Benutzer", html.Div(id=ids.ADMIN_USERS), download=("admin", "users"),
                            subtitle="Passwörter werden nur als argon2id-Hash gespeichert"), xxl=7),
            dbc.Col([_new_user_form(), html.Div(className="mb-3"), _change_form()], xxl=5),
        ], className="g-3 mb-3"),
        Section("API-Zugänge der Träger", [html.Div(id=ids.ADMIN_TOKENS), _token_form()],
                subtitle="Tokens für POST /api/v1/… (Fachverfahren der Träger); gespeichert wird nur ein Hash"),
        html.Div(className="mb-3"),
        Section("Protokoll", [_audit_filters(benutzer, aktion, von, bis), html.Div(id=ids.ADMIN_AUDIT)],
                download=("admin", "audit"),
                subtitle="wer wann was getan hat; das Protokoll lässt sich nicht ändern oder löschen"),
    ], className="admin-page")




def _new_user_form() -> dbc.Card:
    return Section("Benutzer anlegen", [
        dbc.Row([
            dbc.Col(FormField("Benutzername", dbc.Input(id=ids.ADMIN_NEW_NAME, type="text", autoComplete="off",
                                                     placeholder="z. B. a.mueller"), ids.ADMIN_NEW_NAME,
                           "Kleinbuchstaben, Ziffern, Punkt, Binde- oder Unterstrich"), md=6),
            dbc.Col(FormField("Rolle", dbc.Select(id=ids.ADMIN_NEW_ROLE, placeholder="Rolle wählen …", options=[
                {"label": label, "value": role} for role, label in ROLE_LABELS.items()]), ids.ADMIN_NEW_ROLE), md=6),
        ]),
        dbc.Row([
            dbc.Col(FormField("Träger", dbc.Select(id=ids.ADMIN_NEW_PROVIDER, placeholder="nur für die Rolle Träger",
                                                options=[]), ids.ADMIN_NEW_PROVIDER), md=6),
            dbc.Col(FormField("Erstes Passwort", dbc.Input(id=ids.ADMIN_NEW_PASSWORD, type="password",
                                                        autoComplete="new-password"), ids.ADMIN_NEW_PASSWORD,
                           "mindestens 12 Zeichen, kein verbreitetes Passwort"), md=6),
        ]),
        dbc.Button("Benutzer anlegen", id=ids.ADMIN_NEW_SUBMIT, color="primary", className="mt-1"),
        html.Div(id=ids.ADMIN_NEW_RESULT, className="mt-2", role="status"),
    ], subtitle="die Person ändert das Passwort später mit der Administration")


def _change_form() -> dbc.Card:
    return Section("Benutzer ändern", [
        FormField("Benutzer", dbc.Select(id=ids.ADMIN_CHANGE_USER, placeholder="Benutzer wählen …", options=[]),
               ids.ADMIN_CHANGE_USER),
        FormField("Neues Passwort", dbc.Input(id=ids.ADMIN_CHANGE_PASSWORD, type="password",
                                           autoComplete="new-password"), ids.ADMIN_CHANGE_PASSWORD,
               "beendet alle offenen Sitzungen des Benutzers"),
        html.Div([
            dbc.Button("Passwort setzen", id=ids.ADMIN_CHANGE_PASSWORD_SUBMIT, color="primary"),
            dbc.Button("Sperren", id=ids.ADMIN_DISABLE_SUBMIT, color="danger", outline=True),
            dbc.Button("Freigeben", id=ids.ADMIN_ENABLE_SUBMIT, color="secondary", outline=True),
        ], className="d-flex gap-2 flex-wrap"),
        html.Div(id=ids.ADMIN_CHANGE_RESULT, className="mt-2", role="status"),
    ], subtitle="Sperren beendet offene Sitzungen sofort")


def _token_form() -> html.Div:
    return html.Div([
        dbc.Row([
            dbc.Col(FormField("Träger", dbc.Select(id=ids.ADMIN_TOKEN_PROVIDER, placeholder="Träger wählen …", options=[]),
                           ids.ADMIN_TOKEN_PROVIDER), md=3),
            dbc.Col(FormField("Bezeichnung", dbc.Input(id=ids.ADMIN_TOKEN_NAME, type="text", autoComplete="off",
                                                    placeholder="z. B. Fachverfahren AWO"), ids.ADMIN_TOKEN_NAME), md=4),
            dbc.Col(dbc.Button("Zugang erstellen", id=ids.ADMIN_TOKEN_CREATE, color="primary", className="mt-md-4"),
                    md=2),
            dbc.Col(FormField("Zugang widerrufen", dbc.Select(id=ids.ADMIN_TOKEN_REVOKE_ID, placeholder="Token wählen …",
                                                           options=[]), ids.ADMIN_TOKEN_REVOKE_ID), md=2),
            dbc.Col(dbc.Button("Widerrufen", id=ids.ADMIN_TOKEN_REVOKE, color="danger", outline=True,
                               className="mt-md-4"), md=1),
        ], className="align-items-start"),
        html.Div(id=ids.ADMIN_TOKEN_RESULT, className="mt-2", role="status"),
    ], className="mt-3")


def tokens(rows: list[dict]) -> html.Div:
    if not rows:
        return EmptyState("Noch keine API-Zugänge.", "Ein Träger, der Daten aus seinem Fachverfahren liefert, "
                                                     "bekommt hier einen Zugang.")
    def day(value):
        return fmt_date(value)
    body = [[str(r["id"]), r["provider_name"], r["name"], r["created_by"], day(r["created_at"]),
             day(r["last_used_at"]),
             html.Span("✖ widerrufen " + day(r["revoked_at"]), className="user-locked") if r["revoked_at"]
             else "✔ gültig"] for r in rows]
    return DataTable(["Nr.", "Träger", "Bezeichnung", "erstellt von", "erstellt", "zuletzt benutzt", "Status"], body,
                     table_id=ids.ADMIN_TOKENS_TABLE)


def _date(field_id: str, value: str | None) -> html.Div:
    return html.Div(dcc.DatePickerSingle(id=field_id, date=value, display_format="DD.MM.YYYY", first_day_of_week=1,
                                         placeholder="TT.MM.JJJJ", clearable=True), className="form-date")


def _audit_filters(actor, action, since, until) -> dbc.Row:
    return dbc.Row([
        dbc.Col(FormField("Benutzer", dbc.Select(id=ids.ADMIN_AUDIT_ACTOR, value=actor or ANY,
                                              options=[{"label": "alle", "value": ANY}]), ids.ADMIN_AUDIT_ACTOR), md=3),
        dbc.Col(FormField("Aktion", dbc.Select(id=ids.ADMIN_AUDIT_ACTION, value=action or ANY,
                                            options=[{"label": "alle", "value": ANY}]), ids.ADMIN_AUDIT_ACTION), md=3),
        dbc.Col(FormField("von", _date(ids.ADMIN_AUDIT_FROM, since), ids.ADMIN_AUDIT_FROM), md=3),
        dbc.Col(FormField("bis", _date(ids.ADMIN_AUDIT_TO, until), ids.ADMIN_AUDIT_TO), md=3),
        dcc.Store(id=ids.ADMIN_AUDIT_DATES, data={"von": since or None, "bis": until or None}),
    ], className="mb-2")


def users(rows: list[dict]) -> html.Div:
    if not rows:
        return EmptyState("Noch keine Benutzer.", "Mit dem Formular rechts anlegen.")
    body = [[r["username"], r["role_text"], r["provider"] or "–",
             html.Span(["✔ aktiv" if r["active"] else "✖ gesperrt"],
                       className="user-active" if r["active"] else "user-locked"),
             fmt_date(r["created"]) if r["created"] else "–",
             fmt_date(r["password_changed"]) if r["password_changed"] else "–"] for r in rows]
    return DataTable(["Benutzer", "Rolle", "Träger", "Status", "angelegt", "Passwort geändert"], body,
                     table_id=ids.ADMIN_USERS_TABLE)


def audit(rows: list[dict], *, total: int, page: int, pages: int, first: int) -> html.Div:
    """One page of the log (the server sends only these rows), its place in the whole, and page links."""
    if not rows:
        return EmptyState("Keine Einträge für diesen Filter.", "Filter lockern oder Zeitraum erweitern.")
    if total == 1:
        note = "1 Eintrag."
    elif pages == 1:
        note = f"{fmt_int(total)} Einträge, die neuesten zuerst."
    else:
        note = (f"Einträge {fmt_int(first)}–{fmt_int(first + len(rows) - 1)} von {fmt_int(total)}, die neuesten "
                "zuerst; alle Einträge des Filters im Download.")
    body = [[r["at"], r["actor"], r["action_text"], r["target"], r["detail"], r["ip"]] for r in rows]
    return html.Div([html.Div(note, className="table-note mb-1", role="status"),
                     DataTable(["Zeitpunkt", "Benutzer", "Aktion", "Objekt", "Einzelheiten", "IP-Adresse"], body,
                               table_id=ids.ADMIN_AUDIT_TABLE),
                     _pager(page, pages) if pages > 1 else None], className="audit-table")


def _pager(page: int, pages: int) -> html.Nav:
    """Buttons to the newest, newer, older and oldest page. A button (not a link) keeps the reader's place
    on this long page; callbacks/admin.py puts the chosen page into the URL (`seite`)."""
    def button(name: str, label: str, target: int, title: str):
        return dbc.Button(label, id={"type": ids.ADMIN_AUDIT_PAGE_BUTTON, "button": name, "page": target},
                          disabled=target == page or not 1 <= target <= pages, title=title, color="primary",
                          outline=True, size="sm")

    return html.Nav([
        button("newest", "« Neueste", 1, "erste Seite: die neuesten Einträge"),
        button("newer", "‹ Neuere", page - 1, "vorige Seite: neuere Einträge"),
        html.Span(f"Seite {fmt_int(page)} von {fmt_int(pages)}", className="pager-position"),
        button("older", "Ältere ›", page + 1, "nächste Seite: ältere Einträge"),
        button("oldest", "Älteste »", pages, "letzte Seite: die ältesten Einträge"),
    ], id=ids.ADMIN_AUDIT_PAGER, className="audit-pager d-flex gap-2 align-items-center flex-wrap mt-2",
        **{"aria-label": "Seiten des Protokolls"})


def choice_options(values: list[str], labels: dict[str, str] | None = None) -> list[dict]:
    return [{"label": "alle", "value": ANY}] + [{"label": (labels or {}).get(v, v), "value": v} for v in values]


def no_access() -> html.Div:
    return EmptyState("Kein Zugriff auf die Verwaltung.",
                      "Benutzer und Protokoll sieht nur die Administration der Stadt.")
