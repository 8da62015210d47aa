"""Import of official boundary files: read, reproject, repair, match to areas, simplify, dissolve.

`prepare_import` turns a GeoJSON, GeoPackage or zipped Shapefile in any CRS into display shapes
(WGS84, simplified without gaps or overlaps between neighbours) for the areas of one level, plus a
German report. A report with errors carries no shapes: the caller then changes nothing.
Matching goes by official key (AGS, or RS/ARS from which the AGS follows) where the file has one,
otherwise by normalised name (`geo.names.name_key`). Imports neither dash nor the database layer's
sessions: the caller passes the candidate areas (`Target`).
"""

from __future__ import annotations

import difflib
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from dashboard.model.formatting import fmt_number
from geo.names import ags_from_key, name_key

WGS84 = "EPSG:4326"
# ETRS89 / UTM zone 32N: metres for all of Germany west of 12° E (and usable a bit beyond); used
# for distances, gap widths and simplification tolerances.
METRIC = "EPSG:25832"

LEVELS = {"district": "Planungsbezirke", "municipality": "Gemeinden"}
# simplification tolerance and the largest distance an area's anchor point may lie from its shape
TOLERANCE_M = {"district": 8.0, "municipality": 25.0}
ANCHOR_DISTANCE_M = {"district": 2000.0, "municipality": 5000.0}
KEY_COLUMNS = ("AGS", "AGS_0", "RS", "RS_0", "ARS", "ARS_0", "GKZ", "GEMEINDESCHLUESSEL", "SCHLUESSEL")
NAME_COLUMNS = ("GEN", "NAME", "BEZ_NAME", "BEZEICHNUNG", "GEMEINDE", "GEMEINDENAME", "STADTTEIL",
                "STADTBEZIRK", "BEZIRK", "PLANUNGSBEZIRK", "PLB_NAME", "STT_NAME", "NAMEN")
SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "gezipptes Shapefile",
            ".shp": "Shapefile"}
FORMATS_TEXT = ("GeoJSON (.geojson/.json), GeoPackage (.gpkg) oder gezipptes Shapefile "
                "(.zip mit .shp, .shx, .dbf und .prj)")
MAX_LISTED = 8


class BoundaryFileError(ValueError):
    """The file cannot be used at all; German message naming the file and the fix."""


@dataclass(frozen=True)
class Target:
    """An area a feature of the file may match."""

    area_id: int
    name: str
    ags: str | None = None
    lat: float | None = None
    lon: float | None = None
    parent_id: int | None = None


