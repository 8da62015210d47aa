"""`im-cockpit serve --prod`: gunicorn with several workers serves the app; a session made by one
worker is valid in every other (one secret key, resolved before the fork)."""

from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

PASSWORD = "Sitzung-Steuerung-2026!"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_admin(url: str) -> None:
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import make_engine, make_session_factory, transaction

    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        users.add(session, "chefin", hash_password(PASSWORD), "admin", provider_code=None, actor="test")
    engine.dispose()


def _copy_log(stream, log: Path, listening: threading.Event) -> None:
    """gunicorn's output into `log`, line by line; `listening` is set once the master has bound its port."""
    with log.open("w", encoding="utf-8") as out:
        for line in stream:
            out.write(line)
            out.flush()
            if "Listening at" in line:
                listening.set()
    listening.set()  # gunicorn ended: the fixture's health check reports it


@pytest.fixture(scope="module")
def prod_server(tmp_path_factory, db_templates):
    home = tmp_path_factory.mktemp("prod")
    port = free_port()
    # the demo of 22.11.2026 (a copy of the run's template, as `im-cockpit demo --date 2026-11-22` makes
    # it; tests/integration/test_cli.py runs that command) and an administrator
    url = db_templates.sqlite(home / "prod.sqlite3")
    add_admin(url)
    env = {**os.environ, "IMC_INSTANCE_PATH": str(home), "DATABASE_URL": url,
           "IMC_PORT": str(port), "IMC_WORKERS": "2", "IMC_THREADS": "2", "IMC_COOKIE_SECURE": "0"}
    log, listening = home / "gunicorn.log", threading.Event()
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--prod"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    threading.Thread(target=_copy_log, args=(process.stdout, log, listening), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    # the master binds the port before its workers import the app; from then on a request waits in the
    # listen queue until a worker answers (slow on a busy 2-core machine)
    try:
        if not listening.wait(90) or process.poll() is not None:
            raise OSError("kein „Listening at“")
        urllib.request.urlopen(base + "/healthz", timeout=90)
    except OSError:
        process.kill()
        pytest.fail("gunicorn startete nicht: " + log.read_text())
    yield base, log
    process.send_signal(signal.SIGINT)  # quick shutdown: the graceful one (TERM) waits for idle keep-alives
    process.wait(timeout=30)


def test_health_and_the_login_gate(prod_server):
    base, _log = prod_server
    assert urllib.request.urlopen(base + "/healthz").status == 200
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/_dash-layout")
    assert refused.value.code == 401


def test_a_session_holds_across_workers(prod_server):
    base, log = prod_server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"username": "chefin", "password": PASSWORD}).encode()
    opener.open(urllib.request.Request(base + "/login", data=form, headers={"Origin": base}))
    statuses = [opener.open(base + "/_dash-layout").status for _ in range(12)]
    assert statuses == [200] * 12
    workers = {line.split("[")[2].split("]")[0] for line in log.read_text().splitlines()
               if "Booting worker with pid" in line}
    assert len(workers) == 2
