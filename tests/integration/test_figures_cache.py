"""The page-figures cache: one computation per data revision and access scope, never stale."""

from __future__ import annotations

from dashboard.services.cache import FiguresCache
from data.db import make_engine, make_session_factory, transaction
from data.revision import bump_revision


def test_cache_is_per_revision_scope_and_arguments(demo_url):
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    calls = []

    def figures(session, day, *, team=None):
        calls.append((day, team))
        return {"day": day, "team": team, "n": len(calls)}

    cache = FiguresCache(maxsize=3)
    with sessions() as session:
        first = cache.call(session, ("viewer", None), figures, "2026-11-22")
        assert cache.call(session, ("viewer", None), figures, "2026-11-22") is first
        assert cache.call(session, ("provider", "awo"), figures, "2026-11-22")["n"] == 2  # another scope
        assert cache.call(session, ("viewer", None), figures, "2026-11-22", team="stadt")["n"] == 3
    with transaction(sessions) as session:
        bump_revision(session)  # an edit, an import: the next call computes afresh
    with sessions() as session:
        assert cache.call(session, ("viewer", None), figures, "2026-11-22")["n"] == 4
        assert len(cache._entries) == 3  # bounded: the oldest entry went
    assert (cache.hits, cache.misses) == (1, 4)
    engine.dispose()
