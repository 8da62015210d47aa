"""The geometry of an import: reproject to WGS84, repair invalid shapes, merge parts, check each area's
anchor point, and the display shapes (a clean coverage without gaps or overlaps between neighbours,
simplified with shared edges, dissolved one level up). Metres (UTM 32N) for distances and tolerances.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.model.formatting import fmt_number
from geo.boundaries.reading import short_error
from geo.boundaries.report import ImportReport, Target, listing

if TYPE_CHECKING:  # geopandas (and pyproj) load with a boundary import, not with the web app
    import geopandas as gpd

WGS84 = "EPSG:4326"
# ETRS89 / UTM zone 32N: metres for all of Germany west of 12° E (and usable a bit beyond); used
# for distances, gap widths and simplification tolerances.
METRIC = "EPSG:25832"

# simplification tolerance and the largest distance an area's anchor point may lie from its shape
TOLERANCE_M = {"district": 8.0, "municipality": 25.0}
ANCHOR_DISTANCE_M = {"district": 2000.0, "municipality": 5000.0}


def to_wgs84(frame: gpd.GeoDataFrame, report: ImportReport) -> gpd.GeoDataFrame:
    if frame.crs is None:
        report.errors.append(
            "Die Datei gibt kein Koordinatensystem an (beim Shapefile fehlt die .prj-Datei). Bitte die "
            "Datei mit Koordinatensystem exportieren, z. B. ETRS89 / UTM 32N (EPSG:25832) oder WGS84 (EPSG:4326).")
        return frame
    source = frame.crs.to_string()
    try:
        result = frame.to_crs(WGS84) if not frame.crs.equals(WGS84) else frame
    except Exception as error:  # pyproj raises its own types for unknown or broken definitions
        report.errors.append(f"Das Koordinatensystem der Datei ({source}) lässt sich nicht nach WGS84 "
                             f"umrechnen: {short_error(error)}.")
        return frame
    bounds = result.total_bounds
    if not np.all(np.isfinite(bounds)) or bounds[0] < -180 or bounds[2] > 180 or bounds[1] < -90 or bounds[3] > 90:
        report.errors.append(
            f"Die Koordinaten passen nicht zum angegebenen Koordinatensystem {source}: umgerechnet liegen sie "
            f"außerhalb der Erde (x {fmt_number(bounds[0], 0)} bis {fmt_number(bounds[2], 0)}, y {fmt_number(bounds[1], 0)} bis {fmt_number(bounds[3], 0)}). "
            "Vermutlich sind die Koordinaten in Metern (z. B. UTM 32N, EPSG:25832), die Datei nennt aber "
            "ein anderes System. Bitte mit dem richtigen Koordinatensystem exportieren.")
        return frame
    if not frame.crs.equals(WGS84):
        report.notes.append(f"Koordinatensystem {frame.crs.name} ({source}) nach WGS84 umgerechnet.")
    return result


def repair(geometries: np.ndarray, labels: list[str], report: ImportReport) -> list[BaseGeometry | None]:
    """Valid polygonal geometry per feature; None (and an error) where nothing usable is left."""
    result: list[BaseGeometry | None] = []
    for geometry, label in zip(geometries, labels):
        if geometry is None or geometry.is_empty:
            report.errors.append(f"{label}: keine Geometrie (leer). Bitte die Fläche in der Datei ergänzen "
                                 "oder das Objekt entfernen.")
            result.append(None)
            continue
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            geometry = shapely.make_valid(geometry)
            report.warnings.append(f"{label}: ungültige Geometrie ({_reason_text(reason)}) wurde repariert.")
        polygons = _polygonal(geometry)
        if polygons is None:
            report.errors.append(f"{label}: Geometrietyp {geometry.geom_type} ist keine Fläche. Erwartet werden "
                                 "Polygone oder Multipolygone.")
        result.append(polygons)
    return result


def _reason_text(reason: str) -> str:
    words = {"Self-intersection": "Selbstüberschneidung", "Ring Self-intersection": "Ring überschneidet sich",
             "Too few points": "zu wenige Punkte", "Hole lies outside shell": "Loch außerhalb der Fläche",
             "Nested shells": "verschachtelte Flächen", "Interior is disconnected": "Inneres zerfällt"}
    for english, german in words.items():
        if reason.startswith(english):
            return german + reason[len(english):].replace("[", " bei [")
    return reason


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts)


def merge_parts(assignment, geometries, labels, targets, report) -> dict[int, BaseGeometry]:
    names = {t.area_id: t.name for t in targets}
    merged = {}
    for area_id, rows in assignment.items():
        if len(rows) > 1:
            report.warnings.append(f"„{names[area_id]}“ kommt {len(rows)}-mal vor "
                                   f"({', '.join(labels[r] for r in rows)}); die Teile wurden zu einer Fläche "
                                   "zusammengeführt.")
        merged[area_id] = shapely.union_all([geometries[r] for r in rows])
    return merged


def project(shapes: dict[int, BaseGeometry], source: str, target: str) -> dict[int, BaseGeometry]:
    import geopandas as gpd

    series = gpd.GeoSeries(list(shapes.values()), index=list(shapes), crs=source).to_crs(target)
    return dict(zip(series.index, series.to_numpy()))


def check_anchors(metric: dict[int, BaseGeometry], targets: list[Target], level: str, report, crs) -> None:
    """Each area's anchor point must lie in or near its new shape (catches wrong CRS, swapped axes)."""
    import geopandas as gpd

    limit = ANCHOR_DISTANCE_M[level]
    anchored = [t for t in targets if t.lat is not None and t.lon is not None and t.area_id in metric]
    if not anchored:
        return
    points = gpd.GeoSeries(gpd.points_from_xy([t.lon for t in anchored], [t.lat for t in anchored]),
                           crs=WGS84).to_crs(METRIC).to_numpy()
    far = []
    for target, point in zip(anchored, points):
        distance = metric[target.area_id].distance(point)
        if distance > limit:
            far.append(f"„{target.name}“ {fmt_number(distance / 1000, 1)} km")
    if far:
        report.errors.append(
            f"{len(far)} Flächen liegen weit von ihrem Ankerpunkt entfernt (erlaubt {fmt_number(limit / 1000, 0)} km): "
            f"{listing(far)}. Stimmt das Koordinatensystem der Datei ({crs.to_string() if crs else 'keins'})? "
            "Sind Rechts- und Hochwert (x/y) vertauscht? Passt die Datei zum Gebiet?")


