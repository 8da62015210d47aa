"""Importing a real BKG Gemeinde file into the demo database: all or nothing, German reports."""

import json

import geopandas as gpd
import pytest
from shapely.geometry import shape
from sqlalchemy import func, select

from dashboard.cli import main
from data.db import make_engine, make_session_factory, read_session, transaction
from data.schema import Area, AreaKind, AreaShape, AuditEvent, DatasetInfo
from geo.store import ensure_schematic, import_file, load_shapes
from tests.helpers import BKG


@pytest.fixture
def sessions(demo_url):
    engine = make_engine(demo_url)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        ensure_schematic(session)
    yield factory
    engine.dispose()


def snapshot(factory):
    with read_session(factory) as session:
        shapes = sorted(session.execute(select(AreaShape.area_id, AreaShape.source, AreaShape.geometry)).all())
        return shapes, session.get(DatasetInfo, 1).revision


def run_import(factory, path, **kwargs):
    with transaction(factory) as session:
        return import_file(session, path, "municipality", **kwargs)


def test_demo_gets_schematic_shapes_for_every_area(sessions):
    with read_session(sessions) as session:
        kinds = dict(session.execute(
            select(Area.kind, func.count()).join(AreaShape, AreaShape.area_id == Area.id).group_by(Area.kind)).all())
        sources = set(session.scalars(select(AreaShape.source)))
    # 25 districts, 3 Sozialräume, 46 + 35 Gemeinden, the Stadtkreis and the Landkreise Heilbronn and Lörrach
    assert kinds == {AreaKind.district: 25, AreaKind.social_area: 3, AreaKind.municipality: 46 + 35,
                     AreaKind.city: 1, AreaKind.county: 2}
    assert {s.value for s in sources} == {"schematic"}


def test_bkg_file_matches_every_gemeinde_and_is_stored(sessions):
    before, revision = snapshot(sessions)
    report = run_import(sessions, BKG, actor="anna")
    assert report.ok, report.text()
    assert len(report.matched) == 47  # 46 Gemeinden of the Landkreis + Stadtkreis Heilbronn
    assert report.key_column == "RS" and report.name_column == "GEN"
    assert any("16 Objekt(e) außerhalb des Gebiets (Kreisschlüssel 08126) übergangen" in n for n in report.notes)
    assert any("Kreisschlüssel 08336) behalten ihre bisherigen Flächen" in n for n in report.notes)
    with read_session(sessions) as session:
        county = session.scalar(select(Area).where(Area.kind == AreaKind.county, Area.code == "lk-08125"))
        municipalities = session.scalars(select(Area).where(Area.kind == AreaKind.municipality,
                                                            Area.parent_id == county.id)).all()
        names_in_file = {a.id: report.matched[a.id] for a in municipalities}
        assert all(names_in_file[a.id] == a.name for a in municipalities)  # BKG GEN = our names
        imported = dict(session.execute(select(AreaShape.area_id, AreaShape.source_name)
                                        .where(AreaShape.source == "imported")).all())
        city = session.scalar(select(Area).where(Area.kind == AreaKind.city))
        assert set(imported) == {a.id for a in municipalities} | {county.id, city.id}
        assert set(imported.values()) == {BKG.name}
        assert session.get(DatasetInfo, 1).revision == revision + 1
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "geo_import")).one()
        assert event.actor == "anna" and event.detail == {"file": BKG.name, "areas": 48}
        shapes = load_shapes(session, "municipality")
    heilbronn = shapes[city.id]
    assert heilbronn.source == "imported" and heilbronn.geometry["type"] in ("Polygon", "MultiPolygon")


def _variant(tmp_path, name, change, crs="EPSG:4326"):
    frame = gpd.read_file(BKG)
    frame = change(frame)
    path = tmp_path / name
    frame.to_file(path, driver="GeoJSON") if crs == "EPSG:4326" else frame.to_file(path)
    return path


def _drop_geometry(frame):
    frame.loc[frame["GEN"] == "Abstatt", "geometry"] = None
    return frame


def _metres_declared_as_degrees(frame):
    metric = frame.to_crs("EPSG:25832")
    return gpd.GeoDataFrame(metric.drop(columns="geometry"), geometry=metric.geometry.values, crs=None).set_crs(
        "EPSG:4326", allow_override=True)


def _typo_without_key(frame):
    frame = frame[frame["RS"].str.startswith(("08125", "08121"))].drop(columns=["RS"])
    frame.loc[frame["GEN"] == "Bad Friedrichshall", "GEN"] = "Bad Friedrichshal"
    return frame


