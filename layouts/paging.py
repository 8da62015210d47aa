"""Long tables one page at a time: the server sends only the rows shown (issue 18: no callback response
over 200 KB at Heilbronn or 500 KB at Baden-Württemberg scale), a pager moves through them, the
CSV/XLSX download holds every row.

The page number lives in the page's URL (`seite-<table>`, a permalink keeps it); the pager's buttons
are pattern ids that `callbacks.common.register_table_pager` turns into that URL, and the page's main
callback renders the chosen page from its cached figures. A table of one page looks as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.model.formatting import fmt_int
from layouts import ids
from layouts.components import DataTable

PAGE_SIZE = 50


class LazyRows(Sequence):
    """Table rows rendered only when a page takes them: a Land-wide table formats 50 rows, not 1.101."""

    def __init__(self, items: Sequence, render):
        self.items, self.render = items, render

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.render(item) for item in self.items[index]]
        return self.render(self.items[index])


def page_param(table: str) -> str:
    """The URL key of a table's page number."""
    return f"seite-{table}"


def page_of(query: Mapping[str, str] | None, table: str, total: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """(page, pages) for a table of `total` rows: the URL's page, kept within 1…pages (a wrong one shows page 1)."""
    pages = max(1, -(-total // size))
    try:
        page = int((query or {}).get(page_param(table), 1))
    except ValueError:
        page = 1
    return (page if 1 <= page <= pages else 1), pages


def PagedTable(header: list[str], rows: Sequence[list], *, table_id: str, page_name: str, table: str,  # noqa: N802
               query: Mapping[str, str] | None, noun: str = "Zeilen", size: int = PAGE_SIZE,
               numeric: set[int] = frozenset(), footer: list | None = None, downloadable: bool = True):
    """`DataTable` of the rows on the URL's page, with where they stand in the whole and a pager
    (`downloadable`: the note points to the CSV/XLSX download of every row)."""
    page, pages = page_of(query, table, len(rows), size)
    if pages == 1:
        return DataTable(header, list(rows), table_id=table_id, numeric=numeric, footer=footer)
    first = (page - 1) * size
    shown = list(rows[first:first + size])
    note = f"{noun} {fmt_int(first + 1)}–{fmt_int(first + len(shown))} von {fmt_int(len(rows))}" + (
        "; alle im Download (CSV/XLSX)." if downloadable else ".")
    return html.Div([html.Div(note, className="table-note mb-1", role="status"),
                     DataTable(header, shown, table_id=table_id, numeric=numeric, footer=footer),
                     pager(page_name, table, page, pages, noun)], className="paged-table")


def pager(page_name: str, table: str, page: int, pages: int, noun: str) -> html.Nav:
    """Buttons to the first, previous, next and last page (buttons, not links: the reader keeps their
    place on a long page)."""
    def button(name: str, label: str, target: int, title: str):
        return dbc.Button(label, id={"type": ids.TABLE_PAGE_BUTTON, "page": page_name, "table": table,
                                     "button": name, "to": target},
                          disabled=target == page or not 1 <= target <= pages, title=title, color="primary",
                          outline=True, size="sm")

    return html.Nav([
        button("first", "« Erste", 1, "erste Seite"),
        button("previous", "‹ Vorige", page - 1, "vorige Seite"),
        html.Span(f"Seite {fmt_int(page)} von {fmt_int(pages)}", className="pager-position"),
        button("next", "Nächste ›", page + 1, "nächste Seite"),
        button("last", "Letzte »", pages, "letzte Seite"),
    ], className="table-pager d-flex gap-2 align-items-center flex-wrap mt-2",
        **{"aria-label": f"Seiten der Tabelle ({noun})"})
