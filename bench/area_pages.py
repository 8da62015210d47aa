"""Benchmark of the Landkreis and Verbund pages' main callbacks in this process, warm, per reader.

    .venv/bin/python -m bench.area_pages [--runs 20] [--profile landkreis|verbund]

Builds a temporary SQLite database with the demo data (Heilbronn) and four users behind the login: the
city's admin, the Landkreis, Brackenheim (the Verbund's lead Gemeinde) and Nordheim. For each user and
page: one cold call, then `--runs` warm calls of the main callback with the page's first-load payload
over the Flask test client (no network, no gunicorn: lower than bench/replay.py). Prints median and
p95 in ms and the rendered-components hits (`AppContext.rendered`); `--profile` prints the cProfile
of the warm calls of that page (the first user). Nothing is asserted (timings never go into tests).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

USERS = [("b-admin", "admin", None), ("b-kreis", "county", "Landkreis Heilbronn"),
         ("b-brackenheim", "municipality", "08125013"), ("b-nordheim", "municipality", "08125074")]
PAGES = {"landkreis": ("county-content.children", {"county-location.pathname": "/landkreis",
                                                   "county-location.search": ""}),
         "verbund": ("verbund-content.children", {"verbund-location.pathname": "/landkreis/verbund",
                                                  "verbund-location.search": ""})}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", choices=sorted(PAGES))
    args = parser.parse_args()

    from dashboard.app import create_app
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import make_engine, make_session_factory, transaction
    from tests.helpers import (
        PASSWORD,
        build_demo_db,
        client_for,
        find_dependency,
        make_settings,
        payload,
        post_callback,
    )

    folder = Path(tempfile.mkdtemp(prefix="imc-area-bench-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    build_demo_db(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        for name, role, area in USERS:
            users.add(session, name, hash_password(PASSWORD), role, provider_code=None, actor="bench", area=area)
    engine.dispose()
    app = create_app(make_settings(folder, url, login_required=True))
    ctx = app.server.extensions["im_cockpit"]
    profiled = False
    print(f"{'Benutzer':<14} {'Seite':<10} {'Median':>8} {'p95':>8}  gerendert (Treffer/neu)")
    for name, _role, _area in USERS:
        client = client_for(app, name)
        for page, (output, values) in PAGES.items():
            body = json.dumps(payload(find_dependency(client, output), values))

            def call(body=body, client=client):
                answer = post_callback(client, body)
                assert answer.status_code == 200, answer.get_data(as_text=True)[:500]

            call()  # cold
            hits, misses = ctx.rendered.hits, ctx.rendered.misses
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            print(f"{name:<14} {page:<10} {statistics.median(times):8.1f} {p95(times):8.1f}  "
                  f"{ctx.rendered.hits - hits}/{ctx.rendered.misses - misses}")
            if args.profile == page and not profiled:
                profiled = True
                profile = cProfile.Profile()
                profile.runcall(lambda: [call() for _ in range(args.runs)])
                pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    ctx.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
