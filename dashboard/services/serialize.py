"""Typed figures to JSON: the one place where services' results become strings.

Services hand layouts, PDFs and the CLI typed values (dataclasses, `Decimal`, `date`); only
`im-cockpit kpis --json`, downloads and the API turn them into text, through `jsonable`. Money stays
exact (a `Decimal` becomes its string, "1234.50"), dates become ISO strings, enums their code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

_PLAIN = frozenset({str, int, float, bool, type(None)})  # exact types: an enum's value is not plain
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def jsonable(value: Any) -> Any:
    """`value` with every dataclass, Decimal, date, enum, tuple and set made JSON-serialisable."""
    kind = type(value)
    # the exact plain types and containers first: the Land's count tables are 200.000 cells of them
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {str(key): jsonable(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [jsonable(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: jsonable(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    return value
