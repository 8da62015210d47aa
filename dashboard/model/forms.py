"""What every edit form shares: the error that names a field, and reading dates and counts typed by
a person (German formats). Pure: no database, no Dash."""

from __future__ import annotations

import datetime as dt

from dashboard.model.text import TextRefused, check_text

DATE_PATTERNS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S")


class FormError(ValueError):
    """A form value breaks a rule. The message is German, names the field and the fix; `field` says
    which form field is wrong (None: the record as a whole)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


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
