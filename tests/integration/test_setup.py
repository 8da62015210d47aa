"""`im-cockpit setup heilbronn`: a real installation starts with the structure, no demo data; its
figures come by import, and the "Stand" follows the latest import."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from dashboard.cli import main
from data.db import make_engine, make_session_factory
from data.imports.engine import import_file
from data.schema import Area, AreaKind, Case, DatasetInfo, DataSource, Position, Provider, VolunteerProject
from tests.helpers import EXCEL_CSV


def test_setup_then_import_gives_a_real_installation(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["setup", "heilbronn", "--date", "2026-01-05"]) == 0
    assert main(["setup", "heilbronn"]) == 1  # only into an empty database
    assert "nichts verändert" in capsys.readouterr().err
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        count = lambda what, *where: session.scalar(select(func.count()).select_from(what).where(*where))  # noqa: E731
        assert count(Provider) == 4
        assert count(Area, Area.kind == AreaKind.district) == 25
        assert count(Area, Area.kind == AreaKind.municipality) == 46
        assert count(Case) == 0 and count(VolunteerProject) == 0
        assert count(Position) > 0
        assert session.scalar(select(func.count()).select_from(Position)
                              .where(Position.filled_fte != Position.planned_fte)) == 0
        info = session.get(DatasetInfo, 1)
        assert (info.source, info.as_of) == (DataSource.imported, dt.date(2026, 1, 5))
    assert main(["kpis", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["im"]["cases"] == 0 and figures["stand"]["source"] == "imported"

    report = import_file(sessions, EXCEL_CSV.encode("utf-8"), "faelle.csv", actor="test", commit=True,
                         max_bytes=5_000_000, max_rows=10_000)
    assert report.ok, report.problems
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 3
        assert session.get(DatasetInfo, 1).as_of == dt.date.today()  # Stand = day of the latest import
    engine.dispose()
