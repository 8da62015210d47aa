"""Area shapes in the database (table `area_shapes`): import, schematic default, reading for maps.

Every function takes the caller's session and never commits: an import is one transaction of the
caller (CLI or admin page), so a failed or refused import leaves the stored shapes unchanged.
Areas without a stored shape get their schematic cell, computed once per process and kept in a
cache keyed by the anchor points. Imports neither dash nor the UI packages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data import audit
from data.revision import bump_revision
from data.schema import Area, AreaKind, AreaShape, ShapeSource
from geo.boundaries import ImportReport, Target, prepare_import
from geo.schematic import MARGIN_M, Anchor, voronoi_cells

SCHEMATIC_SOURCE = "Voronoi-Zellen um die Ankerpunkte (schematisch)"


@dataclass(frozen=True)
class StoredShape:
    geometry: dict  # GeoJSON geometry, WGS84
    source: str  # "schematic" | "imported"
    source_name: str | None


def _level_condition(level: str):
    """Which areas a map level shows: the districts, or the Gemeinden (a Stadtkreis counts as one)."""
    if level == "district":
        return Area.kind == AreaKind.district
    if level == "municipality":
        return (Area.kind == AreaKind.municipality) | ((Area.kind == AreaKind.city) & Area.ags.is_not(None))
    raise ValueError(f"Ebene „{level}“ unbekannt; erlaubt: district, municipality.")


def _level_areas(session: Session, level: str) -> list[Area]:
    condition = _level_condition(level)
    return list(session.scalars(select(Area).where(condition).order_by(Area.sort_order, Area.id)))


def targets(session: Session, level: str) -> list[Target]:
    """The areas a boundary file of `level` must cover (parents get the dissolved shapes)."""
    return [Target(a.id, a.name, a.ags, a.lat, a.lon, a.parent_id if a.kind != AreaKind.city else None)
            for a in _level_areas(session, level)]


def import_file(session: Session, path: str | Path, level: str, *, name_column: str | None = None,
                dry_run: bool = False, actor: str = "system") -> ImportReport:
    """Import a boundary file for `level`; writes only when the report has no errors."""
    prepared = prepare_import(path, targets(session, level), level, name_column=name_column)
    report = prepared.report
    if not report.ok or dry_run:
        if dry_run and report.ok:
            report.notes.append("Probelauf (--dry-run): nichts gespeichert.")
        return report
    save_shapes(session, prepared.shapes, ShapeSource.imported, Path(path).name)
    if level == "municipality":
        _refresh_schematic_districts(session)
    audit.record(session, actor, "geo_import", target=f"area_shapes:{level}",
                 detail={"file": Path(path).name, "areas": len(prepared.shapes)})
    bump_revision(session)
    report.notes.append(f"{len(prepared.shapes)} Flächen gespeichert (mit zusammengefassten Obergebieten).")
    return report


def save_shapes(session: Session, shapes: dict[int, BaseGeometry], source: ShapeSource,
                source_name: str | None) -> int:
    """Replace the stored shapes of these areas (in the caller's transaction)."""
    if not shapes:
        return 0
    session.execute(delete(AreaShape).where(AreaShape.area_id.in_(list(shapes))))
    now = dt.datetime.now(dt.UTC)
    session.add_all([AreaShape(area_id=area_id, geometry=json.dumps(mapping(geometry), separators=(",", ":")),
                               source=source, source_name=source_name, imported_at=now)
                     for area_id, geometry in shapes.items()])
    session.flush()
    return len(shapes)


def ensure_schematic(session: Session) -> int:
    """Store the schematic cells of every area that has no shape yet (e.g. after `demo`)."""
    stored = set(session.scalars(select(AreaShape.area_id)))
    written = 0
    for level in ("municipality", "district"):
        cells = schematic(session, level)
        missing = {area_id: g for area_id, g in cells.items() if area_id not in stored}
        written += save_shapes(session, missing, ShapeSource.schematic, SCHEMATIC_SOURCE)
    return written


def _refresh_schematic_districts(session: Session) -> None:
    """After a Gemeinde import the city has its real outline: re-cut schematic districts to it."""
    schematic_ids = set(session.scalars(select(AreaShape.area_id).where(AreaShape.source == ShapeSource.schematic)))
    cells = schematic(session, "district")
    save_shapes(session, {i: g for i, g in cells.items() if i in schematic_ids}, ShapeSource.schematic,
                SCHEMATIC_SOURCE)


def schematic(session: Session, level: str) -> dict[int, BaseGeometry]:
    """Schematic cells of a level and its parents (from the anchor points in the database)."""
    anchors = tuple(Anchor(t.area_id, t.lon, t.lat, t.parent_id) for t in targets(session, level)
                    if t.lat is not None and t.lon is not None)
    outline = None
    if level == "district":
        outline = _imported_city_outline(session)
        return dict(_cells(anchors, MARGIN_M[level], outline))
    cells: dict[int, BaseGeometry] = {}
    for group in _by_county(anchors):  # Kreise far apart get cells of their own, not one hull over both
        cells.update(_cells(group, MARGIN_M[level], None))
    return cells


def _by_county(anchors: tuple[Anchor, ...]) -> list[tuple[Anchor, ...]]:
    """Anchors grouped by their Landkreis (parent); one without a parent (a Stadtkreis) joins the Kreis
    with the nearest Gemeinde. A single Kreis keeps the anchors' order (so its cells stay the same)."""
    counties = {a.parent_id for a in anchors if a.parent_id is not None}
    if len(counties) <= 1:
        return [anchors] if anchors else []

    def home(a: Anchor) -> int | None:
        if a.parent_id is not None:
            return a.parent_id
        nearest = min((b for b in anchors if b.parent_id is not None),
                      key=lambda b: (b.lon - a.lon) ** 2 + (b.lat - a.lat) ** 2)
        return nearest.parent_id

    groups: dict[int | None, list[Anchor]] = {}
    for a in anchors:
        groups.setdefault(home(a), []).append(a)
    return [tuple(g) for g in groups.values()]


def _imported_city_outline(session: Session) -> str | None:
    row = session.execute(
        select(AreaShape.geometry).join(Area, Area.id == AreaShape.area_id)
        .where(Area.kind == AreaKind.city, AreaShape.source == ShapeSource.imported)
    ).first()
    return row[0] if row else None


@lru_cache(maxsize=16)
def _cells(anchors: tuple[Anchor, ...], margin: float, outline: str | None) -> tuple[tuple[int, BaseGeometry], ...]:
    clip = shape(json.loads(outline)) if outline else None
    return tuple(voronoi_cells(anchors, margin, clip).items())


def shape_revision(session: Session, level: str) -> str:
    """A fingerprint of everything the shapes of `level` are made of: the level's areas (id, code,
    name, anchor point, parent) and the stored shapes (how many, which, when imported). Equal
    fingerprints mean equal shapes, so the map builds its geometry once per shape revision and
    only its values per view; any import, new area or moved anchor gives a new revision."""
    condition = _level_condition(level)
    areas = session.execute(select(Area.id, Area.code, Area.name, Area.lat, Area.lon, Area.parent_id, Area.sort_order)
                            .where(condition).order_by(Area.sort_order, Area.id)).all()
    stored = session.execute(select(func.count(AreaShape.id), func.sum(AreaShape.id), func.sum(AreaShape.area_id),
                                    func.max(AreaShape.imported_at), func.min(AreaShape.imported_at))).one()
    digest = hashlib.sha1(repr((level, [tuple(r) for r in areas], tuple(stored))).encode(), usedforsecurity=False)
    return f"{level}:{digest.hexdigest()}"


_SHAPES: OrderedDict[str, dict[int, StoredShape]] = OrderedDict()
_SHAPES_KEPT = 3  # both levels and one spare revision (a few MB each at Land scale)
_SHAPES_LOCK = threading.Lock()


def load_shapes(session: Session, level: str, revision: str | None = None) -> dict[int, StoredShape]:
    """Area id -> shape for the areas of `level` and their parents; schematic where none is stored.

    With `revision` (`shape_revision`) the shapes are read and parsed once per revision and then
    shared (read-only: callers must not change the geometry dicts)."""
    if revision is None:
        return _read_shapes(session, level)
    with _SHAPES_LOCK:
        if revision in _SHAPES:
            _SHAPES.move_to_end(revision)
            return _SHAPES[revision]
    shapes = _read_shapes(session, level)
    with _SHAPES_LOCK:
        _SHAPES[revision] = shapes
        while len(_SHAPES) > _SHAPES_KEPT:
            _SHAPES.popitem(last=False)
    return shapes


def _read_shapes(session: Session, level: str) -> dict[int, StoredShape]:
    level_targets = targets(session, level)
    area_ids = [t.area_id for t in level_targets]
    parent_ids = {t.parent_id for t in level_targets if t.parent_id is not None}
    wanted = set(area_ids) | parent_ids
    rows = session.execute(select(AreaShape.area_id, AreaShape.geometry, AreaShape.source, AreaShape.source_name)
                           .where(AreaShape.area_id.in_(wanted))).all()
    result = {r.area_id: StoredShape(json.loads(r.geometry), str(r.source.value), r.source_name) for r in rows}
    if wanted - set(result):
        for area_id, geometry in schematic(session, level).items():
            result.setdefault(area_id, StoredShape(mapping(geometry), ShapeSource.schematic.value, SCHEMATIC_SOURCE))
    return result


def as_geometry(stored: StoredShape) -> BaseGeometry:
    return shapely.geometry.shape(stored.geometry)
