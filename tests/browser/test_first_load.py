"""A person opens each page in Chromium: the page's main callback reaches the server once, not twice.

The server counts the Dash requests it answers (a Flask `after_request` hook on the app under test):
for each request, which inputs it carries. A page's main callback is the one that listens to the
page's own URL (`<page>-location`). An empty `dcc.DatePickerSingle` reports `date: undefined` right
after it mounts (Dash 4.4), so a page whose date picker starts empty computed everything twice on
first load (issue 18); the router now hands the page its Stichtag, and the Verwaltung relays its two
optional dates in the browser.
"""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.pages import PAGES
from layouts import ids
from tests.browser.pages import BrowserPage
from tests.helpers import make_settings

pytestmark = pytest.mark.browser
BROWSER_USER, BROWSER_PASSWORD = "erstladen-admin", "erstladen-test-passwort-2026"
LEDGER_LINES = 130

# page path -> (the page's Location id, the property its main callback listens to)
MAIN_INPUT = {
    "/": (ids.OVERVIEW_LOCATION, "search"), "/fallzahlen": (ids.CASELOAD_LOCATION, "search"),
    "/projektmittel": (ids.FUNDS_LOCATION, "search"), "/personal": (ids.STAFFING_LOCATION, "search"),
    "/ehrenamt": (ids.VOLUNTEERING_LOCATION, "search"), "/karte": (ids.MAP_LOCATION, "search"),
    "/landkreis": (ids.COUNTY_LOCATION, "search"), "/landkreis/verbund": (ids.VERBUND_LOCATION, "search"),
    "/szenarien": (ids.SCEN_LOCATION, "search"), "/verwaltung": (ids.ADMIN_LOCATION, "search"),
    "/berichte": (ids.REPORTS_LOCATION, "pathname"), "/import": (ids.IMPORT_LOCATION, "pathname"),
    "/barrierefreiheit": (ids.ACCESSIBILITY_LOCATION, "pathname"),
}


class RequestLog:
    """The inputs of every Dash callback request the server answered (thread-safe)."""

    def __init__(self):
        self.inputs: list[set[tuple[str, str]]] = []
        self.triggers: list[list[str]] = []
        self.outputs: list[str] = []
        self.lock = threading.Lock()

    def record(self, response):
        from flask import request

        if request.path.endswith("/_dash-update-component") and request.method == "POST":
            body = request.get_json(silent=True) or {}
            flat = [i for item in body.get("inputs", []) for i in (item if isinstance(item, list) else [item])]
            with self.lock:
                self.inputs.append({(str(i.get("id")), i.get("property")) for i in flat})
                self.triggers.append(body.get("changedPropIds") or [])
                self.outputs.append(body.get("output", ""))
        return response

    def fired_by(self, location_id: str, prop: str) -> dict[str, list[list[str]]]:
        """Callbacks listening to `location_id.prop` (by their outputs): the triggers (`changedPropIds`)
        of each of their requests."""
        found: dict[str, list[list[str]]] = {}
        with self.lock:
            for inputs, trigger, output in zip(self.inputs, self.triggers, self.outputs):
                if (location_id, prop) in inputs:
                    found.setdefault(output[:60], []).append(trigger)
        return found

    def clear(self) -> None:
        with self.lock:
            self.inputs.clear()
            self.triggers.clear()
            self.outputs.clear()


def _book_many(session, count: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from data import ledger
    from data.schema import FundsEntry, Provider

    year = session.query(FundsEntry.year).order_by(FundsEntry.year.desc()).limit(1).scalar()
    provider = session.query(Provider).filter_by(code="awo").one()
    for number in range(count):
        ledger.book_expense(session, year=year, provider_id=provider.id, booked_on=dt.date(year, 1, 2),
                            amount=Decimal("1.00"), purpose=f"Testbuchung {number + 1}", user="test")


@pytest.fixture(scope="module")
def counted_server(tmp_path_factory, db_templates):
    """The demo app behind the login, its Dash requests counted; yields (base URL, RequestLog)."""
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import make_engine, make_session_factory, transaction

    url = db_templates.sqlite(tmp_path_factory.mktemp("first-load") / "demo.sqlite3")
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        users.add(session, BROWSER_USER, hash_password(BROWSER_PASSWORD), "admin", provider_code=None, actor="test")
        _book_many(session, LEDGER_LINES)  # a ledger long enough for its pager
    engine.dispose()
    app = create_app(make_settings(tmp_path_factory.mktemp("first-load-instance"), url, login_required=True))
    log = RequestLog()
    app.server.after_request(log.record)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", log
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def counted_page(chrome, counted_server):
    """The browser logged in once on the counting server; yields (BrowserPage, RequestLog)."""
    base_url, log = counted_server
    browser = BrowserPage(chrome, base_url)
    browser.login(BROWSER_USER, BROWSER_PASSWORD)
    browser.settle()  # the start page's own requests are answered before the first test counts
    try:
        yield browser, log
    finally:
        chrome.get("about:blank")
        chrome.imc_logged_in_at = base_url  # the shared `page` fixture logs in again on its own server


def test_every_page_is_registered_here():
    assert {p.path for p in PAGES} == set(MAIN_INPUT)


@pytest.mark.parametrize("path", [*MAIN_INPUT, "/fallzahlen?team=awo&basis=planned", "/verwaltung?seite=2",
                                  "/?stichtag=2026-06-30"])
def test_main_callback_fires_once_on_first_load(counted_page, path):
    browser, log = counted_page
    location_id, prop = MAIN_INPUT[path.split("?")[0]]
    browser.driver.get("about:blank")
    log.clear()
    browser.open(path)
    assert browser.eventually(lambda: log.fired_by(location_id, prop), timeout=20), f"{path} lädt nicht"
    browser.settle()
    twice = {output: triggers for output, triggers in log.fired_by(location_id, prop).items() if len(triggers) != 1}
    assert not twice, f"{path}: mehr als ein Aufruf beim ersten Laden (Auslöser je Aufruf): {twice}"


def test_audit_dates_still_filter_through_the_browser_relay(counted_page):
    """The Verwaltung's "von" date reaches the server through the relay store and lands in the URL."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser, log = counted_page
    browser.open("/verwaltung")
    browser.settle()
    log.clear()
    field = browser.driver.find_element(By.CSS_SELECTOR, f"#{ids.ADMIN_AUDIT_FROM} input, input#{ids.ADMIN_AUDIT_FROM}")
    field.send_keys("01.01.2026", Keys.ENTER)
    browser.wait_url("von=2026-01-01")
    browser.settle()
    assert [len(t) for t in log.fired_by(ids.ADMIN_LOCATION, "search").values()] == [1]


def test_a_long_table_turns_its_pages_and_stays_accessible(counted_page):
    """The Projektmittel ledger (130 bookings) shows 50, its pager moves on; axe finds nothing on the page."""
    from selenium.webdriver.common.by import By

    browser, log = counted_page
    browser.open("/projektmittel")
    browser.wait_for_text(ids.FUNDS_LEDGER, "Buchungen 1–50 von")
    browser.settle()
    assert browser.axe_violations() == []
    log.clear()
    button = browser.driver.find_element(By.CSS_SELECTOR, f"#{ids.FUNDS_LEDGER} nav button:nth-of-type(3)")
    assert button.text == "Nächste ›"
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    button.click()
    browser.wait_url("seite-ledger=2")
    browser.wait_for_text(ids.FUNDS_LEDGER, "Buchungen 51–100 von")
    browser.settle()
    assert [len(t) for t in log.fired_by(ids.FUNDS_LOCATION, "search").values()] == [1]
