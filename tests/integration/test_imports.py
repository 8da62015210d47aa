"""File imports end to end: preview, all or nothing, re-import, Träger scope, the reused rules, CLI.

The "done when" of issue 7: a semicolon CSV from Excel with BOM and German dates imports after a
clean preview; a file with one bad row writes nothing and names the row.
"""

import shutil

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from data.db import make_engine, make_session_factory
from data.imports.engine import import_file
from data.schema import AuditEvent, Case, CaseloadCount, DatasetInfo, FundsEntry, ImportedFile, Position
from tests.helpers import EXCEL_CSV

LIMITS = {"max_bytes": 5_000_000, "max_rows": 10_000}



@pytest.fixture
def sessions(tmp_path, demo_sqlite_url):
    """A private copy of the demo database (fast; tests may write)."""
    source = demo_sqlite_url.removeprefix("sqlite:///")
    target = tmp_path / "demo-copy.sqlite3"
    shutil.copy(source, target)
    engine = make_engine(f"sqlite:///{target}")
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def both_sessions(demo_url):
    engine = make_engine(demo_url)
    yield make_session_factory(engine)
    engine.dispose()


def _count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def _revision(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(DatasetInfo.revision))


def test_excel_csv_with_bom_and_german_dates_imports_after_a_clean_preview(both_sessions):
    sessions = both_sessions
    cases, revision = _count(sessions, Case), _revision(sessions)
    content = EXCEL_CSV.encode("utf-8")
    preview = import_file(sessions, content, "faelle.csv", actor="anna", commit=False, **LIMITS)
    assert preview.ok and not preview.applied, preview.messages()
    assert preview.kind == "cases"
    assert preview.counts == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert _count(sessions, Case) == cases and _revision(sessions) == revision  # the preview wrote nothing

    applied = import_file(sessions, content, "faelle.csv", actor="anna", commit=True, **LIMITS)
    assert applied.applied and applied.counts == preview.counts
    assert _count(sessions, Case) == cases + 3
    assert _revision(sessions) == revision + 1
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.pseudonym == "IMP-0002"))
        assert (case.opened_on.isoformat(), case.closed_on.isoformat(), case.closure_reason.value) == \
            ("2026-02-02", "2026-09-30", "goal_reached")
        assert case.updated_by == "anna" and case.origin.value == "direct" and not case.has_integration_plan
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
        assert event.actor == "anna" and event.detail["new"] == 3
        assert session.scalar(select(func.count()).select_from(ImportedFile)) == 1

    again = import_file(sessions, content, "faelle.csv", actor="ben", commit=True, **LIMITS)
    assert again.already_imported and not again.applied
    assert "bereits" in again.summary() and "von anna" in again.summary()
    assert _count(sessions, Case) == cases + 3 and _revision(sessions) == revision + 1


def test_the_same_rows_in_another_file_are_unchanged(sessions):
    import_file(sessions, EXCEL_CSV.encode("utf-8"), "a.csv", actor="anna", commit=True, **LIMITS)
    windows = EXCEL_CSV.replace("\ufeff", "").replace(";", ",").encode("cp1252")  # comma, Windows-1252
    report = import_file(sessions, windows, "b.csv", actor="anna", commit=True, **LIMITS)
    assert report.ok, report.messages()
    assert report.counts == {"new": 0, "updated": 0, "unchanged": 3, "rejected": 0}


def test_one_bad_row_writes_nothing_and_is_named(both_sessions):
    sessions = both_sessions
    bad = EXCEL_CSV.replace("15.10.2025", "31.13.2025").encode("utf-8")
    cases, revision = _count(sessions, Case), _revision(sessions)
    report = import_file(sessions, bad, "faelle.csv", actor="anna", commit=True, **LIMITS)
    assert not report.applied and len(report.problems) == 1
    problem = report.problems[0]
    assert (problem.row, problem.column, problem.value) == (3, "AU-Zuweisung am", "31.13.2025")
    assert report.messages()[0].startswith("faelle.csv, Zeile 3, Spalte „AU-Zuweisung am“, Wert „31.13.2025“: "
                                           "ist kein gültiges Datum. Bitte als TT.MM.JJJJ")
    assert report.counts == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert _count(sessions, Case) == cases and _revision(sessions) == revision


@pytest.mark.parametrize("change, row, column, words", [
    (("12.01.2026;;;ja;3", "12.01.2026;10.01.2026;verzogen;ja;3"), 2, "Fallende", "vor dem Fallbeginn"),
    (("12.01.2026;;;ja;3", "12.01.2026;;verzogen;ja;3"), 2, "Abschlussgrund", "Abschlussgrund"),
    (("IMP-0003;AWO", "IMP-0003;Lebenshilfe"), 4, "Team", "kein bekannter Träger"),
    (("IMP-0003;AWO", "Max Mustermann;AWO"), 4, "Pseudonym", "kein Pseudonym"),
    (("ja;4", "ja;31"), 4, "Haushaltsgröße", "zwischen 1 und 30"),
    (("IMP-0003", "IMP-0001"), 4, None, "schon in Zeile 2"),
])
def test_row_rules(sessions, change, row, column, words):
    report = import_file(sessions, EXCEL_CSV.replace(*change).encode(), "f.csv", actor="a", commit=True, **LIMITS)
    assert not report.applied
    assert [(p.row, p.column) for p in report.problems] == [(row, column)]
    assert words in report.messages()[0]