@dataclass
class ImportReport:
    """What the import found, in German. `errors` non-empty: nothing may be written."""

    file: str
    level: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name_column: str | None = None
    key_column: str | None = None
    matched: dict[int, str] = field(default_factory=dict)  # area id -> name in the file

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self) -> str:
        """The report as lines for a terminal or a page."""
        head = (f"Grenzdatei „{self.file}“ ({LEVELS.get(self.level, self.level)}): "
                + ("Fehler – es wurde nichts geändert." if self.errors
                   else f"{len(self.matched)} Gebiete zugeordnet."))
        lines = [head]
        lines += [f"FEHLER: {e}" for e in self.errors]
        lines += [f"Hinweis: {w}" for w in self.warnings]
        lines += [f"Info: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass
class PreparedImport:
    report: ImportReport
    # area id -> display geometry (WGS84), for the level's areas and their dissolved parents
    shapes: dict[int, BaseGeometry] = field(default_factory=dict)


# --- reading ----------------------------------------------------------------------------------


def read_boundary_file(path: str | Path) -> gpd.GeoDataFrame:
    """Read the first polygon layer of a GeoJSON, GeoPackage or zipped Shapefile (any CRS)."""
    path = Path(path)
    if not path.is_file():
        raise BoundaryFileError(f"Die Datei „{path}“ gibt es nicht. Bitte den Pfad prüfen.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BoundaryFileError(f"„{path.name}“: Dateiendung „{suffix or '(keine)'}“ wird nicht unterstützt. "
                                f"Erwartet: {FORMATS_TEXT}.")
    source = str(path)
    if suffix == ".zip":
        source = _shapefile_in_zip(path)
    try:
        layers = pyogrio.list_layers(source)
        layer = _polygon_layer(path, layers)
        frame = gpd.read_file(source, layer=layer, engine="pyogrio")
    except BoundaryFileError:
        raise
    except Exception as error:  # pyogrio/GDAL raise several unrelated types for broken files
        raise BoundaryFileError(
            f"„{path.name}“ kann nicht als {SUFFIXES[suffix]} gelesen werden ({_short(error)}). "
            f"Ist die Datei vollständig? Erwartet: {FORMATS_TEXT}.") from None
    if frame.empty:
        raise BoundaryFileError(f"„{path.name}“ enthält keine Objekte (Ebene „{layer}“).")
    return frame


def _shapefile_in_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise BoundaryFileError(f"„{path.name}“ ist keine gültige ZIP-Datei. Bitte das Shapefile mit "
                                ".shp, .shx, .dbf und .prj neu packen.") from None
    shps = [n for n in names if n.lower().endswith(".shp")]
    if len(shps) != 1:
        found = ", ".join(shps) or "keine"
        raise BoundaryFileError(f"„{path.name}“ muss genau ein Shapefile (.shp) enthalten, gefunden: {found}.")
    stem = shps[0][:-4]
    missing = [ext for ext in (".shx", ".dbf") if not any(n.lower() == (stem + ext).lower() for n in names)]
    if missing:
        raise BoundaryFileError(f"In „{path.name}“ fehlt zu „{shps[0]}“: {', '.join(missing)}. Ein Shapefile "
                                "besteht mindestens aus .shp, .shx und .dbf (und .prj für das Koordinatensystem).")
    return f"/vsizip/{path}/{shps[0]}"


def _polygon_layer(path: Path, layers) -> str:
    polygonal = [str(name) for name, kind in layers if kind and "polygon" in str(kind).lower()]
    if polygonal:
        return polygonal[0]
    if len(layers):
        return str(layers[0][0])
    raise BoundaryFileError(f"„{path.name}“ enthält keine Ebene mit Flächen.")


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


# --- columns ----------------------------------------------------------------------------------


def _find_column(frame: gpd.GeoDataFrame, wanted: str) -> str | None:
    for column in frame.columns:
        if column != frame.geometry.name and str(column).upper() == wanted.upper():
            return str(column)
    return None


def _key_column(frame: gpd.GeoDataFrame) -> str | None:
    for wanted in KEY_COLUMNS:
        column = _find_column(frame, wanted)
        if column is None:
            continue
        parsed = [ags_from_key(v) for v in frame[column]]
        if sum(p is not None for p in parsed) >= 0.9 * len(parsed):
            return column
    return None


def _name_column(frame: gpd.GeoDataFrame, targets: list[Target], report: ImportReport,
                 chosen: str | None) -> str | None:
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    if chosen:
        column = _find_column(frame, chosen)
        if column is None:
            report.errors.append(f"Die Spalte „{chosen}“ gibt es in der Datei nicht. Spalten der Datei: "
                                 f"{', '.join(columns) or '(keine)'}. Bitte --name-column richtig angeben.")
        return column
    known = {name_key(t.name) for t in targets}
    scored = []
    for order, column in enumerate(columns):
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        hits = sum(name_key(v) in known for v in values if isinstance(v, str))
        preferred = column.upper() in NAME_COLUMNS
        scored.append((hits, preferred, -order, column))
    best = max(scored, default=None)
    if best is None or (best[0] == 0 and not best[1]):
        return None
    return best[3]


# --- the pipeline -----------------------------------------------------------------------------


def prepare_import(path: str | Path, targets: list[Target], level: str, *,
                   name_column: str | None = None) -> PreparedImport:
    """Read `path` and turn it into display shapes for `targets` (all-or-nothing report)."""
    if level not in LEVELS:
        raise ValueError(f"Ebene „{level}“ unbekannt; erlaubt: {', '.join(LEVELS)}.")
    report = ImportReport(file=Path(path).name, level=level)
    try:
        frame = read_boundary_file(path)
    except BoundaryFileError as error:
        report.errors.append(str(error))
        return PreparedImport(report)

    frame = _to_wgs84(frame, report)
    key_col = _key_column(frame) if level == "municipality" else None
    name_col = _name_column(frame, targets, report, name_column)
    report.key_column, report.name_column = key_col, name_col
    if report.errors:
        return PreparedImport(report)
    if key_col is None and name_col is None:
        columns = [str(c) for c in frame.columns if c != frame.geometry.name]
        report.errors.append(
            "Keine Spalte mit Namen oder Schlüsseln der " + LEVELS[level] + " gefunden. Spalten der Datei: "
            + (", ".join(columns) or "(keine)") + ". Mit --name-column SPALTE die Spalte mit den Namen angeben"
            + (" oder eine Spalte AGS/RS mit dem Gemeindeschlüssel mitliefern." if level == "municipality" else "."))
        return PreparedImport(report)
    report.notes.append(_column_note(key_col, name_col, name_column))

    labels = [_label(i, frame, name_col) for i in range(len(frame))]
    geometries = _repair(frame.geometry.to_numpy(), labels, report)
    assignment = _match(frame, targets, key_col, name_col, labels, report)
    if report.errors:
        return PreparedImport(report)

    merged = _merge_parts(assignment, geometries, labels, targets, report)
    metric = _project(merged, WGS84, METRIC)
    _check_anchors(metric, targets, level, report, frame.crs)
    if report.errors:
        return PreparedImport(report)
    report.matched = {area_id: _first_name(frame, name_col, rows) for area_id, rows in assignment.items()}
    shapes = _display_shapes(metric, targets, TOLERANCE_M[level], report)
    return PreparedImport(report, shapes)


def _column_note(key_col, name_col, chosen) -> str:
    how = "angegeben" if chosen else "automatisch erkannt"
    if key_col:
        return (f"Zuordnung über den Schlüssel in Spalte „{key_col}“ (AGS); Namen aus Spalte "
                f"„{name_col or '–'}“ ({how}).")
    return f"Zuordnung über die Namen in Spalte „{name_col}“ ({how})."


def _label(index: int, frame: gpd.GeoDataFrame, name_col: str | None) -> str:
    name = frame[name_col].iloc[index] if name_col else None
    return f"Objekt {index + 1}" + (f" („{name}“)" if isinstance(name, str) and name.strip() else "")


def _first_name(frame, name_col, rows) -> str:
    if name_col:
        value = frame[name_col].iloc[rows[0]]
        if isinstance(value, str):
            return value
    return f"Objekt {rows[0] + 1}"


def _to_wgs84(frame: gpd.GeoDataFrame, report: ImportReport) -> gpd.GeoDataFrame:
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
                             f"umrechnen: {_short(error)}.")
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


