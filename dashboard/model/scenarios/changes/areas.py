"""Changes to the areas: a district's cases go to another catchment team from a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ...scenario_disclosure import hidden_districts
from ..baseline import Baseline
from ..values import Code, Day, ScenarioError
from .base import Change, Checking, State, check_team, since


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
        return f"{d.name if d else self.district} → {b.team_name(self.team)}{since(self.start)}"

    def check(self, b: Baseline, path: str, seen: Checking) -> None:
        if all(d.code != self.district for d in b.districts):
            raise ScenarioError(f"Stadtteil „{self.district}“ gibt es in der Ausgangslage nicht.", f"{path}.district")
        if self.district in hidden_districts(b):
            name = next(d.name for d in b.districts if d.code == self.district)
            raise ScenarioError(
                f"{name}: Die Fallzahl dieses Stadtteils ist ausgeblendet (Datenschutz). "
                "Allein verschoben würde das Szenario sie offenlegen; bitte einen anderen "
                "Stadtteil wählen.",
                f"{path}.district",
            )
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
