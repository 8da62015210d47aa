"""What every change kind shares: the base class and its registry by `kind`, the `State` the kinds
apply themselves to, and `check_changes`, which lets each kind check itself against the baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from ...formatting import fmt_date
from ..baseline import HORIZON_END, Baseline, Money, Post
from ..values import ScenarioError

if TYPE_CHECKING:
    from .money import FundsTransfer

CHANGE_TYPES: dict[str, type[Change]] = {}  # kind → class, by topic (see Change.__init_subclass__)
TOPICS = {"people": "Personal", "areas": "Gebiete", "cases": "Fälle", "money": "Geld"}


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
    closure_flat: bool  # a change set one closure rate for every age (else the hazard by age)
    team_inflow: dict[str, float]  # team → new cases per month, set by a change
    limit_years: int
    money: Money
    land_factor: float
    transfers: list[FundsTransfer]
    intake_stop: bool = False  # a full team takes no new cases (changes.cases.IntakeStop)

    @classmethod
    def of(cls, b: Baseline, points: Sequence[dt.date]) -> State:
        return cls(
            baseline=b,
            points=points,
            posts=list(b.posts),
            catchment_epochs=[(0, {d.code: d.team for d in b.districts})],
            ratio=b.staff_ratio,
            team_ratio={},
            inflow_total=None,
            closure_pct=b.closure_rate_pct,
            closure_flat=False,
            team_inflow={},
            limit_years=b.limit_years,
            money=b.money,
            land_factor=1.0,
            transfers=[],
        )


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
            raise ScenarioError(
                f"Das Datum {fmt_date(start)} liegt nach dem Ende der VwV "
                f"({fmt_date(HORIZON_END)}). Bitte ein früheres Datum wählen.",
                f"{path}.start",
            )
        c.check(baseline, path, seen)


def check_team(b: Baseline, code: str | None, path: str, *, catchment: bool = False, allow_none: bool = False) -> None:
    if code is None and allow_none:
        return
    team = b.team(code) if code else None
    if team is None:
        known = ", ".join(t.code for t in b.teams)
        raise ScenarioError(f"Team „{code}“ gibt es in der Ausgangslage nicht. Bekannt: {known}.", path)
    if catchment and not team.uses_catchment:
        raise ScenarioError(
            f"Team „{team.name}“ arbeitet standortbezogen und hat kein Einzugsgebiet. "
            "Bitte ein Team mit Einzugsgebiet wählen.",
            path,
        )


def since(day: dt.date | None) -> str:
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
            if "apply" not in vars(cls):
                raise TypeError(f"Change kind {cls.kind!r} must define apply(state, n): its effect on the projection.")
            if cls.kind in CHANGE_TYPES or cls.topic not in TOPICS:
                raise TypeError(f"Change kind {cls.kind!r}: a second one of that name, or no topic of {list(TOPICS)}.")
            # in the order of the page's topics, each topic in the order of its module (whatever imports first)
            kinds = sorted([*CHANGE_TYPES.values(), cls], key=lambda c: list(TOPICS).index(c.topic))
            CHANGE_TYPES.clear()
            CHANGE_TYPES.update((c.kind, c) for c in kinds)

    def to_dict(self) -> dict:
        data = {"type": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = (
                value.isoformat()
                if isinstance(value, dt.date)
                else (str(value) if isinstance(value, Decimal) else value)
            )
        return data

    def describe(self, baseline: Baseline) -> str:  # pragma: no cover - overridden
        return self.label

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        """Refuse (ScenarioError at `path.field`) what does not fit the baseline; nothing by default."""

    # every kind defines `apply(self, state: State, n: int) -> None`: its effect on `state`, `n` numbering
    # the change (1, 2, …) for the ids of the posts it adds; `__init_subclass__` refuses a kind without it
