"""Login, sessions and the one global access check for every route.

`init_auth(server, ctx)` installs, in this order of defence:
- a `before_request` gate: state-changing requests must come from this site (Origin/Referer check,
  CSRF); with login required every path except `/healthz` and the login page needs a valid session —
  pages redirect to the login, everything else (Dash callbacks, downloads, layout, API) gets 401;
  sessions end after `session_idle_minutes` without user activity (timer polls do not count) and
  `session_max_hours` after login, on password change or deactivation, and on logout (session_version:
  the cookie is only signed, so a new version is what makes a copy of it worthless after logout);
- the login page with lockout (5 failed attempts in 5 minutes per user) and a rate limit per address;
- security headers on every response (CSP with hashes for Dash's inline scripts, no framing).
Authorisation of edits (which role may change what) lives in `dashboard.auth.roles`.
"""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, redirect, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.exceptions import HTTPException

from dashboard.auth import pages
from dashboard.auth.passwords import hash_password, needs_rehash, verify_password
from dashboard.context import AppContext
from data import audit, users
from data.db import read_session, transaction

PUBLIC_PATHS = {"/healthz", "/login", "/login.css"}
# The ingest API authenticates every request by its Bearer token (dashboard.api) and never reads the
# session cookie: a cross-site request cannot carry the token, so neither login nor Origin check apply.
API_PREFIX = "/api/v1/"
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
LOCKOUT_ATTEMPTS = 5
LOCKOUT_WINDOW = dt.timedelta(minutes=5)
# a hash to verify against when the user does not exist, so both cases take the same time
_DUMMY_HASH = hash_password("kein-benutzer-vorhanden")


@dataclass
class AuthUser(UserMixin):
    """The logged-in user as the request sees it (no ORM object outlives its session)."""

    user_id: int
    username: str
    role: str
    provider_code: str | None
    session_version: int
    area_code: str | None = None  # roles county / municipality: the code of its Landkreis or Gemeinde

    def get_id(self) -> str:
        # the version is part of the id: a password change or deactivation ends older sessions
        return f"{self.user_id}:{self.session_version}"


def _auth_user(user) -> AuthUser:
    area = user.county or user.municipality
    return AuthUser(user.id, user.username, user.role.value, user.provider.code if user.provider else None,
                    user.session_version, area.code if area else None)


