"""The lead Gemeinde records its Verbund over HTTP (both backends): Brackenheim makes a new agreement
with Zaberfeld, books a quarter under the minimum and drafts its invoice (figures by hand); a Verbund
billed by cost share with Güglingen, not taxable; and what is refused, in German, writing nothing:
a forged booking by the member, an agreement by the Landkreis, a quarter with an invoice, a quarter
not ended, a Gemeinde already in a Verbund, hours that are not a number."""

from __future__ import annotations

import base64
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.model.verbund import Quarter, quarter_share
from dashboard.model.vocabulary import BillingMode
from dashboard.services.verbund import land_shares
from data.schema import Area, VerbundAgreement, VerbundBooking, VerbundInvoice
from tests.helpers import ORIGIN, audit_count, client_for, fire, make_settings, pdf_text_pages, texts

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"

ZABERFELD, GUEGLINGEN = "08125108", "08125038"
AGREEMENT = "verbund-f-message.children"
MEMBER = "verbund-m-message.children"
BOOKING = "verbund-b-message.children"
CREATE = "verbund-action-message.children@"


def agreement(client, code, name, billing="hours", vat_mode="taxable", vat_rate="19", **extra):
    values = {"verbund-f-save.n_clicks": 1, "verbund-f-code.value": code, "verbund-f-name.value": name,
              "verbund-f-from.date": "2026-01-01", "verbund-f-to.date": "2029-12-31", "verbund-f-billing.value": billing,
              "verbund-f-overhead.value": "10", "verbund-f-vat-mode.value": vat_mode, "verbund-f-vat-rate.value": vat_rate,
              "verbund-f-offset.value": True, "verbund-f-posts.value": [], **extra}
    return fire(client, AGREEMENT, values, changed="verbund-f-save.n_clicks", headers=ORIGIN)


def member(client, code, ags, hours, share=None):
    return fire(client, MEMBER, {"verbund-m-save.n_clicks": 1, "verbund-select.value": code,
                                 "verbund-m-gemeinde.value": ags, "verbund-m-hours.value": hours,
                                 "verbund-m-share.value": share}, changed="verbund-m-save.n_clicks", headers=ORIGIN)


def book(client, code, ags, quarter, hours, unfunded="0", cost=None, cases=("12", "3")):
    return fire(client, BOOKING, {"verbund-b-save.n_clicks": 1, "verbund-select.value": code,
                                  "verbund-b-member.value": ags, "verbund-b-quarter.value": quarter,
                                  "verbund-b-hours.value": hours, "verbund-b-unfunded.value": unfunded,
                                  "verbund-b-cases.value": cases[0], "verbund-b-cases-unfunded.value": cases[1],
                                  "verbund-b-cost.value": cost}, changed="verbund-b-save.n_clicks", headers=ORIGIN)


def drafts(client, code):
    return fire(client, CREATE, {"verbund-select.value": code}, changed="verbund-create-submit.n_clicks", headers=ORIGIN)


def message(answer, output="verbund-b-message") -> str:
    return " ".join(texts(answer[output]["children"]))


def share_of_quarter(sessions, tmp_path, url, ags, quarter: Quarter) -> Decimal:
    with sessions() as session:
        county = session.get(Area, session.scalar(select(Area.parent_id).where(Area.ags == ags)))
        shares, _ = land_shares(session, make_settings(tmp_path, url), county, [quarter.year])[quarter.year]
    return quarter_share(shares[ags], quarter.number)


def counts(sessions) -> tuple[int, int, int]:
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(t))
                     for t in (VerbundAgreement, VerbundBooking, VerbundInvoice))


def test_lead_records_an_agreement_books_a_short_quarter_and_drafts_its_invoice(verbund_app, tmp_path, demo_url):
    app, sessions = verbund_app
    client = client_for(app, "brackenheim")
    made = agreement(client, "bra-zab", "Verbund Brackenheim–Zaberfeld", **{"verbund-f-decision.value": "GR 12/2025"})
    assert "Vereinbarung BRA-ZAB angelegt" in message(made, "verbund-f-message")
    assert made["verbund-location"]["search"] == "?verbund=BRA-ZAB"
    page = fire(client, "verbund-content.children", {"verbund-location.search": "?verbund=BRA-ZAB",
                                                     "verbund-location.pathname": "/landkreis/verbund"}, headers=ORIGIN)
    assert "Dieser Verbund hat noch keine Mitglieder." in texts(page["verbund-content"]["children"])
    assert "gespeichert" in message(member(client, "BRA-ZAB", ZABERFELD, "10"), "verbund-m-message")
    # Q3/2026: 120 h of 130 h minimum (10 h × 13 weeks), 10 h for clients ohne Landesförderung
    assert "Gebucht: Zaberfeld, Q3/2026" in message(book(client, "BRA-ZAB", ZABERFELD, "2026-Q3", "120", "10"))
    assert "1 Rechnung(en) entworfen: BRA-ZAB-2026-Q3-08125108" in message(drafts(client, "BRA-ZAB"),
                                                                          "verbund-action-message")
    with sessions() as session:
        invoice = session.scalar(select(VerbundInvoice).where(VerbundInvoice.number == "BRA-ZAB-2026-Q3-08125108"))
        figures = (invoice.hours, invoice.hours_unfunded, invoice.minimum_hours, invoice.hourly_rate, invoice.net,
                   invoice.vat, invoice.gross, invoice.billing)
        land_share = invoice.land_share
    # 75.000 € + 10 % = 82.500 € ÷ 2.028 h = 40,68 €; 120 h → 4.881,60 € + 19 % 927,50 € = 5.809,10 €
    assert figures == (Decimal(120), Decimal(10), Decimal(130), Decimal("40.68"), Decimal("4881.60"),
                       Decimal("927.50"), Decimal("5809.10"), BillingMode.hours)
    assert land_share == share_of_quarter(sessions, tmp_path, demo_url, ZABERFELD, Quarter(2026, 3)) > 0
    assert audit_count(sessions, "edit_refused") == 0


