"""The app factory: `create_app(settings)` wires Flask, Dash, the database, pages and callbacks."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import Flask, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

import callbacks.downloads
import callbacks.shell
import callbacks.warming
from dashboard import memory
from dashboard.api import register_api
from dashboard.auth import init_auth
from dashboard.background import make_manager
from dashboard.context import AppContext
from dashboard.identity import ANONYMOUS, current_role, current_user_name
from dashboard.pages import PAGES, visible_pages
from dashboard.request_guard import init_request_guard, value_kinds
from dashboard.services.cache import make_cache
from dashboard.services.warming import Warmer
from dashboard.settings import Settings
from data.db import make_engine, make_session_factory
from layouts import shell, theme

ASSETS = Path(__file__).with_name("assets")

INDEX_STRING = """<!DOCTYPE html>
<html lang="de">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


class CockpitDash(Dash):
    """Dash with a German loading text in the page skeleton."""

    def interpolate_index(self, **kwargs):
        kwargs["app_entry"] = kwargs["app_entry"].replace("Loading...", "Wird geladen …")
        # the person's colour mode from the first paint on (Bootstrap colour modes, layouts.theme)
        return super().interpolate_index(**kwargs).replace('<html lang="de">', f"<html {theme.html_attributes()}>", 1)


def create_app(settings: Settings | None = None) -> Dash:
    """Build the dashboard for `settings` (default: from the environment)."""
    settings = (settings or Settings.from_env()).with_secret()
    memory.limit_arenas()  # a threaded worker's heaps: two arenas, not eight per core (dashboard.memory)
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    figures = make_cache(settings)
    warmer = Warmer(sessions, figures, callbacks.warming.default_views(settings),
                    tasks=callbacks.warming.default_tasks(settings, figures),
                    slow_tasks=callbacks.warming.slow_tasks(settings))
    warmer.listen()  # an import or edit committed here warms the new revision's common views
    context = AppContext(settings=settings, engine=engine, sessions=sessions, figures=figures, warmer=warmer,
                         jobs=make_manager(settings))
    warmer.renders = callbacks.warming.default_renders(context)
    figures.listeners.insert(0, context.rendered.clear)  # a newer revision: the old pages' figures can go

    server = Flask("im_cockpit")
    server.config.update(SECRET_KEY=settings.secret_key, JSON_AS_ASCII=False)
    if settings.trusted_proxies:
        # the address, scheme and host the person used, as the proxy reports them (only that many hops)
        n = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)
    server.extensions["im_cockpit"] = context
    server.before_request(_colour_mode)
    _register_health(server, context)

    app = CockpitDash(
        "im_cockpit",
        server=server,
        title="IM-Cockpit",
        assets_folder=str(ASSETS),
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING
    server.extensions["im_cockpit_dash"] = app
    limiter = init_auth(server, context)
    register_api(server, context, limiter)
    app.layout = lambda: shell.layout(visible_pages(PAGES, current_role()), settings.refresh_seconds,
                                      _shown_user())
    # after init_auth: a request is judged malformed only once the gate has let it through; the
    # layouts (pure functions, no database) tell which kind of value each form field may send
    trees = [shell.layout(PAGES, settings.refresh_seconds), *(page.layout() for page in PAGES)]
    init_request_guard(server, app, settings, kinds=value_kinds(trees))
    callbacks.shell.register(app, context, PAGES)
    for page in PAGES:
        page.register(app, context)
    callbacks.downloads.register(
        app, context, {(p.name, key): build for p in PAGES for key, build in p.tables.items()},
        admin_only={p.name for p in PAGES if p.admin_only})
    return app


def _colour_mode() -> None:
    """This request draws in the person's colour mode (cookie; unknown or none: light)."""
    theme.use(request.cookies.get(theme.COOKIE))


def _register_health(server: Flask, context: AppContext) -> None:
    @server.get("/healthz")
    def healthz():
        try:
            with context.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return jsonify(status="error", database="unreachable"), 503
        # the figures cache of this process: where it lives and how often it answered (no data in it)
        figures = context.figures
        warmer = context.warmer
        return jsonify(status="ok", database="ok", cache={"store": figures.store.kind, "hits": figures.hits,
                                                          "misses": figures.misses},
                       warming={"busy": warmer.busy, "revision": warmer.warmed_revision,
                                "seconds": None if warmer.seconds is None else round(warmer.seconds, 2)})


def _shown_user() -> str | None:
    """The name the header shows: the logged-in (or, with login off, the named) user; None for nobody."""
    name = current_user_name()
    return None if name == ANONYMOUS else name
