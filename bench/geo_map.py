"""Benchmark of the map with all 1,101 Gemeinden of Baden-Württemberg (synthetic shapes).

    .venv/bin/python bench/geo_map.py [--repeat 7]

Builds a temporary SQLite database with 1,101 Gemeinden on a jittered grid over Baden-Württemberg,
cuts Voronoi shapes for them, writes them as a GeoJSON file and imports it with the real importer,
then times building the map's figures, the plotly figure, and the whole Dash callback over HTTP
(what the browser waits for). Prints medians; nothing is asserted (timings never go into tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_GEMEINDEN = 1101  # Baden-Württemberg, Gemeinden (Stand 2024)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build(folder: Path) -> str:
    from shapely.geometry import mapping

    from data.db import make_engine, make_session_factory, transaction
    from data.migrate import upgrade
    from data.schema import Area, AreaKind, DatasetInfo, DataSource
    from geo.schematic import Anchor, voronoi_cells

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    rng = random.Random(1101)
    cols, rows = 37, 30  # 1,110 grid cells over 7,5–10,5° E × 47,6–49,8° N, 1,101 used
    points = []
    for r in range(rows):
        for c in range(cols):
            if len(points) < N_GEMEINDEN:
                points.append((7.5 + (c + 0.5 + rng.uniform(-0.35, 0.35)) * 3.0 / cols,
                               47.6 + (r + 0.5 + rng.uniform(-0.35, 0.35)) * 2.2 / rows))
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        session.add(DatasetInfo(id=1, as_of=dt.date(2026, 11, 22), source=DataSource.demo, label="Benchmark"))
        land = Area(kind=AreaKind.county, code="bw", name="Baden-Württemberg (synthetisch)")
        session.add(land)
        session.flush()
        for i, (lon, lat) in enumerate(points):
            ags = f"08{100 + i // 100:03d}{i % 1000:03d}"
            session.add(Area(kind=AreaKind.municipality, code=f"ags-{ags}", name=f"Gemeinde {i + 1}", ags=ags,
                             parent_id=land.id, lat=lat, lon=lon, population=rng.randint(300, 60000),
                             sort_order=i))
    with make_session_factory(engine)() as session:
        areas = session.query(Area).filter(Area.kind == AreaKind.municipality).all()
        cells = voronoi_cells([Anchor(a.id, a.lon, a.lat) for a in areas], 3000)
        features = [{"type": "Feature", "properties": {"AGS": a.ags, "GEN": a.name},
                     "geometry": mapping(cells[a.id])} for a in areas]
    (folder / "bw.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    engine.dispose()
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from plotly.utils import PlotlyJSONEncoder

    from dashboard.app import create_app
    from dashboard.services.maps import map_view
    from data.db import make_engine, make_session_factory, transaction
    from geo.figures import map_figure
    from geo.store import import_file
    from tests.helpers import fire, make_settings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = build(folder)
        settings = make_settings(folder, url)
        engine = make_engine(url)
        factory = make_session_factory(engine)

        def do_import():
            with transaction(factory) as session:
                report = import_file(session, folder / "bw.geojson", "municipality")
                assert report.ok, report.text()
                return report

        t_import, report = timed(do_import, max(1, args.repeat // 3))
        with factory() as session:
            t_view, view = timed(lambda: map_view(session, settings, territory="landkreis", metric="population"),
                                 args.repeat)
        t_figure, figure = timed(lambda: map_figure(view, selected=view.areas[10].code), args.repeat)
        t_json, payload = timed(lambda: json.dumps(figure, cls=PlotlyJSONEncoder), args.repeat)
        client = create_app(settings).server.test_client()
        click = {"points": [{"customdata": [view.areas[500].code]}]}

        def callback():
            return fire(client, "map-graph.figure", {"map-location.search": "?gebiet=landkreis",
                                                     "map-location.pathname": "/karte",
                                                     "map-graph.clickData": click},
                        changed="map-graph.clickData")

        t_callback, response = timed(callback, args.repeat)
        engine.dispose()
    coords = sum(len(json.dumps(f["geometry"])) for f in view.geojson["features"])
    print(f"Gemeinden: {len(view.areas)}, zugeordnet beim Import: {len(report.matched)}")
    print(f"median über {args.repeat} Läufe (Import: {max(1, args.repeat // 3)}):")
    print(f"  Import der GeoJSON-Datei (lesen, prüfen, säubern, vereinfachen, speichern): {t_import * 1000:8.0f} ms")
    print(f"  map_view (Abfragen + gespeicherte Flächen laden):                          {t_view * 1000:8.0f} ms")
    print(f"  map_figure (plotly-Figur bauen):                                           {t_figure * 1000:8.0f} ms")
    print(f"  Figur als JSON:                                                            {t_json * 1000:8.0f} ms")
    print(f"  ganzer Callback über HTTP (Klick auf eine Gemeinde):                       {t_callback * 1000:8.0f} ms")
    print(f"  Größe: Figur-JSON {len(payload) / 1e6:.1f} MB, davon Geometrien {coords / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
