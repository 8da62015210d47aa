"""Two Landkreise in one installation (the demo's Heilbronn and Lörrach): the page picks the Kreis
from `?kreis=` (kept in the URL), answers an unknown Kreis in German, and shows and downloads the
structure view "Wer macht IM wo" as the Lörrach agreement of 17.05.2018 sets it out."""

import base64

from tests.helpers import find_component, fire, fire_download, texts

PATH = "/landkreis"


def show(client, search="", changed=None, **values):
    sent = {"county-location.search": search, "county-location.pathname": PATH,
            **{f"county-{k.replace('_', '-')}.value": v for k, v in values.items()}}
    return fire(client, "county-content.children", sent, changed=changed)


def test_kreis_from_the_url_shows_loerrach_and_the_selector(client):
    response = show(client, "?kreis=08336")
    content = texts(response["county-content"]["children"])
    assert "1.045.200 €" in content and "Landkreis Lörrach" in content and "1.560" in content
    table = find_component(response["county-content"]["children"], "county-table")
    assert len(table["props"]["children"][1]["props"]["children"]) == 35
    assert response["county-kreis"]["options"] == [{"label": "Landkreis Heilbronn", "value": "08125"},
                                                  {"label": "Landkreis Lörrach", "value": "08336"}]
    assert response["county-kreis-field"]["style"] == {}
    assert response["county-location"]["search"] == "?kreis=08336&jahr=2025"


def test_choosing_the_kreis_writes_it_into_the_url(client):
    response = show(client, "?gemeinde=08125074&jahr=2025&kreis=08125", changed="county-kreis.value",
                    kreis="08336")
    assert "kreis=08336" in response["county-location"]["search"]
    assert "Landkreis Lörrach" in texts(response["county-content"]["children"])
    assert response["county-gemeinde"]["value"] == "08336004"  # Heilbronn's Nordheim is not in Lörrach: first one


def test_unknown_kreis_is_answered_in_german(client):
    response = show(client, "?kreis=Entenhausen")
    messages = " ".join(texts(response["county-message"]["children"]))
    assert "„Entenhausen“ gibt es in dieser Installation nicht" in messages and "kreis=08336" in messages
    assert "1.499.911 €" in texts(response["county-content"]["children"])  # the first Kreis instead


def _rows(table):
    return [texts(row) for row in table["props"]["children"][1]["props"]["children"]]


def test_structure_view_follows_the_loerrach_agreement(client):
    content = show(client, "?kreis=08336")["county-content"]["children"]
    a = {r[0]: r for r in _rows(find_component(content, "county-structure-a"))}
    assert a["Rheinfelden (Baden)"][1:3] == ["Eigenregie im Verbund", "Rheinfelden (Baden), Schwörstadt"]
    assert set(a) == {"Rheinfelden (Baden)", "Grenzach-Wyhlen", "Efringen-Kirchen",
                      "Gemeindeverwaltungsverband Vorderes Kandertal"}
    assert a["Gemeindeverwaltungsverband Vorderes Kandertal"][2] == ("Binzen, Eimeldingen, Fischingen, Rümmingen, "
                                                                   "Schallbach, Wittlingen")
    b = {r[0]: r for r in _rows(find_component(content, "county-structure-b"))}
    assert b["Lörrach"][3] == "Welcome-Center mit Caritasverband Lörrach und Diakonisches Werk Lörrach"
    assert b["Weil am Rhein"][3] == "Diakonisches Werk Lörrach"
    (c,) = _rows(find_component(content, "county-structure-c"))
    assert c[0] == "Landkreis" and c[3] == "Caritasverband Lörrach und Diakonisches Werk Lörrach"
    assert len(c[2].split(", ")) == 35 - 4 - 6 - 2  # all the others: not A (4 + the GVV's 6), not B (2)
    assert c[4] == "01.06.2018" and "17.05.2018, Ziff. 2 C" in c[5]


def test_structure_download_per_kreis(client):
    data = fire_download(client, "county", "structure", "csv", search="?kreis=08336")
    text = base64.b64decode(data["content"]).decode("utf-8-sig") if data.get("base64") else data["content"]
    assert "Landkreis Lörrach" in text and "Gemeindeverwaltungsverband Vorderes Kandertal" in text
    assert "Binzen, Eimeldingen, Fischingen, Rümmingen, Schallbach, Wittlingen" in text
    assert "Nordheim" not in text
