"""What each role may do (DOMAIN.md roles; security issue). Pure: no Flask, no database.

Reading aggregates is open to every logged-in role; the global gate in `dashboard.auth` makes
sure there is a login. Edits are checked here, close to each edit path, with the Träger scope.
"""

from __future__ import annotations

from dashboard.model.vocabulary import ROLE_LABELS  # noqa: F401 (re-exported: the refusals name the role)


class PermissionDenied(PermissionError):
    """An action the user's role does not allow; German message for the person."""




def may_edit(role: str | None, own_provider: str | None, provider: str | None) -> bool:
    """Records of `provider` (a Träger code, or None for city-wide records) may be changed by the role?

    role None means login is off (tests): everything is allowed.
    """
    if role is None or role == "admin":
        return True
    if role == "provider":
        return provider is not None and provider == own_provider
    return False


def check_edit(role: str | None, own_provider: str | None, provider: str | None) -> None:
    if not may_edit(role, own_provider, provider):
        if role == "provider":
            raise PermissionDenied("Als Träger können Sie nur die Daten Ihres eigenen Trägers ändern.")
        raise PermissionDenied(f"Die Rolle „{ROLE_LABELS.get(role, role)}“ darf hier nichts ändern; "
                               "Änderungen machen die Administration oder der zuständige Träger.")


def may_admin(role: str | None) -> bool:
    return role is None or role == "admin"
