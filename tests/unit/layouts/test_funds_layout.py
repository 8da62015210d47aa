"""The page "Projektmittel" renders a component tree from a plain figures dict (no database)."""

import copy

import plotly.graph_objects as go
import pytest

from layouts import funds, ids
from layouts.components import form_feedback
from tests.helpers import ids_in, props_of, texts


def projection(**overrides):
    base = {"day": "2026-11-22", "end": "2026-12-31", "remaining": "5466.21", "rate_per_month": "889.53",
            "projected_end": "4325.66", "runs_out_on": None, "lasts": True, "closed": False}
    return {**base, **overrides}


FIGURES = {
    "year": 2026, "years": [2025, 2026], "revision": 3,
    "stand": {"as_of": "2026-11-22", "source": "demo", "label": "Demodaten", "revision": 3},
    "day": "2026-11-22", "start": "2026-01-01", "end": "2026-12-31", "budget": "15000.00",
    "by_provider": [
        {"provider": "AWO", "code": "awo", "provider_id": 1, "allocated": "5000.00", "spent": "4178.75",
         "transferred_out": "0.00", "transferred_in": "800.00", "remaining": "1621.25"},
        {"provider": "Caritas", "code": "caritas", "provider_id": 2, "allocated": "5000.00",
         "spent": "2872.64", "transferred_out": "0.00", "transferred_in": "0.00", "remaining": "2127.36"},
        {"provider": "Diakonie", "code": "diakonie", "provider_id": 3, "allocated": "5000.00",
         "spent": "2482.40", "transferred_out": "800.00", "transferred_in": "0.00", "remaining": "1717.60"},
    ],
    "totals": {"allocated": "15000.00", "spent": "9533.79", "transferred_out": "800.00",
               "transferred_in": "800.00", "remaining": "5466.21"},
    "series": [
        {"key": "total", "provider_id": None, "label": "Alle Träger", "code": None,
         "points": [["2026-01-15", "15000.00"], ["2026-11-22", "5466.21"]], "projection": projection()},
        {"key": "p1", "provider_id": 1, "label": "AWO", "code": "awo",
         "points": [["2026-01-15", "5000.00"], ["2026-11-22", "1621.25"]],
         "projection": projection(remaining="1621.25", projected_end="1121.34")},
        {"key": "p2", "provider_id": 2, "label": "Caritas", "code": "caritas",
         "points": [["2026-01-15", "5000.00"], ["2026-11-22", "2127.36"]],
         "projection": projection(remaining="2127.36", projected_end="-120.50", lasts=False,
                                  runs_out_on="2026-12-24")},
        {"key": "p3", "provider_id": 3, "label": "Diakonie", "code": "diakonie",
         "points": [["2026-01-15", "5000.00"], ["2026-11-22", "1717.60"]],
         "projection": projection(remaining="1717.60", projected_end="1421.00")},
    ],
    "ledger": [
        {"entry_id": 1, "date": "2026-01-15", "provider": "AWO", "kind": "allocation",
         "kind_text": "Zuweisung", "amount": "5000.00", "purpose": "Projektmittel 2026",
         "to_provider": None, "decision_date": None, "decision_ref": None, "note": ""},
        {"entry_id": 2, "date": "2026-03-04", "provider": "Caritas", "kind": "expense",
         "kind_text": "Ausgabe", "amount": "650.00", "purpose": "Honorar Dolmetschung",
         "to_provider": None, "decision_date": None, "decision_ref": None, "note": ""},
        {"entry_id": 3, "date": "2026-05-20", "provider": "Diakonie", "kind": "transfer",
         "kind_text": "Übertragung", "amount": "800.00", "purpose": "Sprachgruppen",
         "to_provider": "AWO", "decision_date": "2026-05-12", "decision_ref": "TOP 4", "note": ""},
    ],
}


def test_layout_is_the_frame_with_forms_and_keeps_the_year_from_the_url():
    frame = funds.layout(jahr="2025")
    found = ids_in(frame)
    for component_id in (ids.FUNDS_YEAR, ids.FUNDS_CONTENT, ids.FUNDS_LEDGER, ids.FUNDS_LOCATION,
                         ids.FUNDS_REVISION, ids.FUNDS_REFRESH, ids.FUNDS_EXPENSE_SUBMIT,
                         ids.FUNDS_TRANSFER_SUBMIT, ids.FUNDS_TRANSFER_DECISION_DATE):
        assert component_id in found
    shown = texts(frame)
    for label in ("Ausgabe buchen", "Übertragung an einen anderen Träger", "Beschluss Koordinierungskreis vom",
                  "Betrag in €", "Zweck", "Von (Träger)", "An (Träger)"):
        assert label in shown
    assert props_of(frame, ids.FUNDS_YEAR)["value"] == "2025"
    assert funds.layout()  # without a year in the URL
    assert funds.layout(jahr="abc")  # an invalid one is left to the callback's message


