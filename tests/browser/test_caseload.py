"""A person walks the caseload page's filters; permalinks reopen the same view; back works."""

import pytest

from dashboard.model.formatting import fmt_int
from layouts import ids

pytestmark = pytest.mark.browser


def wait_url(page, fragment, timeout=10):
    page.eventually(lambda: fragment in page.driver.current_url, timeout)
    assert fragment in page.driver.current_url, page.driver.current_url


def choose(page, dropdown_id, label):
    page.driver.find_element("css selector", f"#{dropdown_id}").click()

    def shown_options():
        options = page.driver.find_elements("xpath", f"//*[@role='option'][normalize-space(.)='{label}']")
        if not options:  # fall back to the first visible text match, which is the open list's entry
            options = page.driver.find_elements("xpath", f"//*[normalize-space(text())='{label}']")
        return [o for o in options if o.is_displayed()]

    page.eventually(shown_options, 10)  # the open list is rendered
    shown_options()[0].click()


def test_filters_permalink_and_back(page, browser_db_url, tmp_path):
    from dashboard.services.caseload import caseload
    from data.db import make_engine, make_session_factory
    from tests.helpers import DEMO_DAY, make_settings

    engine = make_engine(browser_db_url)
    with make_session_factory(engine)() as session:
        settings = make_settings(tmp_path, browser_db_url)
        all_cases = caseload(session, settings, DEMO_DAY).active_cases
        caritas = caseload(session, settings, DEMO_DAY, team="caritas").active_cases
        caritas_sr3 = caseload(session, settings, DEMO_DAY, team="caritas", social_area="hn-sr3").active_cases
    engine.dispose()

    page.open("/fallzahlen")
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(all_cases))
    choose(page, ids.CASELOAD_TEAM, "Caritas")
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(caritas))
    wait_url(page, "team=caritas")
    choose(page, ids.CASELOAD_SOCIAL_AREA, "Sozialraum 3")
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(caritas_sr3))
    wait_url(page, "sozialraum=hn-sr3")
    permalink = page.driver.current_url
    page.screenshot("caseload-filtered-1920x1080")

    page.driver.back()
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(caritas))

    page.driver.get(permalink)
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(caritas_sr3))
    teams_shown = page.text_of(ids.CASELOAD_TEAM_TABLE)
    assert "Caritas" in teams_shown and "Diakonie" not in teams_shown
    page.wait_for_text(ids.CASELOAD_TEAM, "Caritas")  # the filter shows what the link says
    page.wait_for_text(ids.CASELOAD_SOCIAL_AREA, "Sozialraum 3")

    # a shared link without a Stichtag keeps its team and Sozialraum (the router fills in the Stand)
    page.open("/fallzahlen?team=caritas&sozialraum=hn-sr3")
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(caritas_sr3))
    page.wait_for_text(ids.CASELOAD_TEAM, "Caritas")
    page.wait_for_text(ids.CASELOAD_SOCIAL_AREA, "Sozialraum 3")

    page.open("/fallzahlen?stichtag=2026-11-22")
    page.wait_for_text(ids.CASELOAD_KPI_CASES, fmt_int(all_cases))
    assert "×" in page.text_of(ids.CASELOAD_DISTRICT_TABLE)
    page.screenshot("caseload-1920x1080")
    page.viewport(1280, 800)
    page.settle()
    page.screenshot("caseload-1280x800")
    overflow = page.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.viewport(1920, 1080)
    assert overflow <= 0
    page.open("/personal")  # leaving the page: its callbacks must not fire against missing components
    page.settle()
    assert page.severe_console_errors() == []
