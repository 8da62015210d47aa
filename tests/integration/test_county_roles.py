"""Roles Landkreisverwaltung and Gemeinde, and tokens of a Landkreis or a Gemeinde (issue 16, part 8),
on both backends: a Gemeinde's user sees its own row in full and the Kreis totals, nothing of another
Gemeinde; forged requests (callback posts, downloads, API, import) are refused in German, audited as
edit_refused, and write nothing."""

import base64
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dashboard.app import create_app
from dashboard.auth.passwords import hash_password
from dashboard.services.county import county_figures
from data import tokens, users
from data.db import make_engine, make_session_factory, transaction
from data.revision import bump_revision
from data.schema import ApiToken, Area, AuditEvent, TargetGroupCount
from tests.helpers import (
    ORIGIN,
    PASSWORD,
    audit_count,
    client_for,
    find_component,
    fire,
    fire_download,
    make_settings,
    texts,
)

NORDHEIM, ABSTATT = "08125074", "08125001"
PATH = "/landkreis"


@pytest.fixture
def county_app(tmp_path, demo_url):
    """The demo behind the login, with a Landkreis user, a Gemeinde user (Nordheim) and tokens."""
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        users.add(session, "kreis", hash_password(PASSWORD), "county", provider_code=None, actor="test",
                  area="Landkreis Heilbronn")
        users.add(session, "nordheim", hash_password(PASSWORD), "municipality", provider_code=None, actor="test",
                  area=NORDHEIM)
        made = {"kreis": tokens.create(session, name="Kreis", actor="t", county="lk-08125")[1],
                "nordheim": tokens.create(session, name="Nordheim", actor="t", municipality="Nordheim")[1],
                "awo": tokens.create(session, provider_code="awo", name="AWO", actor="t")[1]}
    app = create_app(make_settings(tmp_path, demo_url, login_required=True))
    yield app, sessions, made
    engine.dispose()


def show(client, search=""):
    return fire(client, "county-content.children", {"county-location.search": search,
                                                    "county-location.pathname": PATH}, headers=ORIGIN)


def refusals(sessions) -> int:
    return audit_count(sessions, "edit_refused")


def counts(sessions) -> list:
    with sessions() as session:
        return sorted(session.execute(select(TargetGroupCount.municipality_id, TargetGroupCount.month,
                                             TargetGroupCount.persons)).all())


def test_gemeinde_user_sees_its_own_row_and_the_kreis_totals_only(county_app):
    app, _, _ = county_app
    response = show(client_for(app, "nordheim"), f"?gemeinde={NORDHEIM}")
    content = texts(response["county-content"]["children"])
    assert "1.499.911 €" in content  # the Kreis' Land funds
    assert "31.234,00 €" in content and "Nordheim" in content
    assert "Abstatt" not in content and "Bad Friedrichshall" not in content
    assert "Eigenregie-Prüfung: Nordheim" in texts(response["county-detail"]["children"])
    assert [o["value"] for o in response["county-gemeinde"]["options"]] == [NORDHEIM]
    assert "IM in Nordheim" in content and "Gemeinden in Eigenregie" not in content  # not "1 von 1"
    change = " ".join(texts(find_component(response["county-content"]["children"], "county-change-chart")))
    assert change.startswith("Nordheim: 31.234,00 € im Jahr 2025")  # a sentence, not a one-bar chart


def test_forged_gemeinde_in_the_url_is_refused_in_german_and_audited(county_app):
    app, sessions, _ = county_app
    before = refusals(sessions)
    response = show(client_for(app, "nordheim"), f"?gemeinde={ABSTATT}")
    content = texts(response["county-content"]["children"])
    assert any("nur die Zahlen Ihrer eigenen Gemeinde" in t for t in content)
    assert not any("Abstatt" in t for t in content) and response["county-detail"]["children"] is None
    assert refusals(sessions) == before + 1


def test_landkreis_user_sees_every_gemeinde_of_its_kreis_but_no_other_kreis(county_app):
    app, _, _ = county_app
    client = client_for(app, "kreis")
    content = texts(show(client, f"?gemeinde={ABSTATT}")["county-content"]["children"])
    assert "Abstatt" in content and "Nordheim" in content
    other = texts(show(client, "?kreis=lk-08336")["county-content"]["children"])
    assert any("Sie sehen nur den Landkreis Heilbronn" in t for t in other)


