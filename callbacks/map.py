"""Karte callbacks: choices and selection ↔ URL (permalink), the map with side panel and tables,
redrawn when new data lands; the folium download; the boundary upload (administration only)."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, dcc, html
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks import map_outlines
from callbacks.common import Edit, refresh_page, register_revision_watch, register_table_pager, run_edit, wire
from dashboard import services
from dashboard.auth.roles import Action
from dashboard.context import AppContext
from dashboard.services import maps as report
from dashboard.urls import parse_query
from data.db import read_session
from geo.boundaries import LEVELS
from geo.figures import map_figure
from geo.store import import_file
from layouts import ids, theme
from layouts import map as page
from layouts.components import PROVIDER_COLORS, form_feedback, warning

CONTROLS = [(ids.MAP_TERRITORY, "value"), (ids.MAP_LEVEL, "value"), (ids.MAP_METRIC, "value")]
URL_KEYS = ("gebiet", "ebene", "kennzahl")
BOUNDARIES_REFUSED = "Amtliche Grenzen importiert nur die Administration der Stadt."


def selection_from_click(click: dict | None) -> str | None:
    """The area code of a click on the map (areas, their labels and the projects carry it as customdata;
    a list of one, as figures before issue 18 had it, is read too)."""
    points = (click or {}).get("points") or []
    data = points[0].get("customdata") if points else None
    if isinstance(data, list):
        data = data[0] if data else None
    return data if isinstance(data, str) and data else None


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


def _selected(view, wanted: str | None, messages: list[str]) -> str | None:
    """The selected area, if this map has it (else a note and no selection)."""
    if wanted and wanted not in {a.code for a in view.areas}:
        messages.append(f"Das Gebiet „{wanted}“ gibt es auf dieser Karte nicht; keine Auswahl.")
        return None
    return wanted


def _figure(ctx: AppContext, source, view, selected: str | None, outlines: str) -> dict:
    """The map's figure, kept while the cache hands out the same area counts (`source`)."""
    return ctx.rendered.get(source, ("karte", view.metric, selected, view.shape_revision, outlines, theme.current()),
                            lambda: theme.apply(map_figure(view, selected=selected, provider_colors=PROVIDER_COLORS,
                                                           tile_url=ctx.settings.map_tile_url, outlines_url=outlines)))


def update_map(ctx: AppContext, territory, level, metric, click, _clear, search, known_revision, pathname):
    with refresh_page(ctx, pathname, page.PATH, search, known_revision) as refresh:
        query = next_query(parse_query(search), dash_ctx.triggered_id, (territory, level, metric), click)
        territory, level, metric, messages = report.choices(query.get("gebiet"), query.get("ebene"),
                                                            query.get("kennzahl"))
        view_level, year = "district" if territory == "landkreis" else level, report.year_of(query.get("jahr"), messages)
        day = services.default_day(refresh.session)
        view = report.map_view(refresh.session, ctx.settings, territory=territory, metric=metric, level=view_level,
                               day=day, year=year, figures=refresh.figures)
        # the cached counts this view was made of: while the cache hands out the same, so is the figure
        source = refresh.figures(report.map_areas, ctx.settings, territory, view_level, day, year)
        territories = report.territory_options(refresh.session)
    selected = _selected(view, query.get("auswahl"), messages)
    tiles = bool(ctx.settings.map_tile_url)
    figure = _figure(ctx, source, view, selected, map_outlines.outlines_url(territory, level, tiles, view.shape_revision))
    state = {"gebiet": territory, "ebene": level if territory == "stadt" else None, "kennzahl": metric,
             "auswahl": selected, "jahr": view.year if territory == "landkreis" and query.get("jahr") else None}
    level_options = [{**o, "disabled": territory == "landkreis"} for o in page.LEVEL_OPTIONS]
    return (figure, page.panel(view, selected), page.tables(view, selected, query), page.note(view),
            [warning(m) for m in messages] or None, page.metric_options(view.territory), territories,
            territory, level, metric, level_options, refresh.query(query, **state),
            refresh.revision(view.stand.revision if view.stand else None), refresh.interval)


def download_map(ctx: AppContext, clicks, search):
    if not clicks:
        raise PreventUpdate
    query = parse_query(search)
    territory, _level, metric, messages = report.choices(query.get("gebiet"), query.get("ebene"),
                                                         query.get("kennzahl"))
    with read_session(ctx.sessions) as session:
        html_text = report.export_html(session, ctx.settings, territory=territory, metric=metric,
                                       provider_colors=PROVIDER_COLORS, year=report.year_of(query.get("jahr"), messages))
        filename = report.export_filename(session, territory)
    return dcc.send_string(html_text, filename)


def upload_boundaries(ctx: AppContext, contents, filename, level, name_column):
    if not contents:
        raise PreventUpdate
    done = run_edit(ctx, "boundaries", _import_upload, contents, filename or "grenzen", level, name_column)
    if done.refused:
        return form_feedback(done.messages, title=None)
    report_text, ok = done.done
    return dbc.Alert([html.Div(line) for line in report_text.splitlines()],
                     color="success" if ok else "danger", className="import-report")


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_map,
         Output(ids.MAP_GRAPH, "figure"), Output(ids.MAP_PANEL, "children"), Output(ids.MAP_TABLES, "children"),
         Output(ids.MAP_NOTE, "children"), Output(ids.MAP_MESSAGE, "children"), Output(ids.MAP_METRIC, "options"),
         Output(ids.MAP_TERRITORY, "options"), *[Output(c, p, allow_duplicate=True) for c, p in CONTROLS], Output(ids.MAP_LEVEL, "options"),
         Output(ids.MAP_LOCATION, "search"), Output(ids.MAP_REVISION, "data"), Output(ids.MAP_REFRESH, "interval"),
         *[Input(c, p) for c, p in CONTROLS], Input(ids.MAP_GRAPH, "clickData"), Input(ids.MAP_CLEAR, "n_clicks"),
         Input(ids.MAP_LOCATION, "search"), Input(ids.MAP_REVISION, "data"), State(ids.MAP_LOCATION, "pathname"),
         prevent_initial_call="initial_duplicate")
    wire(app, ctx, download_map, Output(ids.MAP_DOWNLOAD, "data"), Input(ids.MAP_DOWNLOAD_BUTTON, "n_clicks"),
         State(ids.MAP_LOCATION, "search"), prevent_initial_call=True)
    wire(app, ctx, upload_boundaries, Output(ids.MAP_UPLOAD_RESULT, "children"), Input(ids.MAP_UPLOAD, "contents"),
         State(ids.MAP_UPLOAD, "filename"), State(ids.MAP_UPLOAD_LEVEL, "value"),
         State(ids.MAP_UPLOAD_NAME_COLUMN, "value"), prevent_initial_call=True)
    register_revision_watch(app, ctx, ids.MAP_REVISION, ids.MAP_REFRESH)
    map_outlines.register(app, ctx)
    register_table_pager(app, ctx, page.PAGE, ids.MAP_LOCATION)


def _import_upload(edit: Edit, contents: str, filename: str, level: str, name_column: str | None):
    """In the edit's transaction (administration only): write the upload to a temporary file with its
    own name and import it (all or nothing)."""
    edit.allow_action(Action.administer, refusal=BOUNDARIES_REFUSED)
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
        result = import_file(edit.session, path, level, name_column=(name_column or "").strip() or None,
                             actor=edit.user)
    return result.text(), result.ok