def _repair(geometries: np.ndarray, labels: list[str], report: ImportReport) -> list[BaseGeometry | None]:
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


def _match(frame, targets: list[Target], key_col, name_col, labels, report) -> dict[int, list[int]]:
    """Area id -> row positions of the file; errors for unknown and ambiguous features."""
    by_ags = {t.ags: t for t in targets if t.ags}
    by_name: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        by_name[name_key(t.name)].append(t)
    counties = {t.ags[:5] for t in targets if t.ags}
    assignment: dict[int, list[int]] = defaultdict(list)
    unknown, outside = [], []
    for row in range(len(frame)):
        if key_col:
            raw = frame[key_col].iloc[row]
            ags = ags_from_key(raw)
            if ags is None:
                report.errors.append(f"{labels[row]}: „{raw}“ in Spalte „{key_col}“ ist kein Gemeindeschlüssel "
                                     "(AGS mit 8 oder RS mit 12 Ziffern).")
            elif ags in by_ags:
                assignment[by_ags[ags].area_id].append(row)
            elif ags[:5] in counties:
                unknown.append(f"{labels[row]} mit Schlüssel {ags}")
            else:
                outside.append((ags[:5], labels[row]))
            continue
        name = frame[name_col].iloc[row]
        found = by_name.get(name_key(name)) if isinstance(name, str) else None
        if not found:
            unknown.append(labels[row] + _suggestion(name, targets))
        elif len(found) > 1:
            report.errors.append(f"{labels[row]}: der Name passt zu mehreren Gebieten "
                                 f"({', '.join(t.name for t in found)}); bitte eine Schlüsselspalte mitliefern.")
        else:
            assignment[found[0].area_id].append(row)
    if unknown:
        report.errors.append(f"{len(unknown)} Objekt(e) der Datei passen zu keinem der {LEVELS[report.level]} "
                             f"in der Datenbank: {_listing(unknown)}. Bitte die Namen in der Datei korrigieren "
                             "oder mit --name-column die richtige Spalte wählen.")
    if outside:
        keys = sorted({k for k, _ in outside})
        report.notes.append(f"{len(outside)} Objekt(e) außerhalb des Gebiets (Kreisschlüssel {', '.join(keys)}) "
                            f"übergangen: {_listing([label for _, label in outside])}.")
    missing = [t.name for t in targets if t.area_id not in assignment]
    if missing:
        report.errors.append(f"Der Datei fehlen {len(missing)} von {len(targets)} {LEVELS[report.level]}: "
                             f"{_listing(missing)}. Ohne sie hätte die Karte Lücken; bitte eine vollständige "
                             "Datei importieren.")
    return assignment


