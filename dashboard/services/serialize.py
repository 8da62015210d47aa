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


def jsonable(value: Any) -> Any:
    """`value` with every dataclass, Decimal, date, enum, tuple and set made JSON-serialisable."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
