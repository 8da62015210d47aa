"""Downloadable tables of the Übersicht page, built from the same figures as the page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.formatting import fmt_date
from dashboard.model.vocabulary import STATUS_TEXT
from dashboard.services.serialize import jsonable
from dashboard.settings import Settings
from dashboard.urls import QueryError, parse_day
from data.exports import Column, Table


def query_day(session: Session, query: dict):
    """The Stichtag of a page's URL state; an invalid one falls back to the data's Stand."""
    try:
        return parse_day(query.get("stichtag")) or services.default_day(session)
    except QueryError:
        return services.default_day(session)


def stand_text(session: Session, day) -> str:
    info = services.dataset_stand(session)
    label = info.label if info else "keine Daten"
    return f"Stichtag {fmt_date(day)} · {label}"


def team_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = services.overview(session, settings, day)
    rows = [{**jsonable(t), "status_text": STATUS_TEXT[t.status]} for t in fig.teams]
    ratio = settings.staff_ratio
    return Table(
        name=f"teams-auslastung-{day.isoformat()}", title="Teams im Integrationsmanagement",
        stand=stand_text(session, day), rows=rows,
        columns=[Column("team", "Team"), Column("cases", "Aktive Fälle", "int"),
                 Column("fte", "VZÄ besetzt", "fte"), Column("capacity", f"Kapazität 1:{ratio}", "number"),
                 Column("cases_per_fte", "Fälle je VZÄ", "number"),
                 Column("utilisation_pct", "Auslastung in %", "pct"), Column("status_text", "Status"),
                 Column("fte_needed", f"VZÄ-Bedarf für 1:{ratio}", "fte")],
    )


def staffing_table(session: Session, settings: Settings, query: dict) -> Table:
    day = query_day(session, query)
    fig = services.overview(session, settings, day)
    return Table(
        name=f"vzae-je-traeger-{day.isoformat()}", title="VZÄ je Träger", stand=stand_text(session, day),
        rows=jsonable(fig.staffing),
        columns=[Column("provider", "Träger"), Column("planned", "VZÄ Soll", "fte"),
                 Column("filled", "VZÄ besetzt", "fte"), Column("vacant", "VZÄ unbesetzt", "fte")],
    )


OVERVIEW_TABLES = {"teams": team_table, "staffing": staffing_table}
