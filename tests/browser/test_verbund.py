"""Brackenheim's Kämmerei walks the Verbund with Cleebronn in Chromium: from the Landkreis page to the
agreement (hourly rate 40,68 €, the summer quarters under the minimum), then the newest invoice from
entworfen over gestellt to bezahlt, and its PDF — rendered to PNG and checked for its figures — at
projector (1920×1080) and beamer size (1280×720)."""

from __future__ import annotations

import pytest

from layouts import ids
from tests.browser.pages import ARTIFACTS, BrowserPage
from tests.helpers import PASSWORD, pdf_text_pages

pytestmark = pytest.mark.browser

DRAFT = "BRA-CLE-2026-Q3-08125017"


def _lead_user(url: str) -> None:
    """Brackenheim, the lead Gemeinde, gets a user."""
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import make_engine, make_session_factory, transaction

    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        users.add(session, "brackenheim", hash_password(PASSWORD), "municipality", provider_code=None, actor="test",
                  area="08125013")
    engine.dispose()


@pytest.fixture(scope="module")
def verbund_server(own_login_server):
    """A fresh demo (the test writes) with a user of Brackenheim behind the login."""
    url, server = own_login_server("verbund", _lead_user)
    with server as base_url:
        yield base_url, url


@pytest.fixture
def lead_page(chrome, verbund_server):
    base_url, _ = verbund_server
    chrome.delete_all_cookies()
    chrome.imc_logged_in_at = None  # the shared `page` fixture must log in again after this test
    browser = BrowserPage(chrome, base_url)
    browser.open("/")
    chrome.delete_all_cookies()
    browser.login("brackenheim", PASSWORD)
    chrome.get_log("browser")
    yield browser
    chrome.delete_all_cookies()


def choose(page, dropdown_id, label_start):
    page.click(dropdown_id)

    def shown():
        return [o for o in page.driver.find_elements("css selector", "[role='option']")
                if o.is_displayed() and o.text.strip().startswith(label_start)]

    assert page.eventually(shown, 10), f"{label_start} nicht in der Liste"
    shown()[0].click()


def invoice_row(page, number) -> str:
    return page.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.VERBUND_INVOICES_TABLE} tbody tr')]"
        f".map(r => r.innerText.replace(/\\s+/g, ' ').trim()).find(t => t.startsWith('{number}')) || ''")


def no_sideways_scroll(page):
    overflow = page.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"die Seite scrollt seitlich um {overflow} px"


def set_status(page, label):
    choose(page, ids.VERBUND_INVOICE, DRAFT)
    choose(page, ids.VERBUND_STATUS, label)
    button = page.driver.find_element("id", ids.VERBUND_STATUS_SUBMIT)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    button.click()


def invoice_text(verbund_server, number: str, name: str) -> str:
    """The PDF the button sends for invoice `number`, rendered to PNG (artifacts/reports/NAME-1.png), as text."""
    from dashboard.auth.roles import Reader
    from dashboard.pdf.verbund import invoice_pdf
    from data.db import make_engine, make_session_factory, read_session
    from data.schema import VerbundInvoice
    from tests.helpers import make_settings as settings_for

    _, url = verbund_server
    engine = make_engine(url)
    with read_session(make_session_factory(engine)) as session:
        invoice_id = session.query(VerbundInvoice.id).filter(VerbundInvoice.number == number).scalar()
        pdf = invoice_pdf(session, settings_for(ARTIFACTS, url), Reader("municipality", "ags-08125013"), invoice_id)
    engine.dispose()
    return " ".join(pdf_text_pages(pdf.content, name, ARTIFACTS.parent / "reports"))


