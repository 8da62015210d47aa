"""A person opens "Berichte" in Chromium and has the annual report made."""

from __future__ import annotations

import pytest

from layouts import ids

pytestmark = pytest.mark.browser


def test_annual_report_is_made_from_the_page(page):
    page.open("/berichte")
    page.wait_for_text(ids.REPORTS_YEAR, "2026")
    page.click(ids.REPORTS_ANNUAL_SUBMIT)
    page.wait_for_text(ids.REPORTS_MESSAGE, "jahresbericht-2026.pdf erstellt", timeout=60)
    page.screenshot("reports-1920x1080")
    page.viewport(1280, 800)
    page.screenshot("reports-1280x800")
    assert page.driver.execute_script("return document.documentElement.scrollWidth") <= 1280
    assert page.severe_console_errors() == []