def test_shuffled_columns_are_fine_missing_and_unknown_are_named(sessions):
    lines = [line.split(";") for line in EXCEL_CSV.replace("\ufeff", "").strip().split("\r\n")]
    shuffled = "\n".join(";".join(reversed(line)) for line in lines).encode()
    assert import_file(sessions, shuffled, "r.csv", actor="a", commit=False, **LIMITS).ok
    missing = "\n".join(";".join(line[1:]) for line in lines).encode()
    report = import_file(sessions, missing, "m.csv", kind="cases", actor="a", commit=True, **LIMITS)
    assert [p.text() for p in report.problems] == [
        "Spalte „Pseudonym“: Pflichtspalte fehlt. Bitte die Spalte „Pseudonym“ ergänzen (eindeutiges Pseudonym "
        "des Falls, nie ein Name)."]
    extra = EXCEL_CSV.replace("Haushaltsgröße", "Haushaltsgröße;Bemerkung").encode()
    report = import_file(sessions, extra, "e.csv", kind="cases", actor="a", commit=True, **LIMITS)
    assert report.problems[0].column == "Bemerkung" and "gibt es für „Fälle“ nicht" in report.messages()[0]


def test_personal_data_stops_the_import(sessions):
    content = EXCEL_CSV.replace("Haushaltsgröße", "Haushaltsgröße;Geburtsdatum").replace(";3\r\n", ";3;01.02.1990\r\n")
    report = import_file(sessions, content.encode(), "p.csv", actor="a", commit=True, **LIMITS)
    assert not report.applied
    assert "Geburtsdatum" in report.messages()[0] and "pseudonymisieren" in report.messages()[0]
    mail = EXCEL_CSV.replace("IMP-0003;AWO;;", "IMP-0003;AWO;;") .replace(";4\r\n", ";4\r\n").replace(
        "Haushaltsgröße", "Haushaltsgröße;Kategorie").replace(";3\r\n", ";3;anna@example.org\r\n")
    report = import_file(sessions, mail.encode(), "m.csv", actor="a", commit=True, **LIMITS)
    assert (report.problems[0].row, report.problems[0].column) == (2, "Kategorie")
    assert "E-Mail" in report.messages()[0]


def test_provider_scope_rejects_another_traegers_rows(sessions):
    cases = _count(sessions, Case)
    report = import_file(sessions, EXCEL_CSV.encode(), "f.csv", scope="awo", actor="awo", commit=True, **LIMITS)
    assert not report.applied and report.foreign
    assert [(p.row, p.column) for p in report.problems] == [(2, "Team"), (3, "Team")]
    assert "nur Daten von AWO" in report.messages()[0]
    assert _count(sessions, Case) == cases
    own = "\r\n".join(EXCEL_CSV.split("\r\n")[:1] + EXCEL_CSV.split("\r\n")[3:])
    assert import_file(sessions, own.encode(), "own.csv", scope="awo", actor="awo", commit=True, **LIMITS).applied


