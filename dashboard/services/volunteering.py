"""Figures of the page "Ehrenamt" and its downloadable tables.

Queries (data) composed with the pure model (`dashboard.model.volunteering`): the coverage matrix of
the nine topics across the Sozialräume (projects and volunteers per cell, gaps marked), the project
list with site, Träger and volunteers, the volunteers' age structure and the volunteers over time.
Typed figures (`dashboard.model.figures.volunteering`), dates as `date`; only `im-cockpit kpis --json`
turns them into text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.figures.volunteering import (
    AgeBand,
    AreaTotal,
    CoverageCell,
    CoverageRow,
    CoverageTotals,
    District,
    Gap,
    HistoryPoint,
    Project,
    ProjectChoice,
    ProviderChoice,
    SocialArea,
    VolunteeringFigures,
    VolunteeringSummary,
)
from dashboard.model.volunteering import (
    AGE_BANDS,
    TOPIC_TEXT,
    ProjectRecord,
    age_structure,
    coverage,
    month_ends,
    volunteers_over_time,
)
from dashboard.services.tables import query_day, stand_text
from dashboard.settings import Settings
from data import projects as project_data
from data import queries
from data.exports import Column, Table

CITYWIDE_TEXT = "stadtweit"
HISTORY_START = dt.date(2023, 1, 1)  # the first year of the ARGE's monthly figures


def _social_areas(session: Session, day: dt.date) -> tuple[list[SocialArea], dict[int, str]]:
    """The Sozialräume in order with the Träger responsible on `day`; district id → Sozialraum."""
    districts = queries.districts(session)
    providers = queries.providers(session)
    names = dict(zip(providers["provider_id"], providers["short_name"]))
    responsible = queries.social_area_providers(session, day)
    by_area: dict[int, list[str]] = {}
    for r in responsible.itertuples():
        by_area.setdefault(int(r.social_area_id), []).append(names.get(int(r.provider_id), "?"))
    areas = (districts.drop_duplicates("social_area_id").sort_values("sort_order")
             [["social_area_id", "social_area"]])
    result = [SocialArea(int(a.social_area_id), a.social_area, tuple(sorted(by_area.get(int(a.social_area_id), []))))
              for a in areas.itertuples()]
    return result, dict(zip(districts["district_id"].astype(int), districts["social_area"]))


def _project_rows(session: Session, day: dt.date, district_area: dict[int, str]) -> list[Project]:
    projects = queries.volunteer_projects(session, day)
    providers = queries.providers(session)
    provider_names = dict(zip(providers["provider_id"], providers["short_name"]))
    provider_codes = dict(zip(providers["provider_id"], providers["code"]))
    districts = queries.districts(session)
    district_names = dict(zip(districts["district_id"].astype(int), districts["district"]))
    rows = []
    for p in projects.itertuples():
        district_id = None if pd.isna(p.district_id) else int(p.district_id)
        rows.append(Project(
            project_id=int(p.project_id), name=p.name, topic=str(p.topic), topic_text=TOPIC_TEXT[str(p.topic)],
            provider=provider_names.get(p.provider_id, "?"), provider_code=provider_codes.get(p.provider_id),
            district=district_names.get(district_id) if district_id else CITYWIDE_TEXT,
            social_area=district_area.get(district_id) if district_id else None,
            site=None if p.site is None or pd.isna(p.site) else p.site,
            volunteers=int(p.volunteers),
            **{key: int(getattr(p, key)) for key, _ in AGE_BANDS},
        ))
    topic_order = {t: i for i, t in enumerate(TOPIC_TEXT)}
    return sorted(rows, key=lambda r: (topic_order[r.topic], r.name))


def _coverage_rows(cov) -> list[CoverageRow]:
    rows = []
    for topic in cov.topics:
        cells = tuple(CoverageCell(a, cov.cells[(topic, a)].projects, cov.cells[(topic, a)].volunteers,
                                   cov.cells[(topic, a)].gap) for a in cov.social_areas)
        rows.append(CoverageRow(topic=topic, topic_text=TOPIC_TEXT[topic], cells=cells,
                                citywide_projects=cov.citywide[topic].projects,
                                citywide_volunteers=cov.citywide[topic].volunteers,
                                projects=cov.topic_totals[topic].projects,
                                volunteers=cov.topic_totals[topic].volunteers,
                                gaps=sum(1 for c in cells if c.gap)))
    return rows


def volunteering(session: Session, settings: Settings, day: dt.date | None = None) -> VolunteeringFigures:
    """Every number of the page "Ehrenamt" on the Stichtag `day`."""
    day = day or services.default_day(session)
    areas, district_area = _social_areas(session, day)
    projects = _project_rows(session, day, district_area)
    cov = coverage([ProjectRecord(p.topic, p.social_area, p.volunteers) for p in projects],
                   [a.social_area for a in areas])
    everything = project_data.all_projects(session)
    start = min([HISTORY_START, *(p.active_from for p in everything)])
    history = volunteers_over_time([(p.active_from, p.active_to, p.volunteers) for p in everything],
                                   month_ends(start, day))
    providers = queries.providers(session)
    districts = queries.districts(session)
    stand = services.stand(session)
    return VolunteeringFigures(
        as_of=day,
        stand=stand,
        revision=stand["revision"] if stand else None,
        social_areas=tuple(areas),
        coverage=tuple(_coverage_rows(cov)),
        coverage_totals=CoverageTotals(
            by_area=tuple(AreaTotal(a, cov.area_totals[a].projects, cov.area_totals[a].volunteers,
                                    len(cov.gaps_in(a))) for a in cov.social_areas),
            citywide_projects=sum(c.projects for c in cov.citywide.values()),
            citywide_volunteers=sum(c.volunteers for c in cov.citywide.values()),
            projects=cov.total.projects, volunteers=cov.total.volunteers,
        ),
        gaps=tuple(Gap(t, TOPIC_TEXT[t], a) for t, a in cov.gaps),
        topics_covered=len(cov.topics) - len(cov.topics_without_project),
        topics=len(cov.topics),
        cells=len(cov.topics) * len(cov.social_areas),
        projects=tuple(projects),
        volunteers=cov.total.volunteers,
        ages=tuple(AgeBand(**a) for a in age_structure(dataclasses.asdict(p) for p in projects)),
        history=tuple(HistoryPoint(**h) for h in history),
        providers=tuple(ProviderChoice(int(p.provider_id), p.short_name, p.code) for p in providers.itertuples()),
        districts=tuple(District(int(d.district_id), d.district, d.social_area) for d in districts.itertuples()),
        all_projects=tuple(ProjectChoice(project_id=p.id, name=p.name,
                                         ended=p.active_to is not None and p.active_to < day,
                                         future=p.active_from > day) for p in everything),
    )


def summary(session: Session, settings: Settings, day: dt.date) -> VolunteeringSummary:
    """The coverage figures for `im-cockpit kpis --json`."""
    fig = volunteering(session, settings, day)
    return VolunteeringSummary(**{f.name: getattr(fig, f.name) for f in dataclasses.fields(VolunteeringSummary)})


# --- downloads ---------------------------------------------------------------------------------

def coverage_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = volunteering(session, settings, day)
    areas = [a.social_area for a in fig.social_areas]
    rows = []
    for r in fig.coverage:
        row = {"topic_text": r.topic_text, "citywide": r.citywide_projects, "projects": r.projects,
               "volunteers": r.volunteers, "gaps": r.gaps}
        for i, cell in enumerate(r.cells):
            row[f"p{i}"], row[f"v{i}"] = cell.projects, cell.volunteers
        rows.append(row)
    area_columns = [c for i, a in enumerate(areas) for c in (
        Column(f"p{i}", f"{a}: Projekte", "int"), Column(f"v{i}", f"{a}: Ehrenamtliche", "int"))]
    return Table(
        name=f"ehrenamt-abdeckung-{day.isoformat()}", title="Abdeckung Themen × Sozialräume",
        stand=stand_text(session, day), rows=rows,
        columns=[Column("topic_text", "Thema"), *area_columns,
                 Column("citywide", "stadtweit: Projekte", "int"), Column("projects", "Projekte gesamt", "int"),
                 Column("volunteers", "Ehrenamtliche gesamt", "int"),
                 Column("gaps", "Sozialräume ohne Angebot", "int")],
    )


def projects_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = volunteering(session, settings, day)
    return Table(
        name=f"ehrenamt-projekte-{day.isoformat()}", title="Ehrenamtsprojekte", stand=stand_text(session, day),
        rows=[{**dataclasses.asdict(p), "social_area": p.social_area or CITYWIDE_TEXT} for p in fig.projects],
        columns=[Column("name", "Projekt"), Column("topic_text", "Thema"), Column("provider", "Träger"),
                 Column("social_area", "Sozialraum"), Column("district", "Stadtteil"), Column("site", "Ort"),
                 Column("volunteers", "Ehrenamtliche", "int"),
                 *[Column(key, f"davon {label}", "int") for key, label in AGE_BANDS]],
    )


def ages_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = volunteering(session, settings, day)
    return Table(
        name=f"ehrenamt-altersstruktur-{day.isoformat()}", title="Altersstruktur der Ehrenamtlichen",
        stand=stand_text(session, day), rows=[dataclasses.asdict(a) for a in fig.ages],
        columns=[Column("label", "Altersgruppe"), Column("volunteers", "Ehrenamtliche", "int"),
                 Column("share_pct", "Anteil in %", "pct")],
    )


def history_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = volunteering(session, settings, day)
    return Table(
        name=f"ehrenamt-verlauf-{day.isoformat()}", title="Ehrenamtliche im Zeitverlauf (Monatsende)",
        stand=stand_text(session, day),
        rows=[dataclasses.asdict(h) for h in fig.history],
        columns=[Column("day", "Monatsende", "date"), Column("projects", "aktive Projekte", "int"),
                 Column("volunteers", "Ehrenamtliche", "int")],
    )


VOLUNTEERING_TABLES = {"coverage": coverage_table, "projects": projects_table, "ages": ages_table,
                       "history": history_table}
