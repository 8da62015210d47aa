"""Read queries. Each takes the caller's session first, returns plain rows or DataFrames and never
commits. Composition into figures happens in `dashboard.services` with the pure model."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from data.schema import (
    Area,
    AreaKind,
    Catchment,
    DatasetInfo,
    FundsEntry,
    PlanTotal,
    Position,
    Provider,
    SocialAreaProvider,
    VolunteerProject,
)


def valid_on(column_from, column_to, day: dt.date):
    """SQL condition: a record valid from/to (inclusive, open end) covers `day`."""
    return and_(column_from <= day, or_(column_to.is_(None), column_to >= day))


def dataset_info(session: Session) -> DatasetInfo | None:
    return session.get(DatasetInfo, 1)


def providers(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(Provider.id, Provider.code, Provider.name, Provider.short_name, Provider.kind,
               Provider.uses_catchment, Provider.sort_order).order_by(Provider.sort_order)
    ).all()
    return pd.DataFrame(rows, columns=["provider_id", "code", "name", "short_name", "kind",
                                       "uses_catchment", "sort_order"])


def districts(session: Session) -> pd.DataFrame:
    """Districts with their Sozialraum (id, name and its unique area code) and city (Stadtkreis level)."""
    social_area = aliased(Area)
    rows = session.execute(
        select(Area.id, Area.code, Area.name, Area.lat, Area.lon, Area.sort_order,
               social_area.id, social_area.name, social_area.code)
        .join(social_area, Area.parent_id == social_area.id)
        .where(Area.kind == AreaKind.district)
        .order_by(Area.sort_order)
    ).all()
    return pd.DataFrame(rows, columns=["district_id", "code", "district", "lat", "lon",
                                       "sort_order", "social_area_id", "social_area", "social_area_code"])


def social_area_providers(session: Session, day: dt.date) -> pd.DataFrame:
    rows = session.execute(
        select(SocialAreaProvider.social_area_id, SocialAreaProvider.provider_id)
        .where(valid_on(SocialAreaProvider.valid_from, SocialAreaProvider.valid_to, day))
    ).all()
    return pd.DataFrame(rows, columns=["social_area_id", "provider_id"])


def catchments(session: Session, day: dt.date) -> pd.DataFrame:
    rows = session.execute(
        select(Catchment.district_id, Catchment.provider_id)
        .where(valid_on(Catchment.valid_from, Catchment.valid_to, day))
    ).all()
    return pd.DataFrame(rows, columns=["district_id", "provider_id"])


def positions(session: Session, day: dt.date) -> pd.DataFrame:
    """Positions valid on `day`; VZÄ stay `Decimal`."""
    rows = session.execute(
        select(Position.id, Position.provider_id, Position.programme, Position.funding,
               Position.planned_fte, Position.filled_fte, Position.planned_is_upper_bound,
               Position.staff_ratio, Position.label, Position.site, Position.plan,
               Position.funded_until, Position.city_share_fte, Position.city_share_min_fte)
        .where(valid_on(Position.valid_from, Position.valid_to, day))
        .order_by(Position.provider_id, Position.id)
    ).all()
    return pd.DataFrame(rows, columns=["position_id", "provider_id", "programme", "funding",
                                       "planned_fte", "filled_fte", "upper_bound", "staff_ratio",
                                       "label", "site", "plan", "funded_until", "city_share_fte",
                                       "city_share_min_fte"])


def plan_totals(session: Session, plan: str | None = None) -> pd.DataFrame:
    query = select(PlanTotal.plan, PlanTotal.scope, PlanTotal.scope_code, PlanTotal.stated_fte,
                   PlanTotal.excluded_funding, PlanTotal.quote)
    if plan is not None:
        query = query.where(PlanTotal.plan == plan)
    return pd.DataFrame(session.execute(query).all(),
                        columns=["plan", "scope", "scope_code", "stated_fte", "excluded_funding", "quote"])


def funds_entries(session: Session, year: int) -> pd.DataFrame:
    rows = session.execute(
        select(FundsEntry.id, FundsEntry.provider_id, FundsEntry.to_provider_id, FundsEntry.kind,
               FundsEntry.amount, FundsEntry.booked_on, FundsEntry.purpose,
               FundsEntry.decision_date, FundsEntry.decision_ref)
        .where(FundsEntry.year == year)
        .order_by(FundsEntry.booked_on, FundsEntry.id)
    ).all()
    return pd.DataFrame(rows, columns=["entry_id", "provider_id", "to_provider_id", "kind",
                                       "amount", "booked_on", "purpose", "decision_date",
                                       "decision_ref"])


def volunteer_projects(session: Session, day: dt.date) -> pd.DataFrame:
    rows = session.execute(
        select(VolunteerProject.id, VolunteerProject.name, VolunteerProject.topic,
               VolunteerProject.provider_id, VolunteerProject.district_id, VolunteerProject.site,
               VolunteerProject.volunteers, VolunteerProject.volunteers_18_29,
               VolunteerProject.volunteers_30_49, VolunteerProject.volunteers_50_64,
               VolunteerProject.volunteers_65_plus)
        .where(valid_on(VolunteerProject.active_from, VolunteerProject.active_to, day))
        .order_by(VolunteerProject.name)
    ).all()
    return pd.DataFrame(rows, columns=["project_id", "name", "topic", "provider_id", "district_id",
                                       "site", "volunteers", "volunteers_18_29", "volunteers_30_49",
                                       "volunteers_50_64", "volunteers_65_plus"])
