"""Volunteer project writes: add a project or change one (including ending it with "aktiv bis").

The form is parsed and checked by the pure `dashboard.model.volunteering.parse_project`; here the
references (Träger, Stadtteil) are checked against the database. Each function takes the caller's
session first and never commits: the caller runs one `data.db.transaction` per change, so one
accepted change is one transaction. Every write sets `updated_by` and bumps the data revision; the
audit log records it (data.audit).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.forms import FormError
from dashboard.model.volunteering import ProjectValues
from data.revision import bump_revision
from data.schema import Area, AreaKind, Provider, VolunteerProject

ProjectError = FormError


def provider_of(session, project_id: int | None) -> int | None:
    """The Träger (provider id) a project belongs to; None if there is no such project. Asked in the
    edit's own transaction, so the check and the write see the same row."""
    project = session.get(VolunteerProject, project_id) if project_id is not None else None
    return project.provider_id if project else None


def _references(session: Session, values: ProjectValues) -> Area | None:
    if session.get(Provider, values.provider_id) is None:
        raise ProjectError("Träger: den gewählten Träger gibt es nicht. Bitte die Seite neu laden.", "provider")
    if values.district_id is None:
        return None
    district = session.get(Area, values.district_id)
    if district is None or district.kind != AreaKind.district:
        raise ProjectError("Stadtteil: den gewählten Stadtteil gibt es nicht. Bitte die Seite neu laden.",
                           "district")
    return district


def _apply(project: VolunteerProject, values: ProjectValues, district: Area | None, user: str) -> None:
    moved = project.district_id != values.district_id
    project.name, project.topic = values.name, values.topic
    project.provider_id, project.district_id = values.provider_id, values.district_id
    project.site = values.site
    (project.volunteers_18_29, project.volunteers_30_49, project.volunteers_50_64,
     project.volunteers_65_plus) = values.bands
    project.volunteers = values.volunteers
    project.active_from, project.active_to = values.active_from, values.active_to
    if moved or project.lat is None:  # the map marker follows the district unless a site was placed
        project.lat = district.lat if district else None
        project.lon = district.lon if district else None
    project.updated_by = user


def add_project(session: Session, values: ProjectValues, *, user: str) -> VolunteerProject:
    district = _references(session, values)
    project = VolunteerProject()
    _apply(project, values, district, user)
    session.add(project)
    session.flush()
    bump_revision(session)
    return project


def update_project(session: Session, project_id: int, values: ProjectValues, *, user: str) -> VolunteerProject:
    project = session.get(VolunteerProject, project_id) if isinstance(project_id, int) else None
    if project is None:
        raise ProjectError("Projekt: das gewählte Projekt gibt es nicht (mehr). Bitte die Seite neu laden.",
                           "project")
    district = _references(session, values)
    _apply(project, values, district, user)
    session.flush()
    bump_revision(session)
    return project


def project_values(session: Session, project_id: int) -> dict | None:
    """The editable values of one project (for the form), or None."""
    p = session.get(VolunteerProject, project_id)
    if p is None:
        return None
    return {"project_id": p.id, "name": p.name, "topic": str(p.topic), "provider_id": p.provider_id,
            "district_id": p.district_id, "site": p.site,
            "bands": [p.volunteers_18_29, p.volunteers_30_49, p.volunteers_50_64, p.volunteers_65_plus],
            "active_from": p.active_from, "active_to": p.active_to, "updated_by": p.updated_by}


def all_projects(session: Session) -> list:
    """Every project, whatever its dates (for the form's choice and the history)."""
    return session.execute(
        select(VolunteerProject.id, VolunteerProject.name, VolunteerProject.active_from,
               VolunteerProject.active_to, VolunteerProject.volunteers, VolunteerProject.provider_id)
        .order_by(VolunteerProject.name, VolunteerProject.id)
    ).all()
