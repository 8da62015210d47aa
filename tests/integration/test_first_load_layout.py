"""The router hands a dated page the data's Stand (issue 18): its date picker starts with the day the page
shows, so the picker has nothing to report after it mounts and the page's figures are computed once
(tests/browser/test_first_load.py counts the requests in Chromium)."""

from __future__ import annotations

import json

import pytest

from bench.dash_replay import components
from dashboard.pages import PAGES
from layouts import ids
from tests.helpers import DEMO_DAY

DATE_PICKERS = {"/": ids.OVERVIEW_DATE, "/fallzahlen": ids.CASELOAD_DATE, "/personal": ids.STAFFING_DATE,
                "/ehrenamt": ids.VOLUNTEERING_DATE}


def _page(client, path: str, search: str = "") -> dict:
    body = {"output": "shell-page-content.children", "outputs": {"id": "shell-page-content", "property": "children"},
            "inputs": [{"id": "shell-url", "property": "pathname", "value": path}],
            "state": [{"id": "shell-url", "property": "search", "value": search}],
            "changedPropIds": ["shell-url.pathname"]}
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    return components(response.get_json()["response"])


def test_exactly_the_pages_with_a_stichtag_are_dated():
    assert {p.path for p in PAGES if p.dated} == set(DATE_PICKERS)


@pytest.mark.parametrize("path", DATE_PICKERS)
def test_a_dated_page_starts_with_the_stand(client, path):
    assert _page(client, path)[DATE_PICKERS[path]]["date"] == DEMO_DAY.isoformat()


def test_the_urls_stichtag_wins(client):
    assert _page(client, "/personal", "?stichtag=2026-06-30")[ids.STAFFING_DATE]["date"] == "2026-06-30"
