"""BITV 2.0 / WCAG 2.1 AA in Chromium: axe-core finds no violation on any page of the registry for any
role; the skip link leads to the content; the keyboard reaches the controls with a visible focus."""

from __future__ import annotations

import json

import pytest

from dashboard.model.vocabulary import PRESENTATION_PARAM
from dashboard.pages import PAGES
from layouts import theme
from tests.browser.pages import ARTIFACTS, AXE_SCRIPT, BrowserPage
from tests.helpers import PASSWORD, ROLE_USERS

pytestmark = pytest.mark.browser

ROLES = {role: name for name, role, _provider in ROLE_USERS}


def _readable(path: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{path}: {v['id']} ({v.get('impact')}) – {v['help']} [{len(v['nodes'])}×] {v.get('helpUrl', '')}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target']) if isinstance(node['target'][0], str) else node['target']}:"
                         f" {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture
def role_page(chrome, roles_server):
    """A fresh tab on the per-role server; `login(role)` logs in as that role's user."""
    chrome.delete_all_cookies()
    browser = BrowserPage(chrome, roles_server)
    chrome.imc_logged_in_at = None  # the shared `page` fixture must log in again after this test

    def login(role: str) -> BrowserPage:
        browser.open("/")
        chrome.delete_all_cookies()
        browser.login(ROLES[role], PASSWORD)
        return browser

    yield login
    chrome.delete_all_cookies()


# every page × role × mode: the three colour modes (the header's select keeps the choice in a cookie,
# which the server reads for the page and its charts) and the presentation mode (URL parameter)
MODES = [(mode, False) for mode in theme.MODES] + [(theme.LIGHT, True)]


@pytest.mark.parametrize("role", ["admin", "steering", "provider", "viewer"])
@pytest.mark.parametrize("mode, presenting", MODES, ids=[m if not p else "praesentation" for m, p in MODES])
def test_no_axe_violations_on_any_page(role_page, role, mode, presenting):
    assert AXE_SCRIPT.exists(), f"axe-core fehlt ({AXE_SCRIPT}): `make .venv/.installed` bzw. `make test` installiert es"
    page = role_page(role)
    page.driver.add_cookie({"name": theme.COOKIE, "value": mode, "path": "/"})
    found: dict[str, list[dict]] = {}
    for registered in PAGES:
        page.open(registered.path + (f"?{PRESENTATION_PARAM}=1" if presenting else ""))
        page.wait_until(lambda d: d.execute_script(
            "const m = document.getElementById('shell-page-content'); return m && m.children.length > 0"))
        page.settle(timeout=60)  # a loaded CI machine: the Szenarien backtest job polls for a while
        shown = page.driver.execute_script("return document.documentElement.dataset.imcMode")
        assert shown == mode, f"{registered.path}: Farbmodus {shown!r} statt {mode!r}"
        found[registered.path] = page.axe_violations()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    label = "praesentation" if presenting else mode
    counts = {path: len(v) for path, v in found.items()}
    (ARTIFACTS.parent / f"axe-{role}-{label}.json").write_text(json.dumps(
        {"counts": counts, "violations": found}, ensure_ascii=False, indent=1), encoding="utf-8")
    report = "\n".join(_readable(path, v) for path, v in found.items() if v)
    assert not report, f"axe-core (WCAG 2.1 A+AA) als {role}, {label}: {counts}\n{report}"


def _luminance(css: str) -> float:
    r, g, b = (int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])

    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_skip_link_and_a_visible_focus_on_every_stop(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page.open("/")
    page.settle()
    stops = page.tab_through(14)
    assert stops[0]["text"] == "Zum Inhalt springen", stops[0]
    weak = [s for s in stops if s["style"] == "none" or float(s["width"].rstrip("px")) < 2
            or contrast(s["outline"], s["background"]) < 3]
    assert not weak, f"Fokus kaum sichtbar (Rahmen < 2 px oder Kontrast < 3:1): {weak}"
    assert any(s["header"] for s in stops), "die Navigation im Kopf wird mit Tab nicht erreicht"
    page.driver.execute_script("document.getElementById('shell-skip-link').focus()")
    ActionChains(page.driver).send_keys(Keys.ENTER).perform()
    assert page.driver.execute_script("return document.activeElement.id") == "shell-page-content"


def test_scenario_tabs_by_keyboard(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page.open("/szenarien")
    page.settle()
    stops = page.tab_through(60)
    assert any(s["role"] == "tab" and s["text"] == "Personal" for s in stops), \
        f"der Reiter „Personal“ wird mit Tab nicht erreicht: {[s['text'] for s in stops]}"
    while page.driver.execute_script("return document.activeElement.getAttribute('role')") != "tab":
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
    ActionChains(page.driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert page.eventually(lambda: page.driver.execute_script(
        "return document.querySelector('#scen-tabs .nav-link.active').textContent") == "Gebiete")
    assert page.driver.execute_script("return document.activeElement.textContent") == "Gebiete"
    panel = page.driver.execute_script(
        "const t = document.activeElement; const p = document.getElementById(t.getAttribute('aria-controls'));"
        " return p && p.getAttribute('role') === 'tabpanel' && p.classList.contains('active')")
    assert panel, "aria-controls des Reiters zeigt nicht auf sein sichtbares Register"


def test_date_picker_and_charts_speak_german(page):
    page.open("/")
    page.settle()
    page.driver.find_element("css selector", "#overview-date-wrapper").click()
    assert page.eventually(lambda: page.driver.find_element("css selector", ".dash-datepicker-content").is_displayed())
    calendar = page.driver.find_element("css selector", ".dash-datepicker-content").text
    assert "November" in calendar and "Di" in calendar.split() and "Tu" not in calendar.split(), calendar
    labels = page.driver.execute_script(
        "return [...document.querySelectorAll('.dash-datepicker-content [aria-label]')].map(e => e.ariaLabel)")
    assert "Nächster Monat" in labels and "Next month" not in labels, labels
    chart = page.driver.execute_script(
        "const g = document.querySelector('.js-plotly-plot');"
        " return [g._context.locale, g._fullLayout.separators, Plotly.d3 ? null : Object.keys(g._context.locales)]")
    assert chart[0] == "de" and chart[1] == ",.", chart


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_declaration_page_and_footer(page, width, height):
    page.viewport(width, height)
    page.open("/barrierefreiheit")
    page.wait_for_text("shell-page-content", "Erklärung zur Barrierefreiheit")
    page.settle()
    footer = page.driver.find_element("id", "shell-footer")
    assert footer.find_element("link text", "Erklärung zur Barrierefreiheit").get_attribute("href").endswith(
        "/barrierefreiheit")
    assert "Ombudsstelle" in page.text_of("shell-page-content")
    page.screenshot(f"barrierefreiheit-{width}x{height}")
    page.driver.execute_script("document.getElementById('shell-skip-link').focus()")
    page.screenshot(f"skip-link-{width}x{height}")


def test_every_chart_has_a_table_a_screen_reader_reads(page):
    """1.1.1: each chart (maps excepted: the Karte lists every area in its own table) is followed by a
    visually hidden table of what it shows; on the Übersicht its values are the team table's."""
    missing = {}
    for registered in PAGES:
        page.open(registered.path)
        page.settle()
        missing[registered.path] = page.driver.execute_script(
            "return [...document.querySelectorAll('.js-plotly-plot')]"
            ".filter(g => !(g.data || []).some(t => /^(choropleth|scattermap)/.test(t.type || '')))"
            ".filter(g => { const t = g.parentElement.querySelector(':scope > .chart-text-holder > table.chart-text');"
            " return !t || !t.caption || t.tBodies[0].rows.length === 0; })"
            ".map(g => g.parentElement.id)")
    assert not any(missing.values()), f"Diagramme ohne Textalternative: {missing}"

    page.open("/")
    page.settle()
    chart = page.driver.execute_script(
        "const t = document.querySelector('#overview-team-chart table.chart-text');"
        " return [t.caption.textContent, [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))]")
    shown = page.driver.execute_script(
        "const t = [...document.querySelectorAll('table')].find(t => t.tHead &&"
        " [...t.tHead.rows[0].cells].some(c => c.textContent === 'Auslastung') && !t.classList.contains('chart-text'));"
        " const col = [...t.tHead.rows[0].cells].findIndex(c => c.textContent === 'Auslastung');"
        " return [...t.tBodies[0].rows].map(r => [r.cells[0].textContent, r.cells[col].textContent])")
    assert chart[0] == "Werte des Diagramms „Auslastung je Team“"
    assert sorted(chart[1]) == sorted(shown) and len(shown) == 4, (chart, shown)
    assert all(value.endswith(" %") and "," in value for _team, value in chart[1]), chart


def test_forced_colours_keep_status_and_charts_readable(page):
    """Windows contrast themes (`forced-colors: active`, emulated through the DevTools protocol): status
    badges and buttons get a border in the system's text colour, charts keep their checked palette."""
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "forced-colors", "value": "active"}]})
    try:
        page.open("/")
        page.settle()
        state = page.driver.execute_script(
            "const b = document.querySelector('.status-badge'); const g = document.querySelector('.js-plotly-plot');"
            " return [matchMedia('(forced-colors: active)').matches, getComputedStyle(b).borderTopStyle,"
            " parseFloat(getComputedStyle(b).borderTopWidth), getComputedStyle(g).forcedColorAdjust, b.textContent]")
        assert state[0], "forced-colors wurde nicht emuliert"
        assert state[1] == "solid" and state[2] >= 1, f"Status ohne Rahmen unter forced-colors: {state}"
        assert state[3] == "none", "Diagramme verlieren unter forced-colors ihre geprüften Farben"
        assert any(mark in state[4] for mark in "✔▲✖"), "Status ohne Symbol"
        page.screenshot("forced-colors-uebersicht")
    finally:
        page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
