"""Who is making a change. Until login arrives (security issue) this is the name a reverse proxy
passes in `X-Remote-User`, else "lokal"; every edit path asks here, so login can take over."""

from __future__ import annotations

from flask import has_request_context, request

ANONYMOUS = "lokal"


def current_user_name() -> str:
    if has_request_context():
        name = (request.headers.get("X-Remote-User") or "").strip()
        if name:
            return name[:120]
    return ANONYMOUS
