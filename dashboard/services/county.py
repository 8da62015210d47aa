"""The Landkreis page's figures: the Land's IM funds split among the Gemeinden, who runs IM where,
each Gemeinde's Eigenregie check, and next year's allocation after the re-survey (DOMAIN §8).

Reads through `data/`, computes with `dashboard.model.allocation`; returns typed figures (frozen
dataclasses with `Decimal` money and `date`s) that the layout, the downloads and the CLI use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.model.allocation import (
    Allocation,
    AllocationRule,
    EigenregieCheck,
    SurveyWindow,
    YearChange,
    allocation_for,
    compare_years,
    eigenregie_check,
    scale_funds,
)
from dashboard.model.figures.county import ArrangementFact, StructureGroup
from dashboard.model.formatting import fmt_date, fmt_eur, fmt_fte
from dashboard.model.im_structure import structure_groups
from dashboard.model.vocabulary import IM_MODE_SHORT, IM_MODE_TEXT, ImMode, Role
from dashboard.settings import Settings
from data.exports import Column, Table
from data.schema import Area, AreaKind, CountyFunds, ImArrangement, ImPost, TargetGroupCount

if TYPE_CHECKING:
    from dashboard.auth.roles import Reader
# `dashboard.auth.roles` is imported where a reader is checked: importing it runs the login package
# (Flask, argon2), which `im-cockpit kpis --json` and the other figures of this module do not need


class NoCountyData(LookupError):
    """No Landkreis, or no Land funds recorded for it yet (German message for the page)."""


def reader_county(session: Session, reader: Reader, county_code: str | None) -> str | None:
    """The Kreis `reader` may read: its own for the roles county / municipality (another one asked
    for is refused with PermissionDenied), else `county_code` as asked."""
    from dashboard.auth import roles

    kind = roles.AREA_ROLES.get(reader.role or "")
    if kind is None:
        return county_code
    area = session.scalar(select(Area).where(Area.code == (reader.area_code or ""), Area.kind == kind))
    if area is None:
        raise roles.PermissionDenied("Ihr Benutzer ist keinem Landkreis bzw. keiner Gemeinde zugeordnet; "
                                     "bitte die Administration fragen.")
    own = area if kind == AreaKind.county else session.get(Area, area.parent_id)
    if county_code not in (None, "", own.code, kreis_key(own)):
        raise roles.PermissionDenied(f"Sie sehen nur den {own.name}; andere Landkreise sind nicht freigegeben.")
    return own.code


def visible_figures(fig: CountyFigures, reader: Reader, ags: str | None = None) -> CountyFigures:
    """`fig` as `reader` may see it. A Gemeinde's user: its own row in full and the Kreis totals, no
    other Gemeinde's counts, posts or arrangement; asking for another Gemeinde (`ags`) is refused."""
    from dashboard.auth import roles

    if reader.role in roles.AREA_ROLES:  # a Landkreis' or Gemeinde's user is offered only its own Kreis
        fig = replace(fig, kreise=tuple(k for k in fig.kreise if k[0] == fig.kreis))
    if reader.role != Role.municipality:
        return fig
    own = next((r for r in fig.rows if r.ags == reader.area_code or _code(r) == reader.area_code), None)
    if own is None or (ags not in (None, "", own.ags)):
        raise roles.PermissionDenied("Als Gemeinde sehen Sie nur die Zahlen Ihrer eigenen Gemeinde und die "
                                     "Summen des Kreises; andere Gemeinden sind nicht freigegeben.")
    return replace(fig, rows=(own,), allocation=_only(fig.allocation, own.ags),
                   next_allocation=_only(fig.next_allocation, own.ags), structure=())  # no other Gemeinde's arrangement


def _or_admin(reader: Reader | None) -> Reader:
    """The downloads' reader: the one given, else the admin (no login: CLI and tests)."""
    from dashboard.auth.roles import Reader

    return reader or Reader(Role.admin)


def _code(row: GemeindeRow) -> str:
    return f"ags-{row.ags}"


def _only(allocation: Allocation, ags: str) -> Allocation:
    return replace(allocation, shares=tuple(s for s in allocation.shares if s.ags == ags))


def allocation_rule(settings: Settings) -> AllocationRule:
    return AllocationRule(window_years=settings.allocation_window_years,
                          survey_lag_years=settings.allocation_survey_lag_years,
                          min_post_fte=Decimal(settings.eigenregie_min_post_pct) / 100)


