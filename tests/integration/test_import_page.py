"""Import page: preview, apply (checked again on the server), roles, template and full export downloads."""

from __future__ import annotations

import base64
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from data.schema import AuditEvent, Case
from tests.helpers import EXCEL_CSV, ORIGIN, fire, login, texts


def upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()


def preview(client, contents, kind="auto", filename="faelle.csv"):
    return fire(client, "import-preview.children", {"import-upload.contents": contents, "import-kind.value": kind,
                                                     "import-upload.filename": filename},
                changed="import-upload.contents", headers=ORIGIN)


def apply(client, contents, store, filename="faelle.csv"):
    return fire(client, "import-result", {"import-apply.n_clicks": 1, "import-upload.contents": contents,
                                          "import-upload.filename": filename, "import-preview-store.data": store},
                changed="import-apply.n_clicks", headers=ORIGIN)


def client_for(app, name):
    client = app.server.test_client()
    assert login(client, name).status_code == 302
    return client


def cases(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Case))


def test_admin_previews_then_applies(secure):
    app, sessions = secure
    client = client_for(app, "chefin")
    before = cases(sessions)
    response = preview(client, upload(EXCEL_CSV))
    shown = " ".join(texts(response["import-preview"]["children"]))
    assert "Vorschau (noch nichts geschrieben)" in shown and "3 neu" in shown and "IMP-0002" in shown
    assert response["import-apply"]["disabled"] is False
    store = response["import-preview-store"]["data"]
    assert cases(sessions) == before
    done = apply(client, upload(EXCEL_CSV), store)
    assert "importiert" in " ".join(texts(done["import-result"]["children"]))
    assert cases(sessions) == before + 3
    # the browser's claim about the preview is not trusted: another file than the previewed one is refused
    other = EXCEL_CSV.replace("IMP-0003", "IMP-0009")
    refused = apply(client, upload(other), store)
    assert "nicht die geprüfte" in " ".join(texts(refused["import-result"]["children"]))
    assert cases(sessions) == before + 3


def test_bad_file_shows_the_row_and_cannot_be_applied(secure):
    app, _ = secure
    client = client_for(app, "chefin")
    response = preview(client, upload(EXCEL_CSV.replace("15.10.2025", "31.13.2025")))
    shown = " ".join(texts(response["import-preview"]["children"]))
    assert "Zeile 3, Spalte „AU-Zuweisung am“, Wert „31.13.2025“" in shown
    assert "es wird nichts importiert" in shown and response["import-apply"]["disabled"] is True


def test_provider_imports_only_its_own_rows_and_steering_nothing(secure):
    app, sessions = secure
    awo = client_for(app, "awo")
    shown = " ".join(texts(preview(awo, upload(EXCEL_CSV))["import-preview"]["children"]))
    assert "nur Daten von AWO" in shown
    steering = client_for(app, "gremium")
    before = cases(sessions)
    response = preview(steering, upload(EXCEL_CSV))
    assert "Import nur für die Administration" in " ".join(texts(response["import-preview"]["children"]))
    forged = apply(steering, upload(EXCEL_CSV), {"sha256": "x", "kind": "auto"})
    assert "Import nur für die Administration" in " ".join(texts(forged["import-result"]["children"]))
    assert cases(sessions) == before


def test_template_and_full_export_downloads(secure):
    app, sessions = secure
    client = client_for(app, "chefin")
    import json

    dep_button = {"type": "import-template-button", "kind": "positions"}
    payload = {"output": "import-template-download.data",
               "outputs": {"id": "import-template-download", "property": "data"},
               "inputs": [[{"id": dep_button, "property": "n_clicks", "value": 1}]], "state": [],
               "changedPropIds": [json.dumps(dep_button, separators=(",", ":"), sort_keys=True) + ".n_clicks"]}
    data = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json",
                       headers=ORIGIN).get_json()["response"]["import-template-download"]["data"]
    workbook = load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    assert data["filename"] == "vorlage-positions.xlsx" and workbook.sheetnames == ["Stellen", "Erläuterung"]
    explanation = [row[0] for row in workbook["Erläuterung"].iter_rows(values_only=True)]
    assert "Frankenbach" in explanation and "AWO" in explanation

    response = fire(client, "import-export-download", {"import-export-button.n_clicks": 1},
                    changed="import-export-button.n_clicks", headers=ORIGIN)
    exported = load_workbook(io.BytesIO(base64.b64decode(response["import-export-download"]["data"]["content"])))
    assert exported.sheetnames == ["Stellen", "Ehrenamtsprojekte", "Fälle", "Fallzahlen", "Projektmittel",
                                   "Landesmittel des Kreises", "Erhebung Zielgruppe",
                                   "Aufgabenerledigung der Gemeinden", "IM-Stellen der Gemeinden",
                                   "Verwendungsnachweise Gemeinden", "Erläuterung"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "export", AuditEvent.target == "import/gesamtexport")) == 1
    awo = client_for(app, "awo")
    own = fire(awo, "import-export-download", {"import-export-button.n_clicks": 1},
               changed="import-export-button.n_clicks", headers=ORIGIN)
    sheet = load_workbook(io.BytesIO(base64.b64decode(own["import-export-download"]["data"]["content"])))["Fälle"]
    teams = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert teams == {"AWO"}
    viewer = client_for(app, "leser")
    refused = fire(viewer, "import-export-download", {"import-export-button.n_clicks": 1},
                   changed="import-export-button.n_clicks", headers=ORIGIN)
    assert "import-export-download" not in refused


def test_check_report_downloads_as_csv(secure):
    app, _ = secure
    client = client_for(app, "chefin")
    bad = upload(EXCEL_CSV.replace("15.10.2025", "31.13.2025"))
    response = fire(client, "import-report-download", {"import-report-csv.n_clicks": 1, "import-upload.contents": bad,
                                                        "import-upload.filename": "faelle.csv",
                                                        "import-kind.value": "auto"},
                    changed="import-report-csv.n_clicks", headers=ORIGIN)
    data = response["import-report-download"]["data"]
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    assert data["filename"] == "pruefbericht-faelle.csv"
    lines = text.splitlines()
    assert lines[0] == "Zeile;Datenart;Status;Spalte;Wert;Schlüssel;Meldung;Lösung"
    assert lines[1] == ("3;Fälle;✖ Problem;AU-Zuweisung am;31.13.2025;;ist kein gültiges Datum.;Bitte als TT.MM.JJJJ "
                        "eingeben, z. B. 31.12.2025 (oder JJJJ-MM-TT).")
    assert lines[2] == "2;Fälle;neu;;;IMP-0001;;"
    nothing = fire(client, "import-report-download", {"import-report-xlsx.n_clicks": 1},
                   changed="import-report-xlsx.n_clicks", headers=ORIGIN)
    assert "Bitte zuerst eine Datei hochladen" in " ".join(texts(nothing["import-result"]["children"]))
