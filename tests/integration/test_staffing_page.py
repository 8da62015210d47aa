"""Personal (VZÄ) against the temp demo database (SQLite and PostgreSQL): the Stellenplan equals the
rows, the concept's two contradictions are flagged (and only those), and edits over HTTP write
exactly one change and bump the revision — or, when invalid, nothing at all."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.model.plan_checks import FundingStatus, ShareStatus
from dashboard.services import staffing as report
from dashboard.services.serialize import jsonable
from data import positions
from data.db import make_session_factory, transaction
from tests.helpers import DEMO_DAY, fire, fire_download, make_settings, texts

# The Stellenplan of the ARGE concept 12/2025 as the page must show it (plus the city's own IM).
CONCEPT = [
    ("AWO", "Integrationsmanagement", "Land (VwV IM)", "0,5", "0,5"),
    ("AWO", "Ehrenamtskoordination", "Stadt", "0,4", "0,4"),
    ("Caritas", "Integrationsmanagement", "Land (VwV IM)", "1,0", "1,0"),
    ("Caritas", "Ehrenamtskoordination", "Stadt", "0,1", "0,1"),
    ("Caritas", "Migrationsberatung (MBE)", "Stadt", "0,3", "0,3"),
    ("Caritas", "kirchliche Ehrenamtskoordination (CaDiFa)", "kirchliche Mittel", "bis zu 0,4", "0,3"),
    ("Diakonie", "Ehrenamtskoordination", "Stadt", "0,2", "0,2"),
    ("Diakonie", "Migrationsberatung (MBE)", "Stadt", "0,2", "0,2"),
    ("Diakonie", "kirchliche Ehrenamtskoordination (KiDiFlü)", "kirchliche Mittel", "bis zu 0,2", "0,2"),
    ("Diakonie", "Integrationsmanagement", "Land (VwV IM)", "0,5", "0,5"),
    ("Stadt", "Integrationsmanagement", "Land (VwV IM)", "2,0", "2,0"),
]


@pytest.fixture
def fig(db, tmp_path, demo_url):
    with make_session_factory(db)() as session:
        return report.staffing(session, make_settings(tmp_path, demo_url), DEMO_DAY)


def dec(value) -> Decimal:
    """A VZÄ from the database or the figures, exact (SQLite's raw SQL returns floats)."""
    return Decimal(str(value)).normalize()


def db_rows(engine, day=DEMO_DAY) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("""
            SELECT po.id, pr.short_name, po.programme, po.funding, po.planned_fte, po.filled_fte,
                   po.planned_is_upper_bound, po.site, po.funded_until, po.updated_by
            FROM positions po JOIN providers pr ON pr.id = po.provider_id
            WHERE po.valid_from <= :d AND (po.valid_to IS NULL OR po.valid_to >= :d)
            ORDER BY pr.sort_order, po.id"""), {"d": day}).all()]


def all_positions(engine) -> dict[int, tuple]:
    with engine.connect() as conn:
        return {r[0]: tuple(r) for r in conn.execute(text(
            "SELECT id, provider_id, programme, funding, planned_fte, filled_fte, site, funded_until, "
            "valid_from, valid_to, updated_by FROM positions")).all()}


def revision(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT revision FROM dataset_info WHERE id = 1")).scalar_one()


def position_id(engine, provider: str, programme: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("""
            SELECT po.id FROM positions po JOIN providers pr ON pr.id = po.provider_id
            WHERE pr.code = :p AND po.programme = :g AND po.valid_from = '2026-01-01'"""),
            {"p": provider, "g": programme}).scalar_one()


# --- figures -----------------------------------------------------------------------------------

def test_stellenplan_equals_the_database_rows(fig, db):
    rows = db_rows(db)
    assert [(p.position_id, p.provider, p.programme, p.funding, dec(p.planned),
             dec(p.filled), p.upper_bound) for p in fig.positions] == [
        (r[0], r[1], r[2], r[3], dec(r[4]), dec(r[5]), bool(r[6])) for r in rows]
    planned = sum(dec(r[4]) for r in rows)
    filled = sum(dec(r[5]) for r in rows)
    assert Decimal(str(fig.total.planned)) == planned == Decimal("5.8")
    assert Decimal(str(fig.total.filled)) == filled == Decimal("5.7")
    assert {p.provider: p.planned for p in fig.by_provider} == {
        "AWO": 0.9, "Caritas": 1.8, "Diakonie": 1.1, "Stadt": 2.0}


def plan_rows(tree) -> list[list[str]]:
    """The Stellenplan's position rows as lists of cell texts (the first text of each cell)."""
    found = []

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict) and "props" in node:
            if str(node["props"].get("id", "")).startswith("staffing-row-"):
                found.append([(texts(cell["props"].get("children")) or [""])[0]
                              for cell in node["props"]["children"]])
            else:
                walk(node["props"].get("children"))

    walk(tree)
    return found


