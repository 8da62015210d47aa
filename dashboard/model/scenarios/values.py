"""The values a scenario is written in, read with pydantic, and the one translation of pydantic's
validation errors into a German `ScenarioError` that names the field (`changes[2].fte`) and the fix.

The types below read values the way the scenario file and the page's forms write them: text (at
most 200 characters, the one text rule of `model.text`), numbers (a decimal comma is fine, no
true/false, nothing infinite, between two bounds), amounts (text with a decimal point, never
negative), dates (JJJJ-MM-TT; a time after it is ignored) and choices. Each refuses with an error
*type* and its context only; `german` turns every error type into words, once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import PlainValidator, StrictBool, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from ..formatting import fmt_eur, fmt_number
from ..text import problem as text_problem
from .baseline import FUNDINGS, PROGRAMMES

TEXT_MAX = 200
NOTE_MAX = 2000
AMOUNT_MAX = Decimal("1000000000000")  # 1 Billion €: more is a typo (and would overflow the cents)


class ScenarioError(ValueError):
    """A scenario (file or change) is invalid. German message; `field` is the JSON path."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.detail = message


def refuse(kind: str, **context: Any) -> PydanticCustomError:
    """A refusal of the scenario types: `german` words it (the template is for logs only)."""
    return PydanticCustomError(kind, kind.replace("_", " "), context)


# --- the value types -------------------------------------------------------------------------------


def _text(required: bool, maximum: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or (required and not value.strip()):
            raise refuse("text_type")
        if len(value) > maximum:
            raise refuse("text_too_long", maximum=maximum)
        if (reason := text_problem(value)) is not None:
            raise refuse("text_refused", reason=reason)
        return value

    return check


Code = Annotated[str, PlainValidator(_text(True, TEXT_MAX))]  # a required, non-blank text: codes, names
Text = Annotated[str, PlainValidator(_text(False, TEXT_MAX))]  # a text that may be empty
Note = Annotated[str, PlainValidator(_text(False, NOTE_MAX))]
Flag = StrictBool


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def number(minimum: float, maximum: float, *, integer: bool = False) -> PlainValidator:
    """A number between `minimum` and `maximum` (an int with `integer`); "1,5" and "1.5" read as 1.5."""

    def check(value: Any) -> int | float:
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "."))
            except ValueError:
                raise refuse("number_parsing") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            raise refuse("number_type", value=value)
        if integer and float(value) != int(value):
            raise refuse("int_type", value=value)
        if value < minimum or value > maximum:
            raise refuse("number_range", value=value, minimum=minimum, maximum=maximum)
        return int(value) if integer else float(value)

    return PlainValidator(check)


def _amount(value: Any) -> Decimal:
    try:
        if isinstance(value, bool) or isinstance(value, float) and not math.isfinite(value):
            raise ValueError
        amount = Decimal(str(value).replace(",", ".")) if isinstance(value, (str, int, float)) else None
        if amount is None or not amount.is_finite():
            raise ValueError
    except (ValueError, ArithmeticError):
        raise refuse("amount_parsing") from None
    if amount < 0:
        raise refuse("amount_negative")
    if amount > AMOUNT_MAX:
        raise refuse("amount_too_large", maximum=AMOUNT_MAX)
    return amount


Amount = Annotated[Decimal, PlainValidator(_amount)]  # money (and the money percentages) as Decimal


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value[:10])  # "2027-01-01T00:00:00" from a date picker is fine
    except ValueError:
        raise refuse("date_parsing") from None


Day = Annotated[dt.date, PlainValidator(_day)]


def choice(options: Collection[str]) -> PlainValidator:
    """One of `options` (listed in this order in the refusal)."""
    options = tuple(options)

    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in options:
            raise refuse("choice", options=", ".join(options))
        return value

    return PlainValidator(check)


ProgrammeCode = Annotated[str, choice(PROGRAMMES)]
FundingCode = Annotated[str, choice(FUNDINGS)]
Ratio = Annotated[int, number(1, 1000, integer=True)]  # a Personalschlüssel 1:ratio


def without_nulls(data: Any) -> Any:
    """`null` in an object means the field is not there (its default, or „Pflichtfeld fehlt.“)."""
    return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


# --- the one translation ---------------------------------------------------------------------------


def _shown(value: Any, *, quoted: bool = False) -> str:
    """`value` as the refusal shows it (repr, or plain text between „…“); shortened when long."""
    try:
        text = str(value) if quoted else repr(value)
    except ValueError:  # an integer with more digits than Python prints
        text = "…"
    return text if len(text) <= 60 else text[:59] + "…"


def _number(value: float, digits: int) -> str:
    try:
        return fmt_number(value, digits)
    except ArithmeticError:  # too many digits for babel's decimal context (1e300)
        return _shown(value)


def _range(e: ErrorDetails) -> str:
    c = e["ctx"]
    return (
        f"Der Wert {_number(c['value'], 2)} liegt nicht zwischen {fmt_number(c['minimum'], 0)} und "
        f"{fmt_number(c['maximum'], 0)}."
    )


def _found(expected: str) -> Callable[[ErrorDetails], str]:
    return lambda e: f"Erwartet wird {expected}, gefunden: {_shown(e.get('ctx', {}).get('value', e['input']))}."


