"""Long tables one page at a time (layouts/paging.py): which rows are sent, where they stand, the pager."""

from __future__ import annotations

import pytest
from dash import html

from callbacks.common import turn_table_page
from layouts import ids
from layouts.paging import PAGE_SIZE, PagedTable, page_of, page_param


def _find(component, predicate) -> list:
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += _find(child, predicate)
    return found


def _rows(table) -> list:
    return _find(table, lambda c: isinstance(c, html.Tr) and isinstance(getattr(c, "children", [None])[0], html.Td))


@pytest.mark.parametrize(("query", "total", "expected"), [
    ({}, 120, (1, 3)),
    ({"seite-bezirke": "2"}, 120, (2, 3)),
    ({"seite-bezirke": "3"}, 101, (3, 3)),
    ({"seite-bezirke": "9"}, 120, (1, 3)),   # beyond the last page: the first
    ({"seite-bezirke": "0"}, 120, (1, 3)),
    ({"seite-bezirke": "zwei"}, 120, (1, 3)),
    ({"seite-bezirke": "2"}, 0, (1, 1)),     # an empty table has one (empty) page
    (None, 50, (1, 1)),
])
def test_page_of_keeps_the_page_within_the_table(query, total, expected):
    assert page_of(query, "bezirke", total) == expected


def test_a_short_table_is_the_plain_table():
    table = PagedTable(["A"], [[str(i)] for i in range(PAGE_SIZE)], table_id="t", page_name="p", table="x", query={})
    assert table.id == "t" and len(_rows(table)) == PAGE_SIZE
    assert not _find(table, lambda c: isinstance(c, html.Nav))


def test_a_long_table_sends_only_the_page_and_says_where_it_stands():
    rows = [[f"Bezirk {i}"] for i in range(1, 121)]
    paged = PagedTable(["Bezirk"], rows, table_id="t", page_name="caseload", table="districts",
                       query={page_param("districts"): "3"}, noun="Bezirke")
    shown = [r.children[0].children for r in _rows(paged)]
    assert shown == [f"Bezirk {i}" for i in range(101, 121)]
    note = _find(paged, lambda c: getattr(c, "className", None) == "table-note mb-1")[0]
    assert note.children.startswith("Bezirke 101–120 von 120")
    nav = _find(paged, lambda c: isinstance(c, html.Nav))[0]
    assert nav.to_plotly_json()["props"]["aria-label"] == "Seiten der Tabelle (Bezirke)"
    buttons = {b.id["button"]: (b.id["to"], b.disabled) for b in _find(nav, lambda c: isinstance(getattr(c, "id", None), dict))}
    assert buttons == {"first": (1, False), "previous": (2, False), "next": (4, True), "last": (3, True)}
    assert {b.id["type"] for b in _find(nav, lambda c: isinstance(getattr(c, "id", None), dict))} == {ids.TABLE_PAGE_BUTTON}


def test_a_pager_button_puts_its_page_into_the_url(monkeypatch):
    import callbacks.common as common

    class Trigger:
        triggered_id = {"type": ids.TABLE_PAGE_BUTTON, "page": "caseload", "table": "districts", "button": "next", "to": 2}

    monkeypatch.setattr(common, "dash_ctx", Trigger())
    assert turn_table_page(None, [None, 1], "?team=awo") == "?team=awo&seite-districts=2"
    Trigger.triggered_id = {**Trigger.triggered_id, "to": 1}
    assert turn_table_page(None, [1, None], "?team=awo&seite-districts=2") == "?team=awo"
