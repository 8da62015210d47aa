"""The scenario engine against hand-computed cases (issue 6, "Done when")."""

import copy
import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from dashboard.model.scenarios import (
    AddPost,
    Baseline,
    CaseGroup,
    CaseInflow,
    ClosureRate,
    District,
    EligibilityLimit,
    EndPost,
    FundsState,
    FundsTransfer,
    Inflow,
    IntakeStop,
    LandFunds,
    MoveFte,
    Post,
    ReassignDistrict,
    Scenario,
    ScenarioError,
    SetRatio,
    Team,
    run,
    scenario_from_dict,
    scenario_to_dict,
)
from dashboard.model.scenarios.intake import with_intake_stop

DAY = dt.date(2026, 11, 22)  # point 1 = 31.12.2026, point 4 = 31.03.2027, point 37 = 31.12.2029
LATE = dt.date(2026, 11, 1)  # AU month of cases that stay beyond 2029 with extension


def baseline(**overrides) -> Baseline:
    values = dict(
        as_of=DAY,
        teams=(Team("caritas", "Caritas", uses_catchment=True), Team("stadt", "Stadt", "city", True),
               Team("awo", "AWO")),
        posts=(Post("p1", "caritas", "im", "land", 3.0), Post("p2", "stadt", "im", "land", 2.0),
               Post("p3", "awo", "im", "land", 0.5)),
        districts=(District("fb", "Frankenbach", "Sozialraum 2", "caritas"),
                   District("ks", "Kernstadt", "Sozialraum 1", "stadt")),
        cases=(CaseGroup(None, "fb", LATE, True, 300), CaseGroup(None, "ks", LATE, True, 90),
               CaseGroup("awo", "ks", LATE, True, 30)),
        new_case_lag_months=6,
    )
    values.update(overrides)
    return Baseline(**values)


def team(result, code):
    return next(t for t in result.teams if t.code == code)


def test_300_cases_on_3_vza_is_111_percent_of_1_90():
    result = run(baseline())
    caritas = team(result, "caritas")
    assert caritas.cases[0] == 300
    assert caritas.utilisation_pct[0] == pytest.approx(111.11, abs=0.01)  # 300 / 270
    assert caritas.fte_needed[0] == 3.34  # 300 / 90 = 3.33…, rounded up
    assert caritas.status == "critical"
    assert caritas.first_over == "2026-11-22"


@pytest.mark.parametrize("fte", [0.4, 1.0, 2.0])
def test_moving_vza_changes_exactly_the_two_teams_involved(fte):
    before, after = run(baseline()), run(baseline(), [MoveFte("stadt", "caritas", fte)])
    changed = {t.code for t in after.teams
               if t.utilisation_pct != team(before, t.code).utilisation_pct or t.fte != team(before, t.code).fte}
    assert changed == {"stadt", "caritas"}
    assert team(after, "caritas").fte[0] == pytest.approx(3.0 + fte)
    assert team(after, "stadt").fte[0] == pytest.approx(2.0 - fte)
    assert team(after, "caritas").utilisation_pct[0] == pytest.approx(100 * 300 / ((3.0 + fte) * 90), abs=0.01)


def test_moving_from_a_date_changes_only_later_points():
    after = run(baseline(), [MoveFte("stadt", "caritas", 0.4, start=dt.date(2027, 3, 1))])
    assert team(after, "caritas").fte[:4] == [3.0] * 4  # Stichtag, Dec, Jan, Feb
    assert team(after, "caritas").fte[4] == pytest.approx(3.4)  # 31.03.2027


@pytest.mark.parametrize("limit, last_month_in, first_month_out", [
    (3, 3, 4),  # AU 03/2024 + 3 years = 03/2027: still in on 28.02.2027 (point 3), out on 31.03.2027
    (4, 15, 16),  # 4 years: out on 31.03.2028
])
def test_cases_leave_at_the_eligibility_limit(limit, last_month_in, first_month_out):
    base = baseline(cases=(CaseGroup(None, "fb", dt.date(2024, 3, 1), False, 10),))
    changes = [] if limit == 3 else [EligibilityLimit(limit)]
    cases = team(run(base, changes), "caritas").cases
    assert cases[0] == 10
    assert cases[last_month_in] == 10
    assert cases[first_month_out:] == [0] * (len(cases) - first_month_out)


