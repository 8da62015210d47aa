"""What-if scenarios: a frozen baseline (the data at a Stichtag) plus a list of changes, projected
month by month to 31.12.2029 (end of the VwV Integrationsmanagement).

Pure: no Dash, no database. `data/scenarios.py` builds a `Baseline` from the database; the page, the
CLI and the benchmark call `run(baseline, changes)`. The JSON file format (`scenario_to_json`,
`scenario_from_json`, docs/scenarios.md) is what the page saves and exports and the CLI reads; a bad
file raises `ScenarioError` with a German message naming the field (`changes[2].fte`).

The projection works on months. Point 0 is the Stichtag itself; then the end of every month up to
December 2029. Cases are kept as groups (who carries them, district, month of the AU assignment,
extension) so that the projection is a handful of numpy operations, fast enough for a slider:
- an existing case stays until the end of its eligibility (3 years after the AU assignment, 4 with
  extension; the "limit" assumption changes the 3) and leaves earlier at the monthly closure rate;
- new cases arrive at the monthly inflow rate of their (team, district) stream, stay the typical
  remaining eligibility of a new case (limit − lag between AU assignment and opening) and leave
  earlier at the closure rate;
- cases of catchment teams count against the team whose catchment holds their district on that
  date (`capacity.effective_team`); site-based teams keep their own cases.
Capacity = VZÄ × ratio of the IM posts valid on the date. Money per year uses `costs.post_cost` on
the VZÄ-years of each Träger × programme × funding (planned VZÄ, like the page "Personal").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

import numpy as np

from .capacity import Load, Thresholds, round_up
from .costs import CostParameters, PostCost, post_cost, total_cost
from .formatting import fmt_date, fmt_eur, fmt_fte, fmt_month, fmt_number, fmt_pct
from .funds import FundsBalance, cents
from .months import month_end, month_from_index, month_index  # noqa: F401 (re-exported)
from .scenario_disclosure import hidden_districts
from .text import problem as text_problem
from .vocabulary import (
    DEFAULT_ATTENTION_MAX,
    DEFAULT_OK_MAX,
    DEFAULT_SMALL_COUNT_THRESHOLD,
    DEFAULT_STAFF_RATIO,
    NO_TEAM,
    VWV_END,
    Funding,
    Programme,
)

FORMAT = "im-cockpit-szenario"
VERSION = 1
HORIZON_END = VWV_END
PROGRAMMES = tuple(str(p) for p in Programme)
FUNDINGS = tuple(str(f) for f in Funding)


class ScenarioError(ValueError):
    """A scenario (file or change) is invalid. German message; `field` is the JSON path."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.detail = message


# --- months ----------------------------------------------------------------------------------------







def month_name(day: dt.date) -> str:
    return fmt_month(day)


# --- the baseline ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Team:
    code: str
    name: str
    kind: str = "provider"  # provider | city (the city's own posts get no Pauschale)
    uses_catchment: bool = False  # external IM: carries the cases of its catchment's districts


@dataclass(frozen=True)
class Post:
    id: str
    team: str
    programme: str
    funding: str
    fte: float  # filled VZÄ: the capacity
    planned: float | None = None  # planned VZÄ: the cost (None: as filled)
    start: dt.date | None = None
    end: dt.date | None = None  # last day (inclusive)
    ratio: int | None = None  # own staff ratio; None: the scenario's ratio
    label: str | None = None

    @property
    def cost_fte(self) -> float:
        return self.fte if self.planned is None else self.planned


@dataclass(frozen=True)
class District:
    code: str
    name: str
    social_area: str
    team: str | None = None  # catchment team on the Stichtag


class CaseGroup(NamedTuple):
    """Active cases on the Stichtag with the same carrier, district, AU month and extension.
    (A named tuple: a baseline of Baden-Württemberg holds some 60.000 of them.)"""

    owner: str | None  # a site-based team keeps its cases; None: the district's catchment team
    district: str | None
    au_month: dt.date  # first day of the month of the AU assignment
    extended: bool
    count: int


class Inflow(NamedTuple):
    """New cases per month of one stream (carrier, district), from the last twelve months."""

    owner: str | None
    district: str | None
    per_month: float


@dataclass(frozen=True)
class FundsState:
    """Projektmittel of one Träger in the Stichtag's year."""

    provider: str
    allocated: Decimal
    spent: Decimal = Decimal("0.00")
    transferred_out: Decimal = Decimal("0.00")
    transferred_in: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class Money:
    cost_per_fte: Decimal = Decimal("75000")
    overhead_rate_pct: Decimal = Decimal("20")
    land_funds_per_fte: Decimal = Decimal("68000")
    cost_growth_pct: Decimal = Decimal("0")  # yearly increase of the cost per VZÄ (tariff)


@dataclass(frozen=True)
class Baseline:
    as_of: dt.date
    teams: tuple[Team, ...]
    posts: tuple[Post, ...]
    districts: tuple[District, ...] = ()
    cases: tuple[CaseGroup, ...] = ()
    inflows: tuple[Inflow, ...] = ()
    closure_rate_pct: float = 0.0  # % of active cases closing per month before the limit
    new_case_lag_months: int = 6  # months between AU assignment and opening of a new case
    limit_years: int = 3
    staff_ratio: int = DEFAULT_STAFF_RATIO
    ok_max: float = DEFAULT_OK_MAX
    attention_max: float = DEFAULT_ATTENTION_MAX
    money: Money = Money()
    funds: tuple[FundsState, ...] = ()
    source: str = ""  # e.g. "Demodaten (synthetisch) – Stadt Heilbronn"
    small_count_threshold: int = DEFAULT_SMALL_COUNT_THRESHOLD  # district counts below it are hidden (DOMAIN §9; see check_changes)
    _cache: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def team(self, code: str) -> Team | None:
        return next((t for t in self.teams if t.code == code), None)

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(ok_max=self.ok_max, attention_max=self.attention_max)


