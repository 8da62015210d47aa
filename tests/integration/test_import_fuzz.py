"""Fuzz/property tests: malformed files are refused with a German message and change nothing.

Wrong encodings, shuffled and missing columns, formula cells, huge cells, empty files, binary garbage
named .csv/.xlsx and zip bombs. Each example runs a real import with `commit=True` against one demo
database and checks that every table the import could touch is exactly as before. A well-formed file
with shuffled columns, on the other hand, gives the same preview as the original order.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from data.db import make_engine, make_session_factory
from data.imports.engine import import_file
from data.schema import (
    AuditEvent,
    Case,
    CaseloadCount,
    DatasetInfo,
    FundsEntry,
    ImportedFile,
    Position,
    VolunteerProject,
)
from tests.helpers import EXCEL_CSV

LIMITS = {"max_bytes": 2_000_000, "max_rows": 1_000}
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
GERMAN = ("Bitte", "Datei", "Spalte", "Zeile", "nicht", "keine", "Formel")
HEADER, *ROWS = [line.split(";") for line in EXCEL_CSV.replace("\ufeff", "").strip().split("\r\n")]


@pytest.fixture(scope="module")
def sessions(tmp_path_factory, demo_sqlite_url):
    target = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), target)
    engine = make_engine(f"sqlite:///{target}")
    yield make_session_factory(engine)
    engine.dispose()


def snapshot(sessions) -> dict:
    with sessions() as session:
        state = {m.__tablename__: session.scalar(select(func.count()).select_from(m))
                 for m in (Case, CaseloadCount, FundsEntry, Position, VolunteerProject, ImportedFile, AuditEvent)}
        state["revision"] = session.scalar(select(DatasetInfo.revision))
        state["max_updated"] = str(session.scalar(select(func.max(Case.updated_at))))
    return state


def assert_refused(sessions, content: bytes, filename: str, kind: str | None = None) -> str:
    before = snapshot(sessions)
    report = import_file(sessions, content, filename, kind=kind, actor="fuzz", commit=True, **LIMITS)
    assert not report.applied and report.problems, (filename, report.summary())
    messages = report.messages()
    assert all(any(word in m for word in GERMAN) for m in messages), messages
    assert snapshot(sessions) == before
    return " ".join(messages)


def csv_bytes(rows: list[list[str]], separator: str = ";", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(separator.join(r) for r in rows).encode(encoding)


# --- binary garbage, empty files, wrong encodings ---------------------------------------------

@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["daten.csv", "daten.xlsx", "daten.CSV", "daten"]))
def test_binary_garbage_is_refused(sessions, content, filename):
    assert_refused(sessions, content, filename)


@FUZZ
@given(st.binary(min_size=1, max_size=2000))
def test_garbage_inside_a_zip_named_xlsx_is_refused(sessions, payload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", payload)
        archive.writestr("[Content_Types].xml", payload[::-1])
    assert_refused(sessions, buffer.getvalue(), "kaputt.xlsx")


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b";;;\n;;\n"])
def test_empty_files_are_refused(sessions, content):
    assert_refused(sessions, content, "leer.csv")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_are_refused(sessions, encoding):
    assert_refused(sessions, csv_bytes([HEADER] + ROWS, encoding=encoding), "unicode.csv")


# --- columns: shuffled (fine), missing (refused) ------------------------------------------------

@FUZZ
@given(st.randoms(use_true_random=False))
def test_shuffled_columns_give_the_same_preview(sessions, rng):
    order = list(range(len(HEADER)))
    rng.shuffle(order)
    shuffled = [[row[i] for i in order] for row in [HEADER] + ROWS]
    report = import_file(sessions, csv_bytes(shuffled, rng.choice([";", ","])), "s.csv", actor="fuzz", commit=False,
                         **LIMITS)
    assert report.ok and report.counts == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=5))
def test_missing_required_columns_are_refused(sessions, rng, dropped):
    required = [HEADER.index(h) for h in ("Pseudonym", "Team", "AU-Zuweisung am", "Fallbeginn")]
    drop = set(rng.sample(required, min(dropped, len(required))))
    rows = [[c for i, c in enumerate(row) if i not in drop] for row in [HEADER] + ROWS]
    order = list(range(len(rows[0])))
    rng.shuffle(order)
    text = assert_refused(sessions, csv_bytes([[row[i] for i in order] for row in rows]), "fehlt.csv", kind="cases")
    assert "Pflichtspalte fehlt" in text


# --- cells: formulas, huge cells, wrong values ---------------------------------------------------

FORMULAS = st.sampled_from(["=CMD|' /C calc'!A0", "=1+1", "@SUM(A1:A2)", "+HYPERLINK(\"http://x\")",
                            "-2+3!A1", "=WEBSERVICE(\"http://x\")"])


@FUZZ
@given(FORMULAS, st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=9))
def test_formula_cells_are_refused(sessions, formula, row, column):
    rows = [list(r) for r in ROWS]
    rows[row][column] = formula.replace(";", ",")
    assert "Formel" in assert_refused(sessions, csv_bytes([HEADER] + rows), "formel.csv")


@FUZZ
@given(st.integers(min_value=1001, max_value=200_000), st.integers(min_value=0, max_value=2))
def test_huge_cells_are_refused(sessions, size, row):
    rows = [list(r) for r in ROWS]
    rows[row][-1] = "x" * size
    assert "Zeichen" in assert_refused(sessions, csv_bytes([HEADER] + rows), "riesig.csv")


@FUZZ
@given(st.integers(min_value=0, max_value=2), st.sampled_from([3, 4, 5, 6, 9]),
       st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12))
def test_random_text_in_date_and_number_cells_writes_nothing_when_wrong(sessions, row, column, junk):
    rows = [list(r) for r in ROWS]
    rows[row][column] = junk.replace(";", "").replace('"', "") or "x"
    before = snapshot(sessions)
    report = import_file(sessions, csv_bytes([HEADER] + rows), "zufall.csv", actor="fuzz", commit=False, **LIMITS)
    assert snapshot(sessions) == before  # a preview never writes
    if not report.ok:
        assert all(any(word in m for word in GERMAN) for m in report.messages())


def test_wrong_encoding_declared_as_utf8_still_reads_or_is_refused(sessions):
    # Windows-1252 bytes are read as Windows-1252; bytes that are in neither are refused
    assert import_file(sessions, csv_bytes([HEADER] + ROWS, encoding="cp1252"), "win.csv", actor="fuzz",
                       commit=False, **LIMITS).ok
    assert "Zeichenkodierung" in assert_refused(sessions, csv_bytes([HEADER] + ROWS).replace(b"IMP", b"\x81\x8d\x90"),
                                         "kaputt.csv")


# --- XLSX: zip bombs, formulas, too many rows -----------------------------------------------------

def _xlsx(sheet_xml_size: int | None = None, formula: bool = False, rows: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Fälle"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for i in range(rows):
        sheet.append([f"X-{i:06d}"] + ROWS[0][1:])
    if formula:
        sheet["K2"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if sheet_xml_size is None:
        return buffer.getvalue()
    # a zip bomb: the sheet is replaced by a part that unpacks to `sheet_xml_size` bytes
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * sheet_xml_size)
            archive.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize("size", [300_000_000, 30_000_000])
def test_zip_bombs_are_refused_before_unpacking(sessions, size):
    content = _xlsx(sheet_xml_size=size)
    assert len(content) < 2_000_000  # small on disk, huge unpacked
    assert "ZIP-Bombe" in assert_refused(sessions, content, "bombe.xlsx")


def test_xlsx_formula_and_row_limit_are_refused(sessions):
    assert "Formel" in assert_refused(sessions, _xlsx(formula=True), "formel.xlsx")
    assert "mehr als 1.000" in assert_refused(sessions, _xlsx(rows=1001), "viele.xlsx")
    assert import_file(sessions, _xlsx(), "ok.xlsx", actor="fuzz", commit=False, **LIMITS).ok


def test_too_large_file_is_refused(sessions):
    assert "höchstens 2 MB" in assert_refused(sessions, b"Pseudonym;Team\n" + b"x;y\n" * 600_000, "gross.csv")


def test_random_mutations_of_a_good_file_never_half_write(sessions):
    """Delete, duplicate or garble random bytes of a good file: either the whole file is refused
    (nothing written) or it is a consistent file whose preview matches what an apply would do."""
    rng = random.Random(7)
    good = csv_bytes([HEADER] + ROWS)
    for _ in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(data))
            action = rng.choice(("delete", "insert", "replace"))
            if action == "delete":
                del data[position]
            elif action == "insert":
                data.insert(position, rng.randrange(256))
            else:
                data[position] = rng.randrange(256)
        before = snapshot(sessions)
        report = import_file(sessions, bytes(data), "mutiert.csv", actor="fuzz", commit=False, **LIMITS)
        assert snapshot(sessions) == before
        if not report.ok:
            assert report.messages() and all(any(w in m for w in GERMAN) for m in report.messages()), report.messages()
