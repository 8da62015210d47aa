"""A person opens "Karte" in Chromium: the schematic map of the 25 Planungsbezirke with the norm in
the colour scale; a click on a district fills the side panel and filters the tables below; the
Sozialraum level and the Landkreis by Gemeinden; screenshots at projector and laptop size."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from layouts import ids

pytestmark = pytest.mark.browser

# a point inside the drawn path of one area, not under a label or marker (plotly binds the feature to the path)
CENTRE_OF = """
const path = [...document.querySelectorAll('#%s path.choroplethlocation')]
  .find(p => p.__data__ && (p.__data__.loc === arguments[0] || (p.__data__.properties || {}).name === arguments[0]));
if (!path) return null;
const r = path.getBoundingClientRect();
for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {  // a point where the area itself is on top
  const x = r.left + r.width * i / 12, y = r.top + r.height * j / 12;
  if (document.elementFromPoint(x, y) === path) return [x, y];
}
return [r.left + r.width / 2, r.top + r.height / 2];
""" % ids.MAP_GRAPH


def click_area(page, code: str) -> None:
    centre = page.driver.execute_script(CENTRE_OF, code)
    assert centre is not None, f"keine Fläche {code} in der Karte"
    page.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": centre[0], "y": centre[1]})
    # plotly turns a click into clickData only for what it hovers (hover runs on the next frame)
    WebDriverWait(page.driver, 30).until(lambda d: d.execute_script(
        "const g = document.querySelector('#%s .js-plotly-plot'); return !!(g && g._hoverdata && g._hoverdata.length)"
        % ids.MAP_GRAPH))
    for kind in ("mousePressed", "mouseReleased"):
        page.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": centre[0], "y": centre[1],
                                                                 "button": "left", "clickCount": 1})


def test_click_a_district_updates_the_side_panel_and_tables(page):
    page.open("/karte")
    page.wait_for_text(ids.MAP_PANEL, "Kein Gebiet ausgewählt")
    page.wait_for_text(ids.MAP_GRAPH, "schematische Darstellung – amtliche Grenzen importieren")
    assert "Norm 100 %" in page.text_of(ids.MAP_GRAPH)
    assert "Frankenbach" in page.text_of(ids.MAP_AREA_TABLE)
    page.screenshot("map-1920x1080")
    # Bootstrap scrolls smoothly: jump, so the area's coordinates are final when the mouse moves there
    page.driver.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center', behavior: 'instant'})", ids.MAP_GRAPH)
    click_area(page, "hn-frankenbach")
    page.wait_for_text(ids.MAP_PANEL_TITLE, "Frankenbach")
    panel = page.text_of(ids.MAP_PANEL)
    assert "Sozialraum 2" in panel and "Caritas" in panel and "Ehrenamtsprojekte" in panel
    assert page.text_of(ids.MAP_AREA_TABLE).count("\n") == 1  # header + the one district
    assert "Internationales Frauenfrühstück" in page.text_of(ids.MAP_PROJECT_TABLE)
    assert "auswahl=hn-frankenbach" in page.driver.current_url
    page.screenshot("map-selected-1920x1080")
    page.click(ids.MAP_CLEAR)
    page.wait_for_text(ids.MAP_PANEL, "Kein Gebiet ausgewählt")


def test_sozialraum_level_and_landkreis_at_laptop_size(page):
    page.viewport(1280, 800)
    page.open("/karte?ebene=social_area&kennzahl=provider")
    page.wait_for_text(ids.MAP_AREA_TABLE, "Sozialraum 3")
    legend = page.text_of(ids.MAP_GRAPH)
    assert "AWO" in legend and "Caritas" in legend and "Diakonie" in legend
    page.screenshot("map-sozialraeume-1280x800")
    page.open("/karte?gebiet=landkreis&kennzahl=population")
    page.wait_for_text(ids.MAP_AREA_TABLE, "Bad Friedrichshall")
    assert "Einwohnerzahl (BKG 2013) als Orientierung" in page.text_of(ids.MAP_NOTE)
    click_area(page, "ags-08125005")
    page.wait_for_text(ids.MAP_PANEL_TITLE, "Bad Friedrichshall")
    assert "18.181" in page.text_of(ids.MAP_PANEL)
    page.screenshot("map-landkreis-1280x800")
    assert page.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    page.viewport(1920, 1080)


def test_landkreis_metrics_allocation_and_mode_at_projector_and_laptop_size(page):
    page.open("/karte?gebiet=landkreis&kennzahl=im_mode")
    page.wait_for_text(ids.MAP_LEGEND, "Verbund mit anderen Gemeinden: 1 Gemeinde")
    legend = page.text_of(ids.MAP_GRAPH)
    assert "C – beim Landkreis (41)" in legend and "A – Eigenregie (2)" in legend
    page.driver.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center', behavior: 'instant'})", ids.MAP_GRAPH)
    click_area(page, "ags-08125074")
    page.wait_for_text(ids.MAP_PANEL_TITLE, "Nordheim")
    panel = page.text_of(ids.MAP_PANEL)
    assert "31.234,00 €" in panel and "C – beim Landkreis" in panel and "keine Falldaten für diese Gemeinde" in panel
    page.screenshot("map-landkreis-modus-1920x1080")
    page.viewport(1280, 720)
    page.open("/karte?gebiet=landkreis&kennzahl=allocation&auswahl=ags-08125074")
    page.wait_for_text(ids.MAP_PANEL_TITLE, "Nordheim")
    assert "Zuweisung der Landesmittel (€)" in page.text_of(ids.MAP_GRAPH)
    assert "31.234,00 €" in page.text_of(ids.MAP_AREA_TABLE)
    page.screenshot("map-landkreis-zuweisung-1280x720")
    assert page.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    page.viewport(1920, 1080)
