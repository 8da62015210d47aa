"""The app shell: header with navigation (built from the page registry) and the data's "Stand"."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html
import dash_bootstrap_components as dbc

from layouts import ids


def layout(pages: Sequence, refresh_seconds: int) -> html.Div:
    nav = dbc.Nav(
        [dbc.NavItem(dbc.NavLink(p.title, href=p.path, active="exact")) for p in pages],
        id=ids.NAV, navbar=True, className="me-auto",
    )
    header = dbc.Navbar(
        dbc.Container([
            html.A([html.Span("IM", className="brand-mark"), html.Span("Cockpit", className="brand-text")],
                   href="/", className="navbar-brand"),
            nav,
            html.Div([
                html.Span(id=ids.SOURCE_BADGE, className="source-badge"),
                html.Span(id=ids.STAND, className="stand-text"),
            ], className="d-flex align-items-center gap-3"),
        ], fluid=True),
        color="dark", dark=True, className="app-header",
    )
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Interval(id=ids.REFRESH_INTERVAL, interval=refresh_seconds * 1000),
        dcc.Store(id=ids.DATA_REVISION),
        dcc.Download(id=ids.DOWNLOAD),
        header,
        html.Main(id=ids.PAGE_CONTENT, className="page-content"),
    ])


def not_found(path: str, pages: Sequence) -> html.Div:
    return html.Div([
        html.H1("Seite nicht gefunden"),
        html.P(f"Die Adresse „{path}“ gibt es im IM-Cockpit nicht. Verfügbare Seiten:"),
        html.Ul([html.Li(dcc.Link(p.title, href=p.path)) for p in pages]),
    ], className="p-4")
