"""Compare the checked rows with what is stored: each row is new, updated (with its changes in
German), unchanged or rejected. The result is the list of writes; `commit` makes them, or a
preview rolls them back, so what the preview says is what an apply does.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.imports.engine.report import ImportReport, RowOutcome
from data.imports.engine.validation import check_rows, key_text, natural_key, shown_choice
from data.imports.kinds import KindSpec, ParsedRow, Problem, Refs
from data.imports.readers import RawTable
from data.imports.scope import AreaScope, resolve
from data.schema import (
    Case,
    CaseloadCount,
    CountyFunds,
    FundsEntry,
    ImArrangement,
    ImPost,
    Position,
    ProofOfUse,
    TargetGroupCount,
    VolunteerProject,
)

MODELS = {"cases": Case, "caseload_counts": CaseloadCount, "positions": Position,
          "projects": VolunteerProject, "ledger": FundsEntry, "county_funds": CountyFunds,
          "target_group_counts": TargetGroupCount, "im_arrangements": ImArrangement,
          "im_posts": ImPost, "proofs_of_use": ProofOfUse}
NOT_STORED = {"allow_overstaffing"}  # a check's switch, not a column of the schema


def preview_rows(session: Session, spec: KindSpec, table: RawTable, columns, report: ImportReport, *,
                 scope: str | AreaScope | None) -> list[tuple[ParsedRow, object, RowOutcome]] | None:
    """Check and classify the rows of one table into `report`; the writes an apply makes (None: the
    importer's Träger is unknown)."""
    refs = Refs.load(session)
    scope_area = resolve(refs.area_by_id, scope) if isinstance(scope, AreaScope) else None
    if isinstance(scope, AreaScope) and scope_area is None:
        report.problems.append(Problem(None, None, scope.code, "Der Landkreis bzw. die Gemeinde des Zugangs ist "
                                       "unbekannt.", "Bitte die Administration fragen."))
        return None
    scope_provider = None
    if isinstance(scope, str) and scope:
        scope_provider = next((p for p in refs.provider_by_id.values() if p.code == scope), None)
        if scope_provider is None:
            report.problems.append(Problem(None, None, scope, "Der Träger des Benutzers ist unbekannt.",
                                           "Bitte die Administration fragen."))
            return None
    parsed = check_rows(spec, table, columns, report, refs, scope_provider, scope_area)

    existing = existing_rows(session, spec)
    writes = []
    for result in parsed:
        key_shown = key_text(spec, result.values, refs)
        if result.problems:
            report.problems += result.problems
            report.rows.append(RowOutcome(result.line, "rejected", key_shown))
            continue
        current = existing.get(natural_key(spec, result.values))
        if current is not None and scope_provider is not None and spec.name == "cases" \
                and current.team_id != scope_provider.id:
            # neither the message nor the status (422, not the 403 of rows for another Träger) may
            # confirm that another Träger holds this pseudonym
            report.problems.append(Problem(result.line, "Pseudonym", result.values["pseudonym"],
                                           "Dieses Pseudonym kann Ihr Träger nicht verwenden.",
                                           "Bitte ein anderes, eindeutiges Pseudonym nach dem Schema Ihres Trägers "
                                           "vergeben (z. B. mit Träger-Kürzel) oder die Administration fragen."))
            report.rows.append(RowOutcome(result.line, "rejected", key_shown))
            continue
        if current is None and scope_provider is not None and spec.name == "ledger" \
                and result.values["kind"] != "expense":
            report.foreign = True
            report.problems.append(Problem(result.line, "Art", shown_choice(spec, "kind", result.values["kind"]),
                                           "Zuweisungen und Übertragungen bucht die Administration der Stadt "
                                           "(Beschluss des Koordinierungskreises).",
                                           "Bitte als Träger nur Ausgaben importieren."))
            report.rows.append(RowOutcome(result.line, "rejected", key_shown))
            continue
        if current is None:
            status, changed = "new", []
        else:
            changed = changes(spec, current, result.values, refs)
            status = "updated" if changed else "unchanged"
        outcome = RowOutcome(result.line, status, key_shown, changed)
        report.rows.append(outcome)
        if status != "unchanged":
            writes.append((result, current, outcome))
    return writes


def existing_rows(session: Session, spec: KindSpec) -> dict[tuple, object]:
    model = MODELS[spec.name]
    return {natural_key(spec, obj): obj for obj in session.scalars(select(model))}


def _stored(value):
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def changes(spec: KindSpec, current, values: dict, refs: Refs) -> list[str]:
    if spec.name == "ledger":
        return []  # ledger lines are never changed: a matching key is the same booking
    changes = []
    for column in spec.columns:
        if column.key in NOT_STORED or column.key in spec.key:
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
    if key in ("municipality_id", "county_id") and value in refs.area_by_id:
        return refs.area_by_id[value].name
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return str(value)
