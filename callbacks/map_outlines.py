"""The Karte's area outlines at their own address: `/karte/umrisse.json?gebiet=…&ebene=…&kacheln=0|1&rev=…`.

The map figure names this address instead of carrying the outlines (geo.figures.map_figure with
`outlines_url`); the browser fetches it once per shape revision (the revision is part of the address,
so the answer may be kept) and every later view sends only values. Any server builds it from the
database, so two instances behind one address answer alike. Behind the login like every page.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from dash import Dash, get_relative_path
from flask import Response, request

from dashboard.context import AppContext
from dashboard.services import maps as report
from data.db import read_session
from geo.figures import outlines

PATH = "/karte/umrisse.json"
KEPT_SECONDS = 7 * 24 * 3600  # the address changes with the shapes: an answer may be kept


def outlines_url(territory: str, level: str, tiles: bool, revision: str | None) -> str | None:
    """The address of a view's outlines (None without a shape revision: the figure then carries them)."""
    if revision is None:
        return None
    query = urlencode({"gebiet": territory, "ebene": level, "kacheln": int(tiles), "rev": revision})
    return f"{get_relative_path(PATH)}?{query}"


def map_outlines(ctx: AppContext) -> Response:
    args = request.args
    territory, level, _metric, messages = report.choices(args.get("gebiet"), args.get("ebene"), None)
    if messages or args.get("kacheln") not in ("0", "1"):
        text = " ".join(messages) or "„kacheln“ muss 0 oder 1 sein."
        return Response(f"Umrisse: {text} Bitte die Karte neu laden.", status=400, mimetype="text/plain")
    with read_session(ctx.sessions) as session:
        view = report.map_view(session, ctx.settings, territory=territory,
                               level="district" if territory == "landkreis" else level)
    response = Response(json.dumps(outlines(view, args["kacheln"] == "1"), ensure_ascii=False),
                        mimetype="application/geo+json")
    if view.shape_revision is not None and args.get("rev") == view.shape_revision:
        response.headers["Cache-Control"] = f"private, max-age={KEPT_SECONDS}, immutable"
    return response


def register(app: Dash, ctx: AppContext) -> None:
    app.server.add_url_rule(PATH, endpoint="map_outlines", view_func=lambda: map_outlines(ctx), methods=["GET"])
