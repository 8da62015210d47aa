"""A person books Projektmittel in Chromium: an expense lowers what is left, an over-booking is
refused in German, a transfer shows up in the ledger with its Koordinierungskreis decision.

The page writes, so this module serves its own app on its own fresh demo database instead of the
shared `live_server` of the other browser tests.
"""

from decimal import Decimal

import pytest

from dashboard.model.formatting import fmt_eur
from data import ledger
from data.db import make_engine, make_session_factory
from layouts import ids
from tests.browser.pages import BrowserPage

pytestmark = pytest.mark.browser

AWO, CARITAS, DIAKONIE = 1, 2, 3


@pytest.fixture(scope="module")
def funds_site(own_demo_server):
    url, server = own_demo_server("funds")
    with server as base_url:
        yield url, base_url


@pytest.fixture(scope="module")
def funds_db_url(funds_site) -> str:
    return funds_site[0]


@pytest.fixture(scope="module")
def funds_server(funds_site) -> str:
    return funds_site[1]


@pytest.fixture
def funds_page(chrome, funds_server):
    page = BrowserPage(chrome, funds_server)
    yield page
    page.viewport(1920, 1080)


@pytest.fixture(scope="module")
def db(funds_db_url):
    engine = make_engine(funds_db_url)
    yield make_session_factory(engine)
    engine.dispose()


def remaining(db, provider_id: int) -> Decimal:
    with db() as session:
        return ledger.balance(session, 2026, provider_id).remaining


def total_remaining(db) -> Decimal:
    return sum((remaining(db, p) for p in (AWO, CARITAS, DIAKONIE)), Decimal("0.00"))


def select(page, element_id: str, text: str) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    WebDriverWait(page.driver, 20).until(
        lambda d: text in [o.text for o in Select(d.find_element("id", element_id)).options])
    Select(page.driver.find_element("id", element_id)).select_by_visible_text(text)


def type_into(page, element_id: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field = page.driver.find_element("id", element_id)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)


def scroll_to(page, element) -> None:
    # Bootstrap turns on smooth scrolling: jump instead, so that a click lands where it aims
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                               element)


def open_funds(page, db) -> None:
    page.open("/projektmittel")
    page.wait_for_text(ids.FUNDS_KPI_REMAINING, fmt_eur(total_remaining(db)))


def test_page_shows_the_ledger_figures(funds_page, db):
    open_funds(funds_page, db)
    assert funds_page.driver.current_url.endswith("/projektmittel?jahr=2026")
    table = funds_page.text_of(ids.FUNDS_PROVIDER_TABLE)
    assert f"Caritas 5.000,00 € 2.872,64 € – – {fmt_eur(remaining(db, CARITAS))}" in table
    assert "Übertragung ab" in table and "Summe" in table
    text = funds_page.text_of(ids.FUNDS_PROJECTION_TEXT)
    assert "reicht voraussichtlich bis zum 31.12.2026" in text
    funds_page.text_of(ids.FUNDS_BURNDOWN_CHART)
    funds_page.settle()
    funds_page.screenshot("funds-1920x1080")
    errors = funds_page.severe_console_errors()
    assert errors == [], "\n".join(errors)


def test_booking_lowers_the_remaining_amount(funds_page, db):
    open_funds(funds_page, db)
    before = remaining(db, CARITAS)
    select(funds_page, ids.FUNDS_EXPENSE_PROVIDER, "Caritas")
    type_into(funds_page, ids.FUNDS_EXPENSE_AMOUNT, "1.000,50")
    type_into(funds_page, ids.FUNDS_EXPENSE_PURPOSE, "Material Hausaufgabenhilfe")
    funds_page.click(ids.FUNDS_EXPENSE_SUBMIT)
    after = before - Decimal("1000.50")
    funds_page.wait_for_text(ids.FUNDS_EXPENSE_MESSAGE, f"Verbleibend Caritas: {fmt_eur(after)}")
    assert remaining(db, CARITAS) == after
    funds_page.wait_for_text(ids.FUNDS_PROVIDER_TABLE, fmt_eur(after))
    funds_page.wait_for_text(ids.FUNDS_KPI_REMAINING, fmt_eur(total_remaining(db)))
    funds_page.wait_for_text(ids.FUNDS_LEDGER_TABLE, "Material Hausaufgabenhilfe")
    # the form is ready for the next booking
    assert funds_page.driver.find_element("id", ids.FUNDS_EXPENSE_AMOUNT).get_attribute("value") == ""


