"""The map figure (plotly) from the figures of `dashboard.services.maps.map_view` (a `MapView`).

Offline by default: a `Choropleth` on plotly's geo subplot with every base layer switched off, so
no tile, font or style is fetched from the internet and the labels are plain SVG text, legible on
a projector. With a tile URL configured (IMC_MAP_TILE_URL) the figure uses `Choroplethmap` with
that raster layer underneath instead (labels then appear on hover and in the side panel, because
MapLibre would need web fonts for text on the map). The colour scale marks the norm; areas
without a value (hidden small counts, no team) are grey and say why in their label. Imports
plotly and shapely only — no dash, no database.
"""

from __future__ import annotations

import dataclasses
import json
import math
import threading
from collections import OrderedDict

import plotly.graph_objects as go
import shapely
from shapely.geometry import shape

from dashboard.model.figures.maps import MapArea, MapView
from dashboard.model.formatting import fmt_int, fmt_number
from dashboard.model.formatting import plotly_text as plain

NO_VALUE_COLOR = "#d9d9d9"
# blue below the norm, light at the norm, orange to red above (ColorBrewer RdBu, colour-blind safe)
DIVERGING = [[0.0, "#2166ac"], [0.35, "#92c5de"], [0.5, "#f7f7f7"], [0.7, "#f4a582"], [1.0, "#b2182b"]]
SEQUENTIAL = [[0.0, "#f1eef6"], [0.5, "#74a9cf"], [1.0, "#045a8d"]]
# "shadow": a light halo keeps dark text readable on the dark end of the scale (projector contrast)
LABEL_FONT = {"size": 15, "color": "#111111", "family": "system-ui, -apple-system, Segoe UI, Arial, sans-serif",
              "shadow": "1px 1px 2px #ffffff, -1px -1px 2px #ffffff, 1px -1px 2px #ffffff, -1px 1px 2px #ffffff"}
PROJECT_COLOR, FACILITY_COLOR = "#1b1b1b", "#D55E00"
PROJECT_SIZE, FACILITY_SIZE = 11, 15  # marker diameters in px; labels keep clear of them
# a label moved above or below its point clears a marker there: plotly sets text off by its trace's
# marker radius, so the label trace carries invisible markers of this size (and so a hover target)
LABEL_MARKER = FACILITY_SIZE + 4
LABEL_OFFSET = LABEL_MARKER / 2 + 2


def clockwise(collection: dict) -> dict:
    """The features with clockwise outer rings: plotly's geo subplot (d3-geo, spherical) reads a
    counter-clockwise ring — the GeoJSON standard — as "the whole globe except this area"."""
    geometries = shapely.from_geojson([json.dumps(f["geometry"]) for f in collection["features"]])
    turned = shapely.orient_polygons(geometries, exterior_cw=True)
    features = [{**f, "geometry": json.loads(g)} for f, g in zip(collection["features"], shapely.to_geojson(turned))]
    return {**collection, "features": features}


def label_point(geometry: dict) -> tuple[float, float]:
    """(lon, lat) of a point safely inside the shape, for its label."""
    point = shape(geometry).representative_point()
    return point.x, point.y


@dataclasses.dataclass(frozen=True)
class Geometry:
    """The part of the figure that depends on the shapes only: the features (rings clockwise for the
    geo subplot), each area's label point and size, and the bounds. Built once per shape revision."""

    features: dict[str, dict]
    points: dict[str, tuple[float, float]]
    sizes: dict[str, float]
    bounds: tuple[float, float, float, float] | None


_GEOMETRY: OrderedDict[tuple, Geometry] = OrderedDict()
_GEOMETRY_KEPT = 4  # city districts, Sozialräume, Gemeinden and one spare (a few MB each at Land scale)
_GEOMETRY_LOCK = threading.Lock()


