"""Hardening of sessions and requests (issue 13, part 3): logout ends the session on the server, next=
stays on this site, unknown API paths answer JSON, malformed requests get 4xx (never 500), size limits
hold for chunked bodies too, refused edits are audited and do not reveal another Träger's pseudonyms."""

from __future__ import annotations

import copy
import io
import itertools
import json

import pytest

from dashboard.app import create_app
from data import tokens
from data.db import make_engine, make_session_factory, transaction
from tests.helpers import ORIGIN, PASSWORD, add_users, find_dependency, make_settings, payload, post_callback

_addresses = (f"10.13.{i // 250}.{i % 250 + 1}" for i in itertools.count())  # login is rate-limited per address


@pytest.fixture(scope="module")
def secure_url(tmp_path_factory, db_templates):
    """One demo database with a user per role for this module (tests here write only audit rows)."""
    return db_templates.sqlite(tmp_path_factory.mktemp("hardening") / "secure.sqlite3", "users", add_users)


@pytest.fixture(scope="module")
def app(secure_url, tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("app"), secure_url, login_required=True))


def logged_in(app, username="chefin"):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = next(_addresses)
    response = client.post("/login", data={"username": username, "password": PASSWORD}, headers=ORIGIN)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


# --- logout -------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [("GET", "/_dash-layout"), ("GET", "/_dash-dependencies"),
                                          ("POST", "/_dash-update-component")])
def test_a_cookie_replayed_after_logout_gets_401(app, method, path):
    client = logged_in(app, "leser")
    body = json.dumps(payload(find_dependency(client, "overview-content")))
    cookie = client.get_cookie("imc_session").value
    assert client.post("/logout", headers=ORIGIN).status_code == 302
    replay = app.server.test_client()
    replay.set_cookie("imc_session", cookie)
    response = replay.open(path, method=method, data=body if method == "POST" else None,
                           content_type="application/json", headers=ORIGIN)
    assert response.status_code == 401 and "anmelden" in response.get_json()["error"]
    page = replay.get("/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?")


def test_logout_ends_the_users_sessions_on_other_devices_too(app):
    laptop, phone, other = logged_in(app, "gremium"), logged_in(app, "gremium"), logged_in(app, "leser")
    laptop.post("/logout", headers=ORIGIN)
    assert phone.get("/_dash-layout").status_code == 401  # one version per user (documented)
    assert other.get("/_dash-layout").status_code == 200
    assert logged_in(app, "gremium").get("/_dash-layout").status_code == 200


# --- next= after login --------------------------------------------------------------------------

@pytest.mark.parametrize("target, location", [
    ("/fallzahlen?stichtag=2026-11-22", "/fallzahlen?stichtag=2026-11-22"),
    ("/karte?gebiet=stadt&ebene=district#karte", "/karte?gebiet=stadt&ebene=district#karte"),
    ("/\t/evil.example", "/"), ("/\n/evil.example", "/"), ("/\r\nSet-Cookie: x=1", "/"),
    ("//evil.example", "/"), ("/\\evil.example", "/"), ("\\\\evil.example", "/"), ("/\\/evil.example", "/"),
    ("https://evil.example/", "/"), ("http:/evil.example", "/"), ("javascript:alert(1)", "/"),
    ("evil.example", "/"), ("/\u2028/evil.example", "/"), ("/\u200b/evil.example", "/"), ("", "/"),
    ("/" + "a" * 3000, "/"),
])
def test_login_redirects_only_to_paths_of_this_site(app, target, location):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = next(_addresses)
    response = client.post("/login", data={"username": "leser", "password": PASSWORD, "next": target}, headers=ORIGIN)
    assert response.status_code == 302 and response.headers["Location"] == location


def test_login_form_with_a_tab_in_next_renders_a_safe_target(app):
    response = app.server.test_client().get("/login?next=/%09/evil.example")
    assert response.status_code == 200 and 'name="next" value="/"' in response.get_data(as_text=True)


# --- unknown API paths --------------------------------------------------------------------------

