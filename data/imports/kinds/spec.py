"""What a kind is: its columns (German header, English key, parser, required, default, help) and its
natural key; mapping a file's headers to columns and parsing one row into the values the schema stores.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from data.imports.kinds.problems import CellError, Problem, show_value
from data.imports.kinds.refs import Refs, norm


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # attribute name in the schema (also the English key of the API)
    header: str  # German header in files and templates
    parse: Callable
    required: bool = False
    default: object = None
    help: str = ""
    example: object = None
    address_ok: bool = False  # a facility's address is no personal data
    api_key: str = ""  # English key in the API's JSON (default: `key`)

    @property
    def english(self) -> str:
        return self.api_key or self.key


@dataclass(frozen=True)
class KindSpec:
    name: str  # cases | caseload_counts | positions | projects | ledger
    title: str  # German, also the sheet name of templates and the full export
    api_path: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    provider_field: str  # whose data a row is (scope check)
    description: str
    check: Callable[[dict], list[tuple[str | None, str, str]]] = field(default=lambda values: [])

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def header_map(self) -> dict[str, ColumnSpec]:
        """Every accepted header spelling (German header, English key), normalised → column."""
        mapping = {}
        for c in self.columns:
            mapping[norm(c.header)] = c
            mapping[norm(c.english)] = c
        return mapping



@dataclass
class ParsedRow:
    line: int
    values: dict
    problems: list[Problem]


def map_headers(spec: KindSpec, headers: list[str]) -> tuple[dict[int, ColumnSpec], list[Problem]]:
    """Column index → spec; unknown and missing required columns are problems."""
    mapping = spec.header_map()
    found: dict[int, ColumnSpec] = {}
    problems = []
    for index, header in enumerate(headers):
        column = mapping.get(norm(header))
        if column is None:
            problems.append(Problem(None, header, None, "Diese Spalte gibt es für „" + spec.title + "“ nicht.",
                                    "Bitte löschen oder umbenennen. Erlaubte Spalten: "
                                    + ", ".join(c.header for c in spec.columns) + "."))
        elif column in found.values():
            problems.append(Problem(None, header, None, f"Die Spalte „{column.header}“ steht doppelt.",
                                    "Bitte eine der beiden löschen."))
        else:
            found[index] = column
    present = set(found.values())
    for column in spec.columns:
        if column.required and column not in present:
            problems.append(Problem(None, column.header, None, "Pflichtspalte fehlt.",
                                    f"Bitte die Spalte „{column.header}“ ergänzen ({column.help})."))
    return found, problems


def parse_row(spec: KindSpec, columns: dict[int, ColumnSpec], row: list, line: int, refs: Refs) -> ParsedRow:
    """One row → values by schema attribute, or the problems of its cells."""
    values: dict = {}
    problems: list[Problem] = []
    by_key = {c.key: None for c in spec.columns}
    for index, column in columns.items():
        by_key[column.key] = row[index] if index < len(row) else None
    for column in spec.columns:
        raw = by_key[column.key]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                problems.append(Problem(line, column.header, None, "Pflichtfeld ist leer.",
                                        f"Bitte ausfüllen ({column.help})."))
            values[column.key] = column.default
            continue
        try:
            values[column.key] = column.parse(raw, refs)
        except CellError as error:
            problems.append(Problem(line, column.header, show_value(raw), str(error), error.fix))
            values[column.key] = None
    if not problems:
        for key, message, fix in spec.check(values):
            header = spec.column(key).header if key else None
            problems.append(Problem(line, header, show_value(values.get(key)) if key and values.get(key) is not None else None,
                                    message, fix))
    return ParsedRow(line, values, problems)
