"""Forms honest to the role (issue 15 part 6), over HTTP with a real login: a viewer gets no enabled
edit form, a Träger's forms offer only its own Träger (preset), a form the role can never submit
(a Träger booking a transfer) is not offered. The server refuses either way (test_edit_workflow)."""

from __future__ import annotations

import pytest

from dashboard.auth.roles import form_access
from dashboard.model.access import FormAccess
from layouts import funds, ids
from tests.helpers import DEMO_DAY, ORIGIN, components, fire, login, texts

PAGE_FIELDSETS = {"/projektmittel": 2, "/personal": 1, "/ehrenamt": 1, "/karte": 1}


def page_tree(client, path: str) -> dict:
    return fire(client, ids.PAGE_CONTENT, {f"{ids.URL}.pathname": path, f"{ids.URL}.search": ""},
                changed=f"{ids.URL}.pathname", headers=ORIGIN)[ids.PAGE_CONTENT]["children"]


def fieldsets(tree) -> list[dict]:
    return [c["props"] for c in components(tree, "Fieldset")]


@pytest.mark.parametrize("user", ["leser", "gremium"])
def test_a_reader_sees_no_enabled_edit_form(secure, user):
    app, _ = secure
    client = app.server.test_client()
    login(client, user)
    for path, count in PAGE_FIELDSETS.items():
        tree = page_tree(client, path)
        sets = fieldsets(tree)
        assert len(sets) == count, path
        assert all(s["disabled"] and s["hidden"] for s in sets), path
        assert any("ändert hier nichts" in t or "Administration der Stadt vor" in t for t in texts(tree)), path


def test_a_provider_is_offered_its_own_forms_but_not_the_transfer(secure):
    app, _ = secure
    client = app.server.test_client()
    login(client, "awo")
    expense, transfer = fieldsets(page_tree(client, "/projektmittel"))
    assert not expense["disabled"] and not expense["hidden"]
    assert transfer["disabled"] and transfer["hidden"]
    assert not fieldsets(page_tree(client, "/ehrenamt"))[0]["disabled"]
    assert fieldsets(page_tree(client, "/karte"))[0]["hidden"]  # boundary files: administration only

    sent = fire(client, ids.FUNDS_CONTENT, {f"{ids.FUNDS_LOCATION}.search": f"?jahr={DEMO_DAY.year}",
                                            f"{ids.FUNDS_LOCATION}.pathname": "/projektmittel"}, headers=ORIGIN)
    own = sent[ids.FUNDS_EXPENSE_PROVIDER]
    assert [o["label"] for o in own["options"]] == ["AWO"]
    assert own["value"] == own["options"][0]["value"]  # preset to its own Träger
    assert len(sent[ids.FUNDS_TRANSFER_FROM]["options"]) == 3  # the (hidden) transfer form lists all


def test_the_administration_gets_every_form_and_chooses_the_trager(secure):
    app, _ = secure
    client = app.server.test_client()
    login(client, "chefin")
    assert not any(s["disabled"] or s["hidden"] for s in fieldsets(page_tree(client, "/projektmittel")))
    sent = fire(client, ids.FUNDS_CONTENT, {f"{ids.FUNDS_LOCATION}.search": f"?jahr={DEMO_DAY.year}",
                                            f"{ids.FUNDS_LOCATION}.pathname": "/projektmittel"}, headers=ORIGIN)
    assert len(sent[ids.FUNDS_EXPENSE_PROVIDER]["options"]) == 3
    assert "value" not in sent[ids.FUNDS_EXPENSE_PROVIDER]  # no preset: the city books for any Träger


def test_a_url_cannot_grant_access(secure):
    app, _ = secure
    client = app.server.test_client()
    login(client, "leser")
    tree = fire(client, ids.PAGE_CONTENT, {f"{ids.URL}.pathname": "/projektmittel", f"{ids.URL}.search": "?access=1"},
                changed=f"{ids.URL}.pathname", headers=ORIGIN)[ids.PAGE_CONTENT]["children"]
    assert all(s["disabled"] for s in fieldsets(tree))


def test_form_access_follows_the_policy():
    assert form_access("admin", None) == FormAccess()
    viewer = form_access("viewer", None)
    assert not viewer.edits and not viewer.edit_city and not viewer.save_scenario and not viewer.administer
    provider = form_access("provider", "awo")
    assert provider.edit == "own" and not provider.edit_city and not provider.save_scenario
    assert provider.own_only(["awo", "caritas", None], lambda code: code) == ["awo"]
    assert viewer.own_only(["awo"], lambda code: code) == []
    assert form_access("steering", None).save_scenario
    assert form_access(None, None).refusal("Ausgaben buchen").startswith("Ausgaben buchen: Ihre Rolle „nicht angemeldet“")


def test_layouts_drawn_without_a_request_show_every_form():
    assert not any(c["props"]["disabled"] for c in components(funds.layout(), "Fieldset"))
