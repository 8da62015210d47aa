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


def test_setup_landkreis_loerrach_has_gemeinden_and_structure_but_no_counts_or_funds(tmp_path, monkeypatch, capsys):
    from data.schema import CountyFunds, ImArrangement, TargetGroupCount

    url = f"sqlite:///{tmp_path / 'kreis.sqlite3'}"
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["setup", "landkreis"]) == 2
    assert "Bitte den Landkreis angeben" in capsys.readouterr().err
    assert main(["setup", "landkreis", "Entenhausen"]) == 2
    err = capsys.readouterr().err
    assert "„Entenhausen“ gibt es in den Referenzdaten nicht" in err and "loerrach (Landkreis Lörrach)" in err
    assert main(["setup", "landkreis", "Lörrach", "--date", "2026-01-05"]) == 0
    assert "Landkreis Lörrach mit 35 Gemeinden geladen" in capsys.readouterr().out
    assert main(["setup", "landkreis", "heilbronn"]) == 1  # only into an empty database
    assert "nichts verändert" in capsys.readouterr().err
    sessions = make_session_factory(make_engine(url))
    with sessions() as session:
        count = lambda what, *where: session.scalar(select(func.count()).select_from(what).where(*where))  # noqa: E731
        assert count(Area, Area.kind == AreaKind.county) == 1
        assert count(Area, Area.kind == AreaKind.municipality, Area.ags.like("08336%")) == 35
        assert count(TargetGroupCount) == 0 and count(CountyFunds) == 0 and count(Provider) == 0
        assert count(ImArrangement) == 35
        assert session.get(DatasetInfo, 1).label == "Landkreis Lörrach"
    assert main(["kpis", "--json"]) == 0
    (kreis,) = json.loads(capsys.readouterr().out)["landkreise"]
    assert kreis["kreis"] == "08336" and "noch keine Landesmittel erfasst" in kreis["message"]


def test_setup_landkreis_heilbronn_without_the_city(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'hn.sqlite3'}")
    assert main(["setup", "landkreis", "heilbronn"]) == 0
    assert "Landkreis Heilbronn mit 46 Gemeinden geladen" in capsys.readouterr().out
    assert main(["setup", "heilbronn", "loerrach"]) == 2
    assert "nimmt keinen Landkreis an" in capsys.readouterr().err