# --- changes ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    topic: ClassVar[str] = ""  # people | areas | cases | money

    def to_dict(self) -> dict:
        data = {"type": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = value.isoformat() if isinstance(value, dt.date) else (
                str(value) if isinstance(value, Decimal) else value)
        return data

    def describe(self, baseline: Baseline) -> str:  # pragma: no cover - overridden
        return self.label


def _team_name(baseline: Baseline, code: str | None) -> str:
    team = baseline.team(code) if code else None
    return team.name if team else (code or NO_TEAM)


def _from(day: dt.date | None) -> str:
    return f" ab {fmt_date(day)}" if day else ""


@dataclass(frozen=True)
class MoveFte(Change):
    """Move VZÄ of a programme from one team to another (from a date)."""

    kind: ClassVar[str] = "move_fte"
    label: ClassVar[str] = "VZÄ verschieben"
    topic: ClassVar[str] = "people"
    from_team: str
    to_team: str
    fte: float
    programme: str = "im"
    start: dt.date | None = None

    def describe(self, b: Baseline) -> str:
        return (f"{fmt_fte(self.fte)} VZÄ von {_team_name(b, self.from_team)} zu "
                f"{_team_name(b, self.to_team)}{_from(self.start)}")


@dataclass(frozen=True)
class AddPost(Change):
    kind: ClassVar[str] = "add_post"
    label: ClassVar[str] = "Stelle hinzufügen"
    topic: ClassVar[str] = "people"
    team: str
    fte: float
    programme: str = "im"
    funding: str = "land"
    start: dt.date | None = None
    end: dt.date | None = None
    ratio: int | None = None

    def describe(self, b: Baseline) -> str:
        until = f" bis {fmt_date(self.end)}" if self.end else ""
        return f"+{fmt_fte(self.fte)} VZÄ bei {_team_name(b, self.team)}{_from(self.start)}{until}"


@dataclass(frozen=True)
class EndPost(Change):
    """End a post on a date (e.g. a church-funded post whose money runs out)."""

    kind: ClassVar[str] = "end_post"
    label: ClassVar[str] = "Stelle beenden"
    topic: ClassVar[str] = "people"
    post: str
    end: dt.date

    def describe(self, b: Baseline) -> str:
        post = next((p for p in b.posts if p.id == self.post), None)
        name = f"{_team_name(b, post.team)} {post.label or post.programme}" if post else self.post
        return f"Stelle {name} endet am {fmt_date(self.end)}"


@dataclass(frozen=True)
class SetRatio(Change):
    kind: ClassVar[str] = "set_ratio"
    label: ClassVar[str] = "Personalschlüssel ändern"
    topic: ClassVar[str] = "people"
    ratio: int
    team: str | None = None  # None: every team

    def describe(self, b: Baseline) -> str:
        scope = f" für {_team_name(b, self.team)}" if self.team else ""
        return f"Personalschlüssel 1:{self.ratio}{scope}"


@dataclass(frozen=True)
class ReassignDistrict(Change):
    kind: ClassVar[str] = "reassign_district"
    label: ClassVar[str] = "Stadtteil neu zuordnen"
    topic: ClassVar[str] = "areas"
    district: str
    team: str
    start: dt.date | None = None

    def describe(self, b: Baseline) -> str:
        d = next((d for d in b.districts if d.code == self.district), None)
        return f"{d.name if d else self.district} → {_team_name(b, self.team)}{_from(self.start)}"


@dataclass(frozen=True)
class CaseInflow(Change):
    kind: ClassVar[str] = "case_inflow"
    label: ClassVar[str] = "Zugang je Monat"
    topic: ClassVar[str] = "cases"
    per_month: float

    def describe(self, b: Baseline) -> str:
        return f"Zugang (Fallüberleitungen und neue Fälle) {fmt_number(self.per_month, 1)} je Monat"


@dataclass(frozen=True)
class ClosureRate(Change):
    kind: ClassVar[str] = "closure_rate"
    label: ClassVar[str] = "Abschlussquote je Monat"
    topic: ClassVar[str] = "cases"
    pct_per_month: float

    def describe(self, b: Baseline) -> str:
        return f"Abschlüsse vor der Frist {fmt_pct(self.pct_per_month)} der Fälle je Monat"


@dataclass(frozen=True)
class EligibilityLimit(Change):
    kind: ClassVar[str] = "eligibility_limit"
    label: ClassVar[str] = "Anspruchsdauer"
    topic: ClassVar[str] = "cases"
    years: int

    def describe(self, b: Baseline) -> str:
        return f"Anspruch {self.years} Jahre ab Zuweisung in die Anschlussunterbringung"


@dataclass(frozen=True)
class LandFunds(Change):
    kind: ClassVar[str] = "land_funds"
    label: ClassVar[str] = "Landesmittel je VZÄ"
    topic: ClassVar[str] = "money"
    pct: float  # change in %, e.g. -10

    def describe(self, b: Baseline) -> str:
        sign = "+" if self.pct >= 0 else "−"
        return f"Landesmittel je VZÄ {sign}{fmt_number(abs(self.pct), 1)} %"


@dataclass(frozen=True)
class CostPerFte(Change):
    kind: ClassVar[str] = "cost_per_fte"
    label: ClassVar[str] = "Kosten je VZÄ"
    topic: ClassVar[str] = "money"
    amount: Decimal
    growth_pct: float | None = None  # yearly increase; None: unchanged

    def describe(self, b: Baseline) -> str:
        growth = f", +{fmt_number(self.growth_pct, 1)} % je Jahr" if self.growth_pct else ""
        return f"Arbeitgeberkosten {fmt_eur(self.amount, cents=False)} je VZÄ{growth}"


@dataclass(frozen=True)
class FundsTransfer(Change):
    kind: ClassVar[str] = "funds_transfer"
    label: ClassVar[str] = "Projektmittel übertragen"
    topic: ClassVar[str] = "money"
    from_team: str
    to_team: str
    amount: Decimal

    def describe(self, b: Baseline) -> str:
        return (f"{fmt_eur(self.amount)} Projektmittel von {_team_name(b, self.from_team)} an "
                f"{_team_name(b, self.to_team)}")


CHANGE_TYPES: dict[str, type[Change]] = {c.kind: c for c in (
    MoveFte, AddPost, EndPost, SetRatio, ReassignDistrict, CaseInflow, ClosureRate, EligibilityLimit,
    LandFunds, CostPerFte, FundsTransfer)}
TOPICS = {"people": "Personal", "areas": "Gebiete", "cases": "Fälle", "money": "Geld"}


# --- checking changes against the baseline ---------------------------------------------------------

def _check_team(b: Baseline, code: str | None, path: str, *, catchment: bool = False,
                allow_none: bool = False) -> None:
    if code is None and allow_none:
        return
    team = b.team(code) if code else None
    if team is None:
        known = ", ".join(t.code for t in b.teams)
        raise ScenarioError(f"Team „{code}“ gibt es in der Ausgangslage nicht. Bekannt: {known}.", path)
    if catchment and not team.uses_catchment:
        raise ScenarioError(f"Team „{team.name}“ arbeitet standortbezogen und hat kein Einzugsgebiet. "
                            "Bitte ein Team mit Einzugsgebiet wählen.", path)


def _team_fte(b: Baseline, team: str, programme: str, day: dt.date) -> float:
    return sum(p.fte for p in b.posts if p.team == team and p.programme == programme
               and (p.start is None or p.start <= day) and (p.end is None or p.end >= day))


def check_changes(baseline: Baseline, changes: Sequence[Change], prefix: str = "changes") -> None:
    """Raise ScenarioError (field = `changes[i].name`) when a change does not fit the baseline."""
    b = baseline
    districts = {d.code for d in b.districts}
    posts = {p.id: p for p in b.posts}
    moved: dict[tuple[str, str], float] = {}
    for i, c in enumerate(changes):
        path = f"{prefix}[{i}]"
        start = getattr(c, "start", None)
        if start is not None and start > HORIZON_END:
            raise ScenarioError(f"Das Datum {fmt_date(start)} liegt nach dem Ende der VwV "
                                f"({fmt_date(HORIZON_END)}). Bitte ein früheres Datum wählen.", f"{path}.start")
        if isinstance(c, MoveFte):
            _check_team(b, c.from_team, f"{path}.from_team")
            _check_team(b, c.to_team, f"{path}.to_team")
            if c.from_team == c.to_team:
                raise ScenarioError("Von- und Zu-Team sind gleich. Bitte zwei verschiedene Teams wählen.",
                                    f"{path}.to_team")
            day = max(c.start or b.as_of, b.as_of)
            have = _team_fte(b, c.from_team, c.programme, day) + moved.get((c.from_team, c.programme), 0.0)
            if c.fte > have + 1e-9:
                raise ScenarioError(f"{_team_name(b, c.from_team)} hat am {fmt_date(day)} nur "
                                    f"{fmt_fte(round(have, 3))} VZÄ in diesem Programm; es können nicht "
                                    f"{fmt_fte(c.fte)} VZÄ verschoben werden.", f"{path}.fte")
            # earlier changes count (before or on the day of this one): moves in and out, new posts
            moved[(c.from_team, c.programme)] = moved.get((c.from_team, c.programme), 0.0) - c.fte
            moved[(c.to_team, c.programme)] = moved.get((c.to_team, c.programme), 0.0) + c.fte
        elif isinstance(c, AddPost):
            _check_team(b, c.team, f"{path}.team")
            if c.end is not None and c.start is not None and c.end < c.start:
                raise ScenarioError("Das Ende liegt vor dem Beginn. Bitte die Daten prüfen.", f"{path}.end")
            if c.end is None:
                moved[(c.team, c.programme)] = moved.get((c.team, c.programme), 0.0) + c.fte
        elif isinstance(c, EndPost):
            if c.post not in posts:
                raise ScenarioError(f"Stelle „{c.post}“ gibt es in der Ausgangslage nicht.", f"{path}.post")
        elif isinstance(c, SetRatio):
            _check_team(b, c.team, f"{path}.team", allow_none=True)
        elif isinstance(c, ReassignDistrict):
            if c.district not in districts:
                raise ScenarioError(f"Stadtteil „{c.district}“ gibt es in der Ausgangslage nicht.",
                                    f"{path}.district")
            if c.district in hidden_districts(b):
                name = next(d.name for d in b.districts if d.code == c.district)
                raise ScenarioError(f"{name}: Die Fallzahl dieses Stadtteils ist ausgeblendet (Datenschutz). "
                                    "Allein verschoben würde das Szenario sie offenlegen; bitte einen anderen "
                                    "Stadtteil wählen.", f"{path}.district")
            _check_team(b, c.team, f"{path}.team", catchment=True)
        elif isinstance(c, FundsTransfer):
            funded = {f.provider for f in b.funds}
            for name in ("from_team", "to_team"):
                if getattr(c, name) not in funded:
                    raise ScenarioError(f"„{getattr(c, name)}“ hat keine Projektmittel. Bekannt: "
                                        f"{', '.join(sorted(funded)) or 'keine'}.", f"{path}.{name}")
            if c.from_team == c.to_team:
                raise ScenarioError("Geber und Empfänger sind derselbe Träger.", f"{path}.to_team")


# --- the result ------------------------------------------------------------------------------------

@dataclass
class TeamResult:
    code: str | None
    name: str
    cases: list[float]
    fte: list[float]
    capacity: list[float]
    utilisation_pct: list[float | None]
    fte_needed: list[float]
    ratio: float  # effective cases per VZÄ the norm allows (capacity / VZÄ, or the scenario ratio)
    status: str  # now
    first_over: str | None  # ISO date of the first point above 100 %
    max_gap: float  # most VZÄ missing at any point to hold the ratio (≥ 0)
    peak_pct: float | None

    def to_dict(self) -> dict:
        return dict(vars(self))  # shallow: the lists are this result's own (asdict copies them again)


@dataclass
class Result:
    as_of: str
    months: list[str]  # ISO dates of the points: the Stichtag, then month ends to 31.12.2029
    teams: list[TeamResult]
    total_cases: list[float]
    total_capacity: list[float]
    money: list[dict]  # one row per year
    funds: list[dict]  # Projektmittel per Träger in the Stichtag's year
    summary: list[str]  # plain German sentences
    changes: list[str]  # the changes in words
    staff_ratio: int

    @property
    def worst_pct_now(self) -> float:
        values = [t.utilisation_pct[0] for t in self.teams if t.utilisation_pct[0] is not None]
        return max(values, default=0.0)

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "months": self.months, "staff_ratio": self.staff_ratio,
                "teams": [t.to_dict() for t in self.teams], "total_cases": self.total_cases,
                "total_capacity": self.total_capacity, "money": self.money, "funds": self.funds,
                "summary": self.summary, "changes": self.changes}


