"""Ehrenamt against the temp demo database (SQLite and PostgreSQL): the coverage matrix equals a count
straight from the rows (nine topics × three Sozialräume, DOMAIN.md §5), the page callback and the
downloads show it, and project edits over HTTP write exactly one change — or, when invalid or not
allowed, nothing at all."""

import base64
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.services import volunteering as report
from dashboard.services.serialize import jsonable
from data.db import make_session_factory
from tests.helpers import DEMO_DAY, fire, fire_download, make_settings, texts

# DOMAIN.md §5: projects per topic
CONCEPT_TOPICS = {"labour_market": 3, "housing": 1, "forms": 3, "social_participation": 3, "language": 3,
                  "debt_prevention": 1, "homework": 3, "childcare": 1, "bicycle_workshop": 1}


@pytest.fixture
def fig(db, tmp_path, demo_url):
    with make_session_factory(db)() as session:
        return report.volunteering(session, make_settings(tmp_path, demo_url), DEMO_DAY)


def project_rows(engine) -> dict[int, tuple]:
    with engine.connect() as conn:
        return {r[0]: tuple(r) for r in conn.execute(text(
            "SELECT id, name, topic, provider_id, district_id, site, volunteers, volunteers_18_29, "
            "volunteers_30_49, volunteers_50_64, volunteers_65_plus, active_from, active_to, updated_by "
            "FROM volunteer_projects")).all()}


def revision(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT revision FROM dataset_info WHERE id = 1")).scalar_one()


def db_cells(engine, day=DEMO_DAY) -> Counter:
    """(topic, Sozialraum) → (projects, volunteers), counted in SQL from the rows."""
    with engine.connect() as conn:
        rows = conn.execute(text("""
            SELECT p.topic, s.name, COUNT(*), SUM(p.volunteers)
            FROM volunteer_projects p JOIN areas d ON d.id = p.district_id JOIN areas s ON s.id = d.parent_id
            WHERE p.active_from <= :d AND (p.active_to IS NULL OR p.active_to >= :d)
            GROUP BY p.topic, s.name"""), {"d": day}).all()
    return {(t, a): (int(n), int(v)) for t, a, n, v in rows}


def test_coverage_matrix_equals_the_rows(fig, db):
    cells = db_cells(db)
    areas = [a.social_area for a in fig.social_areas]
    assert areas == ["Sozialraum 1", "Sozialraum 2", "Sozialraum 3"]
    assert [a.providers for a in fig.social_areas] == [("AWO",), ("Caritas",), ("Diakonie",)]
    assert [r.topic for r in fig.coverage] == list(CONCEPT_TOPICS)
    for row in fig.coverage:
        for cell in row.cells:
            expected = cells.get((row.topic, cell.social_area), (0, 0))
            assert (cell.projects, cell.volunteers) == expected
            assert cell.gap == (expected[0] == 0)
    assert {r.topic: r.projects for r in fig.coverage} == CONCEPT_TOPICS
    assert fig.coverage_totals.projects == 19 and fig.volunteers == 150
    gaps = {(g.topic, g.social_area) for g in fig.gaps}
    assert gaps == {(t, a) for t in CONCEPT_TOPICS for a in areas if (t, a) not in cells}
    assert len(gaps) == 27 - len(cells) and fig.topics_covered == 9


def test_age_structure_and_history_add_up(fig, db):
    with db.connect() as conn:
        bands = conn.execute(text(
            "SELECT SUM(volunteers_18_29), SUM(volunteers_30_49), SUM(volunteers_50_64), SUM(volunteers_65_plus) "
            "FROM volunteer_projects")).one()
    assert [a.volunteers for a in fig.ages] == [int(b) for b in bands]
    assert sum(a.volunteers for a in fig.ages) == 150
    assert jsonable(fig.history[-1]) == {"day": "2026-11-22", "projects": 19, "volunteers": 150}
    with db.connect() as conn:
        early = conn.execute(text("SELECT COUNT(*), SUM(volunteers) FROM volunteer_projects "
                                  "WHERE active_from <= '2023-01-31'")).one()
    assert jsonable(fig.history[0]) == {"day": "2023-01-31", "projects": early[0], "volunteers": int(early[1])}


def page(client, search="?stichtag=2026-11-22"):
    return fire(client, "volunteering-kpis", {"volunteering-location.search": search,
                                              "volunteering-location.pathname": "/ehrenamt"},
                changed="volunteering-location.search")


def test_page_callback_over_http(client):
    response = page(client)
    kpis = texts(response["volunteering-kpis"]["children"])
    assert "19" in kpis and "150" in kpis and "9 von 9" in kpis
    matrix = texts(response["volunteering-matrix"]["children"])
    assert "Fahrradwerkstatt" in matrix and "Sozialraum 2" in matrix
    assert matrix.count("✖ Lücke") == 9 + 1  # nine gaps in the demo, plus the legend
    assert any("9 von 27" in t for t in kpis)
    content = texts(response["volunteering-content"]["children"])
    assert "Treffpunkt Deutsch" in content and "Stadtbibliothek Heilbronn (Theaterforum K3, Berliner Platz 12)" in content
    options = response["volunteering-edit-project"]["options"]
    assert len(options) == 20 and options[-1]["value"] == "new"


def test_an_earlier_stichtag_shows_fewer_projects(client, db):
    response = page(client, "?stichtag=2024-01-31")
    with db.connect() as conn:
        active = conn.execute(text("SELECT COUNT(*) FROM volunteer_projects WHERE active_from <= '2024-01-31'"
                                   )).scalar_one()
    assert active < 19
    assert str(active) in texts(response["volunteering-kpis"]["children"])


def test_downloads_carry_the_matrix(client):
    data = fire_download(client, "volunteering", "coverage", "xlsx", "?stichtag=2026-11-22")
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["content"]))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "Thema")
    assert header[1:3] == ["Sozialraum 1: Projekte", "Sozialraum 1: Ehrenamtliche"]
    bike = next(r for r in rows if r and r[0] == "Fahrradwerkstatt")
    assert bike[1:7] == [0, 0, 0, 0, 1, 8]
    csv = base64.b64decode(fire_download(client, "volunteering", "projects", "csv",
                                         "?stichtag=2026-11-22")["content"]).decode("utf-8-sig")
    assert "Projekt;Thema;Träger;Sozialraum" in csv and "Treffpunkt Deutsch;Sprachgruppen;AWO" in csv


