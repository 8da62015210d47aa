"""Page Verbund over HTTP on the demo database (both backends): Brackenheim–Cleebronn with its hourly
rate, the under-minimum summer quarters, Cleebronn's Land share of 10.864 €, the Verbund's Eigenregie
check; only Brackenheim's users move an invoice's status (a forged request from Cleebronn, the
Landkreis or the city is refused in German, audited and changes nothing); drafts, PDF and XLSX."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from data.db import transaction
from data.schema import InvoiceStatus, VerbundInvoice
from tests.helpers import (
    ORIGIN,
    audit_count,
    client_for,
    find_component,
    fire,
    fire_download,
    pdf_text_pages,
    texts,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"
PATH = "/landkreis/verbund"
BRACKENHEIM, CLEEBRONN = "08125013", "08125017"
STATUS = "verbund-action-message.children...verbund-revision"
CREATE = "verbund-action-message.children@"


def show(client, search=""):
    return fire(client, "verbund-content.children", {"verbund-location.search": search,
                                                     "verbund-location.pathname": PATH}, headers=ORIGIN)


def invoices(sessions) -> dict[str, tuple]:
    with sessions() as session:
        return {i.number: (i.status, i.issued_on, i.paid_on) for i in session.scalars(select(VerbundInvoice))}


def draft_id(sessions, number="BRA-CLE-2026-Q3-08125017") -> int:
    with sessions() as session:
        return session.scalar(select(VerbundInvoice.id).where(VerbundInvoice.number == number))


def set_status(client, invoice_id, status):
    return fire(client, STATUS, {"verbund-invoice.value": invoice_id, "verbund-status.value": status},
                changed="verbund-status-submit.n_clicks", headers=ORIGIN)


def test_page_shows_the_agreement_hours_costs_and_the_verbund_check(verbund_app):
    app, _ = verbund_app
    response = show(client_for(app, "chefin"))
    content = response["verbund-content"]["children"]
    agreement = " ".join(texts(find_component(content, "verbund-agreement")))
    assert "Brackenheim" in agreement and "Cleebronn: mind. 15,0 Std./Woche" in agreement
    assert "82.500,00 € ÷ (39 Std. × 52) = 40,68 €" in agreement and "umsatzsteuerpflichtig, 19 %" in agreement
    hours = texts(find_component(content, "verbund-hours-table"))
    assert "▼ unter Mindeststunden: 22,5 Std. fehlen" in hours  # Q3/2025: 172,5 of 195 h
    years = [texts(r) for r in find_component(content, "verbund-years-table")["props"]["children"][1]["props"]["children"]]
    assert years[0][:2] == ["2025", "Cleebronn"] and years[0][5] == "10.864,00 €" and years[0][3] == "4 von 4"
    assert [y[0] for y in years] == ["2025", "2026", "2027", "2028", "2029"]
    check = " ".join(texts(find_component(content, "verbund-check")))
    assert "✔ Eigenregie im Verbund erfüllt" in check and "1,4 VZÄ" in check
    listed = texts(response["verbund-invoices"]["children"])
    assert "BRA-CLE-2025-Q1-08125017" in listed and "9.585,02 €" in listed  # 198 h × 40,68 + 19 %
    assert response["verbund-status-submit"]["disabled"] is True  # the city does not bill
    assert response["verbund-location"]["search"] == "?verbund=BRA-CLE"


def test_compare_shows_the_three_options_for_cleebronn(verbund_app):
    app, _ = verbund_app
    content = show(client_for(app, "brackenheim"))["verbund-content"]["children"]
    rows = [texts(r) for r in find_component(content, "verbund-compare")["props"]["children"][1]["props"]["children"]]
    assert rows[0][0] == "Geld ein (Landesanteil)" and rows[0][3] == "0,00 €"
    # Eigenregie: 0,5 × 82.500 = 41.250 €; Verbund 2026: 3 invoices + Q4 at the minimum
    assert rows[1][1] == "41.250,00 €" and rows[1][3] == "0,00 €"
    assert rows[3][1:] == ["19,5 Std.", "15,0 Std.", "nach Einsatzplan des Landkreises"]


def test_lead_user_moves_an_invoice_to_paid_and_it_is_audited(verbund_app):
    app, sessions = verbund_app
    client = client_for(app, "brackenheim")
    assert show(client)["verbund-status-submit"]["disabled"] is False
    invoice = draft_id(sessions)
    before = audit_count(sessions, "edit")
    answer = set_status(client, invoice, "issued")
    assert "✔" in " ".join(texts(answer["verbund-action-message"]["children"]))
    answer = set_status(client, invoice, "paid")
    assert "bezahlt" in " ".join(texts(answer["verbund-action-message"]["children"]))
    status, issued, paid = invoices(sessions)["BRA-CLE-2026-Q3-08125017"]
    assert status == InvoiceStatus.paid and issued is not None and paid is not None
    assert audit_count(sessions, "edit") == before + 2
    again = set_status(client, invoice, "issued")
    assert "bleibt bezahlt" in " ".join(texts(again["verbund-action-message"]["children"]))


def test_warm_page_is_kept_per_reader_and_redrawn_after_a_change(verbund_app):
    """The lead's rendered page is kept while its figures are; the member gets its own (no billing), and
    a status change (a new data revision) redraws the lead's page."""
    app, sessions = verbund_app
    ctx = app.server.extensions["im_cockpit"]
    lead, member = client_for(app, "brackenheim"), client_for(app, "cleebronn")
    first = show(lead)
    kept = ctx.rendered.hits
    assert show(lead)["verbund-invoices"] == first["verbund-invoices"] and ctx.rendered.hits >= kept + 2
    seen = show(member)
    assert seen["verbund-create-submit"]["disabled"] is True
    assert "Sie sehen die Liste" in " ".join(texts(seen["verbund-invoices"]["children"]))
    again = show(lead)
    assert again["verbund-create-submit"]["disabled"] is False
    assert "Sie sehen die Liste" not in " ".join(texts(again["verbund-invoices"]["children"]))
    issued = texts(again["verbund-invoices"]["children"]).count("➤ gestellt")
    set_status(lead, draft_id(sessions), "issued")
    assert texts(show(lead)["verbund-invoices"]["children"]).count("➤ gestellt") == issued + 1


