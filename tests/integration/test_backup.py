"""`im-cockpit backup` / `restore`: a round trip gives back every row; bad files change nothing."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from dashboard.cli import main
from data.backup import BackupError, backup, restore
from data.db import make_engine, make_session_factory, read_session, transaction
from data.schema import AuditEvent, Base, DatasetInfo, FundsEntry, VolunteerProject

DATA_TABLES = [t for t in Base.metadata.sorted_tables if t.name not in ("audit_log", "dataset_info")]


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every data table, in a stable order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: sorted(tuple(str(v) for v in row) for row in conn.execute(select(t)))
                    for t in DATA_TABLES}
    finally:
        engine.dispose()


def damage(url: str) -> None:
    """Changes a careless evening could make: projects deleted, a wrong booking."""
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        session.execute(delete(VolunteerProject))
        entry = session.scalars(select(FundsEntry)).first()
        entry.amount = Decimal("9999.99")
    engine.dispose()


def revision_and_last_action(url: str) -> tuple[int, str]:
    engine = make_engine(url)
    with read_session(make_session_factory(engine)) as session:
        revision = session.get(DatasetInfo, 1).revision
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        result = revision, last.action
    engine.dispose()
    return result


def test_round_trip_gives_back_every_row(demo_url, tmp_path):
    before = snapshot(demo_url)
    assert sum(len(rows) for rows in before.values()) > 500  # the demo data, not an empty database
    revision_before, _ = revision_and_last_action(demo_url)
    file = tmp_path / "sicherung.dump"

    info = backup(demo_url, file)
    assert info.size_bytes == file.stat().st_size > 0
    damage(demo_url)
    assert snapshot(demo_url) != before

    restore(demo_url, file, actor="test")
    assert snapshot(demo_url) == before
    revision, action = revision_and_last_action(demo_url)
    assert action == "restore"
    assert revision > revision_before  # open pages notice the restored data


def test_backup_never_overwrites(demo_url, tmp_path):
    file = tmp_path / "vorhanden.dump"
    file.write_text("wichtig")
    with pytest.raises(BackupError, match="gibt es schon"):
        backup(demo_url, file)
    assert file.read_text() == "wichtig"


@pytest.mark.parametrize("content, message", [
    (b"Vorname;Nachname\nMax;Muster\n", "keine"),
    (b"\x00\x01\x02 garbage" * 100, "keine"),
])
def test_restore_refuses_a_file_that_is_no_backup_and_changes_nothing(demo_url, tmp_path, content, message):
    before = snapshot(demo_url)
    file = tmp_path / "falsch.dump"
    file.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore(demo_url, file, actor="test")
    assert snapshot(demo_url) == before


def test_restore_refuses_a_foreign_sqlite_database(tmp_path, demo_sqlite_url):
    live = tmp_path / "live.sqlite3"
    live_url = f"sqlite:///{live}"
    backup(demo_sqlite_url, live)  # a working copy of the demo database to restore into
    before = snapshot(live_url)
    foreign = tmp_path / "fremd.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE kunden (name TEXT)")
    with pytest.raises(BackupError, match="keine Sicherung des IM-Cockpits.*alembic_version"):
        restore(live_url, foreign, actor="test")
    assert snapshot(live_url) == before


def test_cli_backup_and_restore(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["demo", "--date", "2026-11-22"]) == 0
    before = snapshot(url)
    file = tmp_path / "cli.backup"
    assert main(["backup", str(file)]) == 0
    assert "Sicherung geschrieben" in capsys.readouterr().out
    assert main(["backup", str(file)]) == 1
    assert "gibt es schon" in capsys.readouterr().err
    damage(url)
    monkeypatch.setattr("builtins.input", lambda _prompt: "nein")
    assert main(["restore", str(file)]) == 1  # asked, declined: nothing changes
    assert snapshot(url) != before
    assert main(["restore", "--yes", str(file)]) == 0
    assert snapshot(url) == before
    assert main(["restore", "--yes", str(tmp_path / "gibt-es-nicht.backup")]) == 1
    assert "gibt es nicht" in capsys.readouterr().err
