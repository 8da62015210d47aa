"""Page state in the URL query (permalinks): parse and build `?stichtag=…&…` with German errors."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode

from dashboard.model.vocabulary import PRESENTATION_PARAM, SLIDE_PARAM


class QueryError(ValueError):
    """A URL parameter is invalid; the message is German and says what to do."""


def parse_query(search: str | None) -> dict[str, str]:
    """`?a=1&b=2` → {"a": "1", "b": "2"}; later duplicates win; empty values are dropped."""
    return {k: v for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=False)}


def build_query(params: dict[str, str | None]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def parse_day(value: str | None, *, name: str = "stichtag") -> dt.date | None:
    """Parse an ISO date (as the date picker and permalinks write it) or a German one."""
    if value in (None, ""):
        return None
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise QueryError(
        f"Der Stichtag „{value}“ in der Adresse ist kein gültiges Datum. "
        f"Bitte als JJJJ-MM-TT oder TT.MM.JJJJ angeben, z. B. {name}=2026-11-22."
    )


def presentation_search(query: dict[str, str], slide_id: str | None = None) -> str:
    """The page's query in presentation mode, opened at `slide_id` (a page's `Slide.id`) if given."""
    return build_query({**query, PRESENTATION_PARAM: "1", SLIDE_PARAM: slide_id})


def is_presenting(query: dict[str, str]) -> bool:
    return query.get(PRESENTATION_PARAM) == "1"