def test_extended_cases_stay_one_year_longer():
    base = baseline(cases=(CaseGroup(None, "fb", dt.date(2024, 3, 1), True, 10),))
    cases = team(run(base), "caritas").cases
    assert cases[15] == 10 and cases[16] == 0  # AU 03/2024 + 4 years = 03/2028


def test_overdue_cases_leave_in_the_first_projected_month():
    base = baseline(cases=(CaseGroup(None, "fb", dt.date(2023, 1, 1), False, 7),))
    assert team(run(base), "caritas").cases[:2] == [7, 0]


@pytest.mark.parametrize("per_month, lag, point, expected", [
    (2.0, 6, 1, 2.0),  # one month of inflow
    (2.0, 6, 10, 20.0),
    (2.0, 6, 30, 60.0),  # each new case stays 36 − 6 = 30 months
    (2.0, 6, 37, 60.0),  # … so the stock stops growing at 30 × 2
    (2.0, 16, 37, 40.0),  # stays 20 months
])
def test_inflow_builds_up_until_new_cases_reach_the_limit(per_month, lag, point, expected):
    base = baseline(cases=(), inflows=(Inflow(None, "fb", per_month),), new_case_lag_months=lag)
    assert team(run(base), "caritas").cases[point] == pytest.approx(expected)


def test_inflow_change_scales_every_stream_to_the_new_total():
    base = baseline(cases=(), inflows=(Inflow(None, "fb", 1.0), Inflow("awo", "ks", 3.0)))
    result = run(base, [CaseInflow(8.0)])  # ×2
    assert team(result, "caritas").cases[1] == pytest.approx(2.0)
    assert team(result, "awo").cases[1] == pytest.approx(6.0)


@pytest.mark.parametrize("pct, expected", [(10.0, [100, 90, 81, 72.9]), (0.0, [100, 100, 100, 100])])
def test_closure_rate_takes_cases_out_before_the_limit(pct, expected):
    base = baseline(cases=(CaseGroup(None, "fb", LATE, True, 100),))
    assert team(run(base, [ClosureRate(pct)]), "caritas").cases[:4] == pytest.approx(expected)


def test_reassigning_a_district_moves_its_cases_from_that_date():
    result = run(baseline(), [ReassignDistrict("ks", "caritas", dt.date(2027, 1, 1))])
    caritas, stadt = team(result, "caritas"), team(result, "stadt")
    assert caritas.cases[:3] == [300, 300, 390]  # 31.01.2027 is the first point from 01.01.2027
    assert stadt.cases[:3] == [90, 90, 0]
    assert team(result, "awo").cases[2] == 30  # site-based: keeps its own cases in Kernstadt


def test_post_ending_removes_its_capacity_after_the_end():
    result = run(baseline(), [EndPost("p3", dt.date(2027, 12, 31))])
    awo = team(result, "awo")
    assert awo.fte[13] == 0.5 and awo.fte[14] == 0.0  # 31.12.2027 still in, 31.01.2028 out
    assert awo.utilisation_pct[14] is None
    assert result.summary[0].startswith("Mit diesem Szenario liegt das Team Caritas")  # the lead once
    assert any(s.startswith("Das Team AWO liegt ab Januar 2028 über 1:90")
               for s in result.summary)


def test_added_post_with_end_date():
    result = run(baseline(), [AddPost("caritas", 0.5, start=dt.date(2027, 1, 1), end=dt.date(2027, 6, 30))])
    assert team(result, "caritas").fte[1:9] == [3.0, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.0]


@pytest.mark.parametrize("change, expected_pct", [
    (SetRatio(100), 100.0),  # 300 / (3 × 100)
    (SetRatio(120, team="caritas"), 83.33),
    (SetRatio(120, team="stadt"), 111.11),  # another team's ratio
])
def test_ratio_change(change, expected_pct):
    assert team(run(baseline(), [change]), "caritas").utilisation_pct[0] == pytest.approx(expected_pct, abs=0.01)


