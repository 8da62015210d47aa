"""Maps of many outline points are drawn without sub-pixel detail (geo.figures._lighter)."""

from __future__ import annotations

import math

import shapely
from shapely.geometry import Point, mapping, shape

from geo.figures import DETAIL_VERTICES, DIGITS, SUBPIXEL, _lighter


def _circles(n: int, points: int) -> dict:
    """n round areas side by side, each with `points` outline points."""
    features = []
    for i in range(n):
        ring = Point(9.0 + 0.1 * i, 48.0).buffer(0.04, quad_segs=points // 4)
        features.append({"type": "Feature", "id": f"a{i}", "properties": {}, "geometry": mapping(ring)})
    return {"type": "FeatureCollection", "features": features}


def test_a_city_map_keeps_every_point():
    city = _circles(25, 40)
    assert _lighter(city) is city


def test_a_map_of_many_points_loses_only_what_a_pixel_cannot_show():
    land = _circles(40, 1000)
    assert sum(len(f["geometry"]["coordinates"][0]) for f in land["features"]) > DETAIL_VERTICES
    light = _lighter(land)
    before = sum(len(f["geometry"]["coordinates"][0]) for f in land["features"])
    after = sum(len(f["geometry"]["coordinates"][0]) for f in light["features"])
    assert after < before / 5
    extent = 0.1 * 39 + 0.08
    for old, new in zip(land["features"], light["features"]):
        assert new["id"] == old["id"]
        a, b = shape(old["geometry"]), shape(new["geometry"])
        assert shapely.hausdorff_distance(a, b) <= extent * SUBPIXEL + 10 ** -DIGITS  # within about a pixel
        assert all(round(x, DIGITS) == x for x, _y in new["geometry"]["coordinates"][0])
        assert math.isclose(a.area, b.area, rel_tol=0.05)  # a 0,04°-circle at 0,0027° tolerance
