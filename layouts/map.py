"""Karte: where the load is — Stadt Heilbronn by Planungsbezirk or Sozialraum, Landkreis Heilbronn by
Gemeinde. A metric colours the areas (norm marked in the scale); a click selects an area: the side
panel shows its figures and the tables below filter to it. Markers for volunteer projects and the
facilities of the ARGE concept; "Karte herunterladen" gives a standalone HTML map (folium).
`layout` builds the frame; `panel` and `tables` render the figures of `dashboard.services.maps`."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.model.access import FormAccess
from dashboard.model.figures.maps import MapArea, MapView
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_int, fmt_number, fmt_pct
from dashboard.model.vocabulary import LANDKREIS_METRICS, LEVELS, METRICS, NO_CASE_DATA, TERRITORIES
from layouts import ids
from layouts.components import (
    DROPDOWN_LABELS,
    EditArea,
    EmptyState,
    PageSync,
    Section,
    StatusBadge,
    graph_config,
)
from layouts.paging import LazyRows, PagedTable
from layouts.presentation import Presentation, Slide

TITLE = "Karte"
PATH = "/karte"

PRESENTATION = Presentation((
    Slide("karte", "Karte", (ids.MAP_GRAPH,)),
    Slide("gebiete", "Gebiete", (ids.MAP_AREA_TABLE,), rows="Gebiete"),
    Slide("projekte", "Ehrenamtsprojekte", (ids.MAP_PROJECT_TABLE,), rows="Projekte"),
))
PAGE = "map"
# plotly's geo subplot always loads a base-map TopoJSON, by default from cdn.plot.ly; the map draws no
# base layers, so an empty one served locally keeps it offline
GRAPH_CONFIG = graph_config(None, "zoomInGeo", "zoomOutGeo", "resetGeo", scrollZoom=True, topojsonURL="/assets/")
TERRITORY_OPTIONS = [{"label": label, "value": code} for code, label in TERRITORIES.items()]
LEVEL_OPTIONS = [{"label": label, "value": code} for code, label in LEVELS.items()]


def layout(gebiet: str | None = None, ebene: str | None = None, kennzahl: str | None = None,  # noqa: ARG001
           access: FormAccess = FormAccess(), **_query) -> html.Div:
    return html.Div([
        html.H1(TITLE, className="page-title"),
        html.Div("Wo liegt die Last? Kennzahlen je Planungsbezirk, Sozialraum oder Gemeinde",
                 className="page-subtitle mb-3"),
        dbc.Row([
            dbc.Col([dbc.Label("Gebiet", className="filter-label"),
                     dbc.RadioItems(id=ids.MAP_TERRITORY, value=gebiet or "stadt", inline=True,
                                    options=TERRITORY_OPTIONS)], lg=3),
            dbc.Col([dbc.Label("Ebene", className="filter-label"),
                     dbc.RadioItems(id=ids.MAP_LEVEL, value=ebene or "district", inline=True,
                                    options=LEVEL_OPTIONS)], lg=3),
            dbc.Col([dbc.Label("Kennzahl", html_for=ids.MAP_METRIC, className="filter-label"),
                     dcc.Dropdown(labels=DROPDOWN_LABELS, id=ids.MAP_METRIC, value=kennzahl or "utilisation", clearable=False,
                                  searchable=False, options=metric_options(gebiet))], lg=4),
            dbc.Col([dbc.Button("⬇ Karte herunterladen", id=ids.MAP_DOWNLOAD_BUTTON, color="primary",
                                title="eigenständige HTML-Karte mit Ebenen, Legende und Stand (lädt beim "
                                      "Öffnen Leaflet aus dem Internet)"),
                     dcc.Download(id=ids.MAP_DOWNLOAD)], lg=2, className="d-flex align-items-end"),
        ], className="g-3 mb-3 filter-row"),
        PageSync(ids.MAP_LOCATION, ids.MAP_REVISION, ids.MAP_REFRESH),
        html.Div(id=ids.MAP_MESSAGE),
        dbc.Row([
            dbc.Col(dbc.Card(dbc.CardBody(dcc.Loading(
                dcc.Graph(id=ids.MAP_GRAPH, config=GRAPH_CONFIG, style={"height": "680px"}),
                delay_show=400, type="dot")), className="section-card"), xl=8),
            dbc.Col([html.Div(dbc.Button("Auswahl aufheben", id=ids.MAP_CLEAR, size="sm", color="light"),
                              className="text-end mb-2"),
                     html.Div(id=ids.MAP_PANEL)], xl=4),
        ], className="g-3 mb-2"),
        html.Div(id=ids.MAP_NOTE, className="map-note mb-3"),
        html.Div(id=ids.MAP_TABLES),
        import_form(access),
    ], className="map-page")


def import_form(access: FormAccess = FormAccess()) -> dbc.Card:
    """Upload of an official boundary file (administration only; the server checks the role)."""
    return Section("Amtliche Grenzen importieren", EditArea([
        html.P("GeoJSON, GeoPackage oder gezipptes Shapefile in beliebigem Koordinatensystem. Die Datei wird "
               "geprüft; bei einem Fehler wird nichts geändert. Nur für die Administration der Stadt."),
        dbc.Row([
            dbc.Col([dbc.Label("Ebene", className="form-label-strong"),
                     dbc.RadioItems(id=ids.MAP_UPLOAD_LEVEL, value="district", inline=True,
                                    options=[{"label": "Planungsbezirke", "value": "district"},
                                             {"label": "Gemeinden", "value": "municipality"}])], md=4),
            dbc.Col([dbc.Label("Namensspalte (optional)", html_for=ids.MAP_UPLOAD_NAME_COLUMN,
                               className="form-label-strong"),
                     dbc.Input(id=ids.MAP_UPLOAD_NAME_COLUMN, placeholder="automatisch, z. B. GEN")], md=3),
            dbc.Col(dcc.Upload(id=ids.MAP_UPLOAD, children=html.Div(["Datei hierher ziehen oder ",
                                                                      html.U("auswählen")]),
                               className="map-upload", max_size=50 * 1024 * 1024), md=5),
        ], className="g-3"),
        html.Div(id=ids.MAP_UPLOAD_RESULT, className="mt-2"),
    ], offered=access.administer, refusal=access.city_only("Amtliche Grenzen importieren")),
        subtitle="Grenzdateien des Vermessungs- oder GIS-Amts")


def _gemeinde_facts(view: MapView, area: MapArea) -> list[tuple[str, object]]:
    rows = [("Art", "Stadtkreis" if area.is_city else "Gemeinde"), ("Gemeindeschlüssel (AGS)", area.ags),
            ("Einwohner (BKG 2013)", fmt_int(area.population))]
    facts, load = area.gemeinde, area.team_load
    if facts is None:
        return rows
    cases = NO_CASE_DATA if facts.cases is None else _count(facts.cases)
    return rows + [
        ("Wer erbringt IM", facts.mode_text + (f" ({facts.provider_name})" if facts.provider_name else "")),
        (f"Zuweisung {facts.year}", fmt_eur(facts.amount)), ("Zuweisung je Einwohner", fmt_eur(facts.per_inhabitant)),
        ("Personen in der Zielgruppe", fmt_int(facts.persons)), ("Aktive Fälle", cases),
        ("IM-Team(s)", ", ".join(load.teams) if load else NO_CASE_DATA),
        ("Auslastung des Teams", html.Span([fmt_pct(load.utilisation_pct, 1) + " ", StatusBadge(load.status)])
         if load else "–"),
    ]


def _count(value) -> str:
    return value if isinstance(value, str) else fmt_int(value)


def _gemeinde_table(view: MapView, areas, suffix: str, query) -> list:
    """The text alternative of the Landkreis map: every Gemeinde with all its map figures."""
    rows = []
    for a in areas:
        f, load = a.gemeinde, a.team_load
        if f is None:
            rows.append([a.name, a.ags, fmt_int(a.population), "Stadtkreis" if a.is_city else "–", "–", "–", "–",
                         "–", "–"])
            continue
        rows.append([a.name, a.ags, fmt_int(a.population), f.mode_text, f.provider_name or "–", fmt_eur(f.amount),
                     fmt_eur(f.per_inhabitant), NO_CASE_DATA if f.cases is None else _count(f.cases),
                     (f"{fmt_pct(load.utilisation_pct, 1)} ({', '.join(load.teams)})" if load else "–")])
    year = f" {view.year}" if view.year else ""
    table = PagedTable(["Gemeinde", "AGS", "Einwohner (BKG 2013)", "Wer erbringt IM", "Träger", f"Zuweisung{year}",
                        "je Einwohner", "Aktive Fälle", "Auslastung IM-Team"], rows,
                       table_id=ids.MAP_AREA_TABLE, page_name=PAGE, table="gemeinden", query=query, noun="Gemeinden",
                       numeric={2, 5, 6, 7, 8})
    legend = [html.Ul([html.Li([html.Span(className="map-swatch", style={"background": k.color}),
                                f"{k.label}: {fmt_int(k.count)} {'Gemeinde' if k.count == 1 else 'Gemeinden'}"]) for k in view.categories],
                      className="map-legend", id=ids.MAP_LEGEND)] if view.categories else []
    return [Section("Gemeinden" + suffix, [*legend, table],
                    subtitle="× = ausgeblendet (Datenschutz, kleine Fallzahlen unter "
                             f"{fmt_int(view.threshold)}); {NO_CASE_DATA}: keine Fälle erfasst")]


def metric_options(territory: str | None) -> list[dict]:
    choices = LANDKREIS_METRICS if territory == "landkreis" else METRICS
    return [{"label": label, "value": value} for value, label in choices.items()]


def note(view: MapView) -> list:
    source = "Demodaten" if view.stand is not None and view.stand.source == "demo" else "importierte Daten"
    shapes = ("Flächen: schematische Darstellung (Voronoi-Zellen um ungefähre Ankerpunkte, keine amtlichen "
              "Grenzen) – amtliche Grenzen unten importieren" if view.schematic
              else f"Flächen: amtliche Grenzen ({', '.join(n for n in view.shape_sources if n)})")
    return [html.Div(f"Stand {fmt_date(view.as_of)} · {source} · {shapes}"),
            html.Div(view.note) if view.note else None,
            html.Div("Lage der Projekte und Einrichtungen ungefähr (Ankerpunkte aus OpenStreetMap-Daten, "
                     "© OpenStreetMap-Mitwirkende, ODbL)") if view.territory == "stadt" else
            html.Div("Gemeindedaten: © GeoBasis-DE / BKG 2013 (Daten verändert), dl-de/by-2-0"),
            html.Div(f"Zuweisung für das Berechnungsjahr {view.year} (Adresse: jahr=…), Zahlen wie auf der Seite "
                     "„Landkreis“") if view.year else None]


def _selected(view: MapView, code: str | None) -> MapArea | None:
    return next((a for a in view.areas if a.code == code), None)


def _cases(area: MapArea) -> str:
    return area.active_cases if isinstance(area.active_cases, str) else fmt_int(area.active_cases)


def panel(view: MapView, code: str | None) -> dbc.Card:
    """The side panel: the selected area's figures, or how to select one."""
    area = _selected(view, code)
    if area is None:
        body = [html.P("Auf ein Gebiet in der Karte klicken: hier erscheinen seine Zahlen, und die Tabellen "
                       "unter der Karte zeigen nur dieses Gebiet.", className="map-panel-hint")]
        return _panel_card("Kein Gebiet ausgewählt", body)
    if view.territory == "landkreis":
        return _panel_card(area.name, [_facts(_gemeinde_facts(view, area)), html.P(view.note, className="map-panel-hint")])
    load = area.team_load
    rows = [("Ebene", "Planungsbezirk" if area.kind == "district" else "Sozialraum")]
    if area.kind == "district":
        rows.append(("Sozialraum", area.parent))
    else:
        rows.append(("Planungsbezirke", ", ".join(area.districts)))
    rows += [
        ("Zuständiger Träger (Ehrenamt)", area.provider or "–"),
        ("Aktive Fälle", _cases(area)),
        ("Team(s) im Einzugsgebiet", ", ".join(load.teams) if load else "kein Team"),
        ("Auslastung des Teams", html.Span([fmt_pct(load.utilisation_pct, 1) + " ",
                                            StatusBadge(load.status)]) if load else "–"),
        ("Fälle je VZÄ des Teams", fmt_number(load.cases_per_fte, 1) if load else "–"),
        ("Ehrenamtsprojekte", fmt_int(area.projects)),
    ]
    return _panel_card(area.name, [_facts(rows)])


