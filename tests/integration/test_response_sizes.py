"""Send only what is shown (issue 18): no response of a page's first load is over 200 KB at Heilbronn scale.

Each page is loaded the way the browser's Dash renderer loads it (bench/dash_replay.py: the router,
then every callback that fires on load and what those trigger, payloads built from the app's own
`/_dash-dependencies`), through Flask's test client. A size test, not a timing test: the timings of
the same replay are in `make bench` (bench/replay.py).
"""

from __future__ import annotations

import json

import pytest

from bench.dash_replay import PageLoad
from dashboard.pages import PAGES

LIMIT_BYTES = 200 * 1024  # Heilbronn scale; Baden-Württemberg scale (500 KB) is reported by `make bench-land`


@pytest.fixture
def replay(client):
    """`replay(path)` -> the page's first-load requests (bench.dash_replay.Fire) and the errors."""
    layout = client.get("/_dash-layout").get_json()
    dependencies = client.get("/_dash-dependencies").get_json()

    def post(path: str, body: dict) -> tuple[int, bytes]:
        response = client.post(path, data=json.dumps(body), content_type="application/json")
        return response.status_code, response.data

    def run(path: str):
        load = PageLoad(post, dependencies, layout, path)
        return load.run(), load.errors

    return run


@pytest.mark.parametrize("path", [p.path for p in PAGES])
def test_every_first_load_response_fits_the_heilbronn_limit(replay, path):
    fires, errors = replay(path)
    assert not errors
    assert any(f.main for f in fires), f"{path}: kein Hauptcallback beim ersten Laden"
    too_big = {f.output: f"{f.size / 1024:.0f} KB" for f in fires if f.size > LIMIT_BYTES}
    assert not too_big, f"{path}: Antworten über {LIMIT_BYTES // 1024} KB: {too_big}"


def test_the_replay_sees_the_main_content_of_a_page(replay):
    """The size test measures real content: the Fallzahlen response holds the page's tables."""
    fires, _ = replay("/fallzahlen")
    main = next(f for f in fires if f.main)
    assert main.output == "caseload-content.children" and main.status == 200 and main.size > 10_000