def geometry(view: MapView, tiles: bool) -> Geometry:
    """The view's `Geometry`; kept per (shape revision, tiles, features drawn) when the view has a
    shape revision, so a new metric, Stichtag or selection only changes the values. Read-only."""
    key = None if view.shape_revision is None else (
        view.shape_revision, tiles, tuple(f["id"] for f in view.geojson["features"]))
    if key is not None:
        with _GEOMETRY_LOCK:
            if key in _GEOMETRY:
                _GEOMETRY.move_to_end(key)
                return _GEOMETRY[key]
    collection = _lighter(view.geojson)
    collection = collection if tiles else clockwise(collection)
    shapes = shapely.from_geojson([json.dumps(f["geometry"]) for f in collection["features"]])
    inside = shapely.point_on_surface(shapes)
    codes = [f["id"] for f in collection["features"]]
    built = Geometry(features={f["id"]: f for f in collection["features"]},
                     points=dict(zip(codes, zip(shapely.get_x(inside).tolist(), shapely.get_y(inside).tolist()))),
                     sizes=dict(zip(codes, shapely.area(shapes).tolist())),
                     bounds=tuple(shapely.total_bounds(shapes).tolist()) if codes else None)
    if key is not None:
        with _GEOMETRY_LOCK:
            _GEOMETRY[key] = built
            while len(_GEOMETRY) > _GEOMETRY_KEPT:
                _GEOMETRY.popitem(last=False)
    return built


DETAIL_VERTICES = 20_000  # more outline points than this (a Land's Gemeinden): drawn without sub-pixel detail
SUBPIXEL = 1 / 1500  # of the map's larger extent: about one pixel of a 1920-pixel-wide projector image
DIGITS = 4  # decimal places of a degree kept then: about ten metres


def _lighter(collection: dict) -> dict:
    """The outlines without detail finer than a pixel of the whole map, for maps of many points only
    (1.101 Gemeinden: 2,2 MB of coordinates per figure). Each outline is simplified on its own, so
    neighbours may part by up to that tolerance — invisible at the map's size, seen only when zoomed in."""
    features = collection["features"]
    if not features:
        return collection
    shapes = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    if int(shapely.get_num_coordinates(shapes).sum()) <= DETAIL_VERTICES:
        return collection
    x0, y0, x1, y1 = shapely.total_bounds(shapes).tolist()
    simple = shapely.simplify(shapes, max(x1 - x0, y1 - y0) * SUBPIXEL, preserve_topology=True)
    return {**collection, "features": [{**f, "geometry": _rounded(json.loads(g))}
                                       for f, g in zip(features, shapely.to_geojson(simple))]}


def _rounded(value):
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def outlines(view: MapView, tiles: bool) -> dict:
    """The FeatureCollection the figure's areas are drawn from (what `outlines_url` must answer with)."""
    return {"type": "FeatureCollection", "features": list(geometry(view, tiles).features.values())}


def map_figure(view: MapView, *, selected: str | None = None, provider_colors: dict[str, str] | None = None,
               tile_url: str | None = None, height: int = 680, outlines_url: str | None = None) -> dict:
    """The choropleth of `view` with labels, markers, the selected area outlined and the norm marked.

    Returns the figure as a plain dict (what dcc.Graph takes), GeoJSON included — or, with
    `outlines_url`, each area trace names that address instead (plotly.js fetches it once and keeps it):
    the page then sends only the values, not 1.101 Gemeinde outlines, on every change of the view.
    """
    tiles = bool(tile_url)
    shapes = geometry(view, tiles)  # once per shape revision; below only the values of this view
    features = shapes.features
    if not tiles:
        view = dataclasses.replace(view, geojson={"type": "FeatureCollection", "features": list(features.values())})
    areas = [a for a in view.areas if a.code in features]
    traces: list = []
    if view.categories:
        traces += _categories(view, areas, tiles)
    elif view.metric == "provider":
        traces += _categorical(view, areas, provider_colors or {}, tiles)
    else:
        traces += _numeric(view, areas, tiles)
    if selected in features:
        traces.append(_choropleth(tiles, geojson=view.geojson, locations=[selected], z=[0],
                                  colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
                                  marker={"line": {"width": 5, "color": "#000000"}}, hoverinfo="skip",
                                  customdata=[selected], name="Auswahl", showlegend=False))
    if not tiles:
        traces.append(_labels(view, areas, shapes, height))
    traces += _markers(view, tiles)
    geojsons = {i: getattr(t, "_imc_geojson", None) for i, t in enumerate(traces)}
    figure = go.Figure()  # the traces were validated when built: not once more inside the figure (Land: 0,2 s)
    figure.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, paper_bgcolor="#ffffff",
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.0, "x": 0.99, "xanchor": "right",
                "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 15}},
        clickmode="event", dragmode="pan", separators=",.",  # de-DE: 1.234,5
        font={"size": 15}, uirevision=f"{view.territory}-{view.level}",
    )
    if tiles:
        figure.update_layout(map=_tile_map(shapes.bounds, tile_url))
    else:
        figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator",
                           bgcolor="#ffffff")
    if view.schematic:
        figure.add_annotation(text=f"<b>{view.schematic_label}</b>", xref="paper", yref="paper", x=0.01, y=0.99,
                              xanchor="left", yanchor="top", showarrow=False, bgcolor="#fff8e1",
                              bordercolor="#8a6d00", borderwidth=1, font={"size": 15, "color": "#4d3d00"})
    result = figure.to_plotly_json()
    result["data"] = [t.to_plotly_json() for t in traces]
    for index, geojson in geojsons.items():
        if geojson is not None:
            result["data"][index]["geojson"] = outlines_url or geojson
    return result


