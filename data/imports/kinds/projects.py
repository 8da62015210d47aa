"""Ehrenamtsprojekte: volunteer projects with volunteers by age band (counts only, never names).
Natural key: Träger + Projektname + Aktiv seit. The Ehrenamt form's rules apply on import too
(`dashboard.model.volunteering.parse_project`, checked by the engine).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from dashboard.model.volunteering import TOPIC_TEXT
from data.imports.kinds.cells import cell_choice, cell_date, cell_district, cell_int, cell_provider, cell_text
from data.imports.kinds.spec import ColumnSpec, KindSpec


def _check_project(v: dict) -> list[tuple[str | None, str, str]]:
    if v.get("active_to") and v.get("active_from") and v["active_to"] < v["active_from"]:
        return [("active_to", "„Aktiv bis“ liegt vor „Aktiv seit“.", "Bitte das Ende auf oder nach den Beginn legen.")]
    return []


PROJECTS = KindSpec(
    "projects", "Ehrenamtsprojekte", "projects",
    (
        ColumnSpec("name", "Projektname", cell_text(200), True, help="Name des Projekts", example="Sprachcafé Böckingen",
                   address_ok=True, api_key="project_name"),
        ColumnSpec("topic", "Thema", cell_choice(TOPIC_TEXT), True, help=", ".join(TOPIC_TEXT.values()),
                   example="Sprachgruppen"),
        ColumnSpec("provider_id", "Träger", cell_provider, True, help="AWO, Caritas oder Diakonie", example="Diakonie"),
        ColumnSpec("district_id", "Stadtteil", cell_district, help="Stadtteil; leer: stadtweit", example="Alt-Böckingen"),
        ColumnSpec("site", "Ort", cell_text(200), help="Einrichtung/Treffpunkt", address_ok=True, example="Stadtbibliothek"),
        ColumnSpec("volunteers_18_29", "Ehrenamtliche 18–29", cell_int(0, 999), default=0, help="Anzahl", example=2),
        ColumnSpec("volunteers_30_49", "Ehrenamtliche 30–49", cell_int(0, 999), default=0, help="Anzahl", example=3),
        ColumnSpec("volunteers_50_64", "Ehrenamtliche 50–64", cell_int(0, 999), default=0, help="Anzahl", example=1),
        ColumnSpec("volunteers_65_plus", "Ehrenamtliche 65+", cell_int(0, 999), default=0, help="Anzahl", example=2),
        ColumnSpec("active_from", "Aktiv seit", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 3, 1)),
        ColumnSpec("active_to", "Aktiv bis", cell_date, help="TT.MM.JJJJ; leer: läuft"),
    ),
    key=("provider_id", "name", "active_from"), provider_field="provider_id",
    description=("Ehrenamtsprojekte mit Ehrenamtlichen je Altersgruppe (nur Anzahlen, nie Namen). "
                 "Schlüssel: Träger + Projektname + Aktiv seit."),
    check=_check_project,
)
