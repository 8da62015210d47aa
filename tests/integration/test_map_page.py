"""Karte over HTTP against the demo database: the callback's figure JSON carries the caseload page's
suppression (hidden districts get no number anywhere), values equal counts straight from the rows,
a click selects an area, the folium download is a standalone map with layers, legend and Stand."""

import json
import re

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.services import caseload as caseload_report
from data.db import make_engine, make_session_factory
from data.revision import bump_revision
from tests.helpers import BKG, DEMO_DAY, fire, make_settings, texts


@pytest.fixture(scope="module")
def client(demo_sqlite_url, tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("map"), demo_sqlite_url)).server.test_client()


def show(client, search="", click=None, changed="map-location.search"):
    return fire(client, "map-graph.figure", {"map-location.search": search, "map-location.pathname": "/karte",
                                             "map-graph.clickData": click}, changed=changed)


def active_cases_by_district(url) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("""
            SELECT a.code, COUNT(*) FROM cases c JOIN areas a ON a.id = c.district_id
            WHERE c.opened_on <= :d AND (c.closed_on IS NULL OR c.closed_on > :d) GROUP BY a.code"""),
                            {"d": DEMO_DAY}).all()
    engine.dispose()
    return dict(rows)


def hidden_districts(url, tmp_path) -> set[str]:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        figures = caseload_report.caseload(session, make_settings(tmp_path, url), DEMO_DAY)
        codes = dict(session.execute(text("SELECT id, code FROM areas")).all())
    engine.dispose()
    return {codes[r.key] for r in figures.districts if r.counts["Gesamt"] == caseload_report.HIDDEN}


def test_active_cases_map_keeps_small_counts_hidden(client, demo_sqlite_url, tmp_path):
    response = show(client, "?kennzahl=active_cases")
    figure = response["map-graph"]["figure"]
    valued = next(t for t in figure["data"] if t["type"] == "choropleth" and t.get("showscale") is not False)
    grey = next(t for t in figure["data"] if t["type"] == "choropleth" and t.get("name", "").startswith("ohne Wert"))
    hidden = hidden_districts(demo_sqlite_url, tmp_path)
    assert hidden, "the demo has suppressed districts"
    assert set(grey["locations"]) == hidden
    assert not hidden & set(valued["locations"])
    counts = active_cases_by_district(demo_sqlite_url)
    assert dict(zip(valued["locations"], valued["z"])) == {c: counts.get(c, 0) for c in valued["locations"]}
    # no number of a hidden district anywhere in the response: hover texts and labels say "×"
    for _code, hover in zip(grey["locations"], grey["text"]):
        assert hover.endswith("Aktive Fälle: ×")
    labels = next(t for t in figure["data"] if t["type"] == "scattergeo" and t.get("name") == "Beschriftung")
    for code, label in zip(labels["customdata"], labels["text"]):
        if code in hidden:
            assert label == "" or label.endswith("×") or label.endswith("×</b>")
    tables = " ".join(texts(response["map-tables"]["children"]))
    assert "×" in tables


def test_utilisation_is_the_catchment_teams_and_the_norm_is_marked(client):
    response = show(client, "")
    figure = response["map-graph"]["figure"]
    scale = next(t for t in figure["data"] if t["type"] == "choropleth")
    assert scale["zmid"] == 100
    assert any("Norm 100 %" in t for t in scale["colorbar"]["ticktext"])
    assert any("schematische Darstellung – amtliche Grenzen importieren" in a["text"]
               for a in figure["layout"]["annotations"])
    z = dict(zip(scale["locations"], scale["z"]))
    # Frankenbach and Böckingen belong to the Caritas catchment, Kernstadt to the city team
    assert z["hn-frankenbach"] == z["hn-alt-boeckingen"] != z["hn-kernstadt"]
    assert response["map-location"]["search"] == "?gebiet=stadt&ebene=district&kennzahl=utilisation"


