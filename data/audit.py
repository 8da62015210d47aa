"""The audit log: who changed what, when. Only inserts; the database refuses UPDATE and DELETE.

`record` writes one event in the caller's transaction. The app's sessions are `AuditedSession`s
(data.db.make_session_factory), whose flush hook logs each flush that inserts, updates or deletes records is logged without the edit paths having to
remember it (one event per table and kind of change, with the ids and the changed fields).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from data.schema import AuditEvent, DatasetInfo, User

# users: their changes are logged explicitly (data.users), and never with password hashes
_NOT_LOGGED = {AuditEvent.__tablename__, DatasetInfo.__tablename__, User.__tablename__}
_MAX_IDS = 50


def record(session: Session, actor: str, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None, ip: str | None = None) -> None:
    """Append one event (in the caller's transaction)."""
    session.execute(insert(AuditEvent).values(at=_now(), actor=(actor or "system")[:120], action=action[:60],
                                              target=target[:200] if target else None, detail=detail,
                                              ip=ip[:64] if ip else None))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def _changes(obj) -> dict[str, list]:
    state = inspect(obj)
    changed = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes() and attr.key not in ("updated_at", "updated_by"):
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changed[attr.key] = [_value(old), _value(new)]
    return changed


def _after_flush(session: Session, _context) -> None:
    groups: dict[tuple[str, str, str], dict] = {}
    for kind, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            table = getattr(obj, "__tablename__", None)
            if table is None or table in _NOT_LOGGED:
                continue
            if kind == "update" and not session.is_modified(obj, include_collections=False):
                continue
            actor = getattr(obj, "updated_by", None) or "system"
            group = groups.setdefault((kind, table, actor), {"count": 0, "ids": [], "changes": {}})
            group["count"] += 1
            ident = [v for v in inspect(obj).mapper.primary_key_from_instance(obj) if v is not None]
            if ident and len(group["ids"]) < _MAX_IDS:
                group["ids"].append(ident[0] if len(ident) == 1 else list(ident))
                if kind == "update":
                    group["changes"][str(ident[0])] = _changes(obj)
    connection = session.connection()
    for (kind, table, actor), detail in groups.items():
        if not detail["changes"]:
            detail.pop("changes")
        connection.execute(insert(AuditEvent).values(at=_now(), actor=actor[:120], action=kind, target=table, detail=detail))


class AuditedSession(Session):
    """The app's sessions (data.db.make_session_factory): every ORM change they flush is logged.
    Other sessions in the process (a test's, another library's) are not touched."""


event.listen(AuditedSession, "after_flush", _after_flush)


def _filtered(query, *, actor: str | None, action: str | None, since: dt.datetime | None,
              until: dt.datetime | None):
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    return query


def events(session: Session, *, actor: str | None = None, action: str | None = None,
           since: dt.datetime | None = None, until: dt.datetime | None = None, limit: int | None = 500,
           offset: int = 0) -> list[dict]:
    """The newest events first, filtered; plain dicts for display. `limit=None`: all of them.

    The order (at, id) descending is what the indexes of migration 0007 hold, so a page of a large
    log is read from an index instead of sorting the whole log.
    """
    query = page_query(actor=actor, action=action, since=since, until=until, limit=limit, offset=offset)
    return [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
             "detail": e.detail, "ip": e.ip} for e in session.scalars(query)]


def page_query(*, actor: str | None = None, action: str | None = None, since: dt.datetime | None = None,
               until: dt.datetime | None = None, limit: int | None = 500, offset: int = 0) -> Select:
    """The SELECT behind `events` (tests read its query plan)."""
    query = _filtered(select(AuditEvent), actor=actor, action=action, since=since, until=until)
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset or None).limit(limit)


def count(session: Session, *, actor: str | None = None, action: str | None = None,
          since: dt.datetime | None = None, until: dt.datetime | None = None) -> int:
    """How many events the filter matches."""
    query = _filtered(select(func.count()).select_from(AuditEvent), actor=actor, action=action,
                      since=since, until=until)
    return session.execute(query).scalar_one()
