"""The city's admin opens "Verwaltung" in Chromium: sees the users and the log, adds a person (first
with a too short password, refused in German), and filters the log to that change."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from layouts import ids

pytestmark = pytest.mark.browser


def test_admin_adds_a_user_and_finds_it_in_the_log(page):
    page.open("/verwaltung")
    page.wait_for_text(ids.ADMIN_USERS_TABLE, "browser-admin")
    page.wait_for_text(ids.ADMIN_AUDIT_TABLE, "Anmeldung")
    page.screenshot("admin-1920x1080")

    page.driver.find_element(By.ID, ids.ADMIN_NEW_NAME).send_keys("k.neu")
    Select(page.driver.find_element(By.ID, ids.ADMIN_NEW_ROLE)).select_by_visible_text("Steuerungsgremium")
    page.driver.find_element(By.ID, ids.ADMIN_NEW_PASSWORD).send_keys("zu-kurz")
    page.click(ids.ADMIN_NEW_SUBMIT)
    page.wait_for_text(ids.ADMIN_NEW_RESULT, "Passwort abgelehnt")
    password = page.driver.find_element(By.ID, ids.ADMIN_NEW_PASSWORD)
    assert "is-invalid" in password.get_attribute("class")
    password.clear()
    password.send_keys("ein-gutes-langes-passwort-9")
    page.click(ids.ADMIN_NEW_SUBMIT)
    page.wait_for_text(ids.ADMIN_NEW_RESULT, "Benutzer „k.neu“ angelegt.")
    page.wait_for_text(ids.ADMIN_USERS_TABLE, "k.neu")
    assert "Steuerungsgremium" in page.text_of(ids.ADMIN_USERS_TABLE)

    Select(page.driver.find_element(By.ID, ids.ADMIN_AUDIT_ACTION)).select_by_visible_text("Benutzer angelegt")
    page.wait_for_text(ids.ADMIN_AUDIT_TABLE, "user:k.neu")
    log = page.text_of(ids.ADMIN_AUDIT_TABLE)
    assert "Benutzer angelegt" in log and "Anmeldung" not in log
    assert page.driver.current_url.endswith("/verwaltung?aktion=user_added")
    page.viewport(1280, 800)
    page.screenshot("admin-1280x800")
    assert page.driver.execute_script("return document.documentElement.scrollWidth") <= 1280
    assert page.severe_console_errors() == []


def test_admin_pages_through_a_long_log(page, browser_db_url):
    """The browser holds one page of 50 rows; "Ältere ›" fetches the next one, puts it in the URL and keeps
    the reader's place on the page."""
    import datetime as dt

    from sqlalchemy import insert

    from data.db import make_engine
    from data.schema import AuditEvent

    engine = make_engine(browser_db_url)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:  # appending to the log changes nothing the other pages show
        conn.execute(insert(AuditEvent), [{"at": start + dt.timedelta(minutes=i), "actor": "blaettern",
                                           "action": "probe", "target": f"probe#{i}"} for i in range(120)])
    engine.dispose()

    page.open("/verwaltung?benutzer=blaettern")
    page.wait_for_text(ids.ADMIN_AUDIT, "Einträge 1–50 von 120")
    rows = page.driver.find_elements(By.CSS_SELECTOR, f"#{ids.ADMIN_AUDIT_TABLE} tbody tr")
    assert len(rows) == 50 and "probe#119" in rows[0].text
    pager = page.driver.find_element(By.ID, ids.ADMIN_AUDIT_PAGER)
    assert pager.get_attribute("aria-label") == "Seiten des Protokolls"
    assert "Seite 1 von 3" in pager.text
    older = pager.find_element(By.XPATH, ".//button[normalize-space()='Ältere ›']")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", older)
    scrolled = page.driver.execute_script("return window.scrollY")
    older.click()
    page.wait_for_text(ids.ADMIN_AUDIT, "Einträge 51–100 von 120")
    assert page.driver.current_url.endswith("/verwaltung?benutzer=blaettern&seite=2")
    assert page.driver.execute_script("return window.scrollY") > scrolled / 2  # still at the log, not at the top
    rows = page.driver.find_elements(By.CSS_SELECTOR, f"#{ids.ADMIN_AUDIT_TABLE} tbody tr")
    assert len(rows) == 50 and "probe#69" in rows[0].text
    page.screenshot("admin-log-page-2")
    assert page.severe_console_errors() == []
