"""Saved Sitzungen (a meeting's slide sequence) and the database: save, get, list and delete rows of the
`meetings` table, each write with an audit event. Functions take the caller's session first and never
commit; the permission check is the caller's (inside the same transaction). No dash, layouts or callbacks.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.meeting import Meeting, MeetingItem
from data import audit
from data.schema import MeetingRow


def _meeting(row: MeetingRow) -> Meeting:
    return Meeting(day=row.day, body=row.body, title=row.title, interval=row.interval_seconds, id=row.id,
                   items=tuple(MeetingItem.from_dict(i) for i in row.items or () if isinstance(i, dict)))


def save(session: Session, meeting: Meeting, *, user: str) -> int:
    """Store a checked Sitzung as a new row; returns its id."""
    row = MeetingRow(day=meeting.day, body=meeting.body, title=" ".join(meeting.title.split()),
                     interval_seconds=meeting.interval, items=[i.to_dict() for i in meeting.items],
                     created_by=(user or "system")[:120])
    session.add(row)
    session.flush()
    audit.record(session, user, "meeting_saved", f"Sitzung #{row.id}",
                 {"title": row.title, "day": row.day.isoformat(), "body": row.body, "steps": len(row.items)})
    return row.id


def get(session: Session, meeting_id: int) -> Meeting | None:
    row = session.get(MeetingRow, meeting_id)
    return None if row is None else _meeting(row)


def listing(session: Session) -> list[Meeting]:
    """Saved Sitzungen, the latest meeting day first."""
    rows = session.scalars(select(MeetingRow).order_by(MeetingRow.day.desc(), MeetingRow.id.desc()))
    return [_meeting(r) for r in rows]


def delete(session: Session, meeting_id: int, *, user: str) -> bool:
    """Delete a Sitzung (False: there is none with this id)."""
    row = session.get(MeetingRow, meeting_id)
    if row is None:
        return False
    audit.record(session, user, "meeting_deleted", f"Sitzung #{row.id}",
                 {"title": row.title, "day": row.day.isoformat(), "body": row.body})
    session.delete(row)
    session.flush()
    return True
