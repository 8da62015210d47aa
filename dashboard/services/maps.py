"""Figures of the page "Karte": one value per area for a chosen metric, with shapes and markers.

Stadt Heilbronn by Planungsbezirk or Sozialraum: active cases (the caseload page's suppressed
counts, hidden cells stay hidden), utilisation and cases per VZÄ of the team whose catchment holds
the area (case work is measured per team, never per district), volunteer projects, the Träger
responsible for the Sozialraum. Landkreis Heilbronn by Gemeinde (`dashboard.services.county_map`): the allocation of
the Land funds (€, € per inhabitant) for a calculation year, who runs IM (A/B/C/Verbund), the
utilisation of the IM team serving the Gemeinde where cases are recorded, and the population.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.capacity import Load
from dashboard.model.figures.maps import AreaLoad, Facility, MapArea, MapProject, MapView, ProviderKey
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_int, fmt_number, fmt_pct
from dashboard.model.text import slug
from dashboard.model.vocabulary import (
    CITIES_LABEL,
    LANDKREIS_METRICS,
    LEVELS,
    METRICS,
    NO_CASE_DATA,
    NO_CITY_LABEL,
    NO_COUNTY_LABEL,
    TERRITORIES,
    DataSource,
)
from dashboard.services import caseload as caseload_report
from dashboard.services.county_map import county_areas, mode_legend
from dashboard.settings import Settings
from data import queries
from data.reference_files import heilbronn_areas
from data.schema import Area, AreaKind
from geo.schematic import SCHEMATIC_LABEL
from geo.store import load_shapes, shape_revision

HIDDEN = caseload_report.HIDDEN
# facilities of the ARGE concept shown as markers (names as in data/reference/heilbronn_areas.json): they lie
# in Stadt Heilbronn, so they are drawn only on a map of that city (by its AGS), never on another territory
FACILITIES_AGS = "08121000"
FACILITIES = {
    "Gemeinschaftsunterkunft Mönchseestraße 83/85": "GU Mönchseestraße",
    "GU Nordstraße": "GU Nordstraße",
    "Augärtle": "Augärtle",
    "Stadtbibliothek Heilbronn": "Stadtbibliothek",
    "Quartierszentrum Nordstadt": "Quartierszentrum Nordstadt",
}


class MapChoiceError(ValueError):
    """A territory, level or metric in the URL that does not exist; German message."""


def choices(territory: str | None, level: str | None, metric: str | None) -> tuple[str, str, str, list[str]]:
    """Valid (territory, level, metric) with defaults, and German messages for what was replaced."""
    messages = []
    if territory not in TERRITORIES:
        if territory:
            messages.append(f"Gebiet „{territory}“ gibt es nicht; gezeigt wird Stadt Heilbronn.")
        territory = "stadt"
    if territory == "landkreis":
        if metric not in LANDKREIS_METRICS:
            if metric and metric not in METRICS:
                messages.append(f"Kennzahl „{metric}“ gibt es nicht; gezeigt wird die Zuweisung der Landesmittel.")
            elif metric in ("projects", "provider"):
                messages.append(f"„{METRICS[metric]}“ gibt es nur für die Stadt; gezeigt wird die Zuweisung der "
                                "Landesmittel.")
            metric = "utilisation" if metric in ("cases_per_fte", "active_cases") else "allocation"
        return territory, "municipality", metric, messages
    if level not in LEVELS:
        if level:
            messages.append(f"Ebene „{level}“ gibt es nicht; gezeigt werden Planungsbezirke.")
        level = "district"
    if metric not in METRICS:
        if metric:
            messages.append(f"Kennzahl „{metric}“ gibt es nicht; gezeigt wird die Auslastung.")
        metric = "utilisation"
    return territory, level, metric, messages


def year_of(text: str | None, messages: list[str]) -> int | None:
    """The Landkreis' calculation year from the URL (`jahr=2025`); None (the latest) with a German hint."""
    if not text:
        return None
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    messages.append(f"Das Berechnungsjahr „{text}“ in der Adresse ist keine Jahreszahl; gezeigt wird das neueste "
                    "Jahr mit erfassten Landesmitteln (z. B. jahr=2025).")
    return None


