"""The one rule for free text that people type or import (names, sites, purposes, notes).

Refused: text that a spreadsheet would run as a formula (leading =, @, or + / - followed by a
call or reference), control characters, characters that turn the writing direction around
(bidi overrides and isolates) or are invisible (zero-width), and text longer than the field
allows. Markup such as `<b>` is *not* refused here: it is ordinary text and every output
(pages, PDFs, map file, downloads) escapes it. Used by the import readers (files, CLI, API)
and by every edit form, so a value is accepted or refused the same way everywhere.
Pure: no database, no Dash.
"""

from __future__ import annotations

import re

_FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-].*[(!|]")
BIDI = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]))
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_ALLOWED_CONTROLS = frozenset("\t\n\r")  # whitespace: collapsed by the parsers, never stored as such


class TextRefused(ValueError):
    """Text breaks the rule; the message (German, without the field's name) says why and how to fix it."""


def is_formula(text: str) -> bool:
    """Text that a spreadsheet would run as a formula (CSV injection)."""
    return bool(_FORMULA.match(text))


def _hidden(char: str) -> bool:
    code = ord(char)
    if char in _ALLOWED_CONTROLS:
        return False
    return code < 32 or 0x7F <= code <= 0x9F or char in "\u2028\u2029"


def problem(text: str, max_len: int | None = None) -> str | None:
    """Why `text` is refused (German, with the fix), or None when it is fine."""
    if max_len is not None and len(text) > max_len:
        return f"Der Text hat {len(text)} Zeichen; erlaubt sind höchstens {max_len}. Bitte kürzen."
    if is_formula(text):
        return (f"Der Text beginnt wie eine Formel („{text.strip()[:40]}“). Formeln werden aus "
                "Sicherheitsgründen nicht angenommen. Bitte nur den Wert eingeben, ohne führendes =, @, + "
                "oder - (in Excel: Kopieren → Inhalte einfügen → Werte).")
    for char in text:
        if char in BIDI:
            return (f"Der Text enthält ein unsichtbares Zeichen, das die Schreibrichtung umkehrt "
                    f"(U+{ord(char):04X}). Bitte den Text neu eintippen statt ihn einzufügen.")
        if char in ZERO_WIDTH:
            return (f"Der Text enthält ein unsichtbares Zeichen ohne Breite (U+{ord(char):04X}). "
                    "Bitte den Text neu eintippen statt ihn einzufügen.")
        if _hidden(char):
            return (f"Der Text enthält ein Steuerzeichen (U+{ord(char):04X}). Bitte den Text neu eintippen "
                    "statt ihn einzufügen.")
    return None


def check_text(value: str | None, label: str, *, max_len: int | None = None) -> str | None:
    """`value` with its whitespace collapsed; `TextRefused` ("<label>: <why> <fix>") when it breaks
    the rule. None and blank text give None (whether a field is required is the caller's rule)."""
    if value is None:
        return None
    reason = problem(str(value), None)
    clean = " ".join(str(value).split())
    if reason is None and max_len is not None:
        reason = problem(clean, max_len)
    if reason is not None:
        raise TextRefused(f"{label}: {reason}")
    return clean or None


def slug(name: str) -> str:
    """"Steuerungsgremium" → "steuerungsgremium", "Böckingen-West" → "boeckingen-west": codes and file names."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    cleaned = "".join(c if c.isalnum() else "-" for c in name.translate(table).lower())
    return "-".join(part for part in cleaned.split("-") if part)

