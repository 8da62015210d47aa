"""The scenario file read with pydantic: every change kind one class, files read back identically,
garbage refused with one German `ScenarioError` naming the field (issue 14)."""

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest

from dashboard.model.scenarios import (
    AddPost,
    Baseline,
    CaseGroup,
    CaseInflow,
    Change,
    ClosureRate,
    CostPerFte,
    District,
    EligibilityLimit,
    EndPost,
    FundsState,
    FundsTransfer,
    Inflow,
    IntakeStop,
    LandFunds,
    Money,
    MoveFte,
    Post,
    ReassignDistrict,
    Scenario,
    ScenarioError,
    SetRatio,
    Team,
    TeamInflow,
    baseline_from_dict,
    baseline_to_dict,
    change_from_dict,
    changes_from_list,
    changes_to_list,
    scenario_from_dict,
    scenario_to_dict,
)
from dashboard.model.scenarios.changes import CHANGE_TYPES, TOPICS

DAY = dt.date(2026, 11, 22)

EVERY_KIND = (
    MoveFte("stadt", "caritas", 0.4, start=dt.date(2027, 3, 15)),
    AddPost("awo", 1.0, "im", "church", dt.date(2027, 7, 1), dt.date(2029, 1, 31), 70),
    EndPost("p2", dt.date(2028, 5, 31)),
    SetRatio(85, "awo"),
    ReassignDistrict("bo", "caritas", dt.date(2027, 1, 1)),
    CaseInflow(4.5),
    TeamInflow("awo", 1.5),
    ClosureRate(2.0),
    EligibilityLimit(4),
    IntakeStop(),
    LandFunds(-10.0),
    CostPerFte(Decimal("80000"), 2.5),
    FundsTransfer("awo", "caritas", Decimal("800.00")),
)


def rich_baseline() -> Baseline:
    return Baseline(
        as_of=DAY,
        teams=(
            Team("caritas", "Caritas", uses_catchment=True),
            Team("stadt", "Stadt", "city", True),
            Team("awo", "AWO"),
        ),
        posts=(
            Post("p1", "caritas", "im", "land", 3.0),
            Post("p2", "stadt", "im", "land", 2.0, 2.5, dt.date(2025, 1, 1), dt.date(2029, 6, 30), 80, "Stelle A"),
            Post("p3", "awo", "im", "church", 1.5),
        ),
        districts=(
            District("fb", "Frankenbach", "Sozialraum 2", "caritas"),
            District("ks", "Kernstadt", "Sozialraum 1", "stadt"),
            District("bo", "Böckingen", "Sozialraum 1", "stadt"),
        ),
        cases=(
            CaseGroup(None, "fb", dt.date(2026, 11, 1), True, 300),
            CaseGroup(None, "ks", dt.date(2025, 4, 1), False, 90),
            CaseGroup("awo", "ks", dt.date(2024, 3, 1), True, 30),
            CaseGroup(None, "bo", dt.date(2024, 3, 1), False, 40),
            CaseGroup(None, None, dt.date(2025, 3, 1), False, 7),
        ),
        inflows=(Inflow(None, "fb", 2.5), Inflow("awo", None, 1.25), Inflow(None, "bo", 0.6667)),
        closure_rate_pct=1.3,
        new_case_lag_months=7,
        limit_years=3,
        staff_ratio=90,
        ok_max=100.0,
        attention_max=110.0,
        money=Money(Decimal("75000"), Decimal("20.0"), Decimal("68000"), Decimal("1.5")),
        funds=(
            FundsState("caritas", Decimal("5000.00"), Decimal("1000.00")),
            FundsState("awo", Decimal("5000.00"), Decimal("4500.00"), Decimal("10.00"), Decimal("20.00")),
        ),
        source="Test",
        small_count_threshold=3,
    )


def written() -> dict:
    """A file as the page exports it (through JSON, like the download)."""
    scenario = Scenario(
        "Test", rich_baseline(), EVERY_KIND, author="anna", created_at="2026-11-22T10:00:00+00:00", note="Notiz"
    )
    return json.loads(json.dumps(scenario_to_dict(scenario)))


def test_every_change_kind_is_one_registered_class():
    assert list(CHANGE_TYPES) == [
        "move_fte",
        "add_post",
        "end_post",
        "set_ratio",
        "reassign_district",
        "case_inflow",
        "team_inflow",  # issue 19: one team's inflow
        "closure_rate",
        "eligibility_limit",
        "intake_stop",  # issue 19: Aufnahmestopp, waiting cases apart
        "land_funds",
        "cost_per_fte",
        "funds_transfer",
    ]
    assert [type(c) for c in EVERY_KIND] == list(CHANGE_TYPES.values())
    for kind, cls in CHANGE_TYPES.items():
        assert cls.kind == kind and cls.label and cls.topic in TOPICS
        assert "apply" in vars(cls) and cls.describe is not Change.describe


