"""The page "Personal (VZÄ)" renders a component tree from plain figures (no database)."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import plotly.io as pio
import pytest
from dash import html
from plotly.utils import PlotlyJSONEncoder

from dashboard.model.costs import PostCost
from dashboard.model.figures.staffing import (
    CostFigureParameters,
    CostFigures,
    FundingEnd,
    PlanChecks,
    PlanTotalCheck,
    Position,
    PositionCost,
    ProviderChoice,
    ProviderStaff,
    SharedPost,
    SmallPost,
    StaffingFigures,
    StaffLine,
)
from dashboard.model.plan_checks import FundingStatus, ShareStatus
from layouts import ids, staffing
from tests.helpers import ids_in, texts

D = Decimal
replace = dataclasses.replace


def position(pid, provider, code, programme, programme_text, funding, funding_text, planned, filled,
             upper=False, label=None, until=None, site=None) -> Position:
    name = f"{provider} · {programme_text}" + (f" ({label})" if label else "")
    return Position(position_id=pid, provider=provider, provider_code=code, provider_kind="provider",
                    sort_order=pid, programme=programme, programme_text=programme_text, funding=funding,
                    funding_text=funding_text, label=label, site=site, plan="Plan A", upper_bound=upper,
                    funded_until=dt.date.fromisoformat(until) if until else None, name=name, short_name=name,
                    planned=planned, filled=filled, vacant=max(0.0, round(planned - filled, 3)),
                    over=max(0.0, round(filled - planned, 3)))


def check(scope_text, quote, stated, parts_sum, difference, consistent, parts_text) -> PlanTotalCheck:
    return PlanTotalCheck(plan="Plan A", scope="provider", scope_code=scope_text.split()[1].lower(),
                          scope_text=scope_text, quote=quote, stated=stated, parts_sum=parts_sum,
                          difference=difference, consistent=consistent,
                          status_text="✔ stimmig" if consistent else "✖ Widerspruch", upper_bound=False,
                          parts_text=parts_text)


IM_COST = PostCost(personnel=D("37500.00"), land_funds=D("34000.00"), overhead=D("7500.00"),
                   city_subsidy=D("0.00"), gap=D("3500.00"))


def figures(**overrides) -> StaffingFigures:
    positions = (
        position(1, "AWO", "awo", "im", "Integrationsmanagement", "land", "Land (VwV IM)", 0.5, 0.5,
                 until="2029-12-31", site="GU Mönchseestraße 83"),
        position(2, "Caritas", "caritas", "church_volunteer", "kirchliche Ehrenamtskoordination", "church",
                 "kirchliche Mittel", 0.4, 0.3, upper=True, label="CaDiFa", until="2027-12-31"),
        position(3, "Diakonie", "diakonie", "volunteer_coordination", "Ehrenamtskoordination", "city", "Stadt",
                 0.2, 0.3),
    )
    fig = StaffingFigures(
        as_of=dt.date(2026, 11, 22), stand=None, revision=None,
        providers=(ProviderChoice(1, "awo", "AWO"), ProviderChoice(2, "caritas", "Caritas")),
        positions=positions,
        by_provider=(
            ProviderStaff("AWO", "awo", planned=0.5, filled=0.5, vacant=0.0, over=0.0, upper_bound=False),
            ProviderStaff("Caritas", "caritas", planned=0.4, filled=0.3, vacant=0.1, over=0.0, upper_bound=True),
            ProviderStaff("Diakonie", "diakonie", planned=0.2, filled=0.3, vacant=0.0, over=0.1, upper_bound=False),
        ),
        total=StaffLine(planned=1.1, filled=1.1, vacant=0.1, over=0.0, upper_bound=True),
        shared=(SharedPost(position_id=2, name="Caritas · kirchliche Ehrenamtskoordination (CaDiFa)",
                           short_name="Caritas · kirchl. EA (CaDiFa)", provider="Caritas", label="CaDiFa",
                           funding_text="kirchliche Mittel", planned=0.4, filled=0.3, upper_bound=True,
                           city_share=0.1, city_share_min=0.15, difference=-0.05, status=ShareStatus.below_minimum,
                           status_text="✖ unter Minimum"),),
        funding=(
            FundingEnd(position_id=2, name="Caritas · kirchliche Ehrenamtskoordination (CaDiFa)", provider="Caritas",
                       provider_code="caritas", programme_text="kirchliche Ehrenamtskoordination",
                       funding_text="kirchliche Mittel", label="CaDiFa", short_name="Caritas · kirchl. EA (CaDiFa)",
                       planned=0.4, upper_bound=True, funded_until=dt.date(2026, 12, 31), months_left=1,
                       status=FundingStatus.warning, status_text="▲ endet bald"),
            FundingEnd(position_id=1, name="AWO · Integrationsmanagement", provider="AWO", provider_code="awo",
                       programme_text="Integrationsmanagement", funding_text="Land (VwV IM)", label=None,
                       short_name="AWO · IM", planned=0.5, upper_bound=False, funded_until=dt.date(2029, 12, 31),
                       months_left=37, status=FundingStatus.ok, status_text="✔ finanziert"),
        ),
        warning_months=12, warning_until=dt.date(2027, 11, 22), funding_warnings=1,
        checks=PlanChecks(
            min_fte=0.1, inconsistent=1,
            totals=(
                check("Träger Diakonie ohne kirchliche Mittel", "Diakonie insgesamt 0,4 VZÄ", 0.4, 0.9, 0.5, False,
                      "EA 0,2 + MBE 0,2 + IM 0,5"),
                check("Träger AWO ohne kirchliche Mittel", "AWO insgesamt 0,9 VZÄ", 0.9, 0.9, 0.0, True,
                      "IM 0,5 + EA 0,4"),
            ),
            small_posts=(SmallPost("Caritas · Ehrenamtskoordination", 0.05),),
            empty_programmes=("Migrationsberatung (MBE)",),
        ),
        costs=CostFigures(
            parameters=CostFigureParameters(cost_per_fte=D("75000.00"), overhead_rate_pct=20.0,
                                            land_funds_per_fte=D("68000.00"), subsidy_cap_per_fte=D("75000.00")),
            rows=(PositionCost(position_id=1, name="AWO · Integrationsmanagement", short_name="AWO · IM",
                               provider="AWO", programme="im", programme_text="Integrationsmanagement",
                               funding_text="Land (VwV IM)", planned=0.5, upper_bound=False,
                               **dataclasses.asdict(IM_COST)),),
            total=IM_COST, im=IM_COST, im_fte=0.5, planned=0.5,
        ),
    )
    return replace(fig, **overrides)


def test_layout_has_the_frame_the_callbacks_fill():
    tree = staffing.layout(stichtag="2026-11-22")
    assert isinstance(tree, html.Div)
    found = ids_in(tree)
    for needed in (ids.STAFFING_DATE, ids.STAFFING_MESSAGE, ids.STAFFING_KPIS, ids.STAFFING_PLAN,
                   ids.STAFFING_CONTENT, ids.STAFFING_LOCATION, ids.STAFFING_REVISION, ids.STAFFING_REFRESH,
                   ids.STAFFING_EDIT_POSITION,
                   ids.STAFFING_EDIT_PLANNED, ids.STAFFING_EDIT_FILLED, ids.STAFFING_EDIT_SITE,
                   ids.STAFFING_EDIT_FUNDED_UNTIL, ids.STAFFING_EDIT_OVERSTAFFING, ids.STAFFING_EDIT_SAVE,
                   ids.STAFFING_EDIT_RESULT, ids.STAFFING_EDIT_PROVIDER):
        assert needed in found, needed
    shown = " ".join(texts(tree))
    assert "Personal (VZÄ)" in shown and "Förderung bis" in shown
    assert "Überbesetzung" in json.dumps(tree, cls=PlotlyJSONEncoder, ensure_ascii=False)  # checkbox label


def test_plan_shows_upper_bounds_vacancies_and_totals():
    shown = texts(staffing.plan(figures()))
    assert "bis zu 0,4" in shown
    assert "▼ 0,1 offen" in shown  # vacancy: icon and text, not colour alone
    assert "▲ 0,1 über Soll" in shown
    assert "Summe Caritas" in shown and "Gesamt (alle Träger)" in shown
    assert "kirchliche Ehrenamtskoordination (CaDiFa)" in shown
    assert "31.12.2027" in shown and "GU Mönchseestraße 83" in shown


def test_kpis_and_content_render():
    fig = figures()
    kpis = texts(staffing.kpis(fig))
    assert "Plan-Widersprüche" in kpis and "✖ Widerspruch" in kpis
    assert any("Caritas · kirchl. EA (CaDiFa) am 31.12.2026" in t for t in kpis)
    content = staffing.content(fig)
    shown = texts(content)
    assert "Diakonie insgesamt 0,4 VZÄ" in shown and "+0,5" in shown and "✖ Widerspruch" in shown
    assert "✔ stimmig" in shown and "0,0" in shown
    assert "✖ unter Minimum" in shown
    assert any("unter 0,1 VZÄ" in t for t in shown)
    assert "Migrationsberatung (MBE)" in shown
    assert "37.500 €" in shown and "3.500 €" in shown
    found = ids_in(content)
    assert {ids.STAFFING_CHECKS_TABLE, ids.STAFFING_SHARED_TABLE, ids.STAFFING_FUNDING_CHART,
            ids.STAFFING_COSTS_TABLE, ids.STAFFING_OTHER_CHECKS} <= found


def test_empty_figures_show_german_empty_states():
    fig = figures(positions=(), by_provider=(), shared=(), funding=(),
                  total=StaffLine(planned=0.0, filled=0.0, vacant=0.0, over=0.0, upper_bound=False))
    fig = replace(fig, checks=replace(fig.checks, totals=(), inconsistent=0, small_posts=(), empty_programmes=()),
                  costs=replace(fig.costs, rows=()))
    assert "Zum Stichtag sind keine Stellen erfasst." in texts(staffing.plan(fig))
    shown = texts(staffing.content(fig))
    assert "Es sind keine Summen eines Plans erfasst." in shown
    assert "Zum Stichtag hat keine Stelle eine befristete Finanzierung." in shown
    assert "✔ keine" in shown
    texts(staffing.kpis(fig))


def test_funding_timeline_is_german_and_large():
    fig = figures()
    chart = staffing.funding_timeline(fig.funding, dt.date(2026, 11, 22), dt.date(2027, 11, 22), 12)
    data = json.loads(pio.to_json(chart))
    bar = data["data"][0]
    assert bar["y"][0] == "Caritas · kirchl. EA (CaDiFa) bis zu 0,4 VZÄ"
    assert bar["text"][0] == "▲ 31.12.2026 (noch 1 Monat)"
    assert bar["text"][1] == "31.12.2029"
    assert data["layout"]["separators"] == ",."
    assert data["layout"]["font"]["size"] >= 18
    assert data["layout"]["xaxis"]["tickformat"] == "%Y"  # no English month names
    assert "Stichtag 22.11.2026" in data["layout"]["annotations"][0]["text"]


@pytest.mark.parametrize("value, expected", [(Decimal("0.500"), "0,5"), (Decimal("1"), "1,0"),
                                             (Decimal("0.125"), "0,125"), (Decimal("10.000"), "10,0"),
                                             (None, "")])
def test_fte_text_is_exact_and_german(value, expected):
    assert staffing.fte_text(value) == expected


def test_form_values_of_a_position():
    values = staffing.form_values({"planned_fte": Decimal("0.400"), "filled_fte": Decimal("0.500"),
                                   "site": None, "funded_until": dt.date(2027, 12, 31),
                                   "valid_from": dt.date(2026, 1, 1), "updated_by": "demo"})
    assert values == {"planned": "0,4", "filled": "0,5", "site": "", "funded_until": "31.12.2027",
                      "overstaffing": True, "info": "Stelle seit 01.01.2026 · zuletzt geändert von demo"}
    assert staffing.form_values(None)["planned"] == ""


def test_options():
    fig = figures()
    options = staffing.position_options(fig.positions)
    assert options[1] == {"label": "Caritas · kirchliche Ehrenamtskoordination (CaDiFa) · kirchliche Mittel · "
                                   "bis zu 0,4 VZÄ", "value": "2"}
    assert options[-1]["value"] == staffing.NEW
    assert staffing.provider_options(fig.providers)[0] == {"label": "AWO", "value": "1"}