def display_shapes(metric: dict[int, BaseGeometry], targets: list[Target], tolerance: float,
                    report: ImportReport) -> dict[int, BaseGeometry]:
    """Clean the coverage (no gaps/overlaps), simplify with shared edges, dissolve one level up."""
    ids = list(metric)
    values = np.array([metric[i] for i in ids], dtype=object)
    try:
        cleaned = shapely.coverage_clean(values, gap_width=2 * tolerance)
        simplified = shapely.coverage_simplify(cleaned, tolerance)
    except shapely.errors.GEOSException as error:
        report.warnings.append(f"Die Flächen bilden keine saubere Überdeckung ({short_error(error)}); sie wurden "
                               "einzeln vereinfacht, zwischen Nachbarn können kleine Lücken bleiben.")
        simplified = shapely.simplify(values, tolerance, preserve_topology=True)
    shapes = dict(zip(ids, simplified))
    parents: dict[int, list[int]] = defaultdict(list)
    for t in targets:
        if t.parent_id is not None and t.area_id in shapes:
            parents[t.parent_id].append(t.area_id)
    for parent_id, children in parents.items():
        shapes[parent_id] = shapely.coverage_union_all(np.array([shapes[c] for c in children], dtype=object))
    wgs = project(shapes, METRIC, WGS84)
    return {area_id: shapely.set_precision(g, 1e-6) for area_id, g in wgs.items()}