def facilities() -> tuple[Facility, ...]:
    """The named facilities with their approximate position (reference facts, no database)."""
    result = []
    for f in heilbronn_areas()["facilities"]:
        short = next((s for prefix, s in FACILITIES.items() if f["name"].startswith(prefix)), None)
        if short and f["lat"] is not None:
            result.append(Facility(name=short, full_name=f["name"], lat=f["lat"], lon=f["lon"],
                                   note=f"Lage ungefähr ({f['confidence']})"))
    return tuple(result)


def territory_options(session: Session) -> list[dict]:
    """The choices of "Gebiet" named by the data: its city (or how many cities and Kreise a Land
    installation holds) and its first Landkreis (the one the map draws; none: not selectable)."""
    cities = session.scalars(select(Area.name).where(Area.kind == AreaKind.city).order_by(Area.sort_order)).all()
    county = session.scalar(select(Area.name).where(Area.kind == AreaKind.county).order_by(Area.name).limit(1))
    city_label = cities[0] if len(cities) == 1 else (CITIES_LABEL.format(n=fmt_int(len(cities))) if cities
                                                     else NO_CITY_LABEL)
    return [{"label": city_label, "value": "stadt"},
            {"label": county or NO_COUNTY_LABEL, "value": "landkreis", "disabled": county is None}]


def export_filename(session: Session, territory: str) -> str:
    """The Karte download's file name, after the territory as "Gebiet" names it: karte-stadt-heilbronn.html,
    karte-landkreis-heilbronn.html, at Land scale karte-alle-44-staedte-und-kreise.html."""
    label = next(o["label"] for o in territory_options(session) if o["value"] == territory)
    name = slug(label)
    if territory == "stadt" and not name.startswith("stadt"):
        name = f"stadt-{name}"
    return f"karte-{name}.html"


def _facilities_here(session: Session) -> bool:
    """Does the data hold the city the reference facilities lie in (and only that one)?"""
    cities = session.scalars(select(Area.ags).where(Area.kind == AreaKind.city)).all()
    return cities == [FACILITIES_AGS]


def map_areas(session: Session, settings: Settings, territory: str, level: str, day: dt.date,
              year: int | None) -> tuple[tuple[MapArea, ...], int | None, str | None]:
    """The areas with their counts (what changes with the data; every metric's values come from them),
    the Landkreis' year and why a year is missing: at Land scale the part of the map that takes time."""
    if territory == "landkreis":
        areas, year, missing = county_areas(session, settings, _gemeinden(session), day, year)
        return tuple(areas), year, missing
    return tuple(_city_areas(session, settings, day, level)), year, None


