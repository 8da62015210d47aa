"""Karte, Landkreis level, on the demo database (both backends): the allocation metric carries the
page "Landkreis"'s amounts to the cent (Nordheim 31.234,00 €), the IM mode has a legend in text,
utilisation needs case data (else "keine Falldaten", never 0), and the Gemeinden's case counts are
suppressed like the city's districts (a hidden count appears nowhere in the response)."""

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import select

from dashboard.model.vocabulary import IM_MODE_COLORS, IM_MODE_TEXT, NO_CASE_DATA
from dashboard.services.county import county_figures
from dashboard.services.maps import map_view
from data.db import make_session_factory, transaction
from data.schema import Area, Case, Funding, Position, Programme, Provider, ProviderKind
from tests.helpers import DEMO_DAY, find_component, fire, make_settings, texts

NORDHEIM, CLEEBRONN, BRACKENHEIM = "08125074", "08125017", "08125013"


def show(client, search):
    return fire(client, "map-graph.figure", {"map-location.search": search, "map-location.pathname": "/karte"},
                changed="map-location.search")


def traces(response):
    return [t for t in response["map-graph"]["figure"]["data"] if t["type"] == "choropleth"]


def codes(db) -> dict[str, str]:
    with make_session_factory(db)() as session:
        return dict(session.execute(select(Area.ags, Area.code).where(Area.ags.is_not(None))).all())


def test_allocation_metric_equals_the_landkreis_page_to_the_cent(client, db, tmp_path, demo_url):
    response = show(client, "?gebiet=landkreis&kennzahl=allocation")
    valued = next(t for t in traces(response) if t.get("showscale") is not False)
    with make_session_factory(db)() as session:
        fig = county_figures(session, make_settings(tmp_path, demo_url))
    by_code = codes(db)
    z = dict(zip(valued["locations"], valued["z"]))
    assert len(z) == 46 and z[by_code[NORDHEIM]] == 31234.0
    assert z == {by_code[r.ags]: float(r.amount) for r in fig.rows}
    hover = dict(zip(valued["locations"], valued["text"]))[by_code[NORDHEIM]]
    assert hover == "<b>Nordheim</b><br>Zuweisung der Landesmittel (€): 31.234,00 €"
    table = texts(find_component(response["map-tables"]["children"], "map-area-table"))
    assert "Zuweisung 2025" in table and "31.234,00 €" in table and "C – beim Landkreis" in table


def test_per_inhabitant_and_year_in_the_permalink(client, db):
    response = show(client, "?gebiet=landkreis&kennzahl=allocation_per_inhabitant&jahr=2025")
    valued = next(t for t in traces(response) if t.get("showscale") is not False)
    nordheim = dict(zip(valued["locations"], valued["text"]))[codes(db)[NORDHEIM]]
    assert nordheim.endswith("Zuweisung je Einwohner (€): 4,10 €")  # 31.234 € / 7.613 Einwohner (BKG 2013)
    chosen = fire(client, "map-graph.figure", {"map-location.search": "?gebiet=landkreis&jahr=2025",
                                               "map-location.pathname": "/karte", "map-territory.value": "landkreis",
                                               "map-level.value": "district", "map-metric.value": "im_mode"},
                  changed="map-metric.value")
    assert chosen["map-location"]["search"] == "?gebiet=landkreis&jahr=2025&kennzahl=im_mode"
    bad = show(client, "?gebiet=landkreis&kennzahl=allocation&jahr=zwanzig")
    assert any("keine Jahreszahl" in t for t in texts(bad["map-message"]["children"]))


