"""Presentation mode on every page of the registry, at a beamer's 1280×720 and at 1920×1080: every slide fits
the screen without scrolling, type and lines are sized for the back of the room (computed styles), the
keyboard (a presenter's clicker sends PageUp/PageDown) steps through the slides and Esc leaves.
Screenshots of every slide land in artifacts/screenshots/presentation-<page>-<size>-<slide>.png."""

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.pages import PAGES
from layouts import ids
from layouts.presentation import STYLE
from tests.browser.pages import Presentation

pytestmark = pytest.mark.browser

CHART_SIZES = ("return [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd._fullLayout)"
               ".map(gd => [gd.closest('.dash-graph').id, gd._fullLayout.height, gd._fullLayout.font.size])")

SIZES = [(1280, 720), (1920, 1080)]
# forward keys in turn: PageDown (the clicker), arrow right, arrow down, space
FORWARD = [Keys.PAGE_DOWN, Keys.ARROW_RIGHT, Keys.ARROW_DOWN, Keys.SPACE]


def check_slide(state: dict, where: str) -> None:
    assert state["scroll_height"] <= state["inner_height"], f"{where}: die Folie scrollt ({state})"
    assert state["scroll_width"] <= state["inner_width"], f"{where}: die Folie ist zu breit ({state})"
    assert state["kpi_clipped"] == [], f"{where}: Kennzahlen passen nicht in ihre Karte: {state['kpi_clipped']}"
    assert state["blocks"] and all(b["height"] > 40 and (b["text"] or b["charts"]) for b in state["blocks"]), \
        f"{where}: leere Folie ({state['blocks']})"
    for key, minimum in (("kpi", STYLE.kpi), ("table", STYLE.table), ("chart_text", STYLE.chart_tick),
                         ("lines", STYLE.line)):
        assert state[key] is None or state[key] >= minimum - 0.01, f"{where}: {key} {state[key]} < {minimum}"
    assert not state["nav_shown"], f"{where}: die Navigation ist sichtbar"
    assert state["controls_shown"] == [], f"{where}: Formular-Elemente sichtbar: {state['controls_shown']}"
    assert all(m.startswith("+ ") and " weitere " in m for m in state["more"]), state["more"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("registered", PAGES, ids=lambda p: p.name)
def test_every_page_presents_as_slides_that_fit_the_screen(page, registered, size):
    show = Presentation(page)
    page.viewport(*size)
    page.open(registered.path)
    # the page's own content first (its first slide's card), so that its charts are there to compare after Esc
    # (Import shows no declared card before a file is checked: then only the settled page)
    first_ids = registered.presentation.slides[0].shows
    page.eventually(lambda: page.driver.execute_script(
        "return arguments[0].some(id => document.getElementById(id)) && [...document.querySelectorAll('.dash-graph')]"
        ".every(g => (g.querySelector('.js-plotly-plot') || {})._fullLayout)", list(first_ids)), timeout=8)
    page.settle()
    charts_before = page.driver.execute_script(CHART_SIZES)
    page.click(ids.PRESENT_BUTTON)
    page.wait_url("praesentation=1")
    first = show.wait_slide(1)
    total = int(first["counter"].split(" ")[-1])
    assert first["counter"] == f"Folie 1 von {total}" and total >= 1
    assert first["title"].startswith(registered.title)
    for number in range(1, total + 1):
        state = show.wait_slide(number)
        where = f"{registered.name} {size[0]}×{size[1]} Folie {number}"
        check_slide(state, where)
        page.screenshot(f"presentation-{registered.name}-{size[0]}x{size[1]}-{number}")
        if number < total:
            show.press(FORWARD[number % len(FORWARD)])
    assert "praesentation=1" in page.driver.current_url, "die Adresse (Permalink) behält den Präsentationsmodus"
    if total > 1:
        show.press(Keys.PAGE_UP)
        back = show.wait_slide(total - 1)
        assert back["counter"] == f"Folie {total - 1} von {total}"
        assert f"folie={back['ready']}" in page.driver.current_url, "die Adresse nennt die gezeigte Folie"
    show.press(Keys.ESCAPE)
    page.wait_until(lambda _d: not show.state()["presenting"], message="Esc beendet die Präsentation nicht")
    assert "praesentation" not in page.driver.current_url and show.state()["nav_shown"]
    assert page.eventually(lambda: page.driver.execute_script(CHART_SIZES) == charts_before), \
        f"nach Esc: Diagramme {page.driver.execute_script(CHART_SIZES)}, vorher {charts_before}"
    assert page.severe_console_errors() == []


def test_the_address_opens_a_given_slide_and_keeps_the_page_state(page):
    """A permalink with `folie=` (as a meeting sequence will use it) opens that slide of that page state."""
    show = Presentation(page)
    page.viewport(1280, 720)
    page.open("/fallzahlen?stichtag=2026-10-31&praesentation=1&folie=foerderdauer")
    declared = [s.id for s in next(p for p in PAGES if p.name == "caseload").presentation.slides]
    state = show.wait_slide("foerderdauer")
    assert "Förderdauer endet" in state["title"] and state["counter"] != "Folie 1 von 1"
    assert "Stichtag 31.10.2026" in page.driver.find_element("id", ids.PRESENT_PERIOD).text
    assert "stichtag=2026-10-31" in page.driver.current_url and "praesentation=1" in page.driver.current_url
    show.press(Keys.END)
    assert show.wait_slide(declared[-1])["counter"].split(" ")[1] == state["counter"].split(" ")[-1]
    show.press(Keys.HOME)
    assert show.wait_slide(declared[0])["counter"].startswith("Folie 1 von")