def _subset(collection: dict, codes: list[str]) -> dict:
    """Only the features a trace draws: each trace carries its own GeoJSON in the figure's JSON."""
    wanted = set(codes)
    return {"type": "FeatureCollection", "features": [f for f in collection["features"] if f["id"] in wanted]}


def _choropleth(tiles: bool, **kwargs):
    # The GeoJSON is attached after validation (see map_figure): plotly would deep-copy and
    # validate every coordinate, which costs more than everything else for a thousand areas.
    geojson = _subset(kwargs.pop("geojson"), list(kwargs["locations"]))
    trace = go.Choroplethmap(featureidkey="id", **kwargs) if tiles else go.Choropleth(featureidkey="id", **kwargs)
    trace._imc_geojson = geojson
    return trace


def _hover(view: MapView, areas: list[MapArea]) -> list[str]:
    return [f"<b>{plain(a.name)}</b><br>{view.metric_label}: {plain(a.text)}" for a in areas]


def _numeric(view: MapView, areas: list[MapArea], tiles: bool) -> list:
    valued = [a for a in areas if a.value is not None]
    empty = [a for a in areas if a.value is None]
    traces = []
    if valued:
        values = [float(a.value) for a in valued]
        norm = view.norm
        scale = dict(colorscale=SEQUENTIAL, zmin=min(0.0, min(values)), zmax=max(values) or 1.0)
        ticks: dict = {"tickformat": ",.0f", "ticksuffix": " €" if view.metric.startswith("allocation") else ""}
        if norm is not None:
            span = max(abs(v - norm) for v in values) or norm * 0.1
            span = _nice(span)
            low = max(0.0, norm - span)  # a utilisation or a count per VZÄ is never below 0 (Land: "−150 %")
            scale = dict(colorscale=DIVERGING, zmin=low, zmax=norm + span, zmid=norm)
            unit = " %" if view.metric == "utilisation" else ""
            ticks = {"tickvals": [low, norm, norm + span],
                     "ticktext": [f"{_num(low)}{unit}", f"<b>Norm {_num(norm)}{unit}</b>",
                                  f"{_num(norm + span)}{unit}"]}
        traces.append(_choropleth(
            tiles, geojson=view.geojson, locations=[a.code for a in valued], z=values, **scale,
            marker={"line": {"width": 1.5, "color": "#ffffff"}},
            colorbar={"title": {"text": view.metric_label, "side": "right", "font": {"size": 14}},
                      "thickness": 18, "len": 0.75, "tickfont": {"size": 14}, **ticks},
            text=_hover(view, valued), hovertemplate="%{text}<extra></extra>",
            customdata=[a.code for a in valued], name=view.metric_label, showlegend=False))
    if empty:
        traces.append(_choropleth(
            tiles, geojson=view.geojson, locations=[a.code for a in empty], z=[0] * len(empty),
            colorscale=[[0, NO_VALUE_COLOR], [1, NO_VALUE_COLOR]], showscale=False,
            marker={"line": {"width": 1.5, "color": "#ffffff"}},
            text=_hover(view, empty), hovertemplate="%{text}<extra></extra>",
            customdata=[a.code for a in empty], name="ohne Wert (ausgeblendet oder ohne Team)",
            showlegend=True))
    return traces


def _categorical(view: MapView, areas: list[MapArea], colors: dict[str, str], tiles: bool) -> list:
    traces = []
    groups: dict[str | None, list[MapArea]] = {}
    for a in areas:
        groups.setdefault(a.provider_code, []).append(a)
    for code, members in groups.items():
        color = colors.get(code or "", NO_VALUE_COLOR)
        name = members[0].provider or "kein Träger"
        traces.append(_choropleth(
            tiles, geojson=view.geojson, locations=[a.code for a in members], z=[0] * len(members),
            colorscale=[[0, color], [1, color]], showscale=False,
            marker={"line": {"width": 1.5, "color": "#ffffff"}},
            text=_hover(view, members), hovertemplate="%{text}<extra></extra>",
            customdata=[a.code for a in members], name=name, showlegend=True))
    return traces


