"""Replay bench: every page's first-load callbacks over HTTP, cold and warm, against the raw aggregation.

    .venv/bin/python -m bench.replay [--scale heilbronn|land] [--runs 20] [--cold-runs 20] [--port 8073]
    .venv/bin/python -m bench.replay --url http://127.0.0.1:8050 --user NAME --password-env VAR
        [--database-url sqlite:////path.sqlite3]   # reuse a running server (cold needs its database)

Without `--url` it builds the demo database (`im-cockpit demo`, or `demo --scale land`) once per code
revision of data/ and keeps it under /tmp/imc-bench/ (the BW build takes minutes), copies it, adds an
administrator, starts `im-cockpit serve` on that copy and logs in. Each run of a page is what the
browser does (bench/dash_replay.py): the router callback, then every callback that fires on load,
payloads built from `/_dash-dependencies`.

- cold: the data is changed (bench/changes.py: `--change api`, one case through the ingest API as a
  Träger's system sends it, so the server warms as after any write; `--change bump`, the revision
  raised behind the server's back, nothing warmed: the worst case), then each page is opened at once;
- warm: each page opened again, `--runs` times (the figures cache answers);
- raw: the page's figures computed directly in this process by dashboard/services (no cache, no
  HTTP, no rendering), `--runs` times, on the same database;
- ratio: warm median / raw median.

Prints one line per callback (the page's main callback marked `*`): medians and p95 in ms, the
response size in KB. Nothing is asserted (timings are never asserted in tests); sizes are, in
tests/integration/test_response_sizes.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import changes  # noqa: E402
from bench.dash_replay import PageLoad  # noqa: E402

CACHE_DIR = Path(tempfile.gettempdir()) / "imc-bench"
BIN = Path(sys.executable).parent
BENCH_USER = "bench-admin"
LIMIT_KB = {"heilbronn": 200, "land": 500}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def code_revision() -> str:
    """A hash of the code that builds the demo database (data/): a changed generator builds anew."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "data").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _cli(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run([str(BIN / "im-cockpit"), *args], env=env, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL)


def demo_database(scale: str, password: str) -> Path:
    """The demo database for `scale` (built once per code revision), copied to a fresh temp file."""
    CACHE_DIR.mkdir(exist_ok=True)
    cached = CACHE_DIR / f"{scale}-{code_revision()}.sqlite3"
    if not cached.exists():
        print(f"Baue die Demodatenbank ({scale}) nach {cached} …", flush=True)
        start = time.perf_counter()
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{building}", "IMC_INSTANCE_PATH": tempfile.mkdtemp()}
        _cli(env, "db", "upgrade")
        _cli(env, "demo", *(["--scale", "land"] if scale == "land" else []))
        building.rename(cached)
        print(f"  fertig in {time.perf_counter() - start:.0f} s", flush=True)
    work = Path(tempfile.mkdtemp(prefix="imc-replay-")) / "bench.sqlite3"
    shutil.copyfile(cached, work)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work}", "IMC_INSTANCE_PATH": str(work.parent)}
    _cli(env, "user", "add", "--role", "admin", "--password-stdin", BENCH_USER, stdin=password + "\n")
    return work


