"""The slide model: every page of the registry declares slides that name real component ids, the header
carries the button and the slim bar with its German labels, and the slide list renders the declaration."""

from __future__ import annotations

import pytest

from callbacks.shell import render_slide_list
from dashboard.model.vocabulary import PRESENTATION_LABELS, PRESENTATION_PARAM, SLIDE_PARAM
from dashboard.pages import PAGES
from dashboard.urls import is_presenting, parse_query, presentation_search
from layouts import ids, shell
from layouts.presentation import STYLE, Presentation, Slide, slide_list

ID_VALUES = {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)}


def _find(tree, component_id):
    if getattr(tree, "id", None) == component_id:
        return tree
    children = getattr(tree, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = _find(child, component_id)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_declares_slides_with_real_ids(page):
    slides = page.presentation.slides
    assert slides, f"{page.name} hat keine Folien"
    assert len({s.id for s in slides}) == len(slides)
    for slide in slides:
        assert slide.title and slide.shows
        assert set(slide.shows) <= ID_VALUES, f"{page.name}/{slide.id}: unbekannte ids {slide.shows}"
        assert slide.id == slide.id.lower() and " " not in slide.id  # it goes into the address (folie=…)
    if page.presentation.period_id:
        assert page.presentation.period_id in ID_VALUES and page.presentation.period_label


def test_a_slide_has_an_address_for_a_later_meeting_sequence():
    query = {"stichtag": "2026-11-22"}
    search = presentation_search(query, "auslastung")
    assert search == "?stichtag=2026-11-22&praesentation=1&folie=auslastung"
    parsed = parse_query(search)
    assert is_presenting(parsed) and parsed[SLIDE_PARAM] == "auslastung"
    assert not is_presenting(query)
    assert presentation_search({}) == f"?{PRESENTATION_PARAM}=1"


def test_the_header_has_the_button_and_the_slim_bar():
    tree = shell.layout(PAGES, 30)
    button = _find(tree, ids.PRESENT_BUTTON)
    assert button.children == PRESENTATION_LABELS["present"] == "Präsentieren"
    bar = _find(tree, ids.PRESENT_BAR)
    assert bar.hidden is True
    assert getattr(bar, "data-counter") == "Folie {n} von {total}"
    assert getattr(bar, "data-more") == "+ {n} weitere {noun}"
    assert getattr(bar, "data-param") == PRESENTATION_PARAM
    assert getattr(bar, "data-style-kpi") == str(STYLE.kpi) == "64"
    assert getattr(bar, "data-style-table") == "22" and getattr(bar, "data-style-line") == "3"
    counter = _find(tree, ids.PRESENT_COUNTER)
    assert getattr(counter, "aria-live") == "polite"
    for control in (ids.PRESENT_PREVIOUS, ids.PRESENT_NEXT):
        assert getattr(_find(tree, control), "aria-label")
    assert _find(tree, ids.PRESENT_SLIDES) is not None


def test_the_slide_list_renders_the_declaration():
    declared = Presentation((Slide("kennzahlen", "Kennzahlen", ("a", "b")),
                             Slide("bezirke", "je Planungsbezirk", ("c",), rows="Planungsbezirke")),
                            period_label="Stichtag", period_id="d")
    rendered = slide_list("Fallzahlen", declared)
    assert rendered.hidden is True and getattr(rendered, "data-title") == "Fallzahlen"
    assert getattr(rendered, "data-period-id") == "d"
    first, second = rendered.children
    assert getattr(first, "data-slide") == "kennzahlen" and getattr(first, "data-shows") == "a b"
    assert getattr(second, "data-rows") == "Planungsbezirke" and second.children == "je Planungsbezirk"


def test_the_shell_renders_the_slides_of_the_shown_page_only(monkeypatch):
    monkeypatch.setattr("callbacks.shell.current_role", lambda: "viewer")
    overview = render_slide_list(None, PAGES, "/")
    assert getattr(overview, "data-title") == "Übersicht"
    assert render_slide_list(None, PAGES, "/gibt-es-nicht") is None
    assert render_slide_list(None, PAGES, "/verwaltung") is None  # admin only: no slides for a viewer
