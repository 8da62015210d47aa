"""Figures and actions of the page "Verwaltung" (admin only): the users, and the audit log filtered by
person, action and period. Passwords go through the same policy as the CLI; every change is one
transaction of the caller and lands in the audit log (data.users records it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.auth.passwords import hash_password, policy_problems
from dashboard.auth.roles import ROLE_LABELS
from dashboard.model.formatting import fmt_date, fmt_datetime
from dashboard.settings import Settings
from dashboard.urls import QueryError, parse_day
from data import audit, tokens, users
from data.exports import Column, Table
from data.schema import AuditEvent, Provider

BERLIN = ZoneInfo("Europe/Berlin")
PAGE_SIZE = 50  # rows of the audit log the browser gets at once; the download has all of them

# German names of the audit actions; unknown actions are shown as they are stored
ACTION_TEXT = {
    "login": "Anmeldung", "login_failed": "Anmeldung fehlgeschlagen", "login_locked": "Anmeldung gesperrt",
    "logout": "Abmeldung", "user_added": "Benutzer angelegt", "password_changed": "Passwort geändert",
    "user_disabled": "Benutzer gesperrt", "user_enabled": "Benutzer freigegeben", "insert": "Datensatz neu",
    "update": "Datensatz geändert", "delete": "Datensatz gelöscht", "export": "Download",
    "restore": "Wiederherstellung", "token_add": "API-Zugang erstellt", "token_revoke": "API-Zugang widerrufen",
    "report": "Bericht erstellt", "scenario_deleted": "Szenario gelöscht", "import": "Import", "scenario_saved": "Szenario gespeichert",
}


class AdminError(ValueError):
    """A user change that cannot be made; German message naming the field and the fix."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    page: int = 1  # 1 = the newest PAGE_SIZE events


@dataclass(frozen=True)
class AuditPage:
    """One page of the filtered log, newest first, and where it lies in the whole."""

    rows: list[dict]
    total: int  # events matching the filter
    page: int
    pages: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0


def audit_filter(query: dict) -> AuditFilter:
    """The filter from the URL (`?benutzer=…&aktion=…&von=JJJJ-MM-TT&bis=JJJJ-MM-TT&seite=N`)."""
    since = parse_day(query.get("von"), name="von")
    until = parse_day(query.get("bis"), name="bis")
    if since and until and since > until:
        raise QueryError(f"Der Zeitraum ist leer: „von“ ({fmt_date(since)}) liegt nach „bis“ ({fmt_date(until)}). "
                         "Bitte die Daten tauschen.")
    page = (query.get("seite") or "1").strip()
    if not page.isdigit() or int(page) < 1:
        raise QueryError(f"„seite={page}“ in der Adresse ist keine Seitenzahl. Bitte eine ganze Zahl ab 1 angeben, "
                         "z. B. seite=2.")
    return AuditFilter(actor=query.get("benutzer") or None, action=query.get("aktion") or None,
                       since=since, until=until, page=int(page))


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=BERLIN)


def _bounds(wanted: AuditFilter) -> dict:
    return {"actor": wanted.actor, "action": wanted.action,
            "since": _local_midnight(wanted.since) if wanted.since else None,
            "until": _local_midnight(wanted.until + dt.timedelta(days=1)) if wanted.until else None}


def audit_page(session: Session, wanted: AuditFilter) -> AuditPage:
    """The page `wanted.page` of the filtered log (the last page when it asks beyond the end)."""
    total = audit.count(session, **_bounds(wanted))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(wanted.page, pages)
    rows = audit.events(session, **_bounds(wanted), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return AuditPage([_display(row) for row in rows], total, page, pages)


def audit_rows(session: Session, wanted: AuditFilter, limit: int | None = None) -> list[dict]:
    """All events of the filter (at most `limit`), newest first, times in German local time."""
    return [_display(row) for row in audit.events(session, **_bounds(wanted), limit=limit)]


def _display(row: dict) -> dict:
    at = row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=dt.UTC)  # SQLite drops the zone
    detail = row["detail"] or {}
    return {
        "id": row["id"], "at": fmt_datetime(at.astimezone(BERLIN), seconds=True), "actor": row["actor"],
        "action": row["action"], "action_text": ACTION_TEXT.get(row["action"], row["action"]),
        "target": row["target"] or "", "ip": row["ip"] or "",
        "detail": "; ".join(f"{k}: {_short(v)}" for k, v in detail.items()) if isinstance(detail, dict)
        else str(detail),
    }


def _short(value) -> str:
    """Long id lists as their first ids and the count (the full list stays in the database)."""
    if isinstance(value, list) and len(value) > 6:
        return ", ".join(str(v) for v in value[:5]) + f" … ({len(value)})"
    if value is None:
        return "–"
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def audit_choices(session: Session) -> tuple[list[str], list[str]]:
    """The people and the actions that occur in the log (for the filter lists)."""
    actors = sorted(session.scalars(select(AuditEvent.actor).distinct()))
    actions = sorted(session.scalars(select(AuditEvent.action).distinct()))
    return actors, actions


