import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dashboard.exports import Column, Table, export, to_csv, to_xlsx

TABLE = Table(
    name="probe", title="Probe", stand="Stichtag 22.11.2026",
    columns=[Column("name", "Träger"), Column("cases", "Aktive Fälle", "int"),
             Column("pct", "Auslastung in %", "pct"), Column("money", "Betrag", "eur"),
             Column("day", "Datum", "date"), Column("fte", "VZÄ", "fte")],
    rows=[{"name": "Caritas", "cases": 1234, "pct": 111.111, "money": Decimal("5000.5"),
           "day": dt.date(2026, 12, 31), "fte": 0.5},
          {"name": "=HYPERLINK(\"x\")", "cases": "<5", "pct": None, "money": Decimal("0.01"),
           "day": None, "fte": 3.34}],
)


def test_csv_is_german_excel_friendly():
    data = to_csv(TABLE)
    assert data.startswith("\ufeff".encode("utf-8"))
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Träger;Aktive Fälle;Auslastung in %;Betrag;Datum;VZÄ"
    assert lines[1] == "Caritas;1234;111,1;5000,50;31.12.2026;0,50"
    # formulas are defused, suppressed labels pass through unchanged
    assert lines[2].startswith('"\'=HYPERLINK') and ";<5;" in lines[2]


def test_xlsx_keeps_numbers_with_german_formats():
    book = load_workbook(io.BytesIO(to_xlsx(TABLE)))
    sheet = book.active
    assert sheet["A1"].value == "Probe – Stichtag 22.11.2026"
    assert [c.value for c in sheet[2]] == ["Träger", "Aktive Fälle", "Auslastung in %", "Betrag", "Datum", "VZÄ"]
    assert sheet["B3"].value == 1234 and sheet["B3"].number_format == "#,##0"
    assert sheet["D3"].number_format.endswith('" €"')
    assert sheet["B4"].value == "<5"
    assert sheet["A4"].value.startswith("'=")


def test_export_names_and_bad_format():
    assert export(TABLE, "csv")[1] == "probe.csv"
    assert export(TABLE, "xlsx")[1] == "probe.xlsx"
    with pytest.raises(ValueError, match="nur csv oder xlsx"):
        export(TABLE, "pdf")
    with pytest.raises(ValueError):
        Column("x", "X", "float")