def save(client, **values):
    sent = {"volunteering-edit-save.n_clicks": 1}
    sent.update({f"volunteering-edit-{k.replace('_', '-')}.value": v for k, v in values.items()})
    return fire(client, "volunteering-edit-result", sent, changed="volunteering-edit-save.n_clicks")


def ids_of(db, **names):
    with db.connect() as conn:
        return {k: conn.execute(text(sql), {"v": v}).scalar_one() for k, (sql, v) in names.items()}


def new_project(db, **overrides):
    refs = ids_of(db, provider=("SELECT id FROM providers WHERE code = :v", "diakonie"),
                  district=("SELECT id FROM areas WHERE name = :v", "Sontheim-Ost"))
    values = dict(project="new", name="Wohnungspaten Sontheim", topic="housing", provider=str(refs["provider"]),
                  district=str(refs["district"]), site="Gemeindehaus Sontheim", band_18_29="1", band_30_49="2",
                  band_50_64="0", band_65_plus="3", **{"from": "01.10.2026"}, to="")
    values.update(overrides)
    return values


def test_adding_a_project_writes_one_row_and_closes_a_gap(client, db):
    before, rev = project_rows(db), revision(db)
    response = save(client, **new_project(db, topic="debt_prevention"))
    message = " ".join(texts(response["volunteering-edit-result"]["children"]))
    assert "Neues Projekt „Wohnungspaten Sontheim“ angelegt (6 Ehrenamtliche)" in message
    after = project_rows(db)
    [new_id] = set(after) - set(before)
    assert {k: v for k, v in after.items() if k != new_id} == before
    row = after[new_id]
    assert row[1:3] == ("Wohnungspaten Sontheim", "debt_prevention")
    assert row[6:11] == (6, 1, 2, 0, 3) and str(row[11]) == "2026-10-01" and row[13] == "m.muster"
    assert revision(db) == rev + 1 and response["volunteering-revision"]["data"] == rev + 1
    assert response["volunteering-edit-project"]["value"] == str(new_id)
    matrix = texts(page(client)["volunteering-matrix"]["children"])
    assert matrix.count("✖ Lücke") == 9  # Schuldenprävention now has a project in Sozialraum 3


