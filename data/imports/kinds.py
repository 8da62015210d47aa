"""One spec per importable kind: German column headers, required/optional, parser, natural key.

Kinds: cases (Fälle), caseload counts (Fallzahlen), positions (Stellen), volunteer projects
(Ehrenamtsprojekte), ledger entries (Projektmittel). A row is parsed cell by cell into the values
the schema stores; every problem becomes a `Problem` naming the row, column, value and the fix.
References are resolved through `Refs` (Träger by code, short or full name; Stadtteil by name or
code), read once per import. The natural key of each kind decides whether a row is new, an update
or unchanged:

- cases: Pseudonym
- caseload counts: Stichtag + Team + Stadtteil
- positions: Träger + Programm + Finanzierung + Gültig ab + Bezeichnung
- projects: Träger + Projektname + Aktiv seit
- ledger: Art + Träger + Datum + Betrag + Zweck + An Träger (ledger lines are never changed, only added)

The rules of the edit forms are reused (VZÄ from `data.positions`, projects from
`dashboard.model.volunteering.parse_project`, amounts and bookings from `dashboard.model.funds`).
This module must not import dash, layouts or callbacks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.model.forms import FormError, parse_date
from dashboard.model.funds import parse_amount
from dashboard.model.vocabulary import (
    CLOSURE_TEXT,
    FUNDING_TEXT,
    LEDGER_KIND_TEXT,
    ORIGIN_TEXT,
    PROGRAMME_TEXT,
    Funding,
)
from dashboard.model.volunteering import TOPIC_TEXT
from data.positions import PositionError, parse_fte
from data.schema import Area, AreaKind, Provider

DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
PSEUDONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, for people: where, what, how to fix it."""

    row: int | None  # the file's line (XLSX: sheet row); None: the file or a column as a whole
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    sheet: str | None = None  # the kind's sheet in a full workbook

    def text(self, filename: str | None = None) -> str:
        where = [filename] if filename else []
        if self.sheet:
            where.append(f"Blatt „{self.sheet}“")
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        if self.value not in (None, ""):
            where.append(f"Wert „{str(self.value)[:60]}“")
        head = ", ".join(where)
        return f"{head}: {self.message}" + (f" {self.fix}" if self.fix else "")


def problem_from_message(row: int | None, column: str | None, value, message: str) -> Problem:
    """Split a form rule's German message ("… ist kein Datum. Bitte …") into message and fix."""
    text = message
    for prefix in (f"{column}: ",) if column else ():
        text = text.removeprefix(prefix)
    head, sep, fix = text.partition(" Bitte ")
    return Problem(row, column, None if value is None else _show(value), head.strip(),
                   f"Bitte {fix}".strip() if sep else "")


