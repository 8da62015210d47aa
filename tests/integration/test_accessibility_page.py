"""Erklärung zur Barrierefreiheit (§ 10 L-BGG BW): in the registry and every page's footer, not in the
navigation; its feedback channel is the configured address, or an honest note when there is none."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.pages import PAGES
from layouts import accessibility, ids, shell
from tests.helpers import ORIGIN, components, find_component, fire, make_settings, serialise, texts


def test_registered_linked_from_the_footer_not_the_navigation():
    page = {p.path: p for p in PAGES}[accessibility.PATH]
    assert page.title == "Erklärung zur Barrierefreiheit" and not page.admin_only
    tree = serialise(shell.layout(PAGES, 30))
    footer, nav = find_component(tree, ids.FOOTER), find_component(tree, ids.NAV)
    assert [c["props"]["href"] for c in components(footer, "A")] == [accessibility.PATH]
    assert accessibility.PATH not in [c["props"].get("href") for c in components(nav)]
    skip = find_component(tree, ids.SKIP_LINK)
    assert skip["props"]["href"] == f"#{ids.PAGE_CONTENT}" and "Zum Inhalt springen" in texts(skip)


def test_states_what_is_met_and_what_is_not_yet():
    words = " ".join(texts(serialise(accessibility.layout())))
    for part in ("teilweise barrierefrei", "Noch nicht barrierefrei", "Ombudsstelle", "02.12.2026", "WCAG 2.1"):
        assert part in words


@pytest.mark.parametrize("address, expected", [
    ("barrierefreiheit@stadt.example", "mailto:barrierefreiheit@stadt.example?subject=Barriere%20im%20IM-Cockpit"),
    (None, None),
])
def test_feedback_channel_from_the_settings(demo_url, tmp_path, address, expected):
    client = create_app(make_settings(tmp_path, demo_url, accessibility_contact=address)).server.test_client()
    client.environ_base["HTTP_X_REMOTE_USER"] = "m.muster"
    answer = fire(client, ids.ACCESSIBILITY_CONTACT, {f"{ids.ACCESSIBILITY_LOCATION}.pathname": accessibility.PATH},
                  headers=ORIGIN)
    shown = answer[ids.ACCESSIBILITY_CONTACT]["children"]
    mail = find_component(shown, ids.ACCESSIBILITY_MAIL)
    if expected:
        assert mail["type"] == "A" and mail["props"]["href"] == expected
    else:
        assert "noch keine Kontaktadresse" in " ".join(texts(shown))


def test_every_dropdown_speaks_german():
    from layouts.components import DROPDOWN_LABELS

    dropdowns = [d for p in PAGES for d in components(serialise(p.layout()), "Dropdown")]
    assert dropdowns, "keine Auswahlliste gefunden"
    assert [d["props"]["id"] for d in dropdowns if d["props"].get("labels") != DROPDOWN_LABELS] == []