def token_rows(session: Session) -> list[dict]:
    names = dict(provider_choices(session))
    return [{**t, "provider_name": names.get(t["provider"], t["provider"])} for t in tokens.all_tokens(session)]


def create_token(session: Session, provider: str | None, name: str | None, *, actor: str) -> tuple[int, str]:
    """A new API token (in the caller's transaction): its number and the token text, shown once."""
    provider, name = _text(provider), _text(name)
    if not provider:
        raise AdminError("Bitte den Träger wählen, für den der Zugang gilt.", "provider")
    try:
        record, token = tokens.create(session, provider_code=provider, name=name or "", actor=actor)
    except tokens.TokenError as error:
        raise AdminError(str(error), "name") from None
    return record.id, token


def revoke_token(session: Session, token_id: str | None, *, actor: str) -> int:
    if not (token_id or "").isdigit():
        raise AdminError("Bitte den Zugang wählen, der widerrufen werden soll.", "token")
    try:
        return tokens.revoke(session, int(token_id), actor=actor).id
    except tokens.TokenError as error:
        raise AdminError(str(error), "token") from None


def user_rows(session: Session) -> list[dict]:
    return [{
        "username": u.username, "role": u.role.value, "role_text": ROLE_LABELS[u.role.value],
        "provider": u.provider.short_name if u.provider else "", "active": u.active,
        "active_text": "aktiv" if u.active else "gesperrt",
        "created": u.created_at.date() if u.created_at else None,
        "password_changed": u.password_changed_at.date() if u.password_changed_at else None,
    } for u in users.all_users(session)]


def provider_choices(session: Session) -> list[tuple[str, str]]:
    return [(p.code, p.short_name) for p in session.scalars(select(Provider).order_by(Provider.sort_order))]


def _checked_password(password: str | None, username: str, field: str) -> str:
    problems = policy_problems(password or "", username)
    if problems:
        raise AdminError("Passwort abgelehnt: " + " ".join(problems), field)
    return hash_password(password)


def add_user(session: Session, username: str | None, role: str | None, provider: str | None,
             password: str | None, *, actor: str) -> str:
    """Create a user (in the caller's transaction); returns the stored user name."""
    username, role, provider, password = (_text(v) for v in (username, role, provider, password))
    if not username or not username.strip():
        raise AdminError("Bitte einen Benutzernamen angeben, z. B. „a.mueller“.", "username")
    if not role:
        raise AdminError("Bitte eine Rolle wählen.", "role")
    password_hash = _checked_password(password, username.strip().lower(), "password")
    try:
        user = users.add(session, username, password_hash, role,
                         provider_code=provider if role == "provider" else None, actor=actor)
    except users.UserError as error:
        field = "provider" if "Träger" in str(error) else "username"
        raise AdminError(str(error), field) from None
    return user.username


def change_password(session: Session, username: str | None, password: str | None, *, actor: str) -> None:
    username, password = _text(username), _text(password)
    if not username:
        raise AdminError("Bitte zuerst den Benutzer wählen.", "user")
    try:
        users.set_password(session, username, _checked_password(password, username, "password"), actor=actor)
    except users.UserError as error:
        raise AdminError(str(error), "user") from None


def set_active(session: Session, username: str | None, active: bool, *, actor: str) -> None:
    username = _text(username)
    if not username:
        raise AdminError("Bitte zuerst den Benutzer wählen.", "user")
    if not active and username == actor:
        raise AdminError("Das eigene Konto lässt sich nicht sperren (sonst bliebe niemand, der es freigibt). "
                         "Bitte eine andere Administratorin oder einen anderen Administrator bitten.", "user")
    try:
        users.set_active(session, username, active, actor=actor)
    except users.UserError as error:
        raise AdminError(str(error), "user") from None


def users_table(session: Session, settings: Settings, query: dict) -> Table:
    return Table(
        name="benutzer", title="Benutzer des IM-Cockpits", rows=user_rows(session),
        stand=f"Stand {fmt_date(dt.date.today())}",
        columns=[Column("username", "Benutzer"), Column("role_text", "Rolle"), Column("provider", "Träger"),
                 Column("active_text", "Status"), Column("created", "angelegt am", "date"),
                 Column("password_changed", "Passwort geändert am", "date")])


def audit_table(session: Session, settings: Settings, query: dict) -> Table:
    try:
        wanted, title = audit_filter(query), "Protokoll (Audit-Log)"
    except QueryError:
        wanted, title = AuditFilter(), "Protokoll (Audit-Log), ungültiger Filter in der Adresse: alle Einträge"
    return Table(
        name="protokoll", title=title, rows=audit_rows(session, wanted),  # the whole filtered log
        stand=f"Stand {fmt_datetime(dt.datetime.now(BERLIN))}",
        columns=[Column("at", "Zeitpunkt"), Column("actor", "Benutzer"), Column("action_text", "Aktion"),
                 Column("target", "Objekt"), Column("detail", "Einzelheiten"), Column("ip", "IP-Adresse")])


ADMIN_TABLES = {"users": users_table, "audit": audit_table}


def _text(value) -> str | None:
    """A form field's value as text (a forged request may send a number where a name belongs)."""
    return value if value is None or isinstance(value, str) else str(value)
