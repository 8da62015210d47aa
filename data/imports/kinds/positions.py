"""Stellen: the Stellenplan, one row per position. Natural key: Träger + Programm + Finanzierung +
Gültig ab + Bezeichnung (site, VZÄ and the rest may change). The Stellenplan form's rules apply on
import too (`data.positions.validate_change`, checked when the engine writes a row).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dashboard.model.vocabulary import FUNDING_TEXT, PROGRAMME_TEXT, Funding
from data.imports.kinds.cells import cell_bool, cell_choice, cell_date, cell_fte, cell_int, cell_provider, cell_text
from data.imports.kinds.spec import ColumnSpec, KindSpec

# short words files commonly use besides the vocabulary's labels (accepted, never written)
FUNDING_ALIASES = {"land": ("Land",), "church": ("Kirche",)}


def _check_position(v: dict) -> list[tuple[str | None, str, str]]:
    issues = []
    if v.get("valid_to") and v.get("valid_from") and v["valid_to"] < v["valid_from"]:
        issues.append(("valid_to", "„Gültig bis“ liegt vor „Gültig ab“.", "Bitte beide Daten prüfen."))
    if v.get("funded_until") and v.get("valid_from") and v["funded_until"] < v["valid_from"]:
        issues.append(("funded_until", "„Förderung bis“ liegt vor dem Beginn der Stelle.", "Bitte beide Daten prüfen."))
    planned, filled = v.get("planned_fte"), v.get("filled_fte")
    if planned is not None and filled is not None and filled > planned and not v.get("allow_overstaffing"):
        issues.append(("filled_fte", f"VZÄ besetzt ({_show_fte(filled)}) ist größer als VZÄ Soll ({_show_fte(planned)}).",
                       "Bitte korrigieren oder für eine gewollte Überbesetzung in „Überbesetzung gewollt“ „ja“ eintragen."))
    return issues


def _show_fte(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


POSITIONS = KindSpec(
    "positions", "Stellen", "positions",
    (
        ColumnSpec("provider_id", "Träger", cell_provider, True, help="AWO, Caritas, Diakonie oder Stadt", example="AWO"),
        ColumnSpec("programme", "Programm", cell_choice(PROGRAMME_TEXT), True, help=", ".join(PROGRAMME_TEXT.values()),
                   example="Integrationsmanagement"),
        ColumnSpec("funding", "Finanzierung", cell_choice(FUNDING_TEXT, FUNDING_ALIASES), True,
                   help=", ".join(FUNDING_TEXT.values()) + " (auch: Land, Kirche)", example=FUNDING_TEXT[Funding.land]),
        ColumnSpec("valid_from", "Gültig ab", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 1, 1)),
        ColumnSpec("valid_to", "Gültig bis", cell_date, help="TT.MM.JJJJ; leer: unbefristet"),
        ColumnSpec("planned_fte", "VZÄ Soll", cell_fte, True, help="0 bis 10, höchstens 3 Nachkommastellen, z. B. 0,5",
                   example="0,5"),
        ColumnSpec("filled_fte", "VZÄ besetzt", cell_fte, True, help="0 bis 10; nicht größer als VZÄ Soll", example="0,5"),
        ColumnSpec("allow_overstaffing", "Überbesetzung gewollt", cell_bool, default=False,
                   help="ja: VZÄ besetzt darf größer als VZÄ Soll sein"),
        ColumnSpec("planned_is_upper_bound", "Soll ist Obergrenze", cell_bool, default=False,
                   help="ja: „bis zu“ VZÄ Soll (z. B. kirchliche Stellen)"),
        ColumnSpec("funded_until", "Förderung bis", cell_date, help="TT.MM.JJJJ; Ende der befristeten Förderung"),
        ColumnSpec("site", "Standort", cell_text(200), help="Einrichtung, z. B. GU Mönchseestraße 83", address_ok=True,
                   example="GU Mönchseestraße 83"),
        ColumnSpec("label", "Bezeichnung", cell_text(120), help="Kurzname der Stelle, z. B. CaDiFa", address_ok=True),
        ColumnSpec("city_share_fte", "Stadtanteil VZÄ", cell_fte, help="bei mit dem Landkreis geteilten Stellen"),
        ColumnSpec("city_share_min_fte", "Mindestanteil Stadt VZÄ", cell_fte, help="vertraglicher Mindestanteil"),
        ColumnSpec("staff_ratio", "Personalschlüssel", cell_int(1, 1000),
                   help="Fälle je Vollzeitstelle, wenn abweichend von 1:90"),
        ColumnSpec("plan", "Plan", cell_text(120), help="Plandokument, z. B. ARGE-Konzeption 12/2025", address_ok=True),
        ColumnSpec("note", "Anmerkung", cell_text(1000), help="freier Text (keine personenbezogenen Daten)", address_ok=True),
    ),
    key=("provider_id", "programme", "funding", "valid_from", "label"), provider_field="provider_id",
    description=("Stellenplan: eine Zeile je Stelle. Schlüssel: Träger + Programm + Finanzierung + Gültig ab + "
                 "Bezeichnung (Standort, VZÄ usw. sind änderbar)."),
    check=_check_position,
)