def test_ending_a_project_keeps_the_row(client, db):
    with db.connect() as conn:
        bike = conn.execute(text("SELECT id FROM volunteer_projects WHERE name = 'Fahrradwerkstatt'")).scalar_one()
    selected = fire(client, "volunteering-edit-name", {"volunteering-edit-project.value": str(bike)},
                    changed="volunteering-edit-project.value")
    assert selected["volunteering-edit-name"]["value"] == "Fahrradwerkstatt"
    assert selected["volunteering-edit-band-18-29"]["value"] is not None
    form = {k.removeprefix("volunteering-edit-").replace("-", "_"): v["value"] for k, v in selected.items()
            if "value" in v}
    form["to"] = "31.10.2026"
    response = save(client, project=str(bike), **form)
    assert "Gespeichert" in " ".join(texts(response["volunteering-edit-result"]["children"]))
    assert str(project_rows(db)[bike][12]) == "2026-10-31"
    fig = page(client)
    assert "✖ Lücke" in texts(fig["volunteering-matrix"]["children"])
    assert any(o["label"] == "Fahrradwerkstatt (beendet)" for o in fig["volunteering-edit-project"]["options"])


@pytest.mark.parametrize("overrides, fragment, field", [
    ({"name": " "}, "Name: bitte den Namen des Projekts angeben", "name"),
    ({"topic": None}, "Thema: bitte eines der neun Themen auswählen", "topic"),
    ({"band_30_49": "zwei"}, "„zwei“ ist keine ganze Zahl", "band-30-49"),
    ({"from": "2026-10-01x"}, "Aktiv seit: „2026-10-01x“ ist kein gültiges Datum", "from"),
    ({"to": "01.01.2026"}, "Aktiv bis (01.01.2026) liegt vor „Aktiv seit“", "to"),
    ({"district": "99999"}, "Stadtteil: den gewählten Stadtteil gibt es nicht", None),
    ({"project": None}, "bitte ein Projekt auswählen", None),
    ({"project": "99999"}, "das gewählte Projekt gibt es nicht", None),
])
def test_invalid_input_writes_nothing_and_says_why(client, db, overrides, fragment, field):
    before, rev = project_rows(db), revision(db)
    response = save(client, **new_project(db, **overrides))
    message = " ".join(texts(response["volunteering-edit-result"]["children"]))
    assert "Nicht gespeichert" in message and fragment in message
    assert "volunteering-revision" not in response
    if field:
        assert response[f"volunteering-edit-{field}"]["invalid"] is True
    assert project_rows(db) == before and revision(db) == rev


def test_a_provider_user_cannot_change_another_traegers_project(demo_url, tmp_path, db):
    """Forged requests: a Caritas user may neither add a Diakonie project nor take one over."""
    from dashboard.auth.passwords import hash_password
    from data import users
    from data.db import transaction

    password = "ein-langes-test-passwort-7"
    with transaction(make_session_factory(db)) as session:
        users.add(session, "caritas.test", hash_password(password), "provider", provider_code="caritas", actor="test")
    client = create_app(make_settings(tmp_path, demo_url, login_required=True)).server.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert client.post("/login", data={"username": "caritas.test", "password": password, "next": "/"}
                       ).status_code == 302
    before = project_rows(db)
    with db.connect() as conn:
        caritas = conn.execute(text("SELECT id FROM providers WHERE code = 'caritas'")).scalar_one()
        bike = conn.execute(text("SELECT id FROM volunteer_projects WHERE name = 'Fahrradwerkstatt'")).scalar_one()
    for values in (new_project(db), new_project(db, project=str(bike), provider=str(caritas))):
        response = save(client, **values)
        message = " ".join(texts(response["volunteering-edit-result"]["children"]))
        assert "Nicht gespeichert" in message and "Träger" in message
    assert project_rows(db) == before
    # its own Träger's project: allowed, and recorded under the user's name
    response = save(client, **new_project(db, provider=str(caritas)))
    assert "angelegt" in " ".join(texts(response["volunteering-edit-result"]["children"]))
    after = project_rows(db)
    [new_id] = set(after) - set(before)
    assert after[new_id][13] == "caritas.test"
