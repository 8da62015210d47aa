"""Browser tier: the real app served from a thread, driven by Debian's headless Chromium.

Skipped with a visible reason when Chromium or chromedriver is missing; with IMC_REQUIRE_BROWSER=1
(CI) that is a failure instead. Screenshots go to `artifacts/screenshots/`.
"""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard.app import create_app
from tests.browser.pages import BrowserPage
from tests.conftest import require_or_skip
from tests.helpers import make_settings

CHROMIUM = os.environ.get("IMC_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("IMC_CHROMEDRIVER", "/usr/bin/chromedriver")


# the browser logs in like a person: as an administrator, so every page and form is usable
BROWSER_USER, BROWSER_PASSWORD = "browser-admin", "browser-test-passwort-2026"


@pytest.fixture(scope="session")
def browser_db_url(tmp_path_factory, db_templates) -> str:
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import make_engine, make_session_factory, transaction

    url = db_templates.sqlite(tmp_path_factory.mktemp("browser") / "demo.sqlite3")
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        users.add(session, BROWSER_USER, hash_password(BROWSER_PASSWORD), "admin", provider_code=None, actor="test")
    engine.dispose()
    return url


@contextmanager
def serve(settings):
    """The app for `settings` on a free local port, served from a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, create_app(settings).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def own_demo_server(tmp_path_factory, db_templates):
    """A page test that writes gets its own fresh demo database and server (no login: the identity
    comes from the default name), so the shared read-only `live_server` stays as the demo made it.
    `own_demo_server(name)` returns (database URL, context manager yielding the base URL)."""

    def make(name: str):
        url = db_templates.sqlite(tmp_path_factory.mktemp(name + "-browser") / "demo.sqlite3")
        settings = make_settings(tmp_path_factory.mktemp(name + "-instance"), url, refresh_seconds=5)
        return url, serve(settings)

    return make


@pytest.fixture(scope="session")
def own_login_server(tmp_path_factory, db_templates):
    """Like `own_demo_server`, behind the login: `own_login_server(name, setup)` runs `setup(url)` on a fresh
    demo copy (e.g. to add a Gemeinde's user) and returns (database URL, context manager yielding the base URL)."""

    def make(name: str, setup):
        url = db_templates.sqlite(tmp_path_factory.mktemp(name + "-browser") / "demo.sqlite3")
        setup(url)
        settings = make_settings(tmp_path_factory.mktemp(name + "-instance"), url, refresh_seconds=5,
                                 login_required=True)
        return url, serve(settings)

    return make


@pytest.fixture(scope="session")
def live_server(browser_db_url, tmp_path_factory):
    """The app on a free local port, login required as in production; yields its base URL."""
    settings = make_settings(tmp_path_factory.mktemp("instance"), browser_db_url, refresh_seconds=5,
                             login_required=True)
    with serve(settings) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chrome():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")) or not Path(CHROMEDRIVER).exists():
        require_or_skip("IMC_REQUIRE_BROWSER",
                        f"Chromium ({CHROMIUM}) oder chromedriver ({CHROMEDRIVER}) ist nicht installiert")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--lang=de-DE"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def page(chrome, live_server):
    """A logged-in browser at projector size (1920×1080) with helpers to wait and to take screenshots."""
    browser = BrowserPage(chrome, live_server)
    if getattr(chrome, "imc_logged_in_at", None) != live_server:
        browser.login(BROWSER_USER, BROWSER_PASSWORD)
        chrome.imc_logged_in_at = live_server
    chrome.get_log("browser")
    return browser


@pytest.fixture(scope="session")
def roles_server(tmp_path_factory, db_templates):
    """The demo app with one user per role (tests.helpers.ROLE_USERS), login required; yields its base URL."""
    from tests.helpers import add_users

    url = db_templates.sqlite(tmp_path_factory.mktemp("roles-browser") / "demo.sqlite3")
    add_users(url)
    settings = make_settings(tmp_path_factory.mktemp("roles-instance"), url, refresh_seconds=5,
                             login_required=True)
    with serve(settings) as base_url:
        yield base_url
