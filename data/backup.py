"""Backup and restore of the whole database (`im-cockpit backup` / `restore`).

SQLite: the online backup API, so a running dashboard keeps working while the copy is taken, and a
restore replaces the live database in one step. PostgreSQL: `pg_dump --format=custom` of the app's
schema and `pg_restore --clean`, run as subprocesses (the PostgreSQL client tools must be installed).
A restore checks the file first and changes nothing when it is not an IM-Cockpit backup.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from data import audit
from data.db import make_engine, make_session_factory, transaction
from data.schema import DatasetInfo

# tables every IM-Cockpit database has; a file without them is not a backup of this app
REQUIRED_TABLES = {"alembic_version", "dataset_info", "areas", "providers", "audit_log"}


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do (German)."""


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
    """Replace the database's content by the backup in `source`; record who did it in the audit log."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Die Datei {source} gibt es nicht. Bitte den Pfad der Sicherung prüfen.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        info = BackupInfo(source, source.stat().st_size, _check_sqlite_backup(source))
        live = _sqlite_path(database_url)
        live.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, live)  # one step: other connections see the old or the new database
    else:
        info = BackupInfo(source, source.stat().st_size, "")
        _run([_tool("pg_restore"), "--list", str(source)], "pg_restore", refuse=(
            f"Die Datei {source} ist keine PostgreSQL-Sicherung (pg_dump --format=custom)."))
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", f"--dbname={_libpq_url(database_url)}", str(source)],
             "pg_restore")
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            # pages that are open compare revisions: a restored (older) number must still look new
            info_row = session.get(DatasetInfo, 1)
            if info_row is not None:
                info_row.revision = info_row.revision + 1_000
            audit.record(session, actor, "restore", f"file:{source.name}", {"bytes": info.size_bytes})
    finally:
        engine.dispose()
    return info


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


def _check_sqlite_backup(path: Path) -> str:
    """The Alembic revision of a valid IM-Cockpit SQLite backup; BackupError otherwise."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        raise BackupError(f"Die Datei {path} ist keine SQLite-Datenbank. Bitte eine mit "
                          "`im-cockpit backup` erstellte Sicherung angeben.") from None
    if status != "ok":
        raise BackupError(f"Die Sicherung {path} ist beschädigt (SQLite meldet: {status}). "
                          "Bitte eine ältere Sicherung verwenden.")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(f"Die Datei {path} ist keine Sicherung des IM-Cockpits (es fehlen die Tabellen "
                          f"{', '.join(sorted(missing))}). Es wurde nichts verändert.")
    return _sqlite_revision(path)


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
