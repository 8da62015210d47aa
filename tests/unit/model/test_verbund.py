"""Verbund billing, computed by hand (seed 003: Brackenheim sends ≥ 15 h/week to Cleebronn)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from dashboard.model.allocation import AllocationRule
from dashboard.model.verbund import (
    CostBasis,
    Quarter,
    Vat,
    VerbundError,
    check_transition,
    closed_quarters,
    cost_share_invoice,
    invoice,
    planned_year_cost,
    quarter_minimum,
    quarter_share,
    verbund_check,
)
from dashboard.model.vocabulary import BillingMode, InvoiceStatus, VatMode

TAXABLE = Vat(VatMode.taxable, D(19))
EXEMPT = Vat(VatMode.not_taxable, D(0))


def test_hourly_rate_from_the_cost_per_vzae_plus_ten_percent_over_39_hours_times_52():
    basis = CostBasis(D(75000), D(10), D(17600), D(39))
    # 75.000 + 7.500 = 82.500 € a year; 39 × 52 = 2.028 h; 82.500 / 2.028 = 40,6804… → 40,68 €
    assert basis.overhead == D("7500.00") and not basis.overhead_capped
    assert basis.annual_cost == D("82500.00")
    assert basis.hours_per_year == 2028
    assert basis.hourly_rate == D("40.68")


def test_overhead_is_capped_by_the_agreed_amount():
    basis = CostBasis(D(200000), D(10), D(17600))
    # 10 % of 200.000 = 20.000 > 17.600: the cap; (200.000 + 17.600) / 2.028 = 107,2978… → 107,30
    assert basis.overhead == D(17600) and basis.overhead_capped
    assert basis.hourly_rate == D("107.30")


@pytest.mark.parametrize(("field", "value"), [("cost_per_fte", D(0)), ("overhead_pct", D(101)),
                                              ("overhead_cap", D(-1)), ("weekly_hours", D(0))])
def test_cost_basis_refuses_unusable_figures(field, value):
    kwargs = {"cost_per_fte": D(75000), field: value}
    with pytest.raises(VerbundError):
        CostBasis(**kwargs)


def test_taxable_quarter_at_the_minimum():
    # 15 h × 13 weeks = 195 h; 195 × 40,68 = 7.932,60 net; 19 % = 1.507,194 → 1.507,19; gross 9.439,79;
    # Land share 10.864 / 4 = 2.716,00 offset → 6.723,79 to pay, all of it from Cleebronn's own budget
    figures = invoice(D(195), D("40.68"), TAXABLE, D("2716.00"), D(15))
    assert figures.minimum_hours == D(195) and not figures.under_minimum
    assert (figures.net, figures.vat, figures.gross) == (D("7932.60"), D("1507.19"), D("9439.79"))
    assert figures.land_share == D("2716.00")
    assert figures.payable == D("6723.79") and figures.own_budget == D("6723.79")


def test_not_taxable_quarter_without_vat_and_land_share_only_shown():
    # 200 h × 40,68 = 8.136,00 net, no VAT (§ 2b UStG); the Land share is shown, not offset:
    # the invoice asks for the gross 8.136,00; Cleebronn's own budget carries 8.136,00 − 2.716,00 = 5.420,00
    figures = invoice(D(200), D("40.68"), EXEMPT, D("2716.00"), D(15), offset=False)
    assert (figures.net, figures.vat, figures.gross) == (D("8136.00"), D("0.00"), D("8136.00"))
    assert figures.payable == D("8136.00")
    assert figures.own_budget == D("5420.00")


def test_quarter_under_the_minimum_is_flagged_and_billed_for_the_hours_worked():
    # summer: 172,5 h < 195 h; 172,5 × 40,68 = 7.017,30; 19 % = 1.333,287 → 1.333,29; gross 8.350,59;
    # minus 2.716,00 → 5.634,59; 22,5 h missing
    figures = invoice(D("172.5"), D("40.68"), TAXABLE, D("2716.00"), D(15), hours_unfunded=D("30"))
    assert figures.under_minimum and figures.missing_hours == D("22.5")
    assert (figures.net, figures.vat, figures.gross) == (D("7017.30"), D("1333.29"), D("8350.59"))
    assert figures.payable == D("5634.59")
    assert figures.unfunded_net == D("1220.40")  # 30 h × 40,68 ohne Landesförderung, shown apart


def test_land_share_above_the_invoice_leaves_nothing_to_pay_and_a_surplus():
    figures = invoice(D(10), D("40.68"), TAXABLE, D("2716.00"), D(15))
    # 406,80 + 77,29 = 484,09 gross; 2.716,00 − 484,09 = 2.231,91 surplus
    assert figures.payable == 0 and figures.own_budget == 0 and figures.surplus == D("2231.91")


def test_invoice_refuses_negative_or_inconsistent_hours():
    with pytest.raises(VerbundError, match="negativ"):
        invoice(D(-1), D("40.68"), TAXABLE, D(0), D(15))
    with pytest.raises(VerbundError, match="ohne Landesförderung"):
        invoice(D(10), D("40.68"), TAXABLE, D(0), D(15), hours_unfunded=D(11))


def test_not_taxable_has_no_rate():
    with pytest.raises(VerbundError, match="2b UStG"):
        Vat(VatMode.not_taxable, D(19))


def test_quarter_shares_add_up_to_the_year():
    parts = [quarter_share(D("10864.03"), q) for q in (1, 2, 3, 4)]
    assert parts == [D("2716.00"), D("2716.00"), D("2716.00"), D("2716.03")]
    assert sum(parts) == D("10864.03")


def test_quarters_and_the_minimum():
    assert quarter_minimum(D(15)) == 195
    assert Quarter(2025, 3).start == dt.date(2025, 7, 1) and Quarter(2025, 3).end == dt.date(2025, 9, 30)
    assert Quarter(2025, 4).end == dt.date(2025, 12, 31) and Quarter(2025, 4).next() == Quarter(2026, 1)
    closed = closed_quarters(dt.date(2025, 1, 1), dt.date(2029, 12, 31), dt.date(2026, 11, 22))
    assert [q.label for q in closed] == ["Q1/2025", "Q2/2025", "Q3/2025", "Q4/2025", "Q1/2026", "Q2/2026", "Q3/2026"]


def test_planned_year_cost_of_the_minimum():
    # a quarter 7.932,60 + 1.507,19 = 9.439,79; four: 37.759,16
    assert planned_year_cost(D(15), D("40.68"), TAXABLE) == D("37759.16")
    assert planned_year_cost(D(15), D("40.68"), EXEMPT) == D("31730.40")


def test_status_moves_one_step_forward_only():
    check_transition(InvoiceStatus.draft, InvoiceStatus.issued)
    check_transition(InvoiceStatus.issued, InvoiceStatus.paid)
    with pytest.raises(VerbundError, match="gestellt"):
        check_transition(InvoiceStatus.draft, InvoiceStatus.paid)
    with pytest.raises(VerbundError, match="bleibt bezahlt"):
        check_transition(InvoiceStatus.paid, InvoiceStatus.draft)


def test_verbund_check_pools_the_shares_and_shares_the_post():
    # Cleebronn alone: 10.864 € / 75.000 = 0,14 VZÄ, fails; with Brackenheim's 27.838 € the Verbund funds
    # 38.702 / 75.000 = 0,516 VZÄ ≥ 0,5; the posts serving it: 1,4 VZÄ
    result = verbund_check([D(10864), D(27838)], D(75000), D("1.4"), AllocationRule())
    assert result.money.passes and result.posts_pass and result.passes
    assert result.money.own_contribution == 0
    alone = verbund_check([D(10864)], D(75000), D("0.4"))
    assert not alone.passes and alone.money.own_contribution == D("26636.00") and not alone.posts_pass


def test_compare_eigenregie_verbund_landkreis_for_cleebronn():
    from dashboard.model.verbund_compare import POINTS, compare

    basis = CostBasis(D(75000), D(10), D(17600), D(39))
    own, verbund, county = compare(D(10864), basis, D("0.5"), D("37759.16"), D(15))
    # own post: 0,5 × 82.500 = 41.250 € out, 30.386 € own budget, 19,5 h a week
    assert (own.money_out, own.own_budget, own.hours_per_week) == (D("41250.00"), D("30386.00"), D("19.5"))
    # Verbund: the year's invoices 37.759,16 € − 10.864 € = 26.895,16 €, 15 h a week
    assert (verbund.own_budget, verbund.hours_per_week) == (D("26895.16"), D(15))
    # Landkreis: nothing in, nothing out, hours set by the Kreis
    assert (county.money_in, county.money_out, county.own_budget, county.hours_per_week) == (0, 0, 0, None)
    assert {p.topic for p in POINTS} >= {"Präsenz vor Ort", "Betreuung über drei Jahre hinaus"}


def test_cost_share_invoice_by_hand_taxable_and_under_the_minimum():
    # Brackenheim's actual cost of the quarter 29.000 €, Cleebronn's agreed share 27 %:
    # net 7.830,00 €, 19 % 1.487,70 €, gross 9.317,70 €, minus the Land share 2.716,00 € → 6.601,70 €;
    # 180 h booked of 195 h minimum (15 h missing), effective rate 7.830 ÷ 180 = 43,50 €,
    # 20 h for clients ohne Landesförderung → 7.830 × 20 ÷ 180 = 870,00 € of the net
    figures = cost_share_invoice(D(29000), D(27), D(180), TAXABLE, D("2716.00"), D(15), True, D(20))
    assert (figures.net, figures.vat, figures.gross) == (D("7830.00"), D("1487.70"), D("9317.70"))
    assert figures.payable == D("6601.70") and figures.own_budget == D("6601.70")
    assert figures.hourly_rate == D("43.50") and figures.unfunded_net == D("870.00")
    assert figures.under_minimum and figures.missing_hours == D(15)
    assert (figures.billing, figures.cost_share_pct, figures.actual_cost) == (BillingMode.cost_share, D(27), D("29000.00"))


def test_cost_share_invoice_not_taxable_shows_the_land_share_only():
    figures = cost_share_invoice(D("31234.57"), D("33.5"), D(200), EXEMPT, D("2716.00"), D(15), False)
    # 31.234,57 × 33,5 % = 10.463,58095 → 10.463,58 €; nicht steuerbar: gross = net; the whole gross is due
    assert (figures.net, figures.vat, figures.gross, figures.payable) == (D("10463.58"), D(0), D("10463.58"), D("10463.58"))
    assert figures.own_budget == D("7747.58") and not figures.under_minimum


@pytest.mark.parametrize(("cost", "share", "message"), [(D(-1), D(27), "Ist-Kosten"), (D(1000), D(0), "Kostenanteil"),
                                                        (D(1000), D(101), "Kostenanteil")])
def test_cost_share_invoice_refuses_impossible_inputs(cost, share, message):
    with pytest.raises(VerbundError, match=message):
        cost_share_invoice(cost, share, D(10), TAXABLE, D(0), D(15))
