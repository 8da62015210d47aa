"""The page "Projektmittel" renders a component tree from a plain figures dict (no database)."""

import dataclasses
import datetime as dt
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from dashboard.model.figures.funds import FundsFigures, FundsSeries, FundsTotals, LedgerRow, ProviderFunds
from dashboard.model.funds import Projection
from layouts import funds, ids
from layouts.components import form_feedback
from tests.helpers import ids_in, props_of, texts

D = Decimal
day = dt.date.fromisoformat


def projection(**overrides) -> Projection:
    """889,53 € a month (29,2448 € a day over 365 days); 4.325,66 € left on 31.12."""
    base = {"day": day("2026-11-22"), "end": day("2026-12-31"), "remaining": D("5466.21"),
            "rate_per_day": D("29.2448"), "projected_end": D("4325.66"), "runs_out_on": None}
    return Projection(**{**base, **overrides})


def series(key, provider_id, label, code, points, projection_) -> FundsSeries:
    return FundsSeries(key=key, provider_id=provider_id, label=label, code=code,
                       points=tuple((day(d), D(v)) for d, v in points), projection=projection_)


def provider(provider_id, name, code, allocated, spent, out, into, remaining) -> ProviderFunds:
    return ProviderFunds(provider_id=provider_id, provider=name, code=code, allocated=D(allocated), spent=D(spent),
                         transferred_out=D(out), transferred_in=D(into), remaining=D(remaining))


def entry(entry_id, date, name, kind, kind_text, amount, purpose, to=None, decided=None, ref=None) -> LedgerRow:
    return LedgerRow(entry_id=entry_id, date=day(date), provider=name, kind=kind, kind_text=kind_text,
                     amount=D(amount), purpose=purpose, to_provider=to,
                     decision_date=day(decided) if decided else None, decision_ref=ref, note="")


FIGURES = FundsFigures(
    year=2026, years=(2025, 2026), revision=3,
    stand={"as_of": "2026-11-22", "source": "demo", "label": "Demodaten", "revision": 3},
    day=day("2026-11-22"), start=day("2026-01-01"), end=day("2026-12-31"), budget=D("15000.00"),
    by_provider=(
        provider(1, "AWO", "awo", "5000.00", "4178.75", "0.00", "800.00", "1621.25"),
        provider(2, "Caritas", "caritas", "5000.00", "2872.64", "0.00", "0.00", "2127.36"),
        provider(3, "Diakonie", "diakonie", "5000.00", "2482.40", "800.00", "0.00", "1717.60"),
    ),
    totals=FundsTotals(allocated=D("15000.00"), spent=D("9533.79"), transferred_out=D("800.00"),
                       transferred_in=D("800.00"), remaining=D("5466.21")),
    series=(
        series("total", None, "Alle Träger", None, [["2026-01-15", "15000.00"], ["2026-11-22", "5466.21"]],
               projection()),
        series("p1", 1, "AWO", "awo", [["2026-01-15", "5000.00"], ["2026-11-22", "1621.25"]],
               projection(remaining=D("1621.25"), projected_end=D("1121.34"))),
        series("p2", 2, "Caritas", "caritas", [["2026-01-15", "5000.00"], ["2026-11-22", "2127.36"]],
               projection(remaining=D("2127.36"), projected_end=D("-120.50"), runs_out_on=day("2026-12-24"))),
        series("p3", 3, "Diakonie", "diakonie", [["2026-01-15", "5000.00"], ["2026-11-22", "1717.60"]],
               projection(remaining=D("1717.60"), projected_end=D("1421.00"))),
    ),
    ledger=(
        entry(1, "2026-01-15", "AWO", "allocation", "Zuweisung", "5000.00", "Projektmittel 2026"),
        entry(2, "2026-03-04", "Caritas", "expense", "Ausgabe", "650.00", "Honorar Dolmetschung"),
        entry(3, "2026-05-20", "Diakonie", "transfer", "Übertragung", "800.00", "Sprachgruppen",
              to="AWO", decided="2026-05-12", ref="TOP 4"),
    ),
)
replace = dataclasses.replace


