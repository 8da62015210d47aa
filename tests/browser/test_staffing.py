"""A person opens "Personal (VZÄ)" in Chromium: the Stellenplan of the concept, its two
contradictions, and an edit of a filled VZÄ that makes a vacancy appear.

The page writes, so it gets its own live server with its own fresh demo database (the shared
`live_server` stays read-only for the other browser tests).
"""

from __future__ import annotations

import pytest

from layouts import ids
from tests.browser.pages import BrowserPage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def staffing_server(own_demo_server):
    _, server = own_demo_server("staffing")
    with server as base_url:
        yield base_url


@pytest.fixture
def spage(chrome, staffing_server):
    page = BrowserPage(chrome, staffing_server)
    yield page
    page.viewport(1920, 1080)




def full_page_screenshot(page: BrowserPage, name: str, width: int) -> None:
    """The whole page at `width` (for review of everything below the fold)."""
    height = page.driver.execute_script("return document.documentElement.scrollHeight")
    page.viewport(width, height)
    page.settle()
    page.screenshot(name)


def row_text(page: BrowserPage, position_label: str) -> str:
    """The text of the Stellenplan row that starts with `position_label` (one snapshot, no stale nodes)."""
    rows = page.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.STAFFING_PLAN_TABLE} tbody tr')]"
        ".map(r => r.innerText.replace(/\\s+/g, ' ').trim())")
    return next(r for r in rows if r.startswith(position_label))


def test_page_shows_the_stellenplan_and_the_contradictions(spage):
    spage.open("/personal")
    spage.wait_for_text(ids.STAFFING_PLAN_TABLE, "Summe Stadt")
    plan = spage.text_of(ids.STAFFING_PLAN_TABLE)
    for line in ("AWO Integrationsmanagement", "Caritas kirchliche Ehrenamtskoordination (CaDiFa)",
                 "Diakonie kirchliche Ehrenamtskoordination (KiDiFlü)", "Stadt Integrationsmanagement"):
        assert line in plan
    assert "bis zu 0,4 0,3 ▼ 0,1 offen 31.12.2027" in plan
    assert "bis zu 0,2 0,2 ✔ besetzt 31.12.2026" in plan
    assert "Gesamt (alle Träger) bis zu 5,8 5,7 ▼ 0,1 offen" in plan
    checks = spage.text_of(ids.STAFFING_CHECKS_TABLE)
    conflicts = [line for line in checks.splitlines() if "Widerspruch" in line]
    assert len(conflicts) == 2, checks
    assert "Diakonie insgesamt 0,4 VZÄ" in checks and "1,5 VZÄ" in checks
    assert checks.count("✔ stimmig") == 6
    assert spage.text_of(ids.STAFFING_KPI_CONFLICTS) == "2"
    assert "KiDiFlü" in spage.text_of(ids.STAFFING_FUNDING_WARNINGS)
    spage.text_of(ids.STAFFING_FUNDING_CHART)
    assert spage.driver.current_url.endswith("/personal?stichtag=2026-11-22")
    spage.settle()
    spage.screenshot("staffing-1920x1080")
    errors = spage.severe_console_errors()
    assert errors == [], "\n".join(errors)
    full_page_screenshot(spage, "staffing-full-1920", 1920)


def test_edit_filled_fte_makes_the_vacancy_appear(spage):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    spage.open("/personal")
    spage.wait_for_text(ids.STAFFING_PLAN_TABLE, "Summe Stadt")
    assert "✔ besetzt" in row_text(spage, "AWO Ehrenamtskoordination")
    select = Select(spage.driver.find_element(By.ID, ids.STAFFING_EDIT_POSITION))
    select.select_by_visible_text("AWO · Ehrenamtskoordination · Stadt · 0,4 VZÄ")
    filled = spage.driver.find_element(By.ID, ids.STAFFING_EDIT_FILLED)
    spage.eventually(lambda: filled.get_attribute("value") == "0,4", 10)
    assert filled.get_attribute("value") == "0,4"

    # a wrong number is refused with a German message that names the field
    filled.send_keys(Keys.CONTROL, "a")
    filled.send_keys("0,4,")
    spage.click(ids.STAFFING_EDIT_SAVE)
    spage.wait_for_text(ids.STAFFING_EDIT_RESULT, "Nicht gespeichert")
    assert "VZÄ besetzt" in spage.text_of(ids.STAFFING_EDIT_RESULT)

    filled.send_keys(Keys.CONTROL, "a")
    filled.send_keys("0,2")
    spage.click(ids.STAFFING_EDIT_SAVE)
    spage.wait_for_text(ids.STAFFING_EDIT_RESULT, "Gespeichert")
    spage.eventually(lambda: "▼ 0,2 offen" in row_text(spage, "AWO Ehrenamtskoordination"), 15)
    assert "0,4 0,2 ▼ 0,2 offen" in row_text(spage, "AWO Ehrenamtskoordination")
    spage.wait_for_text(ids.STAFFING_KPI_VACANT, "0,3")
    spage.screenshot("staffing-after-edit-1920x1080")
    errors = spage.severe_console_errors()
    assert errors == [], "\n".join(errors)


def test_laptop_size_has_no_horizontal_scrolling(spage):
    spage.viewport(1280, 800)
    spage.open("/personal")
    spage.wait_for_text(ids.STAFFING_PLAN_TABLE, "Summe Stadt")
    spage.text_of(ids.STAFFING_COSTS_TABLE)
    spage.settle()
    overflow = spage.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    spage.screenshot("staffing-1280x800")
    assert overflow <= 0
    tables = spage.driver.execute_script(
        "return [...document.querySelectorAll('.table-responsive')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.firstElementChild.id)")
    assert tables == [], f"Tabellen mit waagerechtem Scrollen bei 1280 px: {tables}"
    full_page_screenshot(spage, "staffing-full-1280", 1280)
