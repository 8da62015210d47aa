"""A person opens "Ehrenamt" in Chromium: the coverage matrix of the nine topics across the three
Sozialräume with its gaps, the project list and charts; then adds a project through the form (first
with a wrong count, which is refused in German) and sees the gap close.

The page writes, so it gets its own server with a fresh demo database.
"""

from __future__ import annotations

import pytest

from layouts import ids
from tests.browser.pages import BrowserPage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def volunteering_server(own_demo_server):
    _, server = own_demo_server("volunteering")
    with server as base_url:
        yield base_url


@pytest.fixture
def vpage(chrome, volunteering_server):
    page = BrowserPage(chrome, volunteering_server)
    yield page
    page.viewport(1920, 1080)


def gap_count(page: BrowserPage) -> int:
    return page.driver.execute_script(
        f"return document.querySelectorAll('#{ids.VOLUNTEERING_COVERAGE_TABLE} td.coverage-gap').length")


def matrix_row(page: BrowserPage, topic: str) -> str:
    rows = page.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.VOLUNTEERING_COVERAGE_TABLE} tbody tr')]"
        ".map(r => r.innerText.replace(/\\s+/g, ' ').trim())")
    return next(r for r in rows if r.startswith(topic))


def test_matrix_projects_and_charts_at_projector_size(vpage):
    vpage.open("/ehrenamt")
    vpage.wait_for_text(ids.VOLUNTEERING_COVERAGE_TABLE, "Fahrradwerkstatt")
    assert vpage.text_of(ids.VOLUNTEERING_KPI_PROJECTS) == "19"
    assert vpage.text_of(ids.VOLUNTEERING_KPI_VOLUNTEERS) == "150"
    assert vpage.text_of(ids.VOLUNTEERING_KPI_TOPICS) == "9 von 9"
    assert vpage.text_of(ids.VOLUNTEERING_KPI_GAPS) == "9 von 27"
    assert gap_count(vpage) == 9
    assert matrix_row(vpage, "Fahrradwerkstatt") == "Fahrradwerkstatt ✖ Lücke ✖ Lücke 1 Projekt 8 Ehrenamtliche 1 8 EA"
    header = vpage.text_of(ids.VOLUNTEERING_COVERAGE_TABLE).splitlines()[:8]
    assert "Sozialraum 1" in header and "AWO" in header
    assert "Treffpunkt Deutsch" in vpage.text_of(ids.VOLUNTEERING_PROJECTS_TABLE)
    vpage.text_of(ids.VOLUNTEERING_AGES_CHART)
    vpage.text_of(ids.VOLUNTEERING_HISTORY_CHART)
    assert vpage.driver.current_url.endswith("/ehrenamt?stichtag=2026-11-22")
    vpage.settle()
    vpage.screenshot("volunteering-1920x1080")
    assert vpage.severe_console_errors() == []


def test_adding_a_project_closes_a_gap(vpage):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    vpage.open("/ehrenamt")
    vpage.wait_for_text(ids.VOLUNTEERING_COVERAGE_TABLE, "Fahrradwerkstatt")
    assert "✖ Lücke" in matrix_row(vpage, "Wohnraumvermittlung")
    Select(vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_PROJECT)).select_by_visible_text(
        "Neues Projekt anlegen …")
    name = vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_NAME)
    vpage.eventually(lambda: vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_FROM).get_attribute("value")
                     == "22.11.2026", 10)
    name.send_keys("Wohnungspaten Nordstadt")
    Select(vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_TOPIC)).select_by_visible_text("Wohnraumvermittlung")
    Select(vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_PROVIDER)).select_by_visible_text("AWO")
    Select(vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_DISTRICT)).select_by_visible_text(
        "Kernstadt-Ost (Sozialraum 1)")
    band = vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_BAND_30_49)
    band.send_keys("drei")
    vpage.click(ids.VOLUNTEERING_EDIT_SAVE)
    vpage.wait_for_text(ids.VOLUNTEERING_EDIT_RESULT, "Nicht gespeichert")
    assert "„drei“ ist keine ganze Zahl" in vpage.text_of(ids.VOLUNTEERING_EDIT_RESULT)
    assert "is-invalid" in band.get_attribute("class")
    assert gap_count(vpage) == 9

    band.send_keys(Keys.CONTROL, "a")
    band.send_keys("3")
    vpage.driver.find_element(By.ID, ids.VOLUNTEERING_EDIT_BAND_65_PLUS).send_keys("2")
    vpage.click(ids.VOLUNTEERING_EDIT_SAVE)
    vpage.wait_for_text(ids.VOLUNTEERING_EDIT_RESULT, "angelegt")
    assert "„Wohnungspaten Nordstadt“ angelegt (5 Ehrenamtliche)" in vpage.text_of(ids.VOLUNTEERING_EDIT_RESULT)
    vpage.wait_for_text(ids.VOLUNTEERING_KPI_GAPS, "8 von 27", timeout=15)
    assert matrix_row(vpage, "Wohnraumvermittlung").startswith("Wohnraumvermittlung 1 Projekt 5 Ehrenamtliche")
    assert vpage.text_of(ids.VOLUNTEERING_KPI_VOLUNTEERS) == "155"
    vpage.screenshot("volunteering-after-edit-1920x1080")
    assert vpage.severe_console_errors() == []


def test_laptop_size_has_no_horizontal_scrolling(vpage):
    vpage.viewport(1280, 800)
    vpage.open("/ehrenamt")
    vpage.wait_for_text(ids.VOLUNTEERING_COVERAGE_TABLE, "Fahrradwerkstatt")
    vpage.text_of(ids.VOLUNTEERING_PROJECTS_TABLE)
    vpage.settle()
    vpage.screenshot("volunteering-1280x800")
    overflow = vpage.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    tables = vpage.driver.execute_script(
        "return [...document.querySelectorAll('.table-responsive')]"
        ".map(e => [e.firstElementChild.id, e.scrollWidth, e.clientWidth])"
        ".filter(t => t[1] > t[2] + 1)")
    assert tables == [], f"Tabellen mit waagerechtem Scrollen bei 1280 px: {tables}"
    height = vpage.driver.execute_script("return document.documentElement.scrollHeight")
    vpage.viewport(1280, height)
    vpage.settle()
    vpage.screenshot("volunteering-full-1280")
