"""Check a restored copy of a backup in its scratch database, and migrate it there (`im-cockpit restore`).

`check_and_migrate(url)` runs against the scratch copy only — never against the live database. It
refuses (BackupError, German, naming what is wrong and what to do) a copy whose schema revision the
app does not know, that lacks a table or column of that revision, whose tables cannot be read, that
the migrations cannot bring to the current schema, that lacks the audit log's append-only triggers
afterwards, or that would lock every administrator out (see `_check_admin`).
This module must not touch the live database; data.backup decides when to swap.
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from data import migrate
from data.db import make_engine
from data.schema import Base, Role, User

# the audit log refuses UPDATE and DELETE by these triggers (migration 0004); a copy without them
# would let the restored log be rewritten
AUDIT_TRIGGERS = {"sqlite": {"audit_log_no_update", "audit_log_no_delete"},
                  "postgresql": {"audit_log_append_only"}}


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do (German)."""


@dataclass(frozen=True)
class CheckedBackup:
    revisions: tuple[str, ...]  # Alembic revision(s) of the backup, before migrating
    row_counts: dict[str, int]  # rows per table of the backup, before migrating


def check_and_migrate(scratch_url: str, *, live_has_admin: bool) -> CheckedBackup:
    """Validate the copy at `scratch_url` completely, then migrate it to the current schema.

    Raises:
        BackupError: the copy is no usable IM-Cockpit backup (nothing outside the scratch changed).
    """
    revisions = _known_revisions(scratch_url)
    expected = expected_structure(revisions)
    _check_structure(scratch_url, expected, "Die Sicherung")
    counts = _row_counts(scratch_url, expected)
    try:
        migrate.upgrade(scratch_url)
    except Exception as error:  # noqa: BLE001 - whatever stops the migration, the copy is refused
        detail = _first_line(error)
        raise BackupError(
            f"Die Sicherung (Schema-Revision {', '.join(revisions)}) lässt sich nicht auf den aktuellen Stand "
            f"migrieren ({detail}). Ihre Tabellen passen nicht zu ihrer Revision – die Datei wurde "
            "vermutlich verändert. Bitte eine unveränderte Sicherung verwenden.") from None
    head = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    _check_structure(scratch_url, head, "Die migrierte Sicherung")
    _check_triggers(scratch_url)
    _check_admin(scratch_url, live_has_admin)
    return CheckedBackup(revisions, counts)


