"""Cell parsers (value → python): text, dates, German numbers, VZÄ, amounts, yes/no, choices, Träger,
Stadtteil, pseudonyms. Each raises `CellError` with a German message and fix.

The rules of the edit forms are reused (VZÄ from `data.positions`, amounts from `dashboard.model.funds`).
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from dashboard.model.forms import FormError, parse_date
from dashboard.model.funds import parse_amount
from data.imports.kinds.problems import CellError
from data.imports.kinds.refs import Refs, norm
from data.positions import PositionError, parse_fte

DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$")


def _text_of(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def cell_text(max_len: int) -> Callable:
    def parse(value, refs):
        text = _text_of(value)
        if len(text) > max_len:
            raise CellError(f"höchstens {max_len} Zeichen (jetzt {len(text)}).", "Bitte kürzen.")
        return text
    parse.__name__ = "cell_text"
    return parse


def cell_date(value, refs) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)):
        raise CellError("ist eine Zahl, kein Datum.", "Bitte als TT.MM.JJJJ eingeben, z. B. 31.12.2025.")
    else:
        try:
            day = parse_date(str(value).strip(), "Datum")
        except FormError:
            raise CellError("ist kein gültiges Datum.",
                            "Bitte als TT.MM.JJJJ eingeben, z. B. 31.12.2025 (oder JJJJ-MM-TT).") from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise CellError("liegt nicht zwischen 2000 und 2100.", "Bitte das Jahr prüfen.")
    return day


def german_number(value) -> Decimal:
    """'1.234,5' → 1234.5; '1234,5', '0.5', '1234' as well; numbers from XLSX as they are."""
    if isinstance(value, bool):
        raise CellError("ist keine Zahl.", "Bitte eine Zahl eingeben, z. B. 1.234,5.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(value))
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) and not text.lstrip("-").startswith("0."):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    elif not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise CellError("ist keine Zahl.", "Bitte eine Zahl im deutschen Format eingeben, z. B. 1.234,5.")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError("ist keine Zahl.", "Bitte eine Zahl eingeben, z. B. 1.234,5.") from None


def cell_int(minimum: int, maximum: int) -> Callable:
    def parse(value, refs) -> int:
        number = german_number(value)
        if number != number.to_integral_value():
            raise CellError("ist keine ganze Zahl.", f"Bitte eine ganze Zahl zwischen {minimum} und {maximum} eingeben.")
        if not minimum <= number <= maximum:
            raise CellError(f"liegt nicht zwischen {minimum} und {maximum}.",
                            f"Bitte eine ganze Zahl zwischen {minimum} und {maximum} eingeben.")
        return int(number)
    parse.__name__ = "cell_int"
    return parse


def cell_fte(value, refs) -> Decimal:
    text = value if isinstance(value, str) else format(german_number(value).normalize(), "f")
    try:
        return parse_fte(text, "VZÄ")
    except PositionError as error:
        _, _, reason = str(error).partition(": ")
        head, sep, fix = reason.partition(" Bitte ")
        raise CellError(head.strip(), f"Bitte {fix}".strip() if sep else "Bitte z. B. 0,5 eingeben.") from None


def cell_amount(value, refs) -> Decimal:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = format(german_number(value), "f") if not isinstance(value, Decimal) else format(value, "f")
    else:
        text = str(value)
    try:
        return parse_amount(text, "Betrag")
    except FormError as error:
        _, _, reason = str(error).partition(": ")
        head, sep, fix = reason.partition(" Bitte ")
        raise CellError(head.strip(), f"Bitte {fix}".strip() if sep else "") from None


_YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "y"}
_NO = {"nein", "n", "0", "falsch", "false", "no", "-"}


def cell_bool(value, refs) -> bool:
    if isinstance(value, bool):
        return value
    text = norm(_text_of(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError("ist weder „ja“ noch „nein“.", "Bitte „ja“ oder „nein“ eintragen (leer heißt nein).")


def cell_choice(labels: dict[str, str], aliases: dict[str, tuple[str, ...]] | None = None) -> Callable:
    """German label (or an alias, or the English code) → code."""
    lookup = {norm(label): str(code) for code, label in labels.items()}
    lookup.update({norm(code): str(code) for code in labels})
    lookup.update({norm(alias): str(code) for code, names in (aliases or {}).items() for alias in names})

    def parse(value, refs) -> str:
        code = lookup.get(norm(_text_of(value)))
        if code is None:
            raise CellError("ist kein erlaubter Wert.", "Erlaubt: " + ", ".join(f"„{v}“" for v in labels.values()) + ".")
        return code
    parse.labels = labels
    parse.__name__ = "cell_choice"
    return parse


def cell_provider(value, refs: Refs) -> int:
    provider = refs.providers.get(norm(_text_of(value)))
    if provider is None:
        raise CellError("ist kein bekannter Träger.", f"Bitte einen dieser Träger eintragen: {refs.provider_names()}.")
    return provider.id


def cell_district(value, refs: Refs) -> int:
    district = refs.districts.get(norm(_text_of(value)))
    if district is None:
        raise CellError("ist kein bekannter Stadtteil (Planungsbezirk).",
                        "Bitte den Namen wie in der Vorlage (Blatt „Erläuterung“) schreiben, z. B. „Frankenbach“.")
    return district.id


def cell_municipality(value, refs: Refs) -> int:
    text = _text_of(value)
    if text.isdigit() and len(text) == 7:  # a spreadsheet dropped the leading zero of the AGS
        text = "0" + text
    area = refs.municipalities.get(norm(text))
    if area is None:
        raise CellError("ist keine bekannte Gemeinde.",
                        "Bitte den Amtlichen Gemeindeschlüssel (8 Ziffern, z. B. 08125074) oder den Namen wie im "
                        "Blatt „Erläuterung“ eintragen.")
    return area.id


def cell_county(value, refs: Refs) -> int:
    area = refs.counties.get(norm(_text_of(value)))
    if area is None:
        raise CellError("ist kein bekannter Landkreis.",
                        "Bitte den Namen wie im Blatt „Erläuterung“ eintragen, z. B. „Landkreis Heilbronn“.")
    return area.id


def cell_month(value, refs) -> dt.date:
    """An assignment month: MM.JJJJ, JJJJ-MM or a date (taken as its month's first day)."""
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return cell_date(day.replace(day=1), refs)
    text = _text_of(value)
    match = re.fullmatch(r"(\d{1,2})[./](\d{4})|(\d{4})-(\d{1,2})", text)
    if match:
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        if 1 <= int(month) <= 12:
            return cell_date(dt.date(int(year), int(month), 1), refs)
    return cell_date(value, refs).replace(day=1)


def cell_pseudonym(value, refs) -> str:
    text = _text_of(value)
    if not PSEUDONYM.match(text):
        raise CellError("ist kein Pseudonym (3–64 Zeichen: Buchstaben, Ziffern, . _ / -, keine Leerzeichen).",
                        "Bitte nur das Pseudonym eintragen, z. B. HN-2026-00012 – nie einen Namen.")
    return text



def district_help() -> str:
    return "Planungsbezirk/Stadtteil, z. B. Frankenbach (Liste im Blatt „Erläuterung“); leer: keinem Stadtteil zugeordnet"
