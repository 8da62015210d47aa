"""The map figure: norm in the middle of the scale, grey areas without a value, clockwise rings for
plotly's geo subplot, and the optional tile layer."""

import datetime as dt

import pytest
from shapely.geometry import box, mapping, shape

from dashboard.model.figures.maps import MapArea, MapView
from geo.figures import _nice, clockwise, map_figure


def view(metric="utilisation", values=(95.0, 121.0, None), norm=100.0):
    cells = [box(9.0 + i * 0.1, 49.0, 9.1 + i * 0.1, 49.1) for i in range(3)]  # counter-clockwise, as stored
    areas = tuple(MapArea(area_id=i, code=f"a{i}", name=f"Gebiet {i}", kind="district", value=v,
                          text="×" if v is None else f"{v:.0f} %", provider="AWO", provider_code="awo")
                  for i, v in enumerate(values))
    return MapView(as_of=dt.date(2026, 11, 22), stand=None, territory="stadt", level="district", metric=metric,
                   metric_label="Auslastung (%)", norm=norm, thresholds=(100.0, 120.0), threshold=5, areas=areas,
                   schematic=True, schematic_label="schematische Darstellung – amtliche Grenzen importieren",
                   geojson={"type": "FeatureCollection",
                            "features": [{"type": "Feature", "id": f"a{i}", "properties": {}, "geometry": mapping(c)}
                                         for i, c in enumerate(cells)]},
                   shape_sources=(), projects=(), facilities=(), providers=(), note=None)


def test_norm_sits_in_the_middle_and_missing_values_are_grey():
    figure = map_figure(view())
    scale, grey = figure["data"][0], figure["data"][1]
    assert (scale["zmin"], scale["zmid"], scale["zmax"]) == (75.0, 100.0, 125.0)  # 21 over the norm → ±25
    assert list(scale["colorbar"]["ticktext"]) == ["75 %", "<b>Norm 100 %</b>", "125 %"]
    assert list(grey["locations"]) == ["a2"] and grey["text"][0].endswith("Auslastung (%): ×")
    assert [f["id"] for f in grey["geojson"]["features"]] == ["a2"]  # each trace carries only its areas
    assert figure["layout"]["annotations"][0]["text"] == ("<b>schematische Darstellung – amtliche Grenzen "
                                                          "importieren</b>")


def test_far_over_the_norm_the_scale_still_starts_at_zero():
    """Issue 18 (Land demo: teams at 350 %): the diverging scale keeps the norm white but never shows
    a negative utilisation at its lower end."""
    scale = map_figure(view(values=(20.0, 350.0, None)))["data"][0]
    assert scale["zmin"] == 0.0 and scale["zmid"] == 100.0 and scale["zmax"] >= 350.0
    assert scale["colorbar"]["ticktext"][0] == "0 %"


def test_selected_area_is_outlined():
    figure = map_figure(view(), selected="a1")
    outline = next(t for t in figure["data"] if t.get("name") == "Auswahl")
    assert list(outline["locations"]) == ["a1"] and outline["marker"]["line"]["width"] == 5


def test_rings_are_turned_clockwise_for_the_geo_subplot():
    turned = clockwise(view().geojson)
    ring = shape(turned["features"][0]["geometry"]).exterior
    assert not ring.is_ccw
    assert shape(turned["features"][0]["geometry"]).equals(box(9.0, 49.0, 9.1, 49.1))


def test_tile_url_switches_to_maplibre_with_a_raster_layer():
    figure = map_figure(view(), tile_url="https://kacheln.example.org/{z}/{x}/{y}.png")
    assert {t["type"] for t in figure["data"]} == {"choroplethmap"}
    layer = figure["layout"]["map"]["layers"][0]
    assert layer["sourcetype"] == "raster" and list(layer["source"]) == ["https://kacheln.example.org/{z}/{x}/{y}.png"]
    assert figure["layout"]["map"]["style"] == "white-bg"


@pytest.mark.parametrize("span, nice", [(0.3, 0.5), (3, 5), (21, 25), (25, 25), (26, 50), (120, 200)])
def test_nice_half_width(span, nice):
    assert _nice(span) == nice


