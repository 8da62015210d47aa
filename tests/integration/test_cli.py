"""The command line: demo, db upgrade, kpis --json (same numbers as the page), German errors."""

import json
import os
import subprocess
import sys

import pytest

from dashboard.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("IMC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    return tmp_path


def test_demo_then_kpis_json(env, capsys):
    assert main(["demo", "--date", "2026-11-22"]) == 0
    capsys.readouterr()
    assert main(["kpis", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["as_of"] == "2026-11-22"
    assert figures["im"]["cases"] == sum(t["cases"] for t in figures["teams"])
    assert figures["funds"]["budget"] == "15000.00"
    assert list(figures)[-1] == "landkreise"  # added last: the city's keys are as before
    heilbronn, loerrach = figures["landkreise"]
    assert (heilbronn["name"], heilbronn["funds"], heilbronn["persons"]) == ("Landkreis Heilbronn", "1499911.00", 2209)
    nordheim = next(g for g in heilbronn["gemeinden"] if g["ags"] == "08125074")
    assert (nordheim["name"], nordheim["amount"], nordheim["mode"]) == ("Nordheim", "31234.00", "C Landkreis")
    assert (loerrach["kreis"], loerrach["funds"], loerrach["per_person"]) == ("08336", "1045200.00", "670.00")
    for kreis in (heilbronn, loerrach):
        total = sum(float(g["amount"]) for g in kreis["gemeinden"]) + float(kreis["remainder"])
        assert round(total, 2) == float(kreis["funds"]) == float(kreis["shares_total"]) + float(kreis["remainder"])
    assert [g["group"] for g in loerrach["structure"]] == ["A", "B", "C"]
    assert main(["kpis", "--json", "--date", "2026-02-01"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-02-01"


def test_demo_prints_a_user_for_the_landkreis_and_the_verbund_lead(env, capsys):
    assert main(["demo", "--date", "2026-11-22"]) == 0
    lines = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()
             if line.startswith("  ") and line.split()}
    assert lines["kreis"][-1] == "Landkreisverwaltung" and lines["brackenheim"][-1] == "Gemeinde"
    from data import users
    from data.db import make_engine, make_session_factory, read_session

    engine = make_engine(os.environ["DATABASE_URL"])
    with read_session(make_session_factory(engine)) as session:
        brackenheim, kreis = users.find(session, "brackenheim"), users.find(session, "kreis")
        assert (brackenheim.role, kreis.role) == ("municipality", "county")
        assert (brackenheim.municipality.ags, kreis.county.name) == ("08125013", "Landkreis Heilbronn")
    engine.dispose()


def test_demo_twice_needs_reset_and_if_empty_is_quiet(env, capsys):
    assert main(["demo", "--date", "2026-11-22"]) == 0
    assert main(["demo"]) == 1
    assert "--reset" in capsys.readouterr().err
    assert main(["demo", "--if-empty"]) == 0
    assert main(["demo", "--reset", "--date", "2026-06-30"]) == 0
    capsys.readouterr()
    main(["kpis", "--json"])
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-06-30"


def test_kpis_on_empty_database_says_what_to_do(env, capsys):
    assert main(["db", "upgrade"]) == 0
    assert main(["kpis"]) == 1
    assert "im-cockpit demo" in capsys.readouterr().err


def test_invalid_setting_exits_2_with_german_message(env, monkeypatch, capsys):
    monkeypatch.setenv("IMC_STAFF_RATIO", "viele")
    assert main(["kpis"]) == 2
    assert "IMC_STAFF_RATIO muss eine ganze Zahl sein" in capsys.readouterr().err


def test_unreachable_database_exits_1(env, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["kpis"]) == 1
    assert "nicht erreichbar" in capsys.readouterr().err


def test_console_script_is_installed(env):
    result = subprocess.run([sys.executable, "-m", "dashboard", "--help"], capture_output=True,
                            text=True, env={**os.environ}, check=True)
    assert "serve" in result.stdout and "kpis" in result.stdout


def test_kpis_json_on_stdout_is_json_only(env, demo_sqlite_url):
    """The LP solver of the suppression (HiGHS) must not print its banner into the JSON."""
    result = subprocess.run([sys.executable, "-m", "dashboard", "kpis", "--json"], capture_output=True, text=True,
                            env={**os.environ, "DATABASE_URL": demo_sqlite_url}, check=True)
    figures = json.loads(result.stdout)
    assert figures["caseload"]["districts"]
