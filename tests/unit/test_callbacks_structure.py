"""Thin callbacks (issue 14): every callback the app registers is a module-level function that a test
can import and call, wired by its module's `register`, and no longer than 25 lines."""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap

import pytest

from dashboard.app import create_app
from tests.helpers import make_settings

MAX_LINES = 25  # signature and body (decorators and the Dash dependencies are declared in `register`)
# modules exempt from the rule (none: every page's callbacks are module-level and short)
NOT_YET_THIN: set[str] = set()


def _callbacks(tmp_path_factory) -> list[tuple[str, object]]:
    folder = tmp_path_factory.mktemp("structure")
    app = create_app(make_settings(folder, f"sqlite:///{folder / 'empty.sqlite3'}"))
    found = []
    for output, entry in app.callback_map.items():
        if "callback" not in entry:  # a clientside callback: it runs in the browser, no Python function
            continue
        fn = entry["callback"]
        while hasattr(fn, "__wrapped__"):  # Dash's context wrapper
            fn = fn.__wrapped__
        while isinstance(fn, functools.partial):  # ctx (and what `wire` binds) bound
            fn = fn.func
        found.append((output, fn))
    return found


@pytest.fixture(scope="module")
def registered(tmp_path_factory):
    return _callbacks(tmp_path_factory)


def _lines(fn) -> int:
    """Lines of the function from `def` to its last line (decorators not counted)."""
    source, _ = inspect.getsourcelines(fn)
    node = ast.parse(textwrap.dedent("".join(source))).body[0]
    return node.end_lineno - node.lineno + 1


def test_every_page_registers_its_callbacks(registered):
    modules = {fn.__module__ for _, fn in registered}
    assert {"callbacks.shell", "callbacks.downloads", "callbacks.common", "callbacks.funds", "callbacks.staffing",
            "callbacks.volunteering", "callbacks.admin", "callbacks.imports", "callbacks.map", "callbacks.caseload",
            "callbacks.overview", "callbacks.reports", "callbacks.scenarios"} <= modules
    assert len(registered) >= 40


def test_callbacks_are_module_level_and_short(registered):
    problems = []
    for output, fn in registered:
        if fn.__module__ in NOT_YET_THIN:
            continue
        name = f"{fn.__module__}.{fn.__qualname__}"
        if "<locals>" in fn.__qualname__ or "<lambda>" in fn.__qualname__:
            problems.append(f"{name} ({output}): a closure, not a module-level function")
        elif getattr(inspect.getmodule(fn), fn.__qualname__, None) is not fn:
            problems.append(f"{name} ({output}): not reachable as a module attribute")
        elif (lines := _lines(fn)) > MAX_LINES:
            problems.append(f"{name} ({output}): {lines} lines (at most {MAX_LINES})")
    assert not problems, "\n".join(problems)


def test_callbacks_take_the_app_context_first(registered):
    for _, fn in registered:
        if fn.__module__ in NOT_YET_THIN:
            continue
        first = next(iter(inspect.signature(fn).parameters))
        assert first == "ctx", f"{fn.__module__}.{fn.__qualname__}: first parameter {first!r}"
