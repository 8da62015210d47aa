"""Import: upload a CSV/XLSX file, see what would change (preview with the German report), then
"Übernehmen" writes it all or nothing. Templates per kind and the full export as XLSX downloads.
`layout` builds the frame; `preview` and `result` render an import report (a plain dict from
`data.imports.engine.ImportReport.to_dict`)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.formatting import fmt_int
from layouts import ids
from layouts.components import DataTable, EmptyState, KpiCard, PageSync, Section, form_feedback
from layouts.presentation import Presentation, Slide

TITLE = "Import"
PATH = "/import"

PRESENTATION = Presentation((
    Slide("pruefung", "Prüfergebnis", (ids.IMPORT_PREVIEW_TABLE,), rows="Zeilen"),
))

PREVIEW_ROWS = 200
KIND_CHOICES = [("auto", "automatisch erkennen (an den Spalten)"), ("cases", "Fälle"), ("caseload_counts", "Fallzahlen"),
                ("positions", "Stellen"), ("projects", "Ehrenamtsprojekte"), ("ledger", "Projektmittel")]
STATUS_ICON = {"new": "+ neu", "updated": "✎ geändert", "unchanged": "= unverändert", "rejected": "✖ abgelehnt"}


def layout(**_query) -> html.Div:
    return html.Div([
        html.H1("Import", className="page-title"),
        html.Div("Daten der Träger und der Stadt aus CSV- oder Excel-Dateien übernehmen – erst prüfen, dann "
                 "übernehmen; eine Datei mit einem Fehler wird ganz abgelehnt", className="page-subtitle mb-3"),
        PageSync(ids.IMPORT_LOCATION, ids.IMPORT_REVISION, ids.IMPORT_REFRESH),
        dcc.Store(id=ids.IMPORT_PREVIEW_STORE),
        dcc.Download(id=ids.IMPORT_TEMPLATE_DOWNLOAD),
        dcc.Download(id=ids.IMPORT_EXPORT_DOWNLOAD),
        dcc.Download(id=ids.IMPORT_REPORT_DOWNLOAD),
        html.Div(id=ids.IMPORT_ACCESS),
        dbc.Row([
            dbc.Col(Section("1. Datei prüfen", [
                html.Div([dbc.Label("Datenart", html_for=ids.IMPORT_KIND, className="form-label-strong"),
                          dbc.Select(id=ids.IMPORT_KIND, value="auto",
                                     options=[{"label": label, "value": value} for value, label in KIND_CHOICES])],
                         className="mb-2"),
                dcc.Upload(id=ids.IMPORT_UPLOAD, multiple=False, className="import-upload",
                           children=html.Div(["Datei hierher ziehen oder ", html.A("auswählen", className="fw-bold"),
                                              html.Div("CSV (Semikolon oder Komma; UTF-8 oder Windows-1252) oder "
                                                       "XLSX; nur pseudonymisierte Daten", className="small")])),
                html.Div("Personenbezogene Spalten (Namen, Geburtsdaten, Adressen, Telefon, E-Mail) werden "
                         "abgelehnt. Datum als TT.MM.JJJJ, Zahlen wie 1.234,5.", className="form-text mt-2"),
            ], subtitle="nichts wird geschrieben, bevor Sie „Übernehmen“ klicken"), xxl=8),
            dbc.Col(Section("Vorlagen und Gesamtexport", [
                html.Div("Leere Excel-Vorlage mit deutschen Spalten und Erläuterung:", className="mb-2"),
                html.Div([dbc.Button(label, id={"type": ids.IMPORT_TEMPLATE_BUTTON, "kind": value}, color="light",
                                     size="sm", className="download-button", title=f"Vorlage „{label}“ (XLSX)")
                          for value, label in KIND_CHOICES[1:]], className="d-flex flex-wrap gap-2 mb-3"),
                dbc.Button("Gesamtexport (XLSX)", id=ids.IMPORT_EXPORT_BUTTON, color="secondary", size="sm",
                           title="alle Daten, ein Blatt je Datenart; der Import liest die Datei unverändert zurück"),
            ], subtitle="der Gesamtexport lässt sich unverändert wieder importieren"), xxl=4),
        ], className="g-3 mb-3"),
        dcc.Loading(html.Div(id=ids.IMPORT_PREVIEW), type="default", overlay_style={"visibility": "visible"},
                    custom_spinner=html.Div("⏳ Datei wird geprüft …", className="import-progress", role="status")),
        html.Div([
            dbc.Button("Übernehmen", id=ids.IMPORT_APPLY, color="primary", disabled=True, className="me-3"),
            html.Span("schreibt alle Zeilen in einem Schritt – oder keine", className="form-text me-auto"),
            html.Span("Prüfbericht:", className="form-text me-2"),
            dbc.Button("CSV", id=ids.IMPORT_REPORT_CSV, color="light", size="sm", className="download-button me-1",
                       title="Prüfbericht der hochgeladenen Datei als CSV"),
            dbc.Button("XLSX", id=ids.IMPORT_REPORT_XLSX, color="light", size="sm", className="download-button",
                       title="Prüfbericht der hochgeladenen Datei als XLSX"),
        ], className="my-3 d-flex align-items-center flex-wrap"),
        dcc.Loading(html.Div(id=ids.IMPORT_RESULT, role="status"), type="default",
                    custom_spinner=html.Div("⏳ Daten werden übernommen …", className="import-progress", role="status")),
    ], className="import-page")


def no_access() -> dbc.Alert:
    return EmptyState("Import nur für die Administration und die Träger.",
                      "Die Rollen Steuerungsgremium und Lesezugriff können Daten ansehen, aber nicht importieren.")


def _counts(report: dict) -> dbc.Row:
    c = report["counts"]
    cards = [("Neu", c["new"], "new"), ("Geändert", c["updated"], "updated"), ("Unverändert", c["unchanged"], "unchanged"),
             ("Abgelehnt", c["rejected"], "rejected")]
    return dbc.Row([dbc.Col(KpiCard(f"{STATUS_ICON[key].split()[0]} {title}", fmt_int(value), "Zeilen",
                                    value_id=f"{ids.IMPORT_PREVIEW_COUNTS}-{key}"), xs=6, lg=3)
                    for title, value, key in cards], className="g-3 mb-3", id=ids.IMPORT_PREVIEW_COUNTS)


def _problems(report: dict):
    if not report["problems"]:
        return None
    items = [html.Li(p["text"]) for p in report["problems"][:100]]
    more = len(report["problems"]) - 100
    return dbc.Alert([html.Strong(f"✖ {len(report['problems'])} Problem(e) – es wird nichts importiert. Bitte in der "
                                  "Datei korrigieren und erneut hochladen:"),
                      html.Ul(items, className="mb-0 mt-2"),
                      html.Div(f"… und {more} weitere.") if more > 0 else None],
                     color="danger", id=ids.IMPORT_PROBLEMS, className="import-problems")


def _rows(report: dict):
    rows = report["rows"][:PREVIEW_ROWS]
    if not rows:
        return None
    body = [[fmt_int(r["row"]), r.get("sheet") or report.get("kind_title") or "", STATUS_ICON[r["status"]], r["key"],
             "; ".join(r["changes"]) or "–"] for r in rows]
    note = (f"Die ersten {PREVIEW_ROWS} von {fmt_int(len(report['rows']))} Zeilen."
            if len(report["rows"]) > PREVIEW_ROWS else f"{fmt_int(len(rows))} Zeilen.")
    return html.Div([html.Div(note, className="table-note mb-1"),
                     DataTable(["Zeile", "Datenart", "Status", "Schlüssel", "Änderungen"], body,
                               table_id=ids.IMPORT_PREVIEW_TABLE, numeric={0})])


def preview(report: dict) -> html.Div:
    if report["ok"]:
        head = (form_feedback(info=report["summary"]) if report["already_imported"]
                else form_feedback(success=report["summary"]))
    else:
        head = None
    title = "2. Übernommen" if report["applied"] else "2. Vorschau"
    return Section(f"{title}: {report['filename']}", [head, _counts(report), _problems(report), _rows(report)],
                   subtitle=(f"Datenart: {report['kind_title']}" if report.get("kind_title") else None))


def result(report: dict) -> dbc.Alert:
    if report["applied"]:
        return form_feedback(success=report["summary"])
    if report["ok"]:
        return form_feedback(info=report["summary"])
    return form_feedback([p["text"] for p in report["problems"][:20]] or [report["summary"]],
                         title=report["summary"] if report["problems"] else None)


def message(text: str, ok: bool = False) -> dbc.Alert:
    return form_feedback(success=text) if ok else form_feedback(text, title=None)