def test_over_booking_is_refused_with_the_german_reason(funds_page, db):
    open_funds(funds_page, db)
    left = remaining(db, CARITAS)
    select(funds_page, ids.FUNDS_EXPENSE_PROVIDER, "Caritas")
    type_into(funds_page, ids.FUNDS_EXPENSE_AMOUNT, "9.000,00")
    type_into(funds_page, ids.FUNDS_EXPENSE_PURPOSE, "Zu teure Anschaffung")
    funds_page.click(ids.FUNDS_EXPENSE_SUBMIT)
    expected = (f"Die Buchung übersteigt die verbleibenden Mittel der Caritas ({fmt_eur(left)}) um "
                f"{fmt_eur(Decimal('9000.00') - left)}")
    funds_page.wait_for_text(ids.FUNDS_EXPENSE_MESSAGE, expected)
    assert "Nicht gebucht" in funds_page.text_of(ids.FUNDS_EXPENSE_MESSAGE)
    assert remaining(db, CARITAS) == left
    assert "is-invalid" in funds_page.driver.find_element("id", ids.FUNDS_EXPENSE_AMOUNT).get_attribute("class")
    scroll_to(funds_page, funds_page.driver.find_element("id", ids.FUNDS_EXPENSE_MESSAGE))
    funds_page.settle()
    funds_page.screenshot("funds-refused-1920x1080")


def test_transfer_appears_in_the_ledger_with_its_decision(funds_page, db):
    from selenium.webdriver.common.keys import Keys

    open_funds(funds_page, db)
    giver, taker = remaining(db, DIAKONIE), remaining(db, CARITAS)
    select(funds_page, ids.FUNDS_TRANSFER_FROM, "Diakonie")
    select(funds_page, ids.FUNDS_TRANSFER_TO, "Caritas")
    type_into(funds_page, ids.FUNDS_TRANSFER_AMOUNT, "250")
    decision = funds_page.driver.find_element("id", ids.FUNDS_TRANSFER_DECISION_DATE)
    decision.send_keys("18.11.2026", Keys.ENTER)
    type_into(funds_page, ids.FUNDS_TRANSFER_DECISION_REF, "TOP 3")
    type_into(funds_page, ids.FUNDS_TRANSFER_PURPOSE, "Lernpaten im Sozialraum 3")
    funds_page.click(ids.FUNDS_TRANSFER_SUBMIT)
    funds_page.wait_for_text(ids.FUNDS_TRANSFER_MESSAGE, "Beschluss Koordinierungskreis vom 18.11.2026")
    assert remaining(db, DIAKONIE) == giver - 250
    assert remaining(db, CARITAS) == taker + 250
    funds_page.wait_for_text(ids.FUNDS_LEDGER_TABLE, "Lernpaten im Sozialraum 3")
    row = next(r for r in funds_page.driver.find_elements("css selector", f"#{ids.FUNDS_LEDGER_TABLE} tbody tr")
               if "Lernpaten im Sozialraum 3" in r.text)
    assert "Übertragung" in row.text and "Diakonie" in row.text and "250,00 €" in row.text
    assert "an Caritas" in row.text and "Beschluss Koordinierungskreis vom 18.11.2026" in row.text
    assert "TOP 3" in row.text
    scroll_to(funds_page, row)
    funds_page.settle()
    funds_page.screenshot("funds-ledger-1920x1080")


def test_year_in_url_and_bad_year_message(funds_page, db):
    funds_page.open("/projektmittel?jahr=2025")
    funds_page.wait_for_text(ids.FUNDS_KPI_PROJECTION, "€")
    funds_page.wait_for_text(ids.FUNDS_CONTENT, "Jahr abgeschlossen")
    assert funds_page.driver.find_element("id", ids.FUNDS_YEAR).get_attribute("value") == "2025"
    funds_page.open("/projektmittel?jahr=zwanzig")
    funds_page.wait_for_text(ids.FUNDS_MESSAGE, "„zwanzig“")
    funds_page.wait_for_text(ids.FUNDS_KPI_REMAINING, fmt_eur(total_remaining(db)))
    assert funds_page.driver.current_url.endswith("/projektmittel?jahr=2026")


def test_laptop_size_has_no_horizontal_scrolling(funds_page, db):
    funds_page.viewport(1280, 800)
    open_funds(funds_page, db)
    funds_page.text_of(ids.FUNDS_LEDGER_TABLE)
    funds_page.settle()
    overflow = funds_page.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    funds_page.screenshot("funds-1280x800")
    assert overflow <= 0


def test_funds_callbacks_stay_silent_on_other_pages(funds_page, db):
    open_funds(funds_page, db)
    funds_page.driver.find_element("link text", "Übersicht").click()
    funds_page.text_of(ids.OVERVIEW_KPI_CASES)
    funds_page.settle()
    assert "jahr=" not in funds_page.driver.current_url
    assert funds_page.severe_console_errors() == []