@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/v1/anything", 404), ("GET", "/api/v1/", 404), ("GET", "/api/v1/cases/1", 404),
    ("POST", "/api/v1/nothing", 404), ("DELETE", "/api/v1/x/y/z", 404), ("GET", "/api/v1/cases", 405),
    ("PUT", "/api/v1/ledger", 405), ("DELETE", "/api/v1/positions", 405), ("POST", "/api/v1/openapi.json", 405),
])
def test_unknown_api_paths_answer_json_404_or_405(app, method, path, status):
    response = app.server.test_client().open(path, method=method)
    assert response.status_code == status, response.get_data(as_text=True)[:200]
    assert response.is_json and "openapi.json" in response.get_json()["error"]
    assert b"<html" not in response.data.lower()


# --- malformed callback requests ----------------------------------------------------------------

def _edit(change):
    def build(base: dict, download: dict, scenario: dict):
        body = copy.deepcopy(base)
        change(body)
        return body
    return build


def _on(which, change):
    def build(base, download, scenario):
        body = copy.deepcopy({"download": download, "scenario": scenario}[which])
        change(body)
        return body
    return build


def _set(key, value):
    return _edit(lambda b: b.__setitem__(key, value))


def _drop(key):
    return _edit(lambda b: b.pop(key))


def _value(index, value, key="state"):
    return _edit(lambda b: b[key][index].__setitem__("value", value))


def _nested(depth):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def _button(**changes):
    def change(body):
        button = next(i for i in body["inputs"] if i)[0]["id"]
        button.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            button.pop(key)
        body["changedPropIds"] = [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]
    return change


MALFORMED = {
    "body null": "null", "body list": "[]", "body string": '"x"', "body number": "1", "body true": "true",
    "not JSON": "{", "empty body": "", "invalid UTF-8": b"\xff\xfe{", "JSON nested 100000 deep": "[" * 100_000 + "]" * 100_000,
    "object nested 10000 deep": '{"a":' * 10_000 + "1" + "}" * 10_000,
    "value nested 200 deep": _value(0, _nested(200)),
    "no output": _drop("output"), "output a number": _set("output", 5), "output a list": _set("output", ["x"]),
    "unknown output": _set("output", "nicht-da.children"),
    "outputs missing": _drop("outputs"), "outputs a string": _set("outputs", "x"),
    "outputs of another callback": _set("outputs", {"id": "overview-content", "property": "children"}),
    "too few outputs": _edit(lambda b: b["outputs"].pop()),
    "inputs missing": _drop("inputs"), "inputs an object": _set("inputs", {"a": 1}), "inputs empty": _set("inputs", []),
    "input item a number": _set("inputs", [1]), "input id unknown": _edit(lambda b: b["inputs"][0].update(id="x")),
    "input property wrong": _edit(lambda b: b["inputs"][0].update(property="value")),
    "input id a dict": _edit(lambda b: b["inputs"][0].update(id={"a": 1})),
    "state missing": _drop("state"), "state a string": _set("state", "x"),
    "state item a list": _edit(lambda b: b["state"].__setitem__(0, [])),
    "changedPropIds a string": _set("changedPropIds", "x"), "changedPropIds numbers": _set("changedPropIds", [5]),
    "changedPropIds unknown": _set("changedPropIds", ["nicht-da.n_clicks"]),
    "n_clicks a string": _value(0, "1", key="inputs"), "n_clicks a dict": _value(0, {"x": 1}, key="inputs"),
    "year a dict": _value(0, {"jahr": 2026}), "provider a list": _value(1, ["1", "2"]),
    "date a number": _value(2, 20261120), "amount a dict": _value(3, {"betrag": "1,00"}),
    "purpose a list": _value(4, ["Test"]), "purpose nested list": _value(4, [["Test"]]),
    "NUL in a value": _value(4, "Kaffee\x00"), "NUL in a key": _edit(lambda b: b.__setitem__("x\x00", 1)),
    "download format unknown": _on("download", _button(format="pdf")),
    "download format empty": _on("download", _button(format="")),
    "download format a number": _on("download", _button(format=5)),
    "download table unknown": _on("download", _button(table="geheim")),
    "download page unknown": _on("download", _button(page="nirgends")),
    "download id without format": _on("download", _button(format=None)),
    "download id a string": _on("download", lambda b: b["inputs"][0][0].update(id="download-button")),
    "download pattern input not a list": _on("download", lambda b: b["inputs"].__setitem__(0, b["inputs"][0][0])),
    "download changed id broken JSON": _on("download", lambda b: b.update(changedPropIds=['{"type":.n_clicks'])),
    "download id value a dict": _on("download", _button(table={"x": 1})),
    "scenario id not a number": _on("scenario", _button(id="abc")),
}


