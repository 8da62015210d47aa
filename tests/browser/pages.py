"""The browser helper: one Chromium tab on the served app, with the waits and measurements the browser
tests share (`page`, `own_page` … in conftest.py hand out instances; test modules import it from here
for type hints, never from a conftest)."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# axe-core from the npm registry, installed by `make` (tests/browser/axe/package-lock.json)
AXE_SCRIPT = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# the rules of WCAG 2.0 and 2.1, levels A and AA (what BITV 2.0 / EN 301 549 require)
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


class BrowserPage:
    def __init__(self, driver, base_url: str):
        self.driver, self.base_url = driver, base_url
        self.viewport(1920, 1080)
        driver.get("about:blank")  # stop the previous test's page (its polls would fail later)
        driver.get_log("browser")  # start each test with an empty console log

    def viewport(self, width: int, height: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1,
                                     "mobile": False})

    def open(self, path: str = "/") -> None:
        self.driver.get(self.base_url + path)

    def login(self, username: str, password: str) -> None:
        """Log in through the login page, as a person does."""
        from selenium.webdriver.common.by import By

        self.open("/login")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_for_text("shell-page-content", "", timeout=20)

    def click(self, element_id: str) -> None:
        """Jump the element to the middle of the window first: one at the window's edge counts as
        visible to WebDriver, yet its click lands outside and is intercepted (and Bootstrap's smooth
        scrolling would move it while the click is on its way)."""
        from selenium.webdriver.common.by import By

        element = self.driver.find_element(By.ID, element_id)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.click()

    def text_of(self, element_id: str, timeout: float = 20) -> str:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        element = WebDriverWait(self.driver, timeout).until(
            EC.visibility_of_element_located((By.ID, element_id)))
        return element.text

    def wait_for_text(self, element_id: str, expected: str, timeout: float = 20) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(
            EC.text_to_be_present_in_element((By.ID, element_id), expected))

    def wait_until(self, condition, timeout: float = 20, message: str = ""):
        """Wait until `condition(driver)` is truthy (polled every 0.1 s); returns its value."""
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition, message)

    def eventually(self, condition, timeout: float = 20) -> bool:
        """Like wait_until, but returns False at the timeout, so that the test's own assert explains it.
        An error while the page re-renders (a row not there yet, a stale node) counts as "not yet"."""
        from selenium.common.exceptions import TimeoutException

        def holds(_driver):
            try:
                return condition()
            except Exception:  # noqa: BLE001 - polled again; the caller's assert reports the final state
                return False

        try:
            self.wait_until(holds, timeout)
        except TimeoutException:
            return False
        return True

    def wait_url(self, fragment: str, timeout: float = 20) -> None:
        from selenium.webdriver.support import expected_conditions as EC

        self.wait_until(EC.url_contains(fragment), timeout, f"URL ohne {fragment!r}: {self.driver.current_url}")

    def settle(self, timeout: float = 20) -> None:
        """Wait until the page is rendered and quiet: the document is loaded, no Dash component is loading,
        and neither the page's size nor the number of requests changed between two looks 0,25 s apart
        (figures drawn, layout after a resize done). Used before screenshots and layout measurements."""
        from selenium.webdriver.support.ui import WebDriverWait

        script = ("return [document.readyState, document.querySelector('[data-dash-is-loading=\"true\"]') !== null,"
                  " performance.getEntriesByType('resource').length, window.innerWidth, window.innerHeight,"
                  " document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        previous = []

        def quiet(driver):
            state = driver.execute_script(script)
            stable = state == previous[-1] if previous else False
            previous.append(state)
            return state[0] == "complete" and not state[1] and stable

        WebDriverWait(self.driver, timeout, poll_frequency=0.25).until(quiet, "die Seite kommt nicht zur Ruhe")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def axe_violations(self) -> list[dict]:
        """Run axe-core's WCAG 2.1 A+AA rules on the page as it is; returns axe's violations."""
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
        self.driver.set_script_timeout(60)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            ".then(r => done(r.violations), e => done([{id: 'axe-error', impact: 'critical',"
            " help: String(e), helpUrl: '', nodes: []}]));", list(WCAG_AA_TAGS))
        return result

    def tab_through(self, steps: int) -> list[dict]:
        """Press Tab `steps` times from the top of the page; returns what had the focus after each press
        (tag, id, text, and the focus outline's colour, width and style as computed)."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
        seen = []
        for _ in range(steps):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            seen.append(self.driver.execute_script(
                "const e = document.activeElement; const s = getComputedStyle(e);"
                "return {tag: e.tagName, id: e.id, text: (e.innerText || e.value || '').trim().slice(0, 60),"
                " role: e.getAttribute('role'), outline: s.outlineColor, width: s.outlineWidth,"
                " style: s.outlineStyle, background: (function (n) { for (; n; n = n.parentElement) {"
                " const b = getComputedStyle(n).backgroundColor;"
                " if (b && b !== 'transparent' && !b.startsWith('rgba(0, 0, 0, 0')) return b; } return 'rgb(255, 255, 255)';"
                " })(e.parentElement), header: !!e.closest('header')};"))
        return seen

    def severe_console_errors(self) -> list[str]:
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]


