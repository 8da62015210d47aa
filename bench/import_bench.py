"""Benchmark of the import engine (timings are never asserted in tests; this prints medians).

    .venv/bin/python bench/import_bench.py [ROWS]

Builds a demo database in a temp folder, then times: the full export, its preview (re-import of
every row: all unchanged), and preview + apply of a CSV with ROWS new cases (default 5000).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.db import make_engine, make_session_factory  # noqa: E402
from data.imports.engine import import_file  # noqa: E402
from data.imports.workbook import export_all  # noqa: E402
from tests.helpers import build_demo_db  # noqa: E402

LIMITS = {"max_bytes": 100_000_000, "max_rows": 1_000_000}


def median_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(rows: int) -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    build_demo_db(url)
    sessions = make_session_factory(make_engine(url))
    with sessions() as session:
        workbook = export_all(session)
    lines = ["Pseudonym;Team;Stadtteil;AU-Zuweisung am;Fallbeginn;Haushaltsgröße"]
    lines += [f"B-{i:07d};Caritas;Frankenbach;01.09.2025;12.01.2026;2" for i in range(rows)]
    csv = ("\ufeff" + "\r\n".join(lines)).encode("utf-8")

    def export():
        with sessions() as session:
            export_all(session)

    print(f"Gesamtexport:                  {median_of(3, export):6.2f} s (Median aus 3)")
    print(f"Vorschau Gesamtexport:         {median_of(3, lambda: import_file(sessions, workbook, 'g.xlsx', actor='b', commit=False, **LIMITS)):6.2f} s")
    print(f"Vorschau CSV {rows} Fälle:      {median_of(3, lambda: import_file(sessions, csv, 'c.csv', actor='b', commit=False, **LIMITS)):6.2f} s")
    start = time.perf_counter()
    report = import_file(sessions, csv, "c.csv", actor="b", commit=True, **LIMITS)
    print(f"Übernehmen CSV {rows} Fälle:    {time.perf_counter() - start:6.2f} s ({report.summary()})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
