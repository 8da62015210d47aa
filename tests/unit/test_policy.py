"""The permission table (dashboard/auth/roles.py): every role × action × owner, spelled out."""

import pytest

from dashboard.auth.roles import Action, PermissionDenied, allowed, check, may_admin, may_edit, scope

A, S, P, V, K, G = "admin", "steering", "provider", "viewer", "county", "municipality"
# (action, owner, own) → the roles allowed; every other role is refused
TABLE = [
    (Action.read, None, None, {A, S, P, V, K, G}),  # the city's aggregates: Kreis and Gemeinde like Lesezugriff
    (Action.edit, "awo", "awo", {A, P}),  # a Träger's own record
    (Action.edit, "caritas", "awo", {A}),  # another Träger's record
    (Action.edit, None, "awo", {A}),  # a city-wide record
    (Action.edit, None, None, {A}),  # a Träger user without Träger owns nothing
    (Action.edit_city, None, None, {A}),
    (Action.administer, None, None, {A}),
    (Action.import_data, "awo", "awo", {A, P, K, G}),  # "own": what is whose (Träger, Kreis, Gemeinde) the engine checks
    (Action.import_data, "caritas", "awo", {A}),
    (Action.import_data, "lk-08125", "lk-08125", {A, P, K, G}),  # own scope; which rows: data.imports.scope
    (Action.import_data, "ags-08125074", "ags-08125017", {A}),
    (Action.save_scenario, None, None, {A, S}),
    (Action.delete_scenario, "m.muster", "m.muster", {A, S}),  # one's own scenario
    (Action.delete_scenario, "k.koch", "m.muster", {A}),  # somebody else's
    (Action.scenario_file, None, None, {A}),
    (Action.save_meeting, None, None, {A, S}),  # save or delete a Sitzung; every role plays one
]


@pytest.mark.parametrize("role", [A, S, P, V, K, G, None, "unbekannt"])
@pytest.mark.parametrize("action, owner, own, roles", TABLE, ids=[f"{t[0]}-{t[1]}-{t[2]}" for t in TABLE])
def test_the_table(role, action, owner, own, roles):
    assert allowed(role, action, owner=owner, own=own) is (role in roles)


def test_every_action_is_in_the_table():
    assert {row[0] for row in TABLE} == set(Action)


@pytest.mark.parametrize("role, expected", [(A, "all"), (P, "own"), (K, "own"), (G, "own"), (S, None), (V, None), (None, None)])
def test_import_scope(role, expected):
    assert scope(role, Action.import_data) == expected


def test_nobody_logged_in_may_do_nothing():
    assert not any(allowed(None, action, owner="x", own="x") for action in Action)
    assert not may_admin(None) and not may_edit(None, None, None)


@pytest.mark.parametrize("role, action, owner, own, message", [
    (P, Action.edit, "caritas", "awo", "nur die Daten Ihres eigenen Trägers"),
    (V, Action.edit, "awo", None, "Die Rolle „Lesezugriff“ darf hier nichts ändern"),
    (S, Action.delete_scenario, "k.koch", "m.muster", "nur eigene Szenarien"),
    (V, Action.save_meeting, None, None, "„Lesezugriff“ kann Sitzungen abspielen, aber nicht speichern"),
    (P, Action.administer, None, None, "der Administration der Stadt vorbehalten"),
    (None, Action.read, None, None, "Bitte zuerst anmelden"),
    (G, Action.edit, "awo", None, "Die Rolle „Gemeinde“ darf hier nichts ändern"),
    (K, Action.edit_city, None, None, "Administration der Stadt"),
])
def test_refusals_are_german_and_say_why(role, action, owner, own, message):
    with pytest.raises(PermissionDenied, match=message):
        check(role, action, owner=owner, own=own)
