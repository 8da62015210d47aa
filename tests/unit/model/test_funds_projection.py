"""Projektmittel rules for the page: German amount input, booking checks, burn-down and projection."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboard.model.formatting import fmt_eur
from dashboard.model.funds import (
    FundsRuleError,
    LedgerLine,
    check_amount,
    check_decision_ref,
    check_expense,
    check_in_year,
    check_purpose,
    check_transfer,
    parse_amount,
    parse_day,
    project_remaining,
    projection_day,
    remaining_series,
    spending_rate,
    year_bounds,
)

D = Decimal
JAN1, DEC31 = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


# --- amounts typed by a person ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1.234,56", "1234.56"),
    ("1234,56", "1234.56"),
    ("1234.56", "1234.56"),
    ("1234", "1234.00"),
    ("1.234", "1234.00"),  # German thousands point
    ("12.345.678,9", "12345678.90"),
    ("0,01", "0.01"),
    ("12,5", "12.50"),
    ("12,", "12.00"),
    (" 2.127,36 € ", "2127.36"),
    ("1 234,56", "1234.56"),
    ("12.5", "12.50"),
])
def test_parse_amount_accepts_german_and_point_input(text, expected):
    amount = parse_amount(text)
    assert amount == D(expected) and str(amount) == expected


@pytest.mark.parametrize("text, message", [
    ("", "Bitte einen Betrag in Euro eingeben"),
    (None, "Bitte einen Betrag in Euro eingeben"),
    ("   ", "Bitte einen Betrag in Euro eingeben"),
    ("abc", "„abc“ ist kein gültiger Betrag"),
    ("1,234.56", "ist kein gültiger Betrag"),
    ("12,34,5", "ist kein gültiger Betrag"),
    ("1.23.4", "ist kein gültiger Betrag"),
    ("0", "muss größer als 0 sein"),
    ("0,00", "muss größer als 0 sein"),
    ("-5", "muss größer als 0 sein"),
    ("−5,00", "muss größer als 0 sein"),
    ("12,345", "Höchstens zwei Nachkommastellen"),
    ("12,500", "Höchstens zwei Nachkommastellen"),
    ("1.2345", "Höchstens zwei Nachkommastellen"),
    ("99999999999", "zu groß"),
])
def test_parse_amount_refuses_with_a_german_message_naming_the_field(text, message):
    with pytest.raises(FundsRuleError, match=message) as error:
        parse_amount(text)
    assert str(error.value).startswith("Betrag: ")
    assert error.value.field == "amount"
    assert isinstance(error.value, ValueError)


def test_check_amount_refuses_floats_and_sub_cent_decimals():
    with pytest.raises(TypeError):
        check_amount(12.5)
    with pytest.raises(FundsRuleError, match="Nachkommastellen"):
        check_amount(D("0.005"))
    assert check_amount(D("12.500")) == D("12.50")  # trailing zeros of an exact Decimal are fine
    assert check_amount(D("7")) == D("7.00")


# --- dates, purpose, reference ----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2026-11-22", dt.date(2026, 11, 22)),
    ("22.11.2026", dt.date(2026, 11, 22)),
    ("2026-11-22T00:00:00", dt.date(2026, 11, 22)),
    (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
])
def test_parse_day(value, expected):
    assert parse_day(value) == expected


def test_parse_day_messages():
    with pytest.raises(FundsRuleError, match="Datum: Bitte ein Datum angeben"):
        parse_day(None)
    with pytest.raises(FundsRuleError, match="„31.02.2026“ ist kein gültiges Datum"):
        parse_day("31.02.2026")
    assert parse_day("", required=False) is None


@pytest.mark.parametrize("day, ok", [
    (dt.date(2026, 1, 1), True), (dt.date(2026, 12, 31), True),
    (dt.date(2025, 12, 31), False), (dt.date(2027, 1, 1), False),
])
def test_date_must_lie_in_the_chosen_year(day, ok):
    if ok:
        assert check_in_year(day, 2026) == day
    else:
        with pytest.raises(FundsRuleError, match=r"nicht im Jahr 2026.*01\.01\.2026 und 31\.12\.2026"):
            check_in_year(day, 2026)


def test_purpose_is_required_and_limited():
    assert check_purpose("  Material   Sprachcafé ") == "Material Sprachcafé"
    with pytest.raises(FundsRuleError, match="Zweck: Bitte den Zweck angeben") as error:
        check_purpose("   ")
    assert error.value.field == "purpose"
    with pytest.raises(FundsRuleError, match="Höchstens 300 Zeichen"):
        check_purpose("x" * 301)
    assert check_decision_ref("  ") is None
    with pytest.raises(FundsRuleError, match="Höchstens 120 Zeichen"):
        check_decision_ref("y" * 121)


# --- booking rules ----------------------------------------------------------------------------------

@pytest.mark.parametrize("balance, amount, refused", [
    ("2127.36", "2127.36", False),  # exactly what is left
    ("2127.36", "0.01", False),
    ("2127.36", "2127.37", True),
    ("2127.36", "2500.00", True),
    ("0.00", "0.01", True),
])
def test_check_expense(balance, amount, refused):
    if not refused:
        check_expense(D(balance), D(amount), "Caritas")
        return
    with pytest.raises(FundsRuleError) as error:
        check_expense(D(balance), D(amount), "Caritas")
    assert str(error.value).startswith(
        f"Die Buchung übersteigt die verbleibenden Mittel der Caritas ({fmt_eur(D(balance))}) um "
        f"{fmt_eur(D(amount) - D(balance))}.")
    assert error.value.field == "amount"


def test_check_expense_message_uses_german_money_format():
    with pytest.raises(FundsRuleError) as error:
        check_expense(D("2127.36"), D("2500.00"), "Caritas")
    assert str(error.value).startswith(
        "Die Buchung übersteigt die verbleibenden Mittel der Caritas (2.127,36 €) um 372,64 €.")


TRANSFER_DAY = dt.date(2026, 5, 20)


@pytest.mark.parametrize("kwargs, field, message", [
    (dict(from_provider=None, to_provider=1), "provider", r"Von \(Träger\): Bitte"),
    (dict(from_provider=3, to_provider=None), "to_provider", r"An \(Träger\): Bitte"),
    (dict(from_provider=3, to_provider=3), "to_provider", "derselbe Träger"),
    (dict(decision_date=None), "decision_date", "braucht einen Beschluss des Koordinierungskreises"),
    (dict(decision_date=dt.date(2026, 5, 21)), "decision_date", r"Der Beschluss \(21.05.2026\) liegt nach"),
    (dict(amount=D("1717.61")), "amount", r"übersteigt die verbleibenden Mittel der Diakonie \(1.717,60 €\)"),
])
def test_check_transfer_rules(kwargs, field, message):
    args = dict(balance=D("1717.60"), amount=D("800.00"), from_provider=3, to_provider=1,
                booked_on=TRANSFER_DAY, decision_date=dt.date(2026, 5, 12), provider="Diakonie")
    args.update(kwargs)
    with pytest.raises(FundsRuleError, match=message) as error:
        check_transfer(args.pop("balance"), args.pop("amount"), **args)
    assert error.value.field == field


@pytest.mark.parametrize("decision", [dt.date(2026, 5, 12), TRANSFER_DAY, dt.date(2025, 12, 10)])
def test_check_transfer_accepts_a_decision_on_or_before_the_transfer(decision):
    check_transfer(D("1717.60"), D("1717.60"), from_provider=3, to_provider=1, booked_on=TRANSFER_DAY,
                   decision_date=decision, provider="Diakonie")


# --- burn-down ---------------------------------------------------------------------------------------

LINES = [
    (dt.date(2026, 1, 15), LedgerLine(1, "allocation", D("5000.00"))),
    (dt.date(2026, 1, 15), LedgerLine(3, "allocation", D("5000.00"))),
    (dt.date(2026, 2, 10), LedgerLine(1, "expense", D("412.80"))),
    (dt.date(2026, 5, 20), LedgerLine(3, "transfer", D("800.00"), to_provider=1)),
    (dt.date(2026, 6, 18), LedgerLine(3, "expense", D("1120.00"))),
]


@pytest.mark.parametrize("provider, expected", [
    (None, [("2026-01-15", "10000.00"), ("2026-02-10", "9587.20"), ("2026-06-18", "8467.20"),
            ("2026-11-22", "8467.20")]),
    (1, [("2026-01-15", "5000.00"), ("2026-02-10", "4587.20"), ("2026-05-20", "5387.20"),
         ("2026-11-22", "5387.20")]),
    (3, [("2026-01-15", "5000.00"), ("2026-05-20", "4200.00"), ("2026-06-18", "3080.00"),
         ("2026-11-22", "3080.00")]),
    (2, [("2026-11-22", "0.00")]),
])
def test_remaining_series(provider, expected):
    points = remaining_series(LINES, provider, until=dt.date(2026, 11, 22))
    assert [(d.isoformat(), str(v)) for d, v in points] == expected


def test_remaining_series_total_equals_sum_of_providers_every_day():
    days = {d for d, _ in LINES}
    for day in days:
        upto = [(d, line) for d, line in LINES if d <= day]
        total = remaining_series(upto, None)[-1][1]
        assert total == sum(remaining_series(upto, p)[-1][1] for p in (1, 3))


def test_remaining_series_without_until_and_unknown_kind():
    assert remaining_series([], None) == []
    with pytest.raises(ValueError, match="Buchungsart"):
        remaining_series([(JAN1, LedgerLine(1, "gift", D("1")))], 1)


@pytest.mark.parametrize("as_of, entries, expected", [
    (dt.date(2026, 11, 22), [], dt.date(2026, 11, 22)),
    (dt.date(2026, 11, 22), [dt.date(2026, 12, 5)], dt.date(2026, 12, 5)),  # a later booking
    (dt.date(2027, 3, 1), [], DEC31),  # past year: its end
    (dt.date(2025, 3, 1), [], JAN1),  # future year: its start
    (dt.date(2026, 11, 22), [dt.date(2027, 2, 1)], dt.date(2026, 11, 22)),  # other years ignored
])
def test_projection_day(as_of, entries, expected):
    assert projection_day(2026, as_of, entries) == expected


@pytest.mark.parametrize("spent, day, expected", [
    ("365.00", DEC31, "1"),
    ("100.00", JAN1, "100"),
    ("0.00", dt.date(2026, 6, 30), "0"),
    ("50.00", dt.date(2025, 12, 31), "0"),  # before the start
])
def test_spending_rate(spent, day, expected):
    assert spending_rate(D(spent), JAN1, day) == D(expected)


@pytest.mark.parametrize("remaining, spent, day, projected, lasts, runs_out", [
    # demo 2026: 9.533,79 € spent in 326 days, 5.466,21 € left on 22.11., 39 days to go
    ("5466.21", "9533.79", dt.date(2026, 11, 22), "4325.66", True, None),
    # 10 € a day from 01.01.; 100 € left on 21.12. (355 days), 10 days to go → exactly 0
    ("100.00", "3550.00", dt.date(2026, 12, 21), "0.00", True, None),
    # 10 € a day, 95 € left on 21.12. → −5 €, used up after 9,5 days = 31.12.
    ("95.00", "3550.00", dt.date(2026, 12, 21), "-5.00", False, dt.date(2026, 12, 31)),
    # 20 € a day from 01.01. to 30.06. (181 days), 1.000 € left → gone after 50 days; 184 days to go
    ("1000.00", "3620.00", dt.date(2026, 6, 30), "-2680.00", False, dt.date(2026, 8, 19)),
    # nothing spent: the money lasts unchanged
    ("5000.00", "0.00", dt.date(2026, 3, 1), "5000.00", True, None),
    # year over: no days left, the remaining is final
    ("300.00", "14700.00", DEC31, "300.00", True, None),
    # nothing left now
    ("0.00", "15000.00", dt.date(2026, 10, 1), None, None, dt.date(2026, 10, 1)),
])
def test_project_remaining(remaining, spent, day, projected, lasts, runs_out):
    p = project_remaining(D(remaining), D(spent), JAN1, day, DEC31)
    if projected is not None:
        assert p.projected_end == D(projected)
        assert p.lasts is lasts
    assert p.runs_out_on == runs_out
    assert p.remaining == D(remaining)
    assert p.days_left == (DEC31 - day).days


def test_projection_is_exact_decimal_and_rate_per_month():
    p = project_remaining(D("5466.21"), D("9533.79"), JAN1, dt.date(2026, 11, 22), DEC31)
    assert isinstance(p.projected_end, Decimal) and p.projected_end.as_tuple().exponent == -2
    assert p.rate_per_month == D("889.53")  # 9.533,79 € / 326 days × 365 / 12
    leap = project_remaining(D("0.01"), D("366.00"), dt.date(2028, 1, 1), dt.date(2028, 12, 31),
                             dt.date(2028, 12, 31))
    assert leap.rate_per_month == D("30.50")


def test_year_bounds():
    assert year_bounds(2026) == (JAN1, DEC31)