def test_summary_sentence_names_team_month_and_missing_vza():
    # 84 cases that outlast 2029; 2 new cases a month, each staying 36 − 15 = 21 months: 85 … 126
    base = baseline(teams=(Team("caritas", "Caritas", uses_catchment=True),),
                    posts=(Post("p1", "caritas", "im", "land", 1.0),),
                    districts=(District("fb", "Frankenbach", "Sozialraum 2", "caritas"),),
                    cases=(CaseGroup(None, "fb", LATE, True, 84),), inflows=(Inflow(None, "fb", 2.0),),
                    new_case_lag_months=15)
    result = run(base)
    assert team(result, "caritas").cases[3] == pytest.approx(90)  # 28.02.2027: exactly 1:90
    # without changes the baseline speaks for itself (issue 19), with where it ends and its 80 % band
    assert result.summary[0].startswith("Ohne Änderungen liegt das Team Caritas ab März 2027 über 1:90 (Dezember 2029: ")
    assert ", wahrscheinlich zwischen " in result.summary[0]
    assert result.summary[0].endswith("); höchstens 0,4 fehlende VZÄ.")


def test_all_teams_within_the_ratio():
    base = baseline(cases=(CaseGroup(None, "fb", LATE, True, 30),))
    assert run(base).summary[0] == "Ohne Änderungen bleiben alle Teams bis Dezember 2029 im Rahmen von 1:90."
    assert run(base, [SetRatio(95)]).summary[0] == (
        "Mit diesem Szenario bleiben alle Teams bis Dezember 2029 im Rahmen von 1:95.")


@pytest.mark.parametrize("changes, personnel, land, gap", [
    ([], "412500.00", "374000.00", "38500.00"),  # 5,5 VZÄ × 75.000 €; × 68.000 €
    ([LandFunds(-10)], "412500.00", "336600.00", "75900.00"),  # 61.200 € per VZÄ
    ([AddPost("awo", 0.5, start=dt.date(2027, 7, 1))], "412500.00", "374000.00", "38500.00"),  # not in 2026
])
def test_money_of_the_first_year(changes, personnel, land, gap):
    money = run(baseline(), changes).money[0]
    assert money["year"] == 2026
    assert (money["personnel"], money["land_funds"], money["im_gap"]) == (personnel, land, gap)


def test_added_post_costs_half_a_year():
    money = run(baseline(), [AddPost("awo", 1.0, start=dt.date(2027, 7, 1))]).money[1]
    assert money["personnel"] == "450000.00"  # 5,5 × 75.000 + 6/12 × 75.000


def test_projektmittel_transfer():
    base = baseline(funds=(FundsState("caritas", Decimal("5000.00"), Decimal("1000.00")),
                           FundsState("awo", Decimal("5000.00"), Decimal("4500.00"))))
    result = run(base, [FundsTransfer("awo", "caritas", Decimal("800.00"))])
    funds = {f["provider"]: f for f in result.funds}
    assert funds["caritas"]["remaining"] == "4800.00" and funds["caritas"]["baseline_remaining"] == "4000.00"
    assert funds["awo"]["remaining"] == "-300.00"
    assert "Die Projektmittel von AWO reichen nicht: es fehlen 300,00 €." in result.summary


@pytest.mark.parametrize("change, field, words", [
    (MoveFte("stadt", "caritas", 2.5), "changes[0].fte", "nur 2,0 VZÄ"),
    (MoveFte("stadt", "nowhere", 0.5), "changes[0].to_team", "gibt es in der Ausgangslage nicht"),
    (MoveFte("stadt", "stadt", 0.5), "changes[0].to_team", "gleich"),
    (ReassignDistrict("ks", "awo"), "changes[0].team", "kein Einzugsgebiet"),
    (ReassignDistrict("xx", "caritas"), "changes[0].district", "Stadtteil „xx“"),
    (EndPost("p9", DAY), "changes[0].post", "Stelle „p9“"),
    (AddPost("awo", 1.0, start=dt.date(2030, 1, 1)), "changes[0].start", "nach dem Ende der VwV"),
])
def test_changes_that_do_not_fit_the_baseline_name_the_field(change, field, words):
    with pytest.raises(ScenarioError) as caught:
        run(baseline(), [change])
    assert caught.value.field == field and words in str(caught.value)


def _file():
    return scenario_to_dict(Scenario("Test", baseline(), (MoveFte("stadt", "caritas", 0.4),
                                                           ReassignDistrict("ks", "caritas", dt.date(2027, 1, 1))),
                                     author="anna", created_at="2026-11-22T10:00:00"))


