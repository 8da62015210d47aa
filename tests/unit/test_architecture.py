"""House rules (ARCHITECTURE.md): layering, page registry, unique ids, no run-time `shared/`."""

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_FOR_CORE = ("dash", "dash_bootstrap_components", "dash_ag_grid", "layouts", "callbacks", "flask")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(*folders: str):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", list(python_files("data", "geo", "dashboard/model")), ids=str)
def test_core_never_imports_ui(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN_FOR_CORE}
    assert not bad, f"{path.relative_to(ROOT)} importiert {bad}"


@pytest.mark.parametrize("path", list(python_files("dashboard/model")), ids=str)
def test_model_is_pure(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in ("sqlalchemy", "data", "geo")}
    assert not bad, f"{path.relative_to(ROOT)} importiert {bad}"


@pytest.mark.parametrize("path", list(python_files("layouts")), ids=str)
def test_layouts_do_not_touch_data_or_callbacks(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in ("data", "callbacks", "sqlalchemy")}
    assert not bad, f"{path.relative_to(ROOT)} importiert {bad}"


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
