"""Refuse personal data before anything is read into the database (DOMAIN.md §9).

The steering tool holds no names, birth dates, addresses, phone numbers or e-mail addresses. A file
is refused when a column *header* looks like one of them (e.g. "Nachname", "Geburtsdatum",
"Straße", "Telefon", "E-Mail") or when a *value* looks like an e-mail address, a phone number or a
street address (except in the site columns of positions and projects, which name facilities such as
"GU Mönchseestr. 83", never a person's home). Names as values cannot be recognised reliably; they
are kept out by the strict column list of each kind and by the pseudonym's format (no spaces).
Pure: no database, no Dash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# header words (compared after lower-casing and removing everything but letters)
_HEADER_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("einen Namen", re.compile(r"^(name|namen|vorname|vornamen|nachname|familienname|rufname|geburtsname|"
                               r"klientname|klientin|klient|person|firstname|lastname|surname|fullname|"
                               r"givenname|vollername|namevorname|vornamename)$")),
    ("ein Geburtsdatum", re.compile(r"(geburt|geboren|^geb$|^gebdat|birth|^dob$|^alter$|^age$)")),
    ("eine Adresse", re.compile(r"(adresse|anschrift|strasse|straße|^str$|hausnummer|^hausnr|^plz$|"
                                r"postleitzahl|wohnort|^wohnung|address|street|zipcode|^zip$|postcode)")),
    ("eine Telefonnummer", re.compile(r"(telefon|^tel$|^telnr|handy|mobil|^phone|^fax)")),
    ("eine E-Mail-Adresse", re.compile(r"(^email|^mail$|^emailadresse|mailadresse)")),
    ("eine Ausweis- oder Sozialversicherungsnummer", re.compile(
        r"(ausweis|passnummer|reisepass|sozialversicherung|steuerid|steueridentifikation|^iban$|^svnr)")),
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"^(?:\+|00)[1-9][\d\s/()-]{7,}$|^0\d{2,5}[\s/-]+\d[\d\s-]{4,}$|^\(0\d{2,5}\)\s*\d[\d\s-]{4,}$")
_STREET = re.compile(r"[A-Za-zÄÖÜäöüß-]{3,}(straße|strasse|str\.|weg|gasse|platz|allee|ring)\s+\d+\s*[a-zA-Z]?\b",
                     re.IGNORECASE)
_POSTCODE_TOWN = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]{2,}")


@dataclass(frozen=True)
class PersonalDataFinding:
    column: str
    row: int | None  # None: the header itself
    what: str
    value: str | None = None

    def message(self, filename: str) -> str:
        where = (f"Spalte „{self.column}“" if self.row is None
                 else f"Zeile {self.row}, Spalte „{self.column}“")
        seen = "Die Überschrift" if self.row is None else "Der Wert"
        return (f"{filename}, {where}: {seen} sieht nach personenbezogenen Daten aus ({self.what}). Das "
                "IM-Cockpit speichert keine Namen, Geburtsdaten, Adressen, Telefonnummern oder "
                "E-Mail-Adressen. Bitte die Spalte löschen bzw. die Daten vorher pseudonymisieren "
                "(nur Pseudonym, Stadtteil, Daten, Status) und erneut hochladen. Es wurde nichts importiert.")


def _letters(header: str) -> str:
    return re.sub(r"[^a-zäöüß]", "", header.lower())


def header_finding(header: str) -> str | None:
    """What personal data a column header suggests ("einen Namen", …) or None."""
    key = _letters(header)
    for what, pattern in _HEADER_RULES:
        if pattern.search(key):
            return what
    return None


def value_finding(value: str, *, address_ok: bool = False) -> str | None:
    """What personal data a cell value looks like, or None."""
    text = value.strip()
    if _EMAIL.search(text):
        return "eine E-Mail-Adresse"
    if _PHONE.match(text):
        return "eine Telefonnummer"
    if not address_ok and (_STREET.search(text) or _POSTCODE_TOWN.search(text)):
        return "eine Adresse"
    return None


def scan(headers: list[str], rows: list[list], row_numbers: list[int], *,
         address_ok_columns: frozenset[str] = frozenset(), known_columns: frozenset[str] = frozenset(),
         limit: int = 20) -> list[PersonalDataFinding]:
    """Every finding (up to `limit`): headers first, then values. Known columns of the kind are
    never refused for their header (e.g. "AU-Zuweisung am" is a date, not a birth date)."""
    findings = []
    for header in headers:
        if header.lower() in known_columns:
            continue
        what = header_finding(header)
        if what:
            findings.append(PersonalDataFinding(header, None, what))
    for line, row in zip(row_numbers, rows):
        for header, cell in zip(headers, row):
            if not isinstance(cell, str) or len(findings) >= limit:
                continue
            what = value_finding(cell, address_ok=header.lower() in address_ok_columns)
            if what:
                findings.append(PersonalDataFinding(header, line, what, cell))
    return findings[:limit]
