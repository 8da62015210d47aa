"""Volunteer work (Ehrenamt): coverage of the nine topics across the Sozialräume, the volunteers'
age structure and the number of volunteers over time (DOMAIN.md §5).

Pure functions on plain records: no database, no Dash. A "gap" is a topic without any active
project in a Sozialraum; a project without a district counts for the city as a whole, not for a
Sozialraum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .formatting import fmt_date
from .forms import FormError, check_form_text, parse_count, parse_date
from .months import month_ends  # noqa: F401 (re-exported for the services)

# the nine topics of the ARGE concept, in the concept's order, with their German names
TOPIC_TEXT: dict[str, str] = {
    "labour_market": "Arbeitsmarktzugang",
    "housing": "Wohnraumvermittlung",
    "forms": "Formularunterstützung",
    "social_participation": "Soziale Teilhabe",
    "language": "Sprachgruppen",
    "debt_prevention": "Schuldenprävention",
    "homework": "Hausaufgabenunterstützung",
    "childcare": "Kinderbetreuung",
    "bicycle_workshop": "Fahrradwerkstatt",
}
AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("volunteers_18_29", "18–29 Jahre"),
    ("volunteers_30_49", "30–49 Jahre"),
    ("volunteers_50_64", "50–64 Jahre"),
    ("volunteers_65_plus", "65 Jahre und älter"),
)


@dataclass(frozen=True)
class ProjectRecord:
    """What the model needs of a project: its topic, its Sozialraum (None: city-wide) and volunteers."""

    topic: str
    social_area: str | None
    volunteers: int


@dataclass(frozen=True)
class Cell:
    projects: int = 0
    volunteers: int = 0

    @property
    def gap(self) -> bool:
        return self.projects == 0


@dataclass(frozen=True)
class Coverage:
    """Topic × Sozialraum: projects and volunteers per cell, with row and column totals."""

    topics: tuple[str, ...]
    social_areas: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    topic_totals: dict[str, Cell]
    area_totals: dict[str, Cell]
    citywide: dict[str, Cell]  # projects without a Sozialraum, per topic
    total: Cell

    @property
    def gaps(self) -> list[tuple[str, str]]:
        """(topic, Sozialraum) pairs without a project, in matrix order."""
        return [(t, a) for t in self.topics for a in self.social_areas if self.cells[(t, a)].gap]

    def gaps_in(self, social_area: str) -> list[str]:
        return [t for t in self.topics if self.cells[(t, social_area)].gap]

    @property
    def topics_without_project(self) -> list[str]:
        return [t for t in self.topics if self.topic_totals[t].gap]


def _add(cell: Cell, volunteers: int) -> Cell:
    return Cell(cell.projects + 1, cell.volunteers + volunteers)


def coverage(projects: Iterable[ProjectRecord], social_areas: Sequence[str],
             topics: Sequence[str] = tuple(TOPIC_TEXT)) -> Coverage:
    """Count projects and volunteers per topic and Sozialraum; every topic and area appears."""
    topics, social_areas = tuple(topics), tuple(social_areas)
    cells = {(t, a): Cell() for t in topics for a in social_areas}
    topic_totals = {t: Cell() for t in topics}
    area_totals = {a: Cell() for a in social_areas}
    citywide = {t: Cell() for t in topics}
    total = Cell()
    for p in projects:
        if p.topic not in topic_totals:
            raise ValueError(f"Unbekanntes Thema {p.topic!r}")
        if p.social_area is None:
            citywide[p.topic] = _add(citywide[p.topic], p.volunteers)
        elif p.social_area in area_totals:
            cells[(p.topic, p.social_area)] = _add(cells[(p.topic, p.social_area)], p.volunteers)
            area_totals[p.social_area] = _add(area_totals[p.social_area], p.volunteers)
        else:
            raise ValueError(f"Unbekannter Sozialraum {p.social_area!r}")
        topic_totals[p.topic] = _add(topic_totals[p.topic], p.volunteers)
        total = _add(total, p.volunteers)
    return Coverage(topics, social_areas, cells, topic_totals, area_totals, citywide, total)


def age_structure(rows: Iterable[dict]) -> list[dict]:
    """Volunteers per age band summed over projects, with the share of all volunteers in %."""
    rows = list(rows)
    counts = [(key, label, sum(int(r[key]) for r in rows)) for key, label in AGE_BANDS]
    total = sum(c for _, _, c in counts)
    return [{"band": key, "label": label, "volunteers": count,
             "share_pct": round(100 * count / total, 1) if total else None}
            for key, label, count in counts]




def volunteers_over_time(projects: Iterable[tuple[dt.date, dt.date | None, int]],
                         days: Sequence[dt.date]) -> list[dict]:
    """Active projects and their volunteers on each day (a project is active from..to inclusive)."""
    projects = list(projects)
    result = []
    for day in days:
        active = [v for start, end, v in projects if start <= day and (end is None or day <= end)]
        result.append({"day": day, "projects": len(active), "volunteers": sum(active)})
    return result


# --- the project form ---------------------------------------------------------------------------

NAME_MAX = 200
SITE_MAX = 200
VOLUNTEERS_MAX = 999
CITYWIDE = "citywide"  # the district choice "stadtweit / ohne Stadtteil"


@dataclass(frozen=True)
class ProjectValues:
    """The editable values of a volunteer project, parsed and checked."""

    name: str
    topic: str
    provider_id: int
    district_id: int | None
    site: str | None
    bands: tuple[int, int, int, int]  # volunteers 18–29, 30–49, 50–64, 65+
    active_from: dt.date
    active_to: dt.date | None

    @property
    def volunteers(self) -> int:
        return sum(self.bands)


@dataclass(frozen=True)
class ProjectForm:
    values: ProjectValues | None
    errors: list[FormError]


def _choice(value, label: str, field: str, errors: list[FormError]) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.append(FormError(f"{label}: bitte auswählen.", field))
        return None


def parse_project(*, name: str | None, topic: str | None, provider: str | None, district: str | None,
                  site: str | None, bands: Sequence[str | int | None], active_from: str | None,
                  active_to: str | None) -> ProjectForm:
    """Form text → `ProjectValues`, collecting every problem as a German `FormError` naming its field."""
    errors: list[FormError] = []
    clean_name = " ".join((name or "").split())
    if not clean_name:
        errors.append(FormError("Name: bitte den Namen des Projekts angeben, z. B. „Sprachcafé Böckingen“.",
                                "name"))
    elif len(clean_name) > NAME_MAX:
        errors.append(FormError(f"Name: höchstens {NAME_MAX} Zeichen (eingegeben: {len(clean_name)}).", "name"))
    for value, label, field in ((name, "Name", "name"), (site, "Ort", "site")):
        try:
            check_form_text(value, label, field)
        except FormError as error:
            errors.append(error)
    if topic not in TOPIC_TEXT:
        errors.append(FormError("Thema: bitte eines der neun Themen auswählen.", "topic"))
    provider_id = _choice(provider, "Träger", "provider", errors)
    district_id = None if district == CITYWIDE else _choice(
        district, "Stadtteil", "district", errors)
    clean_site = " ".join((site or "").split()) or None
    if clean_site and len(clean_site) > SITE_MAX:
        errors.append(FormError(f"Ort: höchstens {SITE_MAX} Zeichen (eingegeben: {len(clean_site)}).", "site"))
    counts = []
    for (key, label), value in zip(AGE_BANDS, list(bands) + [None] * (4 - len(bands))):
        try:
            counts.append(parse_count(value, f"Ehrenamtliche {label}", key, maximum=VOLUNTEERS_MAX))
        except FormError as error:
            errors.append(error)
            counts.append(0)
    start = end = None
    try:
        start = parse_date(active_from, "Aktiv seit", "active_from")
    except FormError as error:
        errors.append(error)
    try:
        end = parse_date(active_to, "Aktiv bis", "active_to", required=False)
    except FormError as error:
        errors.append(error)
    for day, label, field in ((start, "Aktiv seit", "active_from"), (end, "Aktiv bis", "active_to")):
        if day is not None and not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            errors.append(FormError(f"{label}: bitte ein Datum zwischen 2000 und 2100 angeben.", field))
    if start and end and end < start:
        errors.append(FormError(f"Aktiv bis ({fmt_date(end)}) liegt vor „Aktiv seit“ ({fmt_date(start)}). "
                                "Bitte das Ende auf oder nach den Beginn legen.", "active_to"))
    if errors:
        return ProjectForm(None, errors)
    return ProjectForm(ProjectValues(clean_name, topic, provider_id, district_id, clean_site,
                                     tuple(counts), start, end), [])
