"""The honest default geometry: Voronoi cells around anchor points, clipped to a plausible outline.

No official polygons of Heilbronn's Planungsbezirke are public, so until a city imports its
boundary file the map draws each district as the region closer to its anchor point than to any
other, inside the convex hull of all anchor points widened by a margin. The map labels these
shapes "schematische Darstellung – amtliche Grenzen importieren". The same is done for the
Gemeinden of a Landkreis from their centroids. Pure (shapely/pyproj); no dash, no database.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

SCHEMATIC_LABEL = "schematische Darstellung – amtliche Grenzen importieren"
# margin around the convex hull of the points, in metres
MARGIN_M = {"district": 1200.0, "municipality": 3500.0}



@functools.cache
def _transform(source: str, target: str):
    """pyproj (about 14 MB) loads when schematic cells are built, not with every web worker."""
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True).transform


@dataclass(frozen=True)
class Anchor:
    """An area with its anchor point; `parent_id` gets the union of its children's cells."""

    area_id: int
    lon: float
    lat: float
    parent_id: int | None = None


def voronoi_cells(anchors: Iterable[Anchor], margin_m: float,
                  outline: BaseGeometry | None = None) -> dict[int, BaseGeometry]:
    """Area id -> schematic cell (WGS84) for each anchor, plus dissolved parents.

    `outline` (WGS84), e.g. an imported city boundary, replaces the widened convex hull.

    Cells tile the outline without gaps or overlaps; two anchors on the same spot would share one
    cell, so the later one is moved by a metre.
    """
    anchors = list(anchors)
    if not anchors:
        return {}
    xs, ys = _transform("EPSG:4326", "EPSG:25832")([a.lon for a in anchors], [a.lat for a in anchors])
    points = _separate(np.column_stack([xs, ys]))
    multipoint = shapely.multipoints(points)
    if outline is not None:
        outline = _to_metric(outline)
    else:
        outline = shapely.convex_hull(multipoint).buffer(margin_m, quad_segs=8)
    if len(anchors) == 1:
        cells = [outline]
    else:
        regions = shapely.voronoi_polygons(multipoint, extend_to=outline, ordered=True)
        cells = [shapely.intersection(cell, outline) for cell in regions.geoms]
    result = {a.area_id: cell for a, cell in zip(anchors, cells)}
    children: dict[int, list[int]] = defaultdict(list)
    for a in anchors:
        if a.parent_id is not None:
            children[a.parent_id].append(a.area_id)
    for parent_id, ids in children.items():
        result[parent_id] = shapely.coverage_union_all(np.array([result[i] for i in ids], dtype=object))
    return {area_id: _to_wgs84(g) for area_id, g in result.items()}


def _separate(points: np.ndarray) -> np.ndarray:
    seen: set[tuple[float, float]] = set()
    out = points.copy()
    for i, (x, y) in enumerate(out):
        while (round(x), round(y)) in seen:
            x += 1.0
        out[i] = (x, y)
        seen.add((round(x), round(y)))
    return out


def _to_metric(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(_transform("EPSG:4326", "EPSG:25832")(xy[:, 0], xy[:, 1])))


def _to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    transformed = shapely.transform(geometry, lambda xy: np.column_stack(_transform("EPSG:25832", "EPSG:4326")(xy[:, 0], xy[:, 1])))
    return shapely.set_precision(transformed, 1e-6)
