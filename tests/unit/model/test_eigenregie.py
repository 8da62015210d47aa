"""The Eigenregie decision aid: the seed's points beside the Gemeinde's own numbers."""

from decimal import Decimal

from dashboard.model.allocation import YearChange, eigenregie_check
from dashboard.model.eigenregie import RESULT_AND_FINANCING, STEERING, TRADE_OFFS, VACANCY, decision_aid

D = Decimal


def test_every_point_of_the_seed_is_listed_once_with_both_sides():
    topics = [t.topic for t in TRADE_OFFS]
    assert topics == ["Steuerung", "Ergebnis- und Finanzierungsrisiko", "Vakanzrisiko", "Vertretung",
                      "Qualifizierungspflicht", "Verwendungsnachweis", "Integration aus einer Hand"]
    assert all(t.eigenregie and t.landkreis and t.favours in ("eigenregie", "landkreis") for t in TRADE_OFFS)
    assert "zwei Stellschrauben" in RESULT_AND_FINANCING.eigenregie


def test_nordheim_needs_own_money_for_the_half_post():
    points = {p.trade_off: p.figures for p in decision_aid(
        eigenregie_check(D("31234"), D("75000")), YearChange("08125074", D("31234.00"), D("27163.00")), 2026)}
    assert points[STEERING] == ("Die Zuweisung von 31.234,00 € finanziert nur 0,42 VZÄ; für die Mindeststelle "
                                "von 0,5 VZÄ fehlen 6.266,00 € im Jahr aus eigenen Mitteln (oder ein Verbund).")
    assert points[RESULT_AND_FINANCING].startswith(
        "Neuerhebung 2026: 27.163,00 € statt 31.234,00 € (-4.071,00 €, -13,0 %). Landeshaushalt ±10 %: ±3.123,40 €")
    assert "weniger als eine volle Stelle" in points[VACANCY]


def test_a_large_allocation_passes_and_has_no_vacancy_note():
    points = {p.trade_off: p.figures for p in decision_aid(eigenregie_check(D("90000"), D("75000")), None, 2026)}
    assert points[STEERING].startswith("Die Zuweisung von 90.000,00 € finanziert 1,2 VZÄ – genug")
    assert points[VACANCY] is None
    assert points[RESULT_AND_FINANCING] == "Landeshaushalt ±10 %: ±9.000,00 € im Jahr."