@pytest.fixture(scope="module")
def malformed_client(app):
    client = logged_in(app, "chefin")
    base = payload(find_dependency(client, "funds-expense-message"), {
        "funds-expense-submit.n_clicks": 1, "funds-year.value": "2026", "funds-expense-provider.value": "1",
        "funds-expense-date.date": "2026-11-20", "funds-expense-amount.value": "1,00",
        "funds-expense-purpose.value": "Test"}, changed="funds-expense-submit.n_clicks")
    button = {"type": "download-button", "page": "funds", "table": "ledger", "format": "csv"}
    download = payload(find_dependency(client, "shell-download.data"))
    download["inputs"] = [[{"id": button, "property": "n_clicks", "value": 1}]]
    scenario = payload(find_dependency(client, "scen-location.search@"))
    scenario["inputs"] = [[], [], [{"id": {"type": "scen-delete", "id": 1}, "property": "n_clicks", "value": 1}]]
    scenario["changedPropIds"] = ['{"id":1,"type":"scen-delete"}.n_clicks']
    return client, base, download, scenario


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_every_malformed_callback_request_gets_a_4xx_with_a_german_message(malformed_client, case):
    client, base, download, scenario = malformed_client
    spec = MALFORMED[case]
    body = spec(base, download, scenario) if callable(spec) else spec
    response = post_callback(client, body)
    assert 400 <= response.status_code < 500, (case, response.status_code, response.get_data(as_text=True)[:300])
    assert response.is_json and "Bitte" in response.get_json()["error"]


def test_the_untouched_requests_of_the_table_still_work(malformed_client):
    client, base, download, _ = malformed_client
    assert post_callback(client, download).status_code == 200
    base = copy.deepcopy(base)
    base["inputs"][0]["value"] = None  # not clicked: nothing is booked
    assert post_callback(client, base).status_code in (200, 204)
    # the browser names a duplicate output with its "@hash" and sends no "state" when there is none
    parts = base["output"][2:-2].split("...")
    base["outputs"] = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    assert any("@" in o["property"] for o in base["outputs"])
    assert post_callback(client, base).status_code in (200, 204)
    layout = payload(find_dependency(client, "reports-year.options"), {"reports-location.pathname": "/berichte"})
    layout.pop("state")
    assert post_callback(client, layout).status_code == 200


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain"])
def test_a_callback_body_that_is_not_json_gets_a_4xx(malformed_client, content_type):
    client, base, _, _ = malformed_client
    response = post_callback(client, json.dumps(base), content_type=content_type)
    assert 400 <= response.status_code < 500


BAD_VALUES = {"dict": {"x": {"y": 1}}, "list": [["x"]], "NUL": "a\x00b"}
TYPED = {"value", "date", "search", "pathname", "n_clicks", "n_intervals", "contents", "filename"}


def _each_value(client, value, typed: bool):
    """Every input and state of every callback (typed ones or all), one at a time set to `value`,
    with the callback fired; yields (where, response)."""
    for dep in client.get("/_dash-dependencies").get_json():
        items = [("inputs", i) for i in range(len(dep["inputs"]))] + [("state", i) for i in range(len(dep["state"]))]
        for key, index in items:
            declared = dep[key][index]
            if declared["id"].startswith("{") or (typed and declared["property"] not in TYPED):
                continue
            first = dep["inputs"][0]
            body = payload(dep, {f"{d['id']}.{d['property']}": 1 for d in dep["inputs"] if d["property"] == "n_clicks"},
                           changed=None if first["id"].startswith("{") else f"{first['id']}.{first['property']}")
            body[key][index]["value"] = value
            yield (dep["output"][:60], declared["id"], declared["property"]), post_callback(client, body)


@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_wrong_value_types_in_every_callback_get_a_4xx(malformed_client, kind):
    results = list(_each_value(malformed_client[0], BAD_VALUES[kind], typed=True))
    wrong = [(where, r.status_code) for where, r in results if not 400 <= r.status_code < 500]
    assert len(results) >= 150 and wrong == [], wrong