def init_auth(server: Flask, ctx: AppContext) -> Limiter:
    """Login, sessions, the global gate and security headers; returns the rate limiter (the API's too)."""
    settings = ctx.settings
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=settings.cookie_secure,
        SESSION_COOKIE_NAME="imc_session", PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_max_hours),
    )
    manager = LoginManager(server)
    limiter = Limiter(get_remote_address, app=server, storage_uri=settings.ratelimit_storage, default_limits=[],
                      headers_enabled=True)

    @manager.user_loader
    def load_user(token: str) -> AuthUser | None:
        user_id, _, version = token.partition(":")
        if not user_id.isdigit():
            return None
        with read_session(ctx.sessions) as db:
            user = users.get(db, int(user_id))
            if user is None or not user.active or str(user.session_version) != version:
                return None
            return _auth_user(user)


    @server.before_request
    def gate():
        if request.path.startswith(API_PREFIX):
            return None  # token-authenticated in dashboard.api
        if request.method in STATE_CHANGING and not _same_origin(settings.login_required):
            return _refuse(403, "Die Anfrage kommt nicht von dieser Seite (Herkunftsprüfung) und wurde abgelehnt. "
                                "Bitte die Seite neu laden und es noch einmal versuchen.")
        if not settings.login_required or request.path in PUBLIC_PATHS:
            return None
        if not current_user.is_authenticated:
            return _to_login("Bitte anmelden.")
        now = time.time()
        started, last = session.get("login_at", 0), session.get("last_seen", 0)
        if now - started > settings.session_max_hours * 3600 or now - last > settings.session_idle_minutes * 60:
            logout_user()
            session.clear()
            return _to_login("Die Sitzung ist abgelaufen; bitte erneut anmelden.")
        if not _is_timer_poll():
            session["last_seen"] = now
        return None

    @server.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _csp(server))
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path not in ("/login.css",) and not request.path.startswith(("/assets/", "/_dash-component-suites/")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @server.get("/login.css")
    def login_css():
        return Response(pages.LOGIN_CSS, mimetype="text/css")

    @server.route("/login", methods=["GET", "POST"])
    @limiter.limit("20 per minute", methods=["POST"],
                   error_message="Zu viele Anmeldeversuche von dieser Adresse; bitte eine Minute warten.")
    def login():
        target = _safe_next(request.values.get("next"))
        if request.method == "GET":
            return pages.login_page(target, request.args.get("grund"))
        username = (request.form.get("username") or "").strip().lower()
        password = request.form.get("password") or ""
        with transaction(ctx.sessions) as db:
            since = dt.datetime.now(dt.UTC) - LOCKOUT_WINDOW
            if username and users.failed_logins(db, username, since) >= LOCKOUT_ATTEMPTS:
                audit.record(db, username, "login_locked", f"user:{username}", ip=request.remote_addr)
                message = ("Zu viele Fehlversuche: Das Konto ist für 5 Minuten gesperrt. "
                           "Bitte später erneut versuchen oder die Administration fragen.")
                return pages.login_page(target, message, status=429)
            user = users.find(db, username) if username else None
            ok = verify_password(user.password_hash if user else _DUMMY_HASH, password) and bool(user and user.active)
            if not ok:
                audit.record(db, username or "(leer)", "login_failed", f"user:{username}", ip=request.remote_addr)
                return pages.login_page(target, "Benutzername oder Passwort ist falsch.", status=401)
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit.record(db, user.username, "login", f"user:{user.username}", ip=request.remote_addr)
            auth_user = _auth_user(user)
        session.clear()  # a fresh session at login (no fixation)
        login_user(auth_user)
        session.permanent = True
        session["login_at"] = session["last_seen"] = time.time()
        return redirect(target)

    @server.post("/logout")
    def logout():
        if current_user.is_authenticated:
            with transaction(ctx.sessions) as db:
                # the cookie is signed, not stored: only a new session version makes a copy of it
                # (replayed after logout) worthless; it ends the user's sessions on other devices too
                users.end_sessions(db, current_user.user_id)
                audit.record(db, current_user.username, "logout", f"user:{current_user.username}",
                             ip=request.remote_addr)
        logout_user()
        session.clear()
        return redirect("/login")

    return limiter


def _same_origin(required: bool) -> bool:
    """Origin (or, without it, Referer) must name this host; without either only when login is off."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return not required
    return urlsplit(source).netloc == request.host


def _is_timer_poll() -> bool:
    """A Dash callback fired only by a dcc.Interval is no user activity."""
    if request.path != "/_dash-update-component":
        return False
    try:
        body = request.get_json(silent=True, cache=True)
    except (RecursionError, HTTPException):  # too deep or too large: dashboard.request_guard answers it
        return False
    changed = body.get("changedPropIds") if isinstance(body, dict) else None
    if not isinstance(changed, list):
        return False
    return bool(changed) and all(str(c).endswith(".n_intervals") for c in changed)


def _wants_page() -> bool:
    return request.method == "GET" and not request.path.startswith(("/_dash", "/api/", "/_reload"))


def _to_login(reason: str):
    if _wants_page():
        return redirect("/login?" + _query(next=request.full_path.rstrip("?"), grund=reason))
    return _refuse(401, reason)


def _refuse(status: int, message: str):
    return jsonify(error=message), status


def _query(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never redirect a login to another one.

    Browsers drop tab and newline from URLs and read a backslash as a slash, so "/\t/host" or "/\\host"
    would lead to //host; any control character, backslash, scheme or host refuses the target.
    """
    if not target or not target.startswith("/") or len(target) > 2000:
        return "/"
    if "\\" in target or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//") or not parts.path.startswith("/"):
        return "/"
    return target


def _csp(server: Flask) -> str:
    dash_app = server.extensions.get("im_cockpit_dash")
    hashes = " ".join(dash_app.csp_hashes()) if dash_app is not None else ""  # already quoted
    tiles = _tile_origin(server)  # Karte with a configured tile server: MapLibre needs it and workers
    return ("default-src 'self'; "
            f"script-src 'self' {hashes} 'unsafe-eval'; "  # plotly.js compiles some functions at run time
            "style-src 'self' 'unsafe-inline'; "  # React and plotly set inline styles
            f"img-src 'self' data: blob:{tiles}; font-src 'self' data:; connect-src 'self'{tiles}; "
            + ("worker-src blob:; " if tiles else "") +
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")


def _tile_origin(server: Flask) -> str:
    """The origin of IMC_MAP_TILE_URL with a leading space, or "" when the map runs without tiles."""
    from urllib.parse import urlsplit

    context = server.extensions.get("im_cockpit")
    url = getattr(getattr(context, "settings", None), "map_tile_url", None)
    if not url:
        return ""
    parts = urlsplit(url)
    return f" {parts.scheme}://{parts.netloc}"
