import datetime as dt

import pytest

from dashboard.model.volunteering import (
    AGE_BANDS,
    TOPIC_TEXT,
    Cell,
    ProjectRecord,
    age_structure,
    coverage,
    month_ends,
    volunteers_over_time,
)

AREAS = ("Sozialraum 1", "Sozialraum 2", "Sozialraum 3")


def test_nine_topics_in_the_concepts_order():
    assert len(TOPIC_TEXT) == 9
    assert list(TOPIC_TEXT)[0] == "labour_market" and TOPIC_TEXT["bicycle_workshop"] == "Fahrradwerkstatt"


def test_coverage_counts_cells_totals_and_gaps():
    projects = [
        ProjectRecord("forms", "Sozialraum 1", 7),
        ProjectRecord("forms", "Sozialraum 1", 5),
        ProjectRecord("forms", "Sozialraum 3", 6),
        ProjectRecord("language", "Sozialraum 2", 9),
        ProjectRecord("housing", None, 4),  # city-wide: no Sozialraum cell, but the topic total
    ]
    c = coverage(projects, AREAS)
    assert c.cells[("forms", "Sozialraum 1")] == Cell(2, 12)
    assert c.cells[("forms", "Sozialraum 2")] == Cell(0, 0)
    assert c.topic_totals["forms"] == Cell(3, 18)
    assert c.topic_totals["housing"] == Cell(1, 4)
    assert c.citywide["housing"] == Cell(1, 4)
    assert c.area_totals == {"Sozialraum 1": Cell(2, 12), "Sozialraum 2": Cell(1, 9), "Sozialraum 3": Cell(1, 6)}
    assert c.total == Cell(5, 31)
    # 9 topics × 3 areas = 27 cells, 4 of them covered
    assert len(c.gaps) == 27 - 3
    assert ("forms", "Sozialraum 2") in c.gaps and ("forms", "Sozialraum 1") not in c.gaps
    assert c.gaps_in("Sozialraum 2") == [t for t in TOPIC_TEXT if t != "language"]
    assert c.topics_without_project == [t for t in TOPIC_TEXT if t not in ("forms", "language", "housing")]


def test_coverage_without_projects_is_all_gaps():
    c = coverage([], AREAS)
    assert c.total == Cell(0, 0) and len(c.gaps) == 27


@pytest.mark.parametrize("record, message", [
    (ProjectRecord("knitting", "Sozialraum 1", 3), "Thema"),
    (ProjectRecord("forms", "Sozialraum 9", 3), "Sozialraum"),
])
def test_coverage_refuses_unknown_keys(record, message):
    with pytest.raises(ValueError, match=message):
        coverage([record], AREAS)


def test_age_structure_sums_bands_and_shares():
    rows = [
        {"volunteers_18_29": 2, "volunteers_30_49": 3, "volunteers_50_64": 0, "volunteers_65_plus": 5},
        {"volunteers_18_29": 0, "volunteers_30_49": 1, "volunteers_50_64": 4, "volunteers_65_plus": 5},
    ]
    result = age_structure(rows)
    assert [r["volunteers"] for r in result] == [2, 4, 4, 10]
    assert [r["share_pct"] for r in result] == [10.0, 20.0, 20.0, 50.0]
    assert [r["label"] for r in result] == [label for _, label in AGE_BANDS]


def test_age_structure_of_nothing_has_no_shares():
    assert all(r["volunteers"] == 0 and r["share_pct"] is None for r in age_structure([]))


def test_month_ends_cover_the_range_and_end_on_the_day():
    days = month_ends(dt.date(2023, 11, 5), dt.date(2024, 2, 10))
    assert days == [dt.date(2023, 11, 30), dt.date(2023, 12, 31), dt.date(2024, 1, 31), dt.date(2024, 2, 10)]


def test_volunteers_over_time_counts_active_projects_inclusively():
    projects = [(dt.date(2023, 1, 1), None, 10), (dt.date(2024, 9, 1), dt.date(2024, 12, 31), 4),
                (dt.date(2025, 1, 1), None, 3)]
    days = [dt.date(2023, 6, 30), dt.date(2024, 9, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 31)]
    assert volunteers_over_time(projects, days) == [
        {"day": dt.date(2023, 6, 30), "projects": 1, "volunteers": 10},
        {"day": dt.date(2024, 9, 1), "projects": 2, "volunteers": 14},
        {"day": dt.date(2024, 12, 31), "projects": 2, "volunteers": 14},
        {"day": dt.date(2025, 1, 31), "projects": 2, "volunteers": 13},
    ]


from dashboard.model.volunteering import CITYWIDE, parse_project  # noqa: E402


def _form(**overrides):
    values = dict(name="  Sprachcafé   Böckingen ", topic="language", provider="3", district="12",
                  site="Stadtteilzentrum", bands=["2", "3", "", 4], active_from="01.03.2026",
                  active_to="")
    values.update(overrides)
    return parse_project(**values)


def test_parse_project_accepts_a_valid_form():
    form = _form()
    assert form.errors == []
    v = form.values
    assert (v.name, v.topic, v.provider_id, v.district_id, v.site) == (
        "Sprachcafé Böckingen", "language", 3, 12, "Stadtteilzentrum")
    assert v.bands == (2, 3, 0, 4) and v.volunteers == 9
    assert (v.active_from, v.active_to) == (dt.date(2026, 3, 1), None)


def test_parse_project_citywide_has_no_district():
    assert _form(district=CITYWIDE).values.district_id is None


@pytest.mark.parametrize("overrides, field, words", [
    ({"name": "   "}, "name", "Namen"),
    ({"topic": "knitting"}, "topic", "Themen"),
    ({"provider": None}, "provider", "Träger"),
    ({"district": ""}, "district", "Stadtteil"),
    ({"bands": ["-1", "0", "0", "0"]}, "volunteers_18_29", "ganze Zahl"),
    ({"bands": ["2,5", "0", "0", "0"]}, "volunteers_18_29", "ganze Zahl"),
    ({"bands": ["0", "1000", "0", "0"]}, "volunteers_30_49", "zwischen 0 und 999"),
    ({"active_from": ""}, "active_from", "Datum angeben"),
    ({"active_from": "31.02.2026"}, "active_from", "kein gültiges Datum"),
    ({"active_to": "28.02.2026"}, "active_to", "vor „Aktiv seit“"),
    ({"site": "x" * 201}, "site", "200 Zeichen"),
])
def test_parse_project_names_the_wrong_field(overrides, field, words):
    form = _form(**overrides)
    assert form.values is None
    assert [e.field for e in form.errors] == [field]
    assert words in str(form.errors[0])


def test_parse_project_reports_every_problem_at_once():
    form = _form(name="", topic=None, active_from="gestern")
    assert {e.field for e in form.errors} == {"name", "topic", "active_from"}
