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
