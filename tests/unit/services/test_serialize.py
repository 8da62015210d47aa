"""`jsonable`: typed figures become JSON without losing a cent or a day."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

from dashboard.model.vocabulary import Status
from dashboard.services.serialize import jsonable


@dataclasses.dataclass(frozen=True)
class _Row:
    day: dt.date
    amount: Decimal
    status: Status
    parts: tuple[int, ...]


def test_nested_dataclasses_decimals_dates_and_enums_become_json():
    row = _Row(dt.date(2026, 11, 22), Decimal("1234.50"), Status.attention, (1, 2))
    result = jsonable({"rows": [row], "total": Decimal("0.10") + Decimal("0.20"), 3: None})
    assert result == {"rows": [{"day": "2026-11-22", "amount": "1234.50", "status": Status.attention.value,
                                "parts": [1, 2]}], "total": "0.30", "3": None}
    assert json.loads(json.dumps(result)) == result


def test_plain_values_pass_unchanged():
    assert jsonable([1, 2.5, "a", True, None]) == [1, 2.5, "a", True, None]
