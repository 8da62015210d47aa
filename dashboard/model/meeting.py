"""A meeting's slide sequence ("Sitzung", issue 15 part 2): what is shown, in which order, for which body.

A `Meeting` is an ordered list of `MeetingItem`s — a page (its path in the page registry) with its URL
query state and, optionally, the slide ids it is restricted to. Playing a Sitzung opens each item in
presentation mode with `sitzung=<id>&schritt=<n>` in the address (n counts from 1); the Sitzungsunterlage
PDF is built from the same items in the same order, so hand-out and screen agree.

Pure: no database, no Dash. The caller hands in the pages it knows (path → slide ids) for `check_meeting`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dashboard.model.text import slug
from dashboard.model.vocabulary import (
    MEETING_BODIES,
    MEETING_INTERVAL_MAX,
    MEETING_INTERVAL_MIN,
    MEETING_PARAM,
    PRESENTATION_PARAM,
    SLIDE_PARAM,
    STEP_PARAM,
)

TITLE_MAX = 200
ITEMS_MAX = 60


@dataclass(frozen=True)
class MeetingItem:
    """One step of a Sitzung: a page, its URL state (e.g. {"stichtag": "2026-11-30"}) and the slides
    shown of it (empty: all of the page's slides)."""

    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    slides: tuple[str, ...] = ()
    label: str = ""  # what the list shows ("Szenario „Caritas +0,5 VZÄ“"); empty: the page's title

    def to_dict(self) -> dict:
        return {"path": self.path, "query": dict(self.query), "slides": list(self.slides), "label": self.label}

    @staticmethod
    def from_dict(data: Mapping) -> MeetingItem:
        query = data.get("query") or {}
        return MeetingItem(path=str(data.get("path") or ""),
                           query={str(k): str(v) for k, v in query.items()} if isinstance(query, Mapping) else {},
                           slides=tuple(str(s) for s in data.get("slides") or ()),
                           label=str(data.get("label") or ""))


@dataclass(frozen=True)
class Meeting:
    """A Sitzung: the day, the body (a key of MEETING_BODIES), a title, the auto-advance interval in
    seconds (None: stepped by hand) and the items in order."""

    day: dt.date | None
    body: str
    title: str
    items: tuple[MeetingItem, ...]
    interval: int | None = None
    id: int | None = None

    @property
    def body_label(self) -> str:
        return MEETING_BODIES.get(self.body, self.body)


def check_meeting(meeting: Meeting, pages: Mapping[str, Sequence[str]]) -> list[str]:
    """German problems of a Sitzung (empty: fine). `pages`: the known page paths → their slide ids."""
    problems = []
    if meeting.day is None:
        problems.append("Bitte den Sitzungstag angeben (TT.MM.JJJJ).")
    if meeting.body not in MEETING_BODIES:
        problems.append(f"Unbekanntes Gremium „{meeting.body}“; bitte {' oder '.join(MEETING_BODIES.values())} "
                        "wählen.")
    if not " ".join(meeting.title.split()):
        problems.append("Bitte der Sitzung einen Titel geben, z. B. „Sitzung Dezember“.")
    elif len(meeting.title) > TITLE_MAX:
        problems.append(f"Der Titel ist zu lang: höchstens {TITLE_MAX} Zeichen (jetzt {len(meeting.title)}).")
    if meeting.interval is not None and not MEETING_INTERVAL_MIN <= meeting.interval <= MEETING_INTERVAL_MAX:
        problems.append(f"Automatisch weiterschalten geht alle {MEETING_INTERVAL_MIN} bis {MEETING_INTERVAL_MAX} s "
                        f"(angegeben: {meeting.interval} s); leer lassen, um von Hand weiterzuschalten.")
    if not meeting.items:
        problems.append("Die Sitzung hat keine Folien: bitte mindestens eine Folie ankreuzen.")
    elif len(meeting.items) > ITEMS_MAX:
        problems.append(f"Höchstens {ITEMS_MAX} Schritte je Sitzung (jetzt {len(meeting.items)}).")
    for number, item in enumerate(meeting.items, start=1):
        if item.path not in pages:
            problems.append(f"Schritt {number}: die Seite „{item.path}“ gibt es nicht (mehr); bitte den Schritt "
                            "entfernen.")
            continue
        unknown = [s for s in item.slides if s not in pages[item.path]]
        if unknown:
            problems.append(f"Schritt {number}: die Folie(n) {', '.join(unknown)} gibt es auf „{item.path}“ nicht; "
                            "bitte die Auswahl erneuern.")
    return problems


def parse_step(value: str | None, total: int) -> tuple[int, str | None]:
    """The 1-based step `schritt=<n>` names, clamped to 1…total, and a German hint for a bad value."""
    if value in (None, ""):
        return 1, None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 4:
        return 1, (f"Der Schritt „{value}“ in der Adresse ist keine Zahl; die Sitzung beginnt bei Schritt 1 "
                   f"(möglich: {STEP_PARAM}=1 bis {STEP_PARAM}={total}).")
    step = int(text)
    if not 1 <= step <= max(total, 1):
        return min(max(step, 1), max(total, 1)), (f"Die Sitzung hat {total} Schritte, nicht {step}; gezeigt wird "
                                                  f"Schritt {min(max(step, 1), max(total, 1))}.")
    return step, None


def step_url(meeting_id: int, item: MeetingItem, step: int) -> str:
    """The address of step `step` (1-based) in presentation mode: the page, its query, the Sitzung and the
    step, opened at the item's first slide."""
    params = {**item.query, PRESENTATION_PARAM: "1", MEETING_PARAM: str(meeting_id), STEP_PARAM: str(step)}
    if item.slides:
        params[SLIDE_PARAM] = item.slides[0]
    return item.path + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def neighbour_urls(meeting: Meeting, step: int) -> tuple[str | None, str | None]:
    """(previous, next) step's address around `step`; None at the start / end of the Sitzung."""
    assert meeting.id is not None
    before = step_url(meeting.id, meeting.items[step - 2], step - 1) if step > 1 else None
    after = step_url(meeting.id, meeting.items[step], step + 1) if step < len(meeting.items) else None
    return before, after


def first_url(meeting: Meeting) -> str | None:
    """Where "Abspielen" starts."""
    return step_url(meeting.id, meeting.items[0], 1) if meeting.items and meeting.id is not None else None


def group_items(picked: Sequence[tuple[str, Mapping[str, str], str | None, str]]) -> tuple[MeetingItem, ...]:
    """Picked slides in order → items: consecutive slides of one page with one URL state become one item.

    `picked`: (path, query, slide id or None for the whole page, label)."""
    items: list[MeetingItem] = []
    for path, query, slide, label in picked:
        last = items[-1] if items else None
        if last is not None and last.path == path and dict(last.query) == dict(query) and slide and last.slides:
            items[-1] = MeetingItem(path, dict(query), (*last.slides, slide), last.label)
        else:
            items.append(MeetingItem(path, dict(query), (slide,) if slide else (), label))
    return tuple(items)


def parse_interval(value) -> int | None:
    """The interval field: empty → None (by hand); a number of seconds; anything else raises ValueError."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 5:
        raise ValueError(f"„{value}“ ist keine Anzahl Sekunden; bitte eine ganze Zahl von {MEETING_INTERVAL_MIN} "
                         f"bis {MEETING_INTERVAL_MAX} angeben oder das Feld leer lassen.")
    return int(text)


def file_name(meeting: Meeting) -> str:
    """`sitzungsunterlage-steuerungsgremium-2026-12-10.pdf`."""
    day = meeting.day.isoformat() if meeting.day else "ohne-datum"
    return f"sitzungsunterlage-{slug(meeting.body_label)}-{day}.pdf"
