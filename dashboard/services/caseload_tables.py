"""URL state of the caseload page, and its downloadable tables (built from the same figures)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard import services
from dashboard.model.figures.caseload import Caseload
from dashboard.model.vocabulary import STATUS_TEXT
from dashboard.services import caseload as report
from dashboard.services.serialize import jsonable
from dashboard.services.tables import stand_text
from dashboard.settings import Settings
from dashboard.urls import QueryError, parse_day
from data.exports import Column, Table


def filters_from_query(session: Session, query: dict) -> tuple[dict, list[str]]:
    """Filters from the URL query; invalid values are dropped with a German message each."""
    messages = []
    try:
        day = parse_day(query.get("stichtag"))
    except QueryError as error:
        day, messages = None, [str(error)]
    basis = query.get("basis") or "filled"
    if basis not in ("filled", "planned"):
        messages.append(f"„{basis}“ ist keine gültige Kapazitätsgrundlage; es gelten die besetzten VZÄ "
                        "(basis=filled) oder die Soll-VZÄ (basis=planned).")
        basis = "filled"
    return {"day": day or services.default_day(session), "team": query.get("team") or None,
            "social_area": query.get("sozialraum") or None, "basis": basis}, messages


def _figures(session: Session, settings: Settings, query: dict) -> Caseload:
    filters, _ = filters_from_query(session, query)
    try:
        return report.caseload(session, settings, **filters)
    except report.FilterError:
        return report.caseload(session, settings, day=filters["day"], basis=filters["basis"])


def _stand(session, fig: Caseload) -> str:
    return stand_text(session, fig.as_of)


def _rows(items) -> list[dict]:
    """Download rows of typed figures (JSON values: the files show what `kpis --json` holds)."""
    return [jsonable(item) for item in items]


def _status_rows(items) -> list[dict]:
    return [{**row, "status_text": STATUS_TEXT[item.status]} for item, row in zip(items, _rows(items))]


def teams(session: Session, settings: Settings, query: dict) -> Table:
    fig = _figures(session, settings, query)
    ratio = settings.staff_ratio
    return Table(f"fallzahlen-teams-{fig.as_of.isoformat()}", "Fallzahlen je Team", stand=_stand(session, fig),
                 rows=_status_rows(fig.teams),
                 columns=[Column("team", "Team"), Column("cases", "Aktive Fälle", "int"),
                          Column("fte", "VZÄ", "fte"), Column("capacity", f"Kapazität 1:{ratio}", "number"),
                          Column("cases_per_fte", "Fälle je VZÄ", "number"),
                          Column("utilisation_pct", "Auslastung in %", "pct"),
                          Column("status_text", "Status"), Column("fte_needed", "VZÄ-Bedarf", "fte")])


def _area_table(kind: str, title: str, first: str, file_word: str):
    def build(session: Session, settings: Settings, query: dict) -> Table:
        fig = _figures(session, settings, query)
        columns = [Column("label", first)] + [Column(c, c, "int") for c in fig.team_columns] + \
            [Column("Gesamt", "Gesamt", "int")]
        rows = [{"label": r.label, **r.counts} for r in getattr(fig, kind)]
        return Table(f"fallzahlen-{file_word}-{fig.as_of.isoformat()}", title, columns=columns, rows=rows,
                     stand=_stand(session, fig) + " · × = ausgeblendet (Datenschutz)")
    return build


def history(session: Session, settings: Settings, query: dict) -> Table:
    fig = _figures(session, settings, query)
    return Table(f"fallzahlen-verlauf-{fig.as_of.isoformat()}", "Fallzahlen je Monat", stand=_stand(session, fig),
                 rows=_rows(fig.history),
                 columns=[Column("period_end", "Stand (Monatsende)"), Column("active", "aktive Fälle", "int"),
                          Column("fte", "VZÄ", "fte"), Column("capacity", "Kapazität", "number"),
                          Column("inflow_case_transfer", "Zugang Fallüberleitung", "int"),
                          Column("inflow_direct", "Zugang neu", "int"),
                          Column("outflow_goal_reached", "Abgang Ziel erreicht", "int"),
                          Column("outflow_moved_away", "Abgang verzogen", "int"),
                          Column("outflow_eligibility_ended", "Abgang 3-Jahres-Grenze", "int"),
                          Column("outflow_other", "Abgang sonstiges", "int")])


def horizon(session: Session, settings: Settings, query: dict) -> Table:
    fig = _figures(session, settings, query)
    return Table(f"foerderdauer-{fig.as_of.isoformat()}", "Förderdauer endet", stand=_stand(session, fig),
                 rows=_rows(fig.horizon),
                 columns=[Column("month", "Monat"), Column("reaching_limit", "3-Jahres-Grenze", "int"),
                          Column("reaching_extended_limit", "4 Jahre (Verlängerung)", "int"),
                          Column("total", "zusammen", "int")])


def ages(session: Session, settings: Settings, query: dict) -> Table:
    fig = _figures(session, settings, query)
    return Table(f"fallalter-{fig.as_of.isoformat()}", "Fallalter", stand=_stand(session, fig), rows=_rows(fig.ages),
                 columns=[Column("band", "seit Zuweisung AU"), Column("count", "aktive Fälle", "int")])


def weighted(session: Session, settings: Settings, query: dict) -> Table:
    fig = _figures(session, settings, query)
    data = fig.weighted
    note = ("" if data.enabled else
            " · keine Fallgewichte eingestellt: jeder Fall zählt 1 Punkt")
    return Table(f"fallzahlen-gewichtet-{fig.as_of.isoformat()}", "Gewichtete Fallbelastung je Team",
                 stand=_stand(session, fig) + note,
                 rows=_status_rows(data.teams),
                 columns=[Column("team", "Team"), Column("cases", "Aktive Fälle", "int"),
                          Column("points", "Punkte", "number"), Column("fte", "VZÄ", "fte"),
                          Column("capacity", "Punktebudget", "number"),
                          Column("utilisation_pct", "Auslastung in %", "pct"), Column("status_text", "Status")])


CASELOAD_TABLES = {
    "teams": teams,
    "social_areas": _area_table("social_areas", "Fallzahlen je Sozialraum", "Sozialraum", "sozialraeume"),
    "districts": _area_table("districts", "Fallzahlen je Planungsbezirk", "Bezirk", "planungsbezirke"),
    "history": history, "horizon": horizon, "ages": ages, "weighted": weighted,
}