@pytest.mark.parametrize("value", ["x", "", "9" * 5000, 5, -1, 2.5, True, {"x": 1}, ["x"]],
                         ids=["text", "empty", "5000 digits", "number", "negative", "fraction", "bool", "dict", "list"])
def test_no_value_of_any_json_type_in_any_input_state_or_store_gives_a_500(malformed_client, value):
    results = list(_each_value(malformed_client[0], value, typed=False))
    wrong = [(where, r.status_code) for where, r in results if r.status_code >= 500]
    assert len(results) >= 200 and wrong == [], wrong


# --- size limits --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_limit(secure_url, tmp_path_factory):
    """IMC_IMPORT_MAX_MB=1: the API takes at most 1 MB; callbacks the largest upload as base64."""
    engine = make_engine(secure_url)
    with transaction(make_session_factory(engine)) as session:
        _, token = tokens.create(session, provider_code="awo", name="Grenze", actor="test")
    engine.dispose()
    app = create_app(make_settings(tmp_path_factory.mktemp("limit"), secure_url, login_required=True,
                                   import_max_mb=1))
    return app, token


def _rows_body(size: int) -> bytes:
    row = {"Pseudonym": "GROSS-0001", "Team": "AWO", "AU-Zuweisung am": "01.09.2025", "Fallbeginn": "12.01.2026",
           "Bemerkung": "x" * 1000}
    return json.dumps({"rows": [row] * (size // 1100 + 1)}).encode()


def _send(client, path, body: bytes, chunked: bool, headers: dict):
    if not chunked:
        return client.post(path, data=body, content_type="application/json", headers=headers)
    # as gunicorn and the development server pass a chunked body: no Content-Length, stream terminated
    return client.post(path, input_stream=io.BytesIO(body), content_type="application/json",
                       headers={**headers, "Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_the_api_limit_holds_for_chunked_bodies(small_limit, chunked):
    app, token = small_limit
    response = _send(app.server.test_client(), "/api/v1/cases?dry_run=1", _rows_body(2 * 1024 * 1024), chunked,
                     {"Authorization": f"Bearer {token}"})
    assert response.status_code == 413 and "größer als 1 MB" in response.get_json()["error"], response.get_json()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_callback_bodies_are_limited(small_limit, chunked):
    app, _ = small_limit
    client = logged_in(app, "chefin")
    limit = app.server.config["MAX_CONTENT_LENGTH"]
    assert 50 * 1024 * 1024 < limit < 70 * 1024 * 1024  # a 50 MB boundary file as base64 still fits
    dep = find_dependency(client, "import-preview")
    body = payload(dep, {"import-upload.contents": "data:text/csv;base64," + "A" * limit})
    response = _send(client, "/_dash-update-component", json.dumps(body).encode(), chunked, ORIGIN)
    assert response.status_code == 413 and "größer als" in response.get_json()["error"]
    small = payload(find_dependency(client, "funds-expense-message"),
                    {"funds-expense-purpose.value": "x" * 3 * 1024 * 1024})
    response = _send(client, "/_dash-update-component", json.dumps(small).encode(), chunked, ORIGIN)
    assert response.status_code == 413 and "nur Datei-Uploads" in response.get_json()["error"]


def test_a_real_server_refuses_a_chunked_api_body_over_the_limit(small_limit):
    """The development server terminates chunked streams as gunicorn does: the limit holds on the wire."""
    import http.client
    import threading

    from werkzeug.serving import make_server

    app, token = small_limit
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        connection.putrequest("POST", "/api/v1/cases?dry_run=1")
        for name, value in (("Transfer-Encoding", "chunked"), ("Content-Type", "application/json"),
                            ("Authorization", f"Bearer {token}")):
            connection.putheader(name, value)
        connection.endheaders()
        body = _rows_body(int(1.5 * 1024 * 1024))
        try:
            for start in range(0, len(body), 65536):
                chunk = body[start:start + 65536]
                connection.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            connection.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may stop reading once the limit is reached
        response = connection.getresponse()
        assert response.status == 413 and "größer als 1 MB" in json.loads(response.read())["error"]
    finally:
        server.shutdown()
