import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from data.exports import Column, Table, export, to_csv, to_xlsx

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


FORMULA_HEADERS = Table(
    name="vergleich", title='=HYPERLINK("http://evil","x") [Vergleich]: 1/2', stand="Stand 22.11.2026",
    columns=[Column("figure", "Kennzahl"), Column("s0", '=HYPERLINK("http://evil","x")'), Column("s1", "@SUMME(A1)"),
             Column("s2", " +A1(")],
    rows=[{"figure": "-A1!", "s0": "=1+1", "s1": "@x", "s2": 5}],
)


def test_headers_title_and_cells_are_defused_in_both_formats():
    lines = to_csv(FORMULA_HEADERS).decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[1:] == ['"\'=HYPERLINK(""http://evil"",""x"")"', "'@SUMME(A1)", "' +A1("]
    assert lines[1].split(";")[:3] == ["'-A1!", "'=1+1", "'@x"]
    workbook = load_workbook(io.BytesIO(to_xlsx(FORMULA_HEADERS)))
    sheet = workbook.active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in "=@+-"]
    assert sheet["B2"].value == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert sheet.title.startswith('=HYPERLINK("http evil","x") V') and len(sheet.title) <= 31  # no : / [ ]
    assert sheet["A1"].value.startswith("'=HYPERLINK")


@pytest.mark.parametrize("title, sheet", [("Probe", "Probe"), ("a:b/c\\d?e*f[g]h", "a b c d e f g h"),
                                          ("'Zitat'", "Zitat"), ("", "Tabelle"), ("x" * 40, "x" * 31)])
def test_sheet_title(title, sheet):
    from data.exports import sheet_title

    assert sheet_title(title) == sheet
