"""Sitzungen for the Berichte page and for playing: what can be put into a Sitzung (the page registry's
slides, saved scenarios beside their baseline, the Landkreis views when there are Landkreis data), a
Sitzung built from the picked choices, and the step a presentation-mode address names.

The page registry is handed in (`pages`: objects with .name, .path, .title, .presentation), so this module
does not import the pages (which import the callbacks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from dashboard.model.meeting import Meeting, MeetingItem, check_meeting, group_items, neighbour_urls, parse_step
from dashboard.model.vocabulary import MEETING_LABELS
from dashboard.services.county import counties
from data import meetings as meeting_data
from data import scenarios as scenario_data

# the pages a Sitzung shows (each has a section in the Sitzungsunterlage, dashboard.pdf.meeting)
MEETING_PAGES = ("overview", "caseload", "funds", "staffing", "volunteering", "map", "county")
SCENARIO_PAGE = "scenarios"


@dataclass(frozen=True)
class Choice:
    """One entry of the checklist: `value` is what the browser sends back (path, query, #slide)."""

    value: str
    label: str
    path: str
    query: dict
    slide: str | None


def _value(path: str, query: dict, slide: str | None) -> str:
    return path + (("?" + urlencode(query)) if query else "") + (f"#{slide}" if slide else "")


def catalogue(session: Session, pages: Sequence) -> list[Choice]:
    """Everything a Sitzung can show, in the registry's order: each page's slides, then each saved
    scenario beside its baseline; the Landkreis page only when the installation has Landkreis data."""
    has_county = bool(counties(session))
    choices = []
    for page in pages:
        if page.name not in MEETING_PAGES or (page.name == "county" and not has_county):
            continue
        for slide in page.presentation.slides:
            choices.append(Choice(_value(page.path, {}, slide.id), f"{page.title}: {slide.title}", page.path, {},
                                  slide.id))
    scenario_page = next((p for p in pages if p.name == SCENARIO_PAGE), None)
    if scenario_page is not None:
        for saved in scenario_data.listing(session):
            query = {"id": str(saved["id"])}  # the page shows it beside its frozen baseline
            choices.append(Choice(_value(scenario_page.path, query, None),
                                  f"Szenario „{saved['name']}“ neben der Ausgangslage", scenario_page.path, query,
                                  None))
    return choices


def known_pages(pages: Sequence) -> dict[str, tuple[str, ...]]:
    """Page path → its slide ids (what `check_meeting` accepts)."""
    return {p.path: tuple(s.id for s in p.presentation.slides) for p in pages
            if p.name in MEETING_PAGES or p.name == SCENARIO_PAGE}


def build(session: Session, pages: Sequence, *, day: str | None, body: str | None, title: str | None,
          interval: int | None, picked) -> tuple[Meeting, list[str]]:
    """The Sitzung the form describes and its German problems (a picked value not offered is one)."""
    offered = {c.value: c for c in catalogue(session, pages)}
    values = [v for v in picked if isinstance(v, str)] if isinstance(picked, list) else []
    problems = [f"„{v[:80]}“ steht nicht zur Auswahl; bitte die Seite neu laden und erneut ankreuzen."
                for v in values if v not in offered]
    chosen = [offered[v] for v in values if v in offered]
    items = group_items([(c.path, c.query, c.slide, c.label if c.slide is None else "") for c in chosen])
    try:
        parsed_day = dt.date.fromisoformat((day or "")[:10]) if day else None
    except ValueError:
        parsed_day = None
    meeting = Meeting(day=parsed_day, body=body or "", title=title or "", items=items, interval=interval)
    return meeting, problems + check_meeting(meeting, known_pages(pages))


@dataclass(frozen=True)
class Step:
    """The step of a played Sitzung an address names: counter text, neighbours, interval, slides."""

    meeting: Meeting
    number: int
    item: MeetingItem
    counter: str
    previous_url: str | None
    next_url: str | None
    hint: str | None


def step_for(session: Session, meeting_id: str | None, step: str | None, pathname: str) -> Step | None:
    """The step `sitzung=<id>&schritt=<n>` names, if the Sitzung exists and the step shows this page."""
    if not meeting_id or not str(meeting_id).isdigit() or len(str(meeting_id)) > 9:
        return None
    meeting = meeting_data.get(session, int(meeting_id))
    if meeting is None or not meeting.items:
        return None
    number, hint = parse_step(step, len(meeting.items))
    item = meeting.items[number - 1]
    if item.path != pathname:
        return None
    before, after = neighbour_urls(meeting, number)
    counter = MEETING_LABELS["step"].format(n=number, total=len(meeting.items))
    return Step(meeting, number, item, counter, before, after, hint)


def item_label(item: MeetingItem, pages: Sequence) -> str:
    """What the list of a saved Sitzung names a step: its own label, else page title and slide titles."""
    if item.label:
        return item.label
    page = next((p for p in pages if p.path == item.path), None)
    if page is None:
        return item.path
    titles = [s.title for s in page.presentation.slides if s.id in item.slides]
    return f"{page.title}: {', '.join(titles)}" if titles else page.title
