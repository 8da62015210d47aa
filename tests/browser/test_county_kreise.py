"""A Landratsamt's planner opens "Landkreis" for both demo Kreise — Heilbronn and Lörrach — at
projector (1920×1080) and beamer size (1280×720): the figures on screen are the ones
`im-cockpit kpis --json` reports, the structure view shows who runs IM where, nothing scrolls sideways."""

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from dashboard.model.formatting import fmt_eur, fmt_int
from layouts import ids

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kpis(browser_db_url) -> dict[str, dict]:
    result = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--json"], capture_output=True, text=True,
                            env={**os.environ, "DATABASE_URL": browser_db_url}, check=True)
    return {k["kreis"]: k for k in json.loads(result.stdout)["landkreise"]}


def rows_of(page, table_id) -> list[str]:
    return page.driver.execute_script(
        f"return [...document.querySelectorAll('#{table_id} tbody tr')]"
        ".map(r => r.innerText.replace(/\\s+/g, ' ').trim())")


@pytest.mark.parametrize("kreis", ["08125", "08336"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_both_kreise_show_the_kpis_figures(page, kpis, kreis, width, height):
    expected = kpis[kreis]
    page.viewport(width, height)
    page.open(f"/landkreis?kreis={kreis}")
    page.wait_for_text(ids.COUNTY_CONTENT, expected["name"])
    assert page.text_of(ids.COUNTY_KPI_FUNDS) == fmt_eur(Decimal(expected["funds"]), cents=False)
    assert page.text_of(ids.COUNTY_KPI_PERSONS) == fmt_int(expected["persons"])
    assert page.text_of(ids.COUNTY_KPI_PER_PERSON) == fmt_eur(Decimal(expected["per_person"]))
    rows = rows_of(page, ids.COUNTY_TABLE)
    assert len(rows) == len(expected["gemeinden"])
    for g in expected["gemeinden"]:
        row = next(r for r in rows if r.startswith(g["name"] + " "))
        assert row.startswith(f"{g['name']} {g['mode']} {fmt_int(g['persons'])} {fmt_eur(Decimal(g['amount']))}")
    assert page.text_of(ids.COUNTY_KREIS_FIELD).startswith("Landkreis")  # the selector shows: two Kreise
    structure = page.text_of(ids.COUNTY_STRUCTURE)
    for group in expected["structure"]:
        assert group["title"] in structure
        for unit in group["units"]:
            assert unit["responsible"] in structure
    page.settle()
    overflow = page.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"die Seite scrollt seitlich um {overflow} px"
    page.screenshot(f"landkreis-{kreis}-{width}")
    page.driver.execute_script(f"document.getElementById('{ids.COUNTY_STRUCTURE}').closest('.section-card')"
                               ".scrollIntoView({block: 'start', behavior: 'instant'})")
    page.settle()
    page.screenshot(f"landkreis-{kreis}-{width}-struktur")
    assert page.severe_console_errors() == []


def test_the_kreis_selector_switches_to_loerrach_and_keeps_it_in_the_url(page):
    page.viewport(1280, 720)
    page.open("/landkreis")
    page.wait_for_text(ids.COUNTY_CONTENT, "Landkreis Heilbronn")
    page.click(ids.COUNTY_KREIS)
    option = page.wait_until(lambda d: next((o for o in d.find_elements("xpath", "//*[@role='option']")
                                             if o.text.strip() == "Landkreis Lörrach" and o.is_displayed()), None))
    option.click()
    page.wait_url("kreis=08336")
    page.wait_for_text(ids.COUNTY_STRUCTURE, "Gemeindeverwaltungsverband Vorderes Kandertal")
    assert "Welcome-Center" in page.text_of(ids.COUNTY_STRUCTURE)
    page.open("/landkreis?kreis=Entenhausen")
    page.wait_for_text(ids.COUNTY_MESSAGE, "„Entenhausen“ gibt es in dieser Installation nicht")
