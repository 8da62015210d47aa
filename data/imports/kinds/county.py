"""Landkreis kinds: the Land funds a Kreis receives per year, the annual survey of the target group
(persons assigned to Anschlussunterbringung per Gemeinde and month — counts only) and the Gemeinden's
decisions who runs IM from when. Not a Träger's data: only the administration imports them.

Natural keys: Landkreis + Jahr · Gemeinde + Monat · Gemeinde + Gültig ab · Gemeinde + Arbeitgeber +
Bezeichnung (IM-Stellen) · Gemeinde + Jahr (Verwendungsnachweise).
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt

from dashboard.model.vocabulary import IM_MODE_TEXT, ImMode
from data.imports.kinds.cells import (
    cell_amount,
    cell_bool,
    cell_choice,
    cell_county,
    cell_date,
    cell_fte,
    cell_int,
    cell_month,
    cell_municipality,
    cell_text,
)
from data.imports.kinds.spec import ColumnSpec, KindSpec

GEMEINDE_HELP = "Amtlicher Gemeindeschlüssel (8 Ziffern) oder Name, Liste im Blatt „Erläuterung“"
MODE_ALIASES = {ImMode.own: ("A", "Eigenregie"), ImMode.own_provider: ("B", "Träger"),
                ImMode.county: ("C", "Landkreis"), ImMode.verbund: ("V",)}

COUNTY_FUNDS = KindSpec(
    "county_funds", "Landesmittel des Kreises", "county-funds",
    (
        ColumnSpec("county_id", "Landkreis", cell_county, True, help="Name des Landkreises",
                   example="Landkreis Heilbronn"),
        ColumnSpec("year", "Jahr", cell_int(2000, 2100), True, help="Berechnungsjahr", example=2025),
        ColumnSpec("amount", "Betrag", cell_amount, True, help="Landesmittel (VwV IM) in Euro, z. B. 1.499.911,00",
                   example="1.499.911,00"),
        ColumnSpec("note", "Vermerk", cell_text(500), help="z. B. Bescheid vom …", address_ok=True),
    ),
    key=("county_id", "year"), provider_field="",
    description="Landesmittel für das Integrationsmanagement, die ein Landkreis für ein Berechnungsjahr erhält. "
                "Schlüssel: Landkreis + Jahr.",
)

TARGET_GROUP = KindSpec(
    "target_group_counts", "Erhebung Zielgruppe", "target-group-counts",
    (
        ColumnSpec("municipality_id", "Gemeinde", cell_municipality, True, help=GEMEINDE_HELP, example="08125074"),
        ColumnSpec("month", "Zuweisungsmonat", cell_month, True, help="Monat der Zuweisung in die "
                   "Anschlussunterbringung, MM.JJJJ", example=dt.date(2021, 3, 1)),
        ColumnSpec("persons", "Personen", cell_int(0, 100000), True, help="Anzahl zugewiesener Personen (nie Namen)",
                   example=3),
    ),
    key=("municipality_id", "month"), provider_field="",
    description="Die jährliche Erhebung: Personen, die einer Gemeinde in einem Monat in die Anschlussunterbringung "
                "zugewiesen wurden – nur Anzahlen. Schlüssel: Gemeinde + Zuweisungsmonat.",
)

IM_ARRANGEMENTS = KindSpec(
    "im_arrangements", "Aufgabenerledigung der Gemeinden", "im-arrangements",
    (
        ColumnSpec("municipality_id", "Gemeinde", cell_municipality, True, help=GEMEINDE_HELP, example="Nordheim"),
        ColumnSpec("valid_from", "Gültig ab", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2025, 1, 1)),
        ColumnSpec("mode", "Form", cell_choice(IM_MODE_TEXT, MODE_ALIASES), True,
                   help="A (Eigenregie), B (Eigenregie über einen Träger), C (beim Landkreis) oder Verbund",
                   example="C"),
        ColumnSpec("provider_name", "Träger", cell_text(200), help="bei B: der beauftragte Träger; bei C: der Träger "
                   "des Landkreises", example="Diakonie"),
        ColumnSpec("decision_ref", "Beschluss", cell_text(200), help="z. B. Gemeinderat vom 15.04.2024",
                   address_ok=True),
        ColumnSpec("note", "Vermerk", cell_text(500), address_ok=True),
    ),
    key=("municipality_id", "valid_from"), provider_field="",
    description="Wer das Integrationsmanagement einer Gemeinde ab welchem Datum erbringt (A, B, C oder Verbund). "
                "Schlüssel: Gemeinde + Gültig ab.",
)

IM_POSTS = KindSpec(
    "im_posts", "IM-Stellen der Gemeinden", "im-posts",
    (
        ColumnSpec("municipality_id", "Gemeinde", cell_municipality, True, help=GEMEINDE_HELP, example="08125013"),
        ColumnSpec("employer", "Arbeitgeber", cell_text(200), True, help="wer die Stelle besetzt, z. B. Stadt "
                   "Brackenheim oder Diakonie", example="Stadt Brackenheim"),
        ColumnSpec("label", "Bezeichnung", cell_text(100), True, help="unterscheidet mehrere Stellen eines "
                   "Arbeitgebers in einer Gemeinde, z. B. Stelle 1", example="Stelle 1"),
        ColumnSpec("fte", "VZÄ", cell_fte, True, help="Vollzeitäquivalent, z. B. 0,5", example="1,0"),
        ColumnSpec("filled", "Besetzt", cell_bool, default=True, help="ja oder nein (leer heißt ja)", example="ja"),
        ColumnSpec("funded_until", "Gefördert bis", cell_date, help="TT.MM.JJJJ", example=dt.date(2029, 12, 31)),
        ColumnSpec("note", "Vermerk", cell_text(500), address_ok=True),
    ),
    key=("municipality_id", "employer", "label"), provider_field="",
    description="Die Stellen des Integrationsmanagements, die eine Gemeinde versorgen (auch beim Träger). "
                "Schlüssel: Gemeinde + Arbeitgeber + Bezeichnung.",
)


def _check_proof(v: dict) -> list[tuple[str | None, str, str]]:
    if v.get("amount_spent") is not None and v.get("received_on") is None:
        return [("received_on", "Verwendete Mittel sind eingetragen, aber kein Eingangsdatum.",
                 "Bitte das Datum eintragen, an dem der Verwendungsnachweis eingegangen ist, oder die Mittel "
                 "leer lassen (dann gilt der Nachweis als fehlend).")]
    if v.get("received_on") and v.get("year") and v["received_on"].year < v["year"]:
        return [("received_on", "Der Nachweis ist vor dem Ende des Jahres eingegangen, für das er gilt.",
                 "Bitte Jahr und Eingangsdatum prüfen.")]
    return []


PROOFS_OF_USE = KindSpec(
    "proofs_of_use", "Verwendungsnachweise Gemeinden", "proofs-of-use",
    (
        ColumnSpec("municipality_id", "Gemeinde", cell_municipality, True, help=GEMEINDE_HELP, example="08125013"),
        ColumnSpec("year", "Jahr", cell_int(2000, 2100), True, help="Jahr, für das die Mittel gezahlt wurden",
                   example=2025),
        ColumnSpec("received_on", "Eingegangen am", cell_date, help="TT.MM.JJJJ; leer: Nachweis fehlt",
                   example=dt.date(2026, 3, 2)),
        ColumnSpec("amount_spent", "Verwendete Mittel", cell_amount, help="laut Nachweis verwendete Mittel in "
                   "Euro, z. B. 55.000,00", example="55.000,00"),
        ColumnSpec("note", "Vermerk", cell_text(500), address_ok=True),
    ),
    key=("municipality_id", "year"), provider_field="",
    description="Der Verwendungsnachweis einer Gemeinde für ein Jahr: eingegangen am (leer: fehlt), die laut "
                "Nachweis verwendeten Mittel, ein Vermerk. Schlüssel: Gemeinde + Jahr.",
    check=_check_proof,
)