def test_a_file_reads_back_identically():
    data = written()
    again = scenario_from_dict(copy.deepcopy(data))
    assert again.changes == EVERY_KIND
    assert again.baseline == rich_baseline()
    assert scenario_to_dict(again) == data
    assert again.run().to_dict() == Scenario("x", rich_baseline(), EVERY_KIND).run().to_dict()


def test_the_stored_parts_read_back_identically():
    stored = json.loads(
        json.dumps({"baseline": baseline_to_dict(rich_baseline()), "changes": changes_to_list(EVERY_KIND)})
    )
    assert baseline_to_dict(baseline_from_dict(stored["baseline"])) == stored["baseline"]
    assert changes_from_list(stored["changes"]) == EVERY_KIND


def test_null_is_a_missing_field():
    change = change_from_dict({"type": "add_post", "team": "awo", "fte": 1, "programme": None, "start": None}, "")
    assert change == AddPost("awo", 1.0)
    with pytest.raises(ScenarioError) as caught:
        change_from_dict({"type": "add_post", "team": None, "fte": 1}, "changes[3]")
    assert caught.value.field == "changes[3].team" and caught.value.detail == "Pflichtfeld fehlt."


def test_form_values_read_like_the_file():
    """The page's forms send text: decimal comma, a date picker's timestamp; errors name the bare field."""
    change = change_from_dict(
        {"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": "0,5", "start": "2027-01-01T00:00:00"},
        "",
    )
    assert change == MoveFte("stadt", "caritas", 0.5, start=dt.date(2027, 1, 1))
    with pytest.raises(ScenarioError) as caught:
        change_from_dict({"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": "viel"}, "")
    assert caught.value.field == "fte" and caught.value.detail == "„viel“ ist keine Zahl."
    with pytest.raises(ScenarioError) as caught:
        change_from_dict({"from_team": "stadt"}, "")
    assert caught.value.field == "type" and caught.value.detail == "Pflichtfeld fehlt."


