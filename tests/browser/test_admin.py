"""The city's admin opens "Verwaltung" in Chromium: sees the users and the log, adds a person (first
with a too short password, refused in German), and filters the log to that change."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from layouts import ids

pytestmark = pytest.mark.browser


def inner_text(page, element_id: str) -> str:
    return page.driver.execute_script("return document.getElementById(arguments[0]).innerText", element_id)


def log_rows(page) -> list[str]:
    """The texts of the log table's rows, read in one go (a re-render cannot leave a stale node)."""
    return page.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.ADMIN_AUDIT_TABLE} tbody tr')].map(r => r.innerText)")


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
    assert "Steuerungsgremium" in inner_text(page, ids.ADMIN_USERS_TABLE)

    Select(page.driver.find_element(By.ID, ids.ADMIN_AUDIT_ACTION)).select_by_visible_text("Benutzer angelegt")
    # the unfiltered log already holds "user:k.neu": wait for the filtered one, read in one go (no stale node)
    page.eventually(lambda: "user:k.neu" in (shown := inner_text(page, ids.ADMIN_AUDIT_TABLE))
                    and "Anmeldung" not in shown)
    log = inner_text(page, ids.ADMIN_AUDIT_TABLE)
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
    page.eventually(lambda: len(rows := log_rows(page)) == 50 and "probe#119" in rows[0])
    rows = log_rows(page)
    assert len(rows) == 50 and "probe#119" in rows[0]
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
    # the table is drawn anew after the count above: read the rows once it shows page 2 (no stale nodes)
    page.eventually(lambda: len(rows := log_rows(page)) == 50 and "probe#69" in rows[0])
    rows = log_rows(page)
    assert len(rows) == 50 and "probe#69" in rows[0]
    page.screenshot("admin-log-page-2")
    assert page.severe_console_errors() == []
