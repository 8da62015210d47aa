"""Landkreis reports on both backends: the IM-posts and proofs-of-use imports (preview, all or
nothing, German problems, re-import unchanged, no Träger) and the Gesamtverwendungsnachweis PDF,
whose figures are checked against the service (rendered to text and PNG, artifacts/reports/)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.cli import main
from dashboard.model.figures.county_report import PROOF_MISSING, PROOF_NOT_DUE, PROOF_RECEIVED
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte
from dashboard.pdf import ReportError, county_use_report
from dashboard.services.county_report import use_report
from data.db import read_session
from data.schema import Area, Case, ImPost, ProofOfUse
from tests.helpers import import_text, pdf_text_pages, row_count

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"




PROOFS = ("Gemeinde;Jahr;Eingegangen am;Verwendete Mittel;Vermerk\r\n"
          "Cleebronn;2025;20.04.2026;10.850,00;nachgereicht\r\n"   # the missing one arrives
          "08125026;2025;;;Erinnerung versandt\r\n")               # Eppingen still missing, new note


def test_proofs_of_use_import_preview_then_apply_then_unchanged(sessions, demo_settings):
    preview = import_text(sessions, PROOFS, "nachweise.csv", commit=False)
    assert preview.kind == "proofs_of_use" and not preview.problems
    assert preview.counts == {"new": 0, "updated": 2, "unchanged": 0, "rejected": 0}
    assert any("Eingegangen am: leer → 20.04.2026" in c for row in preview.rows for c in row.changes)
    with read_session(sessions) as session:
        assert use_report(session, demo_settings, 2025).row("08125017").proof_status == PROOF_MISSING
    assert import_text(sessions, PROOFS, "nachweise.csv").applied
    with read_session(sessions) as session:
        row = use_report(session, demo_settings, 2025).row("08125017")
    assert row.proof_status == PROOF_RECEIVED and row.proof.amount_spent == Decimal("10850.00")
    again = import_text(sessions, PROOFS, "nachweise.csv", commit=False)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 2, "rejected": 0}


def test_a_bad_proof_row_rejects_the_whole_file_with_a_german_reason(sessions):
    before = row_count(sessions, ProofOfUse)
    bad = PROOFS + "Nordheim;2025;;5.000,00;\r\nNirgendwo;2025;01.02.2026;;\r\n"
    report = import_text(sessions, bad, "nachweise.csv")
    assert not report.applied and report.counts["rejected"] == 2
    messages = " ".join(report.messages())
    assert "kein Eingangsdatum" in messages and "Nirgendwo" in messages
    assert row_count(sessions, ProofOfUse) == before
    with read_session(sessions) as session:
        assert session.scalar(select(ProofOfUse.note).join(Area).where(Area.ags == "08125026")) == "Demo: Nachweis fehlt"


POSTS = ("Gemeinde;Arbeitgeber;Bezeichnung;VZÄ;Besetzt;Gefördert bis;Vermerk\r\n"
         "Neckarsulm;Stadt Neckarsulm;Stelle 2;0,75;ja;31.12.2029;besetzt seit 01.02.2026\r\n"
         "08125074;Landratsamt Heilbronn;Stelle Nordheim;0,5;;;\r\n")


@pytest.mark.parametrize(("text", "name"), [(PROOFS, "nachweise.csv"), (POSTS, "stellen.csv")])
def test_no_traeger_may_import_posts_or_proofs(sessions, text, name):
    before = row_count(sessions, ImPost), row_count(sessions, ProofOfUse)
    report = import_text(sessions, text, name, scope="awo")
    assert report.problems and all("importiert nur die Administration" in p.message for p in report.problems)
    assert (row_count(sessions, ImPost), row_count(sessions, ProofOfUse)) == before


def test_im_posts_import_updates_by_gemeinde_employer_and_label(sessions, demo_settings):
    before = row_count(sessions, ImPost)
    report = import_text(sessions, POSTS, "stellen.csv")
    assert report.kind == "im_posts" and report.applied, report.messages()
    assert report.counts == {"new": 1, "updated": 1, "unchanged": 0, "rejected": 0}
    assert row_count(sessions, ImPost) == before + 1
    with read_session(sessions) as session:
        rep = use_report(session, demo_settings, 2025)
    assert rep.row("08125065").filled_fte == Decimal("1.75")  # the second Neckarsulm post is filled now
    assert rep.row("08125074").posts_fte == Decimal("0.5")     # new, "Besetzt" empty means ja
    assert import_text(sessions, POSTS, "stellen.csv", commit=False).counts["unchanged"] == 2


def test_use_report_passes_on_a_b_and_verbund_and_keeps_c_and_the_remainder(sessions, demo_settings):
    with read_session(sessions) as session:
        rep = use_report(session, demo_settings, 2025)
    assert rep.passed_on + rep.kept == rep.funds == Decimal("1499911.00")
    nordheim, brackenheim = rep.row("08125074"), rep.row("08125013")
    assert not nordheim.passed_on and nordheim.proof_status == PROOF_NOT_DUE
    assert nordheim.kept_amount == Decimal("31234.00")
    assert brackenheim.passed_on and brackenheim.proof_status == PROOF_RECEIVED
    assert {r.ags for r in rep.rows if r.passed_on} == {"08125013", "08125017", "08125065", "08125006", "08125026"}
    assert (rep.received, rep.missing) == (3, 2)
    assert rep.kept == sum((r.amount for r in rep.rows if not r.passed_on), rep.remainder)
    assert not rep.has_cases  # the demo's cases are the city's


def test_cases_of_a_gemeinde_are_counted_and_small_counts_hidden(sessions, demo_settings):
    from data.db import transaction

    with transaction(sessions) as session:
        areas = {a.ags: a for a in session.scalars(select(Area).where(Area.ags.in_(["08125013", "08125065",
                                                                                    "08125006"])))}
        plans = {"08125013": 12, "08125065": 7, "08125006": 2}
        for ags, n in {"08125013": 20, "08125065": 9, "08125006": 2}.items():
            for i in range(n):
                session.add(Case(pseudonym=f"LK-{ags}-{i}", district=areas[ags], au_assigned_on=dt.date(2024, 5, 1),
                                 opened_on=dt.date(2024, 6, 1), has_integration_plan=i < plans[ags]))
        session.add(Case(pseudonym="LK-old", district=areas["08125013"], au_assigned_on=dt.date(2022, 1, 1),
                         opened_on=dt.date(2022, 2, 1), closed_on=dt.date(2024, 12, 31),
                         closure_reason="goal_reached"))  # not active in 2025
    with read_session(sessions) as session:
        rep = use_report(session, demo_settings, 2025)
    assert rep.has_cases and (rep.cases_total, rep.plans_total) == (31, 21)
    assert rep.row("08125013").cases == 20 and rep.row("08125013").plans == 12
    assert rep.row("08125006").cases == "<5" and rep.row("08125006").plans == "<5"
    assert rep.row("08125065").cases == "<5"  # secondary: else 31 − 20 would reveal Bad Rappenau's 2


def test_gesamtverwendungsnachweis_pdf_shows_the_services_figures(sessions, demo_settings):
    with read_session(sessions) as session:
        rep = use_report(session, demo_settings, 2025)
        report = county_use_report(session, demo_settings, 2025)
        with pytest.raises(ReportError, match="Für 2031 sind für den Landkreis Heilbronn keine Landesmittel"):
            county_use_report(session, demo_settings, 2031)
    assert report.filename == "gesamtverwendungsnachweis-heilbronn-2025.pdf"
    pages = pdf_text_pages(report.content, "gesamtverwendungsnachweis-2025", ARTIFACTS)
    assert len(pages) == report.pages >= 2
    text = "\n".join(pages)
    for heading in ("Gesamtverwendungsnachweis 2025", "Übersicht", "Mittel 2025 je Gemeinde", "Stellen je Gemeinde",
                    "Fälle und Integrationspläne 2025", "Verwendungsnachweise der Gemeinden für 2025"):
        assert heading in text, heading
    for amount in (rep.funds, rep.passed_on, rep.kept, rep.remainder, rep.row("08125074").amount):
        assert fmt_eur(amount) in text, amount
    brackenheim = rep.row("08125013")
    assert fmt_date(brackenheim.proof.received_on) in text and fmt_eur(brackenheim.proof.amount_spent) in text
    assert "3 eingegangen, 2 fehlen" in text and text.count("✖ fehlt") == 2
    assert fmt_fte(rep.row("08125065").posts_fte) in text
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page


def test_cli_writes_the_gesamtverwendungsnachweis(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert main(["demo", "--date", "2026-11-22"]) == 0
    out = tmp_path / "gvn.pdf"
    assert main(["report", "--landkreis", "2025", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "Seiten geschrieben" in capsys.readouterr().out
    assert main(["report", "--landkreis", "2030", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "keine Landesmittel" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("path", "row"), [
    ("proofs-of-use", {"Gemeinde": "Cleebronn", "Jahr": 2025, "Eingegangen am": "20.04.2026"}),
    ("im-posts", {"Gemeinde": "08125074", "Arbeitgeber": "AWO", "Bezeichnung": "Stelle 1", "VZÄ": "0,5"}),
])
def test_a_traeger_token_cannot_write_posts_or_proofs_through_the_api(tmp_path, demo_url, sessions, path, row):
    from dashboard.app import create_app
    from data import tokens
    from data.db import transaction
    from tests.helpers import make_settings

    app = create_app(make_settings(tmp_path, demo_url))
    with transaction(sessions) as session:
        _, token = tokens.create(session, provider_code="awo", name="AWO", actor="chefin")
    before = row_count(sessions, ImPost), row_count(sessions, ProofOfUse)
    response = app.server.test_client().post(f"/api/v1/{path}", json={"rows": [row]},
                                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and "importiert die Administration" in response.get_json()["error"]
    assert (row_count(sessions, ImPost), row_count(sessions, ProofOfUse)) == before
