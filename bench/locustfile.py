"""Load test: logged-in people in a steering meeting, firing the app's real Dash callbacks.

Every simulated person logs in through `/login` with their own account and address (as behind a
reverse proxy, `X-Forwarded-For`), loads the app shell, and then, with a pause of a few seconds,
opens pages the way the navigation does: the router callback, then the page's main callback,
both built from the app's own callback map (`/_dash-dependencies`) — plus the header's timer poll
and now and then an XLSX download. Run by `bench/loadtest.sh` (see docs/loadtest.md); not part of
the test suite.

Environment: LOADTEST_USER_PREFIX (default "last"), LOADTEST_PASSWORD, LOADTEST_USERS (count),
LOADTEST_HOSTS (comma-separated servers: each request goes to the next one in turn, as behind a load
balancer without sticky sessions — the login, its cookie and the cache must hold on every server).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "Lasttest-Passwort-2026")
PREFIX = os.environ.get("LOADTEST_USER_PREFIX", "last")
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
# the pages and the first output of each page's main callback
PAGES = {"/": "overview-content", "/fallzahlen": "caseload-content", "/projektmittel": "funds-content",
         "/personal": "staffing-kpis", "/ehrenamt": "volunteering-kpis"}
HOSTS = [h for h in os.environ.get("LOADTEST_HOSTS", "").split(",") if h]
_numbers = itertools.count(1)
_lock = threading.Lock()
_dependencies: list[dict] | None = None


def parse_outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]} for part in parts]


def payload(dependency: dict, values: dict[str, object], changed: str) -> str:
    outputs = parse_outputs(dependency["output"])

    def fill(items):
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")} for item in items]

    return json.dumps({
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 or dependency["output"].startswith("..") else outputs[0],
        "inputs": fill(dependency["inputs"]), "state": fill(dependency["state"]), "changedPropIds": [changed],
    })


class MeetingParticipant(HttpUser):
    wait_time = between(2, 6)

    def on_start(self):
        number = self.number = next(_numbers)
        self.username = f"{PREFIX}{(number - 1) % USERS + 1:02d}"
        self.headers = {"Origin": self.host, "X-Forwarded-For": f"10.0.{number // 250}.{number % 250 + 1}",
                        "Content-Type": "application/json"}
        with self.client.post("/login", data={"username": self.username, "password": PASSWORD, "next": "/"},
                              headers={"Origin": self.host, "X-Forwarded-For": self.headers["X-Forwarded-For"]},
                              allow_redirects=False, name="POST /login", catch_response=True) as response:
            if response.status_code != 302 or "grund" in response.headers.get("Location", ""):
                response.failure(f"Anmeldung fehlgeschlagen: HTTP {response.status_code}")
        self.client.get("/", name="GET / (Seite)")
        self.client.get("/_dash-layout", name="GET /_dash-layout")
        global _dependencies
        with _lock:
            if _dependencies is None:
                _dependencies = self.client.get("/_dash-dependencies", name="GET /_dash-dependencies").json()
        self.dependencies = _dependencies

    def _next_server(self) -> None:
        """Round robin over LOADTEST_HOSTS (one server: nothing changes)."""
        if len(HOSTS) > 1:
            self._turn = (getattr(self, "_turn", self.number) + 1) % len(HOSTS)
            self.client.base_url = self.headers["Origin"] = HOSTS[self._turn]

    def _dependency(self, first_output: str) -> dict:
        return next(d for d in self.dependencies if d["output"].lstrip(".").startswith(first_output))

    def _fire(self, first_output: str, values: dict, changed: str, name: str) -> None:
        self._next_server()
        with self.client.post("/_dash-update-component", data=payload(self._dependency(first_output), values, changed),
                              headers=self.headers, name=name, catch_response=True) as response:
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")

    def _open(self, path: str) -> None:
        self._fire("shell-page-content", {"shell-url.pathname": path}, "shell-url.pathname",
                   f"Router {path}")
        prefix = PAGES[path].split("-")[0]
        self._fire(PAGES[path], {f"{prefix}-location.pathname": path, f"{prefix}-location.search": ""},
                   f"{prefix}-location.search", f"Seite {path}")

    @task(4)
    def overview(self):
        self._open("/")

    @task(4)
    def caseload(self):
        self._open("/fallzahlen")

    @task(2)
    def funds(self):
        self._open("/projektmittel")

    @task(2)
    def staffing(self):
        self._open("/personal")

    @task(2)
    def volunteering(self):
        self._open("/ehrenamt")

    @task(3)
    def header_poll(self):
        self._fire("shell-stand", {"shell-refresh-interval.n_intervals": random.randint(1, 99)},
                   "shell-refresh-interval.n_intervals", "Kopfzeile Stand (Timer)")

    @task(1)
    def download(self):
        button = {"type": "download-button", "page": "caseload", "table": "teams", "format": "xlsx"}
        dependency = self._dependency("shell-download")
        body = json.dumps({
            "output": dependency["output"], "outputs": {"id": "shell-download", "property": "data"},
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [{"id": "shell-url", "property": "search", "value": ""}],
            "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
        })
        self._next_server()
        with self.client.post("/_dash-update-component", data=body, headers=self.headers,
                              name="Download XLSX", catch_response=True) as response:
            if response.status_code != 200 or "shell-download" not in response.text:
                response.failure(f"HTTP {response.status_code}")