def _suggestion(name, targets: list[Target]) -> str:
    if not isinstance(name, str) or not name.strip():
        return " (ohne Namen)"
    keys = {name_key(t.name): t.name for t in targets}
    close = difflib.get_close_matches(name_key(name), list(keys), n=1, cutoff=0.75)
    return f" – meinten Sie „{keys[close[0]]}“?" if close else ""


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" und {len(items) - MAX_LISTED} weitere" if len(items) > MAX_LISTED else "")


def _merge_parts(assignment, geometries, labels, targets, report) -> dict[int, BaseGeometry]:
    names = {t.area_id: t.name for t in targets}
    merged = {}
    for area_id, rows in assignment.items():
        if len(rows) > 1:
            report.warnings.append(f"„{names[area_id]}“ kommt {len(rows)}-mal vor "
                                   f"({', '.join(labels[r] for r in rows)}); die Teile wurden zu einer Fläche "
                                   "zusammengeführt.")
        merged[area_id] = shapely.union_all([geometries[r] for r in rows])
    return merged


def _project(shapes: dict[int, BaseGeometry], source: str, target: str) -> dict[int, BaseGeometry]:
    series = gpd.GeoSeries(list(shapes.values()), index=list(shapes), crs=source).to_crs(target)
    return dict(zip(series.index, series.to_numpy()))


def _check_anchors(metric: dict[int, BaseGeometry], targets: list[Target], level: str, report, crs) -> None:
    """Each area's anchor point must lie in or near its new shape (catches wrong CRS, swapped axes)."""
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
            f"{_listing(far)}. Stimmt das Koordinatensystem der Datei ({crs.to_string() if crs else 'keins'})? "
            "Sind Rechts- und Hochwert (x/y) vertauscht? Passt die Datei zum Gebiet?")


def _display_shapes(metric: dict[int, BaseGeometry], targets: list[Target], tolerance: float,
                    report: ImportReport) -> dict[int, BaseGeometry]:
    """Clean the coverage (no gaps/overlaps), simplify with shared edges, dissolve one level up."""
    ids = list(metric)
    values = np.array([metric[i] for i in ids], dtype=object)
    try:
        cleaned = shapely.coverage_clean(values, gap_width=2 * tolerance)
        simplified = shapely.coverage_simplify(cleaned, tolerance)
    except shapely.errors.GEOSException as error:
        report.warnings.append(f"Die Flächen bilden keine saubere Überdeckung ({_short(error)}); sie wurden "
                               "einzeln vereinfacht, zwischen Nachbarn können kleine Lücken bleiben.")
        simplified = shapely.simplify(values, tolerance, preserve_topology=True)
    shapes = dict(zip(ids, simplified))
    parents: dict[int, list[int]] = defaultdict(list)
    for t in targets:
        if t.parent_id is not None and t.area_id in shapes:
            parents[t.parent_id].append(t.area_id)
    for parent_id, children in parents.items():
        shapes[parent_id] = shapely.coverage_union_all(np.array([shapes[c] for c in children], dtype=object))
    wgs = _project(shapes, METRIC, WGS84)
    return {area_id: shapely.set_precision(g, 1e-6) for area_id, g in wgs.items()}
