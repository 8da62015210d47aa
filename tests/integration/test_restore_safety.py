"""`im-cockpit restore` cannot destroy: a crafted or foreign backup is refused, live data byte-for-byte unchanged.

Each case builds a source database on the same backend as the live one, spoils it, and backs it up
(SQLite: the file itself; PostgreSQL: `pg_dump --format=custom` of its schema). The live database is
fingerprinted before and after: the SQLite file's checksum, or an ordered dump of every PostgreSQL
table plus the audit log's triggers.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import column, insert, inspect, select, table, text

from dashboard.cli import main
from data.backup import BackupError, _libpq_url, backup, restore
from data.db import make_engine
from data.migrate import alembic_config, upgrade
from data.schema import AuditEvent, Role, User
from tests.helpers import fresh_postgres_schema

FIVE_TABLES = ["CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
               "INSERT INTO alembic_version VALUES ('0006')",
               "CREATE TABLE dataset_info (id INTEGER PRIMARY KEY)", "CREATE TABLE areas (id INTEGER PRIMARY KEY)",
               "CREATE TABLE providers (id INTEGER PRIMARY KEY)", "CREATE TABLE audit_log (id INTEGER PRIMARY KEY)"]
FOREIGN = ["CREATE TABLE kunden (id INTEGER PRIMARY KEY, name VARCHAR(80))", "INSERT INTO kunden VALUES (1, 'Muster')"]
TRIGGERS_GONE = {"sqlite": ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
                 "postgresql": ["DROP TRIGGER audit_log_append_only ON audit_log"]}

# case: (how the source is made: "head"/"empty", SQL spoiling it, user role in it, what the file becomes, message)
CASES = {
    "five_tables": ("empty", FIVE_TABLES, None, None, r"es fehlen \d+ Tabellen .*users"),
    "foreign_database": ("empty", FOREIGN, None, None, "alembic_version"),
    "unknown_revision": ("head", ["UPDATE alembic_version SET version_num = '0099'"], "admin", None,
                         "unbekannte Schema-Revision 0099"),
    "edited_older_revision": ("head", ["UPDATE alembic_version SET version_num = '0001'"], "admin", None,
                              "nicht auf den aktuellen Stand migrieren"),
    "missing_column": ("head", ["ALTER TABLE users DROP COLUMN session_version"], "admin", None,
                       "Spalten users.session_version"),
    "audit_triggers_removed": ("head", "triggers", "admin", None, "Schutz-Trigger"),
    "no_admin_left": ("head", [], "viewer", None, "keinen aktiven Benutzer mit der Rolle admin"),
    "truncated_file": ("head", [], "admin", "truncate", "abgeschnitten|beschädigt|keine intakte"),
    "not_a_backup": ("head", [], "admin", "csv", "keine"),
}


def backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def add_user(url: str, name: str, role: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(User).values(username=name, password_hash="argon2-test", role=Role(role), active=True))
    engine.dispose()


def fingerprint(url: str) -> str:
    """SQLite: checksum of the file (and its WAL); PostgreSQL: every row of every table, ordered."""
    if backend(url) == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        wal = path.with_name(path.name + "-wal")
        return hashlib.sha256(path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()
    engine = make_engine(url)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for name in sorted(inspect(conn).get_table_names()):
            digest.update(name.encode())
            columns = [column(c["name"]) for c in inspect(conn).get_columns(name)]
            for row in sorted(tuple(map(repr, row)) for row in conn.execute(select(table(name, *columns)))):
                digest.update(repr(row).encode())
        digest.update(repr(sorted(conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('audit_log')")).scalars())).encode())
    engine.dispose()
    return digest.hexdigest()


@pytest.fixture
def live_url(demo_url):
    """The demo database with an active admin, as a real installation has."""
    add_user(demo_url, "admin.live", "admin")
    return demo_url


@pytest.fixture
def source_url(live_url, tmp_path, request):
    """An empty database on the live one's backend to build a backup from."""
    if backend(live_url) == "sqlite":
        yield f"sqlite:///{tmp_path / 'quelle.sqlite3'}"
        return
    url, drop = fresh_postgres_schema(request.getfixturevalue("pg_base_url"))
    yield url
    drop()