def _set(*path, value):
    def edit(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _drop(*path):
    def edit(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


@pytest.mark.parametrize(
    "edit, field, words",
    [
        # unknown kinds, missing and unknown fields
        (
            _set("changes", 0, "type", value="zaubern"),
            "changes[0].type",
            "„zaubern“ ist nicht erlaubt. Möglich: move_fte, add_post, end_post, set_ratio, reassign_district",
        ),
        (_set("changes", 0, "type", value=7), "changes[0].type", "„7“ ist nicht erlaubt"),
        (_drop("changes", 0, "type"), "changes[0].type", "Pflichtfeld fehlt."),
        (_drop("changes", 0, "fte"), "changes[0].fte", "Pflichtfeld fehlt."),
        (_drop("baseline", "money"), "baseline.money", "Pflichtfeld fehlt."),
        (_drop("baseline", "money", "land_funds_per_fte"), "baseline.money.land_funds_per_fte", "Pflichtfeld fehlt."),
        (_set("changes", 0, "zusatz", value=1), "changes[0].zusatz", "Dieses Feld gibt es im Szenarioformat nicht"),
        (
            _set("baseline", "teams", 1, "farbe", value="rot"),
            "baseline.teams[1].farbe",
            "gibt es im Szenarioformat nicht",
        ),
        (_set("baseline", "zusatz", value=[]), "baseline.zusatz", "gibt es im Szenarioformat nicht"),
        (_set("zusatz", value=1), "zusatz", "gibt es im Szenarioformat nicht"),
        # wrong types
        (_set("changes", 2, value="end_post"), "changes[2]", "Erwartet wird ein Objekt {…}."),
        (_set("changes", value={"type": "move_fte"}), "changes", "Erwartet wird eine Liste […] von Änderungen."),
        (_set("baseline", "teams", value="caritas"), "baseline.teams", "Erwartet wird eine Liste […]."),
        (_set("baseline", "money", value="75000"), "baseline.money", "Erwartet wird ein Objekt {…}."),
        (
            _set("baseline", "teams", 0, "name", value=5),
            "baseline.teams[0].name",
            "Erwartet wird ein Text, gefunden: 5.",
        ),
        (
            _set("baseline", "teams", 0, "uses_catchment", value="ja"),
            "baseline.teams[0].uses_catchment",
            "Erwartet wird true oder false, gefunden: 'ja'.",
        ),
        (_set("changes", 0, "fte", value=True), "changes[0].fte", "Erwartet wird eine Zahl, gefunden: True."),
        (_set("changes", 8, "years", value=3.5), "changes[8].years", "Erwartet wird eine ganze Zahl, gefunden: 3.5."),
        (_set("changes", 1, "start", value=20270101), "changes[1].start", "ist kein Datum. Bitte als JJJJ-MM-TT"),
        (
            _set("changes", 1, "funding", value="lotto"),
            "changes[1].funding",
            "„lotto“ ist nicht erlaubt. Möglich: land",
        ),
        (
            _set("baseline", "cases", 0, value=[None, "fb", "2026-11", True]),
            "baseline.cases[0]",
            "Erwartet wird [Team oder null",
        ),
        (_set("baseline", "cases", 0, 3, value="ja"), "baseline.cases[0][3]", "Erwartet wird true oder false"),
        (_set("baseline", "cases", 0, 2, value="11/2026"), "baseline.cases[0][2]", "„11/2026“ ist kein Monat JJJJ-MM."),
        (_set("baseline", "inflows", 1, value={"per_month": 1}), "baseline.inflows[1]", "Fälle je Monat ≥ 0"),
        (_set("version", value="1"), "version", "Version '1' wird nicht unterstützt"),
        # NaN, infinite and huge numbers
        (_set("changes", 0, "fte", value=float("nan")), "changes[0].fte", "Erwartet wird eine Zahl, gefunden: nan."),
        (
            _set("changes", 5, "per_month", value="inf"),
            "changes[5].per_month",
            "Erwartet wird eine Zahl, gefunden: inf.",
        ),
        (_set("baseline", "inflows", 0, 2, value=float("inf")), "baseline.inflows[0][2]", "Erwartet wird eine Zahl"),
        (_set("baseline", "ok_max", value=10**400), "baseline.ok_max", "Erwartet wird eine Zahl, gefunden: 1000"),
        (
            _set("changes", 0, "fte", value=1e300),
            "changes[0].fte",
            "Der Wert 1e+300 liegt nicht zwischen 0 und 10.000.",
        ),
        (_set("baseline", "inflows", 0, 2, value=1e9), "baseline.inflows[0][2]", "liegt nicht zwischen 0 und 100.000"),
        (
            _set("baseline", "cases", 0, 4, value=10**20),
            "baseline.cases[0][4]",
            "liegt nicht zwischen 0 und 10.000.000",
        ),
        (_set("changes", 11, "amount", value="1e30"), "changes[11].amount", "Der Betrag ist zu groß"),
        (_set("baseline", "funds", 0, "spent", value="NaN"), "baseline.funds[0].spent", "„NaN“ ist kein Betrag."),
        (_set("changes", 11, "amount", value="-5"), "changes[11].amount", "Der Betrag darf nicht negativ sein."),
        # text rule, and codes the baseline does not know
        (_set("name", value="=HYPERLINK(1)"), "name", "beginnt wie eine Formel"),
        (_set("baseline", "teams", 0, "code", value="   "), "baseline.teams[0].code", "Erwartet wird ein Text"),
        (_set("note", value="x" * 2001), "note", "Höchstens 2000 Zeichen (jetzt 2001)."),
        (
            _set("baseline", "cases", 2, 0, value="diakonie"),
            "baseline.cases[2][0]",
            "Team „diakonie“ gibt es in der Ausgangslage nicht. Bekannt: awo, caritas, stadt.",
        ),
        (
            _set("baseline", "inflows", 0, 1, value="xx"),
            "baseline.inflows[0][1]",
            "Stadtteil „xx“ gibt es in der Ausgangslage",
        ),
        (_set("baseline", "posts", 1, "team", value="diakonie"), "baseline.posts[1].team", "Team „diakonie“"),
        (_set("baseline", "funds", 1, "provider", value="diakonie"), "baseline.funds[1].provider", "Träger „diakonie“"),
    ],
)
def test_garbage_is_refused_in_german_naming_the_field(edit, field, words):
    data = written()
    edit(data)
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert caught.value.field == field
    assert words in caught.value.detail
    assert str(caught.value) == f"{field}: {caught.value.detail}"


@pytest.mark.parametrize("data", [None, [], "szenario", 5])
def test_a_file_that_is_no_object_is_refused(data):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert str(caught.value) == "Erwartet wird ein Objekt {…}."


def test_a_change_kind_without_an_effect_is_refused_when_declared():
    with pytest.raises(TypeError, match="must define apply"):
        type("NoEffect", (Change,), {"kind": "no_effect", "label": "ohne Wirkung", "topic": "people"})
