"""Users: create, change password, deactivate, look up; failed logins for the lockout.

Every change here writes an audit event in the same transaction. Password rules and hashing come
from `dashboard.auth.passwords` (pure); this module only stores hashes.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import audit
from data.schema import AreaKind, AuditEvent, Provider, Role, User
from data.tokens import TokenError, find_area

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


class UserError(ValueError):
    """A user change that cannot be made; the message is German and says how to fix it."""


def find(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip().lower()))


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def add(session: Session, username: str, password_hash: str, role: str, *, provider_code: str | None,
        actor: str, area: str | None = None) -> User:
    """Create a user; a provider user needs its Träger, a county / municipality user its Landkreis or
    Gemeinde (`area`: name, code or AGS); other roles must have neither."""
    name = (username or "").strip().lower()
    if not USERNAME.match(name):
        raise UserError(f"Der Benutzername „{username}“ ist ungültig: 2–80 Zeichen, Kleinbuchstaben, Ziffern, "
                        "Punkt, Binde- oder Unterstrich, z. B. „a.mueller“.")
    try:
        role_value = Role(role)
    except ValueError:
        raise UserError(f"Die Rolle „{role}“ gibt es nicht; möglich sind: "
                        f"{', '.join(r.value for r in Role)}.") from None
    provider = None
    if role_value is Role.provider:
        provider = session.scalar(select(Provider).where(Provider.code == (provider_code or "")))
        if provider is None:
            codes = ", ".join(session.scalars(select(Provider.code).order_by(Provider.sort_order)))
            raise UserError(f"Für die Rolle „provider“ muss ein Träger angegeben werden (einer von: {codes}).")
    elif provider_code:
        raise UserError(f"Nur die Rolle „provider“ gehört zu einem Träger, nicht „{role_value.value}“.")
    county = municipality = None
    if role_value in (Role.county, Role.municipality):
        kind = AreaKind.county if role_value is Role.county else AreaKind.municipality
        what = "--kreis" if role_value is Role.county else "--gemeinde"
        if not area:
            raise UserError(f"Für die Rolle „{role_value.value}“ bitte {what} angeben (Name, Kürzel oder AGS).")
        try:
            found = find_area(session, kind, area)
        except TokenError as error:
            raise UserError(str(error)) from None
        county, municipality = (found, None) if kind == AreaKind.county else (None, found)
    elif area:
        raise UserError(f"Nur die Rollen „county“ und „municipality“ gehören zu einem Landkreis bzw. einer Gemeinde, "
                        f"nicht „{role_value.value}“.")
    if find(session, name) is not None:
        raise UserError(f"Den Benutzer „{name}“ gibt es schon; Passwort ändern mit „im-cockpit user passwd {name}“.")
    user = User(username=name, password_hash=password_hash, role=role_value, provider=provider, county=county,
                municipality=municipality, password_changed_at=dt.datetime.now(dt.UTC))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user_added", f"user:{name}",
                 {"role": role_value.value, "provider": provider.code if provider else None,
                  "area": (county or municipality).code if (county or municipality) else None})
    return user


def set_password(session: Session, username: str, password_hash: str, *, actor: str) -> User:
    """Store a new hash; every open session of the user ends."""
    user = _existing(session, username)
    user.password_hash = password_hash
    user.password_changed_at = dt.datetime.now(dt.UTC)
    user.session_version += 1
    audit.record(session, actor, "password_changed", f"user:{user.username}")
    return user


def set_active(session: Session, username: str, active: bool, *, actor: str) -> User:
    """Deactivate (ending every open session) or reactivate a user."""
    user = _existing(session, username)
    user.active = active
    user.session_version += 1
    audit.record(session, actor, "user_enabled" if active else "user_disabled", f"user:{user.username}")
    return user


def end_sessions(session: Session, user_id: int) -> None:
    """End every open session of the user (logout): cookies signed for the old version stop working.

    The version is per user, not per device: logging out on one device ends the others too.
    """
    user = session.get(User, user_id)
    if user is not None:
        user.session_version += 1


def failed_logins(session: Session, username: str, since: dt.datetime) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login_failed", AuditEvent.target == f"user:{username.strip().lower()}",
        AuditEvent.at >= since)) or 0


def _existing(session: Session, username: str) -> User:
    user = find(session, username)
    if user is None:
        raise UserError(f"Den Benutzer „{username}“ gibt es nicht; anlegen mit „im-cockpit user add“.")
    return user
