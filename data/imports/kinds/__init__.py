"""One spec per importable kind: German column headers, required/optional, parser, natural key.

Kinds, one module each: cases (Fälle), caseload_counts (Fallzahlen), positions (Stellen), projects
(Ehrenamtsprojekte), ledger (Projektmittel); county (the Landkreis kinds). `KINDS` is the registry, in this order. A row is parsed
cell by cell (`cells`) into the values the schema stores (`spec.parse_row`); every problem becomes a
`Problem` (`problems`) naming the row, column, value and the fix. References are resolved through
`Refs` (`refs`: Träger by code, short or full name; Stadtteil by name or code), read once per import.
The natural key of each kind decides whether a row is new, an update or unchanged:

- cases: Pseudonym
- caseload counts: Stichtag + Team + Stadtteil
- positions: Träger + Programm + Finanzierung + Gültig ab + Bezeichnung
- projects: Träger + Projektname + Aktiv seit
- ledger: Art + Träger + Datum + Betrag + Zweck + An Träger (ledger lines are never changed, only added)
- Landkreis (`county`, the administration's only): Landesmittel (Landkreis + Jahr), Erhebung Zielgruppe
  (Gemeinde + Zuweisungsmonat), Aufgabenerledigung (Gemeinde + Gültig ab), IM-Stellen (Gemeinde + Arbeitgeber +
  Bezeichnung), Verwendungsnachweise (Gemeinde + Jahr)

The rules of the edit forms are reused (VZÄ from `data.positions`, projects from
`dashboard.model.volunteering.parse_project`, amounts and bookings from `dashboard.model.funds`).
This package must not import dash, layouts or callbacks.
"""

from __future__ import annotations

from data.imports.kinds.caseload_counts import CASELOAD_COUNTS
from data.imports.kinds.cases import CASES
from data.imports.kinds.cells import (
    DATE_MAX,
    DATE_MIN,
    PSEUDONYM,
    cell_amount,
    cell_bool,
    cell_choice,
    cell_date,
    cell_district,
    cell_fte,
    cell_int,
    cell_provider,
    cell_pseudonym,
    cell_text,
    german_number,
)
from data.imports.kinds.county import COUNTY_FUNDS, IM_ARRANGEMENTS, IM_POSTS, PROOFS_OF_USE, TARGET_GROUP
from data.imports.kinds.ledger import LEDGER
from data.imports.kinds.positions import FUNDING_ALIASES, POSITIONS
from data.imports.kinds.problems import CellError, Problem, problem_from_message
from data.imports.kinds.projects import PROJECTS
from data.imports.kinds.refs import Refs, norm
from data.imports.kinds.spec import ColumnSpec, KindSpec, ParsedRow, map_headers, parse_row

__all__ = [
    "CASELOAD_COUNTS", "CASES", "COUNTY_FUNDS", "IM_ARRANGEMENTS", "IM_POSTS", "PROOFS_OF_USE", "TARGET_GROUP", "DATE_MAX", "DATE_MIN", "FUNDING_ALIASES", "KINDS", "LEDGER", "POSITIONS", "PROJECTS",
    "PSEUDONYM", "CellError", "ColumnSpec", "KindSpec", "ParsedRow", "Problem", "Refs", "cell_amount", "cell_bool",
    "cell_choice", "cell_date", "cell_district", "cell_fte", "cell_int", "cell_provider", "cell_pseudonym",
    "cell_text", "detect_kind", "german_number", "kind_by_name", "map_headers", "norm", "parse_row",
    "problem_from_message",
]

# the registry: templates, the CLI's choices, the API's paths and header detection go in this order
KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (CASES, CASELOAD_COUNTS, POSITIONS, PROJECTS, LEDGER,
                                                          COUNTY_FUNDS, TARGET_GROUP, IM_ARRANGEMENTS, IM_POSTS,
                                                          PROOFS_OF_USE)}


def kind_by_name(name: str | None) -> KindSpec | None:
    """A kind by its code, German title or API path (case-insensitive)."""
    if not name:
        return None
    wanted = norm(name).replace("-", "_")
    for spec in KINDS.values():
        if wanted in (spec.name, norm(spec.title), spec.api_path.replace("-", "_")):
            return spec
    return None


def detect_kind(headers: list[str]) -> KindSpec | None:
    """The kind whose required headers all appear (the one with the most matching headers)."""
    normalised = {norm(h) for h in headers}
    best, best_score = None, 0
    for spec in KINDS.values():
        mapping = spec.header_map()
        required = {norm(c.header) for c in spec.columns if c.required}
        required_keys = {norm(c.english) for c in spec.columns if c.required}
        if not (required <= normalised or required_keys <= normalised):
            continue
        score = sum(1 for h in normalised if h in mapping)
        if score > best_score:
            best, best_score = spec, score
    return best