def test_content_shows_kpis_table_and_projection():
    shown = texts(funds.content(FIGURES))
    for text in ("Verbleibend 2026", "5.466,21 €", "9.533,79 €", "800,00 €", "Prognose 31.12.2026", "4.326 €",
                 "✔ reicht bis 31.12.", "Übertragung ab", "Übertragung zu", "Summe", "1.621,25 €",
                 "2.127,36 €", "1.717,60 €", "15.000,00 €", "1 Übertragung nach Beschluss des Koordinierungskreises"):
        assert text in shown, text
    joined = " ".join(shown)
    assert "Das Geld reicht voraussichtlich bis zum 31.12.2026" in joined
    assert "Caritas: ✖ reicht nicht, voraussichtlich aufgebraucht am 24.12.2026" in joined
    assert "AWO: ✔ reicht bis 31.12.2026" in joined
    assert {ids.FUNDS_PROVIDER_TABLE, ids.FUNDS_BURNDOWN_CHART, ids.FUNDS_PROJECTION_TEXT,
            ids.FUNDS_KPI_REMAINING, ids.FUNDS_KPI_PROJECTION} <= ids_in(funds.content(FIGURES))


def test_content_when_the_money_does_not_last():
    fig = copy.deepcopy(FIGURES)
    fig["series"][0]["projection"] = projection(projected_end="-250.00", lasts=False, runs_out_on="2026-12-20")
    shown = texts(funds.content(fig))
    assert "✖ reicht nicht" in shown
    assert any(t.startswith("✖ Das Geld reicht voraussichtlich nicht bis zum 31.12.2026") and "20.12.2026" in t
               for t in shown)


def test_closed_year_and_empty_year():
    fig = copy.deepcopy(FIGURES)
    fig["year"], fig["start"], fig["end"] = 2025, "2025-01-01", "2025-12-31"
    for s in fig["series"]:
        s["projection"] = projection(day="2025-12-31", end="2025-12-31", closed=True)
    shown = " ".join(texts(funds.content(fig)))
    assert "Das Jahr 2025 ist abgeschlossen" in shown and "Jahr abgeschlossen" in shown

    empty = copy.deepcopy(FIGURES)
    empty["year"] = 2027
    empty["totals"] = {k: "0.00" for k in empty["totals"]}
    empty["ledger"] = []
    for s in empty["series"]:
        s["points"] = []
        s["projection"] = projection(remaining="0.00", projected_end="0.00", runs_out_on="2027-01-01")
    shown = " ".join(texts(funds.content(empty)))
    assert "Für 2027 sind noch keine Projektmittel zugewiesen oder gebucht." in shown
    assert "Für 2027 gibt es noch keine Buchungen." in " ".join(texts(funds.ledger(empty)))
    assert "keine Träger" in " ".join(texts(funds.content({**empty, "by_provider": []})))


def test_ledger_shows_transfers_with_receiver_and_decision_newest_first():
    ledger = funds.ledger(FIGURES)
    shown = texts(ledger)
    assert "Buchungen 2026" in shown
    for text in ("Datum", "Träger", "Art", "Betrag", "Zweck", "an AWO",
                 "Beschluss Koordinierungskreis vom 12.05.2026", "TOP 4", "Übertragung", "Ausgabe", "Zuweisung"):
        assert text in shown, text
    assert shown.index("20.05.2026") < shown.index("04.03.2026") < shown.index("15.01.2026")
    assert ids.FUNDS_LEDGER_TABLE in ids_in(ledger)


def test_burndown_chart_is_german_with_dashed_projection():
    chart = funds.burndown_chart(FIGURES)
    assert isinstance(chart, go.Figure)
    assert chart.layout.separators == ",."
    assert chart.layout.font.size >= 16
    assert list(chart.layout.xaxis.ticktext) == ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug",
                                                 "Sep", "Okt", "Nov", "Dez"]
    names = [t.name for t in chart.data]
    assert names[:2] == ["Alle Träger", "Prognose Alle Träger"] and "Caritas" in names
    dashed = [t for t in chart.data if t.line.dash == "dash" and t.x[0] is not None]
    assert len(dashed) == 4
    total = dashed[0]
    assert list(total.x) == ["2026-11-22", "2026-12-31"] and list(total.y) == [5466.21, 4325.66]
    assert any("Stand 22.11.2026" == a.text for a in chart.layout.annotations)


def test_form_feedback_and_options():
    refused = texts(form_feedback(["Betrag: Bitte einen Betrag in Euro eingeben, z. B. 1.234,56."],
                                  title=funds.NOT_BOOKED))
    assert "✖ Nicht gebucht:" in refused and any(t.startswith("Betrag:") for t in refused)
    assert "✔ " in texts(form_feedback(success="Gebucht."))
    assert form_feedback() is None
    assert funds.provider_options(FIGURES) == [{"label": "AWO", "value": "1"},
                                               {"label": "Caritas", "value": "2"},
                                               {"label": "Diakonie", "value": "3"}]
    assert funds.year_options(FIGURES) == [{"label": "2025", "value": "2025"}, {"label": "2026", "value": "2026"}]


@pytest.mark.parametrize("text", ["Loading", "Submit", "Remaining", "Budget "])
def test_no_english_words(text):
    shown = " ".join(texts(funds.layout()) + texts(funds.content(FIGURES)) + texts(funds.ledger(FIGURES)))
    assert text not in shown