def test_json_round_trip_gives_the_same_result():
    data = _file()
    again = scenario_from_dict(copy.deepcopy(data))
    assert scenario_to_dict(again) == data
    assert again.run().to_dict() == Scenario("x", baseline(), again.changes).run().to_dict()


@pytest.mark.parametrize("edit, field, words", [
    (lambda d: d.pop("format"), "format", "keine IM-Cockpit-Szenariodatei"),
    (lambda d: d.update(version=2), "version", "Version 2"),
    (lambda d: d.pop("name"), "name", "Pflichtfeld fehlt"),
    (lambda d: d["changes"][0].update(fte="viel"), "changes[0].fte", "„viel“ ist keine Zahl"),
    (lambda d: d["changes"][0].update(fte=-1), "changes[0].fte", "liegt nicht zwischen"),
    (lambda d: d["changes"][1].update(type="zaubern"), "changes[1].type", "nicht erlaubt"),
    (lambda d: d["changes"][1].update(start="1.1.2027"), "changes[1].start", "kein Datum"),
    (lambda d: d["baseline"]["teams"][0].pop("code"), "baseline.teams[0].code", "Pflichtfeld fehlt"),
    (lambda d: d["baseline"].update(as_of="gestern"), "baseline.as_of", "kein Datum"),
    (lambda d: d["baseline"]["cases"][0].__setitem__(4, "viele"), "baseline.cases[0][4]", "ganze Zahl"),
    (lambda d: d["baseline"]["money"].update(cost_per_fte="teuer"), "baseline.money.cost_per_fte", "kein Betrag"),
    (lambda d: d["changes"][0].update(to_team="nirgends"), "changes[0].to_team", "nicht"),
])
def test_invalid_files_name_the_field(edit, field, words):
    data = _file()
    edit(data)
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert str(caught.value).startswith(field)


def test_moves_into_a_team_can_be_moved_on():
    run(baseline(), [MoveFte("stadt", "caritas", 2.0), MoveFte("caritas", "awo", 5.0)])  # 3 + 2 at Caritas
    with pytest.raises(ScenarioError) as caught:
        run(baseline(), [MoveFte("stadt", "caritas", 2.0), MoveFte("caritas", "awo", 5.5)])
    assert caught.value.field == "changes[1].fte" and "nur 5,0 VZÄ" in str(caught.value)


# --- Aufnahmestopp (issue 19): a full team takes no new cases, they wait; computed by hand ---

def test_hand_computed_waiting_list():
    # without the stop: 80 → 88 → 96 cases (inflow 10, 2 leave a month = 2,5 % of 80);
    # capacity 90: month 1 holds 80 × (1 − 2/80) + 10 = 88; month 2 wants 88 × (1 − 2/88) + 10 = 96 → 90, 6 wait
    held, waiting = with_intake_stop(np.array([80.0, 88.0, 96.0]), np.array([90.0, 90.0, 90.0]), 10.0)
    assert held.tolist() == pytest.approx([80, 88, 90]) and waiting.tolist() == pytest.approx([0, 0, 6])


def test_cases_a_team_holds_are_never_sent_away():
    # already above its capacity: it keeps its cases (and loses them only as they leave), the new ones wait
    held, waiting = with_intake_stop(np.array([120.0, 118.0]), np.array([90.0, 90.0]), 5.0)
    assert held[1] == pytest.approx(113.0) and waiting[1] == pytest.approx(5.0)  # 120 − 7 leaving; 5 new wait


def test_intake_stop_keeps_teams_at_their_capacity_and_shows_the_waiting():
    b = baseline(inflows=(Inflow("awo", "ks", 4.0),))
    free, stopped = run(b), run(b, [IntakeStop()])
    awo_free, awo = team(free, "awo"), team(stopped, "awo")
    assert max(awo_free.utilisation_pct) > 110  # 30 cases on 0,5 VZÄ (45) with 4 new a month
    assert max(p for p in awo.utilisation_pct if p is not None) <= 100.0 + 1e-6
    assert awo.waiting[-1] > 0 and not team(free, "awo").waiting
    # waiting cases are not served, so none of them closes while it waits: held + waiting ≥ the free team
    assert awo.cases[-1] + awo.waiting[-1] >= awo_free.cases[-1] - 1e-6
    assert any("Aufnahmestopp warten" in s and "AWO" in s for s in stopped.summary)
    assert "Aufnahmestopp" in stopped.changes[0]
