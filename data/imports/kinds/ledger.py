"""Projektmittel: bookings of the project funds (allocation, expense, transfer). Natural key: Art +
Träger + Datum + Betrag + Zweck + An Träger; ledger lines are never changed, only added. The rules of
the page Projektmittel apply (`dashboard.model.funds`, checked when the engine books them).

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from dashboard.model.vocabulary import LEDGER_KIND_TEXT
from data.imports.kinds.cells import cell_amount, cell_choice, cell_date, cell_int, cell_provider, cell_text
from data.imports.kinds.spec import ColumnSpec, KindSpec


def _check_ledger(v: dict) -> list[tuple[str | None, str, str]]:
    issues = []
    kind = v.get("kind")
    if kind == "transfer":
        if not v.get("to_provider_id"):
            issues.append(("to_provider_id", "Eine Übertragung braucht einen empfangenden Träger.",
                           "Bitte „An Träger“ ausfüllen."))
        if not v.get("decision_date"):
            issues.append(("decision_date", "Eine Übertragung braucht einen Beschluss des Koordinierungskreises.",
                           "Bitte das Datum des Beschlusses in „Beschluss vom“ eintragen."))
    elif kind and (v.get("to_provider_id") or v.get("decision_date")):
        issues.append(("to_provider_id", "„An Träger“ und „Beschluss vom“ gehören nur zu einer Übertragung.",
                       "Bitte leer lassen oder als Art „Übertragung“ eintragen."))
    return issues


LEDGER = KindSpec(
    "ledger", "Projektmittel", "ledger",
    (
        ColumnSpec("year", "Jahr", cell_int(2000, 2100), True, help="Haushaltsjahr", example=2026),
        ColumnSpec("provider_id", "Träger", cell_provider, True, help="buchender bzw. abgebender Träger", example="AWO"),
        ColumnSpec("kind", "Art", cell_choice(LEDGER_KIND_TEXT), True, help="Zuweisung, Ausgabe oder Übertragung",
                   example="Ausgabe"),
        ColumnSpec("amount", "Betrag", cell_amount, True, help="Euro, z. B. 1.234,56 (größer 0)", example="412,80"),
        ColumnSpec("booked_on", "Datum", cell_date, True, help="TT.MM.JJJJ, im Jahr der Buchung",
                   example=dt.date(2026, 2, 10)),
        ColumnSpec("purpose", "Zweck", cell_text(300), True, help="Zweck der Buchung", example="Material Sprachcafé",
                   address_ok=True),
        ColumnSpec("to_provider_id", "An Träger", cell_provider, help="nur Übertragung: empfangender Träger"),
        ColumnSpec("decision_date", "Beschluss vom", cell_date,
                   help="nur Übertragung: Datum des Koordinierungskreis-Beschlusses (am oder vor dem Datum)"),
        ColumnSpec("decision_ref", "Aktenzeichen / TOP", cell_text(120), help="nur Übertragung, z. B. TOP 4"),
    ),
    key=("kind", "provider_id", "booked_on", "amount", "purpose", "to_provider_id"), provider_field="provider_id",
    description=("Buchungen der Projektmittel (Zuweisung, Ausgabe, Übertragung). Buchungen werden nur ergänzt, "
                 "nie geändert. Schlüssel: Art + Träger + Datum + Betrag + Zweck + An Träger. Es gelten die Regeln der "
                 "Seite Projektmittel: keine Überbuchung, Übertragung nur mit Beschluss am oder vor dem Datum."),
    check=_check_ledger,
)
