"""The app shell: header with navigation (built from the page registry) and the data's "Stand"."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids, theme
from layouts.presentation import present_button, presentation_bar


def layout(pages: Sequence, refresh_seconds: int, user_name: str | None = None) -> html.Div:
    """The frame of every page; `user_name` (None: nobody logged in) shows with the logout button."""
    # Two rows: brand and "Stand" on top, the pages below on one line, so eight pages fit at
    # 1280 px without wrapping labels (the row scrolls sideways on narrower screens).
    nav = dbc.Nav(
        [dbc.NavItem(dbc.NavLink(p.title, href=p.path, active="exact")) for p in pages if p.in_nav],
        id=ids.NAV, className="app-nav",
    )
    header = html.Header([
        html.Div([
            html.A([html.Span("IM", className="brand-mark"), html.Span("Cockpit", className="brand-text")],
                   href="/", className="navbar-brand"),
            presentation_bar(),
            html.Div([
                html.Span(id=ids.SOURCE_BADGE, className="source-badge"),
                html.Span(id=ids.STAND, className="stand-text"),
                present_button(),
                colour_mode_select(),
                _account(user_name),
            ], className="d-flex align-items-center gap-3 ms-auto"),
        ], className="app-header-top d-flex align-items-center"),
        html.Nav(nav, className="app-header-nav", **{"aria-label": "Seiten"}),
    ], className="app-header")
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Interval(id=ids.REFRESH_INTERVAL, interval=refresh_seconds * 1000),
        dcc.Store(id=ids.DATA_REVISION),
        dcc.Download(id=ids.DOWNLOAD),
        # the first stop of the Tab key: past the header and navigation to the page (WCAG 2.4.1)
        html.A("Zum Inhalt springen", id=ids.SKIP_LINK, href=f"#{ids.PAGE_CONTENT}", className="skip-link"),
        header,
        html.Main(id=ids.PAGE_CONTENT, className="page-content", tabIndex="-1"),
        _footer(pages),
        html.Div(id=ids.PRESENT_SLIDES, hidden=True),
    ])


def colour_mode_select() -> html.Div:
    """The person's colour mode; assets/colour-mode.js keeps it in a cookie and redraws the page."""
    return html.Div([
        html.Label(theme.MODE_LABEL, htmlFor=ids.COLOUR_MODE, className="visually-hidden"),
        dbc.Select(id=ids.COLOUR_MODE, value=theme.current(), size="sm", className="colour-mode-select",
                   options=[{"label": f"◐ {label}", "value": mode} for mode, label in theme.MODES.items()]),
    ])


def _footer(pages: Sequence) -> html.Footer:
    """Links every page carries (the Erklärung zur Barrierefreiheit, § 10 L-BGG BW)."""
    links = [html.A(p.title, href=p.path) for p in pages if not p.in_nav and getattr(p, "parent", None) is None]
    return html.Footer(html.Nav(links, className="d-flex gap-3", **{"aria-label": "Weitere Seiten"}),
                       id=ids.FOOTER, className="app-footer")


def _account(name: str | None):
    """Who is logged in, and the logout button (a plain form POST: no script, Origin-checked)."""
    if name is None:
        return None
    return html.Form([html.Span(name, id=ids.ACCOUNT_NAME, className="account-name"),
                      html.Button("Abmelden", type="submit", className="btn btn-sm btn-outline-light")],
                     action="/logout", method="post", className="d-flex align-items-center gap-2 m-0")


def not_found(path: str, pages: Sequence) -> html.Div:
    return html.Div([
        html.H1("Seite nicht gefunden"),
        html.P(f"Die Adresse „{path}“ gibt es im IM-Cockpit nicht. Verfügbare Seiten:"),
        html.Ul([html.Li(dcc.Link(p.title, href=p.path)) for p in pages]),
    ], className="p-4")


def no_access(title: str) -> html.Div:
    return html.Div([
        html.H1("Kein Zugriff"),
        html.P(f"Die Seite „{title}“ ist der Administration der Stadt vorbehalten. Wenn Sie sie brauchen, "
               "wenden Sie sich bitte an die Administration."),
    ], className="p-4")
