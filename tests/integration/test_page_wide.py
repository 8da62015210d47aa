"""Checks every page of the registry (dashboard/pages.py) shares, parametrized over it instead of a near-copy
per page test module (issue 14, part 5). The browser's page-wide checks (laptop width) stay in the browser
modules, where each writing page has its own server."""

import pytest

from dashboard.pages import PAGES
from tests.helpers import DEMO_DAY, fire, texts

PAGE = {page.name: page for page in PAGES}

# page → (the callback that reads the URL, a bad Stichtag, does the date picker fall back to the Stand,
# is the URL corrected to it)
BAD_STICHTAG = {
    "overview": ("overview-content", "morgen", True, False),
    "staffing": ("staffing-kpis", "gestern", True, True),
    "volunteering": ("volunteering-kpis", "31.12.", False, True),
}


def test_the_table_names_pages_of_the_registry():
    assert set(BAD_STICHTAG) <= set(PAGE)


@pytest.mark.parametrize("name", list(BAD_STICHTAG))
def test_a_bad_stichtag_gets_a_german_message_and_the_page_falls_back(client, name):
    output, bad, date_falls_back, url_falls_back = BAD_STICHTAG[name]
    response = fire(client, output, {f"{name}-location.search": f"?stichtag={bad}",
                                     f"{name}-location.pathname": PAGE[name].path},
                    changed=f"{name}-location.search")
    message = " ".join(texts(response[f"{name}-message"]["children"]))
    assert f"„{bad}“" in message and "JJJJ-MM-TT" in message
    if date_falls_back:  # and the page still shows the data at the dataset's Stand
        assert response[f"{name}-date"]["date"] == DEMO_DAY.isoformat()
    if url_falls_back:
        assert response[f"{name}-location"]["search"] == "?stichtag=2026-11-22"
