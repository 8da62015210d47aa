"""House rules (ARCHITECTURE.md): layering, page registry, unique ids, no run-time `shared/`."""

import importlib
import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def python_files(*folders: str):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def test_the_layer_contracts_hold():
    """import-linter checks every import, relative and inside functions too (pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("name", ["The domain model is pure", "Data and geometry know only the model"])
def test_the_contracts_name_every_app_module_but_the_model(name):
    """A new module in dashboard/ is forbidden to the model, data and geo until a contract says otherwise."""
    contract = next(c for c in _contracts() if c["name"].startswith(name))
    app_modules = {f"dashboard.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "dashboard")])
                   if m.name not in ("model", "__main__")}
    assert app_modules <= set(contract["forbidden_modules"]), app_modules - set(contract["forbidden_modules"])


def test_every_page_has_layout_and_callbacks_module():
    from dashboard.pages import PAGES

    assert PAGES, "keine Seiten registriert"
    for page in PAGES:
        layout_mod = importlib.import_module(f"layouts.{page.name}")
        callbacks_mod = importlib.import_module(f"callbacks.{page.name}")
        assert page.layout is layout_mod.layout
        assert page.register is callbacks_mod.register
    assert len({p.path for p in PAGES}) == len(PAGES)


def test_component_ids_are_unique():
    from layouts import ids

    values = [v for k, v in vars(ids).items() if k.isupper()]
    duplicates = {v for v in values if values.count(v) > 1}
    assert not duplicates


def test_nothing_reads_shared_at_run_time():
    for path in python_files("dashboard", "layouts", "callbacks", "data", "geo"):
        assert "shared/" not in path.read_text(encoding="utf-8"), path


def test_the_command_line_and_the_kpis_figures_load_no_web_app():
    """`im-cockpit kpis` and every command's parser start without the web stack: Flask and the login
    (an argon2 hash at import), Dash, plotly, openpyxl and the scenario engine cost a second at Land scale."""
    code = ("import sys; from dashboard.cli import build_parser; build_parser(); "
            "import dashboard.cli.kpis, dashboard.services.caseload, dashboard.services.staffing, "
            "dashboard.services.funds, dashboard.services.volunteering, dashboard.services.county_summary; "
            "print(' '.join(sorted(m for m in ('flask', 'dash', 'plotly', 'openpyxl', 'argon2', 'geopandas', "
            "'scipy', 'dashboard.auth', 'dashboard.model.scenarios') if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == []
