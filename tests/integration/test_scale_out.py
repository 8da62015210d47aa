"""Two `im-cockpit serve --prod` instances (different ports, as on two hosts) on one PostgreSQL and one
Redis behave as one installation: a login made on one holds on the other and a logout on one ends it
on both; the account lockout and the login rate limit count attempts on both together; the figures
cache is one cache, and a data change invalidates it on both; a background job (PDF report) started
on one runs in the Celery worker and its result can be fetched from the other."""

from __future__ import annotations

import base64
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.helpers import PASSWORD, add_users, parse_outputs

pytestmark = pytest.mark.postgres
SECRET = "gemeinsamer-schluessel-aller-server-0123456789"
RATE_LIMITED = "Zu viele Anmeldeversuche"
LOCKED = "Das Konto ist für 5 Minuten gesperrt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_log(stream, log: Path, ready: threading.Event, marker: str) -> None:
    with log.open("w", encoding="utf-8") as out:
        for line in stream:
            out.write(line)
            out.flush()
            if marker in line:
                ready.set()
    ready.set()


def _start(args: list[str], env: dict, log: Path, marker: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "dashboard", *args], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    ready = threading.Event()
    threading.Thread(target=_copy_log, args=(process.stdout, log, ready, marker), daemon=True).start()
    if not ready.wait(120) or process.poll() is not None:
        process.kill()
        pytest.fail(f"{args[0]} startete nicht: " + log.read_text())
    return process


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, db_templates, pg_base_url, redis_base_url):
    import redis

    home = tmp_path_factory.mktemp("cluster")
    url, drop = db_templates.postgres(pg_base_url, "demo")
    add_users(url)
    redis_url = redis_base_url.rsplit("/", 1)[0] + "/14"  # its own database: the rate limits' keys are global
    redis.Redis.from_url(redis_url).flushdb()
    base_env = {**os.environ, "DATABASE_URL": url, "IMC_CACHE_URL": redis_url, "IMC_SECRET_KEY": SECRET,
                "IMC_WORKERS": "1", "IMC_THREADS": "2", "IMC_COOKIE_SECURE": "0"}
    processes, bases = [], []
    try:
        worker_env = {**base_env, "IMC_INSTANCE_PATH": str(home / "worker")}
        processes.append(_start(["worker", "--concurrency", "1"], worker_env, home / "worker.log", "ready."))
        for name in ("a", "b"):  # two hosts: each its own instance folder, port and gunicorn
            port = free_port()
            env = {**base_env, "IMC_INSTANCE_PATH": str(home / name), "IMC_PORT": str(port)}
            processes.append(_start(["serve", "--prod"], env, home / f"{name}.log", "Listening at"))
            base = f"http://127.0.0.1:{port}"
            urllib.request.urlopen(base + "/healthz", timeout=120)
            bases.append(base)
        yield bases[0], bases[1], url
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        drop()


