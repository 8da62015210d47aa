"""A scenario's figures as typed values for the page, the PDF and the CLI: dates as `date`, money as
`Decimal`, sequences as tuples (frozen). Built from the engine's `Result`; the field order is the
scenario file's JSON order, so `services.serialize.jsonable` gives back exactly `Result.to_dict()`.

Pure: no Dash, no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dashboard.model.proposal import Proposal
from dashboard.model.scenarios import Change, Result, TeamResult


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def stamp(text: str | None) -> dt.datetime | None:
    """A saved scenario's ISO time stamp ("" or None: not saved)."""
    return dt.datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class TeamFigures:
    code: str | None  # None: the cases without a team
    name: str
    cases: tuple[float, ...]  # per point: the Stichtag, then month ends to 31.12.2029
    fte: tuple[float, ...]
    capacity: tuple[float, ...]
    utilisation_pct: tuple[float | None, ...]
    fte_needed: tuple[float, ...]
    ratio: float  # effective cases per VZÄ the norm allows
    status: str  # now (a `Status` code)
    first_over: dt.date | None  # the first point above 100 %
    max_gap: float  # most VZÄ missing at any point (≥ 0)
    peak_pct: float | None
    cases_low: tuple[float, ...] = ()  # the 80 % band per point
    cases_high: tuple[float, ...] = ()
    utilisation_low: tuple[float | None, ...] = ()
    utilisation_high: tuple[float | None, ...] = ()
    inflow_per_month: float = 0.0
    exits_deadline: float = 0.0  # in the next twelve months: at the eligibility end
    exits_closure: float = 0.0  # in the next twelve months: closed before the end
    rate_source: str = ""
    data_start: dt.date | None = None
    notes: tuple[str, ...] = ()
    waiting: tuple[float, ...] = ()  # Aufnahmestopp: cases waiting per point (else empty)

    @classmethod
    def of(cls, t: TeamResult) -> TeamFigures:
        return cls(code=t.code, name=t.name, cases=tuple(t.cases), fte=tuple(t.fte), capacity=tuple(t.capacity),
                   utilisation_pct=tuple(t.utilisation_pct), fte_needed=tuple(t.fte_needed), ratio=t.ratio,
                   status=t.status, first_over=_date(t.first_over), max_gap=t.max_gap, peak_pct=t.peak_pct,
                   cases_low=tuple(t.cases_low), cases_high=tuple(t.cases_high),
                   utilisation_low=tuple(t.utilisation_low), utilisation_high=tuple(t.utilisation_high),
                   inflow_per_month=t.inflow_per_month, exits_deadline=t.exits_deadline,
                   exits_closure=t.exits_closure, rate_source=t.rate_source, data_start=_date(t.data_start),
                   notes=tuple(t.notes), waiting=tuple(t.waiting))


@dataclass(frozen=True)
class MoneyYear:
    year: int
    personnel: Decimal
    land_funds: Decimal
    overhead: Decimal
    city_subsidy: Decimal
    church: Decimal
    im_gap: Decimal
    fte_missing: float  # VZÄ missing to hold the ratio, averaged over the year
    missing_cost: Decimal
    funding_gap: Decimal  # IM personnel cost without Land funds plus the missing VZÄ's cost

    @classmethod
    def of(cls, row: dict) -> MoneyYear:
        return cls(year=row["year"], fte_missing=row["fte_missing"],
                   **{k: Decimal(row[k]) for k in ("personnel", "land_funds", "overhead", "city_subsidy",
                                                   "church", "im_gap", "missing_cost", "funding_gap")})


@dataclass(frozen=True)
class ProviderFunds:
    """Projektmittel of one Träger in the Stichtag's year, with the scenario's transfers."""

    provider: str
    name: str
    allocated: Decimal
    spent: Decimal
    transferred_out: Decimal
    transferred_in: Decimal
    remaining: Decimal
    baseline_remaining: Decimal

    @classmethod
    def of(cls, row: dict) -> ProviderFunds:
        return cls(provider=row["provider"], name=row["name"],
                   **{k: Decimal(row[k]) for k in ("allocated", "spent", "transferred_out", "transferred_in",
                                                   "remaining", "baseline_remaining")})


