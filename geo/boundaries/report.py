"""What a boundary import found, in German (`ImportReport`), the areas a file may match (`Target`) and the
result (`PreparedImport`). A report with errors carries no shapes: the caller then changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

LEVELS = {"district": "Planungsbezirke", "municipality": "Gemeinden"}
MAX_LISTED = 8


@dataclass(frozen=True)
class Target:
    """An area a feature of the file may match."""

    area_id: int
    name: str
    ags: str | None = None
    lat: float | None = None
    lon: float | None = None
    parent_id: int | None = None


@dataclass
class ImportReport:
    """What the import found, in German. `errors` non-empty: nothing may be written."""

    file: str
    level: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name_column: str | None = None
    key_column: str | None = None
    matched: dict[int, str] = field(default_factory=dict)  # area id -> name in the file

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self) -> str:
        """The report as lines for a terminal or a page."""
        head = (f"Grenzdatei „{self.file}“ ({LEVELS.get(self.level, self.level)}): "
                + ("Fehler – es wurde nichts geändert." if self.errors
                   else f"{len(self.matched)} Gebiete zugeordnet."))
        lines = [head]
        lines += [f"FEHLER: {e}" for e in self.errors]
        lines += [f"Hinweis: {w}" for w in self.warnings]
        lines += [f"Info: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass
class PreparedImport:
    report: ImportReport
    # area id -> display geometry (WGS84), for the level's areas and their dissolved parents
    shapes: dict[int, BaseGeometry] = field(default_factory=dict)


def listing(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" und {len(items) - MAX_LISTED} weitere" if len(items) > MAX_LISTED else "")
