"""Read an uploaded file into a plain table: header names and rows of text cells.

CSV: comma, semicolon or tab (sniffed from the header line); UTF-8, UTF-8 with BOM or
Windows-1252 (what German Excel writes). XLSX: the first sheet (or the sheet named like the kind),
read with openpyxl in read-only mode only after the zip directory was checked (no zip bombs).

Everything a file can do wrong stops here with `FileRefused` (a German message naming the file and
the fix): empty, too large, too many rows, binary garbage, unknown encoding, formulas, huge cells.
Cells are returned as text, dates or numbers exactly as the file holds them; parsing into domain
values (German numbers and dates) is done per kind in `data.imports.kinds`.
This module knows no database and must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from dashboard.model.formatting import fmt_int as _n  # 1.000: only numbers are localised
from dashboard.model.text import is_formula  # noqa: F401 (is_formula: re-exported)
from dashboard.model.text import problem as text_problem

CELL_MAX = 1000  # characters per cell: longer cells are refused (nothing in the schema is longer)
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes of all parts of an XLSX after unpacking
XLSX_MAX_RATIO = 200  # uncompressed/compressed of one part; real sheets stay far below
Cell = str | int | float | dt.date | dt.datetime | None


class FileRefused(ValueError):
    """The file as a whole cannot be read; the German message says why and how to fix it. A cell that
    breaks the text rule also carries its column, value and the rule's `reason` (for the API's report)."""

    def __init__(self, message: str, *, column: str | None = None, value: str | None = None,
                 reason: str | None = None):
        super().__init__(message)
        self.column, self.value, self.reason = column, value, reason


@dataclass
class RawTable:
    """A file's first table: header names (stripped) and rows; `row_numbers` are the file's lines."""

    filename: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    sheet: str | None = None

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row)) for row in self.rows]


def read_file(content: bytes, filename: str, *, max_bytes: int, max_rows: int,
              sheet: str | None = None) -> RawTable:
    """Read CSV or XLSX bytes into a `RawTable`; `FileRefused` when the file cannot be used."""
    name = filename or "Datei"
    if not content:
        raise FileRefused(f"{name}: Die Datei ist leer. Bitte eine Datei mit Kopfzeile und Datenzeilen "
                          "hochladen (Vorlage herunterladen).")
    if len(content) > max_bytes:
        raise FileRefused(f"{name}: Die Datei ist {len(content) / 1e6:.1f} MB groß; erlaubt sind höchstens "
                          f"{max_bytes / 1e6:.0f} MB. Bitte die Datei aufteilen (z. B. je Jahr).")
    lower = name.lower()
    if content[:4] == b"PK\x03\x04" or lower.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, name, max_rows=max_rows, sheet=sheet)
    if lower.endswith(".xls") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused(f"{name}: Das alte Excel-Format (.xls) wird nicht gelesen. Bitte in Excel "
                          "„Speichern unter“ → „Excel-Arbeitsmappe (.xlsx)“ oder „CSV UTF-8“ wählen.")
    return _read_csv(content, name, max_rows=max_rows)


# --- CSV ---------------------------------------------------------------------------------------

def decode_text(content: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; binary data and UTF-16 are refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(f"{name}: Die Datei ist in UTF-16 gespeichert („Unicode-Text“). Bitte in Excel als "
                          "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.")
    if b"\x00" in content[:65536]:
        raise FileRefused(f"{name}: Die Datei enthält Binärdaten und ist keine CSV-Textdatei. Bitte eine CSV- "
                          "oder XLSX-Datei hochladen (Vorlage herunterladen).")
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(f"{name}: Die Zeichenkodierung ist weder UTF-8 noch Windows-1252; die Datei ist "
                          "vermutlich keine Textdatei. Bitte als „CSV UTF-8“ speichern.") from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    if controls:
        raise FileRefused(f"{name}: Die Datei enthält {controls} Steuerzeichen und ist vermutlich keine "
                          "CSV-Textdatei. Bitte als „CSV UTF-8“ speichern.")
    return text


def sniff_delimiter(header_line: str) -> str:
    """The separator of the header line: semicolon (German Excel), comma or tab."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _read_csv(content: bytes, name: str, *, max_rows: int) -> RawTable:
    text = decode_text(content, name)
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text[:65536]):
        raise FileRefused(f"{name}: Die Datei enthält Steuerzeichen und ist vermutlich keine CSV-Textdatei. "
                          "Bitte als „CSV UTF-8“ speichern.")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise FileRefused(f"{name}: Die Datei enthält keine Zeilen. Bitte eine Datei mit Kopfzeile und "
                          "Datenzeilen hochladen.")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    headers: list[str] | None = None
    table = RawTable(name, [])
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            check_cells(row, name, line, headers)
            if headers is None:
                headers = _headers(row, name)
                table.headers = headers
                continue
            if len(table.rows) >= max_rows:
                raise FileRefused(f"{name}: Die Datei hat mehr als {_n(max_rows)} Datenzeilen (erlaubt: "
                                  f"{_n(max_rows)}). Bitte aufteilen.")
            table.rows.append([c.strip() or None for c in row])
            table.row_numbers.append(line)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileRefused(f"{name}, Zeile {reader.line_num}: Eine Zelle hat mehr als {_n(csv.field_size_limit())} "
                              f"Zeichen; erlaubt sind höchstens {_n(CELL_MAX)}. Bitte den Text kürzen oder ein fehlendes "
                              "Anführungszeichen ergänzen.") from None
        raise FileRefused(f"{name}, Zeile {reader.line_num}: Die CSV-Datei ist beschädigt ({error}). Bitte "
                          "Anführungszeichen prüfen oder die Datei neu aus Excel speichern.") from None
    return table


