"""The folium export: a standalone HTML map ("Karte herunterladen") with layers, popups, legend, Stand.

Built from the same views as the page (`dashboard.services.maps.map_view`, read by attribute), so suppressed
counts stay "×" in the file too. The file is standalone but loads Leaflet (JavaScript and CSS)
from the internet when it is opened — documented in the README and said in the file itself.
No background tiles unless a tile URL is configured. Imports neither dash nor the database.
"""

from __future__ import annotations

import html
import json

import folium
from branca.colormap import LinearColormap
from branca.element import Element

from dashboard.model.figures.maps import MapArea, MapView
from dashboard.model.formatting import fmt_int, fmt_pct
from geo.figures import DIVERGING, NO_VALUE_COLOR, SEQUENTIAL, _nice, _num

LEAFLET_NOTE = ("Diese Datei lädt beim Öffnen die Kartenbibliothek Leaflet aus dem Internet; die Daten "
                "selbst stehen vollständig in der Datei.")


def _html(value) -> str:
    """Data text for the file's HTML. Folium puts popups and tooltips into JavaScript template
    literals, so besides the markup (< > & " ') the characters that could end or interpolate the
    literal (` $ \\) become entities too; the browser shows all of them as the plain characters."""
    return (html.escape(str(value), quote=True).replace("\\", "&#92;").replace("`", "&#96;")
            .replace("$", "&#36;"))


def colormap(view: MapView) -> LinearColormap | None:
    """The legend's colour scale (the norm in the middle of a diverging scale); None for categories."""
    values = [float(a.value) for a in view.areas if a.value is not None]
    if view.metric == "provider" or view.categories or not values:
        return None
    norm = view.norm
    if norm is not None:
        span = _nice(max(abs(v - norm) for v in values) or norm * 0.1)
        low, high = norm - span, norm + span
        scale = DIVERGING
        caption = f"{view.metric_label} – Mitte = Norm {_num(norm)}"
    else:
        low, high = min(0.0, min(values)), max(values) or 1.0
        scale = SEQUENTIAL
        caption = view.metric_label
    return LinearColormap([c for _, c in scale], index=[low + p * (high - low) for p, _ in scale],
                          vmin=low, vmax=high, caption=caption)


def _popup(view: MapView, area: MapArea) -> str:
    rows = [("Kennzahl", f"{view.metric_label}: {area.text}")]
    if view.territory == "landkreis":
        rows += [("AGS", area.ags or "–"), ("Einwohner (BKG 2013)", fmt_int(area.population or 0))]
    else:
        load = area.team_load
        cases = area.active_cases
        rows += [("Träger (Sozialraum)", area.provider or "–"),
                 ("Aktive Fälle", cases if isinstance(cases, str) else fmt_int(cases)),
                 ("Team(s)", ", ".join(load.teams) if load else "kein Team"),
                 ("Auslastung Team", fmt_pct(load.utilisation_pct, 1) if load and
                  load.utilisation_pct is not None else "–"),
                 ("Ehrenamtsprojekte", fmt_int(area.projects))]
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{_html(k)}</th>"
                   f"<td>{_html(str(v))}</td></tr>" for k, v in rows)
    return f"<b>{_html(area.name)}</b><table>{body}</table>"


def _layer(view: MapView, name: str, provider_colors: dict[str, str], show: bool) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name, show=show)
    scale = colormap(view)
    by_code = {a.code: a for a in view.areas}
    for feature in view.geojson["features"]:
        area = by_code.get(feature["id"])
        if area is None:
            continue
        if view.categories:
            color = next((k.color for k in view.categories if area.gemeinde is not None
                          and k.code == (area.category or "")), NO_VALUE_COLOR)
        elif view.metric == "provider":
            color = provider_colors.get(area.provider_code or "", NO_VALUE_COLOR)
        elif area.value is None or scale is None:
            color = NO_VALUE_COLOR
        else:
            color = scale(float(area.value))
        folium.GeoJson(
            {"type": "Feature", "properties": {"name": area.name, "wert": area.text},
             "geometry": feature["geometry"]},
            style_function=lambda _f, c=color: {"fillColor": c, "color": "#ffffff", "weight": 1.5,
                                                 "fillOpacity": 0.8},
            highlight_function=lambda _f: {"weight": 4, "color": "#000000"},
            tooltip=_html(f"{area.name}: {area.text}"),
            popup=folium.Popup(_popup(view, area), max_width=360),
        ).add_to(group)
    return group


