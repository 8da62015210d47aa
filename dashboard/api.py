"""The ingest API for the Träger: `POST /api/v1/{cases,caseload-counts,positions,projects,ledger}`.

A request carries `Authorization: Bearer <token>` (one token per Träger, created by an admin with
`im-cockpit token add`; only its SHA-256 is stored) and a JSON body `{"rows": [{…}, …]}` whose keys
are the template's German headers or the English keys of the OpenAPI description. The same engine
as file imports runs: same checks, one transaction, all or nothing; `?dry_run=1` only previews. A
token writes only its own Träger's data: a row of another Träger answers 403 and nothing is written.
Requests are rate-limited per token (`IMC_API_RATE_LIMIT`). The API never looks at the session
cookie, so the login gate and its Origin check leave `/api/v1/` to this module
(`dashboard.auth.API_PREFIX`). `GET /api/v1/openapi.json` describes it (OpenAPI 3.1); any other
address below /api/v1 answers 404 or 405 as JSON. Bodies are limited to IMC_IMPORT_MAX_MB, chunked ones
too (dashboard.request_guard).
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, jsonify, request
from flask_limiter import Limiter

from dashboard.context import AppContext
from data import audit, tokens
from data.db import transaction
from data.imports import engine as import_engine
from data.imports.kinds import KINDS, KindSpec

API_PREFIX = "/api/v1"


def _error(status: int, message: str, **extra):
    return jsonify(ok=False, error=message, **extra), status


def _refusal(spec: KindSpec, scope: tokens.TokenScope) -> str:
    """Why a token's rows were refused (German)."""
    if scope.area is not None:
        return (f"Das Token für {scope.provider_name} darf nur die Landkreis-Daten (Landesmittel, Erhebung, "
                f"Aufgabenerledigung) von {scope.provider_name} schreiben; es wurde nichts geschrieben.")
    if not spec.provider_field:
        return (f"„{spec.title}“ sind keine Daten eines Trägers: sie importiert die Administration oder der "
                "Landkreis (Seite Import oder ein Token des Landkreises); es wurde nichts geschrieben.")
    return f"Das Token von {scope.provider_name} darf nur Daten von {scope.provider_name} schreiben; es wurde nichts geschrieben."


def _rate_key() -> str:
    header = request.headers.get("Authorization", "")
    if header:
        return "token:" + hashlib.sha256(header.encode("utf-8")).hexdigest()[:32]
    return "ip:" + (request.remote_addr or "?")


def register_api(server: Flask, ctx: AppContext, limiter: Limiter) -> None:
    """Add the API blueprint; every ingest route is rate-limited per token by `limiter` (from init_auth)."""
    settings = ctx.settings
    blueprint = Blueprint("api_v1", __name__, url_prefix=API_PREFIX)

    def limited(view):
        return limiter.limit(settings.api_rate_limit, key_func=_rate_key,
                             error_message="Zu viele Anfragen mit diesem Token; bitte kurz warten "
                                           f"(Grenze: {settings.api_rate_limit}).")(view)

    @blueprint.get("/openapi.json")
    def openapi():
        return jsonify(openapi_document())

    def ingest(spec: KindSpec):
        if request.content_length and request.content_length > settings.import_max_bytes:
            return _error(413, f"Die Anfrage ist größer als {settings.import_max_mb} MB. Bitte auf mehrere "
                               "Anfragen aufteilen.")
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else None
        with transaction(ctx.sessions) as session:
            scope = tokens.verify(session, token)
        if scope is None:
            return _error(401, "Kein gültiges API-Token. Bitte „Authorization: Bearer <Token>“ senden; Tokens "
                               "legt die Administration an (im-cockpit token add).")
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or "rows" not in body:
            return _error(400, 'Der Inhalt muss JSON der Form {"rows": [{…}, …]} sein '
                               "(Content-Type: application/json).")
        dry_run = (request.args.get("dry_run") or "").lower() in ("1", "true", "ja")
        report = import_engine.import_rows(
            ctx.sessions, spec.name, body["rows"], scope=scope.import_scope,
            actor=f"api:{scope.provider_code}#{scope.token_id}", commit=not dry_run,
            max_rows=settings.import_max_rows)
        result = report.to_dict() | {"dry_run": dry_run}
        if report.foreign:
            with transaction(ctx.sessions) as session:
                audit.record(session, f"api:{scope.provider_code}#{scope.token_id}", "edit_refused", spec.name,
                             {"reason": "Zeilen außerhalb des Geltungsbereichs", "dry_run": dry_run}, ip=request.remote_addr)
            refusal = _refusal(spec, scope)
            return jsonify(result | {"error": refusal}), 403
        if report.problems:
            return jsonify(result | {"error": "Die Daten enthalten Fehler; es wurde nichts geschrieben."}), 422
        return jsonify(result), 200

    for spec in KINDS.values():
        view = limited(lambda spec=spec: ingest(spec))
        blueprint.add_url_rule(f"/{spec.api_path}", endpoint=f"ingest_{spec.name}", view_func=view,
                               methods=["POST"])
    known = {"openapi.json": "GET"} | {spec.api_path: "POST" for spec in KINDS.values()}

    @server.before_request
    def unknown_api_path():
        """Any other /api/v1/… (or a known one with the wrong method) gets 404/405 as JSON.

        Dash's catch-all page route would otherwise answer it with the app's index page, which
        needs no token: the login gate leaves /api/v1/ to this module."""
        if request.path != API_PREFIX and not request.path.startswith(API_PREFIX + "/"):
            return None
        rule = request.url_rule
        if rule is not None and rule.endpoint.startswith("api_v1."):
            return None
        rest = request.path[len(API_PREFIX):].strip("/")
        allowed = known.get(rest)
        if allowed:
            response, status = _error(405, f"{request.method} ist hier nicht erlaubt: {API_PREFIX}/{rest} nimmt nur "
                                           f"{allowed} an (siehe {API_PREFIX}/openapi.json).")
            response.headers["Allow"] = allowed
            return response, status
        return _error(404, f"Die Adresse {request.path} gibt es in der Import-API nicht; die Adressen beschreibt "
                           f"{API_PREFIX}/openapi.json.")

    server.register_blueprint(blueprint)


