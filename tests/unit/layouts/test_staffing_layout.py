"""The page "Personal (VZÄ)" renders a component tree from plain figures (no database)."""

import datetime as dt
import json
from decimal import Decimal

import plotly.io as pio
import pytest
from dash import html
from plotly.utils import PlotlyJSONEncoder

from layouts import ids, staffing
from tests.helpers import ids_in, texts


def position(pid, provider, code, programme, programme_text, funding, funding_text, planned, filled,
             upper=False, label=None, until=None, site=None):
    name = f"{provider} · {programme_text}" + (f" ({label})" if label else "")
    return {"position_id": pid, "provider": provider, "provider_code": code, "programme": programme,
            "programme_text": programme_text, "funding": funding, "funding_text": funding_text,
            "label": label, "site": site, "upper_bound": upper, "planned": planned, "filled": filled,
            "vacant": max(0.0, round(planned - filled, 3)), "over": max(0.0, round(filled - planned, 3)),
            "funded_until": until, "name": name, "short_name": name}


def figures(**overrides) -> dict:
    positions = [
        position(1, "AWO", "awo", "im", "Integrationsmanagement", "land", "Land (VwV IM)", 0.5, 0.5,
                 until="2029-12-31", site="GU Mönchseestraße 83"),
        position(2, "Caritas", "caritas", "church_volunteer", "kirchliche Ehrenamtskoordination", "church",
                 "kirchliche Mittel", 0.4, 0.3, upper=True, label="CaDiFa", until="2027-12-31"),
        position(3, "Diakonie", "diakonie", "volunteer_coordination", "Ehrenamtskoordination", "city", "Stadt",
                 0.2, 0.3),
    ]
    fig = {
        "as_of": "2026-11-22",
        "providers": [{"provider_id": 1, "code": "awo", "provider": "AWO"},
                      {"provider_id": 2, "code": "caritas", "provider": "Caritas"}],
        "positions": positions,
        "by_provider": [
            {"provider": "AWO", "code": "awo", "planned": 0.5, "filled": 0.5, "vacant": 0.0, "over": 0.0,
             "upper_bound": False},
            {"provider": "Caritas", "code": "caritas", "planned": 0.4, "filled": 0.3, "vacant": 0.1, "over": 0.0,
             "upper_bound": True},
            {"provider": "Diakonie", "code": "diakonie", "planned": 0.2, "filled": 0.3, "vacant": 0.0,
             "over": 0.1, "upper_bound": False},
        ],
        "total": {"planned": 1.1, "filled": 1.1, "vacant": 0.1, "over": 0.0, "upper_bound": True},
        "shared": [{"position_id": 2, "name": "Caritas · kirchliche Ehrenamtskoordination (CaDiFa)",
                    "short_name": "Caritas · kirchl. EA (CaDiFa)",
                    "planned": 0.4, "filled": 0.3, "upper_bound": True, "city_share": 0.1,
                    "city_share_min": 0.15, "difference": -0.05, "status": "below_minimum",
                    "status_text": "✖ unter Minimum"}],
        "funding": [
            {"position_id": 2, "name": "Caritas · kirchliche Ehrenamtskoordination (CaDiFa)",
             "short_name": "Caritas · kirchl. EA (CaDiFa)", "funding_text": "kirchliche Mittel", "planned": 0.4,
             "upper_bound": True, "funded_until": "2026-12-31", "months_left": 1, "status": "warning",
             "status_text": "▲ endet bald"},
            {"position_id": 1, "name": "AWO · Integrationsmanagement", "short_name": "AWO · IM",
             "funding_text": "Land (VwV IM)", "planned": 0.5, "upper_bound": False, "funded_until": "2029-12-31",
             "months_left": 37, "status": "ok", "status_text": "✔ finanziert"},
        ],
        "warning_months": 12, "warning_until": "2027-11-22",
        "checks": {
            "min_fte": 0.1, "inconsistent": 1,
            "totals": [
                {"plan": "Plan A", "scope_text": "Träger Diakonie ohne kirchliche Mittel",
                 "quote": "Diakonie insgesamt 0,4 VZÄ", "stated": 0.4, "parts_sum": 0.9, "difference": 0.5,
                 "consistent": False, "status_text": "✖ Widerspruch", "upper_bound": False,
                 "parts_text": "EA 0,2 + MBE 0,2 + IM 0,5"},
                {"plan": "Plan A", "scope_text": "Träger AWO ohne kirchliche Mittel", "quote": "AWO insgesamt 0,9 VZÄ",
                 "stated": 0.9, "parts_sum": 0.9, "difference": 0.0, "consistent": True,
                 "status_text": "✔ stimmig", "upper_bound": False, "parts_text": "IM 0,5 + EA 0,4"},
            ],
            "small_posts": [{"name": "Caritas · Ehrenamtskoordination", "planned": 0.05}],
            "empty_programmes": ["Migrationsberatung (MBE)"],
        },
        "costs": {
            "parameters": {"cost_per_fte": "75000.00", "overhead_rate_pct": 20.0,
                           "land_funds_per_fte": "68000.00", "subsidy_cap_per_fte": "75000.00"},
            "rows": [{"position_id": 1, "short_name": "AWO · IM", "funding_text": "Land (VwV IM)", "planned": 0.5,
                      "personnel": "37500.00", "land_funds": "34000.00", "overhead": "7500.00",
                      "city_subsidy": "0.00", "gap": "3500.00"}],
            "total": {"personnel": "37500.00", "land_funds": "34000.00", "overhead": "7500.00",
                      "city_subsidy": "0.00", "gap": "3500.00"},
            "im": {"personnel": "37500.00", "land_funds": "34000.00", "overhead": "7500.00",
                   "city_subsidy": "0.00", "gap": "3500.00"},
            "im_fte": 0.5, "planned": 0.5,
        },
    }
    fig.update(overrides)
    return fig


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
    fig = figures(positions=[], by_provider=[], shared=[], funding=[],
                  total={"planned": 0.0, "filled": 0.0, "vacant": 0.0, "over": 0.0, "upper_bound": False})
    fig["checks"].update(totals=[], inconsistent=0, small_posts=[], empty_programmes=[])
    fig["costs"]["rows"] = []
    assert "Zum Stichtag sind keine Stellen erfasst." in texts(staffing.plan(fig))
    shown = texts(staffing.content(fig))
    assert "Es sind keine Summen eines Plans erfasst." in shown
    assert "Zum Stichtag hat keine Stelle eine befristete Finanzierung." in shown
    assert "✔ keine" in shown
    texts(staffing.kpis(fig))


def test_funding_timeline_is_german_and_large():
    fig = figures()
    chart = staffing.funding_timeline(fig["funding"], dt.date(2026, 11, 22), dt.date(2027, 11, 22), 12)
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
    options = staffing.position_options(fig["positions"])
    assert options[1] == {"label": "Caritas · kirchliche Ehrenamtskoordination (CaDiFa) · kirchliche Mittel · "
                                   "bis zu 0,4 VZÄ", "value": "2"}
    assert options[-1]["value"] == staffing.NEW
    assert staffing.provider_options(fig["providers"])[0] == {"label": "AWO", "value": "1"}
