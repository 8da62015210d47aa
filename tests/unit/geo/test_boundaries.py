"""The boundary importer on small synthetic files: reprojection, repair, matching, German reports."""

import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from geo.boundaries import BoundaryFileError, Target, prepare_import, read_boundary_file

# two 1 km squares side by side in ETRS89 / UTM 32N, in Heilbronn's south-west
WEST = box(514000, 5443000, 515000, 5444000)
EAST = box(515000, 5443000, 516000, 5444000)


def _anchor(square):
    point = gpd.GeoSeries([square.centroid], crs="EPSG:25832").to_crs("EPSG:4326").iloc[0]
    return point.y, point.x


def targets(parent=99):
    (lat_w, lon_w), (lat_e, lon_e) = _anchor(WEST), _anchor(EAST)
    return [Target(1, "John-F.-Kennedy-Str.", lat=lat_w, lon=lon_w, parent_id=parent),
            Target(2, "Böckingen-Süd", lat=lat_e, lon=lon_e, parent_id=parent)]


def write(tmp_path, names, geometries, crs="EPSG:25832", name="plan.gpkg", column="NAME", **extra):
    frame = gpd.GeoDataFrame({column: names, **extra}, geometry=list(geometries), crs=crs)
    path = tmp_path / name
    frame.to_file(path, engine="pyogrio")
    return path


def test_reprojects_matches_normalised_names_and_dissolves_without_gaps(tmp_path):
    path = write(tmp_path, ["John F. Kennedy Straße", "BOECKINGEN SUED"], [WEST, EAST])
    prepared = prepare_import(path, targets(), "district")
    report = prepared.report
    assert report.ok, report.text()
    assert report.matched == {1: "John F. Kennedy Straße", 2: "BOECKINGEN SUED"}
    assert report.name_column == "NAME"
    assert any("nach WGS84 umgerechnet" in n for n in report.notes)
    west, east, parent = prepared.shapes[1], prepared.shapes[2], prepared.shapes[99]
    # WGS84 now: 514–516 km E / 5443 km N in zone 32 is about 9,19° E, 49,14° N
    minx, miny, maxx, maxy = parent.bounds
    assert 9.18 < minx < maxx < 9.23 and 49.13 < miny < maxy < 49.15
    assert shapely.intersection(west, east).area == pytest.approx(0, abs=1e-12)  # no overlap
    assert parent.geom_type == "Polygon" and len(parent.interiors) == 0  # no gap along the shared edge
    back = gpd.GeoSeries([west], crs="EPSG:4326").to_crs("EPSG:25832").iloc[0]
    assert back.area == pytest.approx(1_000_000, rel=1e-3)  # a 1 km² square stays 1 km²


def test_repairs_self_intersection_with_a_german_note(tmp_path):
    bowtie = Polygon([(514000, 5443000), (515000, 5444000), (515000, 5443000), (514000, 5444000)])
    path = write(tmp_path, ["John-F.-Kennedy-Str.", "Böckingen-Süd"], [bowtie, EAST])
    prepared = prepare_import(path, targets(), "district")
    assert prepared.report.ok, prepared.report.text()
    assert any("Objekt 1 („John-F.-Kennedy-Str.“): ungültige Geometrie (Selbstüberschneidung" in w
               for w in prepared.report.warnings)
    assert prepared.shapes[1].is_valid and prepared.shapes[1].area > 0


@pytest.mark.parametrize("names, geometries, crs, message", [
    (["John-F.-Kennedy-Str.", "Böckingen-Süd"], [None, EAST], "EPSG:25832",
     "Objekt 1 („John-F.-Kennedy-Str.“): keine Geometrie (leer)"),
    (["John-F.-Kennedy-Str.", "Böckingen-Süd"], [WEST, EAST], "EPSG:4326",
     "Die Koordinaten passen nicht zum angegebenen Koordinatensystem EPSG:4326"),
    (["John-F.-Kennedy-Str.", "Böckingen-Süd"], [WEST, EAST], "EPSG:31467",  # Gauß-Krüger: 500 km off
     "2 Flächen liegen weit von ihrem Ankerpunkt entfernt"),
    (["John-F.-Kennedy-Str.", "Böckingen-Sud-West"], [WEST, EAST], "EPSG:25832",
     "Objekt 2 („Böckingen-Sud-West“) – meinten Sie „Böckingen-Süd“?"),
    (["John-F.-Kennedy-Str."], [WEST], "EPSG:25832",
     "Der Datei fehlen 1 von 2 Planungsbezirke: Böckingen-Süd"),
])
def test_bad_files_are_refused_with_a_precise_german_error(tmp_path, names, geometries, crs, message):
    path = write(tmp_path, names, geometries, crs=crs)
    prepared = prepare_import(path, targets(), "district")
    assert not prepared.report.ok
    assert prepared.shapes == {}
    assert any(message in e for e in prepared.report.errors), prepared.report.text()
    assert "es wurde nichts geändert" in prepared.report.text()


