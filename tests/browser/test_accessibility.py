"""BITV 2.0 / WCAG 2.1 AA in Chromium: axe-core finds no violation on any page of the registry for any
role; the skip link leads to the content; the keyboard reaches the controls with a visible focus."""

from __future__ import annotations

import json

import pytest

from dashboard.pages import PAGES
from tests.browser.pages import ARTIFACTS, AXE_SCRIPT, BrowserPage
from tests.helpers import PASSWORD, ROLE_USERS

pytestmark = pytest.mark.browser

ROLES = {role: name for name, role, _provider in ROLE_USERS}


def _readable(path: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{path}: {v['id']} ({v.get('impact')}) – {v['help']} [{len(v['nodes'])}×] {v.get('helpUrl', '')}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target']) if isinstance(node['target'][0], str) else node['target']}:"
                         f" {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture
def role_page(chrome, roles_server):
    """A fresh tab on the per-role server; `login(role)` logs in as that role's user."""
    chrome.delete_all_cookies()
    browser = BrowserPage(chrome, roles_server)
    chrome.imc_logged_in_at = None  # the shared `page` fixture must log in again after this test

    def login(role: str) -> BrowserPage:
        browser.open("/")
        chrome.delete_all_cookies()
        browser.login(ROLES[role], PASSWORD)
        return browser

    yield login
    chrome.delete_all_cookies()


@pytest.mark.parametrize("role", ["admin", "steering", "provider", "viewer"])
def test_no_axe_violations_on_any_page(role_page, role):
    assert AXE_SCRIPT.exists(), f"axe-core fehlt ({AXE_SCRIPT}): `make .venv/.installed` bzw. `make test` installiert es"
    page = role_page(role)
    found: dict[str, list[dict]] = {}
    for registered in PAGES:
        page.open(registered.path)
        page.wait_until(lambda d: d.execute_script(
            "const m = document.getElementById('shell-page-content'); return m && m.children.length > 0"))
        page.settle()
        found[registered.path] = page.axe_violations()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counts = {path: len(v) for path, v in found.items()}
    (ARTIFACTS.parent / f"axe-{role}.json").write_text(json.dumps(
        {"counts": counts, "violations": found}, ensure_ascii=False, indent=1), encoding="utf-8")
    report = "\n".join(_readable(path, v) for path, v in found.items() if v)
    assert not report, f"axe-core (WCAG 2.1 A+AA) als {role}: {counts}\n{report}"
