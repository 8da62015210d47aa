"""Benchmark of the page-figures cache: what a hit costs in this process and in Redis against the cold
computation, how large each page's figures are, and that the embedded cache stays within its byte
bound over many data changes.

    .venv/bin/python bench/figures_cache.py [--repeat 20] [--redis redis://127.0.0.1:6379/13] [--max-mb 8]

Builds a temporary SQLite database with the demo data, then for each page view that an import warms
(callbacks.warming.default_views) times the cold computation (a miss), a hit in the embedded store and
a hit in Redis (if given: the figures are unpickled on every hit, as a second server sees them).
Then bumps the revision `--changes` times, storing every view for four scopes each time, and prints the
store's bytes, entries and the process RSS. Prints medians; nothing is asserted.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--max-mb", type=float, default=8)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()

    from callbacks.warming import default_views
    from dashboard.services.cache import FiguresCache, MemoryStore, RedisStore, size_of
    from data.db import make_engine, make_session_factory, transaction
    from data.revision import bump_revision
    from tests.helpers import build_demo_db, make_settings

    folder = Path(tempfile.mkdtemp(prefix="imc-cache-bench-"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    build_demo_db(url)
    settings = make_settings(folder, url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    scope = ("viewer", None)
    memory = FiguresCache(MemoryStore(512 * 1024 * 1024))
    shared = None
    if args.redis:
        import redis

        client = redis.Redis.from_url(args.redis)
        try:
            client.ping()
            shared = FiguresCache(RedisStore(args.redis, namespace="bench-" + url, client=client))
        except redis.exceptions.RedisError as error:
            print(f"Redis {args.redis} nicht erreichbar ({error}): nur der eingebaute Zwischenspeicher")

    print(f"{'view':<14} {'cold ms':>9} {'memory hit ms':>14} {'redis hit ms':>13} {'pickled KB':>11}")
    with sessions() as session:
        for view in default_views(settings):
            fn, a, kw = view(session)
            cold = median_ms(functools.partial(fn, session, *a, **kw), max(3, args.repeat // 4))
            memory.call(session, scope, fn, *a, **kw)
            hit = median_ms(functools.partial(memory.call, session, scope, fn, *a, **kw), args.repeat)
            redis_hit = float("nan")
            if shared is not None:
                shared.call(session, scope, fn, *a, **kw)
                redis_hit = median_ms(functools.partial(shared.call, session, scope, fn, *a, **kw), args.repeat)
            size = size_of(fn(session, *a, **kw)) / 1024
            print(f"{fn.__module__.split('.')[-1] + '.' + fn.__name__:<14.14} {cold:>9.1f} {hit:>14.2f} "
                  f"{redis_hit:>13.2f} {size:>11.1f}")

    bounded = FiguresCache(MemoryStore(int(args.max_mb * 1024 * 1024)))
    scopes = [("admin", None), ("steering", None), ("viewer", None), ("provider", "awo")]
    print(f"\nbound {args.max_mb} MB, {len(scopes)} scopes, {args.changes} data changes; RSS before {rss_mb():.0f} MB")
    peak = 0
    for change in range(args.changes):
        with transaction(sessions) as session:
            bump_revision(session)
        with sessions() as session:
            for view in default_views(settings):
                fn, a, kw = view(session)
                for s in scopes:  # a miss per scope, as four people of different roles open each page
                    bounded.call(session, s, fn, *a, **kw)
        peak = max(peak, bounded.store.bytes)
        if change in (0, args.changes // 2, args.changes - 1):
            print(f"after change {change + 1:>2}: {bounded.store.bytes / 1024 / 1024:6.2f} MB in "
                  f"{len(bounded.store):>3} entries (peak {peak / 1024 / 1024:.2f} MB), RSS {rss_mb():.0f} MB")
    if shared is not None:
        shared.store.client.delete(*(shared.store.client.keys(shared.store.prefix + "*") or [b"-"]))
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
