"""The Landkreis figures from the demo database on both backends: the seed's amounts, the arrangements
and next year's allocation after the re-survey, with the funds knob."""

from decimal import Decimal

import pytest

from dashboard.model.vocabulary import ImMode
from dashboard.services.county import NoCountyData, county_figures
from data.db import make_session_factory, read_session, transaction
from data.schema import CountyFunds


def test_demo_landkreis_reproduces_the_seeds(db, demo_settings):
    with read_session(make_session_factory(db)) as session:
        fig = county_figures(session, demo_settings)
    assert (fig.county_name, fig.year, len(fig.rows)) == ("Landkreis Heilbronn", 2025, 46)
    assert fig.allocation.funds == Decimal("1499911.00")
    nordheim, cleebronn = fig.row("08125074"), fig.row("08125017")
    assert nordheim.amount == Decimal("31234.00") and nordheim.mode is ImMode.county
    assert not nordheim.check.passes and nordheim.check.own_contribution == Decimal("6266.00")
    assert abs(cleebronn.amount - 11000) < 500 and cleebronn.mode is ImMode.verbund
    assert sum(r.amount for r in fig.rows) + fig.allocation.remainder == fig.allocation.funds
    assert fig.next_funds_assumed and fig.next_survey_complete


@pytest.mark.parametrize("pct", [0, -10, 25])
def test_the_funds_knob_scales_next_year_only(db, demo_settings, pct):
    with read_session(make_session_factory(db)) as session:
        fig = county_figures(session, demo_settings, funds_pct=pct)
    assert fig.allocation.funds == Decimal("1499911.00")
    assert fig.next_allocation.funds == (Decimal("1499911.00") * (1 + Decimal(pct) / 100)).quantize(Decimal("0.01"))
    assert sum(r.change.next_year for r in fig.rows) + fig.next_allocation.remainder == fig.next_allocation.funds


def test_next_year_uses_recorded_funds_when_there_are_some(db, demo_settings):
    sessions = make_session_factory(db)
    with transaction(sessions) as session:
        county = session.get(CountyFunds, 1).county
        session.add(CountyFunds(county=county, year=2026, amount=Decimal("1200000.00")))
    with read_session(sessions) as session:
        fig = county_figures(session, demo_settings, year=2025)
    assert fig.years == (2025, 2026) and not fig.next_funds_assumed
    assert fig.next_allocation.funds == Decimal("1200000.00")


def test_without_funds_the_page_says_what_to_import(db, demo_settings):
    sessions = make_session_factory(db)
    with transaction(sessions) as session:
        session.query(CountyFunds).delete()
    with read_session(sessions) as session, pytest.raises(NoCountyData, match="Landesmittel"):
        county_figures(session, demo_settings)
