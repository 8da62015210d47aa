"""Import of official boundary files: read, reproject, repair, match to areas, simplify, dissolve.

`prepare_import` turns a GeoJSON, GeoPackage or zipped Shapefile in any CRS into display shapes
(WGS84, simplified without gaps or overlaps between neighbours) for the areas of one level, plus a
German report. A report with errors carries no shapes: the caller then changes nothing.
Matching goes by official key (AGS, or RS/ARS from which the AGS follows) where the file has one,
otherwise by normalised name (`geo.names.name_key`). Imports neither dash nor the database layer's
sessions: the caller passes the candidate areas (`Target`); storing the shapes is `geo.store`, the
default (schematic) geometry `geo.schematic`.

reading (file, layer, key and name columns) · matching (features → areas) · geometry (CRS, repair,
anchors, display shapes) · pipeline (`prepare_import`) · report (`ImportReport`, `Target`).
"""

from __future__ import annotations

from geo.boundaries.geometry import ANCHOR_DISTANCE_M, METRIC, TOLERANCE_M, WGS84
from geo.boundaries.pipeline import prepare_import
from geo.boundaries.reading import (
    FORMATS_TEXT,
    KEY_COLUMNS,
    NAME_COLUMNS,
    SUFFIXES,
    BoundaryFileError,
    read_boundary_file,
)
from geo.boundaries.report import LEVELS, MAX_LISTED, ImportReport, PreparedImport, Target

__all__ = ["ANCHOR_DISTANCE_M", "FORMATS_TEXT", "KEY_COLUMNS", "LEVELS", "MAX_LISTED", "METRIC", "NAME_COLUMNS",
           "SUFFIXES", "TOLERANCE_M", "WGS84", "BoundaryFileError", "ImportReport", "PreparedImport", "Target",
           "prepare_import", "read_boundary_file"]
