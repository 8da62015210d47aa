"""Refuse malformed and oversized requests before a view, a callback or the database sees them.

`init_request_guard(server, dash_app, settings)` installs:
- size limits for every body, also chunked ones without Content-Length (the server terminates the
  stream, as gunicorn and the development server do): `MAX_CONTENT_LENGTH` for Dash callbacks (the
  largest upload, base64-encoded) and `IMC_IMPORT_MAX_MB` for the ingest API (`BoundedRequest`);
- a `before_request` check (after the login gate): no NUL byte in the path, the query, form fields or
  any JSON string (PostgreSQL cannot store one); JSON must parse and nest at most `MAX_DEPTH` levels;
  a Dash callback body must name a registered callback with its declared inputs, states and
  outputs, and every value must have a type its property can have;
- JSON answers with a German message for 400, 404, 405 and 413 on the API and Dash routes.
It must not authenticate (dashboard.auth) nor judge what a value means (the callbacks do).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Request, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge

from dashboard.model.formatting import fmt_number

CALLBACK_PATH = "/_dash-update-component"
JSON_PATHS = ("/api/", "/_dash-")
MAX_DEPTH = 64  # Dash's own bodies stay below 20 levels; deeper JSON is refused before it is walked
GEO_UPLOAD_MAX_BYTES = 50 * 1024 * 1024  # layouts/map.py: dcc.Upload(max_size=…) for boundary files
SMALL_CALLBACK_BYTES = 2 * 1024 * 1024  # callbacks without an upload never need more
_SCALAR = (str, int, float, bool, type(None))
_STRING_PROPS = {"date", "start_date", "end_date", "search", "pathname", "href", "hash", "contents",
                 "filename"}
_COUNT_PROPS = {"n_clicks", "n_intervals", "n_submit", "n_blur", "last_modified", "n_clicks_timestamp"}
_MAPPING_PROPS = {"clickData", "hoverData", "selectedData", "relayoutData", "restyleData"}
_BOOL_PROPS = {"disabled", "invalid", "is_open"}
FIX = "Bitte die Seite neu laden (F5) und es noch einmal versuchen."
TOO_LARGE = "Die Anfrage ist zu groß"


class InvalidRequest(BadRequest):
    """A request (or a callback's trigger) the app cannot answer; the message is German and for people.

    Raised from a callback it ends the request with 400 and this message as JSON."""

    def __init__(self, message: str):
        super().__init__(description=message)


class BoundedRequest(Request):
    """A request whose body, read as a whole, never silently stops at the size limit.

    Without Content-Length (chunked) werkzeug stops reading at `max_content_length` and hands on the
    first `limit` bytes as if they were the whole body; a body that reaches the limit is refused."""

    def get_data(self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False):
        data = super().get_data(cache=cache, as_text=False, parse_form_data=parse_form_data)
        limit = self.max_content_length
        if self.content_length is None and limit is not None and len(data) >= limit:
            raise RequestEntityTooLarge()
        return data.decode(errors="replace") if as_text else data


def callback_body_limit(import_max_bytes: int) -> int:
    """Bytes a Dash callback body may have: the largest upload, base64 (4/3), plus 1 MB of JSON."""
    return max(import_max_bytes, GEO_UPLOAD_MAX_BYTES) * 4 // 3 + 1024 * 1024


def value_kinds(trees) -> dict[str, str]:
    """What each form component's "value" may be, read from the page layouts (component id → kind).

    select: an HTML select; text: a text field (a string, or a number a callback put there); number: a
    number field or slider (all three: one string or number); bool: a checkbox; list: a checklist or multi dropdown;
    choice: a dropdown or radio buttons (one scalar).
    """
    kinds: dict[str, str] = {}
    for tree in trees:
        for node in [tree, *tree._traverse()]:
            kind = _kind(node)
            if kind and isinstance(getattr(node, "id", None), str):
                kinds[node.id] = kind
    return kinds


def _kind(node) -> str | None:
    name = getattr(node, "_type", "")
    if name == "Input":
        return "number" if getattr(node, "type", "text") in ("number", "range") else "text"
    if name == "Textarea":
        return "text"
    if name == "Select" and "bootstrap" in getattr(node, "_namespace", ""):
        return "select"
    if name in ("Checkbox", "Switch"):
        return "bool"
    if name in ("Checklist", "RangeSlider") or (name == "Dropdown" and getattr(node, "multi", False)):
        return "list"
    if name == "Slider":
        return "number"
    if name in ("Dropdown", "RadioItems", "Select"):
        return "choice"
    return None


def init_request_guard(server: Flask, dash_app, settings, *, kinds: dict[str, str]) -> None:
    """Install the limits, the check and the JSON error answers (after `init_auth`).

    `kinds`: `value_kinds` of every layout, so that a value can be checked against its component."""
    server.config["MAX_CONTENT_LENGTH"] = callback_body_limit(settings.import_max_bytes)

    server.request_class = BoundedRequest

    def limit_body():
        if request.path.startswith("/api/"):
            request.max_content_length = settings.import_max_bytes
    # first of all hooks: the limit must be set before anything opens the request's stream
    server.before_request_funcs.setdefault(None, []).insert(0, limit_body)

    @server.before_request
    def refuse_malformed():
        problem = malformed(dash_app.callback_map, kinds)
        if problem:
            server.logger.warning("Refused %s %s: %s", request.method, request.path, problem)
            return _answer(413 if problem.startswith(TOO_LARGE) else 400, problem)
        return None

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not request.path.startswith(JSON_PATHS) and not isinstance(error, InvalidRequest):
            return error
        if error.code == 413:
            limit = request.max_content_length or 0
            return _answer(413, f"Die Anfrage ist größer als {fmt_number(limit / 1024 / 1024, 0)} MB und wurde nicht gelesen. "
                                "Bitte die Datei aufteilen (z. B. je Jahr) oder die Daten in mehreren Anfragen "
                                "senden.")
        if isinstance(error, InvalidRequest):
            return _answer(400, error.description)
        if error.code in _GENERIC:
            hint = " Die Import-API beschreibt /api/v1/openapi.json." if request.path.startswith("/api/") else ""
            return _answer(error.code, _GENERIC[error.code] + hint)
        return error


_GENERIC = {
    400: "Die Anfrage ist ungültig und wurde abgelehnt. " + FIX,
    404: "Diese Adresse gibt es nicht.",
    405: "Diese Methode ist für diese Adresse nicht erlaubt.",
    415: "Der Inhalt muss JSON sein (Content-Type: application/json). " + FIX,
}


def _answer(status: int, message: str):
    return jsonify(ok=False, error=message), status


def malformed(callbacks: dict, kinds: dict[str, str]) -> str | None:
    """Why this request is malformed (German), or None."""
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        return "Die Adresse enthält ein Nullzeichen (NUL) und wurde abgelehnt. Bitte die Adresse prüfen."
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    if request.mimetype == "application/x-www-form-urlencoded" or request.mimetype == "multipart/form-data":
        if any("\x00" in k or "\x00" in v for k, v in request.form.items(multi=True)):
            return ("Ein Eingabefeld enthält ein Nullzeichen (NUL) und wurde abgelehnt. "
                    "Bitte den Text ohne Steuerzeichen neu eingeben.")
        return None
    if request.path != CALLBACK_PATH and not request.is_json:
        return None
    try:
        body = request.get_json(cache=True)
    except (BadRequest, RecursionError, UnicodeDecodeError):
        return "Der Inhalt der Anfrage ist kein gültiges JSON (oder zu tief verschachtelt). " + FIX
    problem = _walk(body)
    if problem or request.path != CALLBACK_PATH:
        return problem
    return _callback_problem(body, callbacks, kinds)


def _walk(value: Any) -> str | None:
    """Depth and NUL check of a parsed JSON value, without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"Die Anfrage ist tiefer als {MAX_DEPTH} Ebenen verschachtelt und wurde abgelehnt. " + FIX
        if isinstance(item, str):
            if "\x00" in item:
                return ("Ein Wert enthält ein Nullzeichen (NUL) und wurde abgelehnt. "
                        "Bitte den Text ohne Steuerzeichen neu eingeben.")
        elif isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return None


def _callback_problem(body: Any, callbacks: dict, kinds: dict[str, str]) -> str | None:
    if not isinstance(body, dict):
        return "Eine Dash-Anfrage muss ein JSON-Objekt sein. " + FIX
    spec = callbacks.get(body.get("output")) if isinstance(body.get("output"), str) else None
    if spec is None:
        return "Diese Anfrage nennt keine Ausgabe, die es auf dieser Seite gibt. " + FIX
    if "callback" not in spec:  # a clientside callback: the browser runs it, the server has nothing to call
        return "Diese Aktion läuft im Browser, nicht auf dem Server. " + FIX
    if len(request.get_data(cache=True)) > SMALL_CALLBACK_BYTES and not _has_upload(spec):
        return (f"{TOO_LARGE} für diese Aktion (höchstens {SMALL_CALLBACK_BYTES // 1024 // 1024} MB; nur "
                "Datei-Uploads dürfen größer sein). " + FIX)
    problem = _outputs_problem(body.get("outputs"), body["output"])
    if problem:
        return problem
    fired: set[str] = set()
    for key in ("inputs", "state"):
        items, declared = body.get(key, []), spec[key]
        if not isinstance(items, list) or len(items) != len(declared):
            return f"Die Anfrage hat nicht die erwarteten Eingaben („{key}“). " + FIX
        for item, wanted in zip(items, declared):
            problem = _dependency_problem(item, wanted, kinds, fired if key == "inputs" else set())
            if problem:
                return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) and _prop_key(c) in fired for c in changed):
        return "Die Anfrage nennt ein auslösendes Element, das nicht zu dieser Aktion gehört. " + FIX
    return None