def map_view(session: Session, settings: Settings, *, territory: str = "stadt", level: str = "district",
             metric: str = "utilisation", day: dt.date | None = None, year: int | None = None,
             figures=None) -> MapView:
    """Everything the map page shows for one choice: areas with values, shapes, markers, notes.

    `year`: the Landkreis' calculation year (default: the latest with Land funds). `figures(fn, *args)`:
    the page's figures cache for `map_areas` (none: computed here)."""
    day = day or services.default_day(session)
    figures = figures or (lambda fn, *args: fn(session, *args))
    areas, year, missing = figures(map_areas, settings, territory, level, day, year)
    shape_level = "municipality" if territory == "landkreis" else "district"
    revision = shape_revision(session, shape_level)
    shapes = load_shapes(session, shape_level, revision)  # read and parsed once per shape revision
    features, sources = [], set()
    for a in areas:
        stored = shapes.get(a.area_id)
        if stored is None:
            continue
        sources.add(stored.source)
        features.append({"type": "Feature", "id": a.code, "properties": {"name": a.name},
                         "geometry": stored.geometry})
    areas = [dataclasses.replace(a, **dict(zip(("value", "text"), _value(a, metric)))) for a in areas]
    area_of = {}
    for a in areas:
        for district in a.districts or [a.name]:
            area_of[district] = a.code
    projects = ([dataclasses.replace(p, area_code=area_of.get(p.district)) for p in figures(map_projects, day)]
                if territory == "stadt" else [])
    return MapView(
        as_of=day, stand=services.dataset_stand(session),
        territory=territory, level=level, metric=metric,
        metric_label=(LANDKREIS_METRICS if territory == "landkreis" else METRICS)[metric],
        norm=_norm(metric, settings), thresholds=(settings.status_ok_max, settings.status_attention_max),
        threshold=settings.small_count_threshold,
        areas=tuple(areas),
        geojson={"type": "FeatureCollection", "features": features},
        schematic="schematic" in sources,
        schematic_label=SCHEMATIC_LABEL,
        shape_sources=tuple(sorted({shapes[a.area_id].source_name or "" for a in areas if a.area_id in shapes})),
        projects=tuple(projects),
        facilities=facilities() if territory == "stadt" and _facilities_here(session) else (),
        providers=_provider_legend(session),
        note=missing or _note(territory, metric, settings.small_count_threshold),
        year=year, categories=mode_legend(areas) if territory == "landkreis" and metric == "im_mode" else (),
        shape_revision=revision,
    )


def source_text(stand) -> str:
    """Where the figures come from, for the map's Stand line."""
    return "Demodaten" if stand is not None and stand.source == DataSource.demo else "importierte Daten"


def _note(territory: str, metric: str, threshold: int) -> str | None:
    if territory == "landkreis":
        return COUNTY_NOTES.get(metric)
    if metric in ("utilisation", "cases_per_fte"):
        return ("Auslastung und Fälle je VZÄ gelten immer für das ganze Team: jedes Gebiet zeigt den Wert des "
                "Teams, in dessen Einzugsgebiet es liegt (mehrere Teams: zusammen).")
    if metric == "active_cases":
        return (f"{HIDDEN} = ausgeblendet: 1–{threshold - 1} Fälle, oder ausgeblendet, damit kleine Zahlen nicht "
                "aus den Summen errechnet werden können (Datenschutz)")
    return None


COUNTY_NOTES = {
    "allocation": "Zuweisung = Anteil der Gemeinde an der Zielgruppe des Kreises × Landesmittel (wie Seite "
                  "„Landkreis“). Der Stadtkreis Heilbronn erhält eigene Mittel und bleibt grau.",
    "allocation_per_inhabitant": "Zuweisung je Einwohner: Zuweisung geteilt durch die Einwohnerzahl (BKG 2013).",
    "im_mode": "A = Eigenregie, B = Eigenregie über einen Träger, C = beim Landkreis, Verbund = mit anderen "
               "Gemeinden; die Farbe steht immer mit dem Text (Legende, Tabelle).",
    "utilisation": f"Auslastung des IM-Teams, das die Fälle der Gemeinde führt (ganzes Team, Norm 1:90 bzw. "
                   f"Einstellung); grau: {NO_CASE_DATA}. Fallzahlen je Gemeinde: {HIDDEN} = ausgeblendet "
                   "(Datenschutz, kleine Zahlen).",
    "population": "Die Einwohnerzahl (BKG 2013) als Orientierung.",
}


def _norm(metric: str, settings: Settings) -> float | None:
    return {"utilisation": 100.0, "cases_per_fte": float(settings.staff_ratio)}.get(metric)


