"""The import engine: preview, then apply all or nothing, in one transaction.

`import_file` (a CSV/XLSX upload or CLI file) and `import_rows` (the ingest API's JSON rows) run the
same steps: refuse personal data, map the German headers, parse and check every row, check the
importer's Träger scope, classify each row by its natural key as new, updated, unchanged or
rejected, and — only when no row has a problem and `commit` is set — write everything in one
transaction. A preview is the very same run, rolled back at the end, so what the preview says is
what an apply does. Every accepted import bumps the data revision, writes an "import" event to the
audit log and the file's SHA-256 to `imported_files`; a file already in that ledger changes nothing.
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dashboard.model.forms import FormError
from dashboard.model.funds import check_amount, check_in_year, check_purpose
from dashboard.model.volunteering import CITYWIDE, parse_project
from data import audit
from data.imports import personal_data
from data.imports.kinds import (
    KINDS,
    KindSpec,
    Problem,
    Refs,
    _norm,
    detect_kind,
    map_headers,
    parse_row,
    problem_from_message,
)
from data.imports.readers import FileRefused, RawTable, check_cells, check_zip, read_file, sheet_tables
from data.ledger import book_expense, book_transfer
from data.positions import PositionChange, PositionError, validate_change
from data.projects import add_project, update_project
from data.revision import bump_revision
from data.schema import (
    Case,
    CaseloadCount,
    DatasetInfo,
    DataSource,
    FundsEntry,
    FundsEntryKind,
    ImportedFile,
    Position,
    Provider,
    ProviderKind,
    VolunteerProject,
)

STATUS_TEXT = {"new": "neu", "updated": "geändert", "unchanged": "unverändert", "rejected": "abgelehnt"}
MODELS = {"cases": Case, "caseload_counts": CaseloadCount, "positions": Position,
          "projects": VolunteerProject, "ledger": FundsEntry}
_NOT_STORED = {"allow_overstaffing"}
ORDER = tuple(KINDS[k] for k in ("positions", "projects", "cases", "caseload_counts", "ledger"))


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


@dataclass
class RowOutcome:
    row: int
    status: str  # new | updated | unchanged | rejected
    key: str
    changes: list[str] = field(default_factory=list)
    sheet: str | None = None


@dataclass
class ImportReport:
    """What an import did or would do; `ok` means nothing is wrong with the file."""

    filename: str
    kind: str | None = None
    kind_title: str | None = None
    sha256: str = ""
    rows: list[RowOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False
    already_imported: str | None = None  # "am 23.11.2026 von anna"
    foreign: bool = False  # a row belongs to another Träger than the importer's

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(r.status for r in self.rows)
        return {status: tally.get(status, 0) for status in STATUS_TEXT}

    def messages(self) -> list[str]:
        return [p.text(self.filename) for p in self.problems]

    def summary(self) -> str:
        c = self.counts
        numbers = (f"{c['new']} neu, {c['updated']} geändert, {c['unchanged']} unverändert, "
                   f"{c['rejected']} abgelehnt")
        what = f"{self.filename}" + (f" ({self.kind_title})" if self.kind_title else "")
        if self.problems:
            return (f"{what}: {len(self.problems)} Problem(e) – es wurde nichts importiert. "
                    f"Zeilen: {numbers}.")
        if self.already_imported:
            return f"{what}: Diese Datei wurde bereits {self.already_imported} importiert – nichts geändert."
        verb = "importiert" if self.applied else "Vorschau (noch nichts geschrieben)"
        return f"{what}: {verb}. Zeilen: {numbers}."

    def to_dict(self) -> dict:
        return {"filename": self.filename, "kind": self.kind, "kind_title": self.kind_title,
                "sha256": self.sha256, "ok": self.ok, "applied": self.applied,
                "already_imported": self.already_imported, "foreign": self.foreign, "counts": self.counts,
                "summary": self.summary(),
                "rows": [asdict(r) | {"status_text": STATUS_TEXT[r.status]} for r in self.rows],
                "problems": [asdict(p) | {"text": p.text(self.filename)} for p in self.problems]}


class _Rollback(Exception):
    pass


# --- entry points ------------------------------------------------------------------------------

def import_file(sessions: sessionmaker[Session], content: bytes, filename: str, *, kind: str | None = None,
                scope: str | None = None, actor: str, commit: bool, max_bytes: int, max_rows: int,
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
            return _run(sessions, jobs, report, scope=scope, actor=actor, commit=commit, source=source)
        table = read_file(content, report.filename, max_bytes=max_bytes, max_rows=max_rows,
                          sheet=spec.title if spec else None)
    except FileRefused as refused:
        text = str(refused).removeprefix(report.filename).lstrip(":, ")
        report.problems.append(Problem(None, None, None, text[:1].upper() + text[1:]))
        return report
    return _run(sessions, [(spec, table)], report, scope=scope, actor=actor, commit=commit, source=source)


def import_rows(sessions: sessionmaker[Session], kind: str, rows: list, *, scope: str | None, actor: str,
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
            column = mapping.get(_norm(str(key)))
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
    return _run(sessions, [(spec, table)], report, scope=scope, actor=actor, commit=commit, source=source)


# --- the run -----------------------------------------------------------------------------------

def _run(sessions, jobs: list[tuple[KindSpec | None, RawTable]], report: ImportReport, *, scope: str | None,
         actor: str, commit: bool, source: str) -> ImportReport:
    """Check every (kind, table) and apply them together in one transaction — or nothing."""
    full = len(jobs) != 1 or report.kind == "all"
    checked = []
    for spec, table in jobs:
        sheet = spec.title if full and spec else None
        before = len(report.problems)
        spec, columns = _check_table(spec, table, report)
        for index in range(before, len(report.problems)):
            report.problems[index] = replace(report.problems[index], sheet=sheet)
        if spec is not None and not full:
            report.kind, report.kind_title = spec.name, spec.title
        checked.append((spec, table, columns, sheet))
    if not jobs:
        report.problems.append(Problem(None, None, None, "Die Arbeitsmappe enthält kein Blatt mit Daten.",
                                       "Bitte Blätter wie im Gesamtexport benennen (" +
                                       ", ".join(s.title for s in ORDER) + ")."))
    if report.problems:
        return report
    session = sessions()
    try:
        with session.begin():
            for spec, table, columns, sheet in checked:
                before_rows, before_problems = len(report.rows), len(report.problems)
                _process(session, spec, table, columns, report, scope=scope, actor=actor)
                for row in report.rows[before_rows:]:
                    row.sheet = sheet
                for index in range(before_problems, len(report.problems)):
                    report.problems[index] = replace(report.problems[index], sheet=sheet)
            if report.ok:
                known_file = session.execute(
                    select(ImportedFile.imported_at, ImportedFile.imported_by)
                    .where(ImportedFile.sha256 == report.sha256, ImportedFile.kind == report.kind)
                    .order_by(ImportedFile.id.desc()).limit(1)).first()
                if known_file:
                    report.already_imported = f"am {known_file[0]:%d.%m.%Y} von {known_file[1]}"
            if not (commit and report.ok) or report.already_imported:
                raise _Rollback
            _finish(session, report, scope=scope, actor=actor, source=source)
            report.applied = True
    except _Rollback:
        pass
    except IntegrityError as error:
        report.applied = False
        report.problems.append(Problem(None, None, None, "Die Datenbank hat die Daten abgelehnt "
                                       f"({str(error.orig).splitlines()[0][:200]}).",
                                       "Bitte die Zeilen prüfen; es wurde nichts importiert."))
    finally:
        session.close()
    return report


def _check_table(spec: KindSpec | None, table: RawTable, report: ImportReport):
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


def _finish(session: Session, report: ImportReport, *, scope: str | None, actor: str, source: str) -> None:
    counts = report.counts
    provider_id = session.scalar(select(Provider.id).where(Provider.code == scope)) if scope else None
    session.add(ImportedFile(sha256=report.sha256, kind=report.kind, filename=report.filename[:255], source=source,
                             provider_id=provider_id, imported_by=actor[:120], rows_new=counts["new"],
                             rows_updated=counts["updated"], rows_unchanged=counts["unchanged"]))
    audit.record(session, actor, "import", f"import:{report.kind}",
                 {"file": report.filename, "sha256": report.sha256, "source": source, "scope": scope, **counts})
    if counts["new"] or counts["updated"]:
        info = session.get(DatasetInfo, 1)
        # a real installation's "Stand" is the day of its latest import; demo data keep their date
        imported = info is not None and info.source == DataSource.imported
        bump_revision(session, as_of=dt.date.today() if imported else None)
    session.flush()


def _key_text(spec: KindSpec, values: dict, refs: Refs) -> str:
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


def _key(spec: KindSpec, values_or_obj) -> tuple:
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


def _process(session: Session, spec: KindSpec, table: RawTable, columns, report: ImportReport, *,
             scope: str | None, actor: str) -> None:
    refs = Refs.load(session)
    scope_provider = next((p for p in refs.provider_by_id.values() if p.code == scope), None) if scope else None
    if scope and scope_provider is None:
        report.problems.append(Problem(None, None, scope, "Der Träger des Benutzers ist unbekannt.",
                                       "Bitte die Administration fragen."))
        return
    parsed = []
    seen: dict[tuple, int] = {}
    for line, row in zip(table.row_numbers, table.rows):
        extra = [c for c in row[len(table.headers):] if c not in (None, "")]
        result = parse_row(spec, columns, row, line, refs)
        if extra:
            result.problems.append(Problem(line, None, str(extra[0]), "Die Zeile hat mehr Werte als Spalten.",
                                           "Bitte Trennzeichen im Text in Anführungszeichen setzen."))
        if not result.problems:
            key = _key(spec, result.values)
            if key in seen:
                result.problems.append(Problem(line, None, _key_text(spec, result.values, refs),
                                               f"Dieselbe Zeile (gleicher Schlüssel) steht schon in Zeile {seen[key]}.",
                                               "Bitte eine der beiden löschen oder unterscheiden."))
            seen.setdefault(key, line)
        if not result.problems and scope_provider is not None:
            result.problems += _scope_problems(spec, result.values, line, scope_provider, refs)
            if result.problems:
                report.foreign = True
        if not result.problems and spec.name == "projects":
            result.problems += _project_rule_problems(result.values, line, refs)
        parsed.append(result)

    existing = _existing(session, spec)
    writes = []
    for result in parsed:
        key_text = _key_text(spec, result.values, refs)
        if result.problems:
            report.problems += result.problems
            report.rows.append(RowOutcome(result.line, "rejected", key_text))
            continue
        current = existing.get(_key(spec, result.values))
        if current is not None and scope_provider is not None and spec.name == "cases" \
                and current.team_id != scope_provider.id:
            # neither the message nor the status (422, not the 403 of rows for another Träger) may
            # confirm that another Träger holds this pseudonym
            report.problems.append(Problem(result.line, "Pseudonym", result.values["pseudonym"],
                                           "Dieses Pseudonym kann Ihr Träger nicht verwenden.",
                                           "Bitte ein anderes, eindeutiges Pseudonym nach dem Schema Ihres Trägers "
                                           "vergeben (z. B. mit Träger-Kürzel) oder die Administration fragen."))
            report.rows.append(RowOutcome(result.line, "rejected", key_text))
            continue
        if current is None and scope_provider is not None and spec.name == "ledger" \
                and result.values["kind"] != "expense":
            report.foreign = True
            report.problems.append(Problem(result.line, "Art", _shown_choice(spec, "kind", result.values["kind"]),
                                           "Zuweisungen und Übertragungen bucht die Administration der Stadt "
                                           "(Beschluss des Koordinierungskreises).",
                                           "Bitte als Träger nur Ausgaben importieren."))
            report.rows.append(RowOutcome(result.line, "rejected", key_text))
            continue
        if current is None:
            status, changes = "new", []
        else:
            changes = _changes(spec, current, result.values, refs)
            status = "updated" if changes else "unchanged"
        outcome = RowOutcome(result.line, status, key_text, changes)
        report.rows.append(outcome)
        if status != "unchanged":
            writes.append((result, current, outcome))
    if report.problems:
        return
    if spec.name == "ledger":
        writes.sort(key=lambda w: (w[0].values["booked_on"], LEDGER_ORDER[w[0].values["kind"]], w[0].line))
    for result, current, outcome in writes:
        try:
            _WRITERS[spec.name](session, result.values, current, actor)
        except (FormError, PositionError) as error:
            report.problems.append(problem_from_message(result.line, _field_header(spec, getattr(error, "field", None)),
                                                        None, str(error)))
            outcome.status = "rejected"
    session.flush()


def _field_header(spec: KindSpec, field_name: str | None) -> str | None:
    mapping = {"provider": "provider_id", "to_provider": "to_provider_id", "district": "district_id"}
    key = mapping.get(field_name, field_name)
    return next((c.header for c in spec.columns if c.key == key), None)


def _scope_problems(spec: KindSpec, values: dict, line: int, scope: Provider, refs: Refs) -> list[Problem]:
    owner = values.get(spec.provider_field)
    problems = []
    if owner != scope.id:
        name = refs.provider_by_id[owner].short_name if owner in refs.provider_by_id else owner
        problems.append(Problem(line, spec.column(spec.provider_field).header, str(name),
                                f"Daten eines anderen Trägers. Mit dem Zugang von {scope.short_name} lassen sich nur "
                                f"Daten von {scope.short_name} importieren.",
                                "Bitte die Zeile löschen oder von der Administration der Stadt importieren lassen."))
    return problems


def _shown_choice(spec: KindSpec, key: str, value: str) -> str:
    return getattr(spec.column(key).parse, "labels", {}).get(value, value)


def _project_rule_problems(values: dict, line: int, refs: Refs) -> list[Problem]:
    """The Ehrenamt form's rules (`parse_project`), so a file obeys the same as the form."""
    from data.imports.kinds import PROJECTS

    district = CITYWIDE if values["district_id"] is None else str(values["district_id"])
    form = parse_project(name=values["name"], topic=values["topic"], provider=str(values["provider_id"]),
                         district=district, site=values["site"], bands=[values[k] for k in _BANDS],
                         active_from=values["active_from"], active_to=values["active_to"])
    if form.values is not None:
        values["_project"] = form.values
        return []
    return [problem_from_message(line, _field_header(PROJECTS, e.field), None, str(e)) for e in form.errors]


