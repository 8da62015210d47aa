"""Erklärung zur Barrierefreiheit callbacks: show the installation's feedback address."""

from __future__ import annotations

from dash import Dash, Input, Output
from dash.exceptions import PreventUpdate

from callbacks.common import on_page, wire
from dashboard.context import AppContext
from layouts import accessibility, ids


def show_contact(ctx: AppContext, pathname):
    """The feedback channel from the settings (IMC_ACCESSIBILITY_CONTACT)."""
    if not on_page(pathname, accessibility.PATH):
        raise PreventUpdate
    return accessibility.contact(ctx.settings.accessibility_contact)


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, show_contact, Output(ids.ACCESSIBILITY_CONTACT, "children"),
         Input(ids.ACCESSIBILITY_LOCATION, "pathname"))