def _value(area: MapArea, metric: str) -> tuple[float | None, str]:
    """The number that colours the area (None: grey) and its text on the map."""
    county_level = area.kind in ("municipality", "city")
    if county_level and area.gemeinde is None and metric in COUNTY_VALUES:
        return None, "Stadtkreis – eigene Mittel" if area.is_city else "keine Daten"
    if county_level and metric in COUNTY_VALUES:
        return COUNTY_VALUES[metric](area)
    if metric == "population":
        if area.is_city:  # the Stadtkreis has its own map; it would flatten the Gemeinden's scale
            return None, f"{fmt_int(area.population)} (Stadtkreis)"
        return area.population, fmt_int(area.population)
    if metric == "provider":
        return None, area.provider or "–"
    if metric == "projects":
        return area.projects, fmt_int(area.projects)
    if metric == "active_cases":
        cases = area.active_cases
        return (None, HIDDEN) if cases == HIDDEN else (cases, fmt_int(cases))
    load = area.team_load
    if load is None:
        return None, "kein Team"
    if metric == "utilisation":
        return load.utilisation_pct, fmt_pct(load.utilisation_pct, 0)
    return load.cases_per_fte, fmt_number(load.cases_per_fte, 1)


def _mode_value(area: MapArea) -> tuple[float | None, str]:
    return None, area.gemeinde.mode_short


def _amount_value(area: MapArea) -> tuple[float | None, str]:
    return float(area.gemeinde.amount), fmt_eur(area.gemeinde.amount)


def _per_inhabitant_value(area: MapArea) -> tuple[float | None, str]:
    value = area.gemeinde.per_inhabitant
    return (None, "–") if value is None else (float(value), fmt_eur(value))


def _team_value(area: MapArea) -> tuple[float | None, str]:
    load = area.team_load
    if load is None:
        return None, NO_CASE_DATA
    return load.utilisation_pct, fmt_pct(load.utilisation_pct, 0)


COUNTY_VALUES = {"allocation": _amount_value, "allocation_per_inhabitant": _per_inhabitant_value,
                 "im_mode": _mode_value, "utilisation": _team_value}


def _gemeinden(session: Session) -> list[MapArea]:
    """The Gemeinden of the installation's first Landkreis (by name, as on the page "Landkreis") and the
    Stadtkreis; a second Kreis (the demo's Lörrach) lies far away and is not drawn on the same map."""
    first = session.scalar(select(Area.id).where(Area.kind == AreaKind.county).order_by(Area.name).limit(1))
    rows = session.scalars(select(Area).where(
        ((Area.kind == AreaKind.municipality) & (Area.parent_id == first))
        | ((Area.kind == AreaKind.city) & Area.ags.is_not(None)))
        .order_by(Area.kind, Area.sort_order)).all()
    return [MapArea(area_id=a.id, code=a.code, name=a.name, kind=a.kind.value, ags=a.ags, population=a.population,
                    lat=a.lat, lon=a.lon, is_city=a.kind == AreaKind.city)
            for a in rows]


def _provider_legend(session: Session) -> tuple[ProviderKey, ...]:
    return tuple(ProviderKey(code=p.code, name=p.short_name) for p in queries.providers(session).itertuples())


