"""Refusal messages keep the file name, sheet and column exactly as the user wrote them; only the
numbers in them are written the German way (1.000) — issue 14, part 4."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from data.imports.readers import CELL_MAX, FileRefused, read_file

NAMES = ["faelle,2026.csv", "Fälle, Stand 31,12.csv", "a,b,c.csv"]
HEADERS = ["Name, Vorname", "Betrag, netto", "VZÄ,Anteil"]


def _refusal(content: bytes, name: str, **limits) -> str:
    limits = {"max_bytes": 50_000_000, "max_rows": 1000, **limits}
    with pytest.raises(FileRefused) as refused:
        read_file(content, name, **limits)
    return str(refused.value)


def _xlsx(rows, title="Fälle") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", NAMES)
def test_too_many_rows_keeps_the_file_name(name):
    message = _refusal(b"a;b\n" + b"1;2\n" * 1001, name)
    assert message.startswith(f"{name}: ")
    assert "mehr als 1.000 Datenzeilen (erlaubt: 1.000)" in message
    assert message.endswith("Bitte aufteilen.")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("header", HEADERS)
def test_long_cell_keeps_file_name_and_header(name, header):
    content = f"{header};Ort\n{'x' * 1234};Köln\n".encode()
    message = _refusal(content, name)
    assert message.startswith(f"{name}, Zeile 2, Spalte „{header}“: ")
    assert f"Die Zelle hat 1.234 Zeichen; erlaubt sind höchstens {CELL_MAX:,}.".replace(",", ".") in message
    assert message.endswith("Bitte den Text kürzen.")


@pytest.mark.parametrize("name", NAMES)
def test_field_size_limit_keeps_the_file_name(name):
    content = b'a;b\n"' + b"x" * 200_000 + b";1\n"  # an unclosed quotation mark swallows the rest
    message = _refusal(content, name)
    assert message.startswith(f"{name}, Zeile ")
    assert "höchstens 1.000. Bitte den Text kürzen oder ein fehlendes Anführungszeichen ergänzen." in message


@pytest.mark.parametrize("name", ["bombe,1.xlsx", "Daten, 2026.xlsx"])
def test_zip_bomb_keeps_the_file_name(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 2_000_000)
    message = _refusal(buffer.getvalue(), name)
    assert message.startswith(f"{name}: ")
    assert "„ZIP-Bombe“" in message and message.endswith("oder als CSV hochladen.")


@pytest.mark.parametrize("name, title", [("faelle,2026.xlsx", "Fälle, 2026"), ("x.xlsx", "Name, Vorname")])
def test_xlsx_too_many_rows_keeps_file_and_sheet(name, title):
    message = _refusal(_xlsx([["a", "b"]] + [[1, 2]] * 1001, title), name)
    assert message.startswith(f"{name} (Blatt „{title}“): mehr als 1.000 Datenzeilen (erlaubt: 1.000).")
