"""The page-figures cache: one computation per data revision and access scope, never stale; in Redis
it is one cache for every server, and a data change written anywhere invalidates it everywhere."""

from __future__ import annotations

import pytest

from dashboard.services.cache import FiguresCache, MemoryStore, RedisStore
from data.db import make_engine, make_session_factory, transaction
from data.revision import bump_revision


@pytest.fixture
def sessions(demo_url):
    engine = make_engine(demo_url)
    yield make_session_factory(engine)
    engine.dispose()


def counting():
    calls = []

    def figures(session, day, *, team=None):
        calls.append((day, team))
        return {"day": day, "team": team, "n": len(calls)}

    return figures, calls


def test_cache_is_per_revision_scope_and_arguments(sessions):
    figures, _calls = counting()
    cache = FiguresCache(MemoryStore(max_bytes=1024 * 1024))
    with sessions() as session:
        first = cache.call(session, ("viewer", None), figures, "2026-11-22")
        assert cache.call(session, ("viewer", None), figures, "2026-11-22") is first
        assert cache.call(session, ("provider", "awo"), figures, "2026-11-22")["n"] == 2  # another scope
        assert cache.call(session, ("viewer", None), figures, "2026-11-22", team="stadt")["n"] == 3
    with transaction(sessions) as session:
        bump_revision(session)  # an edit, an import: the next call computes afresh
    with sessions() as session:
        assert cache.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 4
    assert len(cache.store) == 1  # the entries of the old revision went with it
    assert (cache.hits, cache.misses) == (1, 4)


def test_redis_is_one_cache_for_two_servers_and_a_change_invalidates_both(sessions, demo_url, redis_client):
    figures, calls = counting()
    # two servers of one installation: each its own FiguresCache, one Redis
    first = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    second = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    with sessions() as session:
        assert first.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 1
        assert second.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 1  # computed by the first
        assert second.call(session, ("admin", None), figures, "2026-11-22")["n"] == 2  # never across scopes
    assert len(calls) == 2 and (second.hits, second.misses) == (1, 1)
    with transaction(sessions) as session:
        bump_revision(session)  # written by either: both read the revision from the one database
    with sessions() as session:
        assert second.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 3
        assert first.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 3
    assert len(calls) == 3
    assert len(first.store) == 1  # the older revision's two entries were deleted from Redis
    redis_client.delete(*redis_client.keys(first.store.prefix + "*"))


def test_an_unreachable_redis_costs_speed_never_the_page(sessions):
    figures, calls = counting()
    cache = FiguresCache(RedisStore("redis://127.0.0.1:1/0", namespace="nirgends"))
    with sessions() as session:
        assert cache.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 1
        assert cache.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 2
    assert len(calls) == 2


def test_settings_of_two_servers_share_their_entries(tmp_path):
    from dataclasses import replace

    from tests.helpers import make_settings

    one = make_settings(tmp_path, "sqlite:///x.sqlite3", port=8050)
    two = replace(one, port=8051, workers=2, instance_path=tmp_path / "b", secret_key="anders")
    assert one.cache_fingerprint() == two.cache_fingerprint()
    assert replace(one, staff_ratio=80).cache_fingerprint() != one.cache_fingerprint()  # changes the figures


def test_the_szenarien_baseline_built_by_one_server_is_read_by_the_other(sessions, demo_url, redis_client,
                                                                          tmp_path, monkeypatch):
    """Issue 18: at Land scale the live baseline takes seconds; with Redis the server that warmed after a
    change built it, every other server reads it back (and never warms page views for its scope)."""
    from dashboard.services import scenarios as report
    from tests.helpers import make_settings

    settings = make_settings(tmp_path, demo_url)
    first = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    second = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    monkeypatch.setattr(report, "_CACHE", type(report._CACHE)())  # each "server" its own process cache
    with sessions() as session:
        ref = report.live_ref(session)
        built, _ = report.resolve(session, settings, ref, first)
    monkeypatch.setattr(report, "_CACHE", type(report._CACHE)())
    monkeypatch.setattr(report, "baseline", lambda *a, **k: pytest.fail("the second server built it again"))
    with sessions() as session:
        read, _ = report.resolve(session, settings, ref, second)
    assert read is not built and read == built and read.cases == built.cases
    assert (second.hits, second.misses) == (1, 0) and report.SHARED_SCOPE not in second.scopes
    assert report.figures(read, []).scenario.teams == report.figures(built, []).scenario.teams
    redis_client.delete(*redis_client.keys(first.store.prefix + "*"))


