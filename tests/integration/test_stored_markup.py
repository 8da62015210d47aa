"""Stored markup never runs or renders (issue 13, part 2).

Payloads go into one demo database through the real paths — the ingest API (a Träger token), the CLI
import and the edit forms over HTTP — and come out of every sink: the folium map file (parsed: no
injected element, attribute or script), the Jahresbericht and the Sitzungsunterlage (built, the
payload readable literally, no link), CSV/XLSX downloads (no formula cell, headers included) and
the Dash page JSON (plain strings, never components). Formula text, bidi-override and zero-width
characters are refused by the API, the CLI and the forms alike, with the same German message.
Formula text that is already stored (from before the rule) stands in for "=HYPERLINK" in the
downloads."""

from __future__ import annotations

import base64
import csv
import io
import json
from html.parser import HTMLParser

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.cli import main
from data import tokens
from data.db import make_engine, make_session_factory, transaction
from tests.helpers import components, fire, fire_download, make_settings, texts

SCRIPT = "</script><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BOLD = "<b>fett</b>"
LINK = '<a href="http://evil">x</a>'
FORMULA = '=HYPERLINK("http://evil","x")'
TEMPLATE = "`${alert(2)}` \\"  # folium writes popups and tooltips into JavaScript template literals
MARKUP = (SCRIPT, IMG, BOLD, LINK)
SLIDERS = {"scen-ratio.value": 90}
LIVE = {"kind": "live", "day": "2026-11-22", "revision": 1}


