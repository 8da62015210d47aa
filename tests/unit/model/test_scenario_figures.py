"""A scenario's typed figures: dates as `date`, money as `Decimal`, and through `jsonable` exactly the
engine's `Result.to_dict()` (so `scenario run --json` and the files stay byte for byte the same)."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from dashboard.model.figures.scenarios import (
    AddedFte,
    Compared,
    DistrictMove,
    Opened,
    ProposalFigures,
    SavedScenario,
    ScenarioFigures,
    deltas,
)
from dashboard.model.proposal import propose
from dashboard.model.scenarios import (
    Baseline,
    CaseGroup,
    CostPerFte,
    District,
    FundsState,
    FundsTransfer,
    Inflow,
    MoveFte,
    Post,
    SetRatio,
    Team,
    run,
)
from dashboard.services.serialize import jsonable

DAY = dt.date(2026, 11, 22)


def base() -> Baseline:
    return Baseline(
        as_of=DAY,
        teams=(Team("caritas", "Caritas", uses_catchment=True), Team("stadt", "Stadt", "city", True),
               Team("awo", "AWO")),
        posts=(Post("p1", "caritas", "im", "land", 3.0), Post("p2", "stadt", "im", "land", 2.0),
               Post("p3", "awo", "im", "land", 0.5)),
        districts=(District("fb", "Frankenbach", "Sozialraum 2", "caritas"),
                   District("ks", "Kernstadt", "Sozialraum 1", "stadt")),
        cases=(CaseGroup(None, "fb", dt.date(2026, 11, 1), True, 300),
               CaseGroup(None, "ks", dt.date(2026, 11, 1), True, 90), CaseGroup("awo", "ks", DAY, False, 30),
               CaseGroup(None, None, dt.date(2026, 11, 1), True, 4)),  # without a team
        inflows=(Inflow(None, "fb", 3.0),),
        funds=(FundsState("caritas", Decimal("50000.00"), Decimal("12345.67")), FundsState("awo", Decimal("20000"))),
    )


CHANGES = [
    [],
    [MoveFte("stadt", "caritas", 0.4)],
    [SetRatio(70), CostPerFte(Decimal("80000"), 2.5), FundsTransfer("caritas", "awo", Decimal("60000"))],
]


@pytest.mark.parametrize("changes", CHANGES)
def test_jsonable_figures_are_the_results_dict_byte_for_byte(changes):
    result = run(base(), changes)
    figures = ScenarioFigures.of(result)
    assert json.dumps(jsonable(figures), ensure_ascii=False, indent=2) == json.dumps(
        result.to_dict(), ensure_ascii=False, indent=2)


def test_figures_are_typed_and_frozen():
    figures = ScenarioFigures.of(run(base(), CHANGES[2]))
    assert figures.as_of == DAY and figures.months[0] == DAY and figures.months[-1] == dt.date(2029, 12, 31)
    caritas = figures.team("Caritas")
    assert caritas.first_over == DAY and isinstance(caritas.cases, tuple)
    assert figures.team("niemand") is None
    money = figures.money_in(2027)
    assert isinstance(money.funding_gap, Decimal) and isinstance(money.fte_missing, float)
    assert figures.money_in(2031) is None
    funds = {f.provider: f for f in figures.funds}
    assert funds["caritas"].remaining == Decimal("50000.00") - Decimal("12345.67") - Decimal("60000.00")
    assert funds["caritas"].baseline_remaining == Decimal("37654.33")
    assert funds["awo"].transferred_in == Decimal("60000.00")
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.staff_ratio = 90  # type: ignore[misc]


def test_deltas_put_each_team_beside_the_baseline():
    plain = ScenarioFigures.of(run(base()))
    moved = ScenarioFigures.of(run(base(), [MoveFte("stadt", "caritas", 0.4)]))
    rows = {d.code: d for d in deltas(plain, moved)}
    assert rows["caritas"].fte_now == pytest.approx(3.4) and rows["caritas"].fte_now_base == pytest.approx(3.0)
    assert rows["caritas"].pct_now < rows["caritas"].pct_now_base
    assert rows["stadt"].pct_now > rows["stadt"].pct_now_base
    assert rows["awo"].pct_now == rows["awo"].pct_now_base
    assert [d.code for d in deltas(plain, moved)] == [t.code for t in moved.teams]


def test_saved_rows_and_opened_scenarios_carry_dates():
    row = SavedScenario.of({"id": 3, "name": "A", "author": "anna", "created_at": "2026-11-22T09:30:12",
                            "baseline_date": "2026-11-22", "changes": 2})
    assert row == SavedScenario(3, "A", "anna", dt.datetime(2026, 11, 22, 9, 30, 12), DAY, 2)
    assert SavedScenario.of({"id": 3, "name": "A", "author": "", "created_at": None,
                             "baseline_date": "2026-11-22", "changes": 0}).created_at is None
    opened = Opened.saved(3, "A", "anna", "2026-11-22T09:30:12+00:00", [MoveFte("stadt", "caritas", 0.4)])
    assert opened.created_at.isoformat() == "2026-11-22T09:30:12+00:00"
    assert opened.changes == (MoveFte("stadt", "caritas", 0.4),)
    assert Opened(None) == Opened(None, "", "", None, ())
    item = Compared(3, "A", "anna", opened.created_at, DAY, ScenarioFigures.of(run(base())))
    assert item.result.as_of == item.as_of


def test_a_proposal_as_typed_figures():
    crowded = dataclasses.replace(
        base(), districts=(*base().districts, District("bb", "Böckingen", "Sozialraum 1", "caritas")),
        cases=(*base().cases, CaseGroup(None, "bb", dt.date(2026, 11, 1), True, 150)))
    # Böckingen in Stadt's Sozialraum 1 links the two teams into one part: only there can it move to Stadt
    proposal = propose(crowded, [], reassign=True, budget_fte=0.5)
    figures = ProposalFigures.of(proposal)
    assert figures.changes == tuple(c.to_dict() for c in proposal.changes) and figures.changes
    assert figures.moved == (DistrictMove("bb", "Böckingen", "Sozialraum 1", "Caritas", "Stadt"),)
    assert figures.added == tuple(AddedFte(a["team"], a["name"], a["fte"]) for a in proposal.added)
    assert sum(a.fte for a in figures.added) == pytest.approx(0.5)
    assert figures.message == proposal.message and figures.limit_reached == proposal.limit_reached
    assert figures.worst_after < figures.worst_before
