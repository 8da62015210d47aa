"""Restore of a PostgreSQL backup (`pg_dump --format=custom`) without risking the live data.

1. `pg_restore` reads the file into a temporary scratch database (`imc_pruefung_…`; the database
   user needs the CREATEDB privilege, docs/deployment.md). The backup's schema is the one holding
   `alembic_version`.
2. data.restore_check checks it there completely and migrates it to the current schema; the caller's
   `finish` adds the audit event and a new data revision, still in the scratch database.
3. The checked schema is renamed to a staging name, dumped again and restored into the live database
   next to the live schema (`pg_restore --single-transaction`: all or nothing).
4. One transaction swaps the schemas: live → old, staging → live, drop old.
Any failure before step 4 commits leaves the live schema untouched; scratch and staging are dropped.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from data.db import make_engine
from data.restore_check import BackupError, CheckedBackup, check_and_migrate, has_active_admin


def restore(live_url: str, source: Path, finish: Callable[[str, str], None]) -> CheckedBackup:
    """Check `source` in a scratch database, then swap it in for the live schema in one transaction."""
    from data.backup import _libpq_url, _pg_schema_and_revision, _run, _tool

    _run([_tool("pg_restore"), "--list", str(source)], "pg_restore", refuse=(
        f"Die Datei {source} ist keine vollständige PostgreSQL-Sicherung (pg_dump --format=custom): sie ist "
        "abgeschnitten, beschädigt oder eine ganz andere Datei. Bitte eine mit `im-cockpit backup` erstellte "
        "Sicherung angeben."))
    engine = make_engine(live_url).execution_options(isolation_level="AUTOCOMMIT")
    suffix = uuid.uuid4().hex[:10]
    scratch_db, staging = f"imc_pruefung_{suffix}", f"imc_neu_{suffix}"
    swapped = False
    try:
        live_schema, _ = _pg_schema_and_revision(engine)
        live_has_admin = has_active_admin(live_url)
        _create_database(engine, scratch_db)
        try:
            scratch_base = _scratch_url(live_url, scratch_db, None)
            _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                  f"--dbname={_libpq_url(scratch_base)}", str(source)], "pg_restore", refuse=(
                f"Die Datei {source} lässt sich nicht einlesen – sie ist abgeschnitten, beschädigt oder keine "
                "Sicherung des IM-Cockpits. Bitte eine vollständige, mit `im-cockpit backup` erstellte "
                "Sicherung verwenden."))
            schema = _backup_schema(scratch_base)
            scratch_url = _scratch_url(live_url, scratch_db, schema)
            checked = check_and_migrate(scratch_url, live_has_admin=live_has_admin)
            finish(scratch_url, live_url)
            with make_engine(scratch_base).begin() as conn:
                conn.execute(text(f"ALTER SCHEMA {_quote(schema)} RENAME TO {_quote(staging)}"))
            with tempfile.TemporaryDirectory(prefix="imc-wiederherstellung-") as folder:
                checked_dump = Path(folder) / "geprueft.dump"
                _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--schema={staging}",
                      f"--file={checked_dump}", _libpq_url(scratch_base)], "pg_dump")
                _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                      "--exit-on-error", f"--dbname={_libpq_url(live_url)}", str(checked_dump)], "pg_restore")
        finally:
            with engine.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(scratch_db)} WITH (FORCE)"))
        with engine.connect() as conn, conn.begin():  # the one step: other sessions see old or new
            old = f"imc_alt_{suffix}"
            conn.execute(text(f"ALTER SCHEMA {_quote(live_schema)} RENAME TO {_quote(old)}"))
            conn.execute(text(f"ALTER SCHEMA {_quote(staging)} RENAME TO {_quote(live_schema)}"))
            conn.execute(text(f"DROP SCHEMA {_quote(old)} CASCADE"))
        swapped = True
    except SQLAlchemyError as error:
        raise BackupError(f"Die Wiederherstellung ist fehlgeschlagen ({_first_line(error)}). "
                          "Die Daten wurden nicht verändert.") from None
    finally:
        if not swapped:
            with engine.connect() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {_quote(staging)} CASCADE"))
        engine.dispose()
    return checked


def _create_database(engine, name: str) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {_quote(name)}"))
    except SQLAlchemyError as error:
        raise BackupError(
            f"Für die Prüfung der Sicherung braucht die Wiederherstellung eine vorübergehende Datenbank, "
            f"der Datenbank-Benutzer darf aber keine anlegen ({_first_line(error)}). Bitte einmal als "
            "Administrator `ALTER ROLE <benutzer> CREATEDB;` ausführen (docs/deployment.md). "
            "Es wurde nichts verändert.") from None


def _scratch_url(live_url: str, database: str, schema: str | None) -> str:
    url = make_url(live_url).set(database=database)
    query = {key: value for key, value in url.query.items() if key != "options"}
    if schema is not None:
        query["options"] = f"-csearch_path={schema}"
    return url.set(query=query).render_as_string(hide_password=False)


def _backup_schema(scratch_url: str) -> str:
    engine = make_engine(scratch_url)
    try:
        with engine.connect() as conn:
            schemas = conn.execute(text("SELECT table_schema FROM information_schema.tables "
                                        "WHERE table_name = 'alembic_version' ORDER BY 1")).scalars().all()
    finally:
        engine.dispose()
    if not schemas:
        raise BackupError("Die Datei ist keine Sicherung des IM-Cockpits (es fehlt die Tabelle alembic_version "
                          "mit der Schema-Revision). Bitte eine mit `im-cockpit backup` erstellte Sicherung "
                          "angeben. Es wurde nichts verändert.")
    if len(schemas) > 1:
        raise BackupError(f"Die Datei enthält mehrere Datenbank-Schemata mit Revisionstabelle ({', '.join(schemas)}); "
                          "eine Sicherung des IM-Cockpits hat genau eines. Bitte eine mit `im-cockpit backup` "
                          "erstellte Sicherung angeben. Es wurde nichts verändert.")
    return schemas[0]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _first_line(error: Exception) -> str:
    message = str(getattr(error, "orig", None) or error).strip()
    return (message.splitlines() or ["ohne Meldung"])[0][:300]
