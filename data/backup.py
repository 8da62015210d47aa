"""Backup and restore of the whole database (`im-cockpit backup` / `restore`).

SQLite: the online backup API, so a running dashboard keeps working while the copy is taken, and a
restore replaces the live database in one step. PostgreSQL: `pg_dump --format=custom` of the app's
schema; the restore is in data.backup_pg (the PostgreSQL client tools must be installed).
A restore checks and migrates the file in a scratch database first (data.restore_check) and changes
nothing live unless all of that succeeded.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from data import audit
from data.db import make_engine, make_session_factory, transaction
from data.restore_check import BackupError, check_and_migrate
from data.schema import DatasetInfo

__all__ = ["BackupError", "BackupInfo", "backup", "restore"]



@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size_bytes: int
    revision: str  # Alembic revision of the schema in the file


def backup(database_url: str, target: Path) -> BackupInfo:
    """Write a consistent copy of the database to `target` (refuses to overwrite a file)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"Die Datei {target} gibt es schon. Bitte einen neuen Dateinamen angeben "
                          "(eine Sicherung überschreibt nie eine andere).")
    if not target.parent.is_dir():
        raise BackupError(f"Den Ordner {target.parent} gibt es nicht. Bitte zuerst anlegen.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(database_url)
        partial = target.with_name(target.name + ".teil")
        _sqlite_copy(source, partial)
        partial.rename(target)  # never a half-written file under the final name
        return BackupInfo(target, target.stat().st_size, _sqlite_revision(target))
    engine = make_engine(database_url)
    try:
        schema, revision = _pg_schema_and_revision(engine)
    finally:
        engine.dispose()
    partial = target.with_name(target.name + ".teil")
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--schema={schema}",
          f"--file={partial}", _libpq_url(database_url)], "pg_dump")
    partial.rename(target)
    return BackupInfo(target, target.stat().st_size, revision)


def restore(database_url: str, source: Path, *, actor: str) -> BackupInfo:
    """Replace the database's content by the backup in `source`; record who did it in the audit log.

    The backup is first restored into a scratch database (SQLite: a temporary file beside the live
    one; PostgreSQL: a temporary database), checked completely and migrated to the current schema
    there (data.restore_check). Only then the live data is replaced, in one step. On any error the
    live database is not touched.

    Raises:
        BackupError: German message naming what is wrong and what to do.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Die Datei {source} gibt es nicht. Bitte den Pfad der Sicherung prüfen.")
    size = source.stat().st_size
    if make_url(database_url).get_backend_name() == "sqlite":
        return _restore_sqlite(database_url, source, size, actor)
    from data import backup_pg

    checked = backup_pg.restore(database_url, source, lambda url, live_url: _finish(url, live_url, source, actor))
    return BackupInfo(source, size, ", ".join(checked.revisions))


def _restore_sqlite(database_url: str, source: Path, size: int, actor: str) -> BackupInfo:
    live = _sqlite_path(database_url)
    live.parent.mkdir(parents=True, exist_ok=True)
    # the scratch copy stays beside the live file: same disk, same access rights, no copy of the data in /tmp
    with tempfile.TemporaryDirectory(prefix=".wiederherstellung-", dir=live.parent) as folder:
        scratch = Path(folder) / "pruefung.sqlite3"
        _copy_sqlite_backup(source, scratch)
        scratch_url = f"sqlite:///{scratch}"
        checked = check_and_migrate(scratch_url, live_has_admin=live.is_file() and _sqlite_has_admin(live))
        _finish(scratch_url, database_url if live.is_file() else None, source, actor)
        _sqlite_copy(scratch, live)  # one step: other connections see the old or the new database
    return BackupInfo(source, size, ", ".join(checked.revisions))


def _sqlite_has_admin(live: Path) -> bool:
    """Read-only: whether the live file has an active admin (an engine of make_engine would switch a file in
    rollback-journal mode to WAL, and that alone changes the live file before anything was checked)."""
    try:
        with closing(sqlite3.connect(f"file:{live}?mode=ro", uri=True)) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").fetchone():
                return False
            return conn.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active").fetchone()[0] > 0
    except sqlite3.DatabaseError:
        return False  # the live database is itself unreadable: nothing there to protect login for


def _finish(scratch_url: str, live_url: str | None, source: Path, actor: str) -> None:
    """In the checked scratch copy: a revision newer than the live one, and the audit event."""
    live_revision = 0
    if live_url is not None:
        live_revision = _dataset_revision(live_url)
    engine = make_engine(scratch_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            # pages that are open compare revisions: the restored data must look new to them
            info_row = session.get(DatasetInfo, 1)
            if info_row is not None:
                info_row.revision = max(info_row.revision + 1_000, live_revision + 1)
            audit.record(session, actor, "restore", f"file:{source.name}", {"bytes": source.stat().st_size})
    finally:
        engine.dispose()


def _dataset_revision(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(DatasetInfo.revision).where(DatasetInfo.id == 1)).scalar() or 0
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def _copy_sqlite_backup(source: Path, scratch: Path) -> None:
    """Copy the backup file into the scratch file; refuse what is no intact SQLite database."""
    try:
        _sqlite_copy(source, scratch)
        with closing(sqlite3.connect(scratch)) as conn:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Die Datei {source} ist keine intakte SQLite-Datenbank ({error}). Bitte eine mit "
                          "`im-cockpit backup` erstellte Sicherung angeben; ist sie abgeschnitten oder "
                          "beschädigt, eine ältere Sicherung.") from None
    if status != "ok":
        raise BackupError(f"Die Sicherung {source} ist beschädigt (SQLite meldet: {status}). "
                          "Bitte eine ältere Sicherung verwenden.")


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("Eine SQLite-Datenbank im Arbeitsspeicher lässt sich nicht sichern. "
                          "Bitte DATABASE_URL auf eine Datei setzen.")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _sqlite_revision(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else ""


def _pg_schema_and_revision(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
    return schema, revision


def _libpq_url(database_url: str) -> str:
    """The URL as the PostgreSQL client tools read it (no SQLAlchemy driver suffix)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Das Programm {name} wurde nicht gefunden. Für Sicherungen einer PostgreSQL-"
                          "Datenbank bitte die PostgreSQL-Client-Programme installieren (Debian: postgresql-client).")
    return path


def _run(argv: list[str], name: str, refuse: str | None = None) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        detail = lines[-1] if lines else "ohne Meldung"
        raise BackupError(f"{refuse} ({detail}) Es wurde nichts verändert." if refuse
                          else f"{name} ist fehlgeschlagen: {detail}")