# --- the engine ------------------------------------------------------------------------------------

@dataclass
class _State:
    posts: list[Post]
    catchment_epochs: list[tuple[int, dict[str, str | None]]]  # (first point, district → team)
    ratio: int
    team_ratio: dict[str, int]
    inflow_total: float | None
    closure_pct: float
    limit_years: int
    money: Money
    land_factor: float
    transfers: list[FundsTransfer]


def _points(as_of: dt.date) -> list[dt.date]:
    """The Stichtag, then the end of each following month to December 2029 (point k = month m0 + k)."""
    m0 = month_index(as_of)
    return [as_of] + [month_end(m0 + k) for k in range(1, month_index(HORIZON_END) - m0 + 1)]


def _point_of(points: Sequence[dt.date], day: dt.date | None) -> int:
    """First point on or after `day` (0 for None or a day before the Stichtag)."""
    if day is None or day <= points[0]:
        return 0
    for k, p in enumerate(points):
        if p >= day:
            return k
    return len(points)


def _apply(b: Baseline, changes: Sequence[Change], points: Sequence[dt.date]) -> _State:
    posts = list(b.posts)
    state = _State(posts=posts, catchment_epochs=[(0, {d.code: d.team for d in b.districts})],
                   ratio=b.staff_ratio, team_ratio={}, inflow_total=None, closure_pct=b.closure_rate_pct,
                   limit_years=b.limit_years, money=b.money, land_factor=1.0, transfers=[])
    n = 0
    for c in changes:
        n += 1
        if isinstance(c, MoveFte):
            start = max(c.start or b.as_of, b.as_of)
            source = [p for p in b.posts if p.team == c.from_team and p.programme == c.programme]
            model = max(source, key=lambda p: p.fte) if source else None
            funding = model.funding if model else "land"
            posts.append(Post(f"s{n}a", c.from_team, c.programme, funding, -c.fte, -c.fte, start,
                              model.end if model else None, model.ratio if model else None, "Szenario"))
            posts.append(Post(f"s{n}b", c.to_team, c.programme, funding, c.fte, c.fte, start,
                              model.end if model else None, None, "Szenario"))
        elif isinstance(c, AddPost):
            posts.append(Post(f"s{n}", c.team, c.programme, c.funding, c.fte, c.fte,
                              max(c.start or b.as_of, b.as_of), c.end, c.ratio, "Szenario"))
        elif isinstance(c, EndPost):
            for i, p in enumerate(posts):
                if p.id == c.post:
                    posts[i] = replace(p, end=c.end if p.end is None else min(p.end, c.end))
        elif isinstance(c, SetRatio):
            if c.team is None:
                state.ratio = c.ratio
                state.team_ratio = {}
                posts[:] = [replace(p, ratio=None) if p.programme == "im" else p for p in posts]
            else:
                state.team_ratio[c.team] = c.ratio
        elif isinstance(c, ReassignDistrict):
            k = _point_of(points, c.start)
            epochs = state.catchment_epochs
            if k >= len(points):
                continue
            if all(start != k for start, _ in epochs):
                before = max((e for e in epochs if e[0] < k), key=lambda e: e[0])
                epochs.append((k, dict(before[1])))
                epochs.sort(key=lambda e: e[0])
            for start, mapping in epochs:
                if start >= k:
                    mapping[c.district] = c.team
        elif isinstance(c, CaseInflow):
            state.inflow_total = c.per_month
        elif isinstance(c, ClosureRate):
            state.closure_pct = c.pct_per_month
        elif isinstance(c, EligibilityLimit):
            state.limit_years = c.years
        elif isinstance(c, LandFunds):
            state.land_factor = 1.0 + c.pct / 100.0
        elif isinstance(c, CostPerFte):
            state.money = replace(state.money, cost_per_fte=Decimal(c.amount),
                                  cost_growth_pct=(state.money.cost_growth_pct if c.growth_pct is None
                                                   else Decimal(str(c.growth_pct))))
        elif isinstance(c, FundsTransfer):
            state.transfers.append(c)
    return state


