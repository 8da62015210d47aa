"""PDF reports: every section is there with the pages' numbers, German formats and page numbers;
rendered to PNG (artifacts/reports/) to be looked at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import services
from dashboard.cli import main
from dashboard.model.formatting import fmt_eur, fmt_int, fmt_pct
from dashboard.pdf import ReportError, annual_report, meeting_pack
from tests.helpers import DEMO_DAY, pdf_text_pages

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"


def pdf_pages(content: bytes, name: str) -> list[str]:
    """The text of each page; each page also saved as PNG (artifacts/reports/)."""
    return pdf_text_pages(content, name, ARTIFACTS)


def test_annual_report_has_every_section_and_the_pages_numbers(demo_session, demo_settings):
    report = annual_report(demo_session, demo_settings, 2026)
    assert report.content.startswith(b"%PDF") and report.filename == "jahresbericht-2026.pdf"
    pages = pdf_pages(report.content, "jahresbericht-2026")
    assert len(pages) == report.pages >= 3
    text = "\n".join(pages)
    for heading in ("Jahresbericht 2026", "Verwendungsnachweis", "Kennzahlen am 22.11.2026", "Fallzahlen und Kapazität",
                    "Jeder Bezirk zeigt",
                    "Personal (VZÄ)", "Prüfung des Stellenplans", "Projektmittel 2026",
                    "Übertragungen nach Beschluss des Koordinierungskreises", "Ehrenamt: Abdeckung", "Altersstruktur"):
        assert heading in text, heading
    overview = services.overview(demo_session, demo_settings, DEMO_DAY)
    assert fmt_int(overview.im.cases) in text
    assert fmt_pct(overview.im.utilisation_pct) in text
    assert fmt_eur(overview.funds.remaining) in text
    assert "✖ Widerspruch" in text  # the concept's inconsistency (Diakonie, IM total)
    assert "19 / 150" in text  # coverage: 19 projects, 150 volunteers
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        assert "Stand der Daten 22.11.2026" in page


def test_meeting_pack_and_refusals(demo_session, demo_settings):
    report = meeting_pack(demo_session, demo_settings, dt.date(2026, 12, 3), "coordination")
    text = "\n".join(pdf_pages(report.content, "sitzungsunterlage"))
    assert "Sitzungsunterlage Koordinierungskreis" in text and "Sitzung am 03.12.2026" in text
    assert "Zahlen zum 22.11.2026" in text  # the data's Stand, not a date without data
    with pytest.raises(ReportError, match="Für das Jahr 2031 gibt es keine Daten"):
        annual_report(demo_session, demo_settings, 2031)
    with pytest.raises(ReportError, match="Unbekanntes Gremium"):
        meeting_pack(demo_session, demo_settings, dt.date(2026, 12, 3), "stadtrat")


def test_cli_report_writes_the_pdf_and_audits_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert main(["demo", "--date", "2026-11-22"]) == 0
    out = tmp_path / "bericht.pdf"
    assert main(["report", "--year", "2026", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Seiten geschrieben" in capsys.readouterr().out
    assert main(["report", "--year", "2035", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "keine Daten" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_page_callback_sends_the_pdf_and_refuses_bad_input(demo_settings):
    import base64

    from dashboard.app import create_app
    from tests.helpers import fire, texts

    client = create_app(demo_settings).server.test_client()
    years = fire(client, "reports-year", {"reports-location.pathname": "/berichte"})
    assert years["reports-year"]["value"] == "2026"
    assert [o["value"] for o in years["reports-year"]["options"]] == ["2026", "2025", "2024", "2023"]
    sent = fire(client, "reports-download", {"reports-annual-submit.n_clicks": 1, "reports-year.value": "2025"},
                changed="reports-annual-submit.n_clicks")
    pdf = base64.b64decode(sent["reports-download"]["data"]["content"])
    assert sent["reports-download"]["data"]["filename"] == "jahresbericht-2025.pdf"
    assert "Jahresbericht 2025" in "\n".join(pdf_pages(pdf, "seite-jahresbericht-2025"))
    refused = fire(client, "reports-download", {"reports-meeting-submit.n_clicks": 1, "reports-meeting-date.date": None,
                                                "reports-meeting-body.value": "steering"},
                   changed="reports-meeting-submit.n_clicks")
    assert "reports-download" not in refused
    assert "Bitte den Sitzungstag als Datum angeben" in " ".join(texts(refused))


def test_meeting_pack_shows_the_chosen_saved_scenarios(demo_url, tmp_path):
    from dashboard.services import scenarios as scenario_report
    from data import scenarios as scenario_data
    from data.db import make_engine, make_session_factory, transaction
    from tests.helpers import make_settings

    settings = make_settings(tmp_path, demo_url)
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        base = scenario_report.baseline(session, settings, DEMO_DAY)
        saved = scenario_data.save(session, scenario_report.scenario_for_save(base, [], "Ausgangslage Dezember", "chefin"),
                                   user="chefin")
    with sessions() as session:
        report = meeting_pack(session, settings, dt.date(2026, 12, 3), "steering", [saved])
        text = "\n".join(pdf_pages(report.content, "sitzungsunterlage-szenarien"))
        with pytest.raises(ReportError, match="gibt es nicht"):
            meeting_pack(session, settings, dt.date(2026, 12, 3), "steering", [saved, 9999])
    engine.dispose()
    assert "Szenarien zur Beratung" in text and "Ausgangslage Dezember" in text and "Im Vergleich" in text
    assert "gespeichert von chefin" in text


def test_no_word_is_cut_mid_syllable_and_no_heading_ends_a_page(demo_session, demo_settings):
    report = annual_report(demo_session, demo_settings, 2026)
    pages = pdf_pages(report.content, "jahresbericht-2026-umbruch")
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    # the demo's longest Standort breaks at a syllable: pdfium reports the used soft hyphen as U+FFFE
    assert any("Nordstadt-Mehrge\ufffenerationenhaus" in line for line in lines)
    assert not any(line.endswith(("No", "Mehrgenerat")) for line in lines)
    headings = ["Kennzahlen am", "Fallzahlen und Kapazität", "Personal (VZÄ)", "Prüfung des Stellenplans",
                "Übertragungen nach Beschluss des Koordinierungskreises"]
    for page in pages:
        body = [line.strip() for line in page.splitlines() if line.strip()][:-1]  # without the footer
        assert not any(body[-1].startswith(h) for h in headings), f"Überschrift allein am Seitenende: {body[-1]}"


def test_meeting_pack_file_name_is_german(demo_session, demo_settings):
    assert meeting_pack(demo_session, demo_settings, DEMO_DAY, "steering").filename == \
        f"sitzungsunterlage-steuerungsgremium-{DEMO_DAY.isoformat()}.pdf"