class Browser:
    """One person's browser: one cookie jar for the installation's host name, whichever server answers."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def open(self, url: str, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=120)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, base: str, username: str, password: str = PASSWORD):
        form = urllib.parse.urlencode({"username": username, "password": password, "next": "/"}).encode()
        return self.open(base + "/login", form, {"Origin": base})

    def callback(self, base: str, output_prefix: str, values: dict, changed: str, query: str = ""):
        status, text = self.open(base + "/_dash-dependencies")
        assert status == 200, text[:300]
        dep = next(d for d in json.loads(text) if d["output"].lstrip(".").startswith(output_prefix))
        outputs = parse_outputs(dep["output"])

        def fill(items):
            return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

        body = {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": fill(dep["inputs"]), "state": fill(dep["state"]), "changedPropIds": [changed]}
        status, text = self.open(f"{base}/_dash-update-component{query}", json.dumps(body).encode(),
                                 {"Origin": base, "Content-Type": "application/json"})
        assert status == 200, text[:500]
        return json.loads(text), body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def health(base: str) -> dict:
    return json.loads(urllib.request.urlopen(base + "/healthz", timeout=60).read())["cache"]


def test_a_login_holds_on_both_and_a_logout_ends_it_on_both(cluster):
    a, b, _url = cluster
    person = Browser()
    status, _ = person.login(a, "gremium")  # not the admin: the logout ends all of the user's sessions
    assert status == 302
    assert person.open(b + "/_dash-layout")[0] == 200  # the session cookie made by A is valid on B
    assert person.open(a + "/_dash-layout")[0] == 200
    assert person.open(b + "/logout", b"", {"Origin": b})[0] == 302
    assert person.open(a + "/_dash-layout")[0] == 401  # logged out on B: ended on A too


def test_the_lockout_counts_failures_on_both_servers(cluster):
    a, b, _url = cluster
    person = Browser()
    for base in (a, b, a, b, a):  # five failures, spread over both servers
        assert person.login(base, "leser", "falsch")[0] == 401
    status, text = person.login(b, "leser")  # the right password, on the other server: locked
    assert status == 429 and LOCKED in text


OVERVIEW = {"overview-location.pathname": "/", "overview-location.search": ""}


def _overview(person: Browser, base: str) -> dict:
    answer, _body = person.callback(base, "overview-content", OVERVIEW, "overview-location.search")
    return answer["response"]


def test_one_cache_and_a_data_change_invalidates_it_on_both(cluster):
    from data.db import make_engine, make_session_factory, transaction
    from data.revision import bump_revision

    a, b, url = cluster
    person = Browser()
    assert person.login(a, "chefin")[0] == 302
    before_a, before_b = health(a), health(b)
    assert before_a["store"] == before_b["store"] == "redis"
    first = _overview(person, a)  # computed by A, or by its warming at start (then a hit)
    assert sum(health(a)[k] for k in ("hits", "misses")) == before_a["hits"] + before_a["misses"] + 1
    assert _overview(person, b) == first
    assert health(b)["misses"] == before_b["misses"] and health(b)["hits"] > before_b["hits"]  # A's entry
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        bump_revision(session)  # a write from elsewhere (an import on a third host)
    engine.dispose()
    changed = _overview(person, b)  # B sees the new revision: computes it (and warms it for all)
    assert changed["overview-revision"]["data"] == first["overview-revision"]["data"] + 1
    misses_a = health(a)["misses"]
    assert _overview(person, a)["overview-revision"] == changed["overview-revision"]
    assert health(a)["misses"] == misses_a  # A took it from the shared cache


def test_a_report_started_on_one_server_is_fetched_from_the_other(cluster):
    a, b, _url = cluster
    person = Browser()
    assert person.login(a, "chefin")[0] == 302
    values = {"reports-annual-submit.n_clicks": 1, "reports-year.value": "2025"}
    handles, body = person.callback(a, "reports-download", values, "reports-annual-submit.n_clicks")
    assert set(handles) >= {"cacheKey", "job"}  # A answered at once: the work is the worker's
    query = "?" + urllib.parse.urlencode({"cacheKey": handles["cacheKey"], "job": handles["job"]})
    for _ in range(1800):  # bounded polling (3 min: a loaded CI machine), as the browser does; from the other server
        status, text = person.open(f"{b}/_dash-update-component{query}", json.dumps(body).encode(),
                                   {"Origin": b, "Content-Type": "application/json"})
        assert status == 200, text[:500]
        answer = json.loads(text)
        if "response" in answer:
            break
        time.sleep(0.1)
    sent = answer["response"]["reports-download"]["data"]
    assert sent["filename"] == "jahresbericht-2025.pdf"
    assert base64.b64decode(sent["content"]).startswith(b"%PDF")


# last: once the limit is reached nobody from this address can log in for the rest of the minute
def test_the_login_rate_limit_counts_on_both_servers(cluster):
    a, b, _url = cluster
    person = Browser()
    answers = []
    for i in range(60):  # bounded: 20 per minute and address are allowed on the two together
        base = (a, b)[i % 2]
        status, text = person.login(base, f"niemand-{uuid.uuid4().hex[:6]}", "falsch")
        answers.append((base, status, RATE_LIMITED in text))
        if RATE_LIMITED in text:
            break
    refused_on, status, limited = answers[-1]
    assert limited and status == 429
    # counted per server, each would allow 20 alone (40 together); shared, the sum reaches 20 first
    assert len(answers) <= 21
    other = b if refused_on == a else a
    status, text = person.login(other, "niemand", "falsch")
    assert status == 429 and RATE_LIMITED in text  # the other server refuses at once, too
