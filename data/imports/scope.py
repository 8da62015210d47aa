"""The import scope of a Landkreis or a Gemeinde (roles county / municipality, their API tokens).

A Träger's scope is its code (a str); an `AreaScope` names a Landkreis or a Gemeinde by its area
code. Such a scope imports only the Landkreis kinds (county_funds, target_group_counts,
im_arrangements) and only rows of its own Kreis or Gemeinde; everything else is refused row by row
with a German message (the engine then marks the report `foreign`: nothing is written).
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.imports.kinds.problems import Problem
from data.schema import Area, AreaKind

COUNTY_KINDS = ("county_funds", "target_group_counts", "im_arrangements")


@dataclass(frozen=True)
class AreaScope:
    kind: AreaKind  # AreaKind.county or AreaKind.municipality
    code: str  # Area.code of the Landkreis or the Gemeinde

    def text(self) -> str:
        return f"{'kreis' if self.kind == AreaKind.county else 'gemeinde'}:{self.code}"


def resolve(area_by_id: dict[int, Area], scope: AreaScope) -> Area | None:
    return next((a for a in area_by_id.values() if a.code == scope.code and a.kind == scope.kind), None)


def area_problems(spec, values: dict, line: int, area: Area, area_by_id: dict[int, Area]) -> list[Problem]:
    """A row outside the scope of `area` (a Landkreis or a Gemeinde) → one Problem, else none."""
    who = area.name
    if spec.name not in COUNTY_KINDS:
        return [Problem(line, None, None, f"„{spec.title}“ sind Daten der Stadt und ihrer Träger; der Zugang "
                                          f"für {who} importiert nur die Daten des Landkreises.",
                        "Bitte die Datei der Administration der Stadt geben.")]
    if spec.name == "county_funds":
        owner = area_by_id.get(values.get("county_id"))
        ok = area.kind == AreaKind.county and owner is not None and owner.id == area.id
        column = "county_id"
    else:
        owner = area_by_id.get(values.get("municipality_id"))
        ok = owner is not None and (owner.id == area.id if area.kind == AreaKind.municipality
                                    else owner.parent_id == area.id)
        column = "municipality_id"
    if ok:
        return []
    shown = owner.name if owner is not None else str(values.get(column))
    return [Problem(line, spec.column(column).header, shown,
                    f"Daten außerhalb des eigenen Bereichs: mit dem Zugang für {who} lassen sich nur Daten "
                    f"{'des eigenen Kreises' if area.kind == AreaKind.county else 'der eigenen Gemeinde'} "
                    "importieren.",
                    "Bitte die Zeile löschen oder von der Landkreisverwaltung importieren lassen.")]
