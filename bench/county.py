"""Benchmark of the Landkreis level at Baden-Württemberg scale (synthetic): 44 Kreise, 1,101 Gemeinden.

    .venv/bin/python -m bench.county [--repeat 7] [--postgres URL]

Builds a temporary SQLite database (with `--postgres`, also a fresh PostgreSQL database made from
that server URL, dropped afterwards) with the project's own migrations and schema: 44 Landkreise of
10–57 Gemeinden (1,101 in all), Land funds for 2025 and 2026, survey counts per Gemeinde and month
for six years (2018–2023), who runs IM in each Gemeinde, posts, and three Landkreis IM teams with
cases in a quarter of the Gemeinden; Voronoi shapes imported with the real importer. Then times
(a) the allocation for all Kreise (`county_figures` per Kreis), (b) `county_figures` for one Kreis and
for the largest, (c) the Landkreis page's callback over HTTP, (d) the map at Landkreis level
(`map_view` + `map_figure`, metrics allocation and IM mode), and the map's callback over HTTP.
Prints medians; nothing is asserted (timings never go into tests).
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_KREISE, N_GEMEINDEN = 44, 1101  # Baden-Württemberg: 35 Landkreise + 9 Stadtkreise = 44 Kreise
DAY = dt.date(2026, 11, 22)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def sizes(rng: random.Random) -> list[int]:
    """Gemeinden per Kreis: 10–57, summing to 1,101; the first Kreis is the largest (57)."""
    result = [57] + [rng.randint(10, 40) for _ in range(N_KREISE - 1)]
    while sum(result) != N_GEMEINDEN:
        i = rng.randrange(1, N_KREISE)
        step = 1 if sum(result) < N_GEMEINDEN else -1
        if 10 <= result[i] + step <= 56:
            result[i] += step
    return result


def build(url: str, folder: Path) -> None:
    from shapely.geometry import mapping

    from data.db import make_engine, make_session_factory, transaction
    from data.migrate import upgrade
    from data.schema import (
        Area,
        AreaKind,
        Case,
        CountyFunds,
        DatasetInfo,
        DataSource,
        Funding,
        ImArrangement,
        ImMode,
        ImPost,
        Position,
        Programme,
        Provider,
        ProviderKind,
        TargetGroupCount,
    )
    from geo.schematic import Anchor, voronoi_cells

    upgrade(url)
    rng = random.Random(44)
    engine = make_engine(url)
    modes = list(ImMode)
    with transaction(make_session_factory(engine)) as session:
        session.add(DatasetInfo(id=1, as_of=DAY, source=DataSource.demo, label="Benchmark Landkreise"))
        teams = [Provider(code=f"lk-team-{i}", name=f"IM-Team Landkreis {i}", short_name=f"LK-Team {i}",
                          kind=ProviderKind.city, sort_order=i) for i in range(3)]
        session.add_all(teams)
        session.flush()
        for team in teams:
            session.add(Position(provider_id=team.id, programme=Programme.im, funding=Funding.land,
                                 planned_fte=Decimal("6"), filled_fte=Decimal("5.5"), valid_from=dt.date(2024, 1, 1)))
        index = 0
        for k, size in enumerate(sizes(rng)):
            county = Area(kind=AreaKind.county, code=f"kreis-{k:02d}", name=f"Landkreis {k + 1:02d} (synthetisch)")
            session.add(county)
            session.flush()
            session.add_all([CountyFunds(county_id=county.id, year=y, amount=Decimal(rng.randint(300, 3000) * 1000))
                             for y in (2025, 2026)])
            for _ in range(size):
                ags = f"08{100 + index // 100:03d}{index % 1000:03d}"
                row, col = divmod(index, 37)
                gemeinde = Area(kind=AreaKind.municipality, code=f"ags-{ags}", name=f"Gemeinde {index + 1}", ags=ags,
                                parent_id=county.id, population=rng.randint(300, 60000), sort_order=index,
                                lon=7.5 + (col + 0.5 + rng.uniform(-0.35, 0.35)) * 3.0 / 37,
                                lat=47.6 + (row + 0.5 + rng.uniform(-0.35, 0.35)) * 2.2 / 30)
                session.add(gemeinde)
                session.flush()
                session.add_all([TargetGroupCount(municipality_id=gemeinde.id, month=dt.date(y, m, 1),
                                                  persons=rng.randint(0, 6))
                                 for y in range(2018, 2024) for m in range(1, 13)])
                session.add(ImArrangement(municipality_id=gemeinde.id, valid_from=dt.date(2025, 1, 1),
                                          mode=rng.choice(modes)))
                if rng.random() < 0.2:
                    session.add(ImPost(municipality_id=gemeinde.id, employer="Gemeinde", fte=Decimal("0.5")))
                if index % 4 == 0:
                    team = teams[index % 3]
                    session.add_all([Case(pseudonym=f"b-{index}-{n}", district_id=gemeinde.id, team_id=team.id,
                                          au_assigned_on=dt.date(2024, 1, 1), opened_on=dt.date(2024, 3, 1))
                                     for n in range(rng.randint(1, 20))])
                index += 1
    with make_session_factory(engine)() as session:
        areas = session.query(Area).filter(Area.kind == AreaKind.municipality).all()
        cells = voronoi_cells([Anchor(a.id, a.lon, a.lat) for a in areas], 3000)
        features = [{"type": "Feature", "properties": {"AGS": a.ags, "GEN": a.name},
                     "geometry": mapping(cells[a.id])} for a in areas]
    (folder / "bw.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    engine.dispose()


def run(url: str, folder: Path, repeat: int) -> dict[str, float]:
    from dashboard.app import create_app
    from dashboard.services.county import counties, county_figures
    from dashboard.services.maps import map_view
    from data.db import make_engine, make_session_factory, transaction
    from geo.figures import map_figure
    from geo.store import import_file
    from tests.helpers import fire, make_settings

    build(url, folder)
    settings = make_settings(folder, url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        assert import_file(session, folder / "bw.geojson", "municipality").ok
    result = {}
    with factory() as session:
        codes = [c.code for c in counties(session)]
        sizes_of = {c.code: len(c.children) for c in counties(session)}
        largest = max(codes, key=sizes_of.get)
        small = min(codes, key=lambda c: abs(sizes_of[c] - N_GEMEINDEN / N_KREISE))
        result["(a) Zuteilung aller 44 Kreise"], _ = timed(
            lambda: [county_figures(session, settings, c, 2025) for c in codes], repeat)
        result[f"(b) county_figures, ein Kreis ({sizes_of[small]} Gemeinden)"], _ = timed(
            lambda: county_figures(session, settings, small, 2025), repeat)
        result[f"(b) county_figures, größter Kreis ({sizes_of[largest]} Gemeinden)"], _ = timed(
            lambda: county_figures(session, settings, largest, 2025), repeat)
        for metric in ("allocation", "im_mode", "utilisation"):
            t_view, view = timed(lambda m=metric: map_view(session, settings, territory="landkreis", metric=m), repeat)
            result[f"(d) map_view Landkreis-Ebene, {metric} ({len(view.areas)} Gemeinden)"] = t_view
        result["(d) map_figure (plotly-Figur, utilisation)"], _ = timed(lambda: map_figure(view), repeat)
    client = create_app(settings).server.test_client()
    result["(c) Seite Landkreis: Callback über HTTP"], _ = timed(lambda: fire(
        client, "county-content.children", {"county-location.search": "?jahr=2025",
                                             "county-location.pathname": "/landkreis"}), repeat)
    result["(d) Karte Landkreis-Ebene: Callback über HTTP (Zuweisung)"], _ = timed(lambda: fire(
        client, "map-graph.figure", {"map-location.search": "?gebiet=landkreis&kennzahl=allocation",
                                     "map-location.pathname": "/karte"}), repeat)
    engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a database is created and dropped)")
    args = parser.parse_args()
    backends = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    for name, base in backends:
        with tempfile.TemporaryDirectory() as tmp:
            if base is None:
                url, drop = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", None
            else:
                from tests.helpers import fresh_postgres_schema
                url, drop = fresh_postgres_schema(base)
            try:
                timings = run(url, Path(tmp), args.repeat)
            finally:
                if drop:
                    drop()
        print(f"{name}: {N_KREISE} Kreise, {N_GEMEINDEN} Gemeinden, Erhebung 6 Jahre; median über {args.repeat} Läufe")
        for label, seconds in timings.items():
            print(f"  {label:<72} {seconds * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
