"""The documentation keeps up with the code: every `IMC_*` setting, every CLI subcommand and every
import column appears in README.md or docs/*.md."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from data.imports.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# where the code reads IMC_* variables: the app's packages, the CLI, and the test tiers' conftests
SOURCES = [*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("data/**/*.py"), *ROOT.glob("geo/**/*.py"),
           *ROOT.glob("layouts/**/*.py"), *ROOT.glob("callbacks/**/*.py"), *ROOT.glob("tests/**/conftest.py")]
ENV_NAME = re.compile(r"""["'](IMC_[A-Z0-9_]+)["']""")


def _docs_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


def _settings_variables() -> list[str]:
    names = set()
    for path in SOURCES:
        names.update(ENV_NAME.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def _subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found.extend(_subcommands(sub, (*prefix, name)))
    return found


def _import_columns() -> list[tuple[str, str]]:
    return sorted({(spec.name, column.header) for spec in KINDS.values() for column in spec.columns})


def test_the_sources_are_found():
    assert "IMC_STAFF_RATIO" in _settings_variables()
    assert ("db", "upgrade") in _subcommands(build_parser())
    assert len(KINDS) == 10 and len(_import_columns()) > 30


@pytest.mark.parametrize("name", _settings_variables())
def test_every_imc_setting_is_documented(name):
    assert re.search(rf"`{name}`", _docs_text()), f"{name} fehlt in README.md und docs/*.md"


@pytest.mark.parametrize("command", _subcommands(build_parser()), ids=" ".join)
def test_every_cli_subcommand_is_documented(command):
    # a subcommand is documented where a line shows `im-cockpit <command …>` (the README's usage block,
    # where sibling actions share a line: `im-cockpit db upgrade | downgrade REV | current`)
    lines = [line for line in _docs_text().splitlines() if f"im-cockpit {command[0]}" in line]
    assert lines, f"im-cockpit {command[0]} fehlt in README.md und docs/*.md"
    if len(command) > 1:
        assert any(re.search(rf"(\s|\|\s?){re.escape(command[-1])}(\s|$)", line.split(command[0], 1)[1])
                   for line in lines), f"im-cockpit {' '.join(command)} fehlt in README.md und docs/*.md"


@pytest.mark.parametrize("kind, header", _import_columns())
def test_every_import_column_is_documented(kind, header):
    assert header in _docs_text(), f"Spalte „{header}“ ({kind}) fehlt in docs/import.md"
