"""The baseline as the scenario file holds it, read with pydantic: teams, posts, districts and
Projektmittel as objects, the money as text, the case groups and inflows as compact rows. Every code
must name a team or district of the baseline; `BaselineFile.baseline()` is the model's `Baseline`."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainValidator, model_validator

from ..vocabulary import DEFAULT_ATTENTION_MAX, DEFAULT_OK_MAX, DEFAULT_SMALL_COUNT_THRESHOLD, DEFAULT_STAFF_RATIO
from .baseline import TEAM_KINDS, Baseline, CaseGroup, District, FundsState, Inflow, Money, Post, Team
from .history import BANDS, HazardCell, History, StreamCounts
from .values import (
    Amount,
    Code,
    Day,
    Flag,
    FundingCode,
    ProgrammeCode,
    Ratio,
    Text,
    choice,
    number,
    refuse,
    without_nulls,
)

CASES_MAX = 10_000_000  # active cases of one group
INFLOW_MAX = 100_000  # new cases per month of one stream


class FileModel(BaseModel):
    """An object of the file: no unknown fields; `null` is a missing field; defaults pass the checks too."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _null_is_missing(cls, data: Any) -> Any:
        return without_nulls(data)


class TeamFile(FileModel):
    code: Code
    name: Code
    kind: Annotated[str, choice(TEAM_KINDS)] = "provider"
    uses_catchment: Flag = False


class PostFile(FileModel):
    id: Code
    team: Code
    programme: ProgrammeCode
    funding: FundingCode
    fte: Annotated[float, number(0, 10000)]
    planned: Annotated[float, number(0, 10000)] | None = None
    start: Day | None = None
    end: Day | None = None
    ratio: Ratio | None = None
    label: Text | None = None


class DistrictFile(FileModel):
    code: Code
    name: Code
    social_area: Code
    team: Text | None = None
    social_area_code: Code | None = None


class FundsFile(FileModel):
    provider: Code
    allocated: Amount
    spent: Amount = "0"
    transferred_out: Amount = "0"
    transferred_in: Amount = "0"


class MoneyFile(FileModel):
    cost_per_fte: Amount
    overhead_rate_pct: Amount
    land_funds_per_fte: Amount
    cost_growth_pct: Amount = "0"


@functools.lru_cache(maxsize=1024)
def _au_month(month: str) -> dt.date:  # a few dozen distinct months in 60.000 rows: each parsed once
    return dt.date.fromisoformat(f"{month}-01")


def _case_row(row: Any) -> CaseGroup:
    """[owner or null, district or null, "JJJJ-MM", extended, count] (fast: a baseline has 60.000 of them)"""
    if type(row) is not list or len(row) != 5:
        raise refuse("case_row")
    owner, district, month, extended, count = row
    if owner is not None and type(owner) is not str or district is not None and type(district) is not str:
        raise refuse("case_row")
    try:
        if type(month) is not str:
            raise ValueError
        au = _au_month(month)
    except ValueError:
        raise refuse("case_month", at="[2]", value=month) from None
    if type(extended) is not bool:
        raise refuse("bool_type", at="[3]", value=extended)
    if type(count) is not int or count < 0:
        raise refuse("case_count", at="[4]", value=count)
    if count > CASES_MAX:
        raise refuse("number_range", at="[4]", value=count, minimum=0, maximum=CASES_MAX)
    return _group((owner, district, au, extended, count))


_group = CaseGroup._make


def _code_or_null(value: Any) -> bool:
    return value is None or isinstance(value, str)


_rate = number(0, INFLOW_MAX).func


def _inflow_row(row: Any) -> Inflow:
    """[owner or null, district or null, new cases per month]"""
    if (
        not isinstance(row, list)
        or len(row) != 3
        or isinstance(row[2], bool)
        or not isinstance(row[2], (int, float))
        or row[2] < 0
        or not _code_or_null(row[0])
        or not _code_or_null(row[1])
    ):
        raise refuse("inflow_row")
    try:
        return Inflow(row[0], row[1], _rate(row[2]))
    except ValueError as error:  # infinite, or more than INFLOW_MAX
        raise refuse(error.type, at="[2]", **(error.context or {})) from None


def _history_row(shape: str, check):
    """A compact row of the history, checked by `check(row) -> value`; refused with its expected shape."""

    def read(row: Any):
        try:
            return check(row)
        except (TypeError, ValueError, IndexError, AssertionError):
            raise refuse("history_row", expected=shape) from None

    return PlainValidator(read)


def _count(value: Any) -> int:
    assert type(value) is int and 0 <= value <= CASES_MAX
    return value


def _stream(row: Any) -> StreamCounts:
    assert type(row) is list and len(row) == 3 and _code_or_null(row[0]) and _code_or_null(row[1])
    assert type(row[2]) is list
    return StreamCounts(row[0], row[1], tuple(_count(v) for v in row[2]))


def _cell(row: Any) -> HazardCell:
    assert type(row) is list and len(row) == 4 and _code_or_null(row[0])
    assert type(row[1]) is int and 0 <= row[1] < len(BANDS)
    return HazardCell(row[0], row[1], _count(row[2]), _count(row[3]))