_BANDS = ("volunteers_18_29", "volunteers_30_49", "volunteers_50_64", "volunteers_65_plus")
LEDGER_ORDER = {"allocation": 0, "transfer": 1, "expense": 2}


def _existing(session: Session, spec: KindSpec) -> dict[tuple, object]:
    model = MODELS[spec.name]
    return {_key(spec, obj): obj for obj in session.scalars(select(model))}


def _stored(value):
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def _changes(spec: KindSpec, current, values: dict, refs: Refs) -> list[str]:
    if spec.name == "ledger":
        return []  # ledger lines are never changed: a matching key is the same booking
    changes = []
    for column in spec.columns:
        if column.key in _NOT_STORED or column.key in spec.key:
            continue
        old, new = _stored(getattr(current, column.key)), values.get(column.key)
        if isinstance(old, Decimal) and isinstance(new, Decimal):
            same = old == new
        else:
            same = old == new
        if not same:
            changes.append(f"{column.header}: {_shown(old, column.key, refs)} → {_shown(new, column.key, refs)}")
    return changes


def _shown(value, key: str, refs: Refs) -> str:
    if value is None:
        return "leer"
    if key in ("team_id", "provider_id", "to_provider_id") and value in refs.provider_by_id:
        return refs.provider_by_id[value].short_name
    if key == "district_id" and value in refs.district_by_id:
        return refs.district_by_id[value].name
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return str(value)