@dataclass(frozen=True)
class Post:
    employer: str
    fte: Decimal
    filled: bool
    funded_until: dt.date | None


@dataclass(frozen=True)
class GemeindeRow:
    ags: str
    name: str
    persons: int
    amount: Decimal
    percent: Decimal
    next_persons: int
    change: YearChange
    mode: ImMode | None
    mode_since: dt.date | None
    provider_name: str | None
    note: str | None
    posts: tuple[Post, ...]
    check: EigenregieCheck

    @property
    def mode_text(self) -> str:
        return IM_MODE_TEXT[self.mode] if self.mode else "nicht erfasst"

    @property
    def mode_short(self) -> str:
        return IM_MODE_SHORT[self.mode] if self.mode else "nicht erfasst"

    @property
    def posts_fte(self) -> Decimal:
        return sum((p.fte for p in self.posts), Decimal(0))


@dataclass(frozen=True)
class CountyFigures:
    county_code: str
    county_name: str
    year: int
    years: tuple[int, ...]  # calculation years with Land funds recorded
    allocation: Allocation
    next_allocation: Allocation
    next_funds_assumed: bool  # no funds recorded for next year: this year's, changed by `funds_pct`
    funds_pct: Decimal
    survey_until: dt.date | None  # the last assignment month in the survey
    rows: tuple[GemeindeRow, ...]
    rule: AllocationRule
    cost_per_fte: Decimal
    kreis: str = ""  # the page's `?kreis=` (the Kreisschlüssel, e.g. 08336)
    kreise: tuple[tuple[str, str], ...] = ()  # (kreis, name) of every Landkreis of the installation
    structure: tuple[StructureGroup, ...] = ()  # "Wer macht IM wo"
    kreis_problem: str | None = None  # German hint: the `?kreis=` asked for is not in this installation

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def next_window(self) -> SurveyWindow:
        return self.next_allocation.window

    @property
    def next_survey_complete(self) -> bool:
        return self.survey_until is not None and self.survey_until >= self.next_window.end.replace(day=1)

    def row(self, ags: str) -> GemeindeRow:
        for row in self.rows:
            if row.ags == ags:
                return row
        raise KeyError(ags)


def counties(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.kind == AreaKind.county).order_by(Area.name)))


def kreis_key(county: Area) -> str:
    """The Landkreis in the page's URL: its Kreisschlüssel (`lk-08336` → `08336`), else its code."""
    return county.code.removeprefix("lk-")


def choose_county(known: list[Area], wanted: str | None) -> tuple[Area | None, str | None]:
    """The Landkreis for `?kreis=` (Kreisschlüssel or code; default the first by name) and a German
    hint when the value names none of the installation's Kreise."""
    default = known[0] if known else None
    if not wanted:
        return default, None
    match = next((c for c in known if wanted in (c.code, kreis_key(c))), None)
    if match is not None or default is None:
        return match or default, None
    choices = ", ".join(f"kreis={kreis_key(c)} ({c.name})" for c in known)
    return default, (f"Den Landkreis „{wanted}“ gibt es in dieser Installation nicht; gezeigt wird der "
                     f"{default.name}. Möglich: {choices}.")


def _arrangements(session: Session, county: Area, day: dt.date) -> dict[int, ImArrangement]:
    """The arrangement in force on `day` for each Gemeinde (the latest `valid_from` ≤ day)."""
    current: dict[int, ImArrangement] = {}
    query = (select(ImArrangement).join(ImArrangement.municipality).where(Area.parent_id == county.id,
             ImArrangement.valid_from <= day).order_by(ImArrangement.valid_from))
    for arrangement in session.scalars(query):
        current[arrangement.municipality_id] = arrangement
    return current


