"""A person imports a messy Excel CSV in Chromium: uploads it through the file input, sees the preview
(3 new rows, no problems), clicks "Übernehmen" and sees the result; a bad file names its row.

The page writes, so it gets its own server with a fresh demo database.
"""

from __future__ import annotations

import pytest

from layouts import ids
from tests.browser.pages import BrowserPage
from tests.helpers import EXCEL_CSV

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def import_server(own_demo_server):
    _, server = own_demo_server("import")
    with server as base_url:
        yield base_url


@pytest.fixture
def ipage(chrome, import_server):
    page = BrowserPage(chrome, import_server)
    yield page
    page.viewport(1920, 1080)


def _upload(page: BrowserPage, path) -> None:
    from selenium.webdriver.common.by import By

    page.driver.find_element(By.CSS_SELECTOR, f"#{ids.IMPORT_UPLOAD} input[type=file]").send_keys(str(path))


def test_upload_preview_apply(ipage, tmp_path):
    good = tmp_path / "faelle-aus-excel.csv"
    good.write_bytes(EXCEL_CSV.encode("utf-8"))
    bad = tmp_path / "faelle-fehler.csv"
    bad.write_bytes(EXCEL_CSV.replace("15.10.2025", "31.13.2025").encode("utf-8"))

    ipage.open("/import")
    ipage.wait_for_text(ids.IMPORT_UPLOAD, "auswählen")
    _upload(ipage, bad)
    ipage.wait_for_text(ids.IMPORT_PROBLEMS, "Zeile 3")
    assert "Wert „31.13.2025“" in ipage.text_of(ids.IMPORT_PROBLEMS)
    assert not ipage.driver.find_element("id", ids.IMPORT_APPLY).is_enabled()
    ipage.screenshot("import-fehler-1920x1080")

    ipage.open("/import")
    ipage.wait_for_text(ids.IMPORT_UPLOAD, "auswählen")
    _upload(ipage, good)
    ipage.wait_for_text(ids.IMPORT_PREVIEW, "Vorschau (noch nichts geschrieben)")
    assert ipage.text_of(f"{ids.IMPORT_PREVIEW_COUNTS}-new") == "3"
    assert ipage.text_of(f"{ids.IMPORT_PREVIEW_COUNTS}-rejected") == "0"
    assert "IMP-0002" in ipage.text_of(ids.IMPORT_PREVIEW_TABLE)
    ipage.screenshot("import-vorschau-1920x1080")
    ipage.viewport(1280, 800)
    ipage.driver.execute_script(f"document.getElementById('{ids.IMPORT_PREVIEW}').scrollIntoView({{block: 'start', behavior: 'instant'}});")
    ipage.screenshot("import-vorschau-1280x800")
    ipage.viewport(1920, 1080)
    ipage.click(ids.IMPORT_APPLY)
    ipage.wait_for_text(ids.IMPORT_RESULT, "importiert")
    assert "3 neu" in ipage.text_of(ids.IMPORT_RESULT)
    ipage.screenshot("import-uebernommen-1920x1080")
    assert ipage.severe_console_errors() == []