@pytest.mark.parametrize("name", ["cleebronn", "kreis", "chefin"])
def test_forged_status_change_by_anyone_but_the_lead_is_refused_and_audited(verbund_app, name):
    app, sessions = verbund_app
    before, refused = invoices(sessions), audit_count(sessions, "edit_refused")
    answer = set_status(client_for(app, name), draft_id(sessions), "issued")
    message = " ".join(texts(answer["verbund-action-message"]["children"]))
    assert "nur die federführende Gemeinde (Brackenheim)" in message
    assert invoices(sessions) == before
    assert audit_count(sessions, "edit_refused") == refused + 1


def test_member_sees_its_invoices_but_may_not_draft_new_ones(verbund_app):
    app, sessions = verbund_app
    client = client_for(app, "cleebronn")
    response = show(client)
    assert response["verbund-create-submit"]["disabled"] is True
    assert "nur die federführende Gemeinde" in " ".join(texts(response["verbund-invoices"]["children"]))
    answer = fire(client, CREATE, {"verbund-select.value": "BRA-CLE"}, changed="verbund-create-submit.n_clicks",
                  headers=ORIGIN)
    assert "federführende Gemeinde" in " ".join(texts(answer["verbund-action-message"]["children"]))


def test_lead_drafts_a_missing_invoice_again_with_the_same_figures(verbund_app):
    app, sessions = verbund_app
    with sessions() as session:
        old = session.scalar(select(VerbundInvoice).where(VerbundInvoice.number == "BRA-CLE-2026-Q3-08125017"))
        figures = (old.hours, old.net, old.vat, old.gross, old.land_share)
    with transaction(sessions) as session:
        session.execute(delete(VerbundInvoice).where(VerbundInvoice.number == "BRA-CLE-2026-Q3-08125017"))
    client = client_for(app, "brackenheim")
    answer = fire(client, CREATE, {"verbund-select.value": "BRA-CLE"}, changed="verbund-create-submit.n_clicks",
                  headers=ORIGIN)
    assert "1 Rechnung(en) entworfen: BRA-CLE-2026-Q3-08125017" in " ".join(
        texts(answer["verbund-action-message"]["children"]))
    with sessions() as session:
        new = session.scalar(select(VerbundInvoice).where(VerbundInvoice.number == "BRA-CLE-2026-Q3-08125017"))
        assert (new.hours, new.net, new.vat, new.gross, new.land_share) == figures
        assert new.status == InvoiceStatus.draft
    again = fire(client, CREATE, {"verbund-select.value": "BRA-CLE"}, changed="verbund-create-submit.n_clicks",
                 headers=ORIGIN)
    assert "schon eine Rechnung" in " ".join(texts(again["verbund-action-message"]["children"]))


def test_invoice_pdf_carries_the_figures_and_the_xlsx_every_invoice(verbund_app):
    app, sessions = verbund_app
    client = client_for(app, "cleebronn")
    invoice = draft_id(sessions, "BRA-CLE-2025-Q3-08125017")
    answer = fire(client, "verbund-pdf-download.data", {"verbund-invoice.value": invoice},
                  changed="verbund-pdf-submit.n_clicks", headers=ORIGIN)
    pages = pdf_text_pages(base64.b64decode(answer["verbund-pdf-download"]["data"]["content"]), "rechnung-2025-q3",
                           ARTIFACTS)
    text = " ".join(pages)
    for figure in ("172,5 Std.", "7.017,30 €", "1.333,29 €", "8.350,59 €", "2.716,00 €", "5.634,59 €",
                   "22,5 Std. fehlen", "Seite 1 von 1"):
        assert figure in text, figure
    data = fire_download(client, "verbund", "invoices", "xlsx", search="?verbund=BRA-CLE", headers=ORIGIN)
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["content"]))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "Rechnungsnummer")
    body = rows[header + 1:]
    assert len(body) == 7 and body[2][0] == "BRA-CLE-2025-Q3-08125017"
    assert float(body[2][13]) == pytest.approx(8350.59) and float(body[2][14]) == pytest.approx(2716.00)
    assert body[2][7] == "Stunden × Stundensatz" and body[2][8] is None
