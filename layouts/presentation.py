"""Presentation mode for the projector: the slide model each page declares, the header's button and slim
bar, and the slide list the browser steps through.

A page declares its slides as data (`Presentation`): each slide has a stable id, a German title and the
component ids it shows — the KPI row or the card ("Section") that holds each id becomes the slide's
content. The page registry carries the declaration, so a later meeting sequence ("Sitzung") can list a
page's slides with their URL state (`dashboard.urls.presentation_search`). The layout only renders the
declaration; `dashboard/assets/presentation.js` arranges the cards as slides, fits charts and tables to
the screen, applies `STYLE` to the charts and handles the keys. Nothing here reads data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from dash import html

from dashboard.model.formatting import fmt_int
from dashboard.model.vocabulary import MEETING_LABELS, PRESENTATION_LABELS, PRESENTATION_PARAM, SLIDE_PARAM
from layouts import ids

LABELS = PRESENTATION_LABELS


@dataclass(frozen=True)
class Slide:
    """One screen: `shows` are component ids; the KPI row or card holding each one is shown.

    `rows` is the plural noun of the rows of its table ("Planungsbezirke"): a table too long for the
    screen shows its top rows and "+ 12 weitere Planungsbezirke".
    """

    id: str
    title: str
    shows: tuple[str, ...]
    rows: str | None = None


@dataclass(frozen=True)
class Presentation:
    """A page's slides in order, and the control whose shown value is the page's period (Stichtag, Jahr)."""

    slides: tuple[Slide, ...] = ()
    period_label: str | None = None
    period_id: str | None = None

    def slide(self, slide_id: str) -> Slide | None:
        return next((s for s in self.slides if s.id == slide_id), None)


@dataclass(frozen=True)
class PresentationStyle:
    """The projector's type and lines (px at 1280×720), applied on top of every chart and table.

    A plotly template cannot lift sizes that a figure sets itself, so presentation.js raises every
    font, tick, legend, annotation and line of a chart to at least these values.
    """

    kpi: int = 64
    table: int = 22
    chart_font: int = 22
    chart_tick: int = 20
    chart_legend: int = 20
    chart_annotation: int = 20
    chart_text: int = 20
    line: int = 3
    marker: int = 10


STYLE = PresentationStyle()


def present_button() -> html.Button:
    """The header's "Präsentieren" button (presentation.js adds `?praesentation=1` to the address)."""
    return html.Button(LABELS["present"], id=ids.PRESENT_BUTTON, type="button",
                       className="btn btn-sm btn-light present-button", title=LABELS["present_hint"])


def presentation_bar() -> html.Div:
    """The slim header of presentation mode: page title, period, slide counter, back/next/leave.

    Hidden outside presentation mode; the header's "Stand" and source badge stay beside it.
    """
    button = "btn btn-sm btn-outline-light present-control"
    return html.Div([
        html.Span(id=ids.PRESENT_TITLE, className="present-title"),
        html.Span(id=ids.PRESENT_PERIOD, className="present-period"),
        html.Span(id=ids.PRESENT_COUNTER, className="present-counter", role="status",
                  **{"aria-live": "polite", "aria-atomic": "true"}),
        html.Span(id=ids.PRESENT_AUTO, className="present-auto", hidden=True),
        html.Button("◀", id=ids.PRESENT_PREVIOUS, type="button", className=button, title=LABELS["previous"],
                    **{"aria-label": LABELS["previous"]}),
        html.Button("▶", id=ids.PRESENT_NEXT, type="button", className=button, title=LABELS["next"],
                    **{"aria-label": LABELS["next"]}),
        html.Button(LABELS["leave"], id=ids.PRESENT_EXIT, type="button", className=button,
                    title=LABELS["leave_hint"]),
    ], id=ids.PRESENT_BAR, className="present-bar", hidden=True,
        **{"data-param": PRESENTATION_PARAM, "data-slide-param": SLIDE_PARAM,
           "data-counter": LABELS["counter"], "data-more": LABELS["more"], "data-rows": LABELS["rows"],
           **{f"data-style-{f.name.replace('_', '-')}": str(getattr(STYLE, f.name)) for f in fields(STYLE)}})


@dataclass(frozen=True)
class MeetingStep:
    """A step of a played Sitzung as the slide list carries it: the slides it restricts the page to
    (empty: all), the counter ("Schritt 3 von 9"), the neighbours' addresses, the auto-advance interval
    (seconds or None), the first step's address (a hallway screen starts over) and a hint for a bad value."""

    slides: tuple[str, ...]
    counter: str
    number: int
    previous_url: str | None
    next_url: str | None
    first_url: str | None
    interval: int | None = None
    hint: str | None = None

    def attributes(self) -> dict[str, str]:
        values = {"data-step": self.counter, "data-step-number": str(self.number),
                  "data-prev-url": self.previous_url, "data-next-url": self.next_url,
                  "data-first-url": self.first_url, "data-interval": str(self.interval) if self.interval else None,
                  "data-auto": MEETING_LABELS["auto"].format(s=fmt_int(self.interval)) if self.interval else None,
                  "data-paused": MEETING_LABELS["paused"], "data-hint": self.hint}
        return {k: v for k, v in values.items() if v}


def slide_list(title: str, presentation: Presentation, step: MeetingStep | None = None) -> html.Ol:
    """The page's slides as a hidden list the browser reads (id, title, shown ids, row noun); in a played
    Sitzung only the step's slides, with the step's counter and neighbours (presentation.js)."""
    shown = [s for s in presentation.slides if step is None or not step.slides or s.id in step.slides]
    if step is not None and step.slides:
        shown.sort(key=lambda s: step.slides.index(s.id))
    items = [html.Li(s.title, **{"data-slide": s.id, "data-shows": " ".join(s.shows),
                                 **({"data-rows": s.rows} if s.rows else {})})
             for s in shown]
    period = {"data-period-label": presentation.period_label, "data-period-id": presentation.period_id} \
        if presentation.period_id else {}
    return html.Ol(items, className="present-slide-list", hidden=True,
                   **{"data-title": title, "aria-label": LABELS["slides"], **period,
                      **(step.attributes() if step else {})})
