"""Matching keys for area names and official keys (AGS / RS) of boundary files.

Pure functions on strings: a district called "John-F.-Kennedy-Str." in the database and
"John F. Kennedy Straße" in a city's GIS file get the same key, as do "Böckingen" and "BOECKINGEN".
Imports neither dash nor sqlalchemy.
"""

from __future__ import annotations

import re
import unicodedata

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# "Str." / "Str" / "Strasse" / "Straße" at a word end (after umlaut folding "straße" is "strasse")
_STREET = re.compile(r"str(?:\.|asse\b|\b)")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./,;:()'\"’`]+")


def name_key(name: str | None) -> str:
    """The comparison key of a name: case, umlauts, ß, hyphens, dots and "Str."/"Straße" folded.

    "Kernstadt-Süd" → "kernstadt sued"; "John-F.-Kennedy-Str." → "john f kennedy strasse".
    """
    if name is None:
        return ""
    text = unicodedata.normalize("NFC", str(name)).strip().casefold().translate(_UMLAUTS)
    # letters with other accents (é, ç, combining marks left after NFC) lose their accent
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _STREET.sub("strasse ", text)
    return " ".join(part for part in _SEPARATORS.split(text) if part)


def ags_from_key(value: object) -> str | None:
    """An 8-digit AGS from an AGS (8 digits) or a regional key RS/ARS (12 digits); None otherwise.

    Keys read as numbers lose their leading zero ("8125013" → "08125013"). The RS holds the
    Verband in digits 6–9: AGS = RS[0:5] + RS[9:12].
    """
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0"):  # a key stored as a float column
        text = text[:-2]
    if not text.isdigit():
        return None
    if len(text) in (7, 11) and not text.startswith("0"):
        text = "0" + text
    if len(text) == 8:
        return text
    if len(text) == 12:
        return text[:5] + text[9:]
    return None
