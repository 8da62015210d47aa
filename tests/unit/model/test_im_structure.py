"""Folding the Gemeinden's arrangements into the structure view's units (A / B / C, Verbund in A)."""

import datetime as dt

from dashboard.model.figures.county import ArrangementFact as F
from dashboard.model.im_structure import structure_groups
from dashboard.model.vocabulary import ImMode

D1, D2 = dt.date(2018, 6, 1), dt.date(2025, 1, 1)


def test_verbund_joins_its_lead_and_c_groups_by_delegated_traeger():
    groups = structure_groups([
        F("Rheinfelden", ImMode.own, None, D1, "Vereinbarung A 1."),
        F("Schwörstadt", ImMode.verbund, "Rheinfelden", D1, "Vereinbarung A 1."),
        F("Binzen", ImMode.verbund, "GVV Kandertal", D1, "A 4."),
        F("Wittlingen", ImMode.verbund, "GVV Kandertal", D2, None, "Beitritt"),
        F("Weil", ImMode.own_provider, "Diakonie", D1, "B 2."),
        F("Aitern", ImMode.county, "Caritas und Diakonie", D1, "C"),
        F("Böllen", ImMode.county, "Caritas und Diakonie", D1, "C"),
        F("Hasel", ImMode.county, None, D2, None),
        F("Tunau", None),
    ])
    assert [g.key for g in groups] == ["A", "B", "C", "–"]
    a, b, c, open_ = groups
    assert [(u.responsible, u.form, u.gemeinden) for u in a.units] == [
        ("GVV Kandertal", "Verbund", ("Binzen", "Wittlingen")),
        ("Rheinfelden", "Eigenregie im Verbund", ("Rheinfelden", "Schwörstadt"))]
    assert a.units[0].valid_from == (D1, D2) and a.units[0].basis == ("A 4.", "Beitritt")
    assert (b.units[0].responsible, b.units[0].provider) == ("Weil", "Diakonie")
    assert [(u.provider, u.gemeinden) for u in c.units] == [(None, ("Hasel",)),
                                                           ("Caritas und Diakonie", ("Aitern", "Böllen"))]
    assert c.gemeinden == 3 and open_.units[0].gemeinden == ("Tunau",)


def test_verbund_without_a_partner_is_its_own_unit_and_no_group_is_empty():
    (a,) = structure_groups([F("Cleebronn", ImMode.verbund, None, D2)])
    assert a.key == "A" and a.units[0].responsible == "Verbund (Partner von Cleebronn nicht erfasst)"
    assert structure_groups([]) == ()
