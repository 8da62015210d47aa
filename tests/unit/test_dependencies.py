"""Every import of the application is the standard library, first-party or a package that
pyproject.toml declares itself (not one that only arrives with another package), and every
declared package is used (issue 14, part 4)."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = ("dashboard", "layouts", "callbacks", "data", "geo")
# declared but never imported: the PostgreSQL driver that SQLAlchemy loads for postgresql+psycopg:// URLs
# psycopg: SQLAlchemy loads it by URL; multiprocess and psutil: Dash's DiskcacheManager runs jobs with them
USED_WITHOUT_IMPORT = {"psycopg", "multiprocess", "psutil"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", spec).group()) for spec in project["dependencies"]}


def top_level_imports() -> dict[str, set[str]]:
    """{top-level module: files importing it} over the application's packages (lazy imports too)."""
    found: dict[str, set[str]] = {}
    for folder in FIRST_PARTY:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def third_party() -> dict[str, set[str]]:
    return {m: files for m, files in top_level_imports().items()
            if m not in sys.stdlib_module_names and m not in FIRST_PARTY and m != "__future__"}


def test_every_import_is_declared_in_pyproject():
    providers = importlib.metadata.packages_distributions()
    wanted = declared()
    undeclared = {}
    for module, files in third_party().items():
        distributions = {_normal(d) for d in providers.get(module, [])}
        if not distributions & wanted:
            undeclared[module] = (sorted(distributions) or ["(nicht installiert)"], sorted(files)[:3])
    assert not undeclared, f"in pyproject.toml nicht deklariert: {undeclared}"


def test_every_declared_package_is_imported():
    providers = importlib.metadata.packages_distributions()
    imported = {_normal(d) for module in third_party() for d in providers.get(module, [])}
    unused = declared() - imported - USED_WITHOUT_IMPORT
    assert not unused, f"deklariert, aber nirgends importiert: {sorted(unused)}"


def locked() -> dict[str, tuple[str, str]]:
    """{package: (version, its entry)} of requirements.lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    return {_normal(m.group(1)): (m.group(2), entry) for entry in entries
            if (m := re.match(r"([A-Za-z0-9._-]+)==(\S+)", entry))}


def test_the_lock_pins_every_dependency_with_hashes():
    from packaging.requirements import Requirement

    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(spec)
        name = _normal(requirement.name)
        assert name in pins, f"{name} fehlt in requirements.lock: `make lock` ausführen"
        assert requirement.specifier.contains(pins[name][0]), f"{name}=={pins[name][0]} passt nicht zu {spec}"
    for name, (_, entry) in pins.items():
        assert "--hash=sha256:" in entry, f"{name} ohne Hash"
    assert "dash-ag-grid" not in pins