OBJECT = "Erwartet wird ein Objekt {…}."
UNKNOWN_FIELD = (
    "Dieses Feld gibt es im Szenarioformat nicht. Bitte entfernen oder den Namen prüfen (docs/scenarios.md)."
)
MESSAGES: dict[str, Callable[[ErrorDetails], str]] = {
    "missing": lambda e: "Pflichtfeld fehlt.",
    "union_tag_not_found": lambda e: "Pflichtfeld fehlt.",
    "union_tag_invalid": lambda e: (
        f"„{_shown(e['ctx']['tag'], quoted=True)}“ ist nicht erlaubt. Möglich: "
        f"{e['ctx']['expected_tags'].replace(chr(39), '')}."
    ),
    "model_type": lambda e: OBJECT,
    "dataclass_type": lambda e: OBJECT,
    "dict_type": lambda e: OBJECT,
    "model_attributes_type": lambda e: OBJECT,
    "object_type": lambda e: OBJECT,
    "list_type": lambda e: "Erwartet wird eine Liste […].",
    "changes_type": lambda e: "Erwartet wird eine Liste […] von Änderungen.",
    "extra_forbidden": lambda e: UNKNOWN_FIELD,
    "unexpected_keyword_argument": lambda e: UNKNOWN_FIELD,
    "text_type": _found("ein Text"),
    "text_too_long": lambda e: f"Höchstens {e['ctx']['maximum']} Zeichen (jetzt {len(e['input'])}).",
    "text_refused": lambda e: e["ctx"]["reason"],
    "bool_type": _found("true oder false"),
    "number_parsing": lambda e: f"„{_shown(e['input'], quoted=True)}“ ist keine Zahl.",
    "number_type": _found("eine Zahl"),
    "int_type": _found("eine ganze Zahl"),
    "number_range": _range,
    "amount_parsing": lambda e: f'„{_shown(e["input"], quoted=True)}“ ist kein Betrag. Bitte z. B. "5000.00" angeben.',
    "amount_negative": lambda e: "Der Betrag darf nicht negativ sein.",
    "amount_too_large": lambda e: (
        f"Der Betrag ist zu groß (höchstens {fmt_eur(e['ctx']['maximum'], cents=False)}). Bitte den Betrag prüfen."
    ),
    "date_parsing": lambda e: (
        f"„{_shown(e['input'], quoted=True)}“ ist kein Datum. Bitte als JJJJ-MM-TT angeben, z. B. 2027-01-01."
    ),
    "choice": lambda e: f"„{_shown(e['input'], quoted=True)}“ ist nicht erlaubt. Möglich: {e['ctx']['options']}.",
    "file_format": lambda e: f"Das ist keine IM-Cockpit-Szenariodatei (erwartet „{e['ctx']['expected']}“).",
    "file_version": lambda e: (
        f"Version {_shown(e['input'])} wird nicht unterstützt; diese Version liest Version {e['ctx']['supported']}."
    ),
    "case_row": lambda e: (
        'Erwartet wird [Team oder null, Stadtteil oder null, "JJJJ-MM", verlängert true/false, Anzahl].'
    ),
    "case_month": lambda e: f"„{_shown(e['ctx']['value'], quoted=True)}“ ist kein Monat JJJJ-MM.",
    "case_count": lambda e: f"Die Anzahl muss eine ganze Zahl ≥ 0 sein, gefunden: {_shown(e['ctx']['value'])}.",
    "inflow_row": lambda e: "Erwartet wird [Team oder null, Stadtteil oder null, Fälle je Monat ≥ 0].",
    "history_row": lambda e: f"Erwartet wird {e['ctx']['expected']}.",
    "unknown_code": lambda e: (
        f"{e['ctx']['what']} „{_shown(e['ctx']['value'], quoted=True)}“ gibt es in der "
        f"Ausgangslage nicht. Bekannt: {e['ctx']['known']}."
    ),
}
# where the error sits below its location: the discriminator of a change, an element of a compact row
SUFFIX = {"union_tag_not_found": ".type", "union_tag_invalid": ".type"}


def path_of(prefix: str, loc: Iterable[int | str], tags: Collection[str] = ()) -> str:
    """`changes[2].fte` from pydantic's location, without the `tags` of a discriminated union (pydantic
    puts the tag after the list index, or first for a single item: `(2, "move_fte", "fte")`)."""
    path, previous = prefix, None
    for i, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif not (part in tags and (i == 0 or isinstance(previous, int))):
            path = f"{path}.{part}" if path else part
        previous = part
    return path


def german(error: ValidationError, prefix: str = "", tags: Collection[str] = ()) -> ScenarioError:
    """The first of pydantic's errors in German, at its path below `prefix`."""
    first = error.errors(include_url=False)[0]
    words = MESSAGES.get(first["type"])
    message = words(first) if words else f"Der Wert passt nicht ({first['msg']}). Bitte docs/scenarios.md prüfen."
    suffix = SUFFIX.get(first["type"], "") + first.get("ctx", {}).get("at", "")
    return ScenarioError(message, (path_of(prefix, first["loc"], tags) + suffix).lstrip("."))