def test_the_projections_say_what_the_figures_said():
    """The fixture's projections are what the page used to get as text: lasts, closed, rate per month."""
    total, awo, caritas = (s.projection for s in FIGURES.series[:3])
    assert (total.lasts, total.closed, total.rate_per_month) == (True, False, D("889.53"))
    assert awo.lasts and not caritas.lasts


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
    fig = replace(FIGURES, series=(replace(FIGURES.series[0], projection=projection(
        projected_end=D("-250.00"), runs_out_on=day("2026-12-20"))), *FIGURES.series[1:]))
    assert not fig.series[0].projection.lasts
    shown = texts(funds.content(fig))
    assert "✖ reicht nicht" in shown
    assert any(t.startswith("✖ Das Geld reicht voraussichtlich nicht bis zum 31.12.2026") and "20.12.2026" in t
               for t in shown)


def test_closed_year_and_empty_year():
    closed = projection(day=day("2025-12-31"), end=day("2025-12-31"))
    assert closed.closed
    fig = replace(FIGURES, year=2025, start=day("2025-01-01"), end=day("2025-12-31"),
                  series=tuple(replace(s, projection=closed) for s in FIGURES.series))
    shown = " ".join(texts(funds.content(fig)))
    assert "Das Jahr 2025 ist abgeschlossen" in shown and "Jahr abgeschlossen" in shown

    nothing = projection(remaining=D("0.00"), projected_end=D("0.00"), runs_out_on=day("2027-01-01"))
    empty = replace(FIGURES, year=2027, totals=FundsTotals(*[D("0.00")] * 5), ledger=(),
                    series=tuple(replace(s, points=(), projection=nothing) for s in FIGURES.series))
    shown = " ".join(texts(funds.content(empty)))
    assert "Für 2027 sind noch keine Projektmittel zugewiesen oder gebucht." in shown
    assert "Für 2027 gibt es noch keine Buchungen." in " ".join(texts(funds.ledger(empty)))
    assert "keine Träger" in " ".join(texts(funds.content(replace(empty, by_provider=()))))


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


def test_of_a_lands_many_trager_the_chart_draws_the_sum_and_those_that_run_out_first():
    """Issue 18: 180 Träger were 362 lines (and legend entries) in one chart; now the sum and 8."""
    many = [series(f"p{i}", i, f"Träger {i:03}", None, [["2026-01-15", "5000.00"], ["2026-11-22", "900.00"]],
                   projection(remaining=D("900.00"), projected_end=D(1000 - 37 * i % 200)))
            for i in range(1, 41)]
    lands = dataclasses.replace(FIGURES, series=(FIGURES.series[0], *many))
    drawn = funds.charted(lands.series)
    assert drawn[0].key == "total" and len(drawn) == 1 + funds.CHART_PROVIDERS
    lowest = sorted(many, key=lambda s: s.projection.projected_end)[:funds.CHART_PROVIDERS]
    assert drawn[1:] == [s for s in many if s in lowest]  # in the table's order
    names = {t.name for t in funds.burndown_chart(lands).data}
    assert {s.label for s in lowest} <= names and len(names) == 2 * (1 + funds.CHART_PROVIDERS) + 1
    assert funds.charted(FIGURES.series) == list(FIGURES.series)  # a city: every Träger
    subtitle = " ".join(texts(funds.content(lands)))
    assert "die 8 mit der niedrigsten Prognose zum 31.12." in subtitle


def test_form_feedback_and_options():
    refused = texts(form_feedback(["Betrag: Bitte einen Betrag in Euro eingeben, z. B. 1.234,56."],
                                  title=funds.NOT_BOOKED))
    assert "✖ Nicht gebucht:" in refused and any(t.startswith("Betrag:") for t in refused)
    assert "✔ " in texts(form_feedback(success="Gebucht."))
    assert form_feedback() is None
    assert funds.provider_options(FIGURES.by_provider) == [{"label": "AWO", "value": "1"},
                                               {"label": "Caritas", "value": "2"},
                                               {"label": "Diakonie", "value": "3"}]
    assert funds.year_options(FIGURES) == [{"label": "2025", "value": "2025"}, {"label": "2026", "value": "2026"}]


@pytest.mark.parametrize("text", ["Loading", "Submit", "Remaining", "Budget "])
def test_no_english_words(text):
    shown = " ".join(texts(funds.layout()) + texts(funds.content(FIGURES)) + texts(funds.ledger(FIGURES)))
    assert text not in shown
