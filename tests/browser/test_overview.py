"""A person opens the overview in Chromium: the numbers equal `im-cockpit kpis --json`."""

import contextlib
import io
import json
import os
from unittest import mock

import pytest

from dashboard.model.formatting import fmt_eur, fmt_fte, fmt_int, fmt_pct
from layouts import ids
from layouts.components import STATUS_STYLE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kpis_json():
    """`im-cockpit kpis --json [--date …]` on a database, as JSON: the command's own code (argument
    parsing, settings from the environment, its JSON output), run in this process instead of a second
    interpreter that imports the whole app again; each (database, day) is asked once per module."""
    from dashboard.cli import main

    answers: dict[tuple[str, str | None], str] = {}

    def run(db_url: str, day: str | None = None) -> dict:
        if (db_url, day) not in answers:
            out = io.StringIO()
            with mock.patch.dict(os.environ, {"DATABASE_URL": db_url}), contextlib.redirect_stdout(out):
                assert main(["kpis", "--json"] + (["--date", day] if day else [])) == 0
            answers[db_url, day] = out.getvalue()
        return json.loads(answers[db_url, day])

    return run


def test_overview_shows_the_same_numbers_as_kpis_json(page, browser_db_url, kpis_json):
    expected = kpis_json(browser_db_url)
    page.open("/")
    assert page.text_of(ids.OVERVIEW_KPI_CASES) == fmt_int(expected["im"]["cases"])
    assert page.text_of(ids.OVERVIEW_KPI_CAPACITY) == fmt_int(expected["im"]["capacity"])
    assert page.text_of(ids.OVERVIEW_KPI_UTILISATION) == fmt_pct(expected["im"]["utilisation_pct"])
    assert page.text_of(ids.OVERVIEW_KPI_FTE_NEEDED) == fmt_fte(expected["im"]["fte_needed"])
    assert page.text_of(ids.OVERVIEW_FUNDS) == fmt_eur(expected["funds"]["remaining"])
    assert page.text_of(ids.OVERVIEW_VOLUNTEERING) == fmt_int(expected["volunteering"]["projects"])
    table = page.text_of(ids.OVERVIEW_TEAM_TABLE)
    for team in expected["teams"]:
        status = STATUS_STYLE[team["status"]]
        row = (f"{team['team']} {fmt_int(team['cases'])} {fmt_fte(team['fte'])} "
               f"{fmt_int(team['capacity'])}")
        assert row in table
        assert f"{fmt_pct(team['utilisation_pct'])} {status['icon']} {status['label']}" in table
    page.wait_for_text(ids.STAND, "Stand 22.11.2026")
    assert "DEMODATEN" in page.text_of(ids.SOURCE_BADGE)
    assert page.driver.current_url.endswith("/?stichtag=2026-11-22")
    page.screenshot("overview-1920x1080")
    for path in ("/fallzahlen", "/personal", "/projektmittel", "/"):  # walk the pages: no renderer errors
        page.open(path)
        page.settle()
    assert page.severe_console_errors() == []


def test_permalink_date_and_back_button(page, browser_db_url, kpis_json):
    earlier = kpis_json(browser_db_url, "2026-02-01")
    latest = kpis_json(browser_db_url)
    assert earlier["im"]["cases"] != latest["im"]["cases"]
    page.open("/")
    page.wait_for_text(ids.OVERVIEW_KPI_CASES, fmt_int(latest["im"]["cases"]))
    page.open("/?stichtag=2026-02-01")
    page.wait_for_text(ids.OVERVIEW_KPI_CASES, fmt_int(earlier["im"]["cases"]))
    assert page.driver.find_element("id", ids.OVERVIEW_DATE).get_attribute("value") == "01.02.2026"
    page.driver.back()
    page.wait_for_text(ids.OVERVIEW_KPI_CASES, fmt_int(latest["im"]["cases"]))


def test_typing_a_date_updates_figures_and_url(page, browser_db_url, kpis_json):
    from selenium.webdriver.common.keys import Keys

    march = kpis_json(browser_db_url, "2026-03-15")
    page.open("/")
    page.text_of(ids.OVERVIEW_KPI_CASES)
    field = page.driver.find_element("id", ids.OVERVIEW_DATE)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("15.03.2026", Keys.ENTER)
    page.wait_for_text(ids.OVERVIEW_KPI_CASES, fmt_int(march["im"]["cases"]))
    page.eventually(lambda: "stichtag=2026-03-15" in page.driver.current_url, 10)
    assert page.driver.current_url.endswith("/?stichtag=2026-03-15")


def test_laptop_size_has_no_horizontal_scrolling(page):
    page.viewport(1280, 800)
    page.open("/")
    page.text_of(ids.OVERVIEW_TEAM_TABLE)
    page.settle()
    overflow = page.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot("overview-1280x800")
    assert overflow <= 0
    nav_hidden = page.driver.execute_script(
        "const n = document.querySelector('.app-header-nav'); return n.scrollWidth - n.clientWidth")
    assert nav_hidden <= 0  # every page's link is visible, none scrolled out of the header
    page.viewport(1920, 1080)