def _prepared(b: Baseline) -> dict:
    """Index arrays of the baseline's cases and inflows (cached on the baseline: it is frozen)."""
    cache = b._cache.get("arrays")
    if cache is not None:
        return cache
    team_codes = [t.code for t in b.teams]
    team_ix = {c: i for i, c in enumerate(team_codes)}
    district_codes = [d.code for d in b.districts]
    district_ix = {c: i for i, c in enumerate(district_codes)}

    def idx(mapping, code):
        return mapping.get(code, -1) if code is not None else -1

    cases = b.cases
    arrays = {
        "team_codes": team_codes, "team_ix": team_ix, "district_ix": district_ix,
        "case_owner": np.fromiter((idx(team_ix, g.owner) for g in cases), np.int64, len(cases)),
        "case_district": np.fromiter((idx(district_ix, g.district) for g in cases), np.int64, len(cases)),
        "case_au": np.fromiter((month_index(g.au_month) for g in cases), np.int64, len(cases)),
        "case_ext": np.fromiter((1 if g.extended else 0 for g in cases), np.int64, len(cases)),
        "case_count": np.fromiter((g.count for g in cases), np.float64, len(cases)),
        "in_owner": np.fromiter((idx(team_ix, f.owner) for f in b.inflows), np.int64, len(b.inflows)),
        "in_district": np.fromiter((idx(district_ix, f.district) for f in b.inflows), np.int64,
                                   len(b.inflows)),
        "in_rate": np.fromiter((f.per_month for f in b.inflows), np.float64, len(b.inflows)),
    }
    b._cache["arrays"] = arrays
    return arrays


def _curves(b: Baseline, state: _State, n_points: int) -> dict:
    """What every stream shares: survival, end points of the existing cases, inflow rates and curve."""
    a = _prepared(b)
    keep = 1.0 - min(max(state.closure_pct, 0.0), 100.0) / 100.0
    m0 = month_index(b.as_of)
    # existing cases: active at point k (k ≥ 1) while k < months to the end of eligibility;
    # already overdue: they leave at the first projected month
    ends = np.clip(a["case_au"] + 12 * (state.limit_years + a["case_ext"]) - m0, 1, n_points)
    # new cases: inflow in months 1..k, each staying `stay` months (at least one)
    stay = max(1, 12 * state.limit_years - b.new_case_lag_months)
    rates = a["in_rate"]
    base_total = float(rates.sum())
    if state.inflow_total is not None:
        if base_total > 0:
            rates = rates * (state.inflow_total / base_total)
        elif len(rates):
            rates = np.full(len(rates), state.inflow_total / len(rates))
    cumulative = np.concatenate([[0.0], np.cumsum(keep ** np.arange(n_points))])
    curve = cumulative[np.minimum(np.arange(n_points), stay)]  # k months of inflow, each staying `stay`
    return {"survival": keep ** np.arange(n_points), "ends": ends, "rates": rates, "curve": curve}


