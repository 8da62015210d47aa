"""The scenario file (docs/scenarios.md): what the page saves and exports and the CLI reads.

`scenario_to_dict` writes it; `scenario_from_dict` reads it with pydantic: `ScenarioFile` is the file
(the baseline in its compact form, `baseline_file`; the changes as a union discriminated by `type`
over the change kinds of `changes`), and the first error becomes one German `ScenarioError` naming
the field (`changes[2].fte: „viel“ ist keine Zahl.`; see `values.german`). Unknown fields, unknown
kinds, wrong types, infinite or huge numbers are refused; a file written here reads back the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Union

from pydantic import BeforeValidator, Discriminator, PlainValidator, Tag, TypeAdapter, ValidationError

from .baseline import Baseline
from .baseline_file import BaselineFile, FileModel
from .changes import CHANGE_TYPES, Change, check_changes
from .projection import run
from .result import Result
from .values import Code, Note, Text, german, refuse, without_nulls

FORMAT = "im-cockpit-szenario"
VERSION = 1


@dataclass(frozen=True)
class Scenario:
    """What a file holds and the page saves: name, author, time, the frozen baseline, the changes."""

    name: str
    baseline: Baseline
    changes: tuple[Change, ...] = ()
    author: str = ""
    created_at: str = ""  # ISO timestamp
    note: str = ""

    def run(self) -> Result:
        return run(self.baseline, self.changes)


# --- the file, as pydantic reads it ----------------------------------------------------------------


def _kind(data: Any) -> str | None:
    """The discriminator: a change's `type` (as text, so that a wrong one is named in the refusal)."""
    kind = data.get("type") if isinstance(data, dict) else None
    return kind if kind is None or isinstance(kind, str) else str(kind)


def _object(data: Any) -> Any:
    if not isinstance(data, dict):
        raise refuse("object_type")
    return data


def _fields_only(data: Any) -> Any:
    """A change's fields: without its `type` (the discriminator), `null` as missing."""
    return without_nulls({k: v for k, v in data.items() if k != "type"})


def _changes_list(items: Any) -> Any:
    if not isinstance(items, list):
        raise refuse("changes_type")
    return items


# one change: a union of the change kinds, discriminated by `type`; each kind is its own dataclass
ChangeFile = Annotated[
    Union[tuple(Annotated[cls, BeforeValidator(_fields_only), Tag(kind)] for kind, cls in CHANGE_TYPES.items())],  # noqa: UP007
    Discriminator(_kind),
    BeforeValidator(_object),
]
ChangesFile = Annotated[list[ChangeFile], BeforeValidator(_changes_list)]


def _format(value: Any) -> str:
    if value != FORMAT:
        raise refuse("file_format", expected=FORMAT)
    return value


def _version(value: Any) -> int:
    if isinstance(value, bool) or value != VERSION:
        raise refuse("file_version", supported=VERSION)
    return VERSION


class ScenarioFile(FileModel):
    format: Annotated[str, PlainValidator(_format)] = None  # checked when missing, too
    version: Annotated[int, PlainValidator(_version)]
    baseline: BaselineFile
    changes: ChangesFile = []
    name: Code
    author: Text = ""
    created_at: Text = ""
    note: Note = ""


_CHANGE = TypeAdapter(ChangeFile)
_CHANGES = TypeAdapter(ChangesFile)


def _read(validate, data: Any, path: str):
    try:
        return validate(data)
    except ValidationError as error:
        raise german(error, path, tags=CHANGE_TYPES) from None


# --- reading and writing ---------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def baseline_to_dict(b: Baseline) -> dict:
    return {
        "as_of": b.as_of.isoformat(),
        "source": b.source,
        "staff_ratio": b.staff_ratio,
        "ok_max": b.ok_max,
        "attention_max": b.attention_max,
        "limit_years": b.limit_years,
        "closure_rate_pct": b.closure_rate_pct,
        "new_case_lag_months": b.new_case_lag_months,
        "money": {k: str(v) for k, v in asdict(b.money).items()},
        "teams": [asdict(t) for t in b.teams],
        "posts": [{k: _iso(v) for k, v in asdict(p).items()} for p in b.posts],
        "districts": [asdict(d) for d in b.districts],
        # compact: [owner, district, "YYYY-MM", extended, count]
        "cases": [[g.owner, g.district, g.au_month.strftime("%Y-%m"), g.extended, g.count] for g in b.cases],
        "inflows": [[f.owner, f.district, f.per_month] for f in b.inflows],
        "funds": [{k: str(v) for k, v in asdict(f).items()} for f in b.funds],
        "small_count_threshold": b.small_count_threshold,
        **({"history": _history_to_dict(b.history)} if b.history is not None else {}),
    }


def _history_to_dict(h) -> dict:
    return {
        "last_month": h.last_month.strftime("%Y-%m"),
        "months": h.months,
        "streams": [[s.owner, s.district, list(s.counts)] for s in h.streams],
        "hazard": [[c.team, c.band, c.case_months, c.closures] for c in h.hazard],
        "team_starts": [[code, day.strftime("%Y-%m")] for code, day in h.team_starts],
        "district_starts": [[code, day.strftime("%Y-%m")] for code, day in h.district_starts],
    }


def baseline_from_dict(data: Any, path: str = "baseline") -> Baseline:
    return _read(BaselineFile.model_validate, data, path).baseline()


def change_from_dict(data: Any, path: str) -> Change:
    return _read(_CHANGE.validate_python, data, path)


def changes_to_list(changes: Iterable[Change]) -> list[dict]:
    return [c.to_dict() for c in changes]


def changes_from_list(items: Any, path: str = "changes") -> tuple[Change, ...]:
    return tuple(_read(_CHANGES.validate_python, items, path))


def scenario_to_dict(s: Scenario) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": s.name,
        "author": s.author,
        "created_at": s.created_at,
        "note": s.note,
        "baseline": baseline_to_dict(s.baseline),
        "changes": changes_to_list(s.changes),
    }


def scenario_from_dict(data: Any) -> Scenario:
    """Read and check a scenario file's content; ScenarioError names the first wrong field."""
    file = _read(ScenarioFile.model_validate, data, "")
    baseline, changes = file.baseline.baseline(), tuple(file.changes)
    check_changes(baseline, changes)
    return Scenario(
        name=file.name,
        baseline=baseline,
        changes=changes,
        author=file.author,
        created_at=file.created_at,
        note=file.note,
    )