def _post(client, path, rows, token):
    return client.post(f"/api/v1/{path}", data=json.dumps({"rows": rows}),
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def _project(name, site, district="Alt-Böckingen", provider="AWO"):
    return {"Projektname": name, "Thema": "Sprachgruppen", "Träger": provider, "Stadtteil": district, "Ort": site,
            "Ehrenamtliche 30–49": 2, "Aktiv seit": "01.03.2026"}


def _save_project(client, db, name, site="Gemeindehaus"):
    with db.connect() as conn:
        provider = conn.execute(text("SELECT id FROM providers WHERE code = 'diakonie'")).scalar_one()
        district = conn.execute(text("SELECT id FROM areas WHERE name = 'Sontheim-Ost'")).scalar_one()
    sent = {"volunteering-edit-save.n_clicks": 1, "volunteering-edit-project.value": "new",
            "volunteering-edit-name.value": name, "volunteering-edit-topic.value": "housing",
            "volunteering-edit-provider.value": str(provider), "volunteering-edit-district.value": str(district),
            "volunteering-edit-site.value": site, "volunteering-edit-band-30-49.value": "2",
            "volunteering-edit-from.value": "01.10.2026", "volunteering-edit-to.value": ""}
    response = fire(client, "volunteering-edit-result", sent, changed="volunteering-edit-save.n_clicks")
    return " ".join(texts(response["volunteering-edit-result"]["children"]))


def _save_scenario(client, name):
    response = fire(client, "scen-save-message.children", {"scen-save.n_clicks": 1, "scen-ref.data": LIVE,
                                                           "scen-changes.data": [], "scen-name.value": name,
                                                           **SLIDERS})
    return " ".join(texts(response["scen-save-message"]["children"]))


@pytest.fixture(scope="module")
def stored(tmp_path_factory, db_templates):
    """A demo database holding the payloads, written through the API, the CLI and the forms."""
    folder = tmp_path_factory.mktemp("markup")
    url = db_templates.sqlite(folder / "markup.sqlite3")
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        _, token = tokens.create(session, provider_code="awo", name="Fachverfahren AWO", actor="chefin")
    client = create_app(make_settings(folder, url)).server.test_client()
    client.environ_base["HTTP_X_REMOTE_USER"] = "gremium"
    api = {
        "projects": [_project(SCRIPT, IMG), _project(BOLD, LINK, "Böckingen-West")],
        "positions": [{"Träger": "AWO", "Programm": "Integrationsmanagement", "Finanzierung": "Land",
                       "Gültig ab": "01.01.2026", "VZÄ Soll": "0,5", "VZÄ besetzt": "0,5", "Standort": BOLD,
                       "Bezeichnung": SCRIPT, "Anmerkung": LINK, "Förderung bis": "31.12.2027"}],
        "ledger": [{"Jahr": 2026, "Träger": "AWO", "Art": "Ausgabe", "Betrag": "5,00", "Datum": "02.06.2026",
                    "Zweck": SCRIPT}],
    }
    for path, rows in api.items():
        response = _post(client, path, rows, token)
        assert response.status_code == 200, (path, response.get_json())
    upload = folder / "projekte.csv"
    with upload.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Projektname", "Thema", "Träger", "Stadtteil", "Ort", "Ehrenamtliche 18–29", "Aktiv seit"])
        writer.writerow([LINK, "Hausaufgabenunterstützung", "Caritas", "Frankenbach", BOLD, "3", "01.04.2026"])
        writer.writerow([IMG + " CLI", "Hausaufgabenunterstützung", "Caritas", "Frankenbach", SCRIPT, "1", "01.04.2026"])
        writer.writerow([TEMPLATE, "Sprachgruppen", "Caritas", "Frankenbach", "", "1", "01.04.2026"])
    transfer = folder / "buchungen.csv"
    with transfer.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Jahr", "Träger", "Art", "Betrag", "Datum", "Zweck", "An Träger", "Beschluss vom",
                         "Aktenzeichen / TOP"])
        writer.writerow([2026, "AWO", "Übertragung", "10,00", "01.06.2026", IMG, "Caritas", "01.05.2026", LINK])
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", url)
        env.setenv("IMC_INSTANCE_PATH", str(folder))
        assert main(["import", str(upload)]) == 0
        assert main(["import", str(transfer)]) == 0
    assert "angelegt" in _save_project(client, engine, f"Form {IMG}", SCRIPT)
    for name in (IMG, BOLD, "Altbestand"):
        assert "Gespeichert" in _save_scenario(client, name)
    with engine.begin() as conn:  # text stored before the rule existed (the forms refuse it now)
        conn.execute(text("UPDATE scenarios SET name = :n WHERE name = 'Altbestand'"), {"n": FORMULA})
        conn.execute(text("UPDATE volunteer_projects SET site = :n WHERE name = 'Treffpunkt Deutsch'"), {"n": FORMULA})
    yield {"client": client, "token": token, "url": url, "folder": folder, "engine": engine}
    engine.dispose()


# --- refused on the way in ---------------------------------------------------------------------------

REFUSED = [(FORMULA, "beginnt wie eine Formel"), ("Sprach\u202ecafé", "Schreibrichtung"),
           ("Sprach\u200bcafé", "ohne Breite"), ("@SUMME(A1)", "beginnt wie eine Formel")]


@pytest.mark.parametrize("value, fragment", REFUSED)
def test_the_api_refuses_what_the_forms_refuse(stored, value, fragment):
    response = _post(stored["client"], "projects", [_project(value, "Ort")], stored["token"])
    assert response.status_code == 422
    [found] = response.get_json()["problems"]
    assert found["column"] == "Projektname" and found["row"] == 1 and fragment in found["text"]
    assert "Bitte" in found["fix"]
    message = _save_project(stored["client"], stored["engine"], value)
    assert "Nicht gespeichert" in message and fragment in message and "Name:" in message
    assert fragment in _save_scenario(stored["client"], value)