def test_agreement_to_paid_invoice_and_its_pdf(lead_page, verbund_server):
    page = lead_page
    for width, height in ((1920, 1080), (1280, 720)):
        page.viewport(width, height)
        page.open("/landkreis")
        page.wait_until(lambda d: d.find_elements("id", ids.VERBUND_LINK), message="kein Link zum Verbund")
        page.driver.execute_script("arguments[0].click()", page.driver.find_element("id", ids.VERBUND_LINK))
        page.wait_url("/landkreis/verbund")
        page.wait_for_text(ids.VERBUND_AGREEMENT, "40,68 €")
        assert page.text_of(ids.VERBUND_KPI_RATE) == "40,68 €"
        assert "Cleebronn: mind. 15,0 Std./Woche" in page.text_of(ids.VERBUND_AGREEMENT)
        assert "▼ unter Mindeststunden: 22,5 Std. fehlen" in page.text_of(ids.VERBUND_HOURS_TABLE)
        assert "✔ Eigenregie im Verbund erfüllt" in page.text_of(ids.VERBUND_CHECK)
        assert "10.864,00 €" in page.text_of(ids.VERBUND_YEARS_TABLE)
        page.settle()
        no_sideways_scroll(page)
        page.screenshot(f"verbund-vereinbarung-{width}")
        assert page.axe_violations() == [], "axe-core findet Verstöße auf der Verbund-Seite (Rolle Gemeinde)"
    assert "entworfen" in invoice_row(page, DRAFT)

    set_status(page, "➤ gestellt")
    page.wait_for_text(ids.VERBUND_ACTION_MESSAGE, "gestellt")
    page.wait_until(lambda d: "gestellt" in invoice_row(page, DRAFT), message="Rechnung nicht gestellt")
    set_status(page, "✔ bezahlt")
    page.wait_for_text(ids.VERBUND_ACTION_MESSAGE, "bezahlt")
    page.wait_until(lambda d: "bezahlt" in invoice_row(page, DRAFT), message="Rechnung nicht bezahlt")
    row = invoice_row(page, DRAFT)
    assert "170,5 ▼" in row and "8.253,77 €" in row and "2.698,97 €*" in row and "5.554,80 €" in row
    for width, height in ((1920, 1080), (1280, 720)):
        page.viewport(width, height)
        table = page.driver.find_element("id", ids.VERBUND_INVOICES_TABLE)
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", table)
        page.settle()
        no_sideways_scroll(page)
        page.screenshot(f"verbund-rechnung-bezahlt-{width}")

    button = page.driver.find_element("id", ids.VERBUND_PDF_SUBMIT)
    page.driver.execute_script("arguments[0].click()", button)
    page.wait_for_text(ids.VERBUND_ACTION_MESSAGE, f"rechnung-{DRAFT.lower()}.pdf erstellt (1 Seiten)")
    assert page.severe_console_errors() == []

    # the same PDF the button sends, rendered to PNG (artifacts/reports/verbund-rechnung-1.png)
    text = invoice_text(verbund_server, DRAFT, "verbund-rechnung")
    # 170,5 h × 40,68 € = 6.935,94 €; 19 % = 1.317,83 €; 8.253,77 €; minus 2.698,97 € (2026, assumed) = 5.554,80 €
    for figure in ("Rechnung Nr.", DRAFT, "170,5 Std.", "6.935,94 €", "1.317,83 €", "8.253,77 €", "2.698,97 €",
                   "5.554,80 €", "24,5 Std. fehlen", "✔ bezahlt am", "Seite 1 von 1"):
        assert figure in text, figure


NEW_INVOICE = "BRA-ZAB-2026-Q3-08125108"


def type_into(page, element_id, value):
    field = page.driver.find_element("id", element_id)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", field)
    field.clear()
    field.send_keys(value)


def press(page, button_id):
    button = page.driver.find_element("id", button_id)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    button.click()