def _has_upload(spec: dict) -> bool:
    return any(d["property"] == "contents" for d in spec["inputs"] + spec["state"])


def _outputs_problem(outputs: Any, output: str) -> str | None:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    leaves = outputs if isinstance(outputs, list) else [outputs]
    if len(leaves) != len(parts) or not isinstance(outputs, (list, dict)):
        return "Die Anfrage nennt nicht die Ausgaben dieser Aktion. " + FIX
    for leaf, part in zip(leaves, parts):
        component, prop = part.rsplit(".", 1)
        wanted = {"id": component, "property": prop.split("@")[0]}
        for entry in leaf if isinstance(leaf, list) and component.startswith("{") else [leaf]:
            # the browser sends a duplicate output's property with its "@hash", the helpers without
            if not isinstance(entry, dict) or not _same_id(entry.get("id"), component) \
                    or str(entry.get("property")).split("@")[0] != wanted["property"]:
                return "Die Anfrage nennt nicht die Ausgaben dieser Aktion. " + FIX
    return None


def _dependency_problem(item: Any, wanted: dict, kinds: dict[str, str], fired: set[str]) -> str | None:
    pattern = wanted["id"].startswith("{")
    entries = item if pattern and isinstance(item, list) else [item]
    if pattern and not isinstance(item, list):
        return "Die Anfrage hat nicht die erwarteten Eingaben. " + FIX
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("property") != wanted["property"] \
                or not _same_id(entry.get("id"), wanted["id"]):
            return "Die Anfrage hat nicht die erwarteten Eingaben. " + FIX
        if not _value_fits(wanted["property"], entry.get("value"), kinds.get(wanted["id"])):
            return (f"Der Wert für „{wanted['property']}“ hat nicht die erwartete Form (z. B. Text statt "
                    "Liste). " + FIX)
        fired.add(_prop_key(_id_text(entry["id"]) + "." + entry["property"]))
    return None