# --- writers (one per kind; they never commit) ------------------------------------------------

def _columns_of(values: dict) -> dict:
    return {k: v for k, v in values.items() if not k.startswith("_") and k not in _NOT_STORED}


def _write_case(session: Session, values: dict, current: Case | None, actor: str) -> None:
    target = current or Case()
    for key, value in _columns_of(values).items():
        setattr(target, key, value)
    target.updated_by = actor
    if current is None:
        session.add(target)


def _write_count(session: Session, values: dict, current: CaseloadCount | None, actor: str) -> None:
    target = current or CaseloadCount()
    for key, value in _columns_of(values).items():
        setattr(target, key, value)
    if current is None:
        session.add(target)


def _write_position(session: Session, values: dict, current: Position | None, actor: str) -> None:
    # the Stellenplan form's rules (data.positions.validate_change)
    validate_change(PositionChange(values["planned_fte"], values["filled_fte"], values["site"],
                                   values["funded_until"], bool(values["allow_overstaffing"])), values["valid_from"])
    target = current or Position()
    for key, value in _columns_of(values).items():
        setattr(target, key, value)
    target.updated_by = actor
    if current is None:
        session.add(target)


def _write_project(session: Session, values: dict, current: VolunteerProject | None, actor: str) -> None:
    if current is None:
        add_project(session, values["_project"], user=actor)
    else:
        update_project(session, current.id, values["_project"], user=actor)