def make_backup(source_url: str, file: Path) -> None:
    """The source as a backup file, also when it is no IM-Cockpit database (foreign pg_dump)."""
    if backend(source_url) == "sqlite":
        shutil.copyfile(source_url.removeprefix("sqlite:///"), file)
        return
    engine = make_engine(source_url)
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    engine.dispose()
    subprocess.run([shutil.which("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                    f"--schema={schema}", f"--file={file}", _libpq_url(source_url)], check=True)


@pytest.mark.parametrize("case", list(CASES))
def test_a_crafted_or_foreign_backup_is_refused_and_live_data_stays_byte_for_byte(case, live_url, source_url,
                                                                                   tmp_path):
    start, spoil, role, file_kind, message = CASES[case]
    if spoil == "triggers":
        spoil = TRIGGERS_GONE[backend(live_url)]
    if start == "head":
        upgrade(source_url)
        add_user(source_url, "quelle", role)
    engine = make_engine(source_url)
    with engine.begin() as conn:
        for statement in spoil:
            conn.execute(text(statement))
    engine.dispose()
    file = tmp_path / "sicherung.dump"
    make_backup(source_url, file)
    if file_kind == "truncate":
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    elif file_kind == "csv":
        file.write_bytes(b"Vorname;Nachname\nMax;Muster\n")
    before = fingerprint(live_url)

    with pytest.raises(BackupError, match=message):
        restore(live_url, file, actor="test")
    assert fingerprint(live_url) == before


def test_cli_refuses_with_german_message_and_exit_code(live_url, source_url, tmp_path, monkeypatch, capsys):
    upgrade(source_url)
    add_user(source_url, "quelle", "admin")
    engine = make_engine(source_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    file = tmp_path / "sicherung.dump"
    make_backup(source_url, file)
    monkeypatch.setenv("DATABASE_URL", live_url)
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    before = fingerprint(live_url)
    assert main(["restore", "--yes", str(file)]) == 1
    err = capsys.readouterr().err
    assert "Wiederherstellung nicht möglich" in err and "unverändert" in err
    assert fingerprint(live_url) == before


def test_a_backup_of_an_older_schema_is_migrated_before_it_replaces_the_live_data(live_url, source_url, tmp_path):
    upgrade(source_url, "0005")  # before imports and tokens: the restore must bring it to the head
    add_user(source_url, "alt.admin", "admin")
    file = tmp_path / "alt.dump"
    backup(source_url, file)

    info = restore(live_url, file, actor="test")
    assert info.revision == "0005"
    engine = make_engine(live_url)
    with engine.connect() as conn:
        heads = set(ScriptDirectory.from_config(alembic_config(live_url)).get_heads())
        assert set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars()) == heads
        assert inspect(conn).has_table("api_tokens")
        assert conn.execute(select(User.username)).scalars().all() == ["alt.admin"]
        assert conn.execute(select(AuditEvent.action).order_by(AuditEvent.id.desc())).scalars().first() == "restore"
    engine.dispose()
    if backend(live_url) == "sqlite":
        with sqlite3.connect(live_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_live_sqlite_file_in_rollback_journal_mode_is_not_touched_by_a_refused_restore(tmp_path, demo_sqlite_url):
    live = tmp_path / "live.sqlite3"
    backup(demo_sqlite_url, live)
    add_user(f"sqlite:///{live}", "admin.live", "admin")
    with sqlite3.connect(live) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")  # e.g. a file copied in by hand; the app would switch it to WAL
    foreign = tmp_path / "fremd.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        conn.execute("INSERT INTO alembic_version VALUES ('0006')")
    before = fingerprint(f"sqlite:///{live}")
    with pytest.raises(BackupError, match="es fehlen"):
        restore(f"sqlite:///{live}", foreign, actor="test")
    assert fingerprint(f"sqlite:///{live}") == before