def stock(b: Baseline, state: _State, n_points: int, case_row: np.ndarray, inflow_row: np.ndarray,
          rows: int) -> np.ndarray:
    """Active cases per row × point, each case group and inflow stream counted in the given row."""
    a, c = _prepared(b), _curves(b, state, n_points)
    hist = np.bincount(case_row * (n_points + 1) + c["ends"], weights=a["case_count"],
                       minlength=rows * (n_points + 1)).reshape(rows, n_points + 1)
    # remaining[r, k] = cases of row r whose end lies after k (k ≥ 1); point 0: every case
    remaining = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1][:, 1:n_points + 1]
    existing = np.concatenate([hist.sum(axis=1, keepdims=True), remaining[:, 1:]], axis=1)
    existing = existing[:, :n_points] * c["survival"]
    per_row = np.bincount(inflow_row, weights=c["rates"], minlength=rows)
    return existing + per_row[:, None] * c["curve"][None, :]


def _catchment_array(b: Baseline, mapping: dict[str, str | None]) -> np.ndarray:
    a = _prepared(b)
    catch = np.full(max(len(a["district_ix"]), 1), -1, np.int64)
    for code, i in a["district_ix"].items():
        team = mapping.get(code)
        catch[i] = a["team_ix"].get(team, -1) if team is not None else -1
    return catch


def _rows(owner: np.ndarray, district: np.ndarray, catch: np.ndarray, missing: int) -> np.ndarray:
    """The team of each group: its owner, else its district's catchment team, else `missing`."""
    team = np.where(owner >= 0, owner, np.where(district >= 0, catch[np.maximum(district, 0)], -1))
    return np.where(team >= 0, team, missing)


def _case_matrix(b: Baseline, state: _State, n_points: int) -> np.ndarray:
    """Active cases per (team + one row "without team") × point."""
    a = _prepared(b)
    n_teams = len(a["team_codes"])
    result = np.zeros((n_teams + 1, n_points))  # last row: no team
    for e, (start, mapping) in enumerate(state.catchment_epochs):
        stop = state.catchment_epochs[e + 1][0] if e + 1 < len(state.catchment_epochs) else n_points
        if start >= n_points or stop <= start:
            continue
        catch = _catchment_array(b, mapping)
        block = stock(b, state, n_points, _rows(a["case_owner"], a["case_district"], catch, n_teams),
                      _rows(a["in_owner"], a["in_district"], catch, n_teams), n_teams + 1)
        result[:, start:stop] = block[:, start:stop]
    return result


def _capacity_matrix(b: Baseline, state: _State, points: Sequence[dt.date]) -> tuple[np.ndarray, np.ndarray]:
    """IM VZÄ and capacity per team × point."""
    a = _prepared(b)
    n_teams, n_points = len(a["team_codes"]), len(points)
    fte = np.zeros((n_teams, n_points))
    capacity = np.zeros((n_teams, n_points))
    stamps = np.array([p.toordinal() for p in points])
    for p in state.posts:
        if p.programme != "im" or p.team not in a["team_ix"]:
            continue
        active = np.ones(n_points, bool)
        if p.start is not None:
            active &= stamps >= p.start.toordinal()
        if p.end is not None:
            active &= stamps <= p.end.toordinal()
        ratio = state.team_ratio.get(p.team) or p.ratio or state.ratio
        t = a["team_ix"][p.team]
        fte[t] += active * p.fte
        capacity[t] += active * p.fte * ratio
    return np.maximum(fte, 0.0), np.maximum(capacity, 0.0)


def _money(b: Baseline, state: _State, needed_gap: np.ndarray, points: Sequence[dt.date]) -> list[dict]:
    """Cost, funds and gap per year from the Stichtag's year to 2029 (VZÄ-years per post)."""
    teams = {t.code: t for t in b.teams}
    first_year = b.as_of.year
    rows = []
    for year in range(first_year, HORIZON_END.year + 1):
        growth = (1 + state.money.cost_growth_pct / 100) ** (year - first_year)
        params = CostParameters(cost_per_fte=cents(state.money.cost_per_fte * growth),
                                overhead_rate_pct=state.money.overhead_rate_pct,
                                land_funds_per_fte=cents(state.money.land_funds_per_fte
                                                         * Decimal(str(state.land_factor))))
        ends = [month_end(year * 12 + m) for m in range(12)]
        fte_years: dict[tuple[str, str, str], float] = {}
        for p in state.posts:
            months = sum(1 for d in ends if (p.start is None or p.start <= d) and (p.end is None or p.end >= d))
            if months:
                key = (p.team, p.programme, p.funding)
                fte_years[key] = fte_years.get(key, 0.0) + p.cost_fte * months / 12
        costs: list[PostCost] = []
        church = Decimal("0.00")
        for (team, programme, funding), value in sorted(fte_years.items()):
            value = Decimal(str(round(max(value, 0.0), 4)))
            cost = post_cost(value, programme, funding, params,
                             passed_on=teams.get(team, Team(team, team)).kind != "city")
            costs.append(cost)
            if funding == "church":
                church += cost.personnel
        total = total_cost(costs)
        # VZÄ missing to hold the ratio, averaged over the year's points that lie in the horizon
        in_year = [k for k, d in enumerate(points) if d.year == year and (k > 0 or len(points) == 1)]
        missing = float(needed_gap[:, in_year].sum(axis=0).mean()) if in_year else 0.0
        missing_cost = cents(Decimal(str(round(missing, 4))) * params.cost_per_fte)
        gap = total.gap or Decimal("0.00")
        rows.append({
            "year": year, "personnel": str(total.personnel), "land_funds": str(total.land_funds),
            "overhead": str(total.overhead), "city_subsidy": str(total.city_subsidy), "church": str(church),
            "im_gap": str(gap), "fte_missing": round(missing, 2), "missing_cost": str(missing_cost),
            "funding_gap": str(cents(gap + missing_cost)),
        })
    return rows


