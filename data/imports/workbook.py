"""XLSX templates (one per kind, with an "Erläuterung" sheet) and the full database export.

The full export has one sheet per kind, named and laid out exactly as the import expects, so that
`export_all` → `engine.import_file` reproduces the data unchanged (tests/integration/test_import_roundtrip.py).
Values are written as real dates and numbers; choices as their German labels; Träger by short name
and Stadtteile by name. This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.exports import text_only
from data.imports.engine import LEDGER_ORDER, MODELS, ORDER
from data.imports.kinds import KINDS, ColumnSpec, KindSpec, Refs

EXPLANATION = "Erläuterung"
_BOLD = Font(bold=True)


def _label(column: ColumnSpec, value, refs: Refs):
    if value is None:
        return None
    if hasattr(value, "value") and isinstance(value.value, str):
        value = value.value
    labels = getattr(column.parse, "labels", None)
    if labels is not None:
        return labels.get(value, value)
    if column.key in ("team_id", "provider_id", "to_provider_id"):
        return refs.provider_by_id[value].short_name
    if column.key == "district_id":
        return refs.district_by_id[value].name
    if column.key == "municipality_id":
        return refs.area_by_id[value].ags
    if column.key == "county_id":
        return refs.area_by_id[value].name
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return value


def record_row(spec: KindSpec, record, refs: Refs) -> list:
    """One database record as the import's row (the same cells a person would type)."""
    row = []
    for column in spec.columns:
        if column.key == "allow_overstaffing":
            value = "ja" if record.filled_fte > record.planned_fte else None
        else:
            value = _label(column, getattr(record, column.key), refs)
        row.append(value)
    return row


def _format_sheet(sheet, spec: KindSpec) -> None:
    for cell in sheet[1]:
        cell.font = _BOLD
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.header) + 4))
        if column.parse.__name__ in ("cell_date", "cell_month"):
            for cell in sheet[letter][1:]:
                cell.number_format = "DD.MM.YYYY" if column.parse.__name__ == "cell_date" else "MM.YYYY"
        elif column.key == "amount":
            for cell in sheet[letter][1:]:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"


def _write_value(sheet, row: int, col: int, value) -> None:
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula


def _explanation(workbook: Workbook, specs, refs: Refs | None) -> None:
    sheet = workbook.create_sheet(EXPLANATION)
    sheet.append(["IM-Cockpit: Importvorlage – bitte nur pseudonymisierte Daten, keine Namen, Geburtsdaten, "
                  "Adressen, Telefonnummern oder E-Mail-Adressen."])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["Formate: Datum TT.MM.JJJJ (z. B. 31.12.2025), Zahlen deutsch (1.234,5), ja/nein. CSV mit "
                  "Semikolon oder Komma, UTF-8 oder Windows-1252. Keine Formeln."])
    sheet.append(["Eine Datei mit einem Fehler wird ganz abgelehnt; ein erneuter Import derselben Datei ändert nichts."])
    for spec in specs:
        sheet.append([])
        sheet.append([f"Blatt „{spec.title}“: {spec.description}"])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
        sheet.append(["Spalte", "Pflicht", "Bedeutung / Format", "Beispiel"])
        for cell in sheet[sheet.max_row]:
            cell.font = _BOLD
        for column in spec.columns:
            example = column.example
            if isinstance(example, dt.date):
                example = f"{example:%d.%m.%Y}"
            sheet.append([column.header, "ja" if column.required else "nein", column.help, example])
    if refs is not None:
        sheet.append([])
        sheet.append(["Träger (Spalten Team, Träger, An Träger)"])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
        for provider in refs.provider_by_id.values():
            sheet.append([provider.short_name, provider.name])
        sheet.append([])
        sheet.append(["Stadtteile (Spalte Stadtteil)"])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
        for district in sorted(refs.district_by_id.values(), key=lambda a: a.name):
            sheet.append([district.name])
        gemeinden = sorted((a for a in refs.area_by_id.values() if a.ags), key=lambda a: a.name)
        if gemeinden:
            sheet.append([])
            sheet.append(["Gemeinden (Spalte Gemeinde: Schlüssel oder Name)"])
            sheet.cell(row=sheet.max_row, column=1).font = _BOLD
            for gemeinde in gemeinden:
                sheet.append([gemeinde.ags, gemeinde.name])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["C"].width = 80
    sheet.column_dimensions["D"].width = 24
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=False, vertical="top")


def template(kind: str, refs: Refs | None = None) -> bytes:
    """An empty XLSX for `kind`: German headers on the kind's sheet, an "Erläuterung" sheet."""
    spec = KINDS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.title
    sheet.append([c.header for c in spec.columns])
    _format_sheet(sheet, spec)
    _explanation(workbook, [spec], refs)
    text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_name(kind: str) -> str:
    return f"vorlage-{KINDS[kind].api_path}.xlsx"


def _records(session: Session, spec: KindSpec, scope_provider_id: int | None):
    model = MODELS[spec.name]
    query = select(model).order_by(model.id)
    if scope_provider_id is not None:
        if not spec.provider_field:  # a Träger's export holds no Landkreis data
            return []
        query = query.where(getattr(model, spec.provider_field) == scope_provider_id)
    records = list(session.scalars(query))
    if spec.name == "ledger":  # the order in which the import books them (balances are checked in order)
        records.sort(key=lambda e: (e.booked_on, LEDGER_ORDER[e.kind.value], e.id))
    return records


def export_all(session: Session, *, scope_provider_id: int | None = None) -> bytes:
    """The full database export: one sheet per kind in the import's format, plus "Erläuterung"."""
    refs = Refs.load(session)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in ORDER:
        sheet = workbook.create_sheet(spec.title)
        sheet.append([c.header for c in spec.columns])
        for line, record in enumerate(_records(session, spec, scope_provider_id), start=2):
            for col, value in enumerate(record_row(spec, record, refs), start=1):
                _write_value(sheet, line, col, value)
        _format_sheet(sheet, spec)
    _explanation(workbook, ORDER, refs)
    text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_name(day: dt.date) -> str:
    return f"im-cockpit-gesamtexport-{day:%Y-%m-%d}.xlsx"