def test_click_selects_a_district_and_filters_the_tables(client):
    click = {"points": [{"location": "hn-kernstadt-nord", "customdata": "hn-kernstadt-nord"}]}
    response = show(client, "", click=click, changed="map-graph.clickData")
    panel = " ".join(texts(response["map-panel"]["children"]))
    assert "Kernstadt-Nord" in panel and "Sozialraum 2" in panel and "Caritas" in panel
    tables = texts(response["map-tables"]["children"])
    assert "Planungsbezirke – nur Kernstadt-Nord" in tables
    assert "Hausaufgabenhilfe GU Nordstraße" in tables and "Treffpunkt Deutsch" not in tables
    assert "auswahl=hn-kernstadt-nord" in response["map-location"]["search"]
    outline = [t for t in response["map-graph"]["figure"]["data"] if t.get("name") == "Auswahl"]
    assert outline and outline[0]["locations"] == ["hn-kernstadt-nord"]


def test_landkreis_shows_population_and_a_city_metric_falls_back_with_a_message(client):
    fallback = show(client, "?gebiet=landkreis&kennzahl=projects")
    assert fallback["map-location"]["search"] == "?gebiet=landkreis&kennzahl=allocation"
    assert "gibt es nur für die Stadt" in " ".join(texts(fallback["map-message"]["children"]))
    response = show(client, "?gebiet=landkreis&kennzahl=population")
    figure = response["map-graph"]["figure"]
    valued = next(t for t in figure["data"] if t["type"] == "choropleth")
    assert len(valued["locations"]) == 46 and dict(zip(valued["locations"], valued["z"]))["ags-08125005"] == 18181


def test_unknown_choices_get_german_messages(client):
    response = show(client, "?kennzahl=glueck&auswahl=hn-atlantis")
    messages = " ".join(texts(response["map-message"]["children"]))
    assert "Kennzahl „glueck“ gibt es nicht" in messages
    assert "Das Gebiet „hn-atlantis“ gibt es auf dieser Karte nicht" in messages


def test_download_is_a_standalone_folium_map(client):
    response = fire(client, "map-download.data", {"map-download-button.n_clicks": 1,
                                                  "map-location.search": "?kennzahl=active_cases"},
                    changed="map-download-button.n_clicks")
    download = response["map-download"]["data"]
    assert download["filename"] == "karte-stadt-heilbronn.html"
    data = download["content"]
    assert "leaflet" in data.lower() and "Stand 22.11.2026" in data
    for layer in ("Planungsbezirke", "Sozialräume", "Ehrenamtsprojekte", "Einrichtungen"):
        assert f"{json.dumps(layer)} : feature_group_" in data  # a switchable layer of the layer control
    assert "lädt beim Öffnen die Kartenbibliothek Leaflet aus dem Internet" in data
    assert "Aktive Fälle – Mitte" not in data  # no norm for counts
    assert re.search(r"Aktive Fälle</th><td>×", data)


@pytest.fixture
def writable_client(demo_url, tmp_path):
    client = create_app(make_settings(tmp_path, demo_url)).server.test_client()
    client.environ_base["HTTP_X_REMOTE_USER"] = "gis.amt"
    return client


def upload(client, content: bytes, filename: str, level="municipality"):
    import base64

    contents = "data:application/octet-stream;base64," + base64.b64encode(content).decode()
    return fire(client, "map-upload-result.children", {
        "map-upload.contents": contents, "map-upload.filename": filename, "map-upload-level.value": level,
        "map-upload-name-column.value": ""}, changed="map-upload.contents")


def test_admin_upload_imports_the_bkg_file_and_the_map_uses_it(writable_client, demo_url):
    report = " ".join(texts(upload(writable_client, BKG.read_bytes(), BKG.name)["map-upload-result"]["children"]))
    assert "47 Gebiete zugeordnet" in report
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        actor = conn.execute(text("SELECT actor FROM audit_log WHERE action = 'geo_import'")).scalar_one()
    engine.dispose()
    assert actor == "gis.amt"
    response = show(writable_client, "?gebiet=landkreis")
    assert not any("schematische" in a["text"] for a in response["map-graph"]["figure"]["layout"].get("annotations", []))
    assert "amtliche Grenzen (bkg_gemeinden_heilbronn_2013.geojson)" in " ".join(texts(response["map-note"]["children"]))


