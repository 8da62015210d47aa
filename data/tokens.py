"""API tokens of the Träger for the ingest API: create (shown once), revoke, list, verify.

Only the SHA-256 of a token is stored (a token is 32 random bytes, so a fast hash is enough; there
is nothing to guess). Every function takes the caller's session first and never commits; creation
and revocation are written to the audit log. Must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.model.text import problem as text_problem
from data import audit
from data.imports.scope import AreaScope
from data.schema import ApiToken, Area, AreaKind, Provider

PREFIX = "imc_"


class TokenError(ValueError):
    """A token cannot be created or revoked; German message."""


@dataclass(frozen=True)
class TokenScope:
    """What a verified token may do: write the data of one Träger, or the Landkreis data of one
    Kreis or one Gemeinde (`area`; then `provider_code` is the area code, `provider_name` its name)."""

    token_id: int
    provider_code: str
    provider_name: str
    name: str
    area: AreaScope | None = None

    @property
    def import_scope(self) -> str | AreaScope:
        return self.area or self.provider_code


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_area(session: Session, kind: AreaKind, wanted: str) -> Area:
    """A Landkreis by code or name, a Gemeinde by AGS, code or name; else TokenError naming the choices."""
    clean = (wanted or "").strip()
    areas = list(session.scalars(select(Area).where(Area.kind == kind).order_by(Area.name)))
    found = next((a for a in areas if clean.lower() in (a.code.lower(), a.name.lower(), (a.ags or "").lower())), None)
    if found is None:
        what = "Landkreis" if kind == AreaKind.county else "Gemeinde"
        names = ", ".join(a.name for a in areas[:20]) + (" …" if len(areas) > 20 else "")
        raise TokenError(f"{what} „{wanted}“ gibt es nicht. Bitte Name, Kürzel oder AGS angeben, z. B.: "
                         f"{names or '(keine angelegt)'}.")
    return found


def create(session: Session, *, provider_code: str | None = None, name: str, actor: str,
           county: str | None = None, municipality: str | None = None) -> tuple[ApiToken, str]:
    """A new token for exactly one Träger, Landkreis or Gemeinde; returns the record and the token
    text (shown once, never stored)."""
    if sum(bool(x) for x in (provider_code, county, municipality)) != 1:
        raise TokenError("Bitte genau einen Geltungsbereich angeben: einen Träger (--provider), einen "
                         "Landkreis (--kreis) oder eine Gemeinde (--gemeinde).")
    provider = area = None
    if provider_code:
        provider = session.scalar(select(Provider).where(Provider.code == provider_code.strip().lower()))
        if provider is None:
            codes = ", ".join(session.scalars(select(Provider.code).order_by(Provider.sort_order)))
            raise TokenError(f"Träger „{provider_code}“ gibt es nicht. Bitte eines dieser Kürzel angeben: {codes}.")
    else:
        area = find_area(session, AreaKind.county if county else AreaKind.municipality, county or municipality)
    clean = " ".join((name or "").split())
    if not clean or len(clean) > 120:
        raise TokenError("Bitte dem Token einen Namen geben (1–120 Zeichen), z. B. „Fachverfahren AWO“.")
    reason = text_problem(name or "")
    if reason is not None:
        raise TokenError(f"Name des Tokens: {reason}")
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(token_hash=token_hash(token), provider_id=provider.id if provider else None,
                      county_id=area.id if area is not None and area.kind == AreaKind.county else None,
                      municipality_id=area.id if area is not None and area.kind == AreaKind.municipality else None,
                      name=clean, created_by=actor[:120], created_at=dt.datetime.now(dt.UTC))
    session.add(record)
    session.flush()
    scope = {"provider": provider.code} if provider else {"area": area.code}
    audit.record(session, actor, "token_add", f"api_token#{record.id}", scope | {"name": clean})
    return record, token


def revoke(session: Session, token_id: int, *, actor: str) -> ApiToken:
    record = session.get(ApiToken, token_id)
    if record is None:
        raise TokenError(f"Token {token_id} gibt es nicht. `im-cockpit token list` zeigt alle Tokens.")
    if record.revoked_at is None:
        record.revoked_at = dt.datetime.now(dt.UTC)
        audit.record(session, actor, "token_revoke", f"api_token#{record.id}", {"name": record.name})
    return record


def all_tokens(session: Session) -> list[dict]:
    out = []
    for t in session.scalars(select(ApiToken).order_by(ApiToken.id)):
        area = t.county or t.municipality
        out.append({"id": t.id, "provider": t.provider.code if t.provider else area.code, "name": t.name,
                    "created_by": t.created_by, "created_at": t.created_at, "revoked_at": t.revoked_at,
                    "last_used_at": t.last_used_at})
    return out


def verify(session: Session, token: str | None) -> TokenScope | None:
    """The scope of a valid, not revoked token (and note its use), or None."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if record is None or record.revoked_at is not None:
        return None
    session.execute(update(ApiToken).where(ApiToken.id == record.id).values(last_used_at=dt.datetime.now(dt.UTC)))
    if record.provider is not None:
        return TokenScope(record.id, record.provider.code, record.provider.short_name, record.name)
    area = record.county or record.municipality
    return TokenScope(record.id, area.code, area.name, record.name, AreaScope(area.kind, area.code))
