"""Shared download glue: one callback per app turns a click on any CSV/XLSX button into a file.

Pages register table builders: `builders[(page, table)](session, settings, query) -> exports.Table`.
The table is rebuilt on the server from the page's URL state; nothing the browser sends is trusted
as data, so suppressed values can never be recovered through a download.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import ALL, Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from callbacks.common import wire
from dashboard.auth.roles import PermissionDenied, Reader, may_admin
from dashboard.context import AppContext
from dashboard.identity import current_area_code, current_role, current_user_name
from dashboard.request_guard import InvalidRequest
from dashboard.urls import parse_query
from data import audit, exports
from data.db import transaction
from layouts import ids

TableBuilder = Callable[..., exports.Table]


def _builder(builders: dict[tuple[str, str], TableBuilder], trigger: dict) -> TableBuilder:
    """The table builder a button names; an unknown table or format is a malformed request."""
    builder = builders.get((trigger.get("page"), trigger.get("table")))
    if builder is None or trigger.get("format") not in exports.FORMATS:
        raise InvalidRequest("Diese Tabelle oder dieses Format gibt es nicht (möglich: "
                             f"{', '.join(exports.FORMATS)}). Bitte die Seite neu laden und den Knopf "
                             "unter der Tabelle verwenden.")
    return builder


def download_table(ctx: AppContext, builders: dict[tuple[str, str], TableBuilder], admin_only: set[str],
                   clicks, search):
    trigger = dash_ctx.triggered_id
    if not trigger or not any(clicks):
        return no_update
    builder = _builder(builders, trigger)
    if trigger["page"] in admin_only and not may_admin(current_role()):
        return no_update
    query = parse_query(search)
    with transaction(ctx.sessions) as session:
        extra = {"reader": Reader(current_role(), current_area_code())} if getattr(builder, "wants_reader", False) \
            else {}
        try:
            table = builder(session, ctx.settings, query, **extra)
        except PermissionDenied as refused:
            audit.record(session, current_user_name(), "edit_refused", f"{trigger['page']}/{trigger['table']}",
                         {"reason": str(refused), **query})
            return no_update
        content, filename = exports.export(table, trigger["format"])
        audit.record(session, current_user_name(), "export", f"{trigger['page']}/{trigger['table']}",
                     {"format": trigger["format"], "rows": len(table.rows), **query})
    return dcc.send_bytes(content, filename)


def register(app: Dash, ctx: AppContext, builders: dict[tuple[str, str], TableBuilder],
             admin_only: set[str] = frozenset()) -> None:
    wire(app, ctx, download_table,
         Output(ids.DOWNLOAD, "data"),
         Input({"type": ids.DOWNLOAD_BUTTON, "page": ALL, "table": ALL, "format": ALL}, "n_clicks"),
         State(ids.URL, "search"),
         bind=(builders, admin_only), prevent_initial_call=True)