def _funds(b: Baseline, state: _State) -> list[dict]:
    moved: dict[str, list[Decimal]] = {f.provider: [Decimal("0"), Decimal("0")] for f in b.funds}
    for t in state.transfers:
        moved[t.from_team][0] += cents(t.amount)
        moved[t.to_team][1] += cents(t.amount)
    rows = []
    for f in b.funds:
        out, incoming = moved[f.provider]
        balance = FundsBalance(cents(f.allocated), cents(f.spent), cents(f.transferred_out) + out,
                               cents(f.transferred_in) + incoming)
        base = FundsBalance(cents(f.allocated), cents(f.spent), cents(f.transferred_out),
                            cents(f.transferred_in))
        rows.append({"provider": f.provider, "name": _team_name(b, f.provider), "allocated": str(balance.allocated),
                     "spent": str(balance.spent), "transferred_out": str(balance.transferred_out),
                     "transferred_in": str(balance.transferred_in), "remaining": str(balance.remaining),
                     "baseline_remaining": str(base.remaining)})
    return rows


def run(baseline: Baseline, changes: Sequence[Change] = ()) -> Result:
    """Apply `changes` to `baseline` and project every team to 31.12.2029."""
    b = baseline
    check_changes(b, changes)
    points = _points(b.as_of)
    state = _apply(b, changes, points)
    cases = _case_matrix(b, state, len(points))
    fte, capacity = _capacity_matrix(b, state, points)
    a = _prepared(b)
    n_teams = len(a["team_codes"])
    thresholds = b.thresholds
    teams: list[TeamResult] = []
    gaps = []
    for t, team in enumerate(b.teams):
        has_posts = fte[t].any() or any(p.team == team.code and p.programme == "im" for p in state.posts)
        if not has_posts and not cases[t].any():
            continue
        teams.append(_team_result(team.code, team.name, cases[t], fte[t], capacity[t],
                                  state.team_ratio.get(team.code) or state.ratio, thresholds, points))
        gaps.append(np.maximum(np.array(teams[-1].fte_needed) - fte[t], 0.0))
    if cases[n_teams].any():
        zeros = np.zeros(len(points))
        teams.append(_team_result(None, NO_TEAM, cases[n_teams], zeros, zeros, state.ratio, thresholds, points))
        gaps.append(np.array(teams[-1].fte_needed))
    needed_gap = np.array(gaps) if gaps else np.zeros((1, len(points)))
    result = Result(
        as_of=b.as_of.isoformat(), months=[p.isoformat() for p in points], teams=teams,
        total_cases=[round(float(v), 2) for v in cases.sum(axis=0)],
        total_capacity=[round(float(v), 2) for v in capacity.sum(axis=0)],
        money=_money(b, state, needed_gap, points), funds=_funds(b, state), summary=[],
        changes=[c.describe(b) for c in changes], staff_ratio=state.ratio,
    )
    result.summary = summary(result)
    return result


def _team_result(code, name, cases, fte, capacity, ratio, thresholds, points) -> TeamResult:
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(capacity > 0, 100.0 * cases / np.where(capacity > 0, capacity, 1), np.nan)
        effective = np.where(fte > 0, capacity / np.where(fte > 0, fte, 1), ratio)
    needed = cases / effective
    now = Load(cases=float(cases[0]), fte=float(fte[0]), capacity=float(capacity[0]))
    # above the norm: utilisation over 100 %, or cases without any capacity
    over = np.nonzero(np.where(np.isnan(pct), cases > 0.5, pct > 100.0 + 1e-9))[0]
    gap = np.maximum(needed - fte, 0.0)
    finite = pct[~np.isnan(pct)]
    return TeamResult(
        code=code, name=name, cases=np.round(cases, 2).tolist(),
        fte=np.round(fte, 3).tolist(), capacity=np.round(capacity, 2).tolist(),
        utilisation_pct=[None if math.isnan(v) else v for v in np.round(pct, 2).tolist()],
        # rounded up to 0,01 like capacity.round_up, so that the VZÄ really hold the ratio
        fte_needed=np.round(np.ceil(np.round(needed / 0.01, 9)) * 0.01, 2).tolist(),
        ratio=round(float(effective[0]), 2), status=now.status(thresholds).value,
        first_over=points[int(over[0])].isoformat() if len(over) else None,
        max_gap=round_up(float(gap.max())) if len(gap) else 0.0,
        peak_pct=round(float(finite.max()), 2) if len(finite) else None,
    )


def summary(result: Result) -> list[str]:
    """Plain German sentences: which team goes above the ratio when, and how many VZÄ are missing."""
    ratio = f"1:{result.staff_ratio}"
    end = dt.date.fromisoformat(result.months[-1])
    sentences = []
    for t in result.teams:
        if t.first_over is None:
            continue
        team_ratio = f"1:{round(t.ratio)}" if t.code else ratio
        when = dt.date.fromisoformat(t.first_over)
        since = "schon am Stichtag" if t.first_over == result.as_of else f"ab {month_name(when)}"
        label = f"das Team {t.name}" if t.code else f"der Fallbestand {NO_TEAM}"
        sentences.append(f"Mit diesem Szenario liegt {label} {since} über {team_ratio}; "
                         f"es fehlen {fmt_fte(t.max_gap)} VZÄ.")
    if not sentences:
        sentences.append(f"Mit diesem Szenario bleiben alle Teams bis {month_name(end)} im Rahmen "
                         f"von {ratio}.")
    money = result.money[-1] if result.money else None
    if money and Decimal(money["funding_gap"]) > 0:
        sentences.append(f"Finanzierungslücke {money['year']}: {fmt_eur(money['funding_gap'], cents=False)} "
                         "(IM-Personalkosten ohne Landesmittel plus fehlende VZÄ).")
    for f in result.funds:
        if Decimal(f["remaining"]) < 0:
            sentences.append(f"Die Projektmittel von {f['name']} reichen nicht: es fehlen "
                             f"{fmt_eur(-Decimal(f['remaining']))}.")
    return sentences


# --- the JSON format -------------------------------------------------------------------------------