@pytest.mark.parametrize("value, fragment", REFUSED[:3])
def test_the_personal_and_projektmittel_forms_refuse_it(stored, value, fragment):
    with stored["engine"].connect() as conn:
        position = conn.execute(text("SELECT p.id FROM positions p JOIN providers t ON t.id = p.provider_id "
                                     "WHERE t.code = 'awo' ORDER BY p.id")).scalars().first()
        caritas = conn.execute(text("SELECT id FROM providers WHERE code = 'caritas'")).scalar_one()
    sent = {"staffing-edit-save.n_clicks": 1, "staffing-date.date": "2026-11-22",
            "staffing-edit-position.value": str(position), "staffing-edit-planned.value": "0,5",
            "staffing-edit-filled.value": "0,5", "staffing-edit-site.value": value}
    response = fire(stored["client"], "staffing-edit-result", sent, changed="staffing-edit-save.n_clicks")
    message = " ".join(texts(response["staffing-edit-result"]["children"]))
    assert "Standort: Der Text" in message and fragment in message
    sent = {"funds-expense-submit.n_clicks": 1, "funds-year.value": "2026", "funds-expense-provider.value": str(caritas),
            "funds-expense-date.date": "2026-11-22", "funds-expense-amount.value": "1,00",
            "funds-expense-purpose.value": value}
    response = fire(stored["client"], "funds-expense-message", sent, changed="funds-expense-submit.n_clicks")
    message = " ".join(texts(response["funds-expense-message"]["children"]))
    assert "Zweck: Der Text" in message and fragment in message


@pytest.mark.parametrize("value, fragment", REFUSED[:3])
def test_the_cli_import_refuses_it_too(stored, tmp_path, capsys, value, fragment):
    upload = tmp_path / "projekte.csv"
    upload.write_text(f"Projektname;Thema;Träger;Aktiv seit\n{value};Sprachgruppen;AWO;01.03.2026\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", stored["url"])
        env.setenv("IMC_INSTANCE_PATH", str(stored["folder"]))
        assert main(["import", str(upload)]) == 1
    assert fragment in capsys.readouterr().err


# --- the folium map file -------------------------------------------------------------------------------

class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers, self.scripts, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def test_the_folium_map_file_runs_no_payload(stored):
    response = fire(stored["client"], "map-download.data", {"map-download-button.n_clicks": 1,
                                                            "map-location.search": "?kennzahl=projects"},
                    changed="map-download-button.n_clicks")
    page = response["map-download"]["data"]["content"]
    parsed = _Elements()
    parsed.feed(page)
    assert parsed.handlers == [] and "img" not in parsed.tags and "a" not in parsed.tags
    assert not any(s.strip().startswith("alert") for s in parsed.scripts)
    for payload in MARKUP:
        assert payload not in page, payload
    assert "${alert(2)}" not in page and "&#96;&#36;{alert(2)}&#96; &#92;" in page
    # the names are there, shown as text: escaped for HTML inside the JS literals of popups and tooltips
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;fett&lt;/b&gt;" in page and "&lt;a href=&quot;http://evil&quot;&gt;x&lt;/a&gt;" in page


# --- the PDF reports ----------------------------------------------------------------------------------

def _pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        return "".join("".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))
    finally:
        document.close()


def _report(client, **sent):
    button = "reports-annual-submit" if "reports-year.value" in sent else "reports-meeting-submit"
    response = fire(client, "reports-download", {f"{button}.n_clicks": 1, **sent}, changed=f"{button}.n_clicks")
    assert "reports-download" in response, texts(response)
    return base64.b64decode(response["reports-download"]["data"]["content"])


def test_the_reports_show_the_payloads_as_text(stored):
    with stored["engine"].connect() as conn:
        chosen = [str(i) for i in conn.execute(text("SELECT id FROM scenarios ORDER BY id")).scalars()]
    annual = _report(stored["client"], **{"reports-year.value": "2026"})
    meeting = _report(stored["client"], **{"reports-meeting-date.date": "2026-12-03",
                                           "reports-meeting-body.value": "coordination",
                                           "reports-meeting-scenarios.value": chosen})
    for content in (annual, meeting):
        assert b"/URI" not in content and b"/Link" not in content  # no link annotation
        found = _pdf_text(content)
        for payload in (BOLD, LINK):  # the Träger's site and the transfer's Aktenzeichen, literally
            assert "".join(payload.split()) in found, payload
    found = _pdf_text(meeting)
    assert "".join(IMG.split()) in found and "".join(FORMULA.split()) in found  # the scenarios' names