def test_cost_share_verbund_bills_the_agreed_share_of_the_actual_cost(verbund_app):
    app, sessions = verbund_app
    client = client_for(app, "brackenheim")
    agreement(client, "BRA-GUE", "Verbund Brackenheim–Güglingen", billing="cost_share", vat_mode="not_taxable",
              vat_rate="")
    needs_share = member(client, "BRA-GUE", GUEGLINGEN, "12")
    assert "Kostenanteil: Bitte eine Zahl eingeben" in message(needs_share, "verbund-m-message")
    member(client, "BRA-GUE", GUEGLINGEN, "12", "40")
    no_cost = book(client, "BRA-GUE", GUEGLINGEN, "2026-Q2", "160")
    assert "Ist-Kosten für Q2/2026 eintragen" in message(no_cost)
    book(client, "BRA-GUE", GUEGLINGEN, "2026-Q2", "160", "16", cost="30.000,00")
    drafts(client, "BRA-GUE")
    with sessions() as session:
        invoice = session.scalar(select(VerbundInvoice).where(VerbundInvoice.number == "BRA-GUE-2026-Q2-08125038"))
        # 40 % of 30.000,00 € = 12.000,00 €, nicht steuerbar: gross = net; 12.000 ÷ 160 h = 75,00 € a hour
        assert (invoice.net, invoice.vat, invoice.gross, invoice.hourly_rate) == (
            Decimal("12000.00"), Decimal(0), Decimal("12000.00"), Decimal("75.00"))
        assert (invoice.billing, invoice.cost_share_pct, invoice.actual_cost) == (
            BillingMode.cost_share, Decimal(40), Decimal("30000.00"))
    fixed = book(client, "BRA-GUE", GUEGLINGEN, "2026-Q2", "160", cost="31000")
    assert "gibt es schon die Rechnung BRA-GUE-2026-Q2-08125038" in message(fixed)
    answer = fire(client, "verbund-pdf-download.data", {"verbund-invoice.value": invoice.id},
                  changed="verbund-pdf-submit.n_clicks", headers=ORIGIN)
    text = " ".join(pdf_text_pages(base64.b64decode(answer["verbund-pdf-download"]["data"]["content"]),
                                   "rechnung-kostenanteil", ARTIFACTS))
    for figure in ("Kostenanteil 40,0 % an den Ist-Kosten Q2/2026", "30.000,00 €", "12.000,00 €",
                   "nicht steuerbar (§ 2b UStG)", "1.200,00 €", "Seite 1 von 1"):  # 16 of 160 h ohne Landesförderung
        assert figure in text, figure


@pytest.mark.parametrize(("name", "refusal"), [("cleebronn", "nur die federführende Gemeinde (Brackenheim)"),
                                               ("chefin", "nur die federführende Gemeinde (Brackenheim)")])
def test_forged_booking_by_anyone_but_the_lead_is_refused_and_audited(verbund_app, name, refusal):
    app, sessions = verbund_app
    before = counts(sessions)
    answer = book(client_for(app, name), "BRA-CLE", "08125017", "2026-Q3", "999")
    assert refusal in message(answer) and counts(sessions) == before
    assert audit_count(sessions, "edit_refused") == 1


def test_landkreis_may_not_create_an_agreement(verbund_app):
    app, sessions = verbund_app
    before = counts(sessions)
    answer = agreement(client_for(app, "kreis"), "LK-X", "Verbund des Kreises")
    assert "nur Benutzer einer Gemeinde" in message(answer, "verbund-f-message") and counts(sessions) == before
    assert audit_count(sessions, "edit_refused") == 1


def test_lead_is_told_why_a_booking_or_member_is_not_saved(verbund_app):
    app, sessions = verbund_app
    client = client_for(app, "brackenheim")
    before = counts(sessions)
    assert "schon die Rechnung BRA-CLE-2025-Q1-08125017" in message(book(client, "BRA-CLE", "08125017", "2025-Q1", "200"))
    assert "Q4/2026 endet erst am 31.12.2026" in message(book(client, "BRA-CLE", "08125017", "2026-Q4", "200"))
    bad = book(client, "BRA-CLE", "08125017", "2026-Q3", "viel", "300")
    assert "Gebuchte Stunden: „viel“ ist keine Zahl" in message(bad)
    assert bad["verbund-b-hours"]["invalid"] is True
    assert "mehr als die 100 gebuchten Stunden" in message(book(client, "BRA-CLE", "08125017", "2026-Q3", "100", "120"))
    agreement(client, "BRA-ZAB", "Verbund Brackenheim–Zaberfeld")
    taken = member(client, "BRA-ZAB", "08125017", "5")
    assert "Cleebronn gehört von 01.01.2025 bis 31.12.2029 schon zum Verbund Brackenheim–Cleebronn" in message(
        taken, "verbund-m-message")
    assert counts(sessions) == (before[0] + 1, before[1], before[2])