def _row_schema(spec: KindSpec) -> dict:
    properties = {}
    for column in spec.columns:
        typ = ["string", "null"]
        name = column.parse.__name__
        if name == "cell_int":
            typ = ["integer", "string", "null"]
        elif name in ("cell_fte", "cell_amount"):
            typ = ["number", "string", "null"]
        elif name == "cell_bool":
            typ = ["boolean", "string", "null"]
        description = f"{column.header}: {column.help}" + (" (Pflicht)" if column.required else "")
        labels = getattr(column.parse, "labels", None)
        entry = {"type": typ, "description": description}
        if labels:
            entry["examples"] = list(labels.values())
        properties[column.english] = entry
    return {"type": "object", "additionalProperties": True, "properties": properties,
            "description": f"{spec.description} Statt der englischen Schlüssel sind die deutschen Spaltenüberschriften "
                           "der Vorlage erlaubt (z. B. „" + spec.columns[0].header + "“).",
            "required": [c.english for c in spec.columns if c.required]}


def openapi_document() -> dict:
    """OpenAPI 3.1 description, generated from the kind specs (the same columns as the templates)."""
    report = {"type": "object", "properties": {
        "ok": {"type": "boolean"}, "applied": {"type": "boolean"}, "dry_run": {"type": "boolean"},
        "counts": {"type": "object", "properties": {k: {"type": "integer"} for k in import_engine.STATUS_TEXT}},
        "problems": {"type": "array", "items": {"type": "object", "properties": {
            "row": {"type": ["integer", "null"]}, "column": {"type": ["string", "null"]},
            "value": {"type": ["string", "null"]}, "message": {"type": "string"}, "fix": {"type": "string"},
            "text": {"type": "string"}}}},
        "summary": {"type": "string"}, "error": {"type": "string"}}}
    paths = {}
    for spec in KINDS.values():
        paths[f"{API_PREFIX}/{spec.api_path}"] = {"post": {
            "summary": f"{spec.title} importieren (alles oder nichts)",
            "description": spec.description,
            "operationId": f"import_{spec.name}",
            "security": [{"bearer": []}],
            "parameters": [{"name": "dry_run", "in": "query", "required": False,
                            "description": "1: nur prüfen (Vorschau), nichts schreiben",
                            "schema": {"type": "string", "enum": ["0", "1"]}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["rows"],
                "properties": {"rows": {"type": "array", "minItems": 1, "items": {"$ref": f"#/components/schemas/{spec.name}"}}}}}}},
            "responses": {
                "200": {"description": "geprüft (dry_run) bzw. geschrieben",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/report"}}}},
                "400": {"description": "kein JSON der Form {\"rows\": [...]}"},
                "401": {"description": "kein gültiges Token"},
                "403": {"description": "Zeilen außerhalb des Geltungsbereichs des Tokens (anderer Träger, "
                                        "Landkreis oder Gemeinde); nichts geschrieben",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/report"}}}},
                "413": {"description": "Anfrage zu groß"},
                "422": {"description": "Fehler in den Daten; nichts geschrieben",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/report"}}}},
                "429": {"description": "Ratenbegrenzung"},
            }}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "IM-Cockpit Import-API", "version": "1",
                 "description": "Träger liefern Fälle, Fallzahlen, Stellen, Ehrenamtsprojekte und Projektmittel. "
                                "Ein Token je Träger; nur pseudonymisierte Daten."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"report": report} | {spec.name: _row_schema(spec) for spec in KINDS.values()},
        },
    }
