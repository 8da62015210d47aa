"""Typed results of the Landkreis page's structure view "Wer macht IM wo" (filled by
`dashboard.model.im_structure.structure_groups` from the Gemeinden's arrangements)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.model.vocabulary import ImMode


@dataclass(frozen=True)
class ArrangementFact:
    """One Gemeinde's arrangement in force (mode None: not recorded)."""

    name: str
    mode: ImMode | None
    provider_name: str | None = None  # B: the Träger; C: the Träger the Kreis delegated to; Verbund: the lead
    valid_from: dt.date | None = None
    decision_ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class StructureUnit:
    """Who carries IM for one or more Gemeinden: a Gemeinde in Eigenregie (with its Verbund
    partners), a Verbund, a Gemeinde via a Träger, or the Landkreis with the Träger it delegated to."""

    group: str  # "A", "B", "C" or "–"
    form: str  # e.g. "Eigenregie", "Eigenregie im Verbund", "Verbund", "über Träger", "beim Landkreis"
    responsible: str  # who holds the task: the Gemeinde, the Verbund's lead, "Landkreis"
    gemeinden: tuple[str, ...]
    provider: str | None  # the Träger that does the work, if delegated
    valid_from: tuple[dt.date, ...]
    basis: tuple[str, ...]  # decision references (else the notes)


@dataclass(frozen=True)
class StructureGroup:
    key: str
    title: str
    units: tuple[StructureUnit, ...]

    @property
    def gemeinden(self) -> int:
        return sum(len(u.gemeinden) for u in self.units)
