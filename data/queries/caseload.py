"""Case rows for the caseload page: every case that overlaps a period, with its district's Sozialraum."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from data.schema import Area, Case, Position, Programme

CASE_COLUMNS = ["case_id", "district_id", "social_area_id", "team_id", "origin", "au_assigned_on",
                "opened_on", "closed_on", "closure_reason", "eligibility_extended",
                "has_integration_plan", "category"]


def cases_overlapping(session: Session, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Cases opened on or before `end` and not closed before `start` (enums as plain strings)."""
    district = aliased(Area)
    # Core, not the ORM's row loading, and the frame built column by column: at Land scale (158.000
    # cases) the ORM rows and the row-wise DataFrame took 3,2 s of the Szenarien baseline's 6
    rows = session.connection().execute(
        select(Case.id, Case.district_id, district.parent_id, Case.team_id, Case.origin,
               Case.au_assigned_on, Case.opened_on, Case.closed_on, Case.closure_reason,
               Case.eligibility_extended, Case.has_integration_plan, Case.category)
        .outerjoin(district, Case.district_id == district.id)
        .where(Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on >= start))
    ).all()
    frame = column_frame(rows, CASE_COLUMNS)
    for column in ("origin", "closure_reason"):
        plain = {v: getattr(v, "value", v) for v in set(frame[column]) if v is not None}  # a few enum members
        frame[column] = [None if v is None else plain[v] for v in frame[column]]
    return frame


def column_frame(rows, columns: list[str]) -> pd.DataFrame:
    """A DataFrame of query rows, built column by column (as `pd.DataFrame(rows, columns=…)`, faster)."""
    if not rows:
        return pd.DataFrame(rows, columns=columns)
    return pd.DataFrame(dict(zip(columns, (list(c) for c in zip(*rows, strict=True)), strict=True)))


def im_positions_all(session: Session) -> pd.DataFrame:
    """Every IM position with its validity, to compute capacity on any day of a history."""
    rows = session.execute(
        select(Position.provider_id, Position.planned_fte, Position.filled_fte, Position.staff_ratio,
               Position.valid_from, Position.valid_to)
        .where(Position.programme == Programme.im)
    ).all()
    return pd.DataFrame(rows, columns=["provider_id", "planned_fte", "filled_fte", "staff_ratio",
                                       "valid_from", "valid_to"])
