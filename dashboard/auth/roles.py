"""The permission policy: what each role may do, in one table (DOMAIN.md roles; issue 14).

Every permission question of the app is asked here, as `allowed(role, action, …)` or `check(…)`,
close to each edit path and *inside* its write transaction. Reading aggregates is open to every
logged-in role; the global gate in `dashboard.auth` makes sure there is a login. A role of None
(nobody logged in) may do nothing: with login off (tests) `dashboard.identity.current_role` names
the admin role explicitly, so None never means "everything".

Pure: no Flask, no database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from dashboard.model.access import FormAccess
from dashboard.model.vocabulary import ROLE_LABELS, AreaKind, Role  # noqa: F401 (ROLE_LABELS re-exported: the refusals name the role)


class PermissionDenied(PermissionError):
    """An action the user's role does not allow; German message for the person."""


class Action(enum.StrEnum):
    read = "read"  # every aggregate page, chart and download of aggregates
    edit = "edit"  # a record of one Träger (owner = its code) or a city-wide one (owner = None)
    edit_city = "edit_city"  # what only the city changes (e.g. a transfer decided by the Koordinierungskreis)
    administer = "administer"  # users, API tokens, the audit log, boundary files, admin-only pages
    import_data = "import_data"  # imports and full exports (a Träger: its own rows only)
    save_scenario = "save_scenario"  # save or duplicate a what-if scenario
    delete_scenario = "delete_scenario"  # delete a saved scenario (owner = its author)
    scenario_file = "scenario_file"  # the scenario file with district-level counts
    save_meeting = "save_meeting"  # save or delete a meeting's slide sequence ("Sitzung"); playing is reading


@dataclass(frozen=True)
class Reader:
    """Who reads a page or its download: the role and, for the roles county and municipality, the
    code of its Landkreis or Gemeinde (from the login, never from the request)."""

    role: str | None
    area_code: str | None = None


# role → action → who may: "all" records, "own" records (owner must be the user's Träger or the
# user), or absent (never). The table test in tests/unit/test_policy.py spells out every cell.
POLICY: dict[str, dict[Action, str]] = {
    Role.admin: {action: "all" for action in Action},
    Role.steering: {Action.read: "all", Action.save_scenario: "all", Action.delete_scenario: "own",
                    Action.save_meeting: "all"},
    Role.provider: {Action.read: "all", Action.edit: "own", Action.import_data: "own"},
    Role.viewer: {Action.read: "all"},
    # a Landkreis' administration / a Gemeinde: the city's aggregates like Lesezugriff, and the Landkreis
    # kinds of its own Kreis / Gemeinde (owner = its area code; the rows are checked in data.imports.scope)
    Role.county: {Action.read: "all", Action.import_data: "own"},
    Role.municipality: {Action.read: "all", Action.import_data: "own"},
}
# the roles scoped to an area, and the kind of that area (User.county / User.municipality)
AREA_ROLES: dict[str, AreaKind] = {Role.county: AreaKind.county, Role.municipality: AreaKind.municipality}


def allowed(role: str | None, action: Action, *, owner: str | None = None, own: str | None = None) -> bool:
    """May `role` do `action` on something owned by `owner`?

    `own` is what the user owns: its Träger code for records, its user name for scenarios. A rule
    "own" needs an owner equal to `own` (and both set: a Träger never owns city-wide records).
    """
    rule = scope(role, action)
    if rule == "all":
        return True
    return rule == "own" and owner is not None and owner == own


def scope(role: str | None, action: Action) -> str | None:
    """"all", "own" or None (never): how far `role` may do `action` (e.g. import every Träger's rows)."""
    return POLICY.get(role or "", {}).get(action)


def check(role: str | None, action: Action, *, owner: str | None = None, own: str | None = None) -> None:
    """Raise PermissionDenied with a German message unless `allowed`."""
    if allowed(role, action, owner=owner, own=own):
        return
    raise PermissionDenied(_refusal(role, action))


def _refusal(role: str | None, action: Action) -> str:
    if role is None:
        return "Bitte zuerst anmelden."
    if action == Action.edit and role == Role.provider:
        return "Als Träger können Sie nur die Daten Ihres eigenen Trägers ändern."
    if action == Action.delete_scenario and role == Role.steering:
        return "Das Steuerungsgremium löscht nur eigene Szenarien; fremde löscht die Administration."
    if action == Action.save_meeting:
        return (f"Die Rolle „{ROLE_LABELS.get(role, role)}“ kann Sitzungen abspielen, aber nicht speichern oder "
                "löschen; das machen das Steuerungsgremium und die Administration.")
    if action == Action.edit_city:
        return "Diese Änderung nimmt die Administration der Stadt vor (Beschluss des Koordinierungskreises)."
    if action == Action.administer:
        return "Das ist der Administration der Stadt vorbehalten."
    return (f"Die Rolle „{ROLE_LABELS.get(role, role)}“ darf hier nichts ändern; "
            "Änderungen machen die Administration oder der zuständige Träger.")


# the questions the app asks most, by their names so far
def may_edit(role: str | None, own_provider: str | None, provider: str | None) -> bool:
    """Records of `provider` (a Träger code, or None for city-wide records) may be changed by the role?"""
    return allowed(role, Action.edit, owner=provider, own=own_provider)


def check_edit(role: str | None, own_provider: str | None, provider: str | None) -> None:
    check(role, Action.edit, owner=provider, own=own_provider)


def may_admin(role: str | None) -> bool:
    return allowed(role, Action.administer)


def form_access(role: str | None, own_provider: str | None) -> FormAccess:
    """The role's scopes as the pages need them to offer only the forms it may submit."""
    return FormAccess(
        role_label=ROLE_LABELS.get(role or "", role or "nicht angemeldet"),
        edit=scope(role, Action.edit), edit_city=scope(role, Action.edit_city) is not None,
        import_data=scope(role, Action.import_data), administer=scope(role, Action.administer) is not None,
        save_scenario=scope(role, Action.save_scenario) is not None,
        scenario_file=scope(role, Action.scenario_file) is not None,
        save_meeting=scope(role, Action.save_meeting) is not None, own_provider=own_provider,
    )
