"""Test helpers shared by the tiers: settings and demo databases for a test app, fire a Dash callback
over HTTP exactly as the browser does (forgeable requests), walk a serialised component tree, users per
role, sample files.

Fixtures live in the conftest.py files; test modules import helpers from here, never from each other."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from dashboard.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BKG = FIXTURES / "bkg_gemeinden_heilbronn_2013.geojson"  # official Gemeinden of Landkreis Heilbronn (BKG 2013)

# a cases file as Excel writes it: BOM, semicolons, CRLF, German dates
EXCEL_CSV = ("\ufeffPseudonym;Team;Stadtteil;Herkunft;AU-Zuweisung am;Fallbeginn;Fallende;Abschlussgrund;"
             "Integrationsplan;Haushaltsgröße\r\n"
             "IMP-0001;Caritas;Frankenbach;Fallüberleitung;01.09.2025;12.01.2026;;;ja;3\r\n"
             "IMP-0002;Stadt;Kernstadt-Nord;direkt;15.10.2025;02.02.2026;30.09.2026;Ziel erreicht;nein;1\r\n"
             "IMP-0003;AWO;;direkt;03.03.2026;04.03.2026;;;ja;4\r\n")

PASSWORD = "ein-langes-test-passwort-7"
ORIGIN = {"Origin": "http://localhost"}
ROLE_USERS = (("chefin", "admin", None), ("gremium", "steering", None), ("awo", "provider", "awo"),
              ("leser", "viewer", None))
DEMO_DAY = dt.date(2026, 11, 22)  # the Stand of the demo data


def make_settings(tmp_path: Path, database_url: str, **overrides) -> Settings:
    """Settings for a test app. Login is off unless a test asks for it (`login_required=True`):
    tests/integration/test_security.py proves the gate; the other tests exercise the pages."""
    overrides.setdefault("login_required", False)
    overrides.setdefault("cookie_secure", False)
    return Settings(database_url=database_url, secret_key="test-secret", instance_path=tmp_path,
                    **overrides)


def build_demo_db(url: str, day: dt.date = DEMO_DAY) -> None:
    """Migrate and load the demo data for real (≈ 1 s; tests take a copy of a template instead)."""
    from data.db import make_engine, make_session_factory, transaction
    from data.demo import load_demo
    from data.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(session, day)
    engine.dispose()


def fresh_postgres_schema(base_url: str) -> tuple[str, callable]:
    """A private schema per use, so tests never see each other's tables."""
    schema = f"imc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base_url else "?"
    url = f"{base_url}{sep}options=-csearch_path%3D{schema}"

    def drop():
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop


def add_users(url: str) -> None:
    """One user per role (ROLE_USERS), all with PASSWORD."""
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import make_engine, make_session_factory, transaction

    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        for name, role, provider in ROLE_USERS:
            users.add(session, name, hash_password(PASSWORD), role, provider_code=provider, actor="test")
    engine.dispose()


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password, "next": "/"},
                       headers=ORIGIN)


def payload(dep: dict, values: dict | None = None, changed: str | None = None) -> dict:
    """The request body of callback `dep` with `values` ("id.prop" → value, missing: None)."""
    values = values or {}
    outputs = parse_outputs(dep["output"])

    def fill(items):
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    return {"output": dep["output"],
            "outputs": outputs if len(outputs) > 1 or dep["output"].startswith("..") else outputs[0],
            "inputs": fill(dep["inputs"]), "state": fill(dep["state"]), "changedPropIds": [changed] if changed else []}


def post_callback(client, body, content_type="application/json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/_dash-update-component", data=data, content_type=content_type, headers=ORIGIN)


def parse_outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    result = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        result.append({"id": component, "property": prop.split("@")[0]})
    return result


def find_dependency(client, output_prefix: str) -> dict:
    deps = client.get("/_dash-dependencies").get_json()
    matches = [d for d in deps if d["output"].lstrip(".").startswith(output_prefix)]
    assert len(matches) == 1, f"{output_prefix}: {len(matches)} Callbacks gefunden"
    return matches[0]


def fire(client, output_prefix: str, values: dict[str, object], changed: str | None = None,
         headers: dict | None = None) -> dict:
    """POST /_dash-update-component for the callback whose output starts with `output_prefix`.

    `values` maps "component-id.property" to the value sent for inputs and states (missing: None).
    Returns the decoded "response" part ({component: {prop: value}}).
    """
    dep = find_dependency(client, output_prefix)
    outputs = parse_outputs(dep["output"])

    def fill(items):
        # a pattern (ALL) dependency is a list of the matching components, as the browser sends it:
        # here none match
        return [[] if i["id"].startswith("{") else {**i, "value": values.get(f"{i['id']}.{i['property']}")}
                for i in items]

    payload = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 or dep["output"].startswith("..") else outputs[0],
        "inputs": fill(dep["inputs"]),
        "state": fill(dep["state"]),
        "changedPropIds": [changed] if changed else [],
    }
    response = client.post("/_dash-update-component", data=json.dumps(payload),
                           content_type="application/json", headers=headers)
    if response.status_code == 204:
        return {}
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return follow_background(client, response, json.dumps(payload), headers)["response"]