def _city_areas(session: Session, settings: Settings, day: dt.date, level: str) -> list[MapArea]:
    districts = queries.districts(session)
    providers = queries.providers(session)
    names = dict(zip(providers["provider_id"], providers["short_name"]))
    codes = dict(zip(providers["provider_id"], providers["code"]))
    responsible = {int(r.social_area_id): int(r.provider_id)
                   for r in queries.social_area_providers(session, day).itertuples()}
    catchment = {int(d): int(p) for d, p in queries.catchments(session, day).itertuples(index=False)}
    _total, team_loads = services.im_loads(session, settings, day)
    loads = {meta["team_id"]: load for meta, load in team_loads if meta["team_id"] is not None}
    district_cases, area_cases = caseload_report.area_totals(session, settings, day)  # the page's protected whole
    projects = queries.volunteer_projects(session, day)
    per_district = projects["district_id"].dropna().astype(int).value_counts().to_dict()
    social_codes = {int(a.id): a.code for a in session.scalars(
        select(Area).where(Area.kind == AreaKind.social_area))}

    def team_load(team_ids: set[int]) -> AreaLoad | None:
        members = [loads[t] for t in sorted(team_ids) if t in loads]
        if not members:
            return None
        load = Load(cases=sum(m.cases for m in members), fte=sum(m.fte for m in members),
                    capacity=sum(m.capacity for m in members))
        return AreaLoad.of(services.load_figures(load, settings), tuple(names[t] for t in sorted(team_ids)))

    rows = []
    if level == "district":
        for d in districts.itertuples():
            district_id, sa_id = int(d.district_id), int(d.social_area_id)
            team = catchment.get(district_id)
            provider = responsible.get(sa_id)
            rows.append(MapArea(
                area_id=district_id, code=d.code, name=d.district, kind="district",
                parent=d.social_area, parent_code=social_codes.get(sa_id),
                provider=names.get(provider), provider_code=codes.get(provider),
                team_load=team_load({team} if team else set()),
                active_cases=district_cases.get(district_id, 0),
                projects=int(per_district.get(district_id, 0)), lat=d.lat, lon=d.lon,
            ))
        return rows
    members: dict[int, list] = defaultdict(list)
    for d in districts.itertuples():
        members[int(d.social_area_id)].append(d)
    for sa_id, ds in members.items():
        provider = responsible.get(sa_id)
        teams = {catchment[int(d.district_id)] for d in ds if int(d.district_id) in catchment}
        rows.append(MapArea(
            area_id=sa_id, code=social_codes[sa_id], name=ds[0].social_area, kind="social_area",
            parent="Stadt Heilbronn", parent_code=None,
            provider=names.get(provider), provider_code=codes.get(provider),
            team_load=team_load(teams),
            active_cases=area_cases.get(sa_id, 0),
            projects=int(sum(per_district.get(int(d.district_id), 0) for d in ds)),
            districts=tuple(d.district for d in ds), lat=None, lon=None,
        ))
    return rows


def map_projects(session: Session, day: dt.date) -> list[MapProject]:
    """The volunteer projects active on `day` with a place on the map (cached by the page as `map_areas`)."""
    from data.schema import VolunteerProject

    active = set(queries.volunteer_projects(session, day)["project_id"].astype(int))
    providers = queries.providers(session)
    names = dict(zip(providers["provider_id"], providers["short_name"]))
    districts = queries.districts(session)
    district_names = dict(zip(districts["district_id"].astype(int), districts["district"]))
    rows = session.scalars(select(VolunteerProject).where(VolunteerProject.id.in_(active))
                           .order_by(VolunteerProject.name)).all()
    return [MapProject(name=p.name, site=p.site, lat=p.lat, lon=p.lon, provider=names.get(p.provider_id),
                       district_id=p.district_id, district=district_names.get(p.district_id),
                       volunteers=p.volunteers, topic=p.topic.value)
            for p in rows if p.lat is not None and p.lon is not None]


def export_html(session: Session, settings: Settings, *, territory: str, metric: str,
                provider_colors: dict[str, str], year: int | None = None) -> str:
    """The standalone folium map of the page's choice: Sozialräume and districts (or Gemeinden)."""
    from geo.export import folium_html

    if territory == "landkreis":
        views = [("Gemeinden", map_view(session, settings, territory="landkreis", metric=metric, year=year))]
    else:
        views = [(name, map_view(session, settings, territory="stadt", level=level, metric=metric))
                 for level, name in (("district", "Planungsbezirke"), ("social_area", "Sozialräume"))]
    first = views[0][1]
    name = next(o["label"] for o in territory_options(session) if o["value"] == territory)
    text = f"Stand {fmt_date(first.as_of)} · {source_text(first.stand)} · {name}"
    return folium_html(views, provider_colors=provider_colors, stand_text=text, tile_url=settings.map_tile_url)
