"""Colour modes (issue 15 part 3): light, dark and high contrast, for the pages and their charts.

The mode is the person's choice, kept in a cookie (`COOKIE`) by the header's select. The app reads
it per request (`dashboard.app`) into `current`; the page skeleton gets `data-bs-theme` (Bootstrap's
colour modes) and `data-imc-mode`, and every chart passes through `apply`, which sets the mode's
background, ink and grid and swaps each series colour for its partner in that mode. Every series
colour has at least 3:1 against its mode's chart background (WCAG 1.4.11; tests/unit/layouts).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

COOKIE = "imc-farbmodus"
LIGHT, DARK, CONTRAST = "hell", "dunkel", "kontrast"
MODES = {LIGHT: "Hell", DARK: "Dunkel", CONTRAST: "Hoher Kontrast"}
MODE_LABEL = "Farbmodus"


@dataclass(frozen=True)
class ChartColours:
    bootstrap: str  # Bootstrap's data-bs-theme
    paper: str
    ink: str
    grid: str
    # light series colour → this mode's colour (the light palette is the reference)
    series: dict[str, str] = field(default_factory=dict)


# the light palette's series colours, named once so each mode can map them
SERIES_LIGHT = ("#0072B2", "#CC79A7", "#009E73", "#6F6F6F", "#2E86C1", "#045a8d", "#D55E00", "#767676",
                "#A86F00", "#8a6d00", "#5f6b76", "#007a5a", "#C0392B", "#1b1b1b")

COLOURS = {
    LIGHT: ChartColours("light", "#ffffff", "#1b1b1b", "#e5e5e5"),
    DARK: ChartColours("dark", "#212529", "#f1f3f5", "#495057", series={
        "#0072B2": "#56B4E9", "#CC79A7": "#E19CC4", "#009E73": "#2BC79A", "#6F6F6F": "#BDBDBD",
        "#2E86C1": "#7FC3F0", "#045a8d": "#4AA3E0", "#D55E00": "#F08A4B", "#767676": "#A8A8A8",
        "#A86F00": "#E6A700", "#8a6d00": "#D9C15A", "#5f6b76": "#AAB4BE", "#007a5a": "#3CC99A",
        "#C0392B": "#F07A6E", "#1b1b1b": "#f1f3f5",
    }),
    CONTRAST: ChartColours("dark", "#000000", "#ffffff", "#6c6c6c", series={
        "#0072B2": "#4FC3FF", "#CC79A7": "#FF9FD8", "#009E73": "#3DFFB0", "#6F6F6F": "#FFFFFF",
        "#2E86C1": "#9AD9FF", "#045a8d": "#4FA8FF", "#D55E00": "#FF9340", "#767676": "#D0D0D0",
        "#A86F00": "#FFD000", "#8a6d00": "#FFE866", "#5f6b76": "#D0D8E0", "#007a5a": "#3DFFB0",
        "#C0392B": "#FF8070", "#1b1b1b": "#ffffff",
    }),
}

_current: ContextVar[str] = ContextVar("imc_colour_mode", default=LIGHT)


def use(mode: str | None) -> str:
    """Set this request's mode (an unknown or missing cookie: light); returns the mode used."""
    chosen = mode if mode in MODES else LIGHT
    _current.set(chosen)
    return chosen


def current() -> str:
    return _current.get()


def colours(mode: str | None = None) -> ChartColours:
    return COLOURS[mode or current()]


def html_attributes(mode: str | None = None) -> str:
    """The attributes of the page's <html> element for `mode`."""
    chosen = mode or current()
    return f'lang="de" data-bs-theme="{COLOURS[chosen].bootstrap}" data-imc-mode="{chosen}"'


def _swap(value, series: dict[str, str]):
    if isinstance(value, str):
        return series.get(value, series.get(value.upper(), value))
    if isinstance(value, (list, tuple)):
        return [_swap(v, series) for v in value]
    return value


def apply(fig, mode: str | None = None):
    """`fig` in `mode`: background, ink, grid, and every series colour swapped for the mode's partner.
    A figure given as a plain dict (the map, built once per shape revision) gets background and ink."""
    c = colours(mode)
    if isinstance(fig, dict):
        if c.series:
            layout = fig.setdefault("layout", {})
            layout.update(paper_bgcolor=c.paper, plot_bgcolor=c.paper)
            layout["font"] = {**layout.get("font", {}), "color": c.ink}
        return fig
    fig.update_layout(paper_bgcolor=c.paper, plot_bgcolor=c.paper, font_color=c.ink,
                      legend_font_color=c.ink)
    fig.update_xaxes(gridcolor=c.grid, linecolor=c.ink, zerolinecolor=c.grid)
    fig.update_yaxes(gridcolor=c.grid, linecolor=c.ink, zerolinecolor=c.grid)
    if not c.series:
        return fig
    for trace in fig.data:
        for part in ("marker", "line"):
            holder = getattr(trace, part, None)
            if holder is not None and getattr(holder, "color", None) is not None:
                holder.color = _swap(holder.color, c.series)
    for shape in fig.layout.shapes:
        if shape.line is not None and shape.line.color is not None:
            shape.line.color = _swap(shape.line.color, c.series)
        if shape.fillcolor is not None:
            shape.fillcolor = _swap(shape.fillcolor, c.series)
    for note in fig.layout.annotations:
        if note.bgcolor in ("white", "#ffffff"):
            note.bgcolor = c.paper
        if note.font is not None and note.font.color is not None:
            note.font.color = _swap(note.font.color, c.series)
    return fig
