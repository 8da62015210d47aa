"""Benchmark of the page "Verwaltung" under a large audit log (a year of use and more).

    .venv/bin/python bench/admin_audit.py [--rows 200000] [--repeat 7]

Builds a temporary SQLite database with the demo data and `--rows` synthetic audit events (logins,
failed logins, data changes with id lists and changed fields, downloads; spread over a year), then
times the page's data callback over HTTP exactly as the browser calls it: the first page, a page
filtered by person, by action and by period, and a deep page. Also times the CSV download of one
person's whole log once. Prints medians and the size of each answer; nothing is asserted (timings
never go into tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ACTORS = ["chefin", "gremium", "awo", "caritas", "diakonie", "leser", "import", "system", "api:awo"]
PAGE = {"admin-location.pathname": "/verwaltung"}


def _event(rng: random.Random, at: dt.datetime) -> dict:
    actor = rng.choice(ACTORS)
    kind = rng.choices(["login", "login_failed", "update", "insert", "export", "logout"], [30, 5, 25, 15, 15, 10])[0]
    detail: dict | None = None
    target = None
    if kind in ("update", "insert"):
        ids = sorted(rng.sample(range(1, 5000), rng.randint(1, 50)))
        target = rng.choice(["cases", "positions", "funds_entries", "volunteer_projects"])
        detail = {"count": len(ids), "ids": ids}
        if kind == "update":
            detail["changes"] = {str(i): {"fte": [0.5, 0.75], "site": ["Nord", "Süd"]} for i in ids[:10]}
    elif kind == "export":
        target, detail = "overview/teams", {"format": "csv", "rows": rng.randint(1, 400)}
    return {"at": at, "actor": actor, "action": kind, "target": target, "detail": detail,
            "ip": f"10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}"}


def build(folder: Path, rows: int) -> str:
    from sqlalchemy import insert

    from data.db import make_engine, make_session_factory, transaction
    from data.demo import load_demo
    from data.migrate import upgrade
    from data.schema import AuditEvent

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(session, dt.date(2026, 11, 22))
    rng = random.Random(13)
    start = dt.datetime(2025, 11, 22, tzinfo=dt.UTC)
    step = dt.timedelta(days=365) / rows
    batch = 10_000
    with engine.begin() as conn:
        for first in range(0, rows, batch):
            conn.execute(insert(AuditEvent), [_event(rng, start + step * i)
                                              for i in range(first, min(rows, first + batch))])
    engine.dispose()
    return url


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    from dashboard.app import create_app
    from tests.helpers import fire, fire_download, make_settings

    with tempfile.TemporaryDirectory(prefix="imc-bench-admin-") as name:
        folder = Path(name)
        began = time.perf_counter()
        url = build(folder, args.rows)
        print(f"{args.rows:,} Protokolleinträge angelegt in {time.perf_counter() - began:.1f} s")
        client = create_app(make_settings(folder, url)).server.test_client()
        client.environ_base["HTTP_X_REMOTE_USER"] = "bench"
        cases = {"erste Seite": "", "Person": "?benutzer=awo", "Aktion": "?aktion=login_failed",
                 "Zeitraum (1 Monat)": "?von=2026-03-01&bis=2026-03-31", "tiefe Seite (Seite 1000)": "?seite=1000",
                 "Person + Aktion, Seite 50": "?benutzer=chefin&aktion=update&seite=50"}
        print(f"Median von {args.repeat} Läufen des Seiten-Callbacks (HTTP, wie der Browser):")
        for label, search in cases.items():
            seconds, response = timed(lambda s=search: fire(client, "admin-users", {**PAGE, "admin-location.search": s},
                                                            changed="admin-location.search"), args.repeat)
            size = len(json.dumps(response["admin-audit"]))
            print(f"  {label:28s} {seconds * 1000:8.1f} ms   Protokoll-Teil der Antwort {size / 1000:8.1f} kB")
        seconds, data = timed(lambda: fire_download(client, "admin", "audit", "csv", search="?benutzer=awo"), 1)
        print(f"  CSV-Download einer Person    {seconds * 1000:8.1f} ms   {len(data['content']) * 3 / 4 / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