def test_warm_page_of_one_gemeinde_is_never_handed_to_another(county_app):
    """Two Gemeinden's users, also where the warming stored one figures object of the Kreis for both
    their scopes: what each may see, and its rendered page, is kept per role and area code."""
    app, sessions, _ = county_app
    with transaction(sessions) as session:
        users.add(session, "abstatt", hash_password(PASSWORD), "municipality", provider_code=None, actor="test",
                  area=ABSTATT)
    ctx = app.server.extensions["im_cockpit"]
    nordheim, abstatt = client_for(app, "nordheim"), client_for(app, "abstatt")
    own = {client: texts(show(client)["county-content"]["children"]) for client in (nordheim, abstatt)}
    assert "31.234,00 €" in own[nordheim] and "Abstatt" not in own[nordheim]
    assert "IM in Abstatt" in own[abstatt] and "Nordheim" not in own[abstatt] and "31.234,00 €" not in own[abstatt]
    with transaction(sessions) as session:
        bump_revision(session)
    with sessions() as session:  # as the warming does after a write: one object for every scope seen
        ctx.figures.put(session, list(ctx.figures.scopes), county_figures, ctx.settings, "lk-08125", None, 0)
    kept = ctx.rendered.hits
    for client in (nordheim, abstatt, nordheim, abstatt):
        hits = ctx.figures.hits
        response = show(client)
        assert ctx.figures.hits == hits + 1  # the shared object …
        assert texts(response["county-content"]["children"]) == own[client]  # … as this reader may see it
    assert ctx.rendered.hits > kept  # the second round: kept
    assert [o["value"] for o in response["county-gemeinde"]["options"]] == [ABSTATT]
    whole = texts(show(client_for(app, "kreis"))["county-content"]["children"])  # another role: the whole Kreis
    assert "Abstatt" in whole and "Nordheim" in whole


def test_forged_gemeinde_and_kreis_are_refused_and_audited_on_warm_calls_too(county_app):
    app, sessions, _ = county_app
    nordheim, kreis = client_for(app, "nordheim"), client_for(app, "kreis")
    for client in (nordheim, kreis, nordheim, kreis):  # warm: the figures and the rendered pages are kept
        show(client)
    before = refusals(sessions)
    for _ in range(2):
        forged = show(nordheim, f"?gemeinde={ABSTATT}")
        assert any("nur die Zahlen Ihrer eigenen Gemeinde" in t for t in texts(forged["county-content"]["children"]))
        assert forged["county-detail"]["children"] is None and "Abstatt" not in str(forged)
        other = show(kreis, "?kreis=lk-08336")
        assert any("Sie sehen nur den Landkreis Heilbronn" in t for t in texts(other["county-content"]["children"]))
    assert refusals(sessions) == before + 4
    with sessions() as session:
        last = session.scalars(select(AuditEvent).where(AuditEvent.action == "edit_refused")
                               .order_by(AuditEvent.id.desc()).limit(2)).all()
    assert [(e.target, e.actor) for e in last] == [("landkreis", "kreis"), ("landkreis", "nordheim")]
    assert "31.234,00 €" in texts(show(nordheim)["county-content"]["children"])  # its own page still shows


def test_gemeinde_download_has_its_own_row_and_the_remainder_only(county_app):
    app, sessions, _ = county_app
    client = client_for(app, "nordheim")
    data = fire_download(client, "county", "allocation", "xlsx", headers=ORIGIN)
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["content"]))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    body = rows[next(i for i, r in enumerate(rows) if r[0] == "AGS") + 1:]
    assert [r[1] for r in body] == ["Nordheim", "Rundungsrest (beim Kreis)"]
    before = refusals(sessions)
    assert fire_download(client, "county", "allocation", "xlsx", search=f"?gemeinde={ABSTATT}",
                         headers=ORIGIN) is None
    assert refusals(sessions) == before + 1