# --- CSV and XLSX ---------------------------------------------------------------------------------------

DOWNLOADS = [("scenarios", "comparison", "?vergleich=1,2,3"), ("volunteering", "projects", "?stichtag=2026-11-22"),
             ("funds", "ledger", "?jahr=2026"), ("staffing", "stellenplan", "?stichtag=2026-11-22")]


def _xlsx_cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("page, table, search", DOWNLOADS)
def test_downloads_hold_no_formula_not_even_in_headers(stored, page, table, search):
    csv_text = base64.b64decode(fire_download(stored["client"], page, table, "csv", search)["content"]).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(csv_text), delimiter=";") for c in row]
    assert not [c for c in cells if c[:1] in ("=", "@")]
    cells = _xlsx_cells(base64.b64decode(fire_download(stored["client"], page, table, "xlsx", search)["content"]))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in ("=", "@")]
    if page == "scenarios":
        headers = [c for c in csv_text.splitlines()[0].split(";")]
        assert "'" + FORMULA.replace('"', '""') in csv_text.splitlines()[0] or any(
            h.strip('"').startswith("'=") for h in headers)


def test_the_full_export_keeps_formula_text_as_text(stored, tmp_path):
    out = tmp_path / "alles.xlsx"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", stored["url"])
        env.setenv("IMC_INSTANCE_PATH", str(stored["folder"]))
        assert main(["export", "--all", str(out)]) == 0
    cells = _xlsx_cells(out.read_bytes())
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert FORMULA in [c.value for c in cells]  # unchanged text: the export reads back as it was


# --- the pages -----------------------------------------------------------------------------------------

def test_pages_show_the_payloads_as_plain_strings(stored):
    response = fire(stored["client"], "volunteering-kpis", {"volunteering-location.search": "?stichtag=2026-11-22",
                                                            "volunteering-location.pathname": "/ehrenamt"},
                    changed="volunteering-location.search")
    strings = texts(response["volunteering-content"]["children"])
    for payload in (SCRIPT, IMG, BOLD, LINK):
        assert payload in strings, payload
    kinds = {c["type"] for c in components(response)}
    assert not kinds & {"Script", "Img", "Iframe", "ObjectEl", "Embed"}
    links = [c for c in components(response) if c["type"] == "A"]
    assert not [a for a in links if "evil" in json.dumps(a)]
    figure = fire(stored["client"], "map-graph.figure", {"map-location.search": "?kennzahl=projects",
                                                         "map-location.pathname": "/karte"},
                  changed="map-location.search")
    hover = json.dumps(figure["map-graph"]["figure"], ensure_ascii=False)
    assert SCRIPT in texts(figure["map-tables"]["children"])  # the project table beside the map: a string
    for payload in MARKUP:  # plotly renders <b>, <a href> … in hover texts: they arrive escaped
        assert json.dumps(payload)[1:-1] not in hover, payload
    assert "&lt;b&gt;fett&lt;/b&gt;" in hover


def test_the_staffing_page_shows_the_label_as_text(stored):
    response = fire(stored["client"], "staffing-kpis", {"staffing-location.search": "?stichtag=2026-11-22",
                                                        "staffing-location.pathname": "/personal"})
    graphs = [c for c in components(response) if c["type"] == "Graph"]
    hover = json.dumps([g["props"].get("figure") for g in graphs], ensure_ascii=False)
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in hover  # the post's Bezeichnung, escaped
    at = hover.find(json.dumps(SCRIPT)[1:-1])
    assert at < 0, hover[max(0, at - 400):at + 60]
    assert BOLD in texts(response)  # the site in the Stellenplan table: a plain string