def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def baseline_to_dict(b: Baseline) -> dict:
    return {
        "as_of": b.as_of.isoformat(), "source": b.source, "staff_ratio": b.staff_ratio,
        "ok_max": b.ok_max, "attention_max": b.attention_max, "limit_years": b.limit_years,
        "closure_rate_pct": b.closure_rate_pct, "new_case_lag_months": b.new_case_lag_months,
        "money": {k: str(v) for k, v in asdict(b.money).items()},
        "teams": [asdict(t) for t in b.teams],
        "posts": [{k: _iso(v) for k, v in asdict(p).items()} for p in b.posts],
        "districts": [asdict(d) for d in b.districts],
        # compact: [owner, district, "YYYY-MM", extended, count]
        "cases": [[g.owner, g.district, g.au_month.strftime("%Y-%m"), g.extended, g.count] for g in b.cases],
        "inflows": [[f.owner, f.district, f.per_month] for f in b.inflows],
        "funds": [{k: str(v) for k, v in asdict(f).items()} for f in b.funds],
        "small_count_threshold": b.small_count_threshold,
    }


class _Reader:
    """Typed access to a JSON object with German errors naming the path."""

    def __init__(self, data: Any, path: str):
        if not isinstance(data, dict):
            raise ScenarioError("Erwartet wird ein Objekt {…}.", path)
        self.data, self.path = data, path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, required: bool = True, default: Any = None) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                raise ScenarioError("Pflichtfeld fehlt.", self._at(key))
            return default
        return self.data[key]

    def text(self, key, required=True, default=None, maximum=200) -> str | None:
        value = self.raw(key, required, default)
        if value is None:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise ScenarioError(f"Erwartet wird ein Text, gefunden: {value!r}.", self._at(key))
        if len(value) > maximum:
            raise ScenarioError(f"Höchstens {maximum} Zeichen (jetzt {len(value)}).", self._at(key))
        if (reason := text_problem(value)) is not None:
            raise ScenarioError(reason, self._at(key))
        return value

    def number(self, key, required=True, default=None, *, minimum=None, maximum=None,
               integer=False) -> float | None:
        value = self.raw(key, required, default)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "."))
            except ValueError:
                raise ScenarioError(f"„{value}“ ist keine Zahl.", self._at(key)) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ScenarioError(f"Erwartet wird eine Zahl, gefunden: {value!r}.", self._at(key))
        if integer and float(value) != int(value):
            raise ScenarioError(f"Erwartet wird eine ganze Zahl, gefunden: {value!r}.", self._at(key))
        if minimum is not None and value < minimum or maximum is not None and value > maximum:
            raise ScenarioError(f"Der Wert {fmt_number(value, 2)} liegt nicht zwischen "
                                f"{fmt_number(minimum, 0)} und {fmt_number(maximum, 0)}.", self._at(key))
        return int(value) if integer else float(value)

    def money(self, key, required=True, default=None) -> Decimal | None:
        value = self.raw(key, required, default)
        if value is None:
            return None
        try:
            if isinstance(value, bool) or isinstance(value, float) and not math.isfinite(value):
                raise ValueError
            amount = Decimal(str(value).replace(",", ".")) if isinstance(value, (str, int, float)) else None
            if amount is None or not amount.is_finite():
                raise ValueError
        except (ValueError, ArithmeticError):
            raise ScenarioError(f"„{value}“ ist kein Betrag. Bitte z. B. \"5000.00\" angeben.",
                                self._at(key)) from None
        if amount < 0:
            raise ScenarioError("Der Betrag darf nicht negativ sein.", self._at(key))
        return amount

    def date(self, key, required=True) -> dt.date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            raise ScenarioError(f"„{value}“ ist kein Datum. Bitte als JJJJ-MM-TT angeben, z. B. "
                                "2027-01-01.", self._at(key)) from None

    def choice(self, key, options, required=True, default=None) -> str | None:
        value = self.raw(key, required, default)
        if value is None:
            return None
        if value not in options:
            raise ScenarioError(f"„{value}“ ist nicht erlaubt. Möglich: {', '.join(options)}.", self._at(key))
        return value

    def boolean(self, key, default=False) -> bool:
        value = self.raw(key, False, default)
        if not isinstance(value, bool):
            raise ScenarioError(f"Erwartet wird true oder false, gefunden: {value!r}.", self._at(key))
        return value

    def items(self, key, required=True) -> list:
        value = self.raw(key, required, [])
        if not isinstance(value, list):
            raise ScenarioError("Erwartet wird eine Liste […].", self._at(key))
        return value


def change_from_dict(data: Any, path: str) -> Change:
    r = _Reader(data, path)
    kind = r.choice("type", list(CHANGE_TYPES))
    fte = dict(minimum=0.01, maximum=10000)
    if kind == "move_fte":
        return MoveFte(r.text("from_team"), r.text("to_team"), r.number("fte", **fte),
                       r.choice("programme", PROGRAMMES, False, "im"), r.date("start", False))
    if kind == "add_post":
        return AddPost(r.text("team"), r.number("fte", **fte), r.choice("programme", PROGRAMMES, False, "im"),
                       r.choice("funding", FUNDINGS, False, "land"), r.date("start", False),
                       r.date("end", False), r.number("ratio", False, minimum=1, maximum=1000, integer=True))
    if kind == "end_post":
        return EndPost(r.text("post"), r.date("end"))
    if kind == "set_ratio":
        return SetRatio(r.number("ratio", minimum=1, maximum=1000, integer=True), r.text("team", False))
    if kind == "reassign_district":
        return ReassignDistrict(r.text("district"), r.text("team"), r.date("start", False))
    if kind == "case_inflow":
        return CaseInflow(r.number("per_month", minimum=0, maximum=100000))
    if kind == "closure_rate":
        return ClosureRate(r.number("pct_per_month", minimum=0, maximum=100))
    if kind == "eligibility_limit":
        return EligibilityLimit(r.number("years", minimum=1, maximum=10, integer=True))
    if kind == "land_funds":
        return LandFunds(r.number("pct", minimum=-100, maximum=1000))
    if kind == "cost_per_fte":
        return CostPerFte(r.money("amount"), r.number("growth_pct", False, minimum=0, maximum=100))
    return FundsTransfer(r.text("from_team"), r.text("to_team"), r.money("amount"))