@dataclass(frozen=True)
class ScenarioFigures:
    as_of: dt.date
    months: tuple[dt.date, ...]  # the points: the Stichtag, then month ends to 31.12.2029
    staff_ratio: int
    teams: tuple[TeamFigures, ...]
    total_cases: tuple[float, ...]
    total_capacity: tuple[float, ...]
    money: tuple[MoneyYear, ...]  # one row per year
    funds: tuple[ProviderFunds, ...]
    summary: tuple[str, ...]  # plain German sentences
    changes: tuple[str, ...]  # the changes in words
    has_history: bool = False  # rates per team from the history

    @classmethod
    def of(cls, r: Result) -> ScenarioFigures:
        return cls(as_of=dt.date.fromisoformat(r.as_of), months=tuple(dt.date.fromisoformat(m) for m in r.months),
                   staff_ratio=r.staff_ratio, teams=tuple(TeamFigures.of(t) for t in r.teams),
                   total_cases=tuple(r.total_cases), total_capacity=tuple(r.total_capacity),
                   money=tuple(MoneyYear.of(m) for m in r.money), funds=tuple(ProviderFunds.of(f) for f in r.funds),
                   summary=tuple(r.summary), changes=tuple(r.changes), has_history=r.has_history)

    def team(self, name: str) -> TeamFigures | None:
        return next((t for t in self.teams if t.name == name), None)

    def money_in(self, year: int) -> MoneyYear | None:
        return next((m for m in self.money if m.year == year), None)


@dataclass(frozen=True)
class TeamDelta:
    """One team of the scenario beside the baseline without changes (None/0: not in the baseline)."""

    code: str | None
    name: str
    pct_now: float | None
    pct_now_base: float | None
    pct_end: float | None
    pct_end_base: float | None
    fte_now: float
    fte_now_base: float
    cases_now: float
    cases_end: float
    cases_end_base: float | None
    max_gap: float
    max_gap_base: float


def deltas(plain: ScenarioFigures, scenario: ScenarioFigures) -> tuple[TeamDelta, ...]:
    before = {t.code: t for t in plain.teams}
    rows = []
    for t in scenario.teams:
        b = before.get(t.code)
        rows.append(TeamDelta(
            code=t.code, name=t.name,
            pct_now=t.utilisation_pct[0], pct_now_base=b.utilisation_pct[0] if b else None,
            pct_end=t.utilisation_pct[-1], pct_end_base=b.utilisation_pct[-1] if b else None,
            fte_now=t.fte[0], fte_now_base=b.fte[0] if b else 0.0,
            cases_now=t.cases[0], cases_end=t.cases[-1], cases_end_base=b.cases[-1] if b else None,
            max_gap=t.max_gap, max_gap_base=b.max_gap if b else 0.0))
    return tuple(rows)


@dataclass(frozen=True)
class Comparison:
    """What the page shows: the scenario, the baseline without changes, and the difference per team."""

    scenario: ScenarioFigures
    baseline: ScenarioFigures
    deltas: tuple[TeamDelta, ...]
    sentences: tuple[str, ...] = ()  # the effect against the baseline first, then the scenario's summary


@dataclass(frozen=True)
class DistrictMove:
    district: str  # code
    name: str
    social_area: str
    from_team: str  # names, as the proposal says them
    to_team: str


@dataclass(frozen=True)
class AddedFte:
    team: str
    name: str
    fte: float


@dataclass(frozen=True)
class ProposalFigures:
    """The solver's proposal: its changes as the page lists them (change dicts) and in words."""

    changes: tuple[dict, ...]
    worst_before: float | None
    worst_after: float | None
    message: str
    moved: tuple[DistrictMove, ...]
    added: tuple[AddedFte, ...]
    limit_reached: bool
    gap_points: float | None = None  # optimality gap of the proposal in percentage points

    @classmethod
    def of(cls, p: Proposal) -> ProposalFigures:
        return cls(changes=tuple(c.to_dict() for c in p.changes), worst_before=p.worst_before,
                   worst_after=p.worst_after, message=p.message,
                   moved=tuple(DistrictMove(m["district"], m["name"], m["social_area"], m["from"], m["to"])
                               for m in p.moved),
                   added=tuple(AddedFte(a["team"], a["name"], a["fte"]) for a in p.added),
                   limit_reached=p.limit_reached, gap_points=p.gap_points)


@dataclass(frozen=True)
class Opened:
    """What the page shows about the scenario it opened (id None: a new one on live data)."""

    id: int | None
    name: str = ""
    author: str = ""
    created_at: dt.datetime | None = None
    changes: tuple[Change, ...] = ()

    @classmethod
    def saved(cls, scenario_id: int, name: str, author: str, created_at: str, changes) -> Opened:
        return cls(scenario_id, name, author, stamp(created_at), tuple(changes))


@dataclass(frozen=True)
class SavedScenario:
    """A row of the list of saved scenarios (without its baseline)."""

    id: int
    name: str
    author: str
    created_at: dt.datetime | None
    baseline_date: dt.date
    changes: int  # how many

    @classmethod
    def of(cls, row: dict) -> SavedScenario:
        return cls(row["id"], row["name"], row["author"], stamp(row["created_at"]),
                   dt.date.fromisoformat(row["baseline_date"]), row["changes"])


@dataclass(frozen=True)
class Compared:
    """A saved scenario in the comparison: who saved it when, its frozen Stichtag and its figures."""

    id: int | None  # None: the current data's baseline (the download when nothing is chosen)
    name: str
    author: str
    created_at: dt.datetime | None
    as_of: dt.date
    result: ScenarioFigures
