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
from tests.conftest import make_settings, require_or_skip

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
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


class BrowserPage:
    def __init__(self, driver, base_url: str):
        self.driver, self.base_url = driver, base_url
        self.viewport(1920, 1080)
        driver.get("about:blank")  # stop the previous test's page (its polls would fail later)
        driver.get_log("browser")  # start each test with an empty console log

    def viewport(self, width: int, height: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1,
                                     "mobile": False})

    def open(self, path: str = "/") -> None:
        self.driver.get(self.base_url + path)

    def login(self, username: str, password: str) -> None:
        """Log in through the login page, as a person does."""
        from selenium.webdriver.common.by import By

        self.open("/login")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_for_text("shell-page-content", "", timeout=20)

    def click(self, element_id: str) -> None:
        """Jump the element to the middle of the window first: one at the window's edge counts as
        visible to WebDriver, yet its click lands outside and is intercepted (and Bootstrap's smooth
        scrolling would move it while the click is on its way)."""
        from selenium.webdriver.common.by import By

        element = self.driver.find_element(By.ID, element_id)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.click()

    def text_of(self, element_id: str, timeout: float = 20) -> str:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        element = WebDriverWait(self.driver, timeout).until(
            EC.visibility_of_element_located((By.ID, element_id)))
        return element.text

    def wait_for_text(self, element_id: str, expected: str, timeout: float = 20) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(
            EC.text_to_be_present_in_element((By.ID, element_id), expected))

    def wait_until(self, condition, timeout: float = 20, message: str = ""):
        """Wait until `condition(driver)` is truthy (polled every 0.1 s); returns its value."""
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition, message)

    def eventually(self, condition, timeout: float = 20) -> bool:
        """Like wait_until, but returns False at the timeout, so that the test's own assert explains it.
        An error while the page re-renders (a row not there yet, a stale node) counts as "not yet"."""
        from selenium.common.exceptions import TimeoutException

        def holds(_driver):
            try:
                return condition()
            except Exception:  # noqa: BLE001 - polled again; the caller's assert reports the final state
                return False

        try:
            self.wait_until(holds, timeout)
        except TimeoutException:
            return False
        return True

    def wait_url(self, fragment: str, timeout: float = 20) -> None:
        from selenium.webdriver.support import expected_conditions as EC

        self.wait_until(EC.url_contains(fragment), timeout, f"URL ohne {fragment!r}: {self.driver.current_url}")

    def settle(self, timeout: float = 20) -> None:
        """Wait until the page is rendered and quiet: the document is loaded, no Dash component is loading,
        and neither the page's size nor the number of requests changed between two looks 0,25 s apart
        (figures drawn, layout after a resize done). Used before screenshots and layout measurements."""
        from selenium.webdriver.support.ui import WebDriverWait

        script = ("return [document.readyState, document.querySelector('[data-dash-is-loading=\"true\"]') !== null,"
                  " performance.getEntriesByType('resource').length, window.innerWidth, window.innerHeight,"
                  " document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        previous = []

        def quiet(driver):
            state = driver.execute_script(script)
            stable = state == previous[-1] if previous else False
            previous.append(state)
            return state[0] == "complete" and not state[1] and stable

        WebDriverWait(self.driver, timeout, poll_frequency=0.25).until(quiet, "die Seite kommt nicht zur Ruhe")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def severe_console_errors(self) -> list[str]:
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]
