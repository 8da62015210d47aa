"""Reading CSV/XLSX into tables: encodings, separators, German numbers and dates, refusals."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from data.imports.kinds import CellError, cell_date, german_number
from data.imports.readers import FileRefused, read_file, sniff_delimiter

LIMITS = {"max_bytes": 1_000_000, "max_rows": 100}


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_csv_encodings_all_read_umlauts(encoding, prefix):
    content = prefix + "Träger;Zweck\r\nAWO;Größe ändern\r\n".encode(encoding)
    table = read_file(content, "x.csv", **LIMITS)
    assert table.headers == ["Träger", "Zweck"]
    assert table.rows == [["AWO", "Größe ändern"]]
    assert table.row_numbers == [2]


@pytest.mark.parametrize("line, expected", [("a;b;c", ";"), ("a,b,c", ","), ("a\tb", "\t"), ("a", ";"),
                                            ("Betrag;Zweck, Ort", ";")])
def test_delimiter_is_sniffed_from_the_header(line, expected):
    assert sniff_delimiter(line) == expected


@pytest.mark.parametrize("text, expected", [("1.234,5", Decimal("1234.5")), ("1234,5", Decimal("1234.5")),
                                            ("0.5", Decimal("0.5")), ("1.234", Decimal("1234")),
                                            ("12", Decimal("12")), (0.25, Decimal("0.25")), (3, Decimal(3)),
                                            ("1.234.567,89", Decimal("1234567.89")), ("0.500", Decimal("0.5"))])
def test_german_numbers(text, expected):
    assert german_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.23.4", ""])
def test_not_numbers(text):
    with pytest.raises(CellError):
        german_number(text)


@pytest.mark.parametrize("value, expected", [("31.12.2025", dt.date(2025, 12, 31)), ("2025-12-31", dt.date(2025, 12, 31)),
                                             (dt.datetime(2025, 12, 31, 0, 0), dt.date(2025, 12, 31))])
def test_dates(value, expected):
    assert cell_date(value, None) == expected


@pytest.mark.parametrize("value", ["31.13.2025", "12/31/2025", "1899-01-01", 45000])
def test_bad_dates_are_refused_with_the_format(value):
    with pytest.raises(CellError):
        cell_date(value, None)


@pytest.mark.parametrize("content, name, words", [
    (b"", "leer.csv", "leer"),
    (b"\x00\x01\x02garbage\x00", "bin.csv", "Binärdaten"),
    (b"\xff\xfeP\x00s\x00", "u16.csv", "UTF-16"),
    (b"not a zip at all", "x.xlsx", "keine gültige Excel-Datei"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "alt.xls", ".xls"),
    (b"Zweck\n=CMD|'/C calc'!A0\n", "f.csv", "Formel"),
    (("Zweck\n" + "x" * 5000 + "\n").encode(), "huge.csv", "Zeichen"),
    (b"a;b\n" + b"1;2\n" * 101, "many.csv", "mehr als 100"),
    (b"a;;b\n1;2;3\n", "gap.csv", "keine Überschrift"),
    (b"a;A\n1;2\n", "dup.csv", "doppelt"),
])
def test_unusable_files_are_refused_in_german(content, name, words):
    with pytest.raises(FileRefused) as refused:
        read_file(content, name, **LIMITS)
    assert words in str(refused.value)
    assert str(refused.value).startswith(name)


def test_too_large_file_names_the_limit():
    with pytest.raises(FileRefused, match="höchstens 1 MB"):
        read_file(b"a" * 1_000_001, "big.csv", **LIMITS)


def _xlsx(rows, formula=False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["B2"] = "=SUM(1,2)"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_keeps_dates_and_numbers():
    table = read_file(_xlsx([["Stichtag", "Aktive Fälle"], [dt.date(2026, 10, 31), 42]]), "z.xlsx", **LIMITS)
    assert table.headers == ["Stichtag", "Aktive Fälle"]
    assert table.rows == [[dt.datetime(2026, 10, 31), 42]]


def test_xlsx_formula_is_refused():
    with pytest.raises(FileRefused, match="Formel"):
        read_file(_xlsx([["a", "b"], [1, 2]], formula=True), "f.xlsx", **LIMITS)


def test_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    with pytest.raises(FileRefused, match="ZIP-Bombe"):
        read_file(buffer.getvalue(), "bomb.xlsx", **LIMITS)
