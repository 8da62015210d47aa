"""What an import did or would do: one `RowOutcome` per row, the `Problem`s, the counts and the German
summary (`ImportReport`); `to_dict` is what the page and the API show.

This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from data.imports.kinds import Problem

STATUS_TEXT = {"new": "neu", "updated": "geändert", "unchanged": "unverändert", "rejected": "abgelehnt"}


@dataclass
class RowOutcome:
    row: int
    status: str  # new | updated | unchanged | rejected
    key: str
    changes: list[str] = field(default_factory=list)
    sheet: str | None = None


@dataclass
class ImportReport:
    """What an import did or would do; `ok` means nothing is wrong with the file."""

    filename: str
    kind: str | None = None
    kind_title: str | None = None
    sha256: str = ""
    rows: list[RowOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False
    already_imported: str | None = None  # "am 23.11.2026 von anna"
    foreign: bool = False  # a row belongs to another Träger than the importer's

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(r.status for r in self.rows)
        return {status: tally.get(status, 0) for status in STATUS_TEXT}

    def messages(self) -> list[str]:
        return [p.text(self.filename) for p in self.problems]

    def summary(self) -> str:
        c = self.counts
        numbers = (f"{c['new']} neu, {c['updated']} geändert, {c['unchanged']} unverändert, "
                   f"{c['rejected']} abgelehnt")
        what = f"{self.filename}" + (f" ({self.kind_title})" if self.kind_title else "")
        if self.problems:
            return (f"{what}: {len(self.problems)} Problem(e) – es wurde nichts importiert. "
                    f"Zeilen: {numbers}.")
        if self.already_imported:
            return f"{what}: Diese Datei wurde bereits {self.already_imported} importiert – nichts geändert."
        verb = "importiert" if self.applied else "Vorschau (noch nichts geschrieben)"
        return f"{what}: {verb}. Zeilen: {numbers}."

    def to_dict(self) -> dict:
        return {"filename": self.filename, "kind": self.kind, "kind_title": self.kind_title,
                "sha256": self.sha256, "ok": self.ok, "applied": self.applied,
                "already_imported": self.already_imported, "foreign": self.foreign, "counts": self.counts,
                "summary": self.summary(),
                "rows": [asdict(r) | {"status_text": STATUS_TEXT[r.status]} for r in self.rows],
                "problems": [asdict(p) | {"text": p.text(self.filename)} for p in self.problems]}