def test_mode_metric_has_a_text_legend_and_colours_of_contrast(client, db):
    response = show(client, "?gebiet=landkreis&kennzahl=im_mode")
    names = {t["name"]: t for t in traces(response)}
    assert {"A – Eigenregie (2)", "B – Eigenregie über einen Träger (2)", "C – beim Landkreis (41)",
            "Verbund mit anderen Gemeinden (1)", "nicht im Landkreis"} <= set(names)
    verbund = names["Verbund mit anderen Gemeinden (1)"]
    assert verbund["locations"] == [codes(db)[CLEEBRONN]]
    assert verbund["colorscale"][0][1] == IM_MODE_COLORS["verbund"]
    legend = texts(find_component(response["map-tables"]["children"], "map-legend"))
    assert legend == ["A – Eigenregie: 2 Gemeinden", "B – Eigenregie über einen Träger: 2 Gemeinden",
                      "C – beim Landkreis: 41 Gemeinden", "Verbund mit anderen Gemeinden: 1 Gemeinde"]
    assert list(IM_MODE_TEXT.values()) == [line.split(":")[0] for line in legend]


def test_utilisation_without_cases_says_so_instead_of_zero(client):
    response = show(client, "?gebiet=landkreis&kennzahl=utilisation")
    assert all(t.get("showscale") is False for t in traces(response))  # nothing coloured by a value
    grey = next(t for t in traces(response) if t["name"].startswith("ohne Wert"))
    assert len(grey["locations"]) == 47
    assert all(h.endswith(NO_CASE_DATA) for h in grey["text"] if "Stadtkreis" not in h)
    assert "0 %" not in json.dumps(response)


def test_landkreis_team_cases_colour_their_gemeinden_and_small_counts_stay_hidden(client, db, tmp_path, demo_url):
    with transaction(make_session_factory(db)) as session:
        team = Provider(code="lk-im", name="IM-Team Landratsamt", short_name="LRA-Team", kind=ProviderKind.city)
        session.add(team)
        session.flush()
        session.add(Position(provider_id=team.id, programme=Programme.im, funding=Funding.land,
                             planned_fte=Decimal("1"), filled_fte=Decimal("1"), valid_from=dt.date(2025, 1, 1)))
        ids = dict(session.execute(select(Area.ags, Area.id).where(Area.ags.is_not(None))).all())
        for ags, n in ((NORDHEIM, 12), (CLEEBRONN, 2), (BRACKENHEIM, 9)):
            session.add_all([Case(pseudonym=f"lk-{ags}-{i}", district_id=ids[ags], team_id=team.id,
                                  au_assigned_on=dt.date(2024, 5, 1), opened_on=dt.date(2025, 2, 1))
                             for i in range(n)])
    with make_session_factory(db)() as session:
        view = map_view(session, make_settings(tmp_path, demo_url), territory="landkreis", metric="utilisation",
                        day=DEMO_DAY)
    by_ags = {a.ags: a for a in view.areas}
    assert by_ags[CLEEBRONN].gemeinde.cases == "×"  # 2 < 5
    assert by_ags[BRACKENHEIM].gemeinde.cases == "×"  # its partner: the Kreis total is published
    assert by_ags[NORDHEIM].gemeinde.cases == 12
    assert by_ags["08125005"].gemeinde.cases is None and by_ags["08125005"].text == NO_CASE_DATA
    for ags in (NORDHEIM, CLEEBRONN, BRACKENHEIM):  # 23 cases on 1 VZÄ at 1:90 = 25,6 %
        assert by_ags[ags].value == 25.56 and by_ags[ags].text == "26 %"
        assert by_ags[ags].team_load.teams == ("LRA-Team",)
    response = show(client, "?gebiet=landkreis&kennzahl=utilisation")
    table = find_component(response["map-tables"]["children"], "map-area-table")
    body = {texts(r)[0]: texts(r) for r in table["props"]["children"][1]["props"]["children"]}
    assert body["Cleebronn"][7] == "×" and body["Brackenheim"][7] == "×" and body["Nordheim"][7] == "12"
    assert body["Nordheim"][8] == "25,6 % (LRA-Team)" and body["Abstatt"][7] == NO_CASE_DATA