def has_active_admin(url: str) -> bool:
    """Whether the database at `url` has an active admin (False when it has no users table)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(User.__tablename__):
                return False
            query = select(func.count()).select_from(User).where(User.role == Role.admin, User.active.is_(True))
            return conn.execute(query).scalar_one() > 0
    finally:
        engine.dispose()


@functools.cache
def expected_structure(revisions: tuple[str, ...]) -> dict[str, set[str]]:
    """Tables and their columns at these revisions: the migrations applied to an empty SQLite file."""
    with tempfile.TemporaryDirectory(prefix="imc-referenz-") as folder:
        url = f"sqlite:///{Path(folder) / 'referenz.sqlite3'}"
        for revision in revisions:
            migrate.upgrade(url, revision)
        structure = _structure(url)
    structure.pop("alembic_version", None)  # checked apart: its content is the revision
    return structure


def _known_revisions(url: str) -> tuple[str, ...]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                raise BackupError("Die Datei ist keine Sicherung des IM-Cockpits (es fehlt die Tabelle "
                                  "alembic_version mit der Schema-Revision). Bitte eine mit "
                                  "`im-cockpit backup` erstellte Sicherung angeben.")
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError as error:
        raise BackupError(f"Die Schema-Revision der Sicherung ist nicht lesbar ({_first_line(error)}). "
                          "Bitte eine unveränderte Sicherung verwenden.") from None
    finally:
        engine.dispose()
    if not rows:
        raise BackupError("Die Sicherung nennt keine Schema-Revision (Tabelle alembic_version ist leer). "
                          "Bitte eine unveränderte Sicherung verwenden.")
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = sorted(set(rows) - known)
    if unknown:
        raise BackupError(
            f"Die Sicherung hat die unbekannte Schema-Revision {', '.join(unknown)} (diese Version kennt "
            f"{', '.join(sorted(known))}). Sie stammt von einer neueren Version des IM-Cockpits oder wurde "
            "verändert. Bitte mit der Version wiederherstellen, die sie erstellt hat, oder eine andere "
            "Sicherung verwenden.")
    return tuple(sorted(rows))


def _structure(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            return {name: {c["name"] for c in inspector.get_columns(name)}
                    for name in inspector.get_table_names() if not name.startswith("sqlite_")}
    finally:
        engine.dispose()


def _check_structure(url: str, expected: dict[str, set[str]], what: str) -> None:
    actual = _structure(url)
    missing_tables = sorted(set(expected) - set(actual))
    if missing_tables:
        shown = ", ".join(missing_tables[:12]) + (" …" if len(missing_tables) > 12 else "")
        raise BackupError(f"{what} ist keine vollständige Sicherung des IM-Cockpits: es fehlen "
                          f"{len(missing_tables)} Tabellen ({shown}). Bitte eine mit `im-cockpit backup` "
                          "erstellte, unveränderte Sicherung angeben.")
    missing_columns = sorted(f"{name}.{column}" for name, columns in expected.items()
                             for column in columns - actual[name])
    if missing_columns:
        shown = ", ".join(missing_columns[:12]) + (" …" if len(missing_columns) > 12 else "")
        raise BackupError(f"{what} passt nicht zu ihrer Schema-Revision: es fehlen die Spalten {shown}. "
                          "Bitte eine mit `im-cockpit backup` erstellte, unveränderte Sicherung angeben.")


def _row_counts(url: str, expected: dict[str, set[str]]) -> dict[str, int]:
    engine = make_engine(url)
    counts = {}
    try:
        with engine.connect() as conn:
            for name in sorted(expected):
                try:
                    counts[name] = conn.execute(select(func.count()).select_from(table(name))).scalar_one()
                except SQLAlchemyError as error:
                    raise BackupError(f"Die Tabelle {name} der Sicherung ist nicht lesbar ({_first_line(error)}). "
                                      "Die Datei ist beschädigt; bitte eine ältere Sicherung verwenden.") from None
    finally:
        engine.dispose()
    return counts


def _check_triggers(url: str) -> None:
    dialect = make_url(url).get_backend_name()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if dialect == "sqlite":
                query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
            else:
                query = ("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                         "AND tgrelid = to_regclass('audit_log')")
            present = set(conn.execute(text(query)).scalars())
    finally:
        engine.dispose()
    missing = AUDIT_TRIGGERS[dialect] - present
    if missing:
        raise BackupError(f"In der Sicherung fehlen die Schutz-Trigger des Protokolls ({', '.join(sorted(missing))}); "
                          "das Protokoll ließe sich danach ändern. Die Datei wurde verändert – bitte eine "
                          "unveränderte Sicherung verwenden.")


def _check_admin(url: str, live_has_admin: bool) -> None:
    # A backup without any active admin would leave nobody who can manage users on the page; we refuse
    # it only when the live database has one, so an installation that never had users (demo data, a
    # fresh setup) can still be restored.
    if live_has_admin and not has_active_admin(url):
        raise BackupError("Die Sicherung enthält keinen aktiven Benutzer mit der Rolle admin; nach der "
                          "Wiederherstellung könnte niemand mehr Benutzer verwalten. Bitte eine Sicherung mit "
                          "einem aktiven Administrator verwenden.")


def _first_line(error: Exception) -> str:
    message = str(getattr(error, "orig", None) or error).strip()
    return (message.splitlines() or ["ohne Meldung"])[0][:300]