def baseline_from_dict(data: Any, path: str = "baseline") -> Baseline:
    r = _Reader(data, path)
    m = _Reader(r.raw("money"), f"{path}.money")
    teams = []
    for i, item in enumerate(r.items("teams")):
        t = _Reader(item, f"{path}.teams[{i}]")
        teams.append(Team(t.text("code"), t.text("name"), t.choice("kind", ("provider", "city"), False, "provider"),
                          t.boolean("uses_catchment")))
    posts = []
    for i, item in enumerate(r.items("posts")):
        p = _Reader(item, f"{path}.posts[{i}]")
        posts.append(Post(p.text("id"), p.text("team"), p.choice("programme", PROGRAMMES),
                          p.choice("funding", FUNDINGS), p.number("fte", minimum=0, maximum=10000),
                          p.number("planned", False, minimum=0, maximum=10000), p.date("start", False),
                          p.date("end", False), p.number("ratio", False, minimum=1, maximum=1000, integer=True),
                          p.text("label", False)))
    districts = []
    for i, item in enumerate(r.items("districts", False)):
        d = _Reader(item, f"{path}.districts[{i}]")
        districts.append(District(d.text("code"), d.text("name"), d.text("social_area"), d.text("team", False)))
    cases = []
    months: dict[Any, dt.date] = {}  # a few dozen distinct months: parse each once (BW: 60.000 rows)
    for i, row in enumerate(r.items("cases", False)):
        if type(row) is not list or len(row) != 5:
            raise ScenarioError("Erwartet wird [Team oder null, Stadtteil oder null, \"JJJJ-MM\", "
                                "verlängert true/false, Anzahl].", f"{path}.cases[{i}]")
        owner, district, month, extended, count = row
        au = months.get(month)
        if au is None:
            try:
                au = months[month] = dt.date.fromisoformat(f"{month}-01")
            except (TypeError, ValueError):
                raise ScenarioError(f"„{month}“ ist kein Monat JJJJ-MM.", f"{path}.cases[{i}][2]") from None
        if type(count) is not int or count < 0:
            raise ScenarioError(f"Die Anzahl muss eine ganze Zahl ≥ 0 sein, gefunden: {count!r}.",
                                f"{path}.cases[{i}][4]")
        cases.append(CaseGroup(owner, district, au, extended is True, count))
    inflows = []
    for i, row in enumerate(r.items("inflows", False)):
        if (not isinstance(row, list) or len(row) != 3 or isinstance(row[2], bool)
                or not isinstance(row[2], (int, float)) or row[2] < 0):
            raise ScenarioError("Erwartet wird [Team oder null, Stadtteil oder null, Fälle je Monat ≥ 0].",
                                f"{path}.inflows[{i}]")
        inflows.append(Inflow(row[0], row[1], float(row[2])))
    funds = []
    for i, item in enumerate(r.items("funds", False)):
        f = _Reader(item, f"{path}.funds[{i}]")
        funds.append(FundsState(f.text("provider"), f.money("allocated"), f.money("spent", False, "0"),
                                f.money("transferred_out", False, "0"), f.money("transferred_in", False, "0")))
    return Baseline(
        as_of=r.date("as_of"), teams=tuple(teams), posts=tuple(posts), districts=tuple(districts),
        cases=tuple(cases), inflows=tuple(inflows),
        closure_rate_pct=r.number("closure_rate_pct", False, 0.0, minimum=0, maximum=100),
        new_case_lag_months=r.number("new_case_lag_months", False, 6, minimum=0, maximum=120, integer=True),
        limit_years=r.number("limit_years", False, 3, minimum=1, maximum=10, integer=True),
        staff_ratio=r.number("staff_ratio", False, DEFAULT_STAFF_RATIO, minimum=1, maximum=1000, integer=True),
        ok_max=r.number("ok_max", False, DEFAULT_OK_MAX, minimum=1, maximum=10000),
        attention_max=r.number("attention_max", False, DEFAULT_ATTENTION_MAX, minimum=1, maximum=10000),
        money=Money(m.money("cost_per_fte"), m.money("overhead_rate_pct"), m.money("land_funds_per_fte"),
                    m.money("cost_growth_pct", False, "0")),
        funds=tuple(funds), source=r.text("source", False, "") or "",
        small_count_threshold=r.number("small_count_threshold", False, DEFAULT_SMALL_COUNT_THRESHOLD, minimum=1, maximum=1000, integer=True),
    )


@dataclass(frozen=True)
class Scenario:
    """What a file holds and the page saves: name, author, time, the frozen baseline, the changes."""

    name: str
    baseline: Baseline
    changes: tuple[Change, ...] = ()
    author: str = ""
    created_at: str = ""  # ISO timestamp
    note: str = ""

    def run(self) -> Result:
        return run(self.baseline, self.changes)


def changes_to_list(changes: Iterable[Change]) -> list[dict]:
    return [c.to_dict() for c in changes]


def changes_from_list(items: Any, path: str = "changes") -> tuple[Change, ...]:
    if not isinstance(items, list):
        raise ScenarioError("Erwartet wird eine Liste […] von Änderungen.", path)
    return tuple(change_from_dict(item, f"{path}[{i}]") for i, item in enumerate(items))


def scenario_to_dict(s: Scenario) -> dict:
    return {"format": FORMAT, "version": VERSION, "name": s.name, "author": s.author,
            "created_at": s.created_at, "note": s.note, "baseline": baseline_to_dict(s.baseline),
            "changes": changes_to_list(s.changes)}


def scenario_from_dict(data: Any) -> Scenario:
    """Read and check a scenario file's content; ScenarioError names the first wrong field."""
    r = _Reader(data, "")
    if data.get("format") != FORMAT:
        raise ScenarioError(f"Das ist keine IM-Cockpit-Szenariodatei (erwartet „{FORMAT}“).", "format")
    version = r.raw("version")
    if version != VERSION:
        raise ScenarioError(f"Version {version!r} wird nicht unterstützt; diese Version liest Version "
                            f"{VERSION}.", "version")
    baseline = baseline_from_dict(r.raw("baseline"))
    changes = changes_from_list(r.raw("changes", False, []))
    check_changes(baseline, changes)
    return Scenario(name=r.text("name"), baseline=baseline, changes=changes,
                    author=r.text("author", False, "") or "", created_at=r.text("created_at", False, "") or "",
                    note=r.text("note", False, "", maximum=2000) or "")
