"""The schematic default: Voronoi cells around the anchor points, a gap-free tiling of an outline."""

import shapely
from shapely.geometry import Point, box

from data.reference_files import heilbronn_areas
from geo.schematic import Anchor, voronoi_cells


def test_heilbronn_districts_tile_the_outline_and_hold_their_anchor():
    ref = heilbronn_areas()
    number = {name: int(n) for n, sa in ref["social_areas"].items() for name in sa["districts"]}
    anchors = [Anchor(i, a["lon"], a["lat"], parent_id=100 + number[a["name"]]) for i, a in enumerate(ref["areas"])]
    cells = voronoi_cells(anchors, 1200)
    assert set(cells) == set(range(25)) | {101, 102, 103}
    districts = [cells[i] for i in range(25)]
    assert all(cells[a.area_id].contains(Point(a.lon, a.lat)) for a in anchors)
    assert shapely.coverage_is_valid(districts)  # no overlaps, shared edges identical
    whole = shapely.union_all(districts)
    assert whole.geom_type == "Polygon" and not whole.interiors  # no gaps
    sozialraeume = shapely.union_all([cells[101], cells[102], cells[103]])
    assert sozialraeume.symmetric_difference(whole).area < 1e-9


def test_two_points_split_a_given_outline_in_the_middle():
    outline = box(9.0, 49.0, 9.2, 49.1)
    cells = voronoi_cells([Anchor(1, 9.05, 49.05), Anchor(2, 9.15, 49.05)], 0, outline)
    # (edges are straight in metres, so they bow by a hair in degrees)
    assert cells[1].union(cells[2]).symmetric_difference(outline).area < 1e-3 * outline.area
    # the bisector of two points at the same latitude is (nearly) the meridian half-way
    assert abs(cells[1].bounds[2] - 9.1) < 0.002
    assert abs(cells[1].area - cells[2].area) / outline.area < 0.01


def test_coinciding_anchor_points_still_get_a_cell_each():
    cells = voronoi_cells([Anchor(1, 9.2, 49.14), Anchor(2, 9.2, 49.14), Anchor(3, 9.25, 49.15)], 500)
    assert all(not cells[i].is_empty for i in (1, 2, 3))
