"""The page's controls as scenario changes: sliders ↔ changes, form values → a checked change with a
German message naming the field, and editing the list of changes (add, remove, take over a proposal)."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model import scenario_forms as forms
from dashboard.model.scenario_forms import Edited, Sliders, SliderValues
from dashboard.model.scenarios import (
    AddPost,
    Baseline,
    CaseGroup,
    CaseInflow,
    ClosureRate,
    CostPerFte,
    District,
    EligibilityLimit,
    FundsState,
    Inflow,
    LandFunds,
    Money,
    MoveFte,
    Post,
    ScenarioError,
    SetRatio,
    Team,
)

DAY = dt.date(2026, 11, 22)
MOVE = {"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": 0.4, "programme": "im",
        "start": None}


def base(**overrides) -> Baseline:
    values = dict(
        as_of=DAY,
        teams=(Team("caritas", "Caritas", uses_catchment=True), Team("stadt", "Stadt", "city", True),
               Team("awo", "AWO")),
        posts=(Post("p1", "caritas", "im", "land", 3.0), Post("p2", "stadt", "im", "land", 2.0),
               Post("p3", "awo", "im", "land", 0.5)),
        districts=(District("fb", "Frankenbach", "Sozialraum 2", "caritas"),
                   District("ks", "Kernstadt", "Sozialraum 1", "stadt")),
        cases=(CaseGroup(None, "fb", dt.date(2026, 11, 1), True, 300),
               CaseGroup(None, "ks", dt.date(2026, 11, 1), True, 90)),
        inflows=(Inflow(None, "fb", 3.0), Inflow(None, "ks", 1.25)),
        closure_rate_pct=1.44, money=Money(cost_growth_pct=Decimal("0")),
        funds=(FundsState("caritas", Decimal("50000.00")), FundsState("awo", Decimal("20000.00"))),
    )
    values.update(overrides)
    return Baseline(**values)


def test_slider_defaults_are_the_baselines_values():
    assert forms.slider_defaults(base()) == SliderValues(ratio=90, inflow=4.2, inflow_max=10.0, closure=1.4,
                                                         limit=3, land_pct=0, cost=75000, growth=0.0)
    assert forms.slider_defaults(base(inflows=(Inflow(None, "fb", 12.0),))).inflow_max == 24


@pytest.mark.parametrize("sliders, expected", [
    (Sliders(), []),  # nothing sent: the baseline
    (Sliders(ratio=90, inflow=4.2, closure=1.4, limit=3, land_pct=0, cost="", growth=""), []),  # the defaults
    (Sliders(ratio=120), [SetRatio(120)]),
    (Sliders(ratio="100"), [SetRatio(100)]),
    (Sliders(inflow=6.5), [CaseInflow(6.5)]),
    (Sliders(closure=2.0), [ClosureRate(2.0)]),
    (Sliders(limit=4), [EligibilityLimit(4)]),
    (Sliders(land_pct=-25), [LandFunds(-25.0)]),
    (Sliders(cost="80.000"), [CostPerFte(Decimal("80000.00"), None)]),  # German thousands point
    (Sliders(cost="75000", growth="2,5"), [CostPerFte(Decimal("75000.00"), 2.5)]),
    (Sliders(growth="0"), []),  # 0 % is the baseline's growth
    (Sliders(ratio=120, inflow=5, cost="80000"),
     [SetRatio(120), CaseInflow(5.0), CostPerFte(Decimal("80000.00"), None)]),
])
def test_slider_changes(sliders, expected):
    assert forms.slider_changes(base(), sliders) == expected


@pytest.mark.parametrize("sliders, field, words", [
    (Sliders(cost="teuer"), "cost", "Kosten je VZÄ und Jahr: „teuer“ ist kein gültiger Betrag"),
    (Sliders(growth="viel"), "growth", "Steigerung je Jahr: „viel“ ist kein Prozentsatz zwischen 0 und 100"),
    (Sliders(growth="101"), "growth", "kein Prozentsatz zwischen 0 und 100"),
])
def test_slider_refusals_name_the_field(sliders, field, words):
    with pytest.raises(ScenarioError) as caught:
        forms.slider_changes(base(), sliders)
    assert caught.value.field == field and words in str(caught.value)


def test_split_changes_gives_the_sliders_back_and_lists_the_rest():
    changes = [SetRatio(110), CaseInflow(7.0), ClosureRate(2.5), EligibilityLimit(4), LandFunds(10.0),
               CostPerFte(Decimal("80000"), 2.0), MoveFte("stadt", "caritas", 0.4), SetRatio(80, "awo")]
    values, listed = forms.split_changes(base(), changes)
    assert values == SliderValues(ratio=110, inflow=7.0, inflow_max=10.0, closure=2.5, limit=4, land_pct=10.0,
                                  cost=80000, growth=2.0)
    assert listed == [MOVE, {"type": "set_ratio", "ratio": 80, "team": "awo"}]  # a team's ratio is listed
    back = forms.slider_changes(base(), Sliders(values.ratio, values.inflow, values.closure, values.limit,
                                                values.land_pct, values.cost, values.growth))
    assert back == [SetRatio(110), CaseInflow(7.0), ClosureRate(2.5), EligibilityLimit(4), LandFunds(10.0),
                    CostPerFte(Decimal("80000.00"), 2.0)]


def test_all_changes_are_the_list_then_the_sliders():
    assert forms.all_changes(base(), [MOVE], Sliders(ratio=100)) == [MoveFte("stadt", "caritas", 0.4),
                                                                     SetRatio(100)]
    assert forms.all_changes(base(), None, Sliders()) == []


@pytest.mark.parametrize("data, expected", [
    ({"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": "0,4"}, MOVE),
    ({"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": " 0,4 ", "start": ""}, MOVE),
    ({"type": "add_post", "team": "awo", "fte": "0,5", "funding": "land", "start": "2027-01-01", "end": None},
     AddPost("awo", 0.5, start=dt.date(2027, 1, 1)).to_dict()),
    ({"type": "funds_transfer", "from_team": "caritas", "to_team": "awo", "amount": "1.500,50"},
     {"type": "funds_transfer", "from_team": "caritas", "to_team": "awo", "amount": "1500.50"}),
])
def test_form_change(data, expected):
    assert forms.form_change(base(), [], data) == expected


@pytest.mark.parametrize("data, listed, field, message", [
    ({"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": "drei"}, [], "fte",
     "VZÄ: „drei“ ist keine Zahl."),
    ({"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": None}, [], "fte",
     "VZÄ: Bitte ausfüllen."),
    ({"type": "move_fte", "from_team": "stadt", "fte": "0,4"}, [], "to_team", "An: Bitte ausfüllen."),
    ({"type": "funds_transfer", "from_team": "caritas", "to_team": "awo", "amount": "viel"}, [], "amount",
     "„viel“ ist kein gültiger Betrag"),
    ({"type": "funds_transfer", "from_team": "caritas", "to_team": "caritas", "amount": "10"}, [], "to_team",
     "An: Geber und Empfänger sind derselbe Träger."),
])
def test_form_refusals_name_the_field_in_german(data, listed, field, message):
    with pytest.raises(ScenarioError) as caught:
        forms.form_change(base(), listed, data)
    assert caught.value.field == field and message in caught.value.detail


@pytest.mark.parametrize("listed, index, expected", [
    ([MOVE, {**MOVE, "fte": 0.2}], 0, Edited([{**MOVE, "fte": 0.2}], success="Änderung entfernt.")),
    ([MOVE, {**MOVE, "fte": 0.2}], 1, Edited([MOVE], success="Änderung entfernt.")),
    ([MOVE], 1, Edited([MOVE])),  # gone by now (a second click): nothing removed, nothing said
    ([MOVE], -1, Edited([MOVE])),
    (None, 0, Edited([])),
    ([MOVE], "0", Edited([MOVE])),  # a forged index
])
def test_remove(listed, index, expected):
    assert forms.remove(listed, index) == expected


@pytest.mark.parametrize("listed, proposal, expected", [
    ([MOVE], [{"type": "reassign_district", "district": "fb", "team": "stadt", "start": None}],
     [MOVE, {"type": "reassign_district", "district": "fb", "team": "stadt", "start": None}]),
    (None, None, []),
])
def test_accept_appends_the_proposal(listed, proposal, expected):
    assert forms.accept(listed, proposal) == Edited(expected, success="Vorschlag übernommen.")


def test_add_appends_a_checked_change_or_says_why_not():
    data = {"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": "0,4"}
    assert forms.add(base(), [], data) == Edited([MOVE], success="Hinzugefügt: 0,4 VZÄ von Stadt zu Caritas")
    assert forms.add(base(), None, {**data, "fte": "drei"}) == Edited(None, error="VZÄ: „drei“ ist keine Zahl.")
    # checked with the changes before it: the second move would leave Stadt with less than nothing
    too_much = {**data, "fte": "1,8"}
    edited = forms.add(base(), [MOVE], too_much)
    assert edited.changes is None and edited.error.startswith("VZÄ:")


def test_describe_lists_the_changes_in_words():
    assert forms.describe(base(), [MOVE]) == ["0,4 VZÄ von Stadt zu Caritas"]
    assert forms.describe(base(), None) == []
