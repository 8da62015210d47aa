"""Fälle: pseudonymised cases of the Integrationsmanagement. Natural key: Pseudonym.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from dashboard.model.vocabulary import CLOSURE_TEXT, ORIGIN_TEXT
from data.imports.kinds.cells import (
    cell_bool,
    cell_choice,
    cell_date,
    cell_district,
    cell_int,
    cell_provider,
    cell_pseudonym,
    cell_text,
    district_help,
)
from data.imports.kinds.spec import ColumnSpec, KindSpec


def _check_case(v: dict) -> list[tuple[str | None, str, str]]:
    issues = []
    if v.get("closed_on") and v.get("opened_on") and v["closed_on"] < v["opened_on"]:
        issues.append(("closed_on", "Das Fallende liegt vor dem Fallbeginn.", "Bitte beide Daten prüfen."))
    if bool(v.get("closed_on")) != bool(v.get("closure_reason")):
        issues.append(("closure_reason", "Ein Fallende braucht einen Abschlussgrund und umgekehrt.",
                       "Bitte beide ausfüllen (abgeschlossener Fall) oder beide leer lassen (aktiver Fall)."))
    return issues


CASES = KindSpec(
    "cases", "Fälle", "cases",
    (
        ColumnSpec("pseudonym", "Pseudonym", cell_pseudonym, True, help="eindeutiges Pseudonym des Falls, nie ein Name",
                   example="HN-2026-00012"),
        ColumnSpec("team_id", "Team", cell_provider, True, help="Träger/Team, das den Fall führt (AWO, Caritas, Diakonie, Stadt)",
                   example="Caritas"),
        ColumnSpec("district_id", "Stadtteil", cell_district, help=district_help(), example="Frankenbach"),
        ColumnSpec("origin", "Herkunft", cell_choice(ORIGIN_TEXT), default="case_transfer",
                   help="„Fallüberleitung“ (Standard) oder „direkt“", example="Fallüberleitung"),
        ColumnSpec("au_assigned_on", "AU-Zuweisung am", cell_date, True,
                   help="Datum der Zuweisung in die Anschlussunterbringung (TT.MM.JJJJ)", example=dt.date(2025, 9, 1)),
        ColumnSpec("opened_on", "Fallbeginn", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 1, 12)),
        ColumnSpec("closed_on", "Fallende", cell_date, help="TT.MM.JJJJ; leer: Fall ist aktiv"),
        ColumnSpec("closure_reason", "Abschlussgrund", cell_choice(CLOSURE_TEXT),
                   help="nur mit Fallende: " + ", ".join(CLOSURE_TEXT.values())),
        ColumnSpec("eligibility_extended", "Verlängerung 4. Jahr", cell_bool, default=False,
                   help="ja/nein: Anspruch auf 4 Jahre verlängert", example="nein"),
        ColumnSpec("has_integration_plan", "Integrationsplan", cell_bool, default=False,
                   help="ja/nein: Integrationsplan liegt vor", example="ja"),
        ColumnSpec("household_size", "Haushaltsgröße", cell_int(1, 30), default=1, help="Personen im Haushalt, 1–30",
                   example=3),
        ColumnSpec("category", "Kategorie", cell_text(32), help="Kategorie für die gewichtete Fallbelastung (optional)",
                   example="familie"),
    ),
    key=("pseudonym",), provider_field="team_id",
    description="Pseudonymisierte Einzelfälle des Integrationsmanagements. Schlüssel: Pseudonym.",
    check=_check_case,
)
