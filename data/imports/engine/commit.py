"""Apply all or nothing, in one transaction: check every table, compare its rows (`preview`), and
only when no row has a problem and `commit` is set, write them (one writer per kind; they never
commit) and record the import: the data revision, an `import` event in the audit log and the file's
SHA-256 in `imported_files`; a file already there changes nothing. A preview is the same run,
rolled back at the end.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.model.forms import FormError
from dashboard.model.funds import check_amount, check_in_year, check_purpose
from data import audit
from data.imports.engine.preview import NOT_STORED, preview_rows
from data.imports.engine.report import ImportReport, RowOutcome
from data.imports.engine.validation import check_table, field_header
from data.imports.kinds import KINDS, KindSpec, ParsedRow, Problem, problem_from_message
from data.imports.readers import RawTable
from data.imports.scope import AreaScope
from data.ledger import book_expense, book_transfer
from data.positions import PositionChange, PositionError, validate_change
from data.projects import add_project, update_project
from data.revision import bump_revision
from data.schema import (
    Case,
    CaseloadCount,
    CountyFunds,
    DatasetInfo,
    DataSource,
    FundsEntry,
    FundsEntryKind,
    ImArrangement,
    ImportedFile,
    ImPost,
    Position,
    ProofOfUse,
    Provider,
    ProviderKind,
    TargetGroupCount,
    VolunteerProject,
)

# the order in which the sheets of a full workbook are applied (and the full export writes them),
# and the order of ledger bookings on one day
ORDER = tuple(KINDS[k] for k in ("positions", "projects", "cases", "caseload_counts", "ledger", "county_funds",
                                 "target_group_counts", "im_arrangements", "im_posts",
                                 "proofs_of_use"))
LEDGER_ORDER = {"allocation": 0, "transfer": 1, "expense": 2}


class _Rollback(Exception):
    pass


def run(sessions, jobs: list[tuple[KindSpec | None, RawTable]], report: ImportReport, *, scope: str | AreaScope | None,
         actor: str, commit: bool, source: str) -> ImportReport:
    """Check every (kind, table) and apply them together in one transaction — or nothing."""
    full = len(jobs) != 1 or report.kind == "all"
    checked = []
    for spec, table in jobs:
        sheet = spec.title if full and spec else None
        before = len(report.problems)
        spec, columns = check_table(spec, table, report)
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
                writes = preview_rows(session, spec, table, columns, report, scope=scope)
                if writes is not None and not report.problems:
                    write_rows(session, spec, writes, report, actor=actor)
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
            finish(session, report, scope=scope, actor=actor, source=source)
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


def write_rows(session: Session, spec: KindSpec, writes: list[tuple[ParsedRow, object, RowOutcome]],
               report: ImportReport, *, actor: str) -> None:
    """Make the writes of one table (ledger bookings by date, allocations first); a form rule that
    refuses a row makes it a rejected row with its problem."""
    if spec.name == "ledger":
        writes.sort(key=lambda w: (w[0].values["booked_on"], LEDGER_ORDER[w[0].values["kind"]], w[0].line))
    for result, current, outcome in writes:
        try:
            WRITERS[spec.name](session, result.values, current, actor)
        except (FormError, PositionError) as error:
            report.problems.append(problem_from_message(result.line, field_header(spec, getattr(error, "field", None)),
                                                        None, str(error)))
            outcome.status = "rejected"
    session.flush()


def finish(session: Session, report: ImportReport, *, scope: str | AreaScope | None, actor: str, source: str) -> None:
    counts = report.counts
    provider_id = session.scalar(select(Provider.id).where(Provider.code == scope)) if isinstance(scope, str) else None
    if isinstance(scope, AreaScope):
        scope = scope.text()
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


# --- writers (one per kind; they never commit) ------------------------------------------------

def _columns_of(values: dict) -> dict:
    return {k: v for k, v in values.items() if not k.startswith("_") and k not in NOT_STORED}


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


def _plain_writer(model):
    """A writer for kinds without rules beyond their cells (the Landkreis kinds): set the columns."""
    def write(session: Session, values: dict, current, actor: str) -> None:
        target = current or model()
        for key, value in _columns_of(values).items():
            setattr(target, key, value)
        if hasattr(target, "updated_by"):
            target.updated_by = actor
        if current is None:
            session.add(target)
    return write


WRITERS = {"cases": _write_case, "caseload_counts": _write_count, "positions": _write_position,
           "projects": _write_project, "ledger": _write_ledger,
           **{kind: _plain_writer(model) for kind, model in
              (("county_funds", CountyFunds), ("target_group_counts", TargetGroupCount),
               ("im_arrangements", ImArrangement), ("im_posts", ImPost), ("proofs_of_use", ProofOfUse))}}
