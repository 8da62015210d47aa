"""Shell callbacks: route the URL to a page (and its slides for presentation mode), and keep the
header's "Stand" live."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, no_update

from callbacks.common import access, wire
from dashboard import services
from dashboard.context import AppContext
from dashboard.identity import current_role
from dashboard.model.formatting import fmt_date
from dashboard.model.meeting import first_url
from dashboard.model.vocabulary import MEETING_PARAM, STEP_PARAM
from dashboard.pages import visible_pages
from dashboard.services import meetings as meeting_service
from dashboard.urls import parse_query
from data.db import read_session
from layouts import ids, presentation, shell

SOURCE_TEXT = {"demo": "DEMODATEN", "imported": "importierte Daten"}


def render_page(ctx: AppContext, pages, pathname, search):
    """The page the URL names, if the user's role may see it (else "not found" or "no access")."""
    page = {p.path: p for p in pages}.get((pathname or "/").rstrip("/") or "/")
    if page is None:
        return shell.not_found(pathname, visible_pages(pages, current_role()))
    if page not in visible_pages(pages, current_role()):
        return shell.no_access(page.title)
    query = parse_query(search)
    if page.dated and not query.get("stichtag"):
        # the date picker starts with the day the page will show: an empty picker that the page's main
        # callback fills echoes the date back (dcc.DatePickerSingle), and the page would compute twice
        with read_session(ctx.sessions) as session:
            query["stichtag"] = services.default_day(session).isoformat()
    return page.layout(**{**query, "access": access()})  # a URL cannot set the access


def render_slide_list(ctx: AppContext, pages, pathname, search=None):
    """The shown page's slides for presentation mode (none for an unknown or forbidden page); in a played
    Sitzung (`sitzung=<id>&schritt=<n>`) only the step's slides, its counter and its neighbours."""
    path = (pathname or "/").rstrip("/") or "/"
    page = {p.path: p for p in visible_pages(pages, current_role())}.get(path)
    if page is None:
        return None
    query = parse_query(search)
    step = None
    if query.get(MEETING_PARAM):
        with read_session(ctx.sessions) as session:
            found = meeting_service.step_for(session, query.get(MEETING_PARAM), query.get(STEP_PARAM), path)
        if found is not None:
            step = presentation.MeetingStep(found.item.slides, found.counter, found.number, found.previous_url,
                                            found.next_url, first_url(found.meeting), found.meeting.interval,
                                            found.hint)
    return presentation.slide_list(page.title, page.presentation, step)


def refresh_stand(ctx: AppContext, _n, known_revision):
    """The header's "Stand" and data source badge, redrawn when the data revision moves."""
    with read_session(ctx.sessions) as session:
        info = services.stand(session)
    if info is None:
        return "Keine Daten geladen", "leer", "source-badge source-empty", None
    if known_revision is not None and known_revision == info["revision"]:
        return no_update, no_update, no_update, no_update
    text = f"Stand {fmt_date(dt.date.fromisoformat(info['as_of']))} · {info['label']}"
    return (text, SOURCE_TEXT.get(info["source"], info["source"]),
            f"source-badge source-{info['source']}", info["revision"])


def register(app: Dash, ctx: AppContext, pages) -> None:
    wire(app, ctx, render_page, Output(ids.PAGE_CONTENT, "children"), Input(ids.URL, "pathname"),
         State(ids.URL, "search"), bind=(pages,))
    wire(app, ctx, render_slide_list, Output(ids.PRESENT_SLIDES, "children"), Input(ids.URL, "pathname"),
         Input(ids.URL, "search"), bind=(pages,))
    wire(app, ctx, refresh_stand,
         Output(ids.STAND, "children"), Output(ids.SOURCE_BADGE, "children"),
         Output(ids.SOURCE_BADGE, "className"), Output(ids.DATA_REVISION, "data"),
         Input(ids.REFRESH_INTERVAL, "n_intervals"), State(ids.DATA_REVISION, "data"))
