"""Reading a boundary file: GeoJSON, GeoPackage or zipped Shapefile (any CRS), its first polygon layer,
and the columns that hold the official key (AGS, RS/ARS) and the names. What cannot be read is a
`BoundaryFileError` with a German message naming the file and the fix.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.boundaries.report import ImportReport, Target
from geo.names import ags_from_key, name_key

if TYPE_CHECKING:
    import geopandas as gpd

KEY_COLUMNS = ("AGS", "AGS_0", "RS", "RS_0", "ARS", "ARS_0", "GKZ", "GEMEINDESCHLUESSEL", "SCHLUESSEL")
NAME_COLUMNS = ("GEN", "NAME", "BEZ_NAME", "BEZEICHNUNG", "GEMEINDE", "GEMEINDENAME", "STADTTEIL",
                "STADTBEZIRK", "BEZIRK", "PLANUNGSBEZIRK", "PLB_NAME", "STT_NAME", "NAMEN")
SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "gezipptes Shapefile",
            ".shp": "Shapefile"}
FORMATS_TEXT = ("GeoJSON (.geojson/.json), GeoPackage (.gpkg) oder gezipptes Shapefile "
                "(.zip mit .shp, .shx, .dbf und .prj)")


class BoundaryFileError(ValueError):
    """The file cannot be used at all; German message naming the file and the fix."""


def read_boundary_file(path: str | Path) -> gpd.GeoDataFrame:
    """Read the first polygon layer of a GeoJSON, GeoPackage or zipped Shapefile (any CRS)."""
    # GDAL (pyogrio, ~50 MB) and geopandas/pyproj load here, on an import, not in every web worker
    import geopandas as gpd
    import pyogrio

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
            f"„{path.name}“ kann nicht als {SUFFIXES[suffix]} gelesen werden ({short_error(error)}). "
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


def short_error(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


# --- columns ----------------------------------------------------------------------------------


def _find_column(frame: gpd.GeoDataFrame, wanted: str) -> str | None:
    for column in frame.columns:
        if column != frame.geometry.name and str(column).upper() == wanted.upper():
            return str(column)
    return None


def find_key_column(frame: gpd.GeoDataFrame) -> str | None:
    for wanted in KEY_COLUMNS:
        column = _find_column(frame, wanted)
        if column is None:
            continue
        parsed = [ags_from_key(v) for v in frame[column]]
        if sum(p is not None for p in parsed) >= 0.9 * len(parsed):
            return column
    return None


def find_name_column(frame: gpd.GeoDataFrame, targets: list[Target], report: ImportReport,
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
