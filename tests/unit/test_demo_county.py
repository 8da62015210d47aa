"""The demo's synthetic survey counts reproduce the seeds' amounts (Nordheim, Cleebronn)."""

from decimal import Decimal

from dashboard.model.allocation import allocation_for, compare_years
from data.demo_county import DEMO_COUNTY_FUNDS, survey_counts
from data.reference_files import landkreis_gemeinden

GEMEINDEN = [g for g in landkreis_gemeinden() if g["AGS"] != "08121000"]  # without Stadtkreis Heilbronn
AGS = [g["AGS"] for g in GEMEINDEN]


def test_nordheim_31234_and_cleebronn_about_11000_euro_in_2025():
    allocation = allocation_for(2025, DEMO_COUNTY_FUNDS[2025], survey_counts(GEMEINDEN), AGS)
    assert len(allocation.shares) == 46
    assert allocation.total_persons == 2209
    assert allocation.share_of("08125074").amount == Decimal("31234.00")  # Nordheim, seed 002
    assert abs(allocation.share_of("08125017").amount - 11000) < 500  # Cleebronn, seed 003
    assert allocation.remainder == 0


def test_counts_are_deterministic_and_the_re_survey_moves_money():
    counts = survey_counts(GEMEINDEN)
    assert counts == survey_counts(GEMEINDEN)
    assert all(n > 0 and month.day == 1 for _, month, n in counts)
    this = allocation_for(2025, DEMO_COUNTY_FUNDS[2025], counts, AGS)
    following = allocation_for(2026, DEMO_COUNTY_FUNDS[2025], counts, AGS)
    changes = [c.change_pct for c in compare_years(this, following)]
    assert min(changes) < -15 and max(changes) > 10  # the swings a Gemeinderat must plan for
