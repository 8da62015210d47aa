"""The test suite's own layout (issue 14, part 5): fixtures live in conftest.py files and helpers in
helper modules (tests/helpers.py, tests/browser/pages.py, …); no test module imports a conftest or
another test module, so that moving or deleting one test file never breaks another."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


def test_no_test_module_imports_a_conftest_or_another_test_module():
    offenders = []
    for path in sorted(TESTS.rglob("test_*.py")):
        for module in _imported_modules(path):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests") and (last == "conftest" or last.startswith("test_")):
                offenders.append(f"{path.relative_to(TESTS.parent)}: {module}")
    assert not offenders, "Testmodule importieren Fixtures/Helfer aus conftest oder anderen Testmodulen: " \
                          f"{offenders}"