def _same_id(sent: Any, declared: str) -> bool:
    """The sent id is the declared one; for a pattern (ALL) id the fixed keys match, the others are scalars."""
    if not declared.startswith("{"):
        return sent == declared
    pattern = json.loads(declared)
    if not isinstance(sent, dict) or set(sent) != set(pattern):
        return False
    return all((isinstance(sent[k], _SCALAR) and not isinstance(sent[k], type(None))) if isinstance(v, list)
               else sent[k] == v for k, v in pattern.items())


def _id_text(component: Any) -> str:
    return component if isinstance(component, str) else json.dumps(component, sort_keys=True, separators=(",", ":"))


def _prop_key(changed: str) -> str:
    """A changed-prop id in one spelling (the browser and Python order dict ids alike)."""
    component, _, prop = changed.rpartition(".")
    if component.startswith("{"):
        try:
            component = _id_text(json.loads(component))
        except ValueError:
            return ""
    return f"{component}.{prop}"


def _scalar(value: Any) -> bool:
    """A JSON scalar a browser can send: numbers within JavaScript's safe integers, no inf/nan."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    return isinstance(value, (int, float)) and abs(value) <= 2 ** 53


def _value_fits(prop: str, value: Any, kind: str | None) -> bool:
    if prop in _COUNT_PROPS:
        return value is None or (_scalar(value) and isinstance(value, (int, float)) and not isinstance(value, bool))
    if prop in _STRING_PROPS:
        return value is None or isinstance(value, str)
    if prop in _BOOL_PROPS:
        return value is None or isinstance(value, bool)
    if prop in _MAPPING_PROPS:
        return value is None or isinstance(value, dict)
    if prop != "value":
        return True
    if kind in ("text", "select", "number"):
        return value is None or (_scalar(value) and not isinstance(value, bool))
    if kind == "bool":
        return value is None or isinstance(value, bool)
    if kind == "list":
        return _scalar(value) or (isinstance(value, list) and all(_scalar(v) for v in value))
    return _scalar(value)
