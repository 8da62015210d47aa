"""A long table reaches the browser one page at a time (issue 18): the Projektmittel ledger with 130
bookings sends 50 rows and its pager, and the page the URL names."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from bench.dash_replay import PageLoad
from data import ledger
from data.db import make_session_factory, transaction
from data.schema import FundsEntry, Provider
from layouts import ids
from layouts.paging import PAGE_SIZE


def _book(engine, count: int) -> int:
    with transaction(make_session_factory(engine)) as session:
        year = session.query(FundsEntry.year).order_by(FundsEntry.year.desc()).limit(1).scalar()
        provider = session.query(Provider).filter_by(code="awo").one()
        for number in range(count):
            ledger.book_expense(session, year=year, provider_id=provider.id, booked_on=dt.date(year, 1, 2),
                                amount=Decimal("1.00"), purpose=f"Testbuchung {number + 1}", user="test")
    return year


def _ledger(client, search: str) -> dict:
    layout = client.get("/_dash-layout").get_json()
    dependencies = client.get("/_dash-dependencies").get_json()
    answers = {}

    def post(path, body):
        response = client.post(path, data=json.dumps(body), content_type="application/json")
        answers[body["output"]] = response.get_json()
        return response.status_code, response.data

    load = PageLoad(post, dependencies, layout, "/projektmittel", search)
    load.run()
    assert not load.errors
    main = next(a for o, a in answers.items() if ids.FUNDS_LEDGER in o)
    return main["response"][ids.FUNDS_LEDGER]["children"]


def _text(tree) -> str:
    return json.dumps(tree, ensure_ascii=False)


def test_the_ledger_sends_one_page_and_the_url_turns_it(db, client):
    _book(db, 130)
    first = _text(_ledger(client, ""))
    assert first.count('"Tr"') - 1 == PAGE_SIZE  # 50 body rows and the header row
    assert "Buchungen 1–50 von" in first and ids.TABLE_PAGE_BUTTON in first
    assert "Testbuchung 130" in first and "Testbuchung 1\"" not in first  # newest first
    last_page = _text(_ledger(client, "?seite-ledger=99"))  # beyond the end: page 1 again
    assert "Buchungen 1–50 von" in last_page
    third = _text(_ledger(client, "?seite-ledger=3"))
    assert "Buchungen 101–" in third and "Testbuchung 130" not in third
