"""Name keys and official keys for matching boundary files to areas."""

import pytest

from geo.names import ags_from_key, name_key


@pytest.mark.parametrize("raw, key", [
    ("Kernstadt-Süd", "kernstadt sued"),
    ("KERNSTADT SÜD", "kernstadt sued"),
    ("Kernstadt – Süd", "kernstadt sued"),
    ("Kernstadt_Sued", "kernstadt sued"),
    ("John-F.-Kennedy-Str.", "john f kennedy strasse"),
    ("John F. Kennedy Straße", "john f kennedy strasse"),
    ("John-F.-Kennedy-Strasse", "john f kennedy strasse"),
    ("John F Kennedy Str", "john f kennedy strasse"),
    ("Böckingen", "boeckingen"),
    ("Boeckingen", "boeckingen"),
    ("Bo\u0308ckingen", "boeckingen"),  # ö as o + combining diaeresis (decomposed Unicode)
    ("  Bad  Friedrichshall ", "bad friedrichshall"),
    ("Gundelsheim (Württ.)", "gundelsheim wuertt"),
    ("Mönchseestraße", "moenchseestrasse"),  # "straße" inside a word stays part of the word
    ("Straßenbahn", "strassenbahn"),
    ("", ""),
    (None, ""),
])
def test_name_key_folds_case_umlauts_hyphens_and_street(raw, key):
    assert name_key(raw) == key


@pytest.mark.parametrize("raw, ags", [
    ("08125013", "08125013"),
    ("081255003013", "08125013"),  # RS: Kreis 08125, Verband 5003, Gemeinde 013
    ("081210000000", "08121000"),
    (8125013, "08125013"),  # numeric column lost the leading zero
    (81255003013, "08125013"),
    ("8125013.0", "08125013"),
    (" 08125013 ", "08125013"),
    ("0812501", None),
    ("abc", None),
    ("", None),
    (None, None),
])
def test_ags_from_key(raw, ags):
    assert ags_from_key(raw) == ags