def test_the_page_shows_the_concepts_stellenplan(fig):
    import json

    from plotly.utils import PlotlyJSONEncoder

    from layouts import staffing

    tree = json.loads(json.dumps(staffing.plan(fig), cls=PlotlyJSONEncoder))
    rows = plan_rows(tree)
    assert [tuple(r[:5]) for r in rows] == CONCEPT
    cadifa = rows[5]
    assert cadifa[5] == "▼ 0,1 offen" and cadifa[6] == "31.12.2027"
    shown = texts(tree)
    assert "Gesamt (alle Träger)" in shown and "bis zu 5,8" in shown


def test_exactly_the_two_contradictions_are_flagged(fig):
    checks = {(r.scope, r.scope_code): r for r in fig.checks.totals}
    wrong = {k for k, r in checks.items() if not r.consistent}
    assert wrong == {("provider", "diakonie"), ("programme", "im")}
    assert checks[("provider", "diakonie")].quote == "Diakonie insgesamt 0,4 VZÄ"
    assert (checks[("provider", "diakonie")].stated, checks[("provider", "diakonie")].parts_sum) == (0.4, 0.9)
    assert (checks[("programme", "im")].stated, checks[("programme", "im")].parts_sum) == (1.5, 2.0)
    assert "1,5 VZÄ" in checks[("programme", "im")].quote
    for key, stated in {("provider", "awo"): 0.9, ("provider", "caritas"): 1.4, ("funding", "city"): 1.2,
                        ("funding", "church"): 0.6}.items():
        assert checks[key].consistent and checks[key].parts_sum == stated
        assert checks[key].status_text == "✔ stimmig"
    assert fig.checks.inconsistent == 2
    assert fig.checks.small_posts == () and fig.checks.empty_programmes == ()


def test_plan_checks_follow_an_edit_of_the_plan(db, tmp_path, demo_url):
    diakonie_im = position_id(db, "diakonie", "im")
    with transaction(make_session_factory(db)) as session:
        positions.update_position(session, diakonie_im, positions.PositionChange(Decimal("0"), Decimal("0")),
                                  user="test")
    with make_session_factory(db)() as session:
        fig = report.staffing(session, make_settings(tmp_path, demo_url), DEMO_DAY)
    checks = {(r.scope, r.scope_code): r for r in fig.checks.totals}
    assert checks[("programme", "im")].consistent  # 0,5 + 1,0 + 0 = 1,5
    assert checks[("provider", "diakonie")].consistent  # 0,2 + 0,2 + 0 = 0,4
    assert fig.checks.small_posts[0].name == "Diakonie · Integrationsmanagement"


def test_shared_posts_funding_ends_and_costs(fig):
    shared = {r.name: r for r in fig.shared}
    cadifa = shared["Caritas · kirchliche Ehrenamtskoordination (CaDiFa)"]
    assert (cadifa.city_share, cadifa.city_share_min, cadifa.status) == (0.2, 0.15, ShareStatus.ok)
    assert shared["Diakonie · kirchliche Ehrenamtskoordination (KiDiFlü)"].status == ShareStatus.ok
    ends = {r.short_name: (r.funded_until, r.status) for r in fig.funding}
    assert ends["Diakonie · kirchl. EA (KiDiFlü)"] == (dt.date(2026, 12, 31), FundingStatus.warning)
    assert ends["Caritas · kirchl. EA (CaDiFa)"] == (dt.date(2027, 12, 31), FundingStatus.ok)
    assert ends["Caritas · IM"] == (dt.date(2029, 12, 31), FundingStatus.ok)
    assert fig.funding_warnings == 1
    costs = fig.costs
    # 5,8 VZÄ × 75.000 €; Land 4,0 × 68.000 €; Pauschale 20 % of 2,0 VZÄ of freie Träger
    assert jsonable(costs.total) == {"personnel": "435000.00", "land_funds": "272000.00", "overhead": "30000.00",
                                     "city_subsidy": "90000.00", "gap": "28000.00"}


def test_an_earlier_stichtag_uses_the_plan_valid_then(db, tmp_path, demo_url):
    with make_session_factory(db)() as session:
        fig = report.staffing(session, make_settings(tmp_path, demo_url), dt.date(2025, 6, 30))
    assert {p.provider: p.planned for p in fig.by_provider} == {
        "AWO": 0.9, "Caritas": 0.9, "Diakonie": 0.9, "Stadt": 2.0}
    assert fig.checks.empty_programmes == ("Migrationsberatung (MBE)", "kirchliche Ehrenamtskoordination")
    assert fig.checks.inconsistent == 2  # the plan document is checked whatever the Stichtag