def test_caseload_counts_update_by_natural_key(sessions):
    csv = "Stichtag;Team;Stadtteil;Aktive Fälle\n31.10.2026;Caritas;Frankenbach;12\n31.10.2026;Caritas;;1.234\n"
    first = import_file(sessions, csv.encode(), "z.csv", actor="a", commit=True, **LIMITS)
    assert first.applied and first.counts["new"] == 2
    changed = import_file(sessions, csv.replace(";12\n", ";13\n").encode(), "z2.csv", actor="a", commit=True, **LIMITS)
    assert changed.counts == {"new": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    assert changed.rows[0].changes == ["Aktive Fälle: 12 → 13"]
    with sessions() as session:
        assert sorted(session.scalars(select(CaseloadCount.active_cases))) == [13, 1234]


def test_position_change_reuses_the_stellenplan_rules(sessions):
    header = "Träger;Programm;Finanzierung;Gültig ab;Bezeichnung;VZÄ Soll;VZÄ besetzt;Standort\n"
    row = "AWO;Integrationsmanagement;Land;01.01.2026;;0,5;{filled};GU Mönchseestraße 83\n"
    report = import_file(sessions, (header + row.format(filled="0,25")).encode(), "s.csv", actor="a", commit=True,
                         **LIMITS)
    assert report.applied and report.counts["updated"] == 1, report.messages()
    assert "VZÄ besetzt: 0,5 → 0,25" in report.rows[0].changes
    over = import_file(sessions, (header + row.format(filled="0,75")).encode(), "s2.csv", actor="a", commit=True,
                       **LIMITS)
    assert not over.applied and "größer als VZÄ Soll" in over.messages()[0]
    with sessions() as session:
        filled = session.scalars(select(Position.filled_fte).where(Position.site == "GU Mönchseestraße 83")).one()
    assert str(filled) == "0.250"


def test_ledger_rules_over_booking_and_transfer_decision(sessions):
    header = "Jahr;Träger;Art;Betrag;Datum;Zweck;An Träger;Beschluss vom\n"
    over = header + "2026;AWO;Ausgabe;9.999,00;20.11.2026;Großeinkauf;;\n"
    report = import_file(sessions, over.encode(), "l.csv", actor="a", commit=True, **LIMITS)
    assert not report.applied and "übersteigt die verbleibenden Mittel" in report.messages()[0]
    assert report.problems[0].row == 2
    no_decision = header + "2026;AWO;Übertragung;100,00;20.11.2026;Sprachcafé;Caritas;\n"
    report = import_file(sessions, no_decision.encode(), "t.csv", actor="a", commit=True, **LIMITS)
    assert "Beschluss" in report.messages()[0]
    late = header + "2026;AWO;Übertragung;100,00;20.11.2026;Sprachcafé;Caritas;21.11.2026\n"
    assert "liegt nach" in import_file(sessions, late.encode(), "t2.csv", actor="a", commit=True,
                                       **LIMITS).messages()[0]
    entries = _count(sessions, FundsEntry)
    good = header + "2026;AWO;Ausgabe;12,50;20.11.2026;Kaffee Sprachcafé;;\n2026;AWO;Übertragung;100,00;20.11.2026;" \
                    "Sprachcafé;Caritas;19.11.2026\n"
    report = import_file(sessions, good.encode(), "ok.csv", actor="a", commit=True, **LIMITS)
    assert report.applied, report.messages()
    assert _count(sessions, FundsEntry) == entries + 2


def test_cli_import_dry_run_apply_template_and_export(tmp_path, monkeypatch, capsys, sessions):
    url = str(sessions.kw["bind"].url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    path = tmp_path / "faelle.csv"
    path.write_bytes(EXCEL_CSV.encode("utf-8"))
    cases = _count(sessions, Case)
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "Vorschau" in capsys.readouterr().out and _count(sessions, Case) == cases
    assert main(["import", str(path), "--kind", "cases"]) == 0
    assert "3 neu" in capsys.readouterr().out and _count(sessions, Case) == cases + 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(EXCEL_CSV.replace("02.02.2026", "2.2.26").encode())
    assert main(["import", str(bad)]) == 1
    assert "Zeile 3, Spalte „Fallbeginn“" in capsys.readouterr().err
    template = tmp_path / "vorlage.xlsx"
    assert main(["import", "--template", "ledger", str(template)]) == 0
    from openpyxl import load_workbook

    workbook = load_workbook(template)
    assert workbook.sheetnames == ["Projektmittel", "Erläuterung"]
    assert [c.value for c in workbook["Projektmittel"][1]][:4] == ["Jahr", "Träger", "Art", "Betrag"]
    exported = tmp_path / "alles.xlsx"
    assert main(["export", "--all", str(exported)]) == 0
    assert main(["import", str(exported), "--dry-run"]) == 0
    assert "0 neu, 0 geändert" in capsys.readouterr().out


def test_provider_books_expenses_only_and_keeps_existing_allocations(sessions):
    header = "Jahr;Träger;Art;Betrag;Datum;Zweck\n"
    existing = "2026;AWO;Zuweisung;5.000,00;15.01.2026;Projektmittel 2026: ein Drittel von 15000 €\n"
    expense = "2026;AWO;Ausgabe;20,00;20.11.2026;Kaffee Sprachcafé\n"
    report = import_file(sessions, (header + existing + expense).encode(), "l.csv", scope="awo", actor="awo",
                         commit=True, **LIMITS)
    assert report.applied and report.counts == {"new": 1, "updated": 0, "unchanged": 1, "rejected": 0}
    new_allocation = "2026;AWO;Zuweisung;100,00;20.11.2026;Nachschlag\n"
    refused = import_file(sessions, (header + new_allocation).encode(), "l2.csv", scope="awo", actor="awo",
                          commit=True, **LIMITS)
    assert not refused.applied and refused.foreign
    assert refused.messages() == ["l2.csv, Zeile 2, Spalte „Art“, Wert „Zuweisung“: Zuweisungen und Übertragungen "
                                  "bucht die Administration der Stadt (Beschluss des Koordinierungskreises). Bitte als "
                                  "Träger nur Ausgaben importieren."]
