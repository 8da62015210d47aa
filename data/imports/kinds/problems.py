"""What is wrong with an import, for people: `Problem` (row, column, value, message, fix) and `CellError`.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, for people: where, what, how to fix it."""

    row: int | None  # the file's line (XLSX: sheet row); None: the file or a column as a whole
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    sheet: str | None = None  # the kind's sheet in a full workbook

    def text(self, filename: str | None = None) -> str:
        where = [filename] if filename else []
        if self.sheet:
            where.append(f"Blatt „{self.sheet}“")
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        if self.value not in (None, ""):
            where.append(f"Wert „{str(self.value)[:60]}“")
        head = ", ".join(where)
        return f"{head}: {self.message}" + (f" {self.fix}" if self.fix else "")


def problem_from_message(row: int | None, column: str | None, value, message: str) -> Problem:
    """Split a form rule's German message ("… ist kein Datum. Bitte …") into message and fix."""
    text = message
    for prefix in (f"{column}: ",) if column else ():
        text = text.removeprefix(prefix)
    head, sep, fix = text.partition(" Bitte ")
    return Problem(row, column, None if value is None else show_value(value), head.strip(),
                   f"Bitte {fix}".strip() if sep else "")


def show_value(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


class CellError(ValueError):
    """A cell cannot be read; message and fix in German."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix

