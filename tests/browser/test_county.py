"""A Landratsamt's planner opens "Landkreis" in Chromium: the Kreis' Land funds split among its 46
Gemeinden, Nordheim's 31.234,00 € and what it lacks for Eigenregie, then picks Cleebronn and moves
the funds knob; at projector (1920×1080) and beamer size (1280×720), without sideways scrolling."""

import pytest

from layouts import ids

pytestmark = pytest.mark.browser


def choose(page, dropdown_id, label):
    page.click(dropdown_id)

    def shown():
        return [o for o in page.driver.find_elements("xpath", f"//*[@role='option'][normalize-space(.)='{label}']")
                if o.is_displayed()]

    assert page.eventually(shown, 10), f"{label} nicht in der Liste"
    shown()[0].click()


def table_rows(page) -> list[str]:
    return page.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.COUNTY_TABLE} tbody tr')]"
        ".map(r => r.innerText.replace(/\\s+/g, ' ').trim())")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_allocation_and_nordheims_eigenregie_check(page, width, height):
    page.viewport(width, height)
    page.open("/landkreis?gemeinde=08125074")
    page.wait_for_text(ids.COUNTY_CHECK, "31.234,00 €")
    assert page.text_of(ids.COUNTY_KPI_FUNDS) == "1.499.911 €"
    assert page.text_of(ids.COUNTY_KPI_PER_PERSON) == "679,00 €"
    assert "✖ es fehlen 6.266,00 € im Jahr" in page.text_of(ids.COUNTY_CHECK)
    rows = table_rows(page)
    assert len(rows) == 46
    assert next(r for r in rows if r.startswith("Nordheim")).startswith("Nordheim C Landkreis 46 31.234,00 €")
    page.settle()
    overflow = page.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"die Seite scrollt seitlich um {overflow} px"
    page.screenshot(f"landkreis-{width}")
    assert page.severe_console_errors() == []


def test_choosing_a_gemeinde_and_moving_the_knob_keep_the_url(page):
    page.open("/landkreis")
    page.wait_for_text(ids.COUNTY_CHECK, "Zuweisung 2025")
    choose(page, ids.COUNTY_GEMEINDE, "Cleebronn")
    page.wait_for_text(ids.COUNTY_DETAIL, "Eigenregie-Prüfung: Cleebronn")
    page.wait_url("gemeinde=08125017")
    assert "Verbund mit anderen Gemeinden" in page.text_of(ids.COUNTY_CHECK)
    handle = page.driver.find_element("css selector", f"#{ids.COUNTY_FUNDS_PCT} [role=slider]")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", handle)
    page.driver.execute_script("arguments[0].focus()", handle)
    for _ in range(2):  # two steps of 5 % to the left
        handle.send_keys("\ue012")  # ARROW_LEFT
    page.wait_url("mittel=-10")
    page.wait_for_text(ids.COUNTY_CONTENT, "Landesmittel 2026 angenommen: 1.349.920 €")
    assert "gemeinde=08125017" in page.driver.current_url
    page.settle()
    page.screenshot("landkreis-cleebronn-knob")
    assert page.severe_console_errors() == []


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_proofs_of_use_and_the_pdf_button(page, width, height):
    page.viewport(width, height)
    page.open("/landkreis")
    page.wait_for_text(ids.COUNTY_PROOFS, "Verwendungsnachweise der Gemeinden für 2025")
    text = page.text_of(ids.COUNTY_PROOFS_TABLE)
    assert "✔ eingegangen" in text and "✖ fehlt" in text and "27.02.2026" in text
    button = page.driver.find_element("id", ids.COUNTY_REPORT_SUBMIT)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'end', behavior: 'instant'});", button)
    assert button.text == "Gesamtverwendungsnachweis als PDF"
    page.settle()
    overflow = page.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"die Seite scrollt seitlich um {overflow} px"
    page.screenshot(f"landkreis-nachweise-{width}")
    assert page.severe_console_errors() == []