def _show(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


class CellError(ValueError):
    """A cell cannot be read; message and fix in German."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.fix = fix


# --- references -----------------------------------------------------------------------------------

@dataclass
class Refs:
    """Träger and Stadtteile by every name a file may use (lower-cased)."""

    providers: dict[str, Provider]
    districts: dict[str, Area]
    provider_by_id: dict[int, Provider]
    district_by_id: dict[int, Area]

    @classmethod
    def load(cls, session: Session) -> Refs:
        providers, districts = {}, {}
        all_providers = list(session.scalars(select(Provider).order_by(Provider.sort_order)))
        for p in all_providers:
            for name in (p.code, p.short_name, p.name):
                providers[_norm(name)] = p
        all_districts = list(session.scalars(select(Area).where(Area.kind == AreaKind.district)))
        for a in all_districts:
            for name in (a.code, a.name):
                districts[_norm(name)] = a
        return cls(providers, districts, {p.id: p for p in all_providers}, {a.id: a for a in all_districts})

    def provider_names(self) -> str:
        return ", ".join(p.short_name for p in self.provider_by_id.values())


def _norm(text: str) -> str:
    return " ".join(str(text).replace("–", "-").replace("—", "-").lower().split())


# --- cell parsers (value → python) -----------------------------------------------------------------

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
    text = _norm(_text_of(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError("ist weder „ja“ noch „nein“.", "Bitte „ja“ oder „nein“ eintragen (leer heißt nein).")


def cell_choice(labels: dict[str, str], aliases: dict[str, tuple[str, ...]] | None = None) -> Callable:
    """German label (or an alias, or the English code) → code."""
    lookup = {_norm(label): str(code) for code, label in labels.items()}
    lookup.update({_norm(code): str(code) for code in labels})
    lookup.update({_norm(alias): str(code) for code, names in (aliases or {}).items() for alias in names})

    def parse(value, refs) -> str:
        code = lookup.get(_norm(_text_of(value)))
        if code is None:
            raise CellError("ist kein erlaubter Wert.", "Erlaubt: " + ", ".join(f"„{v}“" for v in labels.values()) + ".")
        return code
    parse.labels = labels
    parse.__name__ = "cell_choice"
    return parse


def cell_provider(value, refs: Refs) -> int:
    provider = refs.providers.get(_norm(_text_of(value)))
    if provider is None:
        raise CellError("ist kein bekannter Träger.", f"Bitte einen dieser Träger eintragen: {refs.provider_names()}.")
    return provider.id


def cell_district(value, refs: Refs) -> int:
    district = refs.districts.get(_norm(_text_of(value)))
    if district is None:
        raise CellError("ist kein bekannter Stadtteil (Planungsbezirk).",
                        "Bitte den Namen wie in der Vorlage (Blatt „Erläuterung“) schreiben, z. B. „Frankenbach“.")
    return district.id


def cell_pseudonym(value, refs) -> str:
    text = _text_of(value)
    if not PSEUDONYM.match(text):
        raise CellError("ist kein Pseudonym (3–64 Zeichen: Buchstaben, Ziffern, . _ / -, keine Leerzeichen).",
                        "Bitte nur das Pseudonym eintragen, z. B. HN-2026-00012 – nie einen Namen.")
    return text


# --- kinds ----------------------------------------------------------------------------------------

# short words files commonly use besides the vocabulary's labels (accepted, never written)
FUNDING_ALIASES = {"land": ("Land",), "church": ("Kirche",)}


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # attribute name in the schema (also the English key of the API)
    header: str  # German header in files and templates
    parse: Callable
    required: bool = False
    default: object = None
    help: str = ""
    example: object = None
    address_ok: bool = False  # a facility's address is no personal data
    api_key: str = ""  # English key in the API's JSON (default: `key`)

    @property
    def english(self) -> str:
        return self.api_key or self.key


@dataclass(frozen=True)
class KindSpec:
    name: str  # cases | caseload_counts | positions | projects | ledger
    title: str  # German, also the sheet name of templates and the full export
    api_path: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    provider_field: str  # whose data a row is (scope check)
    description: str
    check: Callable[[dict], list[tuple[str | None, str, str]]] = field(default=lambda values: [])

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def header_map(self) -> dict[str, ColumnSpec]:
        """Every accepted header spelling (German header, English key), normalised → column."""
        mapping = {}
        for c in self.columns:
            mapping[_norm(c.header)] = c
            mapping[_norm(c.english)] = c
        return mapping


def _check_case(v: dict) -> list[tuple[str | None, str, str]]:
    issues = []
    if v.get("closed_on") and v.get("opened_on") and v["closed_on"] < v["opened_on"]:
        issues.append(("closed_on", "Das Fallende liegt vor dem Fallbeginn.", "Bitte beide Daten prüfen."))
    if bool(v.get("closed_on")) != bool(v.get("closure_reason")):
        issues.append(("closure_reason", "Ein Fallende braucht einen Abschlussgrund und umgekehrt.",
                       "Bitte beide ausfüllen (abgeschlossener Fall) oder beide leer lassen (aktiver Fall)."))
    return issues


def _check_position(v: dict) -> list[tuple[str | None, str, str]]:
    issues = []
    if v.get("valid_to") and v.get("valid_from") and v["valid_to"] < v["valid_from"]:
        issues.append(("valid_to", "„Gültig bis“ liegt vor „Gültig ab“.", "Bitte beide Daten prüfen."))
    if v.get("funded_until") and v.get("valid_from") and v["funded_until"] < v["valid_from"]:
        issues.append(("funded_until", "„Förderung bis“ liegt vor dem Beginn der Stelle.", "Bitte beide Daten prüfen."))
    planned, filled = v.get("planned_fte"), v.get("filled_fte")
    if planned is not None and filled is not None and filled > planned and not v.get("allow_overstaffing"):
        issues.append(("filled_fte", f"VZÄ besetzt ({_show_fte(filled)}) ist größer als VZÄ Soll ({_show_fte(planned)}).",
                       "Bitte korrigieren oder für eine gewollte Überbesetzung in „Überbesetzung gewollt“ „ja“ eintragen."))
    return issues


def _show_fte(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _check_project(v: dict) -> list[tuple[str | None, str, str]]:
    if v.get("active_to") and v.get("active_from") and v["active_to"] < v["active_from"]:
        return [("active_to", "„Aktiv bis“ liegt vor „Aktiv seit“.", "Bitte das Ende auf oder nach den Beginn legen.")]
    return []


def _check_ledger(v: dict) -> list[tuple[str | None, str, str]]:
    issues = []
    kind = v.get("kind")
    if kind == "transfer":
        if not v.get("to_provider_id"):
            issues.append(("to_provider_id", "Eine Übertragung braucht einen empfangenden Träger.",
                           "Bitte „An Träger“ ausfüllen."))
        if not v.get("decision_date"):
            issues.append(("decision_date", "Eine Übertragung braucht einen Beschluss des Koordinierungskreises.",
                           "Bitte das Datum des Beschlusses in „Beschluss vom“ eintragen."))
    elif kind and (v.get("to_provider_id") or v.get("decision_date")):
        issues.append(("to_provider_id", "„An Träger“ und „Beschluss vom“ gehören nur zu einer Übertragung.",
                       "Bitte leer lassen oder als Art „Übertragung“ eintragen."))
    return issues


def _district_help() -> str:
    return "Planungsbezirk/Stadtteil, z. B. Frankenbach (Liste im Blatt „Erläuterung“); leer: keinem Stadtteil zugeordnet"


KINDS: dict[str, KindSpec] = {}


def _register(spec: KindSpec) -> KindSpec:
    KINDS[spec.name] = spec
    return spec


CASES = _register(KindSpec(
    "cases", "Fälle", "cases",
    (
        ColumnSpec("pseudonym", "Pseudonym", cell_pseudonym, True, help="eindeutiges Pseudonym des Falls, nie ein Name",
                   example="HN-2026-00012"),
        ColumnSpec("team_id", "Team", cell_provider, True, help="Träger/Team, das den Fall führt (AWO, Caritas, Diakonie, Stadt)",
                   example="Caritas"),
        ColumnSpec("district_id", "Stadtteil", cell_district, help=_district_help(), example="Frankenbach"),
        ColumnSpec("origin", "Herkunft", cell_choice(ORIGIN_TEXT), default="case_transfer",
                   help="„Fallüberleitung“ (Standard) oder „direkt“", example="Fallüberleitung"),
        ColumnSpec("au_assigned_on", "AU-Zuweisung am", cell_date, True,
                   help="Datum der Zuweisung in die Anschlussunterbringung (TT.MM.JJJJ)", example=dt.date(2025, 9, 1)),
        ColumnSpec("opened_on", "Fallbeginn", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 1, 12)),
        ColumnSpec("closed_on", "Fallende", cell_date, help="TT.MM.JJJJ; leer: Fall ist aktiv"),
        ColumnSpec("closure_reason", "Abschlussgrund", cell_choice(CLOSURE_TEXT),
                   help="nur mit Fallende: " + ", ".join(CLOSURE_TEXT.values())),
        ColumnSpec("eligibility_extended", "Verlängerung 4. Jahr", cell_bool, default=False,
                   help="ja/nein: Anspruch auf 4 Jahre verlängert", example="nein"),
        ColumnSpec("has_integration_plan", "Integrationsplan", cell_bool, default=False,
                   help="ja/nein: Integrationsplan liegt vor", example="ja"),
        ColumnSpec("household_size", "Haushaltsgröße", cell_int(1, 30), default=1, help="Personen im Haushalt, 1–30",
                   example=3),
        ColumnSpec("category", "Kategorie", cell_text(32), help="Kategorie für die gewichtete Fallbelastung (optional)",
                   example="familie"),
    ),
    key=("pseudonym",), provider_field="team_id",
    description="Pseudonymisierte Einzelfälle des Integrationsmanagements. Schlüssel: Pseudonym.",
    check=_check_case,
))

CASELOAD_COUNTS = _register(KindSpec(
    "caseload_counts", "Fallzahlen", "caseload-counts",
    (
        ColumnSpec("as_of", "Stichtag", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 10, 31)),
        ColumnSpec("team_id", "Team", cell_provider, True, help="Träger/Team", example="AWO"),
        ColumnSpec("district_id", "Stadtteil", cell_district, help=_district_help() + " (Zahl für das ganze Team)"),
        ColumnSpec("active_cases", "Aktive Fälle", cell_int(0, 100000), True, help="Anzahl aktiver Fälle, ganze Zahl",
                   example=42),
    ),
    key=("as_of", "team_id", "district_id"), provider_field="team_id",
    description="Aggregierte Fallzahlen je Team (und Stadtteil) zum Stichtag. Schlüssel: Stichtag + Team + Stadtteil.",
))

POSITIONS = _register(KindSpec(
    "positions", "Stellen", "positions",
    (
        ColumnSpec("provider_id", "Träger", cell_provider, True, help="AWO, Caritas, Diakonie oder Stadt", example="AWO"),
        ColumnSpec("programme", "Programm", cell_choice(PROGRAMME_TEXT), True, help=", ".join(PROGRAMME_TEXT.values()),
                   example="Integrationsmanagement"),
        ColumnSpec("funding", "Finanzierung", cell_choice(FUNDING_TEXT, FUNDING_ALIASES), True,
                   help=", ".join(FUNDING_TEXT.values()) + " (auch: Land, Kirche)", example=FUNDING_TEXT[Funding.land]),
        ColumnSpec("valid_from", "Gültig ab", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 1, 1)),
        ColumnSpec("valid_to", "Gültig bis", cell_date, help="TT.MM.JJJJ; leer: unbefristet"),
        ColumnSpec("planned_fte", "VZÄ Soll", cell_fte, True, help="0 bis 10, höchstens 3 Nachkommastellen, z. B. 0,5",
                   example="0,5"),
        ColumnSpec("filled_fte", "VZÄ besetzt", cell_fte, True, help="0 bis 10; nicht größer als VZÄ Soll", example="0,5"),
        ColumnSpec("allow_overstaffing", "Überbesetzung gewollt", cell_bool, default=False,
                   help="ja: VZÄ besetzt darf größer als VZÄ Soll sein"),
        ColumnSpec("planned_is_upper_bound", "Soll ist Obergrenze", cell_bool, default=False,
                   help="ja: „bis zu“ VZÄ Soll (z. B. kirchliche Stellen)"),
        ColumnSpec("funded_until", "Förderung bis", cell_date, help="TT.MM.JJJJ; Ende der befristeten Förderung"),
        ColumnSpec("site", "Standort", cell_text(200), help="Einrichtung, z. B. GU Mönchseestraße 83", address_ok=True,
                   example="GU Mönchseestraße 83"),
        ColumnSpec("label", "Bezeichnung", cell_text(120), help="Kurzname der Stelle, z. B. CaDiFa", address_ok=True),
        ColumnSpec("city_share_fte", "Stadtanteil VZÄ", cell_fte, help="bei mit dem Landkreis geteilten Stellen"),
        ColumnSpec("city_share_min_fte", "Mindestanteil Stadt VZÄ", cell_fte, help="vertraglicher Mindestanteil"),
        ColumnSpec("staff_ratio", "Personalschlüssel", cell_int(1, 1000),
                   help="Fälle je Vollzeitstelle, wenn abweichend von 1:90"),
        ColumnSpec("plan", "Plan", cell_text(120), help="Plandokument, z. B. ARGE-Konzeption 12/2025", address_ok=True),
        ColumnSpec("note", "Anmerkung", cell_text(1000), help="freier Text (keine personenbezogenen Daten)", address_ok=True),
    ),
    key=("provider_id", "programme", "funding", "valid_from", "label"), provider_field="provider_id",
    description=("Stellenplan: eine Zeile je Stelle. Schlüssel: Träger + Programm + Finanzierung + Gültig ab + "
                 "Bezeichnung (Standort, VZÄ usw. sind änderbar)."),
    check=_check_position,
))

PROJECTS = _register(KindSpec(
    "projects", "Ehrenamtsprojekte", "projects",
    (
        ColumnSpec("name", "Projektname", cell_text(200), True, help="Name des Projekts", example="Sprachcafé Böckingen",
                   address_ok=True, api_key="project_name"),
        ColumnSpec("topic", "Thema", cell_choice(TOPIC_TEXT), True, help=", ".join(TOPIC_TEXT.values()),
                   example="Sprachgruppen"),
        ColumnSpec("provider_id", "Träger", cell_provider, True, help="AWO, Caritas oder Diakonie", example="Diakonie"),
        ColumnSpec("district_id", "Stadtteil", cell_district, help="Stadtteil; leer: stadtweit", example="Alt-Böckingen"),
        ColumnSpec("site", "Ort", cell_text(200), help="Einrichtung/Treffpunkt", address_ok=True, example="Stadtbibliothek"),
        ColumnSpec("volunteers_18_29", "Ehrenamtliche 18–29", cell_int(0, 999), default=0, help="Anzahl", example=2),
        ColumnSpec("volunteers_30_49", "Ehrenamtliche 30–49", cell_int(0, 999), default=0, help="Anzahl", example=3),
        ColumnSpec("volunteers_50_64", "Ehrenamtliche 50–64", cell_int(0, 999), default=0, help="Anzahl", example=1),
        ColumnSpec("volunteers_65_plus", "Ehrenamtliche 65+", cell_int(0, 999), default=0, help="Anzahl", example=2),
        ColumnSpec("active_from", "Aktiv seit", cell_date, True, help="TT.MM.JJJJ", example=dt.date(2026, 3, 1)),
        ColumnSpec("active_to", "Aktiv bis", cell_date, help="TT.MM.JJJJ; leer: läuft"),
    ),
    key=("provider_id", "name", "active_from"), provider_field="provider_id",
    description=("Ehrenamtsprojekte mit Ehrenamtlichen je Altersgruppe (nur Anzahlen, nie Namen). "
                 "Schlüssel: Träger + Projektname + Aktiv seit."),
    check=_check_project,
))

LEDGER = _register(KindSpec(
    "ledger", "Projektmittel", "ledger",
    (
        ColumnSpec("year", "Jahr", cell_int(2000, 2100), True, help="Haushaltsjahr", example=2026),
        ColumnSpec("provider_id", "Träger", cell_provider, True, help="buchender bzw. abgebender Träger", example="AWO"),
        ColumnSpec("kind", "Art", cell_choice(LEDGER_KIND_TEXT), True, help="Zuweisung, Ausgabe oder Übertragung",
                   example="Ausgabe"),
        ColumnSpec("amount", "Betrag", cell_amount, True, help="Euro, z. B. 1.234,56 (größer 0)", example="412,80"),
        ColumnSpec("booked_on", "Datum", cell_date, True, help="TT.MM.JJJJ, im Jahr der Buchung",
                   example=dt.date(2026, 2, 10)),
        ColumnSpec("purpose", "Zweck", cell_text(300), True, help="Zweck der Buchung", example="Material Sprachcafé",
                   address_ok=True),
        ColumnSpec("to_provider_id", "An Träger", cell_provider, help="nur Übertragung: empfangender Träger"),
        ColumnSpec("decision_date", "Beschluss vom", cell_date,
                   help="nur Übertragung: Datum des Koordinierungskreis-Beschlusses (am oder vor dem Datum)"),
        ColumnSpec("decision_ref", "Aktenzeichen / TOP", cell_text(120), help="nur Übertragung, z. B. TOP 4"),
    ),
    key=("kind", "provider_id", "booked_on", "amount", "purpose", "to_provider_id"), provider_field="provider_id",
    description=("Buchungen der Projektmittel (Zuweisung, Ausgabe, Übertragung). Buchungen werden nur ergänzt, "
                 "nie geändert. Schlüssel: Art + Träger + Datum + Betrag + Zweck + An Träger. Es gelten die Regeln der "
                 "Seite Projektmittel: keine Überbuchung, Übertragung nur mit Beschluss am oder vor dem Datum."),
    check=_check_ledger,
))


def kind_by_name(name: str | None) -> KindSpec | None:
    """A kind by its code, German title or API path (case-insensitive)."""
    if not name:
        return None
    wanted = _norm(name).replace("-", "_")
    for spec in KINDS.values():
        if wanted in (spec.name, _norm(spec.title), spec.api_path.replace("-", "_")):
            return spec
    return None


def detect_kind(headers: list[str]) -> KindSpec | None:
    """The kind whose required headers all appear (the one with the most matching headers)."""
    normalised = {_norm(h) for h in headers}
    best, best_score = None, 0
    for spec in KINDS.values():
        mapping = spec.header_map()
        required = {_norm(c.header) for c in spec.columns if c.required}
        required_keys = {_norm(c.english) for c in spec.columns if c.required}
        if not (required <= normalised or required_keys <= normalised):
            continue
        score = sum(1 for h in normalised if h in mapping)
        if score > best_score:
            best, best_score = spec, score
    return best


@dataclass
class ParsedRow:
    line: int
    values: dict
    problems: list[Problem]


def map_headers(spec: KindSpec, headers: list[str]) -> tuple[dict[int, ColumnSpec], list[Problem]]:
    """Column index → spec; unknown and missing required columns are problems."""
    mapping = spec.header_map()
    found: dict[int, ColumnSpec] = {}
    problems = []
    for index, header in enumerate(headers):
        column = mapping.get(_norm(header))
        if column is None:
            problems.append(Problem(None, header, None, "Diese Spalte gibt es für „" + spec.title + "“ nicht.",
                                    "Bitte löschen oder umbenennen. Erlaubte Spalten: "
                                    + ", ".join(c.header for c in spec.columns) + "."))
        elif column in found.values():
            problems.append(Problem(None, header, None, f"Die Spalte „{column.header}“ steht doppelt.",
                                    "Bitte eine der beiden löschen."))
        else:
            found[index] = column
    present = set(found.values())
    for column in spec.columns:
        if column.required and column not in present:
            problems.append(Problem(None, column.header, None, "Pflichtspalte fehlt.",
                                    f"Bitte die Spalte „{column.header}“ ergänzen ({column.help})."))
    return found, problems


def parse_row(spec: KindSpec, columns: dict[int, ColumnSpec], row: list, line: int, refs: Refs) -> ParsedRow:
    """One row → values by schema attribute, or the problems of its cells."""
    values: dict = {}
    problems: list[Problem] = []
    by_key = {c.key: None for c in spec.columns}
    for index, column in columns.items():
        by_key[column.key] = row[index] if index < len(row) else None
    for column in spec.columns:
        raw = by_key[column.key]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                problems.append(Problem(line, column.header, None, "Pflichtfeld ist leer.",
                                        f"Bitte ausfüllen ({column.help})."))
            values[column.key] = column.default
            continue
        try:
            values[column.key] = column.parse(raw, refs)
        except CellError as error:
            problems.append(Problem(line, column.header, _show(raw), str(error), error.fix))
            values[column.key] = None
    if not problems:
        for key, message, fix in spec.check(values):
            header = spec.column(key).header if key else None
            problems.append(Problem(line, header, _show(values.get(key)) if key and values.get(key) is not None else None,
                                    message, fix))
    return ParsedRow(line, values, problems)