# --- callbacks over HTTP -----------------------------------------------------------------------

def test_page_callback_over_http(client):
    response = fire(client, "staffing-kpis", {"staffing-location.search": "?stichtag=2026-11-22", "staffing-location.pathname": "/personal"},
                    changed="staffing-location.search")
    plan = texts(response["staffing-plan"]["children"])
    assert "bis zu 0,4" in plan and "▼ 0,1 offen" in plan and "Summe Caritas" in plan
    content = texts(response["staffing-content"]["children"])
    assert content.count("✖ Widerspruch") == 2 and content.count("✔ stimmig") == 6
    assert "Diakonie insgesamt 0,4 VZÄ" in content
    options = response["staffing-edit-position"]["options"]
    assert options[-1]["value"] == "new" and len(options) == 12


def test_leaving_the_page_writes_no_stichtag_elsewhere(client):
    response = fire(client, "staffing-kpis", {"staffing-location.search": "", "staffing-location.pathname": "/"},
                    changed="staffing-location.search")
    assert response == {}  # PreventUpdate: nothing rendered, no ?stichtag= on the overview


def test_new_data_is_noticed_by_the_page_refresh(client, db):
    rev = revision(db)
    assert fire(client, "staffing-revision", {"staffing-refresh.n_intervals": 1, "staffing-revision.data": rev},
                changed="staffing-refresh.n_intervals") == {}
    with db.begin() as conn:
        conn.execute(text("UPDATE dataset_info SET revision = revision + 1 WHERE id = 1"))
    response = fire(client, "staffing-revision", {"staffing-refresh.n_intervals": 2, "staffing-revision.data": rev},
                    changed="staffing-refresh.n_intervals")
    assert response["staffing-revision"]["data"] == rev + 1


def test_selecting_a_position_fills_the_form(client, db):
    awo_ea = position_id(db, "awo", "volunteer_coordination")
    response = fire(client, "staffing-edit-planned", {"staffing-edit-position.value": str(awo_ea)},
                    changed="staffing-edit-position.value")
    assert response["staffing-edit-planned"]["value"] == "0,4"
    assert response["staffing-edit-filled"]["value"] == "0,4"
    assert response["staffing-edit-new-fields"]["style"] == {"display": "none"}
    new = fire(client, "staffing-edit-planned", {"staffing-edit-position.value": "new"},
               changed="staffing-edit-position.value")
    assert new["staffing-edit-planned"]["value"] == "" and new["staffing-edit-new-fields"]["style"]["display"] == "block"


def save(client, **values):
    defaults = {"staffing-edit-save.n_clicks": 1, "staffing-date.date": "2026-11-22"}
    sent = {**defaults, **{f"staffing-edit-{k.replace('_', '-')}.value": v for k, v in values.items()}}
    return fire(client, "staffing-edit-result", sent, changed="staffing-edit-save.n_clicks")


def test_edit_writes_one_change_and_bumps_the_revision(client, db):
    awo_ea = position_id(db, "awo", "volunteer_coordination")
    before, rev = all_positions(db), revision(db)
    response = save(client, position=str(awo_ea), planned="0,4", filled="0,2", site="Büro Innenstadt",
                    funded_until="31.12.2027", overstaffing=False)
    message = " ".join(texts(response["staffing-edit-result"]["children"]))
    assert "Gespeichert" in message and "m.muster" in message
    after = all_positions(db)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {awo_ea} and set(after) == set(before)
    row = after[awo_ea]
    assert (dec(row[4]), dec(row[5]), row[6], row[10]) == (Decimal("0.4"), Decimal("0.2"),
                                                                   "Büro Innenstadt", "m.muster")
    assert str(row[7]) == "2027-12-31"
    assert revision(db) == rev + 1
    assert response["staffing-revision"]["data"] == rev + 1
    # the page now shows the vacancy
    page = fire(client, "staffing-kpis", {"staffing-location.search": "?stichtag=2026-11-22", "staffing-location.pathname": "/personal"}, changed="staffing-location.search")
    assert "▼ 0,2 offen" in texts(page["staffing-plan"]["children"])


