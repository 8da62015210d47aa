"""Matching the file's features to the areas: by official key (AGS, or RS/ARS from which the AGS
follows) where the file has one, otherwise by normalised name (`geo.names.name_key`). Unknown,
ambiguous and missing areas are errors of the report; features outside the territory are noted.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import TYPE_CHECKING

from geo.boundaries.report import LEVELS, Target, listing
from geo.names import ags_from_key, name_key

if TYPE_CHECKING:
    import geopandas as gpd


def feature_label(index: int, frame: gpd.GeoDataFrame, name_col: str | None) -> str:
    name = frame[name_col].iloc[index] if name_col else None
    return f"Objekt {index + 1}" + (f" („{name}“)" if isinstance(name, str) and name.strip() else "")


def first_name(frame, name_col, rows) -> str:
    if name_col:
        value = frame[name_col].iloc[rows[0]]
        if isinstance(value, str):
            return value
    return f"Objekt {rows[0] + 1}"


def match_areas(frame, targets: list[Target], key_col, name_col, labels, report) -> dict[int, list[int]]:
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
                             f"in der Datenbank: {listing(unknown)}. Bitte die Namen in der Datei korrigieren "
                             "oder mit --name-column die richtige Spalte wählen.")
    if outside:
        keys = sorted({k for k, _ in outside})
        report.notes.append(f"{len(outside)} Objekt(e) außerhalb des Gebiets (Kreisschlüssel {', '.join(keys)}) "
                            f"übergangen: {listing([label for _, label in outside])}.")
    # a file for one Kreis need not cover another Kreis of the installation (those keep their shapes)
    covered = {t.ags[:5] for t in targets if t.area_id in assignment and t.ags}
    other = sorted({t.ags[:5] for t in targets if t.ags and covered and t.ags[:5] not in covered})
    missing = [t.name for t in targets if t.area_id not in assignment and not (t.ags and t.ags[:5] in other)]
    if other:
        report.notes.append(f"Kreise ohne Objekte in der Datei (Kreisschlüssel {', '.join(other)}) behalten "
                            "ihre bisherigen Flächen.")
    if missing:
        report.errors.append(f"Der Datei fehlen {len(missing)} von {len(targets)} {LEVELS[report.level]}: "
                             f"{listing(missing)}. Ohne sie hätte die Karte Lücken; bitte eine vollständige "
                             "Datei importieren.")
    return assignment


def _suggestion(name, targets: list[Target]) -> str:
    if not isinstance(name, str) or not name.strip():
        return " (ohne Namen)"
    keys = {name_key(t.name): t.name for t in targets}
    close = difflib.get_close_matches(name_key(name), list(keys), n=1, cutoff=0.75)
    return f" – meinten Sie „{keys[close[0]]}“?" if close else ""