def _write_ledger(session: Session, values: dict, current, actor: str) -> None:
    kind = values["kind"]
    common = {"year": values["year"], "provider_id": values["provider_id"], "booked_on": values["booked_on"],
              "amount": values["amount"], "purpose": values["purpose"], "user": actor}
    if kind == "expense":
        book_expense(session, **common)
    elif kind == "transfer":
        book_transfer(session, to_provider_id=values["to_provider_id"], decision_date=values["decision_date"],
                      decision_ref=values["decision_ref"], **common)
    else:  # allocation: same checks as a booking, no balance to respect
        amount = check_amount(values["amount"])
        check_in_year(values["booked_on"], values["year"])
        purpose = check_purpose(values["purpose"])
        provider = session.get(Provider, values["provider_id"])
        if provider is None or provider.kind != ProviderKind.provider:
            raise FormError("Träger: Projektmittel haben nur die freien Träger. Bitte AWO, Caritas oder Diakonie "
                            "eintragen.", "provider")
        session.add(FundsEntry(year=values["year"], provider_id=provider.id, kind=FundsEntryKind.allocation,
                               amount=amount, booked_on=values["booked_on"], purpose=purpose, updated_by=actor))
        session.flush()


_WRITERS = {"cases": _write_case, "caseload_counts": _write_count, "positions": _write_position,
            "projects": _write_project, "ledger": _write_ledger}
