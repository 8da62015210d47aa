"""Fallzahlen: aggregated active cases per team (and Stadtteil) on a date. Natural key: Stichtag + Team
+ Stadtteil.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from data.imports.kinds.cells import cell_date, cell_district, cell_int, cell_provider, district_help
from data.imports.kinds.spec import ColumnSpec, KindSpec

CASELOAD_COUNTS = KindSpec(
    "caseload_counts", "Fallzahlen", "caseload-counts",
    (
        ColumnSpec("as_of", "Stichtag", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 10, 31)),
        ColumnSpec("team_id", "Team", cell_provider, True, help="Träger/Team", example="AWO"),
        ColumnSpec("district_id", "Stadtteil", cell_district, help=district_help() + " (Zahl für das ganze Team)"),
        ColumnSpec("active_cases", "Aktive Fälle", cell_int(0, 100000), True, help="Anzahl aktiver Fälle, ganze Zahl",
                   example=42),
    ),
    key=("as_of", "team_id", "district_id"), provider_field="team_id",
    description="Aggregierte Fallzahlen je Team (und Stadtteil) zum Stichtag. Schlüssel: Stichtag + Team + Stadtteil.",
)
