"""The change kinds of a scenario. Each kind is one class that owns all of it:

- its fields, typed for the file (`values`; pydantic reads them in `fileformat`),
- `describe`: the change in German words,
- `check`: what it must fit in the baseline (and the changes before it), refused with a German
  `ScenarioError` naming the field,
- `apply`: what it does to the `State` the projection computes with.

A class with a `kind` registers itself in `CHANGE_TYPES`, so adding a kind means adding one class
here: the file format, the checks and the projection pick it up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Annotated, ClassVar

from ..formatting import fmt_date, fmt_eur, fmt_fte, fmt_number, fmt_pct
from ..scenario_disclosure import hidden_districts
from .baseline import HORIZON_END, Baseline, Money, Post
from .values import Amount, Code, Day, FundingCode, ProgrammeCode, Ratio, ScenarioError, Text, number

CHANGE_TYPES: dict[str, type[Change]] = {}  # kind → class, in the order of the classes below
TOPICS = {"people": "Personal", "areas": "Gebiete", "cases": "Fälle", "money": "Geld"}
Fte = Annotated[float, number(0.01, 10000)]


@dataclass
class State:
    """The baseline as the changes leave it: what the projection computes with."""

    baseline: Baseline
    points: Sequence[dt.date]  # the projection's points in time
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

    @classmethod
    def of(cls, b: Baseline, points: Sequence[dt.date]) -> State:
        return cls(baseline=b, points=points, posts=list(b.posts),
                   catchment_epochs=[(0, {d.code: d.team for d in b.districts})], ratio=b.staff_ratio,
                   team_ratio={}, inflow_total=None, closure_pct=b.closure_rate_pct, limit_years=b.limit_years,
                   money=b.money, land_factor=1.0, transfers=[])


class Checking:
    """What the changes checked so far did: VZÄ moved in and out and posts added, per team × programme."""

    def __init__(self, baseline: Baseline):
        self.baseline = baseline
        self.moved: dict[tuple[str, str], float] = {}

    def fte(self, team: str, programme: str, day: dt.date) -> float:
        return self.baseline.team_fte(team, programme, day) + self.moved.get((team, programme), 0.0)

    def add(self, team: str, programme: str, fte: float) -> None:
        self.moved[(team, programme)] = self.moved.get((team, programme), 0.0) + fte


def check_changes(baseline: Baseline, changes: Sequence[Change], prefix: str = "changes") -> None:
    """Raise ScenarioError (field = `changes[i].name`) when a change does not fit the baseline."""
    seen = Checking(baseline)
    for i, c in enumerate(changes):
        path = f"{prefix}[{i}]"
        start = getattr(c, "start", None)
        if start is not None and start > HORIZON_END:
            raise ScenarioError(f"Das Datum {fmt_date(start)} liegt nach dem Ende der VwV "
                                f"({fmt_date(HORIZON_END)}). Bitte ein früheres Datum wählen.", f"{path}.start")
        c.check(baseline, path, seen)


def check_team(b: Baseline, code: str | None, path: str, *, catchment: bool = False,
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


def _from(day: dt.date | None) -> str:
    return f" ab {fmt_date(day)}" if day else ""


@dataclass(frozen=True)
class Change:
    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    topic: ClassVar[str] = ""  # people | areas | cases | money
    __pydantic_config__: ClassVar[dict] = {"extra": "forbid"}  # the file refuses fields a kind does not have

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            if cls.kind in CHANGE_TYPES:
                raise TypeError(f"Two change kinds are called {cls.kind!r}.")
            CHANGE_TYPES[cls.kind] = cls

    def to_dict(self) -> dict:
        data = {"type": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = value.isoformat() if isinstance(value, dt.date) else (
                str(value) if isinstance(value, Decimal) else value)
        return data

    def describe(self, baseline: Baseline) -> str:  # pragma: no cover - overridden
        return self.label

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        """Refuse (ScenarioError at `path.field`) what does not fit the baseline; nothing by default."""

    def apply(self, state: State, n: int) -> None:  # pragma: no cover - overridden
        """Change `state`; `n` numbers the change (1, 2, …) for the ids of the posts it adds."""
        raise NotImplementedError


# --- people ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MoveFte(Change):
    """Move VZÄ of a programme from one team to another (from a date)."""

    kind: ClassVar[str] = "move_fte"
    label: ClassVar[str] = "VZÄ verschieben"
    topic: ClassVar[str] = "people"
    from_team: Code
    to_team: Code
    fte: Fte
    programme: ProgrammeCode = "im"
    start: Day | None = None

    def describe(self, b: Baseline) -> str:
        return (f"{fmt_fte(self.fte)} VZÄ von {b.team_name(self.from_team)} zu "
                f"{b.team_name(self.to_team)}{_from(self.start)}")

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.from_team, f"{path}.from_team")
        check_team(b, self.to_team, f"{path}.to_team")
        if self.from_team == self.to_team:
            raise ScenarioError("Von- und Zu-Team sind gleich. Bitte zwei verschiedene Teams wählen.",
                                f"{path}.to_team")
        day = max(self.start or b.as_of, b.as_of)
        have = seen.fte(self.from_team, self.programme, day)
        if self.fte > have + 1e-9:
            raise ScenarioError(f"{b.team_name(self.from_team)} hat am {fmt_date(day)} nur "
                                f"{fmt_fte(round(have, 3))} VZÄ in diesem Programm; es können nicht "
                                f"{fmt_fte(self.fte)} VZÄ verschoben werden.", f"{path}.fte")
        # later changes see this one (before or on their day): moves in and out, new posts
        seen.add(self.from_team, self.programme, -self.fte)
        seen.add(self.to_team, self.programme, self.fte)

    def apply(self, state: State, n: int) -> None:
        b = state.baseline
        start = max(self.start or b.as_of, b.as_of)
        source = [p for p in b.posts if p.team == self.from_team and p.programme == self.programme]
        model = max(source, key=lambda p: p.fte) if source else None
        funding = model.funding if model else "land"
        state.posts.append(Post(f"s{n}a", self.from_team, self.programme, funding, -self.fte, -self.fte, start,
                                model.end if model else None, model.ratio if model else None, "Szenario"))
        state.posts.append(Post(f"s{n}b", self.to_team, self.programme, funding, self.fte, self.fte, start,
                                model.end if model else None, None, "Szenario"))


@dataclass(frozen=True)
class AddPost(Change):
    kind: ClassVar[str] = "add_post"
    label: ClassVar[str] = "Stelle hinzufügen"
    topic: ClassVar[str] = "people"
    team: Code
    fte: Fte
    programme: ProgrammeCode = "im"
    funding: FundingCode = "land"
    start: Day | None = None
    end: Day | None = None
    ratio: Ratio | None = None

    def describe(self, b: Baseline) -> str:
        until = f" bis {fmt_date(self.end)}" if self.end else ""
        return f"+{fmt_fte(self.fte)} VZÄ bei {b.team_name(self.team)}{_from(self.start)}{until}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.team, f"{path}.team")
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ScenarioError("Das Ende liegt vor dem Beginn. Bitte die Daten prüfen.", f"{path}.end")
        if self.end is None:
            seen.add(self.team, self.programme, self.fte)

    def apply(self, state: State, n: int) -> None:
        as_of = state.baseline.as_of
        state.posts.append(Post(f"s{n}", self.team, self.programme, self.funding, self.fte, self.fte,
                                max(self.start or as_of, as_of), self.end, self.ratio, "Szenario"))


@dataclass(frozen=True)
class EndPost(Change):
    """End a post on a date (e.g. a church-funded post whose money runs out)."""

    kind: ClassVar[str] = "end_post"
    label: ClassVar[str] = "Stelle beenden"
    topic: ClassVar[str] = "people"
    post: Code
    end: Day

    def describe(self, b: Baseline) -> str:
        post = next((p for p in b.posts if p.id == self.post), None)
        name = f"{b.team_name(post.team)} {post.label or post.programme}" if post else self.post
        return f"Stelle {name} endet am {fmt_date(self.end)}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        if all(p.id != self.post for p in b.posts):
            raise ScenarioError(f"Stelle „{self.post}“ gibt es in der Ausgangslage nicht.", f"{path}.post")

    def apply(self, state: State, n: int) -> None:
        for i, p in enumerate(state.posts):
            if p.id == self.post:
                state.posts[i] = replace(p, end=self.end if p.end is None else min(p.end, self.end))


@dataclass(frozen=True)
class SetRatio(Change):
    kind: ClassVar[str] = "set_ratio"
    label: ClassVar[str] = "Personalschlüssel ändern"
    topic: ClassVar[str] = "people"
    ratio: Ratio
    team: Text | None = None  # None: every team

    def describe(self, b: Baseline) -> str:
        scope = f" für {b.team_name(self.team)}" if self.team else ""
        return f"Personalschlüssel 1:{self.ratio}{scope}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        check_team(b, self.team, f"{path}.team", allow_none=True)

    def apply(self, state: State, n: int) -> None:
        if self.team is None:  # every team, every IM post: the posts' own ratios give way
            state.ratio = self.ratio
            state.team_ratio = {}
            state.posts[:] = [replace(p, ratio=None) if p.programme == "im" else p for p in state.posts]
        else:
            state.team_ratio[self.team] = self.ratio


# --- areas -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReassignDistrict(Change):
    kind: ClassVar[str] = "reassign_district"
    label: ClassVar[str] = "Stadtteil neu zuordnen"
    topic: ClassVar[str] = "areas"
    district: Code
    team: Code
    start: Day | None = None

    def describe(self, b: Baseline) -> str:
        d = next((d for d in b.districts if d.code == self.district), None)
        return f"{d.name if d else self.district} → {b.team_name(self.team)}{_from(self.start)}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        if all(d.code != self.district for d in b.districts):
            raise ScenarioError(f"Stadtteil „{self.district}“ gibt es in der Ausgangslage nicht.",
                                f"{path}.district")
        if self.district in hidden_districts(b):
            name = next(d.name for d in b.districts if d.code == self.district)
            raise ScenarioError(f"{name}: Die Fallzahl dieses Stadtteils ist ausgeblendet (Datenschutz). "
                                "Allein verschoben würde das Szenario sie offenlegen; bitte einen anderen "
                                "Stadtteil wählen.", f"{path}.district")
        check_team(b, self.team, f"{path}.team", catchment=True)

    def apply(self, state: State, n: int) -> None:
        points = state.points
        k = point_of(points, self.start)
        epochs = state.catchment_epochs
        if k >= len(points):
            return
        if all(start != k for start, _ in epochs):
            before = max((e for e in epochs if e[0] < k), key=lambda e: e[0])
            epochs.append((k, dict(before[1])))
            epochs.sort(key=lambda e: e[0])
        for start, mapping in epochs:
            if start >= k:
                mapping[self.district] = self.team


def point_of(points: Sequence[dt.date], day: dt.date | None) -> int:
    """First point on or after `day` (0 for None or a day before the Stichtag)."""
    if day is None or day <= points[0]:
        return 0
    for k, p in enumerate(points):
        if p >= day:
            return k
    return len(points)


# --- cases -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseInflow(Change):
    kind: ClassVar[str] = "case_inflow"
    label: ClassVar[str] = "Zugang je Monat"
    topic: ClassVar[str] = "cases"
    per_month: Annotated[float, number(0, 100000)]

    def describe(self, b: Baseline) -> str:
        return f"Zugang (Fallüberleitungen und neue Fälle) {fmt_number(self.per_month, 1)} je Monat"

    def apply(self, state: State, n: int) -> None:
        state.inflow_total = self.per_month


@dataclass(frozen=True)
class ClosureRate(Change):
    kind: ClassVar[str] = "closure_rate"
    label: ClassVar[str] = "Abschlussquote je Monat"
    topic: ClassVar[str] = "cases"
    pct_per_month: Annotated[float, number(0, 100)]

    def describe(self, b: Baseline) -> str:
        return f"Abschlüsse vor der Frist {fmt_pct(self.pct_per_month)} der Fälle je Monat"

    def apply(self, state: State, n: int) -> None:
        state.closure_pct = self.pct_per_month


@dataclass(frozen=True)
class EligibilityLimit(Change):
    kind: ClassVar[str] = "eligibility_limit"
    label: ClassVar[str] = "Anspruchsdauer"
    topic: ClassVar[str] = "cases"
    years: Annotated[int, number(1, 10, integer=True)]

    def describe(self, b: Baseline) -> str:
        return f"Anspruch {self.years} Jahre ab Zuweisung in die Anschlussunterbringung"

    def apply(self, state: State, n: int) -> None:
        state.limit_years = self.years


# --- money -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LandFunds(Change):
    kind: ClassVar[str] = "land_funds"
    label: ClassVar[str] = "Landesmittel je VZÄ"
    topic: ClassVar[str] = "money"
    pct: Annotated[float, number(-100, 1000)]  # change in %, e.g. -10

    def describe(self, b: Baseline) -> str:
        sign = "+" if self.pct >= 0 else "−"
        return f"Landesmittel je VZÄ {sign}{fmt_number(abs(self.pct), 1)} %"

    def apply(self, state: State, n: int) -> None:
        state.land_factor = 1.0 + self.pct / 100.0


@dataclass(frozen=True)
class CostPerFte(Change):
    kind: ClassVar[str] = "cost_per_fte"
    label: ClassVar[str] = "Kosten je VZÄ"
    topic: ClassVar[str] = "money"
    amount: Amount
    growth_pct: Annotated[float, number(0, 100)] | None = None  # yearly increase; None: unchanged

    def describe(self, b: Baseline) -> str:
        growth = f", +{fmt_number(self.growth_pct, 1)} % je Jahr" if self.growth_pct else ""
        return f"Arbeitgeberkosten {fmt_eur(self.amount, cents=False)} je VZÄ{growth}"

    def apply(self, state: State, n: int) -> None:
        state.money = replace(state.money, cost_per_fte=Decimal(self.amount),
                              cost_growth_pct=(state.money.cost_growth_pct if self.growth_pct is None
                                               else Decimal(str(self.growth_pct))))


@dataclass(frozen=True)
class FundsTransfer(Change):
    kind: ClassVar[str] = "funds_transfer"
    label: ClassVar[str] = "Projektmittel übertragen"
    topic: ClassVar[str] = "money"
    from_team: Code
    to_team: Code
    amount: Amount

    def describe(self, b: Baseline) -> str:
        return (f"{fmt_eur(self.amount)} Projektmittel von {b.team_name(self.from_team)} an "
                f"{b.team_name(self.to_team)}")

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        funded = {f.provider for f in b.funds}
        for name in ("from_team", "to_team"):
            if getattr(self, name) not in funded:
                raise ScenarioError(f"„{getattr(self, name)}“ hat keine Projektmittel. Bekannt: "
                                    f"{', '.join(sorted(funded)) or 'keine'}.", f"{path}.{name}")
        if self.from_team == self.to_team:
            raise ScenarioError("Geber und Empfänger sind derselbe Träger.", f"{path}.to_team")

    def apply(self, state: State, n: int) -> None:
        state.transfers.append(self)
