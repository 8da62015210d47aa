"""Who is making a request: the logged-in user (dashboard.auth). Where login is off (tests only;
settings from the environment always require it) the name a test passes in `X-Remote-User`, else
"lokal". Every edit path asks here and passes the name on as `updated_by` and audit actor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context, request
from flask_login import current_user

from dashboard.model.vocabulary import Role

ANONYMOUS = "lokal"
# a background job (dashboard.background) runs outside the request: it acts as the person who started it
_ACTING: ContextVar[dict | None] = ContextVar("imc_acting_as", default=None)


def snapshot() -> dict:
    """Who makes this request, as plain values a background job carries along."""
    return {"name": current_user_name(), "role": current_role(), "provider": current_provider_code(),
            "area": current_area_code()}


@contextmanager
def acting_as(person: dict | None) -> Iterator[None]:
    """Within the block the identity functions answer for `person` (a `snapshot()`)."""
    token = _ACTING.set(person)
    try:
        yield
    finally:
        _ACTING.reset(token)


def current_user_name() -> str:
    if (acting := _ACTING.get()) is not None:
        return acting["name"]
    if has_request_context():
        if getattr(current_user, "is_authenticated", False):
            return current_user.username
        context = current_app.extensions.get("im_cockpit")
        if context is not None and not context.settings.login_required:
            name = (request.headers.get("X-Remote-User") or "").strip()
            if name:
                return name[:120]
    return ANONYMOUS


def current_role() -> str | None:
    """The logged-in user's role. With login off (tests only) the city's admin role, named as such;
    None when nobody is logged in (the policy then allows nothing)."""
    if (acting := _ACTING.get()) is not None:
        return acting["role"]
    if has_request_context():
        if getattr(current_user, "is_authenticated", False):
            return current_user.role
        context = current_app.extensions.get("im_cockpit")
        if context is not None and not context.settings.login_required:
            return Role.admin
    return None


def current_provider_code() -> str | None:
    if (acting := _ACTING.get()) is not None:
        return acting["provider"]
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user.provider_code
    return None


def current_area_code() -> str | None:
    """Roles county and municipality: the code of the user's Landkreis or Gemeinde (else None)."""
    if (acting := _ACTING.get()) is not None:
        return acting["area"]
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return getattr(current_user, "area_code", None)
    return None


def current_owner_code() -> str | None:
    """What the user owns for imports: its Träger's code, or its Landkreis' / Gemeinde's area code."""
    return current_provider_code() or current_area_code()
