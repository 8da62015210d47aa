"""Saved Sitzungen (issue 15 part 2) on SQLite and PostgreSQL: save / list / delete with audit events, the
role check (a viewer plays but cannot save; a forged save is refused and audited), the played step's slide
list, and the Sitzungsunterlage built from a saved Sitzung with the service's figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callbacks import meetings as meeting_callbacks
from callbacks.shell import render_slide_list
from dashboard import services
from dashboard.model.formatting import fmt_eur, fmt_int, fmt_pct
from dashboard.model.meeting import Meeting, MeetingItem
from dashboard.pages import PAGES
from dashboard.pdf.meeting import meeting_file
from dashboard.services import meetings as service
from dashboard.services import scenarios as scenario_report
from dashboard.services.county import county_figures
from data import meetings as meeting_data
from data import scenarios as scenario_data
from data.db import transaction
from data.schema import AuditEvent, MeetingRow
from layouts import ids
from tests.helpers import DEMO_DAY, ORIGIN, components, fire, login, pdf_text_pages

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"
DAY = dt.date(2026, 12, 10)
ITEMS = (MeetingItem("/", {}, ("kennzahlen", "teams")), MeetingItem("/fallzahlen", {}, ("verlauf",)))


def _meeting(**changes) -> Meeting:
    values = dict(day=DAY, body="steering", title="Sitzung  Dezember", items=ITEMS, interval=60)
    values.update(changes)
    return Meeting(**values)


def _events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_save_list_get_and_delete_are_audited(sessions):
    with transaction(sessions) as session:
        first = meeting_data.save(session, _meeting(), user="m.muster")
        second = meeting_data.save(session, _meeting(day=dt.date(2027, 1, 14), body="coordination", interval=None,
                                                     title="Januar"), user="m.muster")
    with transaction(sessions) as session:
        listed = meeting_data.listing(session)
        assert [m.id for m in listed] == [second, first]  # the latest meeting day first
        got = meeting_data.get(session, first)
        assert got.title == "Sitzung Dezember" and got.day == DAY and got.interval == 60
        assert got.items == ITEMS and got.body_label == "Steuerungsgremium"
        (saved,) = [e for e in _events(session, "meeting_saved") if e.target == f"Sitzung #{first}"]
        assert saved.actor == "m.muster" and saved.detail == {"title": "Sitzung Dezember", "day": "2026-12-10",
                                                              "body": "steering", "steps": 2}
        assert meeting_data.delete(session, first, user="m.muster") is True
        assert meeting_data.delete(session, first, user="m.muster") is False
    with transaction(sessions) as session:
        assert [m.id for m in meeting_data.listing(session)] == [second]
        assert [e.target for e in _events(session, "meeting_deleted")] == [f"Sitzung #{first}"]


def test_the_form_builds_a_sitzung_from_offered_choices_only(sessions, monkeypatch):
    with transaction(sessions) as session:
        offered = [c.value for c in service.catalogue(session, PAGES)]
        assert "/#kennzahlen" in offered and "/fallzahlen#verlauf" in offered
        assert "/landkreis#zuteilung" in offered  # the demo has a Landkreis
        monkeypatch.setattr(service, "counties", lambda _session: [])
        assert not any(c.path == "/landkreis" for c in service.catalogue(session, PAGES))  # no Landkreis data
        monkeypatch.undo()
        assert not any(v.startswith("/verwaltung") or v.startswith("/berichte") for v in offered)
        meeting, problems = service.build(session, PAGES, day="2026-12-10", body="steering", title="Dezember",
                                          interval=None, picked=["/#kennzahlen", "/#teams", "/fallzahlen#verlauf"])
        assert problems == [] and meeting.items == ITEMS
        _, problems = service.build(session, PAGES, day="2026-12-10", body="steering", title="Dezember",
                                    interval=5, picked=["/verwaltung#benutzer"])
        assert problems[0].startswith("„/verwaltung#benutzer“ steht nicht zur Auswahl")
        assert any("alle 10 bis 600 s (angegeben: 5 s)" in p for p in problems)
        assert any("keine Folien" in p for p in problems)


def test_the_played_step_restricts_the_slides_and_names_its_neighbours(sessions, monkeypatch):
    monkeypatch.setattr("callbacks.shell.current_role", lambda: "viewer")
    with transaction(sessions) as session:
        meeting_id = meeting_data.save(session, _meeting(), user="m.muster")

    class Ctx:
        pass

    ctx = Ctx()
    ctx.sessions = sessions
    first = render_slide_list(ctx, PAGES, "/", f"?praesentation=1&sitzung={meeting_id}&schritt=1")
    assert [getattr(li, "data-slide") for li in first.children] == ["kennzahlen", "teams"]
    assert getattr(first, "data-step") == "Schritt 1 von 2"
    assert getattr(first, "data-next-url") == f"/fallzahlen?praesentation=1&sitzung={meeting_id}&schritt=2&folie=verlauf"
    assert not hasattr(first, "data-prev-url") or getattr(first, "data-prev-url", None) is None
    assert getattr(first, "data-auto") == "Automatisch: alle 60 s"
    second = render_slide_list(ctx, PAGES, "/fallzahlen", f"?praesentation=1&sitzung={meeting_id}&schritt=2")
    assert [getattr(li, "data-slide") for li in second.children] == ["verlauf"]
    assert getattr(second, "data-prev-url").startswith(f"/?praesentation=1&sitzung={meeting_id}&schritt=1")
    # a step that is not this page, or an unknown Sitzung: the page's own slides
    plain = render_slide_list(ctx, PAGES, "/fallzahlen", f"?praesentation=1&sitzung={meeting_id}&schritt=1")
    assert len(plain.children) == 9 and not hasattr(plain, "data-step")
    assert len(render_slide_list(ctx, PAGES, "/", "?sitzung=999999&schritt=1").children) == 5


def test_the_sitzungsunterlage_follows_the_saved_sequence(sessions, demo_settings):
    items = (MeetingItem("/fallzahlen", {}, ("verlauf",)), MeetingItem("/", {}, ("kennzahlen",)),
             MeetingItem("/projektmittel", {}, ()))
    with transaction(sessions) as session:
        meeting_id = meeting_data.save(session, _meeting(items=items), user="m.muster")
    with transaction(sessions) as session:
        meeting = meeting_data.get(session, meeting_id)
        report = meeting_file(session, demo_settings, meeting, PAGES)
        overview = services.overview(session, demo_settings, DEMO_DAY)
    assert report.filename == "sitzungsunterlage-steuerungsgremium-2026-12-10.pdf"
    pages = pdf_text_pages(report.content, "sitzung-aus-gespeicherter-folge", ARTIFACTS)
    assert len(pages) == report.pages
    cover, text = pages[0], "\n".join(pages)
    assert "Sitzungsunterlage Steuerungsgremium" in cover and "Sitzung am 10.12.2026" in cover
    for n, label in enumerate(("Fallzahlen & Auslastung: Aktive Fälle und Kapazität je Monat", "Übersicht: Kennzahlen",
                               "Projektmittel"), start=1):
        assert f"{n}." in cover and label in cover, label
    order = [text.index(f"Schritt {n}: ") for n in (1, 2, 3)]
    assert order == sorted(order)  # the same order as on the screen
    assert text.index("Fallzahlen und Kapazität") < text.index("Kennzahlen am 22.11.2026") < text.index("Projektmittel 2026")
    kpis = text[order[1]:order[2]]
    assert fmt_int(overview.im.cases) in kpis
    assert fmt_pct(overview.im.utilisation_pct) in kpis
    assert fmt_eur(overview.funds.remaining) in kpis


def test_a_saved_scenario_and_the_landkreis_are_steps_of_screen_and_pdf(sessions, demo_settings):
    with transaction(sessions) as session:
        base = scenario_report.baseline(session, demo_settings, DEMO_DAY)
        scenario_id = scenario_data.save(session, scenario_report.scenario_for_save(base, [], "Ausgangslage Dezember",
                                                                                    "chefin"), user="chefin")
    with transaction(sessions) as session:
        offered = {c.value: c for c in service.catalogue(session, PAGES)}
        value = f"/szenarien?id={scenario_id}"
        assert offered[value].label == "Szenario „Ausgangslage Dezember“ neben der Ausgangslage"
        meeting, problems = service.build(session, PAGES, day="2026-12-10", body="coordination", title="Szenarien",
                                          interval=30, picked=[value, "/landkreis#zuteilung"])
        assert problems == []
        assert meeting.items == (MeetingItem("/szenarien", {"id": str(scenario_id)}, (),
                                             "Szenario „Ausgangslage Dezember“ neben der Ausgangslage"),
                                 MeetingItem("/landkreis", {}, ("zuteilung",)))
        meeting_id = meeting_data.save(session, meeting, user="chefin")
    with transaction(sessions) as session:
        report = meeting_file(session, demo_settings, meeting_data.get(session, meeting_id), PAGES)
        county = county_figures(session, demo_settings)
    assert report.filename == "sitzungsunterlage-koordinierungskreis-2026-12-10.pdf"
    text = "\n".join(pdf_text_pages(report.content, "sitzung-szenario-landkreis", ARTIFACTS))
    scenario_part, county_part = text[text.index("Schritt 1: "):text.index("Schritt 2: ")], text[text.index("Schritt 2: "):]
    assert "Ausgangslage Dezember" in scenario_part and "gespeichert von chefin" in scenario_part
    assert f"{county.county_name}: Zuteilung {county.year}" in county_part
    assert fmt_eur(county.allocation.funds) in county_part
    first_row = county.rows[0]
    assert fmt_eur(first_row.amount) in county_part


@pytest.fixture
def secure_client(secure):
    app, sessions = secure
    return app.server.test_client(), sessions


def _save_values(title="Dezember"):
    return {f"{ids.MEETING_SAVE}.n_clicks": 1, f"{ids.MEETING_DATE}.date": "2026-12-10",
            f"{ids.MEETING_BODY}.value": "steering", f"{ids.MEETING_TITLE}.value": title,
            f"{ids.MEETING_INTERVAL}.value": "", f"{ids.MEETING_CHOICES}.value": ["/#kennzahlen", "/fallzahlen#verlauf"],
            f"{ids.MEETING_VERSION}.data": 0}


def _count(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(MeetingRow))


def test_the_steering_body_saves_and_a_forged_viewer_request_is_refused_and_audited(secure_client):
    client, sessions = secure_client
    login(client, "gremium")
    answer = fire(client, ids.MEETING_MESSAGE, _save_values(), changed=f"{ids.MEETING_SAVE}.n_clicks", headers=ORIGIN)
    assert "gespeichert (2 Schritte" in str(answer[ids.MEETING_MESSAGE]["children"])
    assert _count(sessions) == 1

    viewer = client.application.test_client()
    login(viewer, "leser")
    answer = fire(viewer, ids.MEETING_MESSAGE, _save_values("gefälscht"), changed=f"{ids.MEETING_SAVE}.n_clicks",
                  headers=ORIGIN)
    assert "kann Sitzungen abspielen, aber nicht speichern" in str(answer[ids.MEETING_MESSAGE]["children"])
    assert _count(sessions) == 1
    with sessions() as session:
        (refused,) = _events(session, "edit_refused")
        assert refused.actor == "leser" and refused.target == "meetings" and refused.detail["role"] == "viewer"


def test_a_viewer_sees_no_enabled_form_and_no_delete_button(secure_client):
    client, _ = secure_client
    login(client, "leser")
    tree = fire(client, ids.PAGE_CONTENT, {f"{ids.URL}.pathname": "/berichte", f"{ids.URL}.search": ""},
                changed=f"{ids.URL}.pathname", headers=ORIGIN)[ids.PAGE_CONTENT]["children"]
    text = str(tree)
    assert "Sitzung zusammenstellen" in text and "zusammenstellen und löschen können das Steuerungsgremium" in text
    (fieldset,) = [c["props"] for c in components(tree, "Fieldset")]
    assert fieldset["disabled"] and fieldset["hidden"]


def test_the_saved_list_offers_delete_only_to_who_may(sessions, monkeypatch):
    with transaction(sessions) as session:
        meeting_data.save(session, _meeting(), user="m.muster")

    class Ctx:
        pass

    ctx = Ctx()
    ctx.sessions = sessions
    for role, deletes in (("steering", True), ("viewer", False)):
        monkeypatch.setattr("callbacks.common.current_role", lambda role=role: role)
        _, listed = meeting_callbacks.fill(ctx, "/berichte", 0)
        text = str(listed)
        assert "Abspielen" in text and "Sitzungsunterlage (PDF)" in text
        assert ("Löschen" in text) is deletes, role

