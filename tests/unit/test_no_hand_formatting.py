"""German numbers and dates are formatted in one place (dashboard.model.formatting, babel).

A grep over the display code of the app (layouts, callbacks, geo, dashboard incl. services, PDF and
CLI): no hand-made decimal comma, no fixed-decimal or grouping f-string, no German strftime pattern.
Parsing ("1,5" → 1.5) is allowed; plotly's client-side templates (`%{y:,.2f}`) are not Python
formatting and are skipped. `data/` (imports, exports) is not yet covered: its messages still
format by hand (data/imports/engine.py, kinds.py, readers.py, positions.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ["layouts", "callbacks", "geo", "dashboard"]
PATTERNS = {
    "decimal comma by hand": re.compile(r"""\.replace\(\s*["']\.["']\s*,\s*["'],["']\s*\)"""),
    "fixed decimals in an f-string": re.compile(r"\{[^{}]*:[<>^=+\- #0-9]*[,_]?\.\d+[fF%]\}"),
    "thousands grouping in an f-string": re.compile(r"\{[^{}\s]*:[<>^=+\- #0-9]*,(?:\.\d+)?[dfF%]?\}"),
    "German date pattern by hand": re.compile(r"%d\.%m|%H:%M"),
    "printf-style number": re.compile(r"""["'][^"']*%\.?\d*[df][^"']*["']\s*%\s*[\w(]"""),
}
# (file, text): places that format on purpose without locale, with the reason
ALLOWED = {
    ("dashboard/services/funds.py", 'return f"{value:.2f}"'),  # money in JSON ("1234.50"), not display
    ("dashboard/urls.py", '"%d.%m.%Y"'),  # parses a typed German date (strptime), does not format
    ("dashboard/model/forms.py", '"%d.%m.%Y"'),  # parses a typed German date (strptime)
}
PLOTLY_TEMPLATE = re.compile(r"%\{\{[^}]*\}\}")  # d3 format of plotly's hover text, rendered in the browser


def offences() -> list[str]:
    found = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == "dashboard/model/formatting.py" or "/migrations/" in rel:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if any(rel == file and text in line for file, text in ALLOWED):
                    continue
                code = PLOTLY_TEMPLATE.sub("", line)
                found += [f"{rel}:{number}: {name}: {line.strip()}" for name, pattern in PATTERNS.items()
                          if pattern.search(code)]
    return found


def test_display_code_formats_numbers_and_dates_through_babel():
    assert offences() == []


@pytest.mark.parametrize("line", [
    'text = f"{value:.1f} %".replace(".", ",")',
    'label = f"{population:,}"',
    'shown = f"{amount:,.2f} €"',
    'stamp = day.strftime("%d.%m.%Y")',
    'stamp = f"{day:%d.%m.%Y %H:%M}"',
    'text = "%.1f" % value',
])
def test_the_patterns_catch_hand_formatting(line):
    assert any(pattern.search(line) for pattern in PATTERNS.values())


@pytest.mark.parametrize("line", [
    'value = float(text.replace(",", "."))',
    'style = {"weight": 4, "color": "#000000"}',
    'hovertemplate=f"{label}<br>%{{x|%d.%m.%Y}}: %{{y:,.2f}} €"',
    'name = f"teams-{day.isoformat()}"',
    'return f"{fmt_number(value, 1)} %"',
])
def test_the_patterns_leave_parsing_and_plain_code_alone(line):
    assert not any(pattern.search(PLOTLY_TEMPLATE.sub("", line)) for pattern in PATTERNS.values())