def _panel_card(title: str, body: list) -> dbc.Card:
    return dbc.Card([
        dbc.CardHeader(html.H2(title, id=ids.MAP_PANEL_TITLE, className="section-title mb-0")),
        dbc.CardBody(body),
    ], className="section-card h-100 map-panel")


def _facts(rows: list[tuple[str, object]]) -> html.Dl:
    items = []
    for label, value in rows:
        items += [html.Dt(label), html.Dd(value)]
    return html.Dl(items, className="map-facts")


def tables(view: MapView, code: str | None, query: Mapping[str, str] | None = None) -> list:
    """The areas table and the projects, filtered to the selected area when one is selected; long ones a
    page at a time (layouts.paging; `query`: the URL with the page numbers)."""
    area = _selected(view, code)
    areas = [area] if area else view.areas
    suffix = f" – nur {area.name}" if area else ""
    if view.territory == "landkreis":
        return _gemeinde_table(view, areas, suffix, query)
    first = "Planungsbezirk" if view.level == "district" else "Sozialraum"

    def area_row(a: MapArea) -> list:
        load = a.team_load
        return [a.name, a.parent if a.kind == "district" else "–", a.provider or "–", _cases(a),
                ", ".join(load.teams) if load else "kein Team",
                fmt_pct(load.utilisation_pct, 1) if load else "–",
                fmt_number(load.cases_per_fte, 1) if load else "–", fmt_int(a.projects)]
    title = ("Planungsbezirke" if view.level == "district" else "Sozialräume") + suffix
    area_table = Section(title, PagedTable(
        [first, "Sozialraum", "Träger", "Aktive Fälle", "Team(s)", "Auslastung Team", "Fälle je VZÄ",
         "Projekte"], LazyRows(areas, area_row), table_id=ids.MAP_AREA_TABLE, page_name=PAGE, table="gebiete",
        query=query, noun="Gebiete", numeric={3, 5, 6, 7}),
        subtitle=f"× = ausgeblendet (Datenschutz, kleine Fallzahlen unter {fmt_int(view.threshold)})")
    projects = view.projects
    if area:
        names = {area.name} if area.kind == "district" else set(area.districts)
        projects = [p for p in projects if p.district in names]
    project_rows = LazyRows(projects, lambda p: [p.name, p.site or "–", p.provider, fmt_int(p.volunteers)])
    project_table = Section("Ehrenamtsprojekte" + suffix,
                            PagedTable(["Projekt", "Ort", "Träger", "Ehrenamtliche"], project_rows,
                                       table_id=ids.MAP_PROJECT_TABLE, page_name=PAGE, table="projekte", query=query,
                                       noun="Projekte", numeric={3})
                            if projects else EmptyState("Keine Ehrenamtsprojekte in diesem Gebiet."))
    return [dbc.Row([dbc.Col(area_table, xxl=7), dbc.Col(project_table, xxl=5)], className="g-3 mb-3")]