def county_figures(session: Session, settings: Settings, county_code: str | None = None,
                   year: int | None = None, funds_pct: Decimal | float | int = 0) -> CountyFigures:
    """The allocation of `year` (default: the latest with funds) and of the next year for one Landkreis.

    Raises `NoCountyData` with a German message when there is no Landkreis or no funds yet.
    """
    known = counties(session)
    county, problem = choose_county(known, county_code)
    if county is None:
        raise NoCountyData("Es ist noch kein Landkreis angelegt (im-cockpit setup).")
    funds = {f.year: f.amount for f in session.scalars(select(CountyFunds).where(CountyFunds.county_id == county.id))}
    if not funds:
        raise NoCountyData(f"Für den {county.name} sind noch keine Landesmittel erfasst. Bitte die Mittel "
                           "des Kreises importieren (Import „Landesmittel des Kreises“).")
    year = year if year in funds else max(funds)
    gemeinden = list(session.scalars(select(Area).where(Area.parent_id == county.id,
                                                        Area.kind == AreaKind.municipality).order_by(Area.name)))
    by_id = {g.id: g for g in gemeinden}
    counts = [(by_id[m].ags, month, n) for m, month, n in session.execute(
        select(TargetGroupCount.municipality_id, TargetGroupCount.month, TargetGroupCount.persons)
        .where(TargetGroupCount.municipality_id.in_(by_id)))]
    rule = allocation_rule(settings)
    ags = [g.ags for g in gemeinden]
    this = allocation_for(year, funds[year], counts, ags, rule)
    pct = Decimal(str(funds_pct))
    next_funds = scale_funds(funds.get(year + 1, funds[year]), pct)
    following = allocation_for(year + 1, next_funds, counts, ags, rule)
    changes = {c.ags: c for c in compare_years(this, following)}
    arrangements = _arrangements(session, county, dt.date(year, 12, 31))
    posts: dict[int, list[Post]] = {}
    for p in session.scalars(select(ImPost).where(ImPost.municipality_id.in_(by_id)).order_by(ImPost.id)):
        posts.setdefault(p.municipality_id, []).append(Post(p.employer, p.fte, p.filled, p.funded_until))
    cost = Decimal(settings.cost_per_fte)
    rows = []
    for g in gemeinden:
        share, arrangement = this.share_of(g.ags), arrangements.get(g.id)
        rows.append(GemeindeRow(
            g.ags, g.name, share.persons, share.amount, share.percent, following.share_of(g.ags).persons,
            changes[g.ags], arrangement.mode if arrangement else None,
            arrangement.valid_from if arrangement else None, arrangement.provider_name if arrangement else None,
            arrangement.note if arrangement else None, tuple(posts.get(g.id, ())),
            eigenregie_check(share.amount, cost, rule)))
    survey_until = session.scalar(select(func.max(TargetGroupCount.month))
                                  .where(TargetGroupCount.municipality_id.in_(by_id)))
    facts = [ArrangementFact(g.name, a.mode, a.provider_name, a.valid_from, a.decision_ref, a.note) if a
             else ArrangementFact(g.name, None) for g in gemeinden for a in [arrangements.get(g.id)]]
    return CountyFigures(county.code, county.name, year, tuple(sorted(funds)), this, following,
                         year + 1 not in funds, pct, survey_until, tuple(rows), rule, cost, kreis_key(county),
                         tuple((kreis_key(c), c.name) for c in known), structure_groups(facts), problem)


@dataclass(frozen=True)
class CountyQuery:
    """The page's state from its URL (`?kreis=08336&jahr=2025&mittel=-10&gemeinde=08125074`), checked
    (whether `kreis` names a Landkreis of the installation is for `county_figures` to say)."""

    year: int | None = None
    funds_pct: int = 0
    ags: str | None = None
    problems: tuple[str, ...] = ()
    kreis: str | None = None


def parse_county_query(query: dict[str, str]) -> CountyQuery:
    """Read `jahr`, `mittel` and `gemeinde`; an invalid value is dropped with a German hint."""
    problems = []
    year = pct = None
    if query.get("jahr"):
        try:
            year = int(query["jahr"])
        except ValueError:
            problems.append(f"Das Berechnungsjahr „{query['jahr']}“ in der Adresse ist keine Jahreszahl; "
                            "gezeigt wird das neueste Jahr mit erfassten Landesmitteln (z. B. jahr=2025).")
    if query.get("mittel"):
        try:
            pct = int(query["mittel"])
            if not -50 <= pct <= 50:
                raise ValueError
        except ValueError:
            pct = None
            problems.append(f"Die Änderung der Landesmittel „{query['mittel']}“ in der Adresse muss eine ganze "
                            "Zahl von -50 bis 50 (Prozent) sein; gerechnet wird mit 0 %.")
    ags = query.get("gemeinde") or None
    if ags is not None and not (len(ags) == 8 and ags.isdigit()):
        problems.append(f"„{ags}“ ist kein Amtlicher Gemeindeschlüssel (8 Ziffern, z. B. gemeinde=08125074).")
        ags = None
    return CountyQuery(year, pct or 0, ags, tuple(problems), query.get("kreis") or None)


