"""The Sitzung model (dashboard/model/meeting.py) on hand-built meetings."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from dashboard.model.meeting import (
    Meeting,
    MeetingItem,
    check_meeting,
    file_name,
    first_url,
    group_items,
    neighbour_urls,
    parse_interval,
    parse_step,
    step_url,
)

PAGES = {"/": ("kennzahlen", "auslastung", "teams"), "/fallzahlen": ("kennzahlen", "verlauf"),
         "/szenarien": ("auslastung", "vergleich")}
DAY = dt.date(2026, 12, 10)
ITEMS = (MeetingItem("/", {"stichtag": "2026-11-30"}, ("kennzahlen", "teams")),
         MeetingItem("/fallzahlen", {}, ()),
         MeetingItem("/szenarien", {"id": "4", "vergleich": "4"}, ("vergleich",), "Szenario „Caritas +0,5“"))


def meeting(**changes) -> Meeting:
    values = dict(day=DAY, body="steering", title="Sitzung Dezember", items=ITEMS, interval=None, id=7)
    values.update(changes)
    return Meeting(**values)


def test_a_good_meeting_has_no_problems():
    assert check_meeting(meeting(), PAGES) == []
    assert check_meeting(meeting(interval=10), PAGES) == []
    assert check_meeting(meeting(interval=600), PAGES) == []


def test_each_problem_is_named_in_german():
    assert check_meeting(meeting(day=None), PAGES) == ["Bitte den Sitzungstag angeben (TT.MM.JJJJ)."]
    assert check_meeting(meeting(items=()), PAGES) == [
        "Die Sitzung hat keine Folien: bitte mindestens eine Folie ankreuzen."]
    (too_fast,) = check_meeting(meeting(interval=9), PAGES)
    assert "alle 10 bis 600 s (angegeben: 9 s)" in too_fast
    (too_slow,) = check_meeting(meeting(interval=601), PAGES)
    assert "(angegeben: 601 s)" in too_slow
    (unknown,) = check_meeting(meeting(items=(MeetingItem("/gibt-es-nicht"),)), PAGES)
    assert unknown.startswith("Schritt 1: die Seite „/gibt-es-nicht“ gibt es nicht")
    (slide,) = check_meeting(meeting(items=(ITEMS[0], MeetingItem("/", {}, ("karte",)))), PAGES)
    assert slide.startswith("Schritt 2: die Folie(n) karte gibt es auf „/“ nicht")
    (body,) = check_meeting(meeting(body="stadtrat"), PAGES)
    assert "Unbekanntes Gremium „stadtrat“" in body and "Steuerungsgremium oder Koordinierungskreis" in body
    assert check_meeting(meeting(title="  "), PAGES) == ["Bitte der Sitzung einen Titel geben, z. B. „Sitzung Dezember“."]


def test_step_url_carries_the_page_state_the_meeting_and_the_step():
    url = step_url(7, ITEMS[0], 1)
    parts = urlsplit(url)
    assert parts.path == "/"
    assert parse_qs(parts.query) == {"stichtag": ["2026-11-30"], "praesentation": ["1"], "sitzung": ["7"],
                                     "schritt": ["1"], "folie": ["kennzahlen"]}
    assert step_url(7, ITEMS[1], 2) == "/fallzahlen?praesentation=1&sitzung=7&schritt=2"


def test_previous_and_next_step():
    m = meeting()
    assert first_url(m) == step_url(7, ITEMS[0], 1)
    assert neighbour_urls(m, 1) == (None, "/fallzahlen?praesentation=1&sitzung=7&schritt=2")
    before, after = neighbour_urls(m, 2)
    assert before == step_url(7, ITEMS[0], 1)
    assert after == "/szenarien?id=4&vergleich=4&praesentation=1&sitzung=7&schritt=3&folie=vergleich"
    assert neighbour_urls(m, 3) == ("/fallzahlen?praesentation=1&sitzung=7&schritt=2", None)


def test_parse_step():
    assert parse_step(None, 3) == (1, None)
    assert parse_step("2", 3) == (2, None)
    step, hint = parse_step("zwei", 3)
    assert step == 1 and hint.startswith("Der Schritt „zwei“ in der Adresse ist keine Zahl")
    assert "schritt=1 bis schritt=3" in hint
    step, hint = parse_step("9", 3)
    assert step == 3 and hint == "Die Sitzung hat 3 Schritte, nicht 9; gezeigt wird Schritt 3."
    assert parse_step("0", 3)[0] == 1


def test_group_items_joins_consecutive_slides_of_one_page():
    picked = [("/", {}, "kennzahlen", ""), ("/", {}, "teams", ""), ("/fallzahlen", {}, "verlauf", ""),
              ("/", {}, "auslastung", ""), ("/szenarien", {"id": "4"}, None, "Szenario")]
    assert group_items(picked) == (MeetingItem("/", {}, ("kennzahlen", "teams")),
                                   MeetingItem("/fallzahlen", {}, ("verlauf",)),
                                   MeetingItem("/", {}, ("auslastung",)),
                                   MeetingItem("/szenarien", {"id": "4"}, (), "Szenario"))


def test_items_round_trip_through_json_dicts():
    assert tuple(MeetingItem.from_dict(i.to_dict()) for i in ITEMS) == ITEMS


def test_interval_and_file_name():
    assert parse_interval("") is None
    assert parse_interval("60") == 60
    try:
        parse_interval("eine Minute")
    except ValueError as error:
        assert "keine Anzahl Sekunden" in str(error)
    else:
        raise AssertionError("no error")
    assert file_name(meeting()) == "sitzungsunterlage-steuerungsgremium-2026-12-10.pdf"
    assert file_name(meeting(body="coordination")) == "sitzungsunterlage-koordinierungskreis-2026-12-10.pdf"
