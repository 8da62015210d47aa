"""A member of the Steuerungsgremium builds a scenario in Chromium, saves it, builds a second one,
compares both side by side and reopens the first by its permalink. Screenshots at 1920×1080 and
1280×800.

The page writes (saved scenarios), so this module serves its own app on its own fresh demo database.
"""

import pytest

from layouts import ids
from tests.browser.pages import BrowserPage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def scen_server(own_demo_server):
    _url, server = own_demo_server("scenarios")
    with server as base_url:
        yield base_url


@pytest.fixture
def scen_page(chrome, scen_server):
    page = BrowserPage(chrome, scen_server)
    yield page
    page.viewport(1920, 1080)


def select(page, element_id: str, text: str) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    WebDriverWait(page.driver, 20).until(
        lambda d: text in [o.text for o in Select(d.find_element("id", element_id)).options])
    Select(page.driver.find_element("id", element_id)).select_by_visible_text(text)


def type_into(page, element_id: str, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field = page.driver.find_element("id", element_id)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", field)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)


def caritas_row(page) -> str:
    return next(r.text for r in page.driver.find_elements("css selector", "#scen-teams tbody tr")
                if r.text.startswith("Caritas"))


def test_build_save_compare_reopen(scen_page):
    page = scen_page
    page.open("/szenarien")
    page.wait_for_text(ids.SCEN_SUMMARY, "Ohne Änderungen liegt", timeout=30)  # the baseline speaks as such
    page.wait_for_text(ids.SCEN_HEADER, "Neues Szenario")
    assert "Annahmen je Team" in page.text_of(ids.SCEN_ASSUMPTIONS)
    page.wait_for_text(ids.SCEN_BACKTEST, "Fehler 3 Monate", timeout=60)
    assert "Caritas" in page.text_of("scen-teams")
    page.screenshot("scenarios-1920-start")

    # build: 0,4 VZÄ from the city's team to Caritas
    select(page, ids.SCEN_MOVE_FROM, "Stadt")
    select(page, ids.SCEN_MOVE_TO, "Caritas")
    type_into(page, ids.SCEN_MOVE_FTE, "0,4")
    page.click(ids.SCEN_MOVE_ADD)
    page.wait_for_text(ids.SCEN_CHANGE_LIST, "0,4 VZÄ von Stadt zu Caritas")
    page.wait_for_text("scen-teams", "1,4")
    assert " 1,4 " in f" {caritas_row(page)} "

    # a wrong entry gets a German message naming the field
    select(page, ids.SCEN_MOVE_FROM, "Caritas")
    select(page, ids.SCEN_MOVE_TO, "AWO")
    type_into(page, ids.SCEN_MOVE_FTE, "9")
    page.click(ids.SCEN_MOVE_ADD)
    page.wait_for_text(ids.SCEN_FORM_MESSAGE, "VZÄ: Caritas hat am 22.11.2026 nur 1,4 VZÄ")

    # save it
    type_into(page, ids.SCEN_NAME, "Caritas +0,4")
    page.click(ids.SCEN_SAVE)
    page.wait_for_text(ids.SCEN_SAVE_MESSAGE, "Gespeichert als „Caritas +0,4“")
    page.wait_for_text(ids.SCEN_HEADER, "Gespeichertes Szenario „Caritas +0,4“")
    assert "?id=1" in page.driver.current_url
    page.screenshot("scenarios-1920-saved")

    # a second scenario: Böckingen-Kreuzgrund goes to the city's team; a district whose count is
    # hidden cannot be chosen (moving it would reveal the count)
    page.click(ids.SCEN_NEW)
    page.wait_for_text(ids.SCEN_HEADER, "Neues Szenario")
    page.driver.find_element("css selector", f"#{ids.SCEN_TABS} .nav-link:nth-child(1)")  # tabs are there
    page.driver.find_element("link text", "Gebiete").click()
    hidden = [o for o in page.driver.find_elements("css selector", f"#{ids.SCEN_DISTRICT} option")
              if o.text.startswith("Frankenbach")]
    assert hidden and not hidden[0].is_enabled() and "nicht einzeln verschiebbar" in hidden[0].text
    select(page, ids.SCEN_DISTRICT, "Böckingen-Kreuzgrund (Sozialraum 3; jetzt Caritas)")
    select(page, ids.SCEN_DISTRICT_TEAM, "Stadt")
    page.click(ids.SCEN_DISTRICT_ADD)
    page.wait_for_text(ids.SCEN_CHANGE_LIST, "Böckingen-Kreuzgrund → Stadt")
    type_into(page, ids.SCEN_NAME, "Kreuzgrund zur Stadt")
    page.click(ids.SCEN_SAVE)
    page.wait_for_text(ids.SCEN_SAVE_MESSAGE, "Gespeichert als „Kreuzgrund zur Stadt“")

    # compare both
    page.wait_for_text(ids.SCEN_SAVED_LIST, "Kreuzgrund zur Stadt")
    for box in page.driver.find_elements("css selector", f"#{ids.SCEN_COMPARE_SELECT} input"):
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", box)
        box.click()
    page.wait_for_text("scen-comparison-table", "Caritas: Auslastung am Stichtag")
    table = page.text_of("scen-comparison-table")
    assert "Caritas +0,4" in table and "Kreuzgrund zur Stadt" in table
    assert "0,4 VZÄ von Stadt zu Caritas" in table
    page.driver.execute_script("document.getElementById('scen-comparison-table').scrollIntoView();")
    page.screenshot("scenarios-1920-compare")

    # reopen the first by its permalink
    page.open("/szenarien?id=1")
    page.wait_for_text(ids.SCEN_HEADER, "Gespeichertes Szenario „Caritas +0,4“", timeout=30)
    page.wait_for_text(ids.SCEN_CHANGE_LIST, "0,4 VZÄ von Stadt zu Caritas")
    page.wait_for_text("scen-teams", "1,4")
    assert page.driver.find_element("id", ids.SCEN_NAME).get_attribute("value") == "Caritas +0,4"
    page.viewport(1280, 800)
    page.driver.execute_script("window.scrollTo(0, 0);")
    page.screenshot("scenarios-1280-reopened")


def test_proposal_can_be_taken_into_the_scenario(scen_page):
    page = scen_page
    page.open("/szenarien")
    page.wait_for_text(ids.SCEN_HEADER, "Neues Szenario", timeout=30)
    page.driver.find_element("link text", "Gebiete").click()
    page.click(ids.SCEN_PROPOSE)
    page.wait_for_text(ids.SCEN_PROPOSAL_RESULT, "Vorschlag:", timeout=40)
    page.screenshot("scenarios-1920-proposal")
    page.click(ids.SCEN_PROPOSAL_ACCEPT)
    page.wait_for_text(ids.SCEN_FORM_MESSAGE, "Vorschlag übernommen")
    page.wait_for_text(ids.SCEN_CHANGE_LIST, "→")


def test_slider_recomputes_live_and_the_axes_stay(scen_page):
    from selenium.webdriver.common.keys import Keys

    page = scen_page
    page.open("/szenarien")
    page.wait_for_text(ids.SCEN_SUMMARY, "Ohne Änderungen", timeout=30)
    axis = page.driver.execute_script(
        f"return document.getElementById('{ids.SCEN_CHART}').querySelector('.js-plotly-plot').layout.yaxis.range")
    handle = page.driver.find_element("css selector", f"#{ids.SCEN_RATIO} [role=slider]")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", handle)
    handle.click()
    for _ in range(30):  # 1:90 → 1:120
        handle.send_keys(Keys.ARROW_RIGHT)
    page.wait_for_text(ids.SCEN_CHANGE_LIST, "Noch keine Listenänderungen")
    page.wait_for_text("scen-teams", "▼")  # every team's utilisation falls against the baseline
    page.wait_for_text(ids.SCEN_CHART, "1:120 = 100 %")
    assert page.driver.execute_script(
        f"return document.getElementById('{ids.SCEN_CHART}').querySelector('.js-plotly-plot').layout.yaxis.range"
    ) == axis
    page.screenshot("scenarios-1920-slider")