def test_swapped_axes_are_caught_by_the_anchor_check(tmp_path):
    swapped = gpd.GeoSeries([WEST, EAST], crs="EPSG:25832").to_crs("EPSG:4326").map(
        lambda g: shapely.transform(g, lambda xy: xy[:, ::-1]))
    path = write(tmp_path, ["John-F.-Kennedy-Str.", "Böckingen-Süd"], swapped, crs="EPSG:4326",
                 name="swapped.geojson")
    report = prepare_import(path, targets(), "district").report
    assert any("Rechts- und Hochwert (x/y) vertauscht" in e for e in report.errors)


def test_duplicates_are_merged_and_reported(tmp_path):
    halves = [box(514000, 5443000, 514500, 5444000), box(514500, 5443000, 515000, 5444000)]
    path = write(tmp_path, ["John-F.-Kennedy-Str.", "John F Kennedy Str", "Böckingen-Süd"], [*halves, EAST])
    prepared = prepare_import(path, targets(), "district")
    assert prepared.report.ok
    assert any("„John-F.-Kennedy-Str.“ kommt 2-mal vor" in w for w in prepared.report.warnings)
    assert prepared.shapes[1].geom_type == "Polygon"


def test_name_column_missing_or_wrong(tmp_path):
    path = write(tmp_path, ["x1", "x2"], [WEST, EAST], column="ID")
    report = prepare_import(path, targets(), "district").report
    assert "Keine Spalte mit Namen oder Schlüsseln der Planungsbezirke gefunden. Spalten der Datei: ID" in report.errors[0]
    report = prepare_import(path, targets(), "district", name_column="BEZIRK").report
    assert report.errors == ["Die Spalte „BEZIRK“ gibt es in der Datei nicht. Spalten der Datei: ID. "
                             "Bitte --name-column richtig angeben."]


def test_name_column_is_chosen_by_matches_or_given(tmp_path):
    path = write(tmp_path, ["John-F.-Kennedy-Str.", "Böckingen-Süd"], [WEST, EAST], column="LABEL",
                 NAME=["a", "b"])
    assert prepare_import(path, targets(), "district").report.name_column == "LABEL"  # 2 matches beat "NAME"
    assert not prepare_import(path, targets(), "district", name_column="NAME").report.ok


def test_zipped_shapefile_needs_its_prj(tmp_path):
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    write(shp_dir, ["John-F.-Kennedy-Str.", "Böckingen-Süd"], [WEST, EAST], name="bezirke.shp")
    full, no_prj = tmp_path / "bezirke.zip", tmp_path / "ohne_prj.zip"
    for target, skip in ((full, None), (no_prj, ".prj")):
        with zipfile.ZipFile(target, "w") as archive:
            for part in shp_dir.iterdir():
                if part.suffix != skip:
                    archive.write(part, part.name)
    assert prepare_import(full, targets(), "district").report.ok
    report = prepare_import(no_prj, targets(), "district").report
    assert "kein Koordinatensystem an (beim Shapefile fehlt die .prj-Datei)" in report.errors[0]


@pytest.mark.parametrize("name, content, message", [
    ("kaputt.geojson", b'{"type": "FeatureCollection", "features": [', "kann nicht als GeoJSON gelesen werden"),
    ("bezirke.csv", b"name\nKernstadt\n", "Dateiendung „.csv“ wird nicht unterstützt"),
    ("leer.zip", b"PK\x05\x06" + b"\x00" * 18, "muss genau ein Shapefile (.shp) enthalten, gefunden: keine"),
    ("kein.zip", b"not a zip", "ist keine gültige ZIP-Datei"),
])
def test_unreadable_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BoundaryFileError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_boundary_file(path)


def test_missing_file():
    with pytest.raises(BoundaryFileError, match="gibt es nicht"):
        read_boundary_file("/nirgends/grenzen.geojson")