@pytest.mark.parametrize(
    "values, fragment",
    [
        (dict(planned="0,5,", filled="0,4"), "VZÄ Soll: „0,5,“ ist keine gültige Zahl"),
        (dict(planned="11", filled="0,4"), "VZÄ Soll: bitte einen Wert zwischen 0 und 10"),
        (dict(planned="0,4", filled="0,1234"), "VZÄ besetzt: höchstens 3 Nachkommastellen"),
        (dict(planned="0,4", filled=""), "VZÄ besetzt: bitte einen Wert eingeben"),
        (dict(planned="0,4", filled="0,5"), "„Überbesetzung“ ankreuzen"),
        (dict(planned="0,4", filled="0,4", funded_until="2027-12-31"), "Förderung bis: „2027-12-31“ ist kein gültiges Datum"),
        (dict(planned="0,4", filled="0,4", funded_until="31.12.2025"), "Förderung bis (31.12.2025) liegt vor dem Beginn"),
        (dict(planned="0,4", filled="0,4", site="x" * 201), "Standort: höchstens 200 Zeichen"),
    ],
)
def test_invalid_input_writes_nothing_and_says_why_in_german(client, db, values, fragment):
    awo_ea = position_id(db, "awo", "volunteer_coordination")
    before, rev = all_positions(db), revision(db)
    response = save(client, position=str(awo_ea), **values)
    message = " ".join(texts(response["staffing-edit-result"]["children"]))
    assert "Nicht gespeichert" in message and fragment in message
    assert "staffing-revision" not in response
    assert all_positions(db) == before and revision(db) == rev


def test_unknown_or_missing_position_is_refused(client, db):
    before, rev = all_positions(db), revision(db)
    for selected, fragment in ((None, "bitte eine Stelle auswählen"), ("99999", "gibt es nicht"),
                               ("abc", "gibt es nicht")):
        response = save(client, position=selected, planned="0,4", filled="0,4")
        assert fragment in " ".join(texts(response["staffing-edit-result"]["children"]))
    assert all_positions(db) == before and revision(db) == rev


def test_overstaffing_needs_the_explicit_box(client, db):
    awo_ea = position_id(db, "awo", "volunteer_coordination")
    rev = revision(db)
    response = save(client, position=str(awo_ea), planned="0,4", filled="0,5", overstaffing=True)
    assert "Gespeichert" in " ".join(texts(response["staffing-edit-result"]["children"]))
    assert dec(all_positions(db)[awo_ea][5]) == Decimal("0.5") and revision(db) == rev + 1


def test_add_a_new_position(client, db):
    before, rev = all_positions(db), revision(db)
    with db.connect() as conn:
        awo = conn.execute(text("SELECT id FROM providers WHERE code = 'awo'")).scalar_one()
    response = save(client, position="new", provider=str(awo), programme="migration_counselling",
                    funding="city", planned="0.25", filled="0", site="", funded_until="")
    assert "Neue Stelle angelegt" in " ".join(texts(response["staffing-edit-result"]["children"]))
    after = all_positions(db)
    [new_id] = set(after) - set(before)
    assert response["staffing-edit-position"]["value"] == str(new_id)
    assert response["staffing-revision"]["data"] == rev + 1
    row = after[new_id]
    assert row[1:4] == (awo, "migration_counselling", "city")
    assert (dec(row[4]), dec(row[5]), str(row[8]), row[9], row[10]) == (
        Decimal("0.25"), Decimal("0"), "2026-11-22", None, "m.muster")
    assert revision(db) == rev + 1
    # a new post without programme is refused
    response = save(client, position="new", provider=str(awo), programme=None, funding="city",
                    planned="0,2", filled="0,2")
    assert "Programm: bitte ein Programm auswählen" in " ".join(texts(response["staffing-edit-result"]["children"]))
    assert len(all_positions(db)) == len(after) and revision(db) == rev + 1


def test_checks_download_shows_the_contradictions(client):
    data = fire_download(client, "staffing", "checks", "csv", search="?stichtag=2026-11-22")
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Plan;Bereich;Was der Plan sagt;VZÄ laut Plan")
    assert sum(1 for line in lines if line.endswith("✖ Widerspruch")) == 2
    assert any(line.startswith("ARGE-Konzeption 12/2025;Träger Diakonie") and ";0,40;" in line and ";0,90;" in line
               for line in lines)


def test_empty_database_shows_german_empty_states(empty_url, tmp_path):
    client = create_app(make_settings(tmp_path, empty_url)).server.test_client()
    response = fire(client, "staffing-kpis", {"staffing-location.search": "", "staffing-location.pathname": "/personal"},
                    changed="staffing-location.search")
    assert "Zum Stichtag sind keine Stellen erfasst." in texts(response["staffing-plan"]["children"])
    assert "Es sind keine Summen eines Plans erfasst." in texts(response["staffing-content"]["children"])