def _categories(view: MapView, areas: list[MapArea], tiles: bool) -> list:
    """One trace per category of the view's legend (IM mode): colour and text in the legend."""
    traces = []
    for key in view.categories:
        members = [a for a in areas if a.gemeinde is not None and (a.category or "") == key.code]
        if members:
            traces.append(_choropleth(
                tiles, geojson=view.geojson, locations=[a.code for a in members], z=[0] * len(members),
                colorscale=[[0, key.color], [1, key.color]], showscale=False,
                marker={"line": {"width": 1.5, "color": "#ffffff"}},
                text=_hover(view, members), hovertemplate="%{text}<extra></extra>",
                customdata=[a.code for a in members], name=f"{plain(key.label)} ({fmt_int(key.count)})",
                showlegend=True))
    others = [a for a in areas if a.gemeinde is None]
    if others:
        traces.append(_choropleth(
            tiles, geojson=view.geojson, locations=[a.code for a in others], z=[0] * len(others),
            colorscale=[[0, NO_VALUE_COLOR], [1, NO_VALUE_COLOR]], showscale=False,
            marker={"line": {"width": 1.5, "color": "#ffffff"}}, text=_hover(view, others),
            hovertemplate="%{text}<extra></extra>", customdata=[a.code for a in others],
            name="nicht im Landkreis", showlegend=True))
    return traces


POSITIONS = ("middle center", "top center", "bottom center")  # on the area's point, or just above/below it


def placed(wanted: list[str], fallback: list[str], points: list[tuple[float, float]], sizes: list[float], *,
           font_px: int, height_px: int, aspect: float = 1.4,
           obstacles: list[tuple[float, float, float]] = ()) -> list[tuple[str, str]]:
    """The labels that fit without touching each other or a marker, the largest areas first, each
    with its plotly `textposition`: a label sits on its area's point, or just above or below it when a
    marker (`obstacles`: lon, lat, radius in px) or a label already placed is in the way; one that fits
    nowhere falls back to its value alone, and if that fits nowhere either, to none (the name and value
    stay in the hover, the side panel and the table). Sizes in pixels are estimated from the map's
    extent at `height_px` (the map is about `aspect` times as wide as high)."""
    if not points:
        return []
    lat0 = math.radians(sum(p[1] for p in points) / len(points))
    xs, ys = [p[0] * math.cos(lat0) for p in points], [p[1] for p in points]
    span_x, span_y = (max(xs) - min(xs)) or 1e-9, (max(ys) - min(ys)) or 1e-9
    scale = min(height_px * aspect / span_x, height_px / span_y) * 0.8  # px per unit, with the margins

    def box(label: str, x: float, y: float, position: str):
        lines = label.split("<br>")
        width = max(len(plain_text(line)) for line in lines) * 0.58 * font_px
        half_w, half_h = width / 2 + 2, len(lines) * 0.62 * font_px + 1
        shift = {"top center": half_h + LABEL_OFFSET, "bottom center": -half_h - LABEL_OFFSET}.get(position, 0.0)
        return (x * scale - half_w, y * scale + shift - half_h, x * scale + half_w, y * scale + shift + half_h)

    def free(b, taken) -> bool:
        return all(b[2] <= t[0] or b[0] >= t[2] or b[3] <= t[1] or b[1] >= t[3] for t in taken)

    taken = [(lon * math.cos(lat0) * scale - r, lat * scale - r, lon * math.cos(lat0) * scale + r, lat * scale + r)
             for lon, lat, r in obstacles]
    result = [("", POSITIONS[0])] * len(wanted)
    for i in sorted(range(len(wanted)), key=lambda k: -sizes[k]):
        options = ((label, position) for label in dict.fromkeys((wanted[i], fallback[i] if wanted[i] else ""))
                   for position in POSITIONS if label)
        for label, position in options:
            if free(b := box(label, xs[i], ys[i], position), taken):
                result[i] = (label, position)
                taken.append(b)
                break
    return result


def plain_text(label: str) -> str:
    return label.replace("<b>", "").replace("</b>", "")


