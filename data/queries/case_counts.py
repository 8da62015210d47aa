"""Case counts aggregated in the database (SQLAlchemy Core `GROUP BY`, the same on SQLite and
PostgreSQL): the caseload page, the map and the team loads read these instead of every case row.

Each function returns a few grouped rows, never one row per case. A case is active on day d if
opened_on <= d and (closed_on is None or closed_on > d) — the closing day no longer counts
(`dashboard.model.caseload`). Attribution of a case to a team (catchment teams carry the cases of
their districts) stays in the model (`capacity.effective_team`): the grouped rows keep the case's
own team and district, or `attributed_to` narrows a query to the cases one team carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from data.schema import Case

COUNT = func.count().label("n")


def active_on(day: dt.date):
    """SQL condition: the case is active on `day`."""
    return and_(Case.opened_on <= day, or_(Case.closed_on.is_(None), Case.closed_on > day))


def attributed_to(team_id: int, catchment: Mapping[int, int], catchment_teams: set[int]):
    """SQL condition: `capacity.effective_team(case.team_id, case.district_id, catchment,
    catchment_teams) == team_id`, with the catchment of one day given as district -> team."""
    own = Case.team_id.is_not(None) & Case.team_id.not_in(sorted(catchment_teams)) if catchment_teams \
        else Case.team_id.is_not(None)
    covered = [d for d, t in catchment.items() if t == team_id]
    by_catchment = (~own & Case.district_id.in_(sorted(covered))) if covered else false()
    if team_id in catchment_teams:
        # a catchment team's own case outside any catchment stays with it
        outside = Case.district_id.is_(None) | Case.district_id.not_in(sorted(catchment)) if catchment else true()
        kept = (Case.team_id == team_id) & outside
    else:
        kept = Case.team_id == team_id
    return or_(by_catchment, kept)


def _tuples(session: Session, query) -> list[tuple]:
    """The rows as plain tuples: pandas builds a frame of 10.000 `Row`s about 7× slower (Land scale)."""
    return [tuple(row) for row in session.execute(query)]


def active_groups(session: Session, day: dt.date, *, district_ids: list[int] | None = None) -> pd.DataFrame:
    """Active cases on `day` per (team_id, district_id, category, has_integration_plan): column `n`.
    `district_ids` narrows to those districts (the Landkreis map's Gemeinden)."""
    query = (select(Case.team_id, Case.district_id, Case.category, Case.has_integration_plan, COUNT)
             .where(active_on(day))
             .group_by(Case.team_id, Case.district_id, Case.category, Case.has_integration_plan))
    if district_ids is not None:
        query = query.where(Case.district_id.in_(district_ids))
    frame = pd.DataFrame(_tuples(session, query),
                         columns=["team_id", "district_id", "category", "has_integration_plan", "n"])
    return frame.astype({"n": "int64"})


def active_by_assignment(session: Session, day: dt.date, condition=None) -> list[tuple[dt.date, bool, int]]:
    """Active cases on `day` per (au_assigned_on, eligibility_extended): the eligibility horizon,
    overdue cases and case ages need nothing else. `condition` narrows (e.g. `attributed_to`)."""
    query = (select(Case.au_assigned_on, Case.eligibility_extended, COUNT).where(active_on(day))
             .group_by(Case.au_assigned_on, Case.eligibility_extended))
    if condition is not None:
        query = query.where(condition)
    return [(au, bool(ext), int(n)) for au, ext, n in session.execute(query).all()]


def flow_counts(session: Session, start: dt.date, end: dt.date, condition=None
                ) -> tuple[int, list[tuple[dt.date, str | None, int]], list[tuple[dt.date, str | None, int]]]:
    """The monthly history's inputs from `start` to `end`: cases active the day before `start`,
    openings per (day, origin) and closings per (day, closure_reason) in the period (a few thousand
    rows; grouped by the day itself, which a covering index serves without sorting, and the same
    on every database). Active on a month end = before + openings − closings up to it (the schema
    keeps closed_on >= opened_on)."""
    scope = [condition] if condition is not None else []
    before = session.scalar(select(func.count()).select_from(Case).where(
        Case.opened_on < start, or_(Case.closed_on.is_(None), Case.closed_on >= start), *scope))
    grouped = []
    for day_column, kind in ((Case.opened_on, Case.origin), (Case.closed_on, Case.closure_reason)):
        rows = session.execute(
            select(day_column, kind, COUNT)
            .where(day_column >= start, day_column <= end, *scope)
            .group_by(day_column, kind)).all()
        grouped.append([(d, None if k is None else str(getattr(k, "value", k)), int(n)) for d, k, n in rows])
    return int(before or 0), grouped[0], grouped[1]


def active_by_team_district(session: Session, day: dt.date, *, district_ids: list[int] | None = None) -> pd.DataFrame:
    """Active cases on `day` per (team_id, district_id): column `n` (the team loads, the map's counts)."""
    query = (select(Case.team_id, Case.district_id, COUNT).where(active_on(day))
             .group_by(Case.team_id, Case.district_id))
    if district_ids is not None:
        query = query.where(Case.district_id.in_(district_ids))
    return pd.DataFrame(_tuples(session, query), columns=["team_id", "district_id", "n"]).astype({"n": "int64"})
