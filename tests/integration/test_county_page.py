"""Page Landkreis over HTTP on the demo database (both backends): the callback shows the seed's
amounts, keeps its state in the URL, answers bad URL values in German, and the download carries the
same figures to the cent."""

import base64
import io

from openpyxl import load_workbook

from tests.helpers import find_component, fire, fire_download, import_text, texts

PATH = "/landkreis"


def show(client, search="", changed=None, **values):
    sent = {"county-location.search": search, "county-location.pathname": PATH,
            **{f"county-{k.replace('_', '-')}.value": v for k, v in values.items()}}
    return fire(client, "county-content.children", sent, changed=changed)


def test_page_shows_nordheim_31234_euro_and_its_eigenregie_gap(client):
    response = show(client, "?gemeinde=08125074")
    content = texts(response["county-content"]["children"])
    assert "1.499.911 €" in content and "2.209" in content and "679,00 €" in content
    detail = response["county-detail"]["children"]
    assert "Eigenregie-Prüfung: Nordheim" in texts(detail)
    check = texts(find_component(detail, "county-check"))
    assert "31.234,00 €" in check and "✖ es fehlen 6.266,00 € im Jahr" in check
    assert response["county-location"]["search"] == "?gemeinde=08125074&jahr=2025&kreis=08125"


def test_table_rows_add_up_to_the_funds_with_the_remainder(client):
    response = show(client, "?mittel=-10")
    table = find_component(response["county-content"]["children"], "county-table")
    body = [texts(row) for row in table["props"]["children"][1]["props"]["children"]]
    assert len(body) == 46
    nordheim = next(r for r in body if r[0] == "Nordheim")
    assert nordheim[1:4] == ["C Landkreis", "46", "31.234,00 €"]
    assert any("Landesmittel 2026 angenommen: 1.349.920 € (-10,0 % gegenüber 2025)" in t
               for t in texts(response["county-content"]))


def test_moving_the_knob_writes_only_the_knob_into_the_url(client):
    response = show(client, "?gemeinde=08125017", changed="county-funds-pct.value", funds_pct=20)
    assert response["county-location"]["search"] == "?gemeinde=08125017&mittel=20&jahr=2025&kreis=08125"


def test_bad_url_values_are_answered_in_german_and_the_page_still_shows(client):
    response = show(client, "?jahr=zwanzig&mittel=500&gemeinde=Nordheim")
    messages = " ".join(texts(response["county-message"]["children"]))
    assert "keine Jahreszahl" in messages and "-50 bis 50" in messages and "Gemeindeschlüssel" in messages
    assert "1.499.911 €" in texts(response["county-content"]["children"])


def test_download_has_every_gemeinde_to_the_cent_and_the_remainder(client):
    data = fire_download(client, "county", "allocation", "xlsx", search="?mittel=-10")
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["content"]))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "AGS")
    body = rows[header + 1:]
    nordheim = next(r for r in body if r[1] == "Nordheim")
    assert nordheim[0] == "08125074" and float(nordheim[5]) == 31234.00
    remainder = next(r for r in body if r[1] == "Rundungsrest (beim Kreis)")
    amounts = [float(r[5]) for r in body if r[5] is not None and r[1] != "Rundungsrest (beim Kreis)"]
    assert round(sum(amounts) + float(remainder[5]), 2) == 1499911.00


def test_proofs_of_use_show_status_as_icon_text_and_colour(client):
    response = fire(client, "county-proofs.children", {"county-year.value": "2025"})
    section = response["county-proofs"]["children"]
    table = find_component(section, "county-proofs-table")
    body = [texts(row) for row in table["props"]["children"][1]["props"]["children"]]
    assert [r[0].split(" (")[0] for r in body] == ["Bad Rappenau", "Brackenheim", "Cleebronn", "Eppingen",
                                                   "Neckarsulm"]
    brackenheim = next(r for r in body if r[0] == "Brackenheim (A Eigenregie)")
    assert brackenheim[2:5] == ["✔ eingegangen", "27.02.2026", "71.250,00 €"]
    assert next(r for r in body if r[0] == "Cleebronn (Verbund)")[2] == "✖ fehlt"
    assert "3 eingegangen, 2 fehlen" in " ".join(texts(section))
    assert "text-bg-danger" in str(section) and "text-bg-success" in str(section)


def test_a_proof_imported_after_a_view_shows_on_the_next_one(client, sessions):
    """The list comes from the figures cache: the import's new data revision brings the new proof."""
    def cleebronn():
        table = find_component(fire(client, "county-proofs.children", {"county-year.value": "2025"}),
                               "county-proofs-table")
        return next(texts(r) for r in table["props"]["children"][1]["props"]["children"]
                    if texts(r)[0] == "Cleebronn (Verbund)")

    assert cleebronn()[2] == cleebronn()[2] == "✖ fehlt"
    assert import_text(sessions, "Gemeinde;Jahr;Eingegangen am;Verwendete Mittel;Vermerk\r\n"
                                 "Cleebronn;2025;20.04.2026;10.850,00;nachgereicht\r\n", "nachweise.csv").applied
    assert cleebronn()[2:5] == ["✔ eingegangen", "20.04.2026", "10.850,00 €"]


def test_the_pdf_button_sends_the_gesamtverwendungsnachweis(client):
    response = fire(client, "county-report-download.data", {"county-year.value": "2025",
                                                              "county-report-submit.n_clicks": 1},
                    changed="county-report-submit.n_clicks")
    sent = response["county-report-download"]["data"]
    assert sent["filename"] == "gesamtverwendungsnachweis-heilbronn-2025.pdf"
    assert base64.b64decode(sent["content"]).startswith(b"%PDF")
    assert "Seiten" in " ".join(texts(response["county-report-message"]["children"]))
    refused = fire(client, "county-report-download.data", {"county-year.value": "2031",
                                                             "county-report-submit.n_clicks": 1},
                   changed="county-report-submit.n_clicks")
    assert "keine Landesmittel" in " ".join(texts(refused["county-report-message"]["children"]))
