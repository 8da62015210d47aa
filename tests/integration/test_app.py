"""The app factory against a temp database: health, routing, and the overview callback over HTTP."""

import pytest

from dashboard import services
from dashboard.app import create_app
from dashboard.model.formatting import fmt_eur, fmt_int, fmt_pct
from tests.helpers import DEMO_DAY, fire, make_settings, texts


@pytest.fixture
def client(demo_settings):
    return create_app(demo_settings).server.test_client()


def test_health_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok",
                                   "cache": {"store": "memory", "hits": 0, "misses": 0},
                                   "warming": {"busy": False, "revision": None, "seconds": None}}


def test_health_503_when_database_unreachable(tmp_path):
    settings = make_settings(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = create_app(settings).server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_index_is_german_and_offline(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="de" data-bs-theme="light" data-imc-mode="hell">' in html  # German, colour mode light
    assert "Wird geladen" in html and "Loading..." not in html
    assert "/assets/00-bootstrap.min.css" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert client.get("/assets/00-bootstrap.min.css").status_code == 200


def test_router_renders_pages_and_german_404(client):
    home = fire(client, "shell-page-content", {"shell-url.pathname": "/"})
    assert "Übersicht Integrationsmanagement" in texts(home)
    missing = fire(client, "shell-page-content", {"shell-url.pathname": "/gibt-es-nicht"})
    assert "Seite nicht gefunden" in texts(missing)


def test_overview_callback_shows_the_reporting_numbers(client, demo_settings, demo_session):
    expected = services.overview(demo_session, demo_settings, DEMO_DAY)
    response = fire(client, "overview-content", {"overview-location.search": "?stichtag=2026-11-22",
                                                 "overview-location.pathname": "/"},
                    changed="overview-location.search")
    shown = texts(response["overview-content"]["children"])
    assert fmt_int(expected.im.cases) in shown
    assert fmt_pct(expected.im.utilisation_pct) in shown
    assert fmt_eur(expected.funds.remaining) in shown
    for team in expected.teams:
        assert team.team in shown and fmt_int(team.cases) in shown


def test_stand_in_header(client):
    response = fire(client, "shell-stand", {"shell-refresh-interval.n_intervals": 0})
    assert response["shell-stand"]["children"].startswith("Stand 22.11.2026")
    assert response["shell-source-badge"]["children"] == "DEMODATEN"
    unchanged = fire(client, "shell-stand", {"shell-refresh-interval.n_intervals": 1,
                                             "shell-data-revision.data": 1})
    assert unchanged == {}  # same revision: nothing re-rendered, no flicker


def test_a_web_worker_does_not_load_the_pdf_map_export_and_gdal_libraries():
    """Issue 18 (RSS per worker): reportlab and matplotlib (PDF) and folium (map download) cost about
    110 MB in every worker, GDAL (pyogrio), geopandas and pyproj about 65 MB more; they load in the
    job, the download or the boundary import that needs them."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, dashboard.app; "
            "print(sorted(m for m in ('matplotlib', 'reportlab', 'folium', 'pyogrio', 'geopandas', 'pyproj') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