def folium_html(views: list[tuple[str, MapView]], *, provider_colors: dict[str, str], stand_text: str,
                tile_url: str | None = None) -> str:
    """The standalone HTML of a map with one layer per (name, view), markers and a legend."""
    first = views[0][1]
    bounds = _bounds(first)
    fmap = folium.Map(location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2], zoom_start=12,
                      tiles=None, control_scale=True)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr="Kartenhintergrund: konfigurierter Kachelserver",
                         name="Hintergrund").add_to(fmap)
    for index, (name, view) in enumerate(views):
        _layer(view, name, provider_colors, show=index == 0).add_to(fmap)
    projects = folium.FeatureGroup(name="Ehrenamtsprojekte")
    for p in first.projects or []:
        folium.CircleMarker([p.lat, p.lon], radius=6, color="#ffffff", weight=1.5, fill=True,
                            fill_color="#1b1b1b", fill_opacity=1,
                            tooltip=_html(p.name),
                            popup=folium.Popup(f"<b>{_html(p.name)}</b><br>{_html(p.site or '')}"
                                               f"<br>{_html(p.provider or '')}, {fmt_int(p.volunteers)} "
                                               "Ehrenamtliche", max_width=300)).add_to(projects)
    facilities = folium.FeatureGroup(name="Einrichtungen")
    for f in first.facilities or []:
        folium.RegularPolygonMarker([f.lat, f.lon], number_of_sides=4, radius=9, color="#ffffff", weight=1.5,
                                    fill_color="#D55E00", fill_opacity=1, tooltip=_html(f.name),
                                    popup=folium.Popup(f"<b>{_html(f.full_name)}</b><br>"
                                                       f"{_html(f.note)}", max_width=300)).add_to(facilities)
    if first.projects:
        projects.add_to(fmap)
    if first.facilities:
        facilities.add_to(fmap)
    scale = colormap(first)
    if scale is not None:
        scale.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    fmap.get_root().html.add_child(Element(_info_box(first, stand_text, provider_colors)))
    fmap.get_root().header.add_child(Element("<meta charset='utf-8'><title>IM-Cockpit – Karte</title>"))
    return fmap.get_root().render()


def _info_box(view: MapView, stand_text: str, provider_colors: dict[str, str]) -> str:
    lines = ["<b>IM-Cockpit – Karte</b>", _html(stand_text), _html(view.metric_label)]
    lines += [f"<span style='display:inline-block;width:12px;height:12px;background:{k.color}'></span> "
              f"{_html(k.label)} ({fmt_int(k.count)})" for k in view.categories]
    if view.metric == "provider":
        lines += [f"<span style='display:inline-block;width:12px;height:12px;background:{provider_colors.get(p.code, NO_VALUE_COLOR)}'>"
                  f"</span> {_html(p.name)}" for p in view.providers if p.code in provider_colors]
    lines.append(f"<span style='display:inline-block;width:12px;height:12px;background:{NO_VALUE_COLOR}'></span> "
                 "ohne Wert (× = ausgeblendet, Datenschutz)")
    if view.schematic:
        lines.append(f"<b>{_html(view.schematic_label)}</b>")
    lines.append(f"<small>{_html(LEAFLET_NOTE)}</small>")
    return ("<div id='imc-info' style='position:fixed;bottom:24px;left:12px;z-index:9999;background:#fff;"
            "padding:8px 10px;border:1px solid #555;font:14px system-ui,Arial,sans-serif;max-width:360px'>"
            + "<br>".join(lines) + "</div>")


def _bounds(view: MapView) -> tuple[float, float, float, float]:
    from shapely import union_all
    from shapely.geometry import shape

    geometries = [shape(f["geometry"]) for f in view.geojson["features"]]
    return union_all(geometries).bounds if geometries else (9.1, 49.1, 9.3, 49.2)


def geojson_text(view: MapView) -> str:
    return json.dumps(view.geojson, ensure_ascii=False)