def allocation_table(session: Session, settings: Settings, query: dict, reader: Reader | None = None) -> Table:
    """The page's allocation table as a download (same figures, unrounded shares to the cent; a
    Gemeinde's user gets its own row and the Kreis totals only)."""
    reader = _or_admin(reader)
    wanted = parse_county_query(query)
    county = reader_county(session, reader, wanted.kreis)
    fig = visible_figures(county_figures(session, settings, county, wanted.year, wanted.funds_pct), reader, wanted.ags)
    rows = [{"ags": r.ags, "name": r.name, "mode": r.mode_text, "persons": r.persons, "percent": r.percent,
             "amount": r.amount, "next_persons": r.next_persons, "next_amount": r.change.next_year,
             "change": r.change.change, "passes": "ja" if r.check.passes else "nein",
             "own": r.check.own_contribution} for r in fig.rows]
    rows.append({"name": "Rundungsrest (beim Kreis)", "amount": fig.allocation.remainder,
                 "next_amount": fig.next_allocation.remainder})
    window = fig.allocation.window
    return Table(
        name=f"landkreis-{fig.kreis}-zuteilung-{fig.year}", title=f"Zuteilung der Landesmittel {fig.year} – {fig.county_name}",
        stand=(f"Erhebungsfenster {fmt_date(window.start)}–{fmt_date(window.end)} · Landesmittel "
               f"{fmt_eur(fig.allocation.funds)} · {fig.next_year}: {fmt_eur(fig.next_allocation.funds)}"
               + (" (angenommen)" if fig.next_funds_assumed else "")),
        rows=rows,
        columns=[Column("ags", "AGS"), Column("name", "Gemeinde"), Column("mode", "Wer erbringt IM"),
                 Column("persons", f"Personen {fig.year}", "int"), Column("percent", "Anteil in %", "pct"),
                 Column("amount", f"Zuweisung {fig.year}", "eur"),
                 Column("next_persons", f"Personen {fig.next_year}", "int"),
                 Column("next_amount", f"Zuweisung {fig.next_year}", "eur"),
                 Column("change", "Veränderung", "eur"),
                 Column("passes", f"Stelle ≥ {fmt_fte(fig.rule.min_post_fte)} VZÄ finanziert"),
                 Column("own", "Eigenanteil für die Mindeststelle", "eur")],
    )


def structure_table(session: Session, settings: Settings, query: dict, reader: Reader | None = None) -> Table:
    """"Wer macht IM wo" as a download: one row per unit (group, form, who, Gemeinden, Träger, since, basis)."""
    reader = _or_admin(reader)
    wanted = parse_county_query(query)
    county = reader_county(session, reader, wanted.kreis)
    fig = visible_figures(county_figures(session, settings, county, wanted.year, wanted.funds_pct), reader, wanted.ags)
    rows = [{"group": g.title, "form": u.form, "responsible": u.responsible, "gemeinden": ", ".join(u.gemeinden),
             "count": len(u.gemeinden), "provider": u.provider or "",
             "since": ", ".join(fmt_date(d) for d in u.valid_from), "basis": "; ".join(u.basis)}
            for g in fig.structure for u in g.units]
    return Table(
        name=f"landkreis-{fig.kreis}-struktur", title=f"Wer macht IM wo – {fig.county_name}",
        stand=f"Stand: Regelungen in Kraft am 31.12.{fig.year}", rows=rows,
        columns=[Column("group", "Gruppe"), Column("form", "Form"), Column("responsible", "Verantwortlich"),
                 Column("gemeinden", "Gemeinden"), Column("count", "Anzahl Gemeinden", "int"),
                 Column("provider", "Durchführender Träger"), Column("since", "Gültig ab"),
                 Column("basis", "Beschluss / Grundlage")],
    )


allocation_table.wants_reader = True  # callbacks.downloads passes the logged-in Reader
structure_table.wants_reader = True
COUNTY_TABLES = {"allocation": allocation_table, "structure": structure_table}