def test_in_front_of_redis_the_process_keeps_what_it_read_unpickled(sessions, redis_client):
    """The same revision and key give the same object again (no unpickling, the page's rendered
    components stay valid); another server's write of a newer revision is still seen at once."""
    figures, calls = counting()
    first = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    second = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    with sessions() as session:
        made = first.call(session, ("viewer", None), figures, "2026-11-22")
        read = second.call(session, ("viewer", None), figures, "2026-11-22")
        assert read == made and read is not made  # the other server unpickled it once …
        assert second.call(session, ("viewer", None), figures, "2026-11-22") is read  # … and keeps it
    with transaction(sessions) as session:
        bump_revision(session)
    with sessions() as session:
        assert first.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 2
        assert second.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 2  # not its kept copy
    assert len(calls) == 2 and len(second.store.local) == 1
    redis_client.delete(*redis_client.keys(first.store.prefix + "*"))


def test_a_second_request_for_an_entry_being_computed_waits_for_it_instead_of_computing_it_again(sessions):
    """Issue 18: the first viewer after a change and the warming (or two viewers) asked at once; each computed."""
    import threading

    started, release, calls = threading.Event(), threading.Event(), []

    def slow(session, day):
        calls.append(day)
        started.set()
        assert release.wait(30)
        return {"day": day}

    cache = FiguresCache(MemoryStore(max_bytes=1024 * 1024))
    results = []

    def view():
        with sessions() as session:
            results.append(cache.call(session, ("viewer", None), slow, "2026-11-22"))

    first = threading.Thread(target=view)
    first.start()
    assert started.wait(30)
    second = threading.Thread(target=view)
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the first one's result, not computing
    release.set()
    first.join(30)
    second.join(30)
    assert calls == ["2026-11-22"] and results[0] is results[1]
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_revision_written_elsewhere_is_reported_once_to_the_warming(sessions, demo_url):
    figures, _calls = counting()
    cache = FiguresCache(MemoryStore(max_bytes=1024 * 1024))
    noticed = []
    cache.listeners.append(noticed.append)
    with sessions() as session:
        start = FiguresCache.revision(session)
        cache.call(session, ("viewer", None), figures, "2026-11-22")
    assert noticed == []  # the first revision a process sees is no change
    other = make_engine(demo_url)  # another server, the CLI: not this process's sessions
    try:
        with transaction(make_session_factory(other)) as session:
            bump_revision(session)
    finally:
        other.dispose()
    with sessions() as session:
        cache.call(session, ("viewer", None), figures, "2026-11-22")
        cache.call(session, ("admin", None), figures, "2026-11-22")
    assert noticed == [start + 1]


def test_with_redis_one_server_warms_a_revision_the_other_leaves_it(redis_client):
    first = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    second = FiguresCache(RedisStore("", namespace=redis_client.imc_namespace, client=redis_client))
    assert first.claim(7) and not second.claim(7)
    assert second.claim(8)  # another revision
    first.release(7)
    assert second.claim(7)  # done: a server that notices it later warms (and finds the entries stored)


def _forked(fn):
    """`fn()` in a process forked from this one (as a Celery worker forks its pool), its result here."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(fn()), daemon=True)
    child.start()
    send.close()
    assert receive.poll(60), "der geforkte Prozess antwortet nicht"
    value = receive.recv()
    child.join()
    return value


def test_a_forked_process_does_not_wait_for_a_computation_of_its_parent(sessions):
    """A process forked while a thread of its parent computed an entry would have waited for a thread that
    did not come along (120 s: the Szenarien page in the browser test never settled, when the background
    jobs were forked from the web worker)."""
    import os
    import threading

    started, release, parent = threading.Event(), threading.Event(), os.getpid()

    def slow(session, day):
        if os.getpid() == parent:
            started.set()
            release.wait(30)
        return {"day": day, "by": "parent"}

    cache = FiguresCache(MemoryStore(max_bytes=1024 * 1024))
    worker = threading.Thread(target=lambda: _call(sessions, cache, slow))
    worker.start()
    assert started.wait(30)
    try:
        def in_job():
            with sessions() as session:
                return cache.call(session, ("viewer", None), lambda s, day: {"day": day, "by": "job"}, "2026-11-22")
        assert _forked(in_job)["by"] == "job"

        def same_key():
            with sessions() as session:
                return cache.call(session, ("viewer", None), slow, "2026-11-22")
        assert _forked(same_key)["by"] == "parent"  # computed in the child at once, not after 120 s
    finally:
        release.set()
        worker.join(30)


def _call(sessions, cache, fn):
    with sessions() as session:
        cache.call(session, ("viewer", None), fn, "2026-11-22")
