"""The second demo Kreis, Landkreis Lörrach: its 35 Gemeinden from the reference file, synthetic counts
whose shares plus the Rundungsrest are exactly the Kreis' funds (also for Heilbronn and under any
change of the funds), and the agreement's structure (seed 004)."""

from decimal import Decimal

import pytest

from dashboard.model.allocation import allocation_for, scale_funds
from data.county_structure import LOERRACH_AGREEMENT
from data.demo_county import DEMO_COUNTY_FUNDS, LOERRACH_FUNDS, loerrach_survey_counts, survey_counts
from data.reference_files import KREISE, landkreis_gemeinden

LOERRACH = KREISE["loerrach"].gemeinden()
HEILBRONN = [g for g in landkreis_gemeinden() if g["AGS"] != "08121000"]


def test_loerrach_reference_has_35_gemeinden_with_ags_population_and_centroid():
    assert len(LOERRACH) == 35 and len({g.ags for g in LOERRACH}) == 35
    assert all(len(g.ags) == 8 and g.ags.startswith("08336") and g.ags.isdigit() for g in LOERRACH)
    assert all(g.population > 0 and 47.5 < g.lat < 47.9 and 7.5 < g.lon < 8.0 for g in LOERRACH)
    names = {g.name for g in LOERRACH}
    assert {"Lörrach", "Weil am Rhein", "Rheinfelden (Baden)", "Schwörstadt", "Grenzach-Wyhlen",
            "Efringen-Kirchen"} <= names
    kandertal = sorted(g.name for g in LOERRACH if g.verband == "GVV Vorderes Kandertal")
    assert kandertal == ["Binzen", "Eimeldingen", "Fischingen", "Rümmingen", "Schallbach", "Wittlingen"]
    assert set(LOERRACH_AGREEMENT) <= {g.ags for g in LOERRACH}


@pytest.mark.parametrize("pct", [0, -10, 7, 33])
def test_shares_plus_remainder_are_the_funds_in_both_kreise(pct):
    cases = [(LOERRACH_FUNDS[2025], loerrach_survey_counts(), [g.ags for g in LOERRACH]),
             (DEMO_COUNTY_FUNDS[2025], survey_counts(HEILBRONN), [g["AGS"] for g in HEILBRONN])]
    for funds, counts, ags in cases:
        for year in (2025, 2026, 2027):
            allocation = allocation_for(year, scale_funds(funds, Decimal(pct)), counts, ags)
            assert sum(s.amount for s in allocation.shares) + allocation.remainder == allocation.funds
            assert Decimal(0) <= allocation.remainder < Decimal("0.01") * len(ags)


def test_loerrach_demo_counts_are_synthetic_deterministic_and_give_670_euro_per_person():
    counts = loerrach_survey_counts()
    assert counts == loerrach_survey_counts()
    allocation = allocation_for(2025, LOERRACH_FUNDS[2025], counts, [g.ags for g in LOERRACH])
    assert allocation.total_persons == 1560 and allocation.per_person == Decimal("670.00")
    assert all(s.persons > 0 for s in allocation.shares)  # every Gemeinde in the window