def check_cells(row: list, name: str, line: int, headers: list[str] | None = None) -> None:
    for index, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        column = f", Spalte {index + 1}"
        if headers and index < len(headers):
            column = f", Spalte „{headers[index]}“"
        if len(cell) > CELL_MAX:
            raise FileRefused(f"{name}, Zeile {line}{column}: Die Zelle hat {_n(len(cell))} Zeichen; erlaubt sind "
                              f"höchstens {_n(CELL_MAX)}. Bitte den Text kürzen.")
        if headers is None and index == 0:
            cell = cell.removeprefix("\ufeff")  # a byte order mark before the first header is the file's, not text
        reason = text_problem(cell)
        if reason is not None:
            raise FileRefused(f"{name}, Zeile {line}{column}: {reason}", reason=reason, value=cell[:60],
                              column=headers[index] if headers and index < len(headers) else None)


def _headers(row: list, name: str) -> list[str]:
    headers = [" ".join(str(c or "").replace("\ufeff", "").split()) for c in row]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileRefused(f"{name}: Die erste Zeile muss die Spaltenüberschriften enthalten.")
    empty = [i + 1 for i, h in enumerate(headers) if not h]
    if empty:
        raise FileRefused(f"{name}: Spalte {empty[0]} hat keine Überschrift. Bitte jede Spalte benennen "
                          "(Vorlage herunterladen).")
    seen: set[str] = set()
    for header in headers:
        if header.lower() in seen:
            raise FileRefused(f"{name}: Die Spalte „{header}“ steht doppelt. Bitte eine der beiden löschen.")
        seen.add(header.lower())
    return headers


# --- XLSX --------------------------------------------------------------------------------------