def _labels(view: MapView, areas: list[MapArea], shapes: Geometry, height_px: int = 560) -> go.Scattergeo:
    points = [shapes.points[a.code] for a in areas]
    sizes = [shapes.sizes[a.code] for a in areas]
    total = sum(sizes) or 1.0
    many = len(areas) > 60  # a Landkreis or a whole Land: the value only, names on hover
    # a name fits only into a larger area; small central districts show their value, tiny ones none
    wanted = [("" if size < total * 0.004 else plain(a.text)) if many or size < total * 0.03
              else f"{plain(_short(a.name))}<br><b>{plain(a.text)}</b>" for a, size in zip(areas, sizes)]
    fallback = [plain(a.text) for a in areas]
    font = 11 if many else LABEL_FONT["size"]
    markers = [(p.lon, p.lat, PROJECT_SIZE / 2 + 2) for p in view.projects or []] + [
        (f.lon, f.lat, FACILITY_SIZE / 2 + 2) for f in view.facilities or []]
    shown = placed(wanted, fallback, points, sizes, font_px=font, height_px=height_px, obstacles=markers)
    # no hover of its own: the area under a label answers (its trace has the same text; at Land scale
    # a second copy of 1.101 hover texts was 90 KB of every map response)
    return go.Scattergeo(lon=[_degree(p[0]) for p in points], lat=[_degree(p[1]) for p in points],
                         mode="markers+text", marker={"size": LABEL_MARKER, "opacity": 0},  # the marker sets the offset
                         text=[label for label, _ in shown], textposition=[position for _, position in shown],
                         textfont=LABEL_FONT if not many else {**LABEL_FONT, "size": 11},
                         customdata=[a.code for a in areas], hoverinfo="skip", showlegend=False,
                         name="Beschriftung")


def _degree(value: float) -> float:
    """A marker's or label's coordinate to 5 decimals (about a metre): the full float is 18 characters."""
    return round(float(value), 5)


def _short(name: str) -> str:
    return name.replace("Böckingen-", "Bö.-").replace("Neckargartach-", "Neckarg.-").replace(
        "Herbert-Hoover-Siedlung", "H.-Hoover-Siedl.").replace("John-F.-Kennedy-Str.", "JFK-Str.")


def _markers(view: MapView, tiles: bool) -> list:
    scatter = go.Scattermap if tiles else go.Scattergeo
    traces = []
    projects = view.projects or []
    if projects:
        traces.append(scatter(
            lon=[_degree(p.lon) for p in projects], lat=[_degree(p.lat) for p in projects], mode="markers",
            marker={"size": PROJECT_SIZE, "color": PROJECT_COLOR, "symbol": "circle"} | ({} if tiles else {
                "line": {"width": 1.5, "color": "#ffffff"}}),
            text=[f"<b>{plain(p.name)}</b><br>{plain(p.site or '')}<br>{plain(p.provider)}, "
                  f"{fmt_int(p.volunteers)} Ehrenamtliche"
                  for p in projects], hovertemplate="%{text}<extra></extra>", name="Ehrenamtsprojekte",
            customdata=[p.area_code for p in projects]))  # a click selects the project's area
    facilities = view.facilities or []
    if facilities:
        traces.append(scatter(
            lon=[_degree(f.lon) for f in facilities], lat=[_degree(f.lat) for f in facilities], mode="markers",
            marker={"size": FACILITY_SIZE, "color": FACILITY_COLOR, "symbol": "square" if not tiles else "circle"}
            | ({} if tiles else {"line": {"width": 1.5, "color": "#ffffff"}}),
            text=[f"<b>{plain(f.full_name)}</b><br>{plain(f.note)}" for f in facilities],
            hovertemplate="%{text}<extra></extra>", name="Einrichtungen"))
    return traces


def _tile_map(bounds: tuple[float, float, float, float] | None, tile_url: str) -> dict:
    lons, lats = ([bounds[0], bounds[2]], [bounds[1], bounds[3]]) if bounds else ([], [])
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.5, 1e-3) if lons else 1.0
    return {"style": "white-bg", "center": {"lon": (min(lons) + max(lons)) / 2 if lons else 9.2,
                                             "lat": (min(lats) + max(lats)) / 2 if lats else 49.14},
            "zoom": max(1.0, math.log2(360 / span) - 0.3),
            "layers": [{"sourcetype": "raster", "source": [tile_url], "below": "traces",
                        "sourceattribution": "Kartenhintergrund: konfigurierter Kachelserver"}]}


def _nice(span: float) -> float:
    """A round half-width for the diverging scale (5, 10, 20, 25, 50 …)."""
    magnitude = 10 ** math.floor(math.log10(span))
    for step in (1, 2, 2.5, 5, 10):
        if span <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _num(value: float) -> str:
    return fmt_number(value, 0) if abs(value - round(value)) < 1e-9 else fmt_number(value, 1)
