"""`im-cockpit serve --prod`: gunicorn with several workers serves the app; a session made by one
worker is valid in every other (one secret key, resolved before the fork)."""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
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


def cli(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "-m", "dashboard", *args], env=env, input=stdin, text=True, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def prod_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prod")
    port = free_port()
    env = {**os.environ, "IMC_INSTANCE_PATH": str(home), "DATABASE_URL": f"sqlite:///{home / 'prod.sqlite3'}",
           "IMC_PORT": str(port), "IMC_WORKERS": "2", "IMC_THREADS": "2", "IMC_COOKIE_SECURE": "0"}
    cli(env, "demo", "--date", "2026-11-22")
    cli(env, "user", "add", "chefin", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    log = (home / "gunicorn.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--prod"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # workers import the app first; slow on a busy 2-core machine
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=10)
            break
        except OSError:  # refused while starting, or a read timeout while a worker boots
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("gunicorn startete nicht: " + Path(log.name).read_text())
    yield base, Path(log.name)
    process.terminate()
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
