"""A Sitzung in Chromium at a beamer's 1280×720 (issue 15 part 2, "Done when"): a person puts it together on
"Berichte" (Übersicht: Kennzahlen and Teams, then Fallzahlen: Kennzahlen), saves it, plays it — the keyboard
steps across the two pages and back — and the KPI figures on the screen are those of its Sitzungsunterlage.
Screenshots: artifacts/screenshots/meeting-*.png."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.pages import PAGES
from dashboard.pdf.meeting import meeting_file
from data import meetings as meeting_data
from data.db import make_engine, make_session_factory, read_session
from layouts import ids
from tests.browser.pages import BrowserPage, Presentation
from tests.helpers import make_settings, pdf_text_pages

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"
PICKED = ["/#kennzahlen", "/#teams", "/fallzahlen#kennzahlen"]
OVERVIEW_KPIS = (ids.OVERVIEW_KPI_CASES, ids.OVERVIEW_KPI_CAPACITY, ids.OVERVIEW_KPI_UTILISATION,
                 ids.OVERVIEW_KPI_FTE_NEEDED)
CASELOAD_KPIS = (ids.CASELOAD_KPI_CASES, ids.CASELOAD_KPI_PLAN)


@pytest.fixture(scope="module")
def meeting_site(own_demo_server):
    url, server = own_demo_server("meeting")
    with server as base_url:
        yield url, base_url


def _counter(page) -> str:
    return page.driver.execute_script("return (document.getElementById('present-counter') || {}).textContent || ''")


def _wait_step(page, show, counter: str, slide: str):
    page.wait_until(lambda _d: _counter(page) == counter and show.state()["ready"] == slide, 30,
                    f"„{counter}“ mit Folie {slide} erscheint nicht (gezeigt: „{_counter(page)}“)")
    page.settle()


def _values(page, value_ids) -> dict[str, str]:
    return {i: page.driver.find_element(By.ID, i).text.strip() for i in value_ids}


def test_a_saved_sitzung_plays_across_pages_and_matches_its_pdf(chrome, meeting_site, tmp_path):
    db_url, base_url = meeting_site
    page = BrowserPage(chrome, base_url)
    show = Presentation(page)
    page.viewport(1280, 720)
    page.open("/berichte")
    page.wait_until(lambda d: d.find_elements(By.CSS_SELECTOR, f'#{ids.MEETING_CHOICES} input[value="/#teams"]'),
                    20, "die Folienliste füllt sich nicht")
    page.driver.find_element(By.ID, ids.MEETING_TITLE).send_keys("Sitzung Dezember")
    for value in PICKED:  # the order of ticking is the order of the Sitzung
        box = page.driver.find_element(By.CSS_SELECTOR, f'#{ids.MEETING_CHOICES} input[value="{value}"]')
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", box)
        box.click()
    page.wait_until(lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#{ids.MEETING_ORDER} li")) == 3, 10,
                    "die Reihenfolge erscheint nicht")
    order = [li.text for li in page.driver.find_elements(By.CSS_SELECTOR, f"#{ids.MEETING_ORDER} li")]
    assert order == ["Übersicht: Kennzahlen", "Übersicht: Teams im Integrationsmanagement",
                     "Fallzahlen & Auslastung: Kennzahlen"]
    page.screenshot("meeting-compose-1280x720")
    page.click(ids.MEETING_SAVE)
    page.wait_for_text(ids.MEETING_MESSAGE, "gespeichert (2 Schritte", timeout=30)
    page.wait_until(lambda d: d.find_elements(By.CSS_SELECTOR, ".meeting-item a.btn"), 20, "keine Sitzung gelistet")
    page.driver.execute_script("document.querySelector('.meeting-list').scrollIntoView({block: 'center'})")
    page.screenshot("meeting-saved-1280x720")
    found = page.axe_violations()
    assert found == [], [(v["id"], [n["html"][:200] for n in v["nodes"]]) for v in found]  # form and saved list
    page.viewport(1920, 1080)
    page.screenshot("meeting-saved-1920x1080")
    page.viewport(1280, 720)

    pdf_button = page.driver.find_element(By.CSS_SELECTOR, ".meeting-item button.btn-outline-secondary")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", pdf_button)
    pdf_button.click()
    iso = dt.date.today().isoformat()  # the form's preset meeting day
    page.wait_for_text(ids.MEETING_MESSAGE, f"sitzungsunterlage-steuerungsgremium-{iso}.pdf erstellt", timeout=60)

    play = page.driver.find_element(By.CSS_SELECTOR, ".meeting-item a.btn")
    assert re.search(r"\?praesentation=1&sitzung=\d+&schritt=1&folie=kennzahlen$", play.get_attribute("href"))
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", play)
    play.click()
    _wait_step(page, show, "Schritt 1 von 2 · Folie 1 von 2", "kennzahlen")
    on_screen = _values(page, OVERVIEW_KPIS)
    assert show.state()["scroll_height"] <= 720
    found = page.axe_violations()
    assert found == [], [(v["id"], [n["html"][:200] for n in v["nodes"]]) for v in found]  # presentation mode
    page.screenshot("meeting-step1-kennzahlen-1280x720")
    page.viewport(1920, 1080)
    page.wait_until(lambda _d: show.state()["inner_width"] == 1920, 10, "die Größe wechselt nicht")
    page.settle()
    assert show.state()["scroll_height"] <= 1080
    page.screenshot("meeting-step1-kennzahlen-1920x1080")
    page.viewport(1280, 720)
    page.settle()

    show.press(Keys.PAGE_DOWN)
    _wait_step(page, show, "Schritt 1 von 2 · Folie 2 von 2", "teams")
    show.press(Keys.PAGE_DOWN)  # past the step's last slide: the next step's page
    page.wait_url("/fallzahlen?")
    _wait_step(page, show, "Schritt 2 von 2 · Folie 1 von 1", "kennzahlen")
    assert "schritt=2" in page.driver.current_url
    caseload_screen = _values(page, CASELOAD_KPIS)
    assert page.driver.find_element(By.ID, "present-next").get_attribute("disabled")  # the Sitzung's end
    page.screenshot("meeting-step2-fallzahlen-1280x720")
    show.press(Keys.ARROW_LEFT)  # back: the previous step at its last slide
    _wait_step(page, show, "Schritt 1 von 2 · Folie 2 von 2", "teams")
    assert "schritt=1" in page.driver.current_url
    assert page.severe_console_errors() == []

    engine = make_engine(db_url)
    with read_session(make_session_factory(engine)) as session:
        (saved,) = meeting_data.listing(session)
        report = meeting_file(session, make_settings(tmp_path, db_url), saved, PAGES)
    engine.dispose()
    text = "\n".join(pdf_text_pages(report.content, "meeting-browser", ARTIFACTS))
    step1, step2 = text[text.index("Schritt 1: "):text.index("Schritt 2: ")], text[text.index("Schritt 2: "):]
    for value_id, value in on_screen.items():
        assert value and value in step1, (value_id, value)
    for value_id, value in caseload_screen.items():
        assert value and re.search(rf"(?<![\d,.]){re.escape(value)}(?![\d,])", step2), (value_id, value)
