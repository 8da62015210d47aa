"""The checks before anything is compared or written: personal data, kind and headers of a table
(`check_table`); each row's cells, duplicates, the importer's Träger scope and the Ehrenamt form's
rules (`check_rows`). Every finding is a `Problem` in the report.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dashboard.model.volunteering import CITYWIDE, parse_project
from data.imports import personal_data
from data.imports.engine.report import ImportReport
from data.imports.kinds import (
    KINDS,
    PROJECTS,
    KindSpec,
    ParsedRow,
    Problem,
    Refs,
    detect_kind,
    map_headers,
    parse_row,
    problem_from_message,
)
from data.imports.readers import RawTable
from data.imports.scope import area_problems
from data.schema import Area, Provider

_BANDS = ("volunteers_18_29", "volunteers_30_49", "volunteers_50_64", "volunteers_65_plus")


def check_table(spec: KindSpec | None, table: RawTable, report: ImportReport):
    """Personal data, kind and headers of one table; (spec, column map) or (spec, None) with problems."""
    known = frozenset(h.lower() for s in ([spec] if spec else KINDS.values()) for c in s.columns
                      for h in (c.header, c.english))
    address_ok = frozenset(h.lower() for s in ([spec] if spec else KINDS.values()) for c in s.columns
                           if c.address_ok for h in (c.header, c.english))
    findings = personal_data.scan(table.headers, table.rows, table.row_numbers,
                                  address_ok_columns=address_ok, known_columns=known)
    if findings:
        for finding in findings:
            report.problems.append(Problem(finding.row, finding.column, finding.value,
                                           finding.message("").removeprefix(", ").split(": ", 1)[-1]))
        return spec, None
    if spec is None:
        spec = detect_kind(table.headers)
        if spec is None:
            report.problems.append(Problem(None, None, None, "Die Datenart lässt sich an den Spaltenüberschriften "
                                           "nicht erkennen.", "Bitte die Datenart wählen oder eine Vorlage verwenden "
                                           "(Überschriften: " + "; ".join(
                                               f"{s.title}: {', '.join(c.header for c in s.columns if c.required)}"
                                               for s in KINDS.values()) + ")."))
            return None, None
    columns, problems = map_headers(spec, table.headers)
    if problems:
        report.problems += problems
        return spec, None
    if not table.rows and report.kind != "all":
        report.problems.append(Problem(None, None, None, "Die Datei enthält keine Datenzeilen.",
                                       "Bitte unter der Kopfzeile mindestens eine Zeile eintragen."))
        return spec, None
    return spec, columns


def check_rows(spec: KindSpec, table: RawTable, columns, report: ImportReport, refs: Refs,
               scope_provider: Provider | None, scope_area: Area | None = None) -> list[ParsedRow]:
    """Parse every row; its problems: cells, extra values, a key seen before, another Träger's data
    (for a Träger's import), the Ehrenamt form's rules."""
    parsed = []
    seen: dict[tuple, int] = {}
    for line, row in zip(table.row_numbers, table.rows):
        extra = [c for c in row[len(table.headers):] if c not in (None, "")]
        result = parse_row(spec, columns, row, line, refs)
        if extra:
            result.problems.append(Problem(line, None, str(extra[0]), "Die Zeile hat mehr Werte als Spalten.",
                                           "Bitte Trennzeichen im Text in Anführungszeichen setzen."))
        if not result.problems:
            key = natural_key(spec, result.values)
            if key in seen:
                result.problems.append(Problem(line, None, key_text(spec, result.values, refs),
                                               f"Dieselbe Zeile (gleicher Schlüssel) steht schon in Zeile {seen[key]}.",
                                               "Bitte eine der beiden löschen oder unterscheiden."))
            seen.setdefault(key, line)
        if not result.problems and scope_provider is not None:
            result.problems += scope_problems(spec, result.values, line, scope_provider, refs)
            if result.problems:
                report.foreign = True
        if not result.problems and scope_area is not None:  # a Landkreis' or a Gemeinde's import
            result.problems += area_problems(spec, result.values, line, scope_area, refs.area_by_id)
            if result.problems:
                report.foreign = True
        if not result.problems and spec.name == "projects":
            result.problems += project_rule_problems(result.values, line, refs)
        parsed.append(result)
    return parsed


def key_text(spec: KindSpec, values: dict, refs: Refs) -> str:
    parts = []
    for key in spec.key:
        value = values.get(key)
        if value is None:
            continue
        if key in ("team_id", "provider_id", "to_provider_id"):
            value = refs.provider_by_id[value].short_name if value in refs.provider_by_id else value
        elif key == "district_id":
            value = refs.district_by_id[value].name if value in refs.district_by_id else value
        elif isinstance(value, dt.date):
            value = f"{value:%d.%m.%Y}"
        elif isinstance(value, Decimal):
            value = format(value, "f").replace(".", ",")
        parts.append(str(value))
    return " · ".join(parts)


def natural_key(spec: KindSpec, values_or_obj) -> tuple:
    get = values_or_obj.get if isinstance(values_or_obj, dict) else lambda k: getattr(values_or_obj, k)
    out = []
    for k in spec.key:
        value = get(k)
        if isinstance(value, Decimal):
            value = value.quantize(Decimal("0.001"))
        elif hasattr(value, "value") and isinstance(value.value, str):
            value = value.value
        out.append(value)
    return tuple(out)


def field_header(spec: KindSpec, field_name: str | None) -> str | None:
    mapping = {"provider": "provider_id", "to_provider": "to_provider_id", "district": "district_id"}
    key = mapping.get(field_name, field_name)
    return next((c.header for c in spec.columns if c.key == key), None)


def scope_problems(spec: KindSpec, values: dict, line: int, scope: Provider, refs: Refs) -> list[Problem]:
    if not spec.provider_field:  # the Landkreis' data belongs to no Träger
        return [Problem(line, None, None, f"„{spec.title}“ importiert nur die Administration, kein Träger.",
                        "Bitte die Datei der Administration geben.")]
    owner = values.get(spec.provider_field)
    problems = []
    if owner != scope.id:
        name = refs.provider_by_id[owner].short_name if owner in refs.provider_by_id else owner
        problems.append(Problem(line, spec.column(spec.provider_field).header, str(name),
                                f"Daten eines anderen Trägers. Mit dem Zugang von {scope.short_name} lassen sich nur "
                                f"Daten von {scope.short_name} importieren.",
                                "Bitte die Zeile löschen oder von der Administration der Stadt importieren lassen."))
    return problems


def shown_choice(spec: KindSpec, key: str, value: str) -> str:
    return getattr(spec.column(key).parse, "labels", {}).get(value, value)


def project_rule_problems(values: dict, line: int, refs: Refs) -> list[Problem]:
    """The Ehrenamt form's rules (`parse_project`), so a file obeys the same as the form."""
    district = CITYWIDE if values["district_id"] is None else str(values["district_id"])
    form = parse_project(name=values["name"], topic=values["topic"], provider=str(values["provider_id"]),
                         district=district, site=values["site"], bands=[values[k] for k in _BANDS],
                         active_from=values["active_from"], active_to=values["active_to"])
    if form.values is not None:
        values["_project"] = form.values
        return []
    return [problem_from_message(line, field_header(PROJECTS, e.field), None, str(e)) for e in form.errors]