@pytest.mark.parametrize("value, ok", [
    ("", True), ("https://kacheln.example.org/{z}/{x}/{y}.png", True),
    ("http://kacheln.example.org/{z}/{x}/{y}.png", False), ("https://kacheln.example.org/tiles.png", False),
])
def test_tile_url_setting(value, ok):
    from dashboard.settings import Settings, SettingsError

    env = {"IMC_MAP_TILE_URL": value}
    if ok:
        assert Settings.from_env(env).map_tile_url == (value or None)
    else:
        with pytest.raises(SettingsError, match="IMC_MAP_TILE_URL muss eine https-Adresse mit"):
            Settings.from_env(env)


def test_content_security_policy_opens_only_for_the_configured_tile_server(tmp_path):
    from dashboard.app import create_app
    from tests.helpers import make_settings

    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    plain = create_app(make_settings(tmp_path, url)).server.test_client().get("/login")
    assert "worker-src" not in plain.headers["Content-Security-Policy"]
    tiles = create_app(make_settings(tmp_path, url, map_tile_url="https://kacheln.example.org/{z}/{x}/{y}.png"))
    policy = tiles.server.test_client().get("/login").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://kacheln.example.org;" in policy
    assert "connect-src 'self' https://kacheln.example.org;" in policy and "worker-src blob:;" in policy


def test_labels_that_would_overlap_fall_back_to_the_value_then_to_none():
    from geo.figures import placed

    points = [(9.20, 49.14), (9.2001, 49.1401), (9.2002, 49.1402), (9.30, 49.20)]
    wanted = ["Kernstadt<br><b>111 %</b>", "Nordstadt<br><b>122 %</b>", "", "Biberach<br><b>90 %</b>"]
    fallback = ["111 %", "122 %", "95 %", "90 %"]
    shown = placed(wanted, fallback, points, [4.0, 3.0, 2.0, 1.0], font_px=15, height_px=600)
    assert shown[0] == (wanted[0], "middle center") and shown[3] == (wanted[3], "middle center")
    assert shown[1][0] == "" and shown[2][0] == ""  # on top of the first: not even the value fits anywhere
    apart = placed(["A<br><b>1</b>", "B<br><b>2</b>"], ["1", "2"], [(9.2, 49.1), (9.3, 49.1)], [1, 1],
                   font_px=15, height_px=600)
    assert [label for label, _ in apart] == ["A<br><b>1</b>", "B<br><b>2</b>"]


def test_a_label_keeps_clear_of_a_marker_on_its_point():
    from geo.figures import placed

    points = [(9.20, 49.14), (9.30, 49.20)]
    free = placed(["A<br><b>1</b>", "B<br><b>2</b>"], ["1", "2"], points, [1, 1], font_px=15, height_px=600)
    assert free[0] == ("A<br><b>1</b>", "middle center")
    marked = placed(["A<br><b>1</b>", "B<br><b>2</b>"], ["1", "2"], points, [1, 1], font_px=15, height_px=600,
                    obstacles=[(9.20, 49.14, 7.5)])
    assert marked[0] == ("A<br><b>1</b>", "top center") and marked[1] == ("B<br><b>2</b>", "middle center")


def test_geometry_is_built_once_per_shape_revision_and_values_change_per_view():
    from geo.figures import geometry

    first = dataclasses_replace(view(values=(95.0, 121.0, None)), shape_revision="district:r1")
    second = dataclasses_replace(view(values=(50.0, 60.0, 70.0)), shape_revision="district:r1")
    assert geometry(first, False) is geometry(second, False)  # the same revision: built once
    assert geometry(first, True) is not geometry(first, False)  # the tile map keeps the stored rings
    other = dataclasses_replace(first, shape_revision="district:r2")
    assert geometry(other, False) is not geometry(first, False)  # a new revision: built anew
    z = map_figure(second)["data"][0]["z"]
    assert list(z) == [50.0, 60.0, 70.0]  # the values are the view's own
    uncached = dataclasses_replace(first, shape_revision=None)
    assert geometry(uncached, False) is not geometry(uncached, False)  # no revision: nothing kept
    assert map_figure(first) == map_figure(dataclasses_replace(first, shape_revision=None))


def dataclasses_replace(value, **changes):
    import dataclasses

    return dataclasses.replace(value, **changes)