@pytest.mark.parametrize("name, change, message", [
    ("kaputt.geojson", _drop_geometry, "(„Abstatt“): keine Geometrie (leer)"),
    ("ohne_spalten.geojson", lambda f: f.drop(columns=["RS", "GEN", "DES"]),
     "Keine Spalte mit Namen oder Schlüsseln der Gemeinden gefunden. Spalten der Datei: EWZ_M, EWZ_W, SHAPE_AREA"),
    ("meter.geojson", _metres_declared_as_degrees,
     "Die Koordinaten passen nicht zum angegebenen Koordinatensystem EPSG:4326"),
    ("tippfehler.geojson", _typo_without_key,
     "(„Bad Friedrichshal“) – meinten Sie „Bad Friedrichshall“?"),
])
def test_bad_files_change_nothing_and_say_why_in_german(sessions, tmp_path, name, change, message):
    before = snapshot(sessions)
    report = run_import(sessions, _variant(tmp_path, name, change))
    assert not report.ok
    assert any(message in e for e in report.errors), report.text()
    assert snapshot(sessions) == before


def test_shapefile_in_utm_via_cli_dry_run_then_import(sessions, demo_url, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "shp"
    folder.mkdir()
    gpd.read_file(BKG).to_crs("EPSG:25832").to_file(folder / "vg250_gem.shp")
    import zipfile

    archive = tmp_path / "vg250_gem.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, part.name)
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    before = snapshot(sessions)
    assert main(["geo", "import", str(archive), "--level", "municipality", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "47 Gebiete zugeordnet" in out and "Probelauf (--dry-run): nichts gespeichert." in out
    assert "ETRS89 / UTM zone 32N (EPSG:25832) nach WGS84 umgerechnet" in out
    assert snapshot(sessions) == before
    assert main(["geo", "import", str(archive), "--level", "municipality"]) == 0
    assert snapshot(sessions) != before
    assert main(["geo", "import", str(BKG), "--level", "district"]) == 1
    err = capsys.readouterr().err
    assert "Fehler – es wurde nichts geändert." in err
    assert "Objekt(e) der Datei passen zu keinem der Planungsbezirke" in err


def test_district_import_replaces_the_schematic_and_dissolves_sozialraeume(sessions, tmp_path):
    with read_session(sessions) as session:
        districts = session.scalars(select(Area).where(Area.kind == AreaKind.district)).all()
        cells = {a.id: json.loads(s.geometry) for a in districts
                 for s in session.scalars(select(AreaShape).where(AreaShape.area_id == a.id))}
        frame = gpd.GeoDataFrame({"STADTTEIL": [a.name.upper().replace("-", " ") for a in districts]},
                                 geometry=[shape(cells[a.id]) for a in districts],
                                 crs="EPSG:4326").to_crs("EPSG:25832")
        social = {a.parent_id for a in districts}
    path = tmp_path / "planungsbezirke.gpkg"
    frame.to_file(path)
    with transaction(sessions) as session:
        report = import_file(session, path, "district")
    assert report.ok, report.text()
    assert report.name_column == "STADTTEIL" and len(report.matched) == 25
    with read_session(sessions) as session:
        shapes = load_shapes(session, "district")
    assert {shapes[i].source for i in social} == {"imported"}
    assert {shapes[a.id].source for a in districts} == {"imported"}


def test_a_new_shape_revision_after_an_import_or_a_moved_anchor(sessions):
    from geo.store import shape_revision

    with read_session(sessions) as session:
        before = shape_revision(session, "municipality")
        cached = load_shapes(session, "municipality", before)
        assert load_shapes(session, "municipality", before) is cached  # parsed once per revision
        assert shape_revision(session, "municipality") == before  # reading changes nothing
    assert run_import(sessions, BKG).ok
    with read_session(sessions) as session:
        after = shape_revision(session, "municipality")
        assert after != before
        fresh = load_shapes(session, "municipality", after)
        city = session.scalar(select(Area).where(Area.kind == AreaKind.city))
        assert fresh[city.id].source == "imported" and cached[city.id].source != "imported"
        district = shape_revision(session, "district")
    with transaction(sessions) as session:
        area = session.scalar(select(Area).where(Area.kind == AreaKind.district).order_by(Area.id).limit(1))
        area.lat = area.lat + 0.001  # a moved anchor moves its schematic cell
    with read_session(sessions) as session:
        assert shape_revision(session, "district") != district