def follow_background(client, response, body: str, headers: dict | None = None, progress: list | None = None,
                      polls: int = 1200) -> dict:
    """A background callback (dashboard.background) answers with its job's handles: poll as the browser
    does (the same body with `cacheKey` and `job`) until the result comes; each progress text seen is
    appended to `progress`. Any other answer is returned as it is."""
    import time
    from urllib.parse import urlencode

    answer = response.get_json()
    if not (isinstance(answer, dict) and "cacheKey" in answer and "job" in answer):
        return answer
    query = urlencode({"cacheKey": answer["cacheKey"], "job": answer["job"]})
    for _ in range(polls):  # bounded: a job that never finishes fails the test below
        polled = client.post(f"/_dash-update-component?{query}", data=body, content_type="application/json",
                             headers=headers)
        assert polled.status_code in (200, 204), polled.get_data(as_text=True)[:2000]
        if polled.status_code == 204:
            return {"response": {}}
        answer = polled.get_json()
        if progress is not None and answer.get("progress"):
            progress.append(answer["progress"])
        if "response" in answer:
            return answer
        time.sleep(0.05)
    raise AssertionError("Der Hintergrundauftrag wurde nicht fertig.")


# --- the component tree: one set of helpers for layouts (Dash components) and callback responses (JSON) ---

def serialise(tree):
    """A Dash component (or a list of them) as the JSON the browser gets; JSON stays as it is."""
    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(tree, cls=PlotlyJSONEncoder))


def components(tree, kind: str | None = None) -> list[dict]:
    """Every component (a dict with "type" and "props") in the tree, in document order, looking into
    every property (children, but also e.g. a table's cells or a tooltip); only those of type `kind`
    when given."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            if "type" in node and "props" in node and (kind is None or node["type"] == kind):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(serialise(tree))
    return found


def find_component(tree, component_id) -> dict | None:
    """The first component whose id is `component_id`, or None."""
    return next((c for c in components(tree) if c["props"].get("id") == component_id), None)


def props_of(tree, component_id) -> dict | None:
    found = find_component(tree, component_id)
    return None if found is None else found["props"]


def ids_in(tree) -> set[str]:
    """The string ids of all components in the tree."""
    return {c["props"]["id"] for c in components(tree) if isinstance(c["props"].get("id"), str)}


def texts(tree) -> list[str]:
    """All strings (and numbers, as text) of the children in the tree, in document order."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            found.append(str(node))
        elif isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            if "props" in node:
                walk(node["props"].get("children"))
            else:
                for v in node.values():
                    walk(v)

    walk(serialise(tree))
    return found


def fire_download(client, page: str, table: str, fmt: str, search: str = "", headers: dict | None = None) -> dict | None:
    """Click a CSV/XLSX button of `page`/`table` (pattern-matching callback) and return dcc.Download data
    (None when the app sends nothing)."""
    import json as _json

    dep = find_dependency(client, "shell-download.data")
    button = {"type": "download-button", "page": page, "table": table, "format": fmt}
    payload = {
        "output": dep["output"],
        "outputs": {"id": "shell-download", "property": "data"},
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [{"id": "shell-url", "property": "search", "value": search}],
        "changedPropIds": [_json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    response = client.post("/_dash-update-component", data=_json.dumps(payload),
                           content_type="application/json", headers=headers)
    if response.status_code == 204:
        return None
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_json()["response"].get("shell-download", {}).get("data")


def contrast(a: str, b: str = "#ffffff") -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b_ = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def pdf_text_pages(content: bytes, name: str, artifacts: Path) -> list[str]:
    """The text of each page of a PDF; each page also saved as PNG under `artifacts` (to be looked at)."""
    import pypdfium2 as pdfium

    artifacts.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(content)
    texts = []
    try:
        for index in range(len(document)):
            page = document[index]
            page.render(scale=1.3).to_pil().save(artifacts / f"{name}-{index + 1}.png")
            texts.append(page.get_textpage().get_text_range().replace("\r\n", "\n"))
    finally:
        document.close()
    return texts


IMPORT_LIMITS = {"max_bytes": 5_000_000, "max_rows": 10_000}


def row_count(sessions, model) -> int:
    """How many rows `model`'s table holds (to show that a refused import wrote nothing)."""
    from sqlalchemy import func, select

    from data.db import read_session

    with read_session(sessions) as session:
        return session.scalar(select(func.count()).select_from(model))


def import_text(sessions, text: str, name: str, *, commit=True, scope=None, actor="lra"):
    """Import `text` as the file `name` through the engine (the Landkreis' import, by default)."""
    from data.imports.engine import import_file

    return import_file(sessions, text.encode("utf-8"), name, actor=actor, commit=commit, scope=scope,
                       **IMPORT_LIMITS)


def client_for(app, name: str):
    """A test client of `app` logged in as `name` (password PASSWORD)."""
    client = app.server.test_client()
    assert login(client, name).status_code == 302
    return client


def audit_count(sessions, action: str) -> int:
    """How many audit events of `action` the database holds."""
    from sqlalchemy import func, select

    from data.schema import AuditEvent

    with sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))
