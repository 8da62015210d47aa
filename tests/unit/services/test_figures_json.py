"""The typed page figures serialise to the JSON `im-cockpit kpis --json` always printed: same keys in the
same order, money as text with two decimals, dates as ISO text, statuses as their code."""

import datetime as dt
import json
from decimal import Decimal

from dashboard.model.costs import PostCost
from dashboard.model.figures.funds import LedgerRow
from dashboard.model.figures.staffing import CostFigureParameters, FundingEnd, Position, SharedPost, StaffLine
from dashboard.model.figures.volunteering import AgeBand, CoverageCell, HistoryPoint
from dashboard.model.plan_checks import FundingStatus, ShareStatus
from dashboard.services.serialize import jsonable


def as_json(value) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False)


def test_a_ledger_line_is_the_json_of_before():
    row = LedgerRow(entry_id=31, date=dt.date(2026, 5, 20), provider="Diakonie", kind="transfer",
                    kind_text="Übertragung", amount=Decimal("800.00"), purpose="Sprachgruppen", to_provider="AWO",
                    decision_date=dt.date(2026, 5, 12), decision_ref="TOP 4", note="an AWO")
    assert as_json(row) == (
        '{"entry_id": 31, "date": "2026-05-20", "provider": "Diakonie", "kind": "transfer", "kind_text": '
        '"Übertragung", "amount": "800.00", "purpose": "Sprachgruppen", "to_provider": "AWO", "decision_date": '
        '"2026-05-12", "decision_ref": "TOP 4", "note": "an AWO"}')
    expense = LedgerRow(entry_id=30, date=dt.date(2026, 11, 5), provider="Diakonie", kind="expense",
                        kind_text="Ausgabe", amount=Decimal("312.50"), purpose="Material", to_provider=None,
                        decision_date=None, decision_ref=None, note="")
    assert jsonable(expense)["amount"] == "312.50" and jsonable(expense)["decision_date"] is None


def test_stellenplan_lines_are_the_json_of_before():
    post = Position(position_id=6, provider="Caritas", provider_code="caritas", provider_kind="provider", sort_order=1,
                    programme="church_volunteer", programme_text="kirchliche Ehrenamtskoordination",
                    funding="church", funding_text="kirchliche Mittel", label="CaDiFa", site=None,
                    plan="ARGE-Konzeption 12/2025", upper_bound=True, funded_until=dt.date(2027, 12, 31),
                    name="Caritas · kirchliche Ehrenamtskoordination (CaDiFa)",
                    short_name="Caritas · kirchl. EA (CaDiFa)", planned=0.4, filled=0.3, vacant=0.1, over=0.0)
    assert as_json(post) == (
        '{"position_id": 6, "provider": "Caritas", "provider_code": "caritas", "provider_kind": "provider", '
        '"sort_order": 1, "programme": "church_volunteer", "programme_text": "kirchliche Ehrenamtskoordination", '
        '"funding": "church", "funding_text": "kirchliche Mittel", "label": "CaDiFa", "site": null, '
        '"plan": "ARGE-Konzeption 12/2025", "upper_bound": true, "funded_until": "2027-12-31", '
        '"name": "Caritas · kirchliche Ehrenamtskoordination (CaDiFa)", "short_name": "Caritas · kirchl. EA (CaDiFa)", '
        '"planned": 0.4, "filled": 0.3, "vacant": 0.1, "over": 0.0}')
    end = FundingEnd(position_id=9, name="Diakonie · KiDiFlü", provider="Diakonie", provider_code="diakonie",
                     programme_text="kirchliche Ehrenamtskoordination", funding_text="kirchliche Mittel",
                     label="KiDiFlü", short_name="Diakonie · KiDiFlü", planned=0.2, upper_bound=True,
                     funded_until=dt.date(2026, 12, 31), months_left=0, status=FundingStatus.warning,
                     status_text="▲ endet bald")
    assert as_json(end) == (
        '{"position_id": 9, "name": "Diakonie · KiDiFlü", "provider": "Diakonie", "provider_code": "diakonie", '
        '"programme_text": "kirchliche Ehrenamtskoordination", "funding_text": "kirchliche Mittel", '
        '"label": "KiDiFlü", "short_name": "Diakonie · KiDiFlü", "planned": 0.2, "upper_bound": true, '
        '"funded_until": "2026-12-31", "months_left": 0, "status": "warning", "status_text": "▲ endet bald"}')
    shared = SharedPost(position_id=6, name="C", short_name="C", provider="Caritas", label="CaDiFa",
                        funding_text="kirchliche Mittel", planned=0.4, filled=0.3, upper_bound=True, city_share=0.2,
                        city_share_min=0.15, difference=0.05, status=ShareStatus.ok, status_text="✔ erfüllt")
    assert list(jsonable(shared)) == ["position_id", "name", "short_name", "provider", "label", "funding_text",
                                      "planned", "filled", "upper_bound", "city_share", "city_share_min",
                                      "difference", "status", "status_text"]
    assert jsonable(shared)["status"] == "ok"
    assert as_json(StaffLine(5.8, 5.7, 0.1, 0.0, True)) == (
        '{"planned": 5.8, "filled": 5.7, "vacant": 0.1, "over": 0.0, "upper_bound": true}')


def test_costs_are_money_text():
    params = CostFigureParameters(Decimal("75000.00"), 20.0, Decimal("68000.00"), Decimal("75000.00"))
    assert as_json(params) == ('{"cost_per_fte": "75000.00", "overhead_rate_pct": 20.0, '
                               '"land_funds_per_fte": "68000.00", "subsidy_cap_per_fte": "75000.00"}')
    assert jsonable(PostCost(Decimal("37500.00"), Decimal("34000.00"), Decimal("7500.00"), Decimal("0.00"))) == {
        "personnel": "37500.00", "land_funds": "34000.00", "overhead": "7500.00", "city_subsidy": "0.00",
        "gap": None}


def test_volunteering_pieces_are_the_json_of_before():
    assert as_json(CoverageCell("Sozialraum 1", 1, 6, False)) == (
        '{"social_area": "Sozialraum 1", "projects": 1, "volunteers": 6, "gap": false}')
    assert as_json(AgeBand("volunteers_18_29", "18–29 Jahre", 34, 22.7)) == (
        '{"band": "volunteers_18_29", "label": "18–29 Jahre", "volunteers": 34, "share_pct": 22.7}')
    assert as_json(HistoryPoint(dt.date(2023, 1, 31), 11, 79)) == '{"day": "2023-01-31", "projects": 11, "volunteers": 79}'