def test_lead_records_a_new_verbund_from_agreement_to_paid_invoice(lead_page, verbund_server):
    """Brackenheim agrees with Zaberfeld (10 h a week), books Q3/2026 short (120 of 130 h), drafts,
    issues and is paid the invoice; its PDF shows 120 h × 40,68 € = 4.881,60 € + 19 % = 5.809,10 €."""
    page = lead_page
    page.viewport(1920, 1080)
    page.open("/landkreis/verbund")
    page.wait_for_text(ids.VERBUND_AGREEMENT, "40,68 €")
    page.wait_until(lambda d: not d.find_element("id", ids.VERBUND_FORMS).get_attribute("disabled"),
                    message="die Formulare bleiben für die federführende Gemeinde gesperrt")
    press(page, ids.VERBUND_F_NEW)
    page.wait_until(lambda d: d.find_element("id", ids.VERBUND_F_CODE).get_attribute("value") == "",
                    message="„Neue Vereinbarung“ leert das Formular nicht")
    type_into(page, ids.VERBUND_F_CODE, "BRA-ZAB")
    type_into(page, ids.VERBUND_F_NAME, "Verbund Brackenheim–Zaberfeld")
    type_into(page, ids.VERBUND_F_DECISION, "Gemeinderat Zaberfeld 12/2025")
    press(page, ids.VERBUND_F_SAVE)
    page.wait_for_text(ids.VERBUND_F_MESSAGE, "Vereinbarung BRA-ZAB angelegt")
    page.wait_for_text(ids.VERBUND_AGREEMENT, "Gültig 01.01.2026–31.12.2029")  # the new agreement is shown

    choose(page, ids.VERBUND_M_GEMEINDE, "Zaberfeld")
    type_into(page, ids.VERBUND_M_HOURS, "10")
    press(page, ids.VERBUND_M_SAVE)
    page.wait_for_text(ids.VERBUND_M_MESSAGE, "Mitglied Zaberfeld gespeichert")
    page.wait_for_text(ids.VERBUND_AGREEMENT, "Zaberfeld: mind. 10,0 Std./Woche")

    page.wait_until(lambda d: page.driver.execute_script(
        f"return document.getElementById('{ids.VERBUND_B_MEMBER}') !== null"), message="kein Buchungsformular")
    choose(page, ids.VERBUND_B_MEMBER, "Zaberfeld")
    choose(page, ids.VERBUND_B_QUARTER, "Q3/2026")
    type_into(page, ids.VERBUND_B_HOURS, "viel")
    press(page, ids.VERBUND_B_SAVE)
    page.wait_for_text(ids.VERBUND_B_MESSAGE, "„viel“ ist keine Zahl")
    type_into(page, ids.VERBUND_B_HOURS, "120")
    type_into(page, ids.VERBUND_B_UNFUNDED, "10")
    type_into(page, ids.VERBUND_B_CASES, "11")
    type_into(page, ids.VERBUND_B_CASES_UNFUNDED, "3")
    press(page, ids.VERBUND_B_SAVE)
    page.wait_for_text(ids.VERBUND_B_MESSAGE, "Gebucht: Zaberfeld, Q3/2026")
    page.wait_for_text(ids.VERBUND_HOURS_TABLE, "▼ unter Mindeststunden: 10,0 Std. fehlen")
    page.settle()
    for width, height in ((1920, 1080), (1280, 720)):
        page.viewport(width, height)
        form = page.driver.find_element("id", ids.VERBUND_FORMS)
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", form)
        page.settle()
        no_sideways_scroll(page)
        page.screenshot(f"verbund-formulare-{width}")
    page.viewport(1920, 1080)

    press(page, ids.VERBUND_CREATE_SUBMIT)
    page.wait_for_text(ids.VERBUND_ACTION_MESSAGE, f"1 Rechnung(en) entworfen: {NEW_INVOICE}")
    page.wait_until(lambda d: "entworfen" in invoice_row(page, NEW_INVOICE), message="kein Entwurf in der Liste")
    for label, state in (("➤ gestellt", "gestellt"), ("✔ bezahlt", "bezahlt")):
        choose(page, ids.VERBUND_INVOICE, NEW_INVOICE)
        choose(page, ids.VERBUND_STATUS, label)
        press(page, ids.VERBUND_STATUS_SUBMIT)
        page.wait_for_text(ids.VERBUND_ACTION_MESSAGE, state)
        page.wait_until(lambda d, s=state: s in invoice_row(page, NEW_INVOICE), message=f"Rechnung nicht {state}")
    row = invoice_row(page, NEW_INVOICE)
    assert "120,0 ▼" in row and "5.809,10 €" in row, row
    assert page.axe_violations() == [], "axe-core findet Verstöße auf der Verbund-Seite mit den Formularen"
    assert page.severe_console_errors() == []

    text = invoice_text(verbund_server, NEW_INVOICE, "verbund-neue-rechnung")
    for figure in ("Rechnung Nr.", NEW_INVOICE, "Gemeinde Zaberfeld", "120,0 Std.", "4.881,60 €", "927,50 €",
                   "5.809,10 €", "10,0 Std. fehlen", "406,80 €", "✔ bezahlt am", "Seite 1 von 1"):
        assert figure in text, figure