def test_admin_upload_of_a_broken_file_changes_nothing(writable_client, demo_url):
    report = upload(writable_client, b'{"type": "FeatureCollection", "features": [', "grenzen.geojson")
    text_ = " ".join(texts(report["map-upload-result"]["children"]))
    assert "Fehler – es wurde nichts geändert." in text_ and "kann nicht als GeoJSON gelesen werden" in text_
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM area_shapes WHERE source = 'imported'")).scalar_one() == 0
    engine.dispose()


def test_only_the_administration_imports_boundaries(tmp_path, db_templates):
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import transaction

    url = db_templates.sqlite(tmp_path / "roles.sqlite3")
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        users.add(session, "leser", hash_password("ein-langes-test-passwort-7"), "viewer", provider_code=None,
                  actor="test")
    client = create_app(make_settings(tmp_path, url, login_required=True)).server.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert client.post("/login", data={"username": "leser", "password": "ein-langes-test-passwort-7",
                                       "next": "/"}).status_code == 302
    refused = texts(upload(client, BKG.read_bytes(), BKG.name)["map-upload-result"]["children"])
    assert refused == ["✖ ", "Amtliche Grenzen importiert nur die Administration der Stadt."]  # the one feedback widget
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM area_shapes")).scalar_one() == 0
    engine.dispose()


def test_a_long_area_table_is_sent_a_page_at_a_time(demo_sqlite_url, tmp_path):
    """1.101 Gemeinden at Land scale were 1,6 MB of table below the map; the URL names the page."""
    import dataclasses

    from dashboard.services import maps as map_report
    from layouts import ids
    from layouts import map as map_page

    engine = make_engine(demo_sqlite_url)
    with make_session_factory(engine)() as session:
        view = map_report.map_view(session, make_settings(tmp_path, demo_sqlite_url))
    engine.dispose()
    many = dataclasses.replace(view, areas=view.areas * 3)  # 75 rows
    first = json.dumps(map_page.tables(many, None), default=lambda c: c.to_plotly_json(), ensure_ascii=False)
    second = json.dumps(map_page.tables(many, None, {"seite-gebiete": "2"}), default=lambda c: c.to_plotly_json(),
                        ensure_ascii=False)
    assert "Gebiete 1–50 von 75" in first and ids.TABLE_PAGE_BUTTON in first
    assert "Gebiete 51–75 von 75" in second
    assert first.count('"Tr"') - second.count('"Tr"') == 50 - 25


def test_the_territories_are_named_by_the_data_and_the_facilities_drawn_only_in_their_city(demo_url, tmp_path):
    """Issue 18, territory-neutral: Heilbronn's demo says "Stadt Heilbronn" and draws its facilities; a Land
    installation with several cities names how many and draws no Heilbronn facility."""
    from sqlalchemy import update

    from data.db import transaction
    from data.schema import Area, AreaKind

    client = create_app(make_settings(tmp_path, demo_url)).server.test_client()
    out = show(client, "")
    assert out["map-territory"]["options"] == [
        {"label": "Stadt Heilbronn", "value": "stadt"},
        {"label": "Landkreis Heilbronn", "value": "landkreis", "disabled": False}]
    assert any(t.get("name") == "Einrichtungen" for t in out["map-graph"]["figure"]["data"])
    engine = make_engine(demo_url)
    with transaction(make_session_factory(engine)) as session:
        session.add(Area(kind=AreaKind.city, code="bw-k02", name="Kreis 02", sort_order=2))
        session.execute(update(Area).where(Area.kind == AreaKind.city).values(ags=None))
        bump_revision(session)
    engine.dispose()
    out = show(client, "")
    assert out["map-territory"]["options"][0] == {"label": "Alle 2 Städte und Kreise", "value": "stadt"}
    assert not any(t.get("name") == "Einrichtungen" for t in out["map-graph"]["figure"]["data"])


def test_without_any_area_neither_territory_names_heilbronn(empty_url):
    from dashboard.services.maps import territory_options

    engine = make_engine(empty_url)
    with make_session_factory(engine)() as session:
        assert territory_options(session) == [
            {"label": "Stadt (keine Planungsbezirke erfasst)", "value": "stadt"},
            {"label": "Landkreis (keine Gemeinden erfasst)", "value": "landkreis", "disabled": True}]
    engine.dispose()
