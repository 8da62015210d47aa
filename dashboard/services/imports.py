"""The Import page's server side: who may import what, decoding the upload, running the engine.

Role rules: admin imports every Träger's data; a provider only its own Träger's rows (the engine
rejects the others with a message); steering and viewer import nothing and get no full export (it
holds case-level data). The page's preview is never trusted: "Übernehmen" runs the whole check
again on the uploaded file, and refuses when the file is not the one previewed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from dashboard.auth import roles
from dashboard.context import AppContext
from dashboard.model.formatting import fmt_number
from data import audit, exports
from data.db import read_session, transaction
from data.imports import engine as import_engine
from data.imports import workbook
from data.imports.kinds import KINDS, Refs
from data.imports.scope import AreaScope
from data.schema import Provider


class UploadError(ValueError):
    """The upload cannot be read; German message."""


def may_import(role: str | None) -> bool:
    return roles.scope(role, roles.Action.import_data) is not None


def scope_of(role: str | None, provider_code: str | None) -> str | AreaScope | None:
    """The scope of an import: a Träger's code, a Landkreis' or Gemeinde's `AreaScope` (roles county /
    municipality; `provider_code` is then its area code), or None (everything, the city's admin)."""
    if roles.scope(role, roles.Action.import_data) != "own":
        return None
    if role in roles.AREA_ROLES:
        return AreaScope(roles.AREA_ROLES[role], provider_code or "")
    return provider_code


def decode_upload(contents: str | None, max_bytes: int) -> bytes:
    """dcc.Upload's "data:…;base64,…" → bytes, with the size limit checked before decoding."""
    if not contents or "," not in contents:
        raise UploadError("Bitte zuerst eine Datei hochladen.")
    data = contents.split(",", 1)[1]
    if len(data) * 3 // 4 > max_bytes + 4:
        raise UploadError(f"Die Datei ist größer als {fmt_number(max_bytes / 1024 / 1024, 0)} MB (Grenze für Importe). "
                          "Bitte die Datei aufteilen (z. B. je Jahr).")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("Die hochgeladene Datei ist beschädigt. Bitte erneut hochladen.") from None


def run(ctx: AppContext, contents: str | None, filename: str | None, kind: str | None, *, role: str | None,
        provider_code: str | None, actor: str, commit: bool, expected_sha256: str | None = None) -> dict:
    """Check (and with `commit` apply) the uploaded file; the report as a plain dict."""
    content = decode_upload(contents, ctx.settings.import_max_bytes)
    if commit:
        import hashlib

        if expected_sha256 is None or hashlib.sha256(content).hexdigest() != expected_sha256:
            raise UploadError("Die Datei ist nicht die geprüfte. Bitte die Datei erneut hochladen und prüfen.")
    report = import_engine.import_file(
        ctx.sessions, content, filename or "Datei", kind=None if kind in (None, "", "auto") else kind,
        scope=scope_of(role, provider_code), actor=actor, commit=commit,
        max_bytes=ctx.settings.import_max_bytes, max_rows=ctx.settings.import_max_rows, source="file")
    return report.to_dict()


def template_file(ctx: AppContext, kind: str) -> tuple[bytes, str]:
    if kind not in KINDS:
        raise UploadError("Unbekannte Vorlage.")
    with read_session(ctx.sessions) as session:
        return workbook.template(kind, Refs.load(session)), workbook.template_name(kind)


def full_export(ctx: AppContext, *, role: str | None, provider_code: str | None, actor: str) -> tuple[bytes, str]:
    """The full export (a provider: only its own Träger's rows); the download is audited."""
    with transaction(ctx.sessions) as session:
        scope_id = None
        if role in roles.AREA_ROLES:
            raise UploadError("Den Gesamtexport (mit Einzelfällen der Stadt) erhalten nur die Administration und "
                              "die Träger; die Daten des Landkreises lädt die Seite Landkreis herunter.")
        if roles.scope(role, roles.Action.import_data) == "own":
            provider = session.query(Provider).filter(Provider.code == provider_code).one_or_none()
            if provider is None:
                raise UploadError("Ihr Benutzer ist keinem Träger zugeordnet; bitte die Administration fragen.")
            scope_id = provider.id
        content = workbook.export_all(session, scope_provider_id=scope_id)
        audit.record(session, actor, "export", "import/gesamtexport", {"format": "xlsx", "scope": provider_code})
    return content, workbook.export_name(dt.date.today())


REPORT_COLUMNS = (exports.Column("row", "Zeile", "int"), exports.Column("sheet", "Datenart"),
                  exports.Column("status", "Status"), exports.Column("column", "Spalte"),
                  exports.Column("value", "Wert"), exports.Column("key", "Schlüssel"),
                  exports.Column("message", "Meldung"), exports.Column("fix", "Lösung"))


def report_table(result: dict) -> exports.Table:
    """The preview as a downloadable table: every problem first, then every row with its status."""
    kind = result.get("kind_title") or ""
    rows = [{"row": p["row"], "sheet": p.get("sheet") or kind, "status": "✖ Problem", "column": p["column"],
             "value": p["value"], "message": p["message"], "fix": p["fix"]} for p in result["problems"]]
    rows += [{"row": r["row"], "sheet": r.get("sheet") or kind, "status": r["status_text"], "key": r["key"],
              "message": "; ".join(r["changes"])} for r in result["rows"]]
    stem = "".join(c if c.isalnum() else "-" for c in (result["filename"] or "datei").rsplit(".", 1)[0])[:60]
    return exports.Table(f"pruefbericht-{stem}", f"Prüfbericht {result['filename']}", REPORT_COLUMNS, rows,
                         stand=result["summary"])


def report_file(ctx: AppContext, contents: str | None, filename: str | None, kind: str | None, fmt: str, *,
                role: str | None, provider_code: str | None, actor: str) -> tuple[bytes, str]:
    """Check the upload again (nothing is written) and return its report as CSV or XLSX (audited)."""
    result = run(ctx, contents, filename, kind, role=role, provider_code=provider_code, actor=actor, commit=False)
    content, name = exports.export(report_table(result), fmt)
    with transaction(ctx.sessions) as session:
        audit.record(session, actor, "export", "import/pruefbericht", {"format": fmt, "file": result["filename"]})
    return content, name
