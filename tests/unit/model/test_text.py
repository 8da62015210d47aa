"""The one text rule: what is refused (formula, control, bidi, zero-width, too long), what passes
(markup, umlauts, ordinary punctuation), and that every form and the import say the same."""

import pytest

from dashboard.model import funds, volunteering
from dashboard.model.text import TextRefused, check_text, is_formula, problem
from data.imports.readers import FileRefused, check_cells
from data.positions import PositionError, parse_change
from data.scenarios import check_name

REFUSED = [
    ('=HYPERLINK("http://evil","x")', "beginnt wie eine Formel"),
    ("  =1+1", "beginnt wie eine Formel"),
    ("@SUMME(A1)", "beginnt wie eine Formel"),
    ("+A1(", "beginnt wie eine Formel"),
    ("-2+3|cmd", "beginnt wie eine Formel"),
    ("\t=1", "beginnt wie eine Formel"),
    ("Sprach\u202ecafé", "Schreibrichtung umkehrt (U+202E)"),
    ("Sprach\u202acafé", "Schreibrichtung umkehrt (U+202A)"),
    ("Sprach\u2066café", "Schreibrichtung umkehrt (U+2066)"),
    ("Sprach\u2069café", "Schreibrichtung umkehrt (U+2069)"),
    ("Sprach\u200bcafé", "ohne Breite (U+200B)"),
    ("Sprach\u200dcafé", "ohne Breite (U+200D)"),
    ("Sprach\ufeffcafé", "ohne Breite (U+FEFF)"),
    ("Sprach\x00café", "Steuerzeichen (U+0000)"),
    ("Sprach\x1bcafé", "Steuerzeichen (U+001B)"),
    ("Sprach\x85café", "Steuerzeichen (U+0085)"),
    ("Sprach\u2028café", "Steuerzeichen (U+2028)"),
]
ACCEPTED = ["Sprachcafé Böckingen", "<b>fett</b>", '<a href="http://evil">x</a>', "</script><script>alert(1)</script>",
            "-5 Grad", "+49 Sprachkurs", "Summe = 5", "Müller & Söhne – 1.234,56 €", "Zeile 1\nZeile 2", "${x}"]


@pytest.mark.parametrize("value, fragment", REFUSED)
def test_refused_with_a_german_reason_and_fix(value, fragment):
    reason = problem(value)
    assert reason is not None and fragment in reason and "Bitte" in reason
    with pytest.raises(TextRefused, match=r"^Projektname: Der Text"):
        check_text(value, "Projektname")


@pytest.mark.parametrize("value", ACCEPTED)
def test_markup_and_ordinary_text_pass(value):
    assert problem(value) is None
    assert check_text(value, "Name") == " ".join(value.split())


@pytest.mark.parametrize("value, max_len, ok", [("x" * 200, 200, True), ("x" * 201, 200, False), ("  a  b ", 3, True)])
def test_length_counts_the_collapsed_text(value, max_len, ok):
    if ok:
        assert check_text(value, "Ort", max_len=max_len) == " ".join(value.split())
    else:
        with pytest.raises(TextRefused, match="höchstens 200"):
            check_text(value, "Ort", max_len=max_len)


@pytest.mark.parametrize("value", ["=1", "@x", "+x(", " -x!"])
def test_is_formula_is_the_imports_rule(value):
    assert is_formula(value)


def _project(name):
    return volunteering.parse_project(name=name, topic="language", provider="1", district="citywide", site=None,
                                      bands=[1], active_from="01.03.2026", active_to=None).errors


def _refusal(call) -> str:
    try:
        result = call()
    except (ValueError, FileRefused) as error:  # FormError, PositionError, ScenarioError, FileRefused
        return str(getattr(error, "detail", None) or error)
    return " ".join(str(e) for e in result) if isinstance(result, list) else ""


FORMS = {
    "Ehrenamt: Name": lambda v: _project(v),
    "Projektmittel: Zweck": lambda v: funds.check_purpose(v),
    "Projektmittel: Aktenzeichen": lambda v: funds.check_decision_ref(v),
    "Personal: Standort": lambda v: parse_change("1", "1", v, None),
    "Szenarien: Name": lambda v: check_name(v),
    "Import/API: Zelle": lambda v: check_cells([v], "API projects", 1, ["Projektname"]),
}


@pytest.mark.parametrize("value, fragment", REFUSED[::3])
@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_and_the_import_refuse_the_same(form, value, fragment):
    message = _refusal(lambda: FORMS[form](value))
    assert problem(value) in message and fragment in message


@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_takes_markup_as_text(form):
    assert _refusal(lambda: FORMS[form]("<b>fett</b>")) == ""


def test_a_position_error_names_the_field():
    with pytest.raises(PositionError, match="^Standort: Der Text beginnt wie eine Formel"):
        parse_change("1", "1", "=1", None)