class Server:
    """`im-cockpit serve` on `database` (restartable: a request that timed out keeps a thread busy)."""

    def __init__(self, database: Path, port: int, prod: bool):
        self.database, self.base = database, f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "IMC_INSTANCE_PATH": str(database.parent),
                    "IMC_COOKIE_SECURE": "0", "IMC_SECRET_KEY": secrets.token_hex(32), "IMC_PORT": str(port)}
        self.env.pop("IMC_CACHE_URL", None)
        self.args = ["serve", "--port", str(port)] + (["--prod", "--workers", "1"] if prod else [])
        self.process = None

    def start(self) -> None:
        import socket

        import requests

        with socket.socket() as probe:  # another server there would answer our health check and login
            if probe.connect_ex(("127.0.0.1", int(self.base.rsplit(":", 1)[1]))) == 0:
                raise SystemExit(f"Port {self.base.rsplit(':', 1)[1]} ist belegt; bitte mit --port einen freien wählen.")

        with open(self.database.parent / "server.log", "a") as log:
            self.process = subprocess.Popen([str(BIN / "im-cockpit"), *self.args], env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        for _ in range(240):
            try:
                if requests.get(self.base + "/healthz", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"Der Server ist nicht gestartet, siehe {self.database.parent / 'server.log'}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def rss_mb(self) -> float | None:
        """The resident memory of the server's largest web process (with --prod: its worker), in MB; not
        of the processes a worker forks for a job or the backtest (they end with their work)."""
        import psutil

        if self.process is None:
            return None
        try:
            root = psutil.Process(self.process.pid)
            return max(p.memory_info().rss for p in [root, *root.children(recursive=False)]) / 1024 / 1024
        except psutil.Error:
            return None


@contextmanager
def served(database: Path, port: int, prod: bool):
    """`im-cockpit serve` on `database`; yields the Server (its base URL in `.base`)."""
    server = Server(database, port, prod)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Client:
    """A logged-in browser session over HTTP."""

    def __init__(self, base: str, user: str, password: str, timeout: float):
        self.base, self.user, self.password, self.timeout = base, user, password, timeout
        self.login()

    def login(self) -> None:
        import requests

        base, user, password = self.base, self.user, self.password
        self.http = requests.Session()
        self.http.headers["Origin"] = base
        answer = self.http.post(base + "/login", data={"username": user, "password": password, "next": "/"},
                                allow_redirects=False)
        if answer.status_code != 302 or "grund" in answer.headers.get("Location", ""):
            raise SystemExit(f"Anmeldung als {user} fehlgeschlagen (HTTP {answer.status_code}).")
        self.http.get(base + "/")
        self.layout = self.http.get(base + "/_dash-layout").json()
        self.dependencies = self.http.get(base + "/_dash-dependencies").json()

    def post(self, path: str, body: dict) -> tuple[int, bytes]:
        import requests

        try:
            answer = self.http.post(self.base + path, json=body, timeout=self.timeout)
        except requests.Timeout:
            return 0, f"keine Antwort in {self.timeout:.0f} s".encode()
        return answer.status_code, answer.content

    def open(self, path: str):
        load = PageLoad(self.post, self.dependencies, self.layout, path)
        return load.run(), load.errors


def raw_paths() -> list[str]:
    return ["/", "/fallzahlen", "/personal", "/ehrenamt", "/projektmittel", "/karte"]


def raw_views(settings) -> dict[str, object]:
    """Page path -> `call(session)`: the page's main figures straight from dashboard/services."""
    from callbacks.warming import default_views
    from dashboard.services import maps

    paths = ["/", "/fallzahlen", "/personal", "/ehrenamt", "/projektmittel"]
    views = {}
    for path, view in zip(paths, default_views(settings)):
        views[path] = lambda s, view=view: (lambda fn, a, kw: fn(s, *a, **kw))(*view(s))
    territory, level, metric, _ = maps.choices(None, None, None)
    views["/karte"] = lambda s: maps.map_view(s, settings, territory=territory, metric=metric, level=level, year=None)
    return views


def measure_raw(database_url: str, runs: int, budget_s: float, skip=()) -> dict[str, list[float]]:
    """Times of each page's raw figures (not of the pages in `skip`: they timed out over HTTP); a view
    slower than `budget_s` / runs is measured only once."""
    from dashboard.settings import Settings
    from data.db import make_engine, make_session_factory

    settings = Settings.from_env({"DATABASE_URL": database_url, "IMC_INSTANCE_PATH": tempfile.mkdtemp()})
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    times: dict[str, list[float]] = {}
    with sessions() as session:
        for path, call in raw_views(settings).items():
            if path in skip:
                continue
            start = time.perf_counter()
            call(session)  # warm-up: imports, the database's page cache
            first = 1000 * (time.perf_counter() - start)
            times[path] = [first]
            if first > 1000 * budget_s / max(runs, 1):
                continue
            times[path] = []
            for _ in range(runs):
                start = time.perf_counter()
                call(session)
                times[path].append(1000 * (time.perf_counter() - start))
    engine.dispose()
    return times


def replay(client: Client, paths: list[str], runs: int, cold_runs: int, change=None, restart=None, rss=None):
    """(path, output) -> {"cold": [ms], "warm": [ms], "size": bytes, "main": bool}; the errors; the pages
    given up; the server's RSS in MB after each cold run (each is a data change by `change()`; `rss`:
    how to read it); the warming's seconds per change (from /healthz, after the cold run).

    A page with a request that timed out is left out of the later runs (and the server restarted,
    when it is ours: the timed-out computation would go on taking a core)."""
    results: dict[tuple[str, str], dict] = defaultdict(lambda: {"cold": [], "warm": [], "size": 0, "main": False})
    errors: set[str] = set()
    given_up: set[str] = set()

    def record(kind: str) -> None:
        for path in paths:
            if path in given_up:
                continue
            fires, problems = client.open(path)
            errors.update(f"{path}: {p}" for p in problems)
            if any(f.status == 0 for f in fires):
                given_up.add(path)
                if restart is not None:
                    restart()
                    client.login()
            for fire in fires:
                if fire.status == 0:
                    continue
                entry = results[(path, fire.output)]
                entry[kind].append(fire.ms)
                entry["size"] = max(entry["size"], fire.size)
                entry["main"] |= fire.main

    memory: list[float] = []
    warmed: list[float] = []
    for run in range(cold_runs if change else 0):
        change()
        record("cold")
        if rss is not None and (mb := rss()) is not None:
            memory.append(mb)
        state = changes.warming(client.base)
        if state.get("seconds") is not None and not state.get("busy"):
            warmed.append(state["seconds"])
        print(f"\r  kalt {run + 1}/{cold_runs}", end="", flush=True)
    record("warm")  # the first view after the last cold run fills what the cold run skipped
    for k in results:
        results[k]["warm"].clear()
    for run in range(runs):
        record("warm")
        print(f"\r  warm {run + 1}/{runs}   ", end="", flush=True)
    print()
    return results, sorted(errors), given_up, memory, warmed


def report(results: dict, raw: dict[str, list[float]], limit_kb: int) -> None:
    def ms(values: list[float]) -> str:
        return f"{statistics.median(values):8.1f} {p95(values):8.1f}" if values else f"{'–':>8} {'–':>8}"

    print(f"\n{'Seite':<18} {'Callback (* = Hauptcallback)':<34} {'kalt Med':>8} {'p95':>8} {'warm Med':>8} "
          f"{'p95':>8} {'KB':>8} {'roh ms':>7} {'warm/roh':>8}")
    over = []
    for (path, output), entry in results.items():
        raw_ms = statistics.median(raw[path]) if entry["main"] and raw.get(path) else None
        ratio = f"{statistics.median(entry['warm']) / raw_ms:7.1f}×" if raw_ms and entry["warm"] else f"{'–':>8}"
        size_kb = entry["size"] / 1024
        flag = " !" if size_kb > limit_kb else ""
        if flag:
            over.append(f"{path} {output}")
        print(f"{path:<18} {('* ' if entry['main'] else '  ') + output:<34.34} {ms(entry['cold'])} {ms(entry['warm'])} "
              f"{size_kb:8.1f}{flag:2}{(f'{raw_ms:5.1f}' if raw_ms else '–'):>5} {ratio}")
    print(f"\nGröße: {'alle Antworten ≤ ' + str(limit_kb) + ' KB' if not over else 'über ' + str(limit_kb) + ' KB: ' + ', '.join(over)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["heilbronn", "land"], default="heilbronn")
    parser.add_argument("--runs", type=int, default=20, help="warme Wiederholungen (Standard 20)")
    parser.add_argument("--cold-runs", type=int, default=None, help="kalte Läufe (Standard: wie --runs)")
    parser.add_argument("--port", type=int, default=8073)
    parser.add_argument("--prod", action="store_true", help="gunicorn mit einem Prozess statt des Entwicklungsservers")
    parser.add_argument("--pages", nargs="*", help="nur diese Pfade, z. B. / /fallzahlen")
    parser.add_argument("--url", help="einen laufenden Server nutzen (mit --user, --password-env)")
    parser.add_argument("--user", default=BENCH_USER)
    parser.add_argument("--password-env", default="IMC_BENCH_PASSWORD")
    parser.add_argument("--database-url", help="mit --url: dessen Datenbank (für kalt und roh)")
    parser.add_argument("--timeout", type=float, default=300, help="Sekunden je Anfrage (danach: Seite übersprungen)")
    parser.add_argument("--no-raw", action="store_true", help="die rohe Rechnung im Prozess weglassen")
    parser.add_argument("--change", choices=["api", "bump"], default="api",
                        help="Datenänderung vor jedem kalten Lauf: ein Fall über die API (der Server wärmt vor) "
                             "oder die Revision in der Datenbank erhöht (ohne Vorwärmen); mit --url immer bump")
    args = parser.parse_args()
    cold_runs = args.runs if args.cold_runs is None else args.cold_runs

    from dashboard.pages import PAGES

    paths = args.pages or [p.path for p in PAGES]
    if args.url:
        password = os.environ.get(args.password_env) or ""
        change = (lambda: changes.bump(args.database_url)) if args.database_url else None
        return _run(args.url, args.user, password, paths, args, cold_runs, args.database_url, change, None, None)
    password = secrets.token_urlsafe(18)
    database = demo_database(args.scale, password)
    url = f"sqlite:///{database}"
    try:
        with served(database, args.port, args.prod) as server:
            change = (changes.ApiChange(server.base, url, BIN / "im-cockpit", server.env) if args.change == "api"
                      else lambda: changes.bump(url))
            return _run(server.base, BENCH_USER, password, paths, args, cold_runs, url, change, server.restart,
                        server.rss_mb)
    finally:
        shutil.rmtree(database.parent, ignore_errors=True)


def _run(base: str, user: str, password: str, paths, args, cold_runs: int, database_url: str | None,
         change, restart, rss) -> int:
    client = Client(base, user, password, args.timeout)
    how = "ein Fall über die API, der Server wärmt vor" if isinstance(change, changes.ApiChange) \
        else "Revision erhöht, ohne Vorwärmen"
    print(f"{base}, Maßstab {args.scale}, {len(paths)} Seiten, kalt {cold_runs if change else 0}× ({how}), "
          f"warm {args.runs}×", flush=True)
    results, errors, given_up, memory, warmed = replay(client, paths, args.runs, cold_runs, change, restart, rss)
    skip = given_up | (set(raw_paths()) - set(paths))  # timed out over HTTP, or not asked for
    raw = measure_raw(database_url, args.runs, args.timeout, skip=skip) if database_url and not args.no_raw else {}
    report(results, raw, LIMIT_KB[args.scale])
    if memory:
        print(f"Speicher des Servers (RSS, größter Prozess) nach je einer Datenänderung: nach der ersten "
              f"{memory[0]:.0f} MB, nach {len(memory)} {memory[-1]:.0f} MB, höchstens {max(memory):.0f} MB")
    if warmed:
        print(f"Vorwärmen nach einer Änderung (Seiten und Szenarien-Basis, /healthz): Median "
              f"{statistics.median(warmed):.2f} s, höchstens {max(warmed):.2f} s")
    for path in sorted(given_up):
        print(f"übersprungen nach Zeitüberschreitung (> {args.timeout:.0f} s): {path}")
    for error in errors:
        print("Fehler:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