def _post(client, path, rows, token):
    return client.post(f"/api/v1/{path}", data=json.dumps({"rows": rows}),
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def test_area_tokens_write_within_their_scope_only(county_app):
    app, sessions, token = county_app
    client = app.server.test_client()
    row = {"Gemeinde": NORDHEIM, "Zuweisungsmonat": "01.2026", "Personen": 4}
    before = counts(sessions)
    ok = _post(client, "target-group-counts", [row], token["nordheim"])
    assert ok.status_code == 200, ok.get_json()
    assert len(counts(sessions)) == len(before) + 1
    other = _post(client, "target-group-counts", [row | {"Gemeinde": ABSTATT}], token["nordheim"])
    assert other.status_code == 403 and "nur die Landkreis-Daten" in other.get_json()["error"]
    funds = _post(client, "county-funds", [{"Landkreis": "Landkreis Heilbronn", "Jahr": 2027, "Betrag": "1,00"}],
                  token["nordheim"])
    assert funds.status_code == 403
    assert _post(client, "target-group-counts", [row | {"Gemeinde": ABSTATT}], token["kreis"]).status_code == 200
    assert _post(client, "target-group-counts", [row | {"Personen": 9}], token["awo"]).status_code == 403
    cases = [{"Pseudonym": "K-1", "Team": "AWO", "AU-Zuweisung am": "01.09.2025", "Fallbeginn": "12.01.2026",
              "Integrationsplan": "ja", "Haushaltsgröße": 2}]
    assert _post(client, "cases", cases, token["kreis"]).status_code == 403
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "edit_refused", AuditEvent.actor.like("api:%"))) == 4
    assert len(counts(sessions)) == len(before) + 2


def test_gemeinde_import_of_another_gemeindes_rows_is_refused(county_app):
    app, sessions, _ = county_app
    client = client_for(app, "nordheim")
    csv = f"Gemeinde;Zuweisungsmonat;Personen\n{ABSTATT};01.2026;3\n".encode()
    contents = "data:text/csv;base64," + base64.b64encode(csv).decode()
    response = fire(client, "import-preview.children", {"import-upload.contents": contents,
                                                        "import-kind.value": "target_group_counts",
                                                        "import-upload.filename": "e.csv"},
                    changed="import-upload.contents", headers=ORIGIN)
    shown = " ".join(texts(response["import-preview"]["children"]))
    assert "nur Daten der eigenen Gemeinde" in shown and response["import-apply"]["disabled"] is True


def test_a_token_names_exactly_one_scope(county_app):
    _, sessions, _ = county_app
    with pytest.raises(tokens.TokenError, match="genau einen Geltungsbereich"):
        with transaction(sessions) as session:
            tokens.create(session, provider_code="awo", county="lk-08125", name="x", actor="t")
    with pytest.raises(tokens.TokenError, match="Gemeinde „Atlantis“ gibt es nicht"):
        with transaction(sessions) as session:
            tokens.create(session, municipality="Atlantis", name="x", actor="t")
    with pytest.raises(IntegrityError):
        with transaction(sessions) as session:
            county = session.scalar(select(Area.id).where(Area.code == "lk-08125"))
            session.add(ApiToken(token_hash="0" * 64, provider_id=None, county_id=None, name="x", created_by="t"))
            session.flush()
    with pytest.raises(IntegrityError):
        with transaction(sessions) as session:
            session.add(ApiToken(token_hash="1" * 64, provider_id=1, county_id=county, name="x", created_by="t"))
            session.flush()


def test_cli_token_and_user_for_a_kreis_and_a_gemeinde(tmp_path, monkeypatch, capsys, demo_sqlite_url):
    import shutil

    from dashboard.cli import main

    target = tmp_path / "t.sqlite3"
    shutil.copy(demo_sqlite_url.removeprefix("sqlite:///"), target)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    assert main(["token", "add", "--kreis", "Landkreis Heilbronn", "--name", "Landratsamt"]) == 0
    assert main(["token", "add", "--gemeinde", NORDHEIM, "--name", "Nordheim"]) == 0
    assert "für 08125074 angelegt" in capsys.readouterr().out
    assert main(["token", "add", "--gemeinde", "Atlantis", "--name", "x"]) == 1
    assert "Gemeinde „Atlantis“ gibt es nicht" in capsys.readouterr().err
    assert main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "lk-08125" in listing and "ags-08125074" in listing
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "nordheim", "--role", "municipality", "--gemeinde", "Nordheim",
                 "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "kreis", "--role", "county", "--password-stdin"]) == 1
    assert "bitte --kreis angeben" in capsys.readouterr().err
    assert main(["user", "list"]) == 0
    assert "nordheim                 Gemeinde (Nordheim)" in capsys.readouterr().out