def _start(row: Any) -> tuple[str, dt.date]:
    assert type(row) is list and len(row) == 2 and type(row[0]) is str and type(row[1]) is str
    return row[0], _au_month(row[1])


class HistoryFile(FileModel):
    """The counts of the past per team (`history.History`): [owner, district, [counts]] per stream,
    [team, band, case-months, closures] per hazard cell, [code, "JJJJ-MM"] per start."""

    last_month: Annotated[dt.date, _history_row('"JJJJ-MM"', _au_month)]
    months: Annotated[int, number(1, 240, integer=True)]
    streams: list[Annotated[StreamCounts, _history_row("[Team oder null, Stadtteil oder null, [Anzahlen]]",
                                                       _stream)]] = []
    hazard: list[Annotated[HazardCell, _history_row("[Team oder null, Altersband 0–3, Fallmonate, Abschlüsse]",
                                                    _cell)]] = []
    team_starts: list[Annotated[tuple, _history_row('[Team, "JJJJ-MM"]', _start)]] = []
    district_starts: list[Annotated[tuple, _history_row('[Stadtteil, "JJJJ-MM"]', _start)]] = []

    def history(self) -> History:
        return History(last_month=self.last_month, months=self.months, streams=tuple(self.streams),
                       hazard=tuple(self.hazard), team_starts=tuple(self.team_starts),
                       district_starts=tuple(self.district_starts))


class BaselineFile(FileModel):
    as_of: Day
    source: Text = ""
    staff_ratio: Ratio = DEFAULT_STAFF_RATIO
    ok_max: Annotated[float, number(1, 10000)] = DEFAULT_OK_MAX
    attention_max: Annotated[float, number(1, 10000)] = DEFAULT_ATTENTION_MAX
    limit_years: Annotated[int, number(1, 10, integer=True)] = 3
    closure_rate_pct: Annotated[float, number(0, 100)] = 0.0
    new_case_lag_months: Annotated[int, number(0, 120, integer=True)] = 6
    money: MoneyFile
    teams: list[TeamFile]
    posts: list[PostFile]
    districts: list[DistrictFile] = []
    cases: list[Annotated[CaseGroup, PlainValidator(_case_row)]] = []
    inflows: list[Annotated[Inflow, PlainValidator(_inflow_row)]] = []
    funds: list[FundsFile] = []
    small_count_threshold: Annotated[int, number(1, 1000, integer=True)] = DEFAULT_SMALL_COUNT_THRESHOLD
    history: HistoryFile | None = None  # missing in files saved before issue 19: one pooled rate

    @model_validator(mode="after")
    def _codes_are_known(self) -> BaselineFile:
        """Every team and district a post, district, case group, inflow or fund names is in the baseline
        (the database builds it so; the projection and the disclosure rule rely on it)."""
        teams = {t.code for t in self.teams}
        districts = {d.code for d in self.districts}
        references = [  # (what, known codes, field, the codes in the order of the items)
            ("Team", teams, ".posts[{}].team", [p.team for p in self.posts]),
            ("Team", teams, ".districts[{}].team", [d.team for d in self.districts]),
            ("Team", teams, ".cases[{}][0]", [g.owner for g in self.cases]),
            ("Stadtteil", districts, ".cases[{}][1]", [g.district for g in self.cases]),
            ("Team", teams, ".inflows[{}][0]", [f.owner for f in self.inflows]),
            ("Stadtteil", districts, ".inflows[{}][1]", [f.district for f in self.inflows]),
            ("Träger", teams, ".funds[{}].provider", [f.provider for f in self.funds]),
            ("Team", teams, ".history.streams[{}][0]", [s.owner for s in self.history.streams] if self.history else []),
            ("Stadtteil", districts, ".history.streams[{}][1]",
             [s.district for s in self.history.streams] if self.history else []),
        ]
        for what, codes, at, used in references:
            if set(used) - codes - {None}:  # the slow way only to name the first unknown one
                i, code = next((i, c) for i, c in enumerate(used) if c is not None and c not in codes)
                shown = sorted(codes)
                raise refuse(
                    "unknown_code",
                    at=at.format(i),
                    what=what,
                    value=code,
                    known=", ".join(shown[:10]) + (", …" if len(shown) > 10 else "") or "keine",
                )
        return self

    def baseline(self) -> Baseline:
        return Baseline(
            as_of=self.as_of,
            teams=tuple(Team(**dict(t)) for t in self.teams),
            posts=tuple(Post(**dict(p)) for p in self.posts),
            districts=tuple(District(**dict(d)) for d in self.districts),
            cases=tuple(self.cases),
            inflows=tuple(self.inflows),
            closure_rate_pct=self.closure_rate_pct,
            new_case_lag_months=self.new_case_lag_months,
            limit_years=self.limit_years,
            staff_ratio=self.staff_ratio,
            ok_max=self.ok_max,
            attention_max=self.attention_max,
            money=Money(**dict(self.money)),
            funds=tuple(FundsState(**dict(f)) for f in self.funds),
            source=self.source,
            small_count_threshold=self.small_count_threshold,
            history=self.history.history() if self.history else None,
        )
