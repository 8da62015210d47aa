import datetime as dt

import pytest

from dashboard.urls import QueryError, build_query, parse_day, parse_query


def test_query_round_trip():
    assert parse_query(build_query({"stichtag": "2026-11-22", "team": None})) == {"stichtag": "2026-11-22"}
    assert build_query({}) == ""


@pytest.mark.parametrize("text, expected", [("2026-11-22", dt.date(2026, 11, 22)),
                                            ("22.11.2026", dt.date(2026, 11, 22)), (None, None), ("", None)])
def test_parse_day(text, expected):
    assert parse_day(text) == expected


@pytest.mark.parametrize("text", ["gestern", "2026-13-01", "31.02.2026"])
def test_bad_day_has_german_message(text):
    with pytest.raises(QueryError, match="kein gültiges Datum"):
        parse_day(text)
