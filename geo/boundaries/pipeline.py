"""`prepare_import`: a boundary file → display shapes for the areas of one level, plus the German report
(all or nothing: a report with errors carries no shapes).
"""

from __future__ import annotations

from pathlib import Path

from geo.boundaries.geometry import (
    METRIC,
    TOLERANCE_M,
    WGS84,
    check_anchors,
    display_shapes,
    merge_parts,
    project,
    repair,
    to_wgs84,
)
from geo.boundaries.matching import feature_label, first_name, match_areas
from geo.boundaries.reading import BoundaryFileError, find_key_column, find_name_column, read_boundary_file
from geo.boundaries.report import LEVELS, ImportReport, PreparedImport, Target


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

    frame = to_wgs84(frame, report)
    key_col = find_key_column(frame) if level == "municipality" else None
    name_col = find_name_column(frame, targets, report, name_column)
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

    labels = [feature_label(i, frame, name_col) for i in range(len(frame))]
    geometries = repair(frame.geometry.to_numpy(), labels, report)
    assignment = match_areas(frame, targets, key_col, name_col, labels, report)
    if report.errors:
        return PreparedImport(report)

    merged = merge_parts(assignment, geometries, labels, targets, report)
    metric = project(merged, WGS84, METRIC)
    check_anchors(metric, targets, level, report, frame.crs)
    if report.errors:
        return PreparedImport(report)
    report.matched = {area_id: first_name(frame, name_col, rows) for area_id, rows in assignment.items()}
    shapes = display_shapes(metric, targets, TOLERANCE_M[level], report)
    return PreparedImport(report, shapes)


def _column_note(key_col, name_col, chosen) -> str:
    how = "angegeben" if chosen else "automatisch erkannt"
    if key_col:
        return (f"Zuordnung über den Schlüssel in Spalte „{key_col}“ (AGS); Namen aus Spalte "
                f"„{name_col or '–'}“ ({how}).")
    return f"Zuordnung über die Namen in Spalte „{name_col}“ ({how})."
