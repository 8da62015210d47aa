"""Import page callbacks: preview an upload, apply it (checked again on the server), template and
full-export downloads. Roles are checked here on every request, so a forged request gets nothing.
The import itself (its own transaction, rows of another Träger refused there) runs in
`dashboard.services.imports.run`."""

from __future__ import annotations

import time

from dash import ALL, Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import on_page, record_refusal, wire
from dashboard.context import AppContext
from dashboard.identity import current_owner_code, current_role, current_user_name
from dashboard.services import imports as report
from layouts import ids, imports

NOT_ALLOWED = ("Import nur für die Administration, die Träger und den Landkreis; die Rolle Steuerungsgremium bzw. "
               "Lesezugriff "
               "kann nichts importieren. Es wurde nichts geändert.")


def show_access(ctx: AppContext, pathname):
    if not on_page(pathname, imports.PATH):
        raise PreventUpdate
    return None if report.may_import(current_role()) else imports.no_access()


def _run(ctx: AppContext, contents, filename, kind, role, **options):
    """The import engine on an upload, as the current user (preview: commit=False)."""
    return report.run(ctx, contents, filename, kind, role=role, provider_code=current_owner_code(),
                      actor=current_user_name(), **options)


def preview_import(ctx: AppContext, contents, kind, filename):
    if not contents:
        raise PreventUpdate
    role = current_role()
    if not report.may_import(role):
        return imports.message(NOT_ALLOWED), True, None, None
    try:
        result = _run(ctx, contents, filename, kind, role, commit=False)
    except report.UploadError as error:
        return imports.message(str(error)), True, None, None
    ready = result["ok"] and not result["already_imported"]
    return imports.preview(result), not ready, {"sha256": result["sha256"], "kind": kind}, None


def apply_import(ctx: AppContext, clicks, contents, filename, previewed):
    if not clicks:
        raise PreventUpdate
    role = current_role()
    if not report.may_import(role):
        record_refusal(ctx, "import", NOT_ALLOWED)
        return imports.message(NOT_ALLOWED), True, no_update, no_update
    previewed = previewed if isinstance(previewed, dict) else {}
    try:
        result = _run(ctx, contents, filename, previewed.get("kind"), role, commit=True,
                      expected_sha256=previewed.get("sha256"))
    except report.UploadError as error:
        return imports.message(str(error)), True, no_update, no_update
    if not result["applied"]:
        if result.get("foreign"):
            record_refusal(ctx, "import", "Zeilen eines anderen Trägers", kind=previewed.get("kind"))
        return imports.result(result), True, no_update, no_update
    return imports.result(result), True, f"i{time.time()}", imports.preview(result)


def download_template(ctx: AppContext, clicks):
    trigger = dash_ctx.triggered_id
    if not trigger or not any(clicks):
        raise PreventUpdate
    content, filename = report.template_file(ctx, trigger["kind"])
    return dcc.send_bytes(content, filename)


def download_full_export(ctx: AppContext, clicks):
    role = current_role()
    if not clicks:
        raise PreventUpdate
    if not report.may_import(role):
        return no_update, imports.message("Den Gesamtexport (mit Einzelfällen) erhalten nur die Administration "
                                          "und die Träger (nur eigene Daten).")
    content, filename = report.full_export(ctx, role=role, provider_code=current_owner_code(),
                                           actor=current_user_name())
    return dcc.send_bytes(content, filename), no_update


def download_report(ctx: AppContext, csv_clicks, xlsx_clicks, contents, filename, kind):
    if not (csv_clicks or xlsx_clicks):
        raise PreventUpdate
    role = current_role()
    if not report.may_import(role):
        return no_update, imports.message(NOT_ALLOWED)
    fmt = "csv" if dash_ctx.triggered_id == ids.IMPORT_REPORT_CSV else "xlsx"
    try:
        content, name = report.report_file(ctx, contents, filename, kind, fmt, role=role,
                                           provider_code=current_owner_code(), actor=current_user_name())
    except report.UploadError as error:
        return no_update, imports.message(str(error))
    return dcc.send_bytes(content, name), no_update


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, show_access, Output(ids.IMPORT_ACCESS, "children"), Input(ids.IMPORT_LOCATION, "pathname"))
    wire(app, ctx, preview_import,
         Output(ids.IMPORT_PREVIEW, "children"), Output(ids.IMPORT_APPLY, "disabled"),
         Output(ids.IMPORT_PREVIEW_STORE, "data"), Output(ids.IMPORT_RESULT, "children"),
         Input(ids.IMPORT_UPLOAD, "contents"), Input(ids.IMPORT_KIND, "value"),
         State(ids.IMPORT_UPLOAD, "filename"),
         prevent_initial_call=True)
    wire(app, ctx, apply_import,
         Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
         Output(ids.IMPORT_APPLY, "disabled", allow_duplicate=True),
         Output(ids.IMPORT_REVISION, "data"),
         Output(ids.IMPORT_PREVIEW, "children", allow_duplicate=True),
         Input(ids.IMPORT_APPLY, "n_clicks"),
         State(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"),
         State(ids.IMPORT_PREVIEW_STORE, "data"),
         prevent_initial_call=True)
    wire(app, ctx, download_template,
         Output(ids.IMPORT_TEMPLATE_DOWNLOAD, "data"),
         Input({"type": ids.IMPORT_TEMPLATE_BUTTON, "kind": ALL}, "n_clicks"),
         prevent_initial_call=True)
    wire(app, ctx, download_full_export,
         Output(ids.IMPORT_EXPORT_DOWNLOAD, "data"), Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
         Input(ids.IMPORT_EXPORT_BUTTON, "n_clicks"),
         prevent_initial_call=True)
    wire(app, ctx, download_report,
         Output(ids.IMPORT_REPORT_DOWNLOAD, "data"), Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
         Input(ids.IMPORT_REPORT_CSV, "n_clicks"), Input(ids.IMPORT_REPORT_XLSX, "n_clicks"),
         State(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"), State(ids.IMPORT_KIND, "value"),
         prevent_initial_call=True)
