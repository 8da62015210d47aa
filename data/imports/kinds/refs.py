"""References a file may name: Träger by code, short or full name; Stadtteil by name or code;
Gemeinde by AGS, name or code; Landkreis by name or code.

Read once per import (`Refs.load`); `norm` is the one normalisation of names, headers and labels.
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.schema import Area, AreaKind, Provider


@dataclass
class Refs:
    """Träger and Stadtteile by every name a file may use (lower-cased)."""

    providers: dict[str, Provider]
    districts: dict[str, Area]
    provider_by_id: dict[int, Provider]
    district_by_id: dict[int, Area]
    municipalities: dict[str, Area]
    counties: dict[str, Area]
    area_by_id: dict[int, Area]  # Gemeinden and Landkreise

    @classmethod
    def load(cls, session: Session) -> Refs:
        providers, districts = {}, {}
        all_providers = list(session.scalars(select(Provider).order_by(Provider.sort_order)))
        for p in all_providers:
            for name in (p.code, p.short_name, p.name):
                providers[norm(name)] = p
        all_districts = list(session.scalars(select(Area).where(Area.kind == AreaKind.district)))
        for a in all_districts:
            for name in (a.code, a.name):
                districts[norm(name)] = a
        municipalities, counties, area_by_id = {}, {}, {}
        for a in session.scalars(select(Area).where(Area.kind.in_((AreaKind.municipality, AreaKind.county)))):
            names = (a.code, a.name, a.ags) if a.kind == AreaKind.municipality else (a.code, a.name)
            target = municipalities if a.kind == AreaKind.municipality else counties
            target.update({norm(name): a for name in names if name})
            area_by_id[a.id] = a
        return cls(providers, districts, {p.id: p for p in all_providers}, {a.id: a for a in all_districts},
                   municipalities, counties, area_by_id)

    def provider_names(self) -> str:
        return ", ".join(p.short_name for p in self.provider_by_id.values())


def norm(text: str) -> str:
    return " ".join(str(text).replace("–", "-").replace("—", "-").lower().split())
