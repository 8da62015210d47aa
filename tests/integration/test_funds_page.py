"""The page "Projektmittel" against the demo database (SQLite and PostgreSQL): figures to the cent,
bookings and transfers as single transactions, refusals that write nothing, callbacks over HTTP."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.model.formatting import fmt_eur
from dashboard.services import funds as report
from dashboard.services.serialize import jsonable
from data import ledger
from data.db import make_engine, make_session_factory, read_session, transaction
from tests.helpers import fire, fire_download, make_settings, texts

AWO, CARITAS, DIAKONIE = 1, 2, 3
PAGE = {"funds-location.pathname": "/projektmittel"}


@pytest.fixture
def sessions(demo_url):
    engine = make_engine(demo_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def client(demo_url, tmp_path):
    app = create_app(make_settings(tmp_path, demo_url))
    test_client = app.server.test_client()
    test_client.environ_base["HTTP_X_REMOTE_USER"] = "k.koordination"
    return test_client


def by_hand(sessions, year: int) -> dict[int, Decimal]:
    """remaining = allocation − expenses − transfers out + transfers in, straight from SQL."""
    with sessions() as session:
        rows = session.execute(text(
            "SELECT provider_id, to_provider_id, kind, amount FROM funds_entries WHERE year = :y"),
            {"y": year}).all()
    result = {AWO: Decimal("0.00"), CARITAS: Decimal("0.00"), DIAKONIE: Decimal("0.00")}
    for provider, to_provider, kind, amount in rows:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        if kind == "allocation":
            result[provider] += amount
        elif kind == "expense":
            result[provider] -= amount
        else:
            result[provider] -= amount
            result[to_provider] += amount
    return result


def count_entries(sessions) -> int:
    with sessions() as session:
        return session.execute(text("SELECT COUNT(*) FROM funds_entries")).scalar_one()


def revision(sessions) -> int:
    with sessions() as session:
        return session.execute(text("SELECT revision FROM dataset_info WHERE id = 1")).scalar_one()


@pytest.mark.parametrize("year", [2025, 2026])
def test_remaining_equals_allocation_minus_expenses_plus_minus_transfers(sessions, demo_url, tmp_path, year):
    expected = by_hand(sessions, year)
    with sessions() as session:
        fig = report.page_figures(session, make_settings(tmp_path, demo_url), year)
    shown = {p.provider_id: p.remaining for p in fig.by_provider}
    assert shown == expected
    assert fig.totals.remaining == sum(expected.values())
    for p in fig.by_provider:
        assert p.remaining == p.allocated - p.spent - p.transferred_out + p.transferred_in
    # the burn-down ends where the table ends
    for series in fig.series:
        end = series.points[-1][1]
        assert end == (sum(expected.values()) if series.provider_id is None else expected[series.provider_id])


def test_demo_figures_2026(sessions, demo_url, tmp_path):
    with sessions() as session:
        fig = report.page_figures(session, make_settings(tmp_path, demo_url), 2026)
    caritas = next(p for p in fig.by_provider if p.code == "caritas")
    assert jsonable(caritas.remaining) == "2127.36"
    assert jsonable(fig.totals) == {"allocated": "15000.00", "spent": "9533.79", "transferred_out": "800.00",
                                    "transferred_in": "800.00", "remaining": "5466.21"}
    assert fig.day == dt.date(2026, 11, 22) and fig.years == (2025, 2026)
    assert fig.series[0].projection.lasts is True
    transfer = next(e for e in fig.ledger if e.kind == "transfer")
    assert (transfer.provider, transfer.to_provider, transfer.decision_date) == ("Diakonie", "AWO",
                                                                                 dt.date(2026, 5, 12))
    assert len([e for e in fig.ledger if e.kind == "expense"]) == 12


def test_booking_writes_one_row_and_bumps_the_revision(sessions):
    before, rev = count_entries(sessions), revision(sessions)
    with transaction(sessions) as session:
        entry = ledger.book_expense(session, year=2026, provider_id=CARITAS, booked_on=dt.date(2026, 11, 22),
                                    amount=Decimal("127.36"), purpose="Material", user="tester")
    assert count_entries(sessions) == before + 1
    assert revision(sessions) == rev + 1
    with read_session(sessions) as session:
        assert ledger.balance(session, 2026, CARITAS).remaining == Decimal("2000.00")
        row = session.execute(text("SELECT kind, amount, updated_by, year FROM funds_entries WHERE id = :i"),
                              {"i": entry.id}).one()
    assert (row.kind, Decimal(str(row.amount)), row.updated_by, row.year) == ("expense", Decimal("127.36"),
                                                                               "tester", 2026)


def test_over_booking_writes_nothing(sessions):
    before, rev = count_entries(sessions), revision(sessions)
    with pytest.raises(ledger.LedgerError) as error:
        with transaction(sessions) as session:
            ledger.book_expense(session, year=2026, provider_id=CARITAS, booked_on=dt.date(2026, 11, 22),
                                amount=Decimal("2127.37"), purpose="zu viel", user="tester")
    assert str(error.value).startswith(
        "Die Buchung übersteigt die verbleibenden Mittel der Caritas (2.127,36 €) um 0,01 €.")
    assert isinstance(error.value, ValueError)
    assert count_entries(sessions) == before and revision(sessions) == rev


@pytest.mark.parametrize("change, message", [
    (dict(decision_date=None), "braucht einen Beschluss des Koordinierungskreises"),
    (dict(decision_date=dt.date(2026, 11, 23)), "liegt nach der Übertragung"),
    (dict(to_provider_id=DIAKONIE), "derselbe Träger"),
    (dict(amount=Decimal("1717.61")), "übersteigt die verbleibenden Mittel der Diakonie (1.717,60 €)"),
    (dict(to_provider_id=4), "Projektmittel haben nur die freien Träger"),  # the city's own team
    (dict(booked_on=dt.date(2025, 12, 31)), "nicht im Jahr 2026"),
    (dict(purpose=" "), "Zweck"),
])
def test_transfer_rules_are_enforced_when_writing(sessions, change, message):
    before = count_entries(sessions)
    args = dict(year=2026, provider_id=DIAKONIE, to_provider_id=AWO, booked_on=dt.date(2026, 11, 22),
                amount=Decimal("100.00"), decision_date=dt.date(2026, 11, 20), decision_ref="TOP 2",
                purpose="Übertragung", user="tester")
    args.update(change)
    with pytest.raises(ledger.LedgerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        with transaction(sessions) as session:
            ledger.book_transfer(session, **args)
    assert count_entries(sessions) == before


def test_transfer_moves_money_and_records_the_decision(sessions):
    rev = revision(sessions)
    with transaction(sessions) as session:
        entry = ledger.book_transfer(session, year=2026, provider_id=DIAKONIE, to_provider_id=CARITAS,
                                     booked_on=dt.date(2026, 11, 22), amount=Decimal("1717.60"),
                                     decision_date=dt.date(2026, 11, 22), decision_ref=None,
                                     purpose="alles an Caritas", user="tester")
    with read_session(sessions) as session:
        assert ledger.balance(session, 2026, DIAKONIE).remaining == Decimal("0.00")
        assert ledger.balance(session, 2026, CARITAS).remaining == Decimal("3844.96")
        row = session.execute(text("SELECT decision_date, decision_ref, to_provider_id FROM funds_entries "
                                   "WHERE id = :i"), {"i": entry.id}).one()
    assert row.to_provider_id == CARITAS and row.decision_ref is None
    assert str(row.decision_date)[:10] == "2026-11-22"
    assert revision(sessions) == rev + 1


# --- over HTTP, as the browser sends it ------------------------------------------------------------

def expense(client, **values):
    form = {"funds-expense-submit.n_clicks": 1, "funds-year.value": "2026",
            "funds-expense-provider.value": str(CARITAS), "funds-expense-date.date": "2026-11-22",
            "funds-expense-amount.value": "100,00", "funds-expense-purpose.value": "Material"}
    form.update(values)
    return fire(client, "funds-expense-message", form, changed="funds-expense-submit.n_clicks")


def test_page_is_routed_and_renders_the_figures(client):
    frame = fire(client, "shell-page-content", {"shell-url.pathname": "/projektmittel", "shell-url.search": ""})
    assert "Projektmittel Ehrenamtskoordination" in texts(frame)
    response = fire(client, "funds-content", {**PAGE, "funds-location.search": ""},
                    changed="funds-location.search")
    shown = texts(response["funds-content"]["children"])
    assert "5.466,21 €" in shown and "2.127,36 €" in shown
    assert response["funds-location"]["search"] == "?jahr=2026"
    assert response["funds-year"]["value"] == "2026"
    assert response["funds-expense-date"]["date"] == "2026-11-22"
    ledger_shown = " ".join(texts(response["funds-ledger"]["children"]))
    assert "an AWO" in ledger_shown and "Beschluss Koordinierungskreis vom 12.05.2026" in ledger_shown
    assert response["funds-expense-provider"]["options"][1] == {"label": "Caritas", "value": "2"}


def test_year_from_url_and_invalid_year_gets_a_german_message(client):
    earlier = fire(client, "funds-content", {**PAGE, "funds-location.search": "?jahr=2025"},
                   changed="funds-location.search")
    assert "Verbleibend 2025" in texts(earlier["funds-content"]["children"])
    bad = fire(client, "funds-content", {**PAGE, "funds-location.search": "?jahr=morgen&x=1"},
               changed="funds-location.search")
    message = " ".join(texts(bad["funds-message"]["children"]))
    assert "„morgen“" in message and "jahr=2026" in message
    assert bad["funds-location"]["search"] == "?jahr=2026&x=1"
    assert "Verbleibend 2026" in texts(bad["funds-content"]["children"])
    picked = fire(client, "funds-content", {**PAGE, "funds-location.search": "?jahr=2026",
                                            "funds-year.value": "2025"}, changed="funds-year.value")
    assert picked["funds-location"]["search"] == "?jahr=2025"


def test_content_callback_stays_silent_off_its_page(client):
    assert fire(client, "funds-content", {"funds-location.pathname": "/", "funds-location.search": ""},
                changed="funds-location.search") == {}


def test_booking_over_http_writes_one_row_bumps_revision_and_records_the_user(client, sessions):
    before, rev = count_entries(sessions), revision(sessions)
    response = expense(client, **{"funds-expense-amount.value": "1.000,50"})
    message = " ".join(texts(response["funds-expense-message"]["children"]))
    assert "Gebucht: Ausgabe der Caritas über 1.000,50 €" in message
    assert f"Verbleibend Caritas: {fmt_eur(Decimal('1126.86'))}" in message
    assert response["funds-revision"]["data"] == rev + 1
    assert response["funds-expense-amount"]["value"] == ""
    assert count_entries(sessions) == before + 1 and revision(sessions) == rev + 1
    with sessions() as session:
        user = session.execute(text("SELECT updated_by FROM funds_entries ORDER BY id DESC LIMIT 1")).scalar_one()
    assert user == "k.koordination"
    # the page re-renders with the new numbers
    page = fire(client, "funds-content", {**PAGE, "funds-location.search": "?jahr=2026",
                                          "funds-revision.data": rev}, changed="funds-revision.data")
    assert "1.126,86 €" in texts(page["funds-content"]["children"])


def test_over_booking_over_http_writes_nothing_and_says_why(client, sessions):
    before, rev = count_entries(sessions), revision(sessions)
    response = expense(client, **{"funds-expense-amount.value": "2500"})
    message = " ".join(texts(response["funds-expense-message"]["children"]))
    assert "Nicht gebucht" in message
    assert "Die Buchung übersteigt die verbleibenden Mittel der Caritas (2.127,36 €) um 372,64 €" in message
    assert response["funds-expense-amount"]["invalid"] is True
    assert "funds-revision" not in response
    assert count_entries(sessions) == before and revision(sessions) == rev


def test_invalid_form_lists_every_problem(client, sessions):
    before = count_entries(sessions)
    response = expense(client, **{"funds-expense-provider.value": None, "funds-expense-date.date": "2025-12-31",
                                  "funds-expense-amount.value": "12,345", "funds-expense-purpose.value": ""})
    shown = texts(response["funds-expense-message"]["children"])
    assert any(t.startswith("Träger: Bitte") for t in shown)
    assert any(t.startswith("Datum: Der 31.12.2025 liegt nicht im Jahr 2026") for t in shown)
    assert any(t.startswith("Betrag: Höchstens zwei Nachkommastellen") for t in shown)
    assert any(t.startswith("Zweck: Bitte") for t in shown)
    assert count_entries(sessions) == before


def transfer(client, **values):
    form = {"funds-transfer-submit.n_clicks": 1, "funds-year.value": "2026",
            "funds-transfer-from.value": str(DIAKONIE), "funds-transfer-to.value": str(CARITAS),
            "funds-transfer-date.date": "2026-11-22", "funds-transfer-amount.value": "250,00",
            "funds-transfer-decision-date.date": "2026-11-18", "funds-transfer-decision-ref.value": "TOP 3",
            "funds-transfer-purpose.value": "Lernpaten"}
    form.update(values)
    return fire(client, "funds-transfer-message", form, changed="funds-transfer-submit.n_clicks")


def test_transfer_without_decision_date_is_refused_over_http(client, sessions):
    before = count_entries(sessions)
    response = transfer(client, **{"funds-transfer-decision-date.date": None})
    message = " ".join(texts(response["funds-transfer-message"]["children"]))
    assert "Beschluss Koordinierungskreis vom: Eine Übertragung braucht einen Beschluss" in message
    assert count_entries(sessions) == before


def test_transfer_over_http_is_booked_and_listed(client, sessions):
    before, rev = count_entries(sessions), revision(sessions)
    response = transfer(client)
    message = " ".join(texts(response["funds-transfer-message"]["children"]))
    assert "Gebucht: Übertragung von 250,00 € von Diakonie an Caritas" in message
    assert "Beschluss Koordinierungskreis vom 18.11.2026" in message
    assert response["funds-transfer-decision-date"]["date"] is None
    assert count_entries(sessions) == before + 1 and revision(sessions) == rev + 1
    page = fire(client, "funds-content", {**PAGE, "funds-location.search": "?jahr=2026"},
                changed="funds-location.search")
    shown = " ".join(texts(page["funds-ledger"]["children"]))
    assert "an Caritas" in shown and "Beschluss Koordinierungskreis vom 18.11.2026" in shown and "TOP 3" in shown


def test_downloads_match_the_page(client):
    data = fire_download(client, "funds", "providers", "csv", search="?jahr=2026")
    assert data["filename"] == "projektmittel-je-traeger-2026.csv"
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    assert lines[0] == "Träger;Zuweisung;Ausgaben;Übertragung ab;Übertragung zu;Verbleibend"
    assert "Caritas;5000,00;2872,64;0,00;0,00;2127,36" in lines
    assert lines[-1] == "Summe;15000,00;9533,79;800,00;800,00;5466,21"
    data = fire_download(client, "funds", "ledger", "csv", search="?jahr=2026")
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Datum;Träger;Art;Betrag;Zweck;Übertragung an;Beschluss Koordinierungskreis vom")
    assert any(line.startswith("20.05.2026;Diakonie;Übertragung;800,00;") and ";AWO;12.05.2026;" in line
               for line in lines)
    assert len(lines) == 1 + 3 + 12 + 1
    fallback = fire_download(client, "funds", "ledger", "xlsx", search="?jahr=quatsch")
    assert fallback["filename"] == "projektmittel-buchungen-2026.xlsx"
