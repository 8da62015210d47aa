"""The two ways in: a CSV/XLSX file or the full export (`import_file`) and the ingest API's JSON rows
(`import_rows`). Both turn their input into (kind, table) jobs and hand them to `commit.run`; what
cannot be read at all becomes a problem of the report, nothing is written.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session, sessionmaker

from data.imports.engine.commit import ORDER, run
from data.imports.engine.report import ImportReport
from data.imports.kinds import KINDS, Problem, norm, problem_from_message
from data.imports.readers import FileRefused, RawTable, check_cells, check_zip, read_file, sheet_tables
from data.imports.scope import AreaScope


def is_full_workbook(content: bytes, filename: str, *, max_bytes: int) -> bool:
    """An XLSX with sheets named like two or more kinds (the full export)."""
    if not content.startswith(b"PK") or len(content) > max_bytes:
        return False
    import io
    import zipfile

    try:
        check_zip(content, filename)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            workbook_xml = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (FileRefused, KeyError, zipfile.BadZipFile):
        return False
    titles = {s.title for s in KINDS.values()}
    return sum(1 for t in titles if f'name="{t}"' in workbook_xml) >= 2


def import_file(sessions: sessionmaker[Session], content: bytes, filename: str, *, kind: str | None = None,
                scope: str | AreaScope | None = None, actor: str, commit: bool, max_bytes: int, max_rows: int,
                source: str = "file") -> ImportReport:
    """Read, check and (with `commit`) apply one CSV/XLSX file. `scope`: the importer's Träger code
    (None: the city's administration, every Träger)."""
    report = ImportReport(filename or "Datei", sha256=hashlib.sha256(content or b"").hexdigest())
    spec = KINDS.get(kind) if kind else None
    if kind and spec is None:
        report.problems.append(Problem(None, None, kind, "Unbekannte Datenart.",
                                       "Erlaubt: " + ", ".join(KINDS) + "."))
        return report
    try:
        if spec is None and is_full_workbook(content, report.filename, max_bytes=max_bytes):
            sheets = sheet_tables(content, report.filename, max_bytes=max_bytes, max_rows=max_rows,
                                  only={s.title for s in ORDER})
            jobs = [(s, sheets[s.title]) for s in ORDER if s.title in sheets and sheets[s.title].headers]
            report.kind, report.kind_title = "all", "Gesamtexport"
            return run(sessions, jobs, report, scope=scope, actor=actor, commit=commit, source=source)
        table = read_file(content, report.filename, max_bytes=max_bytes, max_rows=max_rows,
                          sheet=spec.title if spec else None)
    except FileRefused as refused:
        text = str(refused).removeprefix(report.filename).lstrip(":, ")
        report.problems.append(Problem(None, None, None, text[:1].upper() + text[1:]))
        return report
    return run(sessions, [(spec, table)], report, scope=scope, actor=actor, commit=commit, source=source)


def import_rows(sessions: sessionmaker[Session], kind: str, rows: list, *, scope: str | AreaScope | None, actor: str,
                commit: bool, max_rows: int, source: str = "api") -> ImportReport:
    """The ingest API: `rows` are JSON objects keyed by the German headers or the English keys."""
    spec = KINDS[kind]
    name = f"API {spec.api_path}"
    body = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    report = ImportReport(name, sha256=hashlib.sha256(body).hexdigest())
    if not isinstance(rows, list) or not rows:
        report.problems.append(Problem(None, None, None, "„rows“ muss eine nicht leere Liste von Objekten sein.",
                                       'Bitte z. B. {"rows": [{…}, {…}]} senden.'))
        return report
    if len(rows) > max_rows:
        report.problems.append(Problem(None, None, None, f"Zu viele Zeilen ({len(rows)}; erlaubt {max_rows}).",
                                       "Bitte auf mehrere Anfragen aufteilen."))
        return report
    headers: list[str] = []
    mapping = spec.header_map()
    normalised_rows = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            report.problems.append(Problem(index, None, None, "Die Zeile ist kein JSON-Objekt.",
                                           'Bitte jede Zeile als Objekt senden, z. B. {"Pseudonym": "HN-1"}.'))
            continue
        clean: dict = {}
        for key, value in row.items():
            column = mapping.get(norm(str(key)))
            name = column.header if column else str(key)[:100]
            if name in clean:
                report.problems.append(Problem(index, name, None, "Das Feld steht doppelt (deutsch und englisch).",
                                               "Bitte nur einen der beiden Schlüssel senden."))
            clean[name] = value
        normalised_rows.append(clean)
        headers += [k for k in clean if k not in headers]
    rows = normalised_rows
    if report.problems:
        return report
    table = RawTable(name, headers)
    for index, row in enumerate(rows, start=1):
        values = []
        for header in headers:
            value = row.get(header)
            if isinstance(value, (dict, list)):
                report.problems.append(Problem(index, header, None, "Der Wert ist kein einfacher Wert.",
                                               "Bitte Text, Zahl, true/false oder null senden."))
                value = None
            values.append(value.strip() or None if isinstance(value, str) else value)
        try:
            check_cells(values, name, index, headers)
        except FileRefused as refused:
            report.problems.append(problem_from_message(index, refused.column, refused.value, refused.reason)
                                   if refused.reason else Problem(index, None, None, str(refused).split(": ", 1)[-1]))
        table.rows.append(values)
        table.row_numbers.append(index)
    if report.problems:
        return report
    return run(sessions, [(spec, table)], report, scope=scope, actor=actor, commit=commit, source=source)