# What presentation mode shows (dashboard/assets/presentation.js): the slide, its counter, and the smallest
# computed font sizes and line widths on the slide's cards.
PRESENTATION_STATE = """
const counter = document.getElementById('present-counter');
const shown = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const blocks = [...document.querySelectorAll('[data-present="block"]')].filter(shown);
const inside = sel => blocks.flatMap(b => [...b.querySelectorAll(sel)]).filter(shown);
const smallest = (els, read) => { const v = els.map(read).filter(x => x > 0); return v.length ? Math.min(...v) : null; };
const px = el => parseFloat(getComputedStyle(el).fontSize);
const content = document.getElementById('shell-page-content');
return {
  presenting: document.body.classList.contains('presenting'),
  ready: document.body.getAttribute('data-present-ready'),
  counter: counter ? counter.textContent : '',
  title: (document.getElementById('present-title') || {}).textContent || '',
  scroll_height: document.documentElement.scrollHeight, inner_height: window.innerHeight,
  scroll_width: document.documentElement.scrollWidth, inner_width: window.innerWidth,
  kpi_clipped: inside('.kpi-value').filter(el => { const r = document.createRange(); r.selectNodeContents(el);
    return r.getBoundingClientRect().width > el.clientWidth + 1; }).map(el => el.textContent),
  blocks: blocks.map(b => ({height: b.getBoundingClientRect().height, text: b.innerText.trim().length,
                            charts: b.querySelectorAll('.js-plotly-plot').length})),
  kpi: smallest(inside('.kpi-value'), px),
  table: smallest(inside('table th, table td'), px),
  chart_text: smallest(inside('.xtick text, .ytick text, .legendtext, .annotation-text, .colorbar text, .bartext'), px),
  lines: smallest(inside('.scatterlayer .js-line'), el => parseFloat(getComputedStyle(el).strokeWidth)),
  more: inside('[data-present-more]').map(el => el.getAttribute('data-present-more')),
  nav_shown: shown(document.getElementById('shell-nav')),
  controls_shown: [...(content ? content.querySelectorAll('input, select, textarea, button, .dash-dropdown') : [])]
    .filter(shown).map(el => el.id || el.className),
};
"""


class Presentation:
    """Presentation mode on a BrowserPage: read the shown slide, press keys (as a presenter's clicker does)."""

    def __init__(self, page: BrowserPage):
        self.page = page

    def state(self) -> dict:
        return self.page.driver.execute_script(PRESENTATION_STATE)

    def wait_slide(self, number: int | str, timeout: float = 20) -> dict:
        """Wait until slide `number` (or the slide with that id) is shown and fitted (charts sized, tables
        cut), then settle."""
        def shown(_driver):
            state = self.state()
            if isinstance(number, str):
                return state["ready"] == number
            return state["ready"] and state["counter"].split(" ")[1:2] == [str(number)]

        self.page.wait_until(shown, timeout, f"Folie {number} erscheint nicht")
        self.page.settle()
        return self.state()

    def press(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.page.driver).send_keys(key).perform()
