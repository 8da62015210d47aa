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
from data.schema import ApiToken, Provider

PREFIX = "imc_"


class TokenError(ValueError):
    """A token cannot be created or revoked; German message."""


@dataclass(frozen=True)
class TokenScope:
    """What a verified token may do: write the data of one Träger."""

    token_id: int
    provider_code: str
    provider_name: str
    name: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(session: Session, *, provider_code: str, name: str, actor: str) -> tuple[ApiToken, str]:
    """A new token for a Träger; returns the record and the token text (shown once, never stored)."""
    provider = session.scalar(select(Provider).where(Provider.code == (provider_code or "").strip().lower()))
    if provider is None:
        codes = ", ".join(session.scalars(select(Provider.code).order_by(Provider.sort_order)))
        raise TokenError(f"Träger „{provider_code}“ gibt es nicht. Bitte eines dieser Kürzel angeben: {codes}.")
    clean = " ".join((name or "").split())
    if not clean or len(clean) > 120:
        raise TokenError("Bitte dem Token einen Namen geben (1–120 Zeichen), z. B. „Fachverfahren AWO“.")
    reason = text_problem(name or "")
    if reason is not None:
        raise TokenError(f"Name des Tokens: {reason}")
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(token_hash=token_hash(token), provider_id=provider.id, name=clean, created_by=actor[:120],
                      created_at=dt.datetime.now(dt.UTC))
    session.add(record)
    session.flush()
    audit.record(session, actor, "token_add", f"api_token#{record.id}", {"provider": provider.code, "name": clean})
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
    rows = session.execute(select(ApiToken, Provider.code).join(Provider, Provider.id == ApiToken.provider_id)
                           .order_by(ApiToken.id)).all()
    return [{"id": t.id, "provider": code, "name": t.name, "created_by": t.created_by, "created_at": t.created_at,
             "revoked_at": t.revoked_at, "last_used_at": t.last_used_at} for t, code in rows]


def verify(session: Session, token: str | None) -> TokenScope | None:
    """The scope of a valid, not revoked token (and note its use), or None."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.execute(select(ApiToken, Provider).join(Provider, Provider.id == ApiToken.provider_id)
                          .where(ApiToken.token_hash == token_hash(token))).first()
    if row is None or row[0].revoked_at is not None:
        return None
    record, provider = row
    session.execute(update(ApiToken).where(ApiToken.id == record.id).values(last_used_at=dt.datetime.now(dt.UTC)))
    return TokenScope(record.id, provider.code, provider.short_name, record.name)
