"""References a file may name: Träger by code, short or full name; Stadtteil by name or code.

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
        return cls(providers, districts, {p.id: p for p in all_providers}, {a.id: a for a in all_districts})

    def provider_names(self) -> str:
        return ", ".join(p.short_name for p in self.provider_by_id.values())


def norm(text: str) -> str:
    return " ".join(str(text).replace("–", "-").replace("—", "-").lower().split())
