"""Warming: after a write the common page views of the new revision are computed in the background, so
the first person to open a page after an import or edit gets it from the cache."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from data.db import transaction
from data.revision import bump_revision
from tests.helpers import fire, make_settings

# each warmed page's main callback as the browser fires it on first load (no URL values)
PAGES = [("overview-content", "overview-location", "/"), ("caseload-content", "caseload-location", "/fallzahlen"),
         ("staffing-kpis", "staffing-location", "/personal"), ("volunteering-kpis", "volunteering-location", "/ehrenamt"),
         ("funds-content", "funds-location", "/projektmittel")]


@pytest.fixture
def app_context(demo_url, tmp_path):
    app = create_app(make_settings(tmp_path, demo_url))
    yield app.server.test_client(), app.server.extensions["im_cockpit"]
    app.server.extensions["im_cockpit"].engine.dispose()


def open_page(client, output: str, location: str, path: str) -> dict:
    return fire(client, output, {f"{location}.pathname": path, f"{location}.search": ""})


def test_the_karte_reads_its_areas_and_projects_from_the_cache_and_is_warmed_after_a_write(app_context):
    """Issue 18: the map was computed afresh on every view (Land: 0,5 s); its counts are now cached."""
    client, ctx = app_context
    show = {"map-location.pathname": "/karte", "map-location.search": ""}
    first = fire(client, "map-graph.figure", show, changed="map-location.search")
    ctx.warmer.wait()
    hits, misses = ctx.figures.hits, ctx.figures.misses
    again = fire(client, "map-graph.figure", show, changed="map-location.search")
    assert (ctx.figures.hits, ctx.figures.misses) == (hits + 3, misses)  # the areas' counts (twice), the projects
    assert again["map-graph"] == first["map-graph"]
    with transaction(ctx.sessions) as session:
        bump_revision(session)
    assert ctx.warmer.wait(timeout=120)
    hits, misses = ctx.figures.hits, ctx.figures.misses
    fire(client, "map-graph.figure", show, changed="map-location.search")
    assert (ctx.figures.hits, ctx.figures.misses) == (hits + 3, misses)  # warmed for the new revision


@pytest.mark.parametrize(("output", "location", "path"), PAGES, ids=[p for _o, _l, p in PAGES])
def test_after_a_write_the_next_view_is_a_cache_hit(app_context, output, location, path):
    client, ctx = app_context
    before = open_page(client, output, location, path)
    ctx.warmer.wait()
    hits, misses = ctx.figures.hits, ctx.figures.misses
    with transaction(ctx.sessions) as session:
        bump_revision(session)  # what every import and edit does
    assert ctx.warmer.wait(timeout=120)
    rendered = ctx.rendered.misses
    after = open_page(client, output, location, path)
    assert (ctx.figures.hits, ctx.figures.misses) == (hits + 1, misses)  # served from the warmed entry
    assert ctx.rendered.misses == rendered  # and its components were built by the warming, too
    assert after[output] == before[output]  # the same figures: only the revision moved
    revision = next(key for key in after if key.endswith("-revision"))
    assert after[revision]["data"] == before[revision]["data"] + 1


def test_a_rolled_back_write_warms_nothing(app_context):
    _client, ctx = app_context
    ctx.warmer.wait()
    runs = ctx.warmer.runs
    with pytest.raises(RuntimeError), transaction(ctx.sessions) as session:
        bump_revision(session)
        raise RuntimeError("Import abgebrochen")
    assert ctx.warmer.wait(timeout=5) and ctx.warmer.runs == runs


def test_every_page_view_is_warmed_for_the_scopes_in_use(app_context):
    _client, ctx = app_context
    ctx.figures.scopes[("provider", "awo")] = None  # a Träger looked at the pages before the import
    with transaction(ctx.sessions) as session:
        bump_revision(session)
    assert ctx.warmer.wait(timeout=120)
    stored = {(rest[0].split(".")[-1], rest[1], rest[3]) for _revision, rest in ctx.figures.store._entries}
    pages = {"overview", "caseload", "staffing", "volunteering", "page_figures"}
    scopes = {("admin", None), ("steering", None), ("viewer", None), ("provider", "awo")}
    assert {(page, scope) for _module, page, scope in stored} >= {(p, s) for p in pages for s in scopes}


def test_after_a_write_the_scenario_baseline_and_backtest_of_the_new_revision_are_built(app_context):
    from dashboard.services import scenarios

    _client, ctx = app_context
    ctx.warmer.wait()
    with transaction(ctx.sessions) as session:
        bump_revision(session)
    assert ctx.warmer.wait(timeout=120)
    built = []
    with ctx.sessions() as session:
        ref = scenarios.live_ref(session)
        key = ("live", scenarios._settings_key(ctx.settings), ref["day"], ref.get("revision"))
        assert key in scenarios._CACHE  # the warming built it, and the backtest the page shows below
        assert ("backtest", *key[1:]) in scenarios._CACHE
        scenarios._cached(key, lambda: built.append(1))
    assert built == []  # the page's first open takes it from the cache


def test_a_page_seen_again_is_not_rendered_again_and_a_change_renders_it_afresh(app_context):
    """The components of a page are kept while the figures cache hands out the same figures (issue 18:
    at Heilbronn the rendering was most of a warm answer); another colour mode or data revision renders anew."""
    from layouts import theme

    client, ctx = app_context
    output, location, path = PAGES[1]  # Fallzahlen: four charts and three tables
    first = open_page(client, output, location, path)
    misses = ctx.rendered.misses
    assert open_page(client, output, location, path)[output] == first[output]
    assert ctx.rendered.misses == misses and ctx.rendered.hits >= 1
    client.set_cookie(theme.COOKIE, theme.DARK)
    dark = open_page(client, output, location, path)
    assert ctx.rendered.misses == misses + 1 and dark[output] != first[output]
    client.delete_cookie(theme.COOKIE)
    old = [source for source, _components in ctx.rendered._entries.values()]
    with transaction(ctx.sessions) as session:
        bump_revision(session)
    ctx.warmer.wait(timeout=120)
    kept = [source for source, _components in ctx.rendered._entries.values()]
    assert not any(a is b for a in old for b in kept)  # the old revision's pages (and figures) were let go
    assert ctx.rendered.misses > misses + 1  # the warming rendered the new revision's first views
    misses, hits = ctx.rendered.misses, ctx.rendered.hits
    open_page(client, output, location, path)
    assert (ctx.rendered.misses, ctx.rendered.hits) == (misses, hits + 1)  # the first viewer gets it rendered


def test_a_change_written_by_another_server_is_warmed_here_once_a_reader_sees_it(app_context, demo_url):
    from data.db import make_engine, make_session_factory

    client, ctx = app_context
    output, location, path = PAGES[1]
    open_page(client, *PAGES[0])  # this process has seen the revision
    ctx.warmer.wait(timeout=120)
    other = make_engine(demo_url)  # another server or the CLI: no commit of this process's sessions
    try:
        with transaction(make_session_factory(other)) as session:
            bump_revision(session)
    finally:
        other.dispose()
    open_page(client, *PAGES[0])  # the first reader of the new revision computes its page and notices it
    assert ctx.warmer.wait(timeout=120)
    assert ctx.warmer.warmed_revision == ctx.figures.latest_revision
    hits, misses = ctx.figures.hits, ctx.figures.misses
    open_page(client, output, location, path)
    assert (ctx.figures.hits, ctx.figures.misses) == (hits + 1, misses)  # warmed meanwhile
    health = client.get("/healthz").get_json()["warming"]
    assert health["revision"] == ctx.warmer.warmed_revision and health["busy"] is False


def test_the_next_change_is_warmed_while_the_slow_backtest_of_the_last_one_still_runs(demo_url):
    import threading

    from dashboard.services.cache import FiguresCache, MemoryStore
    from dashboard.services.warming import Warmer
    from data.db import make_engine, make_session_factory

    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    release, warmed = threading.Event(), []
    cache = FiguresCache(MemoryStore())
    warmer = Warmer(sessions, cache, [lambda s: (lambda session: warmed.append(FiguresCache.revision(session)),
                                                 (), {})],
                    slow_tasks=[lambda s: release.wait(60)])
    warmer.listen()
    try:
        for _ in range(2):
            with transaction(sessions) as session:
                bump_revision(session)
            with sessions() as session:
                written = FiguresCache.revision(session)
            for _ in range(200):
                if warmer.warmed_revision == written:
                    break
                threading.Event().wait(0.05)
        assert len(warmed) == 2 and warmed[1] == warmed[0] + 1  # the second change did not wait for the first backtest
        assert not warmer.wait(timeout=0.2)  # the backtest is still running
        release.set()
        assert warmer.wait(timeout=60)
    finally:
        release.set()
        engine.dispose()


def test_a_starting_server_warms_the_current_revision_before_the_first_viewer(app_context):
    client, ctx = app_context
    ctx.warmer.start()  # what `im-cockpit serve` does once the app is built
    assert ctx.warmer.wait(timeout=120) and ctx.warmer.warmed_revision is not None
    hits, misses = ctx.figures.hits, ctx.figures.misses
    rendered = ctx.rendered.misses
    open_page(client, *PAGES[1])
    assert (ctx.figures.hits, ctx.figures.misses, ctx.rendered.misses) == (hits + 1, misses, rendered)
