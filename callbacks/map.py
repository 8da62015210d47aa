"""Karte callbacks: choices and selection ↔ URL (permalink), the map with side panel and tables,
redrawn when new data lands; the folium download; the boundary upload (administration only)."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import on_page, record_refusal, register_revision_watch
from dashboard.auth.roles import may_admin
from dashboard.context import AppContext
from dashboard.identity import current_role, current_user_name
from dashboard.services import maps as report
from dashboard.urls import build_query, parse_query
from data.db import read_session, transaction
from geo import export
from geo.boundaries import LEVELS
from geo.figures import map_figure
from geo.store import import_file
from layouts import ids
from layouts import map as page
from layouts.components import PROVIDER_COLORS

CONTROLS = [(ids.MAP_TERRITORY, "value"), (ids.MAP_LEVEL, "value"), (ids.MAP_METRIC, "value")]
URL_KEYS = ("gebiet", "ebene", "kennzahl")


def selection_from_click(click: dict | None) -> str | None:
    """The area code of a click on the map (areas and their labels carry it as customdata)."""
    points = (click or {}).get("points") or []
    data = points[0].get("customdata") if points else None
    return data[0] if isinstance(data, list) and data else None


def next_query(query: dict, trigger: str | None, controls: tuple, click: dict | None) -> dict:
    """The URL state after an event: a control sets its key (a new map drops the selection), a click
    selects its area, "Auswahl aufheben" drops it; anything else (URL, new data) keeps the URL."""
    query = dict(query)
    if trigger in {c for c, _ in CONTROLS}:
        territory, level, _metric = controls
        if (territory, level) != (query.get("gebiet") or "stadt", query.get("ebene") or "district"):
            query.pop("auswahl", None)
        query.update(zip(URL_KEYS, controls))
    elif trigger == ids.MAP_GRAPH:
        query["auswahl"] = selection_from_click(click) or query.get("auswahl")
    elif trigger == ids.MAP_CLEAR:
        query.pop("auswahl", None)
    return query


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.MAP_GRAPH, "figure"), Output(ids.MAP_PANEL, "children"), Output(ids.MAP_TABLES, "children"),
        Output(ids.MAP_NOTE, "children"), Output(ids.MAP_MESSAGE, "children"), Output(ids.MAP_METRIC, "options"),
        *[Output(c, p, allow_duplicate=True) for c, p in CONTROLS], Output(ids.MAP_LEVEL, "options"),
        Output(ids.MAP_LOCATION, "search"), Output(ids.MAP_REVISION, "data"), Output(ids.MAP_REFRESH, "interval"),
        *[Input(c, p) for c, p in CONTROLS], Input(ids.MAP_GRAPH, "clickData"), Input(ids.MAP_CLEAR, "n_clicks"),
        Input(ids.MAP_LOCATION, "search"), Input(ids.MAP_REVISION, "data"), State(ids.MAP_LOCATION, "pathname"),
        prevent_initial_call="initial_duplicate",
    )
    def update_map(territory, level, metric, click, _clear, search, known_revision, pathname):
        if not on_page(pathname, page.PATH):
            raise PreventUpdate
        query = next_query(parse_query(search), dash_ctx.triggered_id, (territory, level, metric), click)
        territory, level, metric, messages = report.choices(query.get("gebiet"), query.get("ebene"),
                                                            query.get("kennzahl"))
        with read_session(ctx.sessions) as session:
            view = report.map_view(session, ctx.settings, territory=territory,
                                   level="district" if territory == "landkreis" else level, metric=metric)
        selected = query.get("auswahl")
        if selected and selected not in {a.code for a in view.areas}:
            messages.append(f"Das Gebiet „{selected}“ gibt es auf dieser Karte nicht; keine Auswahl.")
            selected = None
        figure = map_figure(view, selected=selected, provider_colors=PROVIDER_COLORS, tile_url=ctx.settings.map_tile_url)
        state = {"gebiet": territory, "ebene": level if territory == "stadt" else None, "kennzahl": metric,
                 "auswahl": selected}
        new_search = build_query({**query, **state})
        revision = view.stand.revision if view.stand else None
        level_options = [{**o, "disabled": territory == "landkreis"} for o in page.LEVEL_OPTIONS]
        return (figure, page.panel(view, selected), page.tables(view, selected), page.note(view),
                [dbc.Alert(m, color="warning") for m in messages] or None, page.metric_options(view.territory),
                territory, level, metric, level_options,
                new_search if new_search != (search or "") else no_update,
                revision if revision != known_revision else no_update, ctx.settings.refresh_seconds * 1000)

    @app.callback(Output(ids.MAP_DOWNLOAD, "data"), Input(ids.MAP_DOWNLOAD_BUTTON, "n_clicks"),
                  State(ids.MAP_LOCATION, "search"), prevent_initial_call=True)
    def download_map(clicks, search):
        if not clicks:
            raise PreventUpdate
        query = parse_query(search)
        territory, _level, metric, _messages = report.choices(query.get("gebiet"), query.get("ebene"),
                                                              query.get("kennzahl"))
        with read_session(ctx.sessions) as session:
            html_text = report.export_html(session, ctx.settings, territory=territory, metric=metric,
                                           provider_colors=PROVIDER_COLORS)
        return dcc.send_string(html_text, export.filename(territory))

    @app.callback(Output(ids.MAP_UPLOAD_RESULT, "children"), Input(ids.MAP_UPLOAD, "contents"),
                  State(ids.MAP_UPLOAD, "filename"), State(ids.MAP_UPLOAD_LEVEL, "value"),
                  State(ids.MAP_UPLOAD_NAME_COLUMN, "value"), prevent_initial_call=True)
    def upload_boundaries(contents, filename, level, name_column):
        if not contents:
            raise PreventUpdate
        if not may_admin(current_role()):
            refused = "Amtliche Grenzen importiert nur die Administration der Stadt."
            record_refusal(ctx, "boundaries", refused)
            return dbc.Alert(refused, color="danger")
        report_text, ok = _import_upload(ctx, contents, filename or "grenzen", level, name_column)
        return dbc.Alert([html.Div(line) for line in report_text.splitlines()],
                         color="success" if ok else "danger", className="import-report")

    register_revision_watch(app, ctx, ids.MAP_REVISION, ids.MAP_REFRESH)


def _import_upload(ctx: AppContext, contents: str, filename: str, level: str, name_column: str | None):
    """Write the upload to a temporary file with its own name and import it (all or nothing)."""
    if level not in LEVELS:
        return f"Ebene „{level}“ unbekannt; bitte Planungsbezirke oder Gemeinden wählen.", False
    try:
        data = base64.b64decode(contents.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        return "Die hochgeladene Datei ist beschädigt. Bitte erneut hochladen.", False
    name = Path(filename).name if isinstance(filename, str) else ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name if name not in ("", ".", "..") else "grenzen")
        path.write_bytes(data)
        with transaction(ctx.sessions) as session:
            result = import_file(session, path, level, name_column=(name_column or "").strip() or None,
                                 actor=current_user_name())
    return result.text(), result.ok
