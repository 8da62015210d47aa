"""Personal data is refused: headers and values that look like names, birth dates, addresses, phones, e-mails."""

import pytest

from data.imports.personal_data import header_finding, scan, value_finding


@pytest.mark.parametrize("header, what", [
    ("Name", "einen Namen"), ("Vorname", "einen Namen"), ("Nachname", "einen Namen"), ("Familienname", "einen Namen"),
    ("Geburtsdatum", "ein Geburtsdatum"), ("geb.", "ein Geburtsdatum"), ("Date of birth", "ein Geburtsdatum"),
    ("Straße", "eine Adresse"), ("Anschrift", "eine Adresse"), ("PLZ", "eine Adresse"), ("Wohnort", "eine Adresse"),
    ("Telefon", "eine Telefonnummer"), ("Handy", "eine Telefonnummer"), ("Tel.", "eine Telefonnummer"),
    ("E-Mail", "eine E-Mail-Adresse"), ("Email", "eine E-Mail-Adresse"),
])
def test_personal_headers(header, what):
    assert header_finding(header) == what


@pytest.mark.parametrize("header", ["Pseudonym", "Stadtteil", "Fallbeginn", "Team", "Projektname", "Betrag",
                                    "Haushaltsgröße", "Standort", "Aktive Fälle", "Zweck"])
def test_ordinary_headers(header):
    assert header_finding(header) is None


@pytest.mark.parametrize("value, what", [
    ("anna.muster@example.org", "eine E-Mail-Adresse"), ("+49 7131 123456", "eine Telefonnummer"),
    ("0171-1234567", "eine Telefonnummer"), ("07131 / 56 23 11", "eine Telefonnummer"),
    ("Hauptstraße 12", "eine Adresse"), ("Am Wollhaus 4, 74072 Heilbronn", "eine Adresse"),
])
def test_personal_values(value, what):
    assert value_finding(value) == what


@pytest.mark.parametrize("value", ["HN-2026-00012", "31.12.2025", "1.234,56", "2026-01-15", "Frankenbach",
                                   "Koordinierungskreis vom 12.05.2026, TOP 4", "Material Sprachcafé", "0,5"])
def test_ordinary_values(value):
    assert value_finding(value) is None


def test_facility_addresses_are_allowed_in_site_columns_only():
    assert value_finding("GU Mönchseestraße 83", address_ok=True) is None
    findings = scan(["Standort", "Kategorie"], [["GU Mönchseestraße 83", "Mönchseestraße 83"]], [2],
                    address_ok_columns=frozenset({"standort"}))
    assert [(f.column, f.row) for f in findings] == [("Kategorie", 2)]