def check_zip(content: bytes, name: str) -> None:
    """Look at the zip directory before anything is unpacked: a valid XLSX, no zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(f"{name}: Die Datei ist keine gültige Excel-Datei (.xlsx). Bitte in Excel als "
                          "„Excel-Arbeitsmappe (.xlsx)“ speichern oder eine CSV-Datei hochladen.") from None
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise FileRefused(f"{name}: Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (.xlsx). "
                              "Bitte eine .xlsx- oder CSV-Datei hochladen.")
        total = sum(i.file_size for i in infos)
        worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
        if total > XLSX_MAX_UNCOMPRESSED or worst > XLSX_MAX_RATIO:
            raise FileRefused(f"{name}: Die Excel-Datei entpackt sich auf {_n(total / 1e6)} MB "
                              f"(Verdichtung bis 1:{_n(worst)}) und wird aus Sicherheitsgründen nicht gelesen "
                              "(„ZIP-Bombe“). Bitte nur die Tabelle mit den Daten speichern "
                              "oder als CSV hochladen.")


def _read_xlsx(content: bytes, name: str, *, max_rows: int, sheet: str | None) -> RawTable:
    check_zip(content, name)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for broken files; all mean "unreadable"
        raise FileRefused(f"{name}: Die Excel-Datei kann nicht gelesen werden ({type(error).__name__}). "
                          "Bitte in Excel öffnen und neu als .xlsx speichern.") from None
    try:
        if sheet is not None and sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        return _sheet_table(worksheet, name, max_rows=max_rows)
    finally:
        workbook.close()


def sheet_tables(content: bytes, name: str, *, max_bytes: int, max_rows: int,
                 only: set[str] | None = None) -> dict[str, RawTable]:
    """The sheets of an XLSX (those named in `only`) as tables (the full export: one sheet per kind)."""
    if len(content) > max_bytes:
        raise FileRefused(f"{name}: Die Datei ist {len(content) / 1e6:.1f} MB groß; erlaubt sind höchstens "
                          f"{max_bytes / 1e6:.0f} MB.")
    check_zip(content, name)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # see _read_xlsx
        raise FileRefused(f"{name}: Die Excel-Datei kann nicht gelesen werden ({type(error).__name__}). "
                          "Bitte in Excel öffnen und neu als .xlsx speichern.") from None
    try:
        return {ws.title: _sheet_table(ws, name, max_rows=max_rows, allow_empty=True) for ws in workbook.worksheets
                if only is None or ws.title in only}
    finally:
        workbook.close()


def _sheet_table(worksheet, name: str, *, max_rows: int, allow_empty: bool = False) -> RawTable:
    label = f"{name} (Blatt „{worksheet.title}“)"
    table = RawTable(name, [], sheet=worksheet.title)
    headers: list[str] | None = None
    for line, cells in enumerate(worksheet.iter_rows(), start=1):
        values = []
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                raise FileRefused(f"{label}, Zeile {line}: Die Zelle {cell.coordinate} enthält eine Formel "
                                  f"(„{str(cell.value)[:40]}“). Formeln werden aus Sicherheitsgründen nicht "
                                  "importiert. Bitte nur Werte speichern (Kopieren → Inhalte einfügen → Werte).")
            values.append(cell.value)
        if not any(v is not None and str(v).strip() for v in values):
            continue
        check_cells(values, label, line, headers)
        if headers is None:
            headers = _headers(values, label)
            table.headers = headers
            continue
        if len(table.rows) >= max_rows:
            raise FileRefused(f"{label}: mehr als {_n(max_rows)} Datenzeilen (erlaubt: {_n(max_rows)}). "
                              "Bitte aufteilen.")
        row = [v.strip() or None if isinstance(v, str) else v for v in values[:len(headers)]]
        extra = [v for v in values[len(headers):] if v is not None and str(v).strip()]
        if extra:
            raise FileRefused(f"{label}, Zeile {line}: Werte rechts neben der letzten Spalte mit Überschrift "
                              f"(„{str(extra[0])[:40]}“). Bitte der Spalte eine Überschrift geben oder die "
                              "Werte löschen.")
        table.rows.append(row + [None] * (len(headers) - len(row)))
        table.row_numbers.append(line)
    if headers is None and not allow_empty:
        raise FileRefused(f"{label}: Das Blatt ist leer. Bitte eine Kopfzeile und Datenzeilen eintragen "
                          "(Vorlage herunterladen).")
    return table
