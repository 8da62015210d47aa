"""The Karte's outlines at their own address (callbacks.map_outlines): the figure names it instead of
carrying 1.101 Gemeinde outlines per view, and the address answers with exactly the areas drawn."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from tests.helpers import fire, make_settings


@pytest.fixture(scope="module")
def client(demo_sqlite_url, tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("outlines"), demo_sqlite_url)).server.test_client()


def figure(client, search=""):
    response = fire(client, "map-graph.figure", {"map-location.search": search, "map-location.pathname": "/karte",
                                                 "map-graph.clickData": None}, changed="map-location.search")
    return response["map-graph"]["figure"]


@pytest.mark.parametrize("search", ["", "?ebene=social_area", "?gebiet=landkreis", "?auswahl=hn-01"])
def test_every_area_trace_names_one_address_that_holds_its_areas(client, search):
    areas = [t for t in figure(client, search)["data"] if t["type"] in ("choropleth", "choroplethmap")]
    assert areas
    urls = {t["geojson"] for t in areas}
    assert len(urls) == 1 and next(iter(urls)).startswith("/karte/umrisse.json?")
    answer = client.get(next(iter(urls)))
    assert answer.status_code == 200 and answer.mimetype == "application/geo+json"
    assert "immutable" in answer.headers["Cache-Control"]  # the shape revision is in the address
    ids = {f["id"] for f in answer.get_json()["features"]}
    assert all(set(t["locations"]) <= ids for t in areas)
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in answer.get_json()["features"])


def test_the_figure_is_small_without_the_outlines(client):
    areas = next(t for t in figure(client)["data"] if t["type"] == "choropleth")
    assert isinstance(areas["geojson"], str)


@pytest.mark.parametrize(("query", "message"), [
    ("gebiet=mond&ebene=district&kacheln=0&rev=1", "Gebiet „mond“ gibt es nicht"),
    ("gebiet=stadt&ebene=strasse&kacheln=0&rev=1", "Ebene „strasse“ gibt es nicht"),
    ("gebiet=stadt&ebene=district&kacheln=ja&rev=1", "„kacheln“ muss 0 oder 1 sein"),
])
def test_a_wrong_address_is_refused_in_german(client, query, message):
    answer = client.get(f"/karte/umrisse.json?{query}")
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)


def test_an_old_revision_gets_the_current_outlines_but_not_to_keep(client):
    answer = client.get("/karte/umrisse.json?gebiet=stadt&ebene=district&kacheln=0&rev=alt")
    assert answer.status_code == 200 and answer.get_json()["features"]
    assert "immutable" not in answer.headers.get("Cache-Control", "")
