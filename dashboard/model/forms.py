"""What every edit form shares: the error that names a field, and reading dates and counts typed by
a person (German formats). Pure: no database, no Dash."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dashboard.model.text import TextRefused, check_text

DATE_PATTERNS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S")


class FormError(ValueError):
    """A form value breaks a rule. The message is German, names the field and the fix; `field` says
    which form field is wrong (None: the record as a whole)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class FormResult:
    """Parsed form values, or the German errors (all of them at once, each naming its field)."""

    values: dict = field(default_factory=dict)
    errors: list[FormError] = field(default_factory=list)

    def take(self, name: str, parse, *args, **kwargs):
        """`values[name] = parse(*args, **kwargs)`; a FormError is collected and the value is None."""
        try:
            self.values[name] = parse(*args, **kwargs)
        except FormError as error:
            self.errors.append(error)
            self.values[name] = None
        return self.values[name]

    @property
    def fields(self) -> set[str]:
        return {e.field for e in self.errors if e.field}


_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")


def parse_decimal(value: str | int | float | Decimal | None, label: str, field: str | None = None, *,
                  minimum: Decimal | int = 0, maximum: Decimal | int | None = None, places: int = 2,
                  required: bool = True, unit: str = "", error: type[FormError] = FormError) -> Decimal | None:
    """A number typed by a person: "15", "15,5", "15.5" or with German thousands points "75.000,00"
    (a point followed by three digits groups thousands). At most `places` decimals, within
    [minimum, maximum]. Empty: None when not `required`."""
    if isinstance(value, bool):
        raise error(f"{label}: bitte eine Zahl eingeben.", field)
    text = "" if value is None else str(value).strip().replace("\u00a0", "").replace(" ", "").rstrip("€%h")
    if not text:
        if required:
            raise error(f"{label}: Bitte eine Zahl eingeben{f' (in {unit})' if unit else ''}.", field)
        return None
    if _THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise error(f"{label}: „{value}“ ist keine Zahl. Bitte z. B. 15 oder 15,5 eingeben.", field) from None
    if not number.is_finite():
        raise error(f"{label}: „{value}“ ist keine Zahl. Bitte z. B. 15 oder 15,5 eingeben.", field)
    if -number.as_tuple().exponent > places:
        raise error(f"{label}: höchstens {places} Nachkommastellen, nicht „{value}“.", field)
    if number < Decimal(minimum) or (maximum is not None and number > Decimal(maximum)):
        span = f"{minimum} bis {maximum}" if maximum is not None else f"mindestens {minimum}"
        raise error(f"{label}: bitte {span}{f' {unit}' if unit else ''} eingeben (eingegeben: {value}).", field)
    return number


def parse_date(value: str | dt.date | None, label: str, field: str | None = None, *,
               required: bool = True, error: type[FormError] = FormError) -> dt.date | None:
    """A date from a form: ISO as the date picker sends it, or TT.MM.JJJJ as a person types it."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            raise error(f"{label}: Bitte ein Datum angeben (TT.MM.JJJJ).", field)
        return None
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise error(f"{label}: „{text}“ ist kein gültiges Datum. Bitte als TT.MM.JJJJ eingeben, "
                "z. B. 22.11.2026.", field)


def parse_count(value: str | int | None, label: str, field: str | None = None, *, maximum: int = 9999,
                error: type[FormError] = FormError) -> int:
    """A whole number ≥ 0 typed by a person (empty means 0)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        raise error(f"{label}: bitte eine ganze Zahl eingeben.", field)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text.isdigit():
            raise error(f"{label}: „{value}“ ist keine ganze Zahl ≥ 0. Bitte z. B. 5 eingeben.", field)
        number = int(text)
    if not 0 <= number <= maximum:
        raise error(f"{label}: bitte eine Zahl zwischen 0 und {maximum} eingeben (eingegeben: {number}).",
                    field)
    return number


def check_form_text(value: str | None, label: str, field: str | None = None, *,
                    error: type[FormError] = FormError) -> None:
    """Refuse typed text the import would refuse (formula, control, bidi or zero-width characters)
    with the German message of `dashboard.model.text`, naming `label` and `field`."""
    try:
        check_text(value, label)
    except TextRefused as refused:
        raise error(str(refused), field) from None
