"""Table downloads as CSV and XLSX with German headers and formats.

CSV is what German Excel opens by double-click: semicolon-separated, UTF-8 with BOM, decimal comma,
dates as TT.MM.JJJJ. XLSX keeps real numbers and dates with German display formats, a bold header,
and a note line with title and "Stand". Values that must stay hidden (suppressed small counts) are
passed in already replaced by their label, e.g. "<5"; this module never sees the hidden number.
Formula-looking text is defused so that a downloaded file never executes anything in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from dashboard.model.formatting import fmt_date, fmt_number

FORMATS = ("csv", "xlsx")
KINDS = ("text", "int", "number", "pct", "fte", "eur", "date")
if TYPE_CHECKING:  # openpyxl is imported by `to_xlsx` only: the pages and the CLI import Column and Table
    from openpyxl import Workbook

XLSX_FORMATS = {"int": "#,##0", "number": "#,##0.0", "pct": '0.0" %"', "fte": "0.0#",
                "eur": '#,##0.00" €"', "date": "DD.MM.YYYY"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unbekannter Spaltentyp {self.kind!r}")


@dataclass(frozen=True)
class Table:
    """A downloadable table: rows of dicts, the columns to export, a title and its Stand."""

    name: str  # file name stem, e.g. "fallzahlen-je-team"
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict]
    stand: str = ""


def _defuse(text: str) -> str:
    # CSV/formula injection: a cell starting with = + - @ would be run by Excel (also after blanks).
    return "'" + text if text.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else text


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(title: str) -> str:
    """An XLSX sheet name: at most 31 characters, none of []:*?/\\ and no leading apostrophe."""
    name = " ".join(title.translate(_SHEET_FORBIDDEN).split()).strip("'")[:31].strip()
    return name or "Tabelle"


def text_only(workbook: Workbook) -> None:
    """Last guard before saving: no cell of any sheet is stored as a formula (openpyxl makes every
    text starting with "=" one); such text stays text, unchanged."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _defuse(value)
    if kind == "date" and isinstance(value, dt.date):
        return fmt_date(value)
    if kind == "int":
        return str(int(round(value)))
    if kind in ("number", "pct"):
        return fmt_number(value, 1).replace(".", "")
    if kind == "fte":
        return fmt_number(value, 2).replace(".", "")
    if kind == "eur":
        return fmt_number(Decimal(value), 2).replace(".", "")
    return _defuse(str(value))


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_defuse(c.header) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(row.get(c.key), c.kind) for c in table.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(table.title)
    sheet.append([_defuse(f"{table.title} – {table.stand}" if table.stand else table.title)])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([_defuse(c.header) for c in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = []
        for c in table.columns:
            value = row.get(c.key)
            if isinstance(value, str):
                value = _defuse(value)
            elif isinstance(value, Decimal):
                value = float(value) if c.kind != "eur" else value
            values.append(value)
        sheet.append(values)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        width = max([len(column.header)] + [len(str(r.get(column.key) or "")) for r in table.rows])
        sheet.column_dimensions[letter].width = min(60, max(10, width + 2))
        if column.kind in XLSX_FORMATS:
            for cell in sheet[letter][2:]:
                if not isinstance(cell.value, str):
                    cell.number_format = XLSX_FORMATS[column.kind]
    sheet.freeze_panes = "A3"
    text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(table: Table, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its name for `fmt` ("csv" or "xlsx")."""
    if fmt == "csv":
        return to_csv(table), f"{table.name}.csv"
    if fmt == "xlsx":
        return to_xlsx(table), f"{table.name}.xlsx"
    raise ValueError(f"Unbekanntes Format {fmt!r}: nur csv oder xlsx")
