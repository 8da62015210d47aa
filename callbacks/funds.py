"""Projektmittel callbacks: year ↔ URL and the figures for that year; booking an expense or a
transfer (one transaction each, refused with German messages when a rule is broken).

Every input here is a component of this page (its own `dcc.Location`, revision store and refresh
interval), never a shell id: Dash fires a callback whose inputs are partly missing with an error,
so a page callback listening to the shell's URL or revision would break every other page.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import edit_refusal, on_page, register_revision_watch
from callbacks.common import figures as cached
from dashboard.context import AppContext
from dashboard.identity import current_user_name
from dashboard.services import funds as report
from dashboard.urls import build_query, parse_query
from data import ledger
from data.db import read_session, transaction
from layouts import funds, ids


def _default_date(current: str | None, year: int, day: str):
    """Keep a date the person picked while it lies in the shown year; else the projection day."""
    try:
        if current and dt.date.fromisoformat(current[:10]).year == year:
            return no_update
    except ValueError:
        pass
    return day


def _invalid(fields: set, *names: str) -> list[bool]:
    return [name in fields for name in names]



def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.FUNDS_CONTENT, "children"), Output(ids.FUNDS_LEDGER, "children"),
        Output(ids.FUNDS_YEAR, "options"), Output(ids.FUNDS_YEAR, "value"),
        Output(ids.FUNDS_LOCATION, "search"), Output(ids.FUNDS_MESSAGE, "children"),
        Output(ids.FUNDS_EXPENSE_PROVIDER, "options"), Output(ids.FUNDS_TRANSFER_FROM, "options"),
        Output(ids.FUNDS_TRANSFER_TO, "options"),
        Output(ids.FUNDS_EXPENSE_DATE, "date"), Output(ids.FUNDS_TRANSFER_DATE, "date"),
        Output(ids.FUNDS_REVISION, "data"), Output(ids.FUNDS_REFRESH, "interval"),
        Input(ids.FUNDS_YEAR, "value"), Input(ids.FUNDS_LOCATION, "search"), Input(ids.FUNDS_REVISION, "data"),
        State(ids.FUNDS_LOCATION, "pathname"),
        State(ids.FUNDS_EXPENSE_DATE, "date"), State(ids.FUNDS_TRANSFER_DATE, "date"),
    )
    def update_funds(picked, search, known_revision, pathname, expense_date, transfer_date):
        if not on_page(pathname, funds.PATH):
            raise PreventUpdate  # the person is leaving the page: do not write ?jahr= elsewhere
        wanted = picked if dash_ctx.triggered_id == ids.FUNDS_YEAR else parse_query(search).get("jahr")
        with read_session(ctx.sessions) as session:
            year, error = report.resolve_year(session, wanted)
            figures = cached(ctx, session, report.page_figures, ctx.settings, year)
        message = dbc.Alert(error, color="warning") if error else None
        new_search = build_query({**parse_query(search), "jahr": str(year)})
        options = funds.provider_options(figures)
        return (funds.content(figures), funds.ledger(figures), funds.year_options(figures),
                str(year) if picked != str(year) else no_update,
                new_search if new_search != (search or "") else no_update, message,
                options, options, options,
                _default_date(expense_date, year, figures.day.isoformat()),
                _default_date(transfer_date, year, figures.day.isoformat()),
                figures.revision if figures.revision != known_revision else no_update,
                ctx.settings.refresh_seconds * 1000)

    register_revision_watch(app, ctx, ids.FUNDS_REVISION, ids.FUNDS_REFRESH)

    @app.callback(
        Output(ids.FUNDS_EXPENSE_MESSAGE, "children"), Output(ids.FUNDS_REVISION, "data", allow_duplicate=True),
        Output(ids.FUNDS_EXPENSE_AMOUNT, "value"), Output(ids.FUNDS_EXPENSE_PURPOSE, "value"),
        Output(ids.FUNDS_EXPENSE_PROVIDER, "invalid"), Output(ids.FUNDS_EXPENSE_AMOUNT, "invalid"),
        Output(ids.FUNDS_EXPENSE_PURPOSE, "invalid"),
        Input(ids.FUNDS_EXPENSE_SUBMIT, "n_clicks"),
        State(ids.FUNDS_YEAR, "value"), State(ids.FUNDS_EXPENSE_PROVIDER, "value"),
        State(ids.FUNDS_EXPENSE_DATE, "date"), State(ids.FUNDS_EXPENSE_AMOUNT, "value"),
        State(ids.FUNDS_EXPENSE_PURPOSE, "value"),
        running=[(Output(ids.FUNDS_EXPENSE_SUBMIT, "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def book_expense(clicks, year_value, provider, booked_on, amount, purpose):
        if not clicks:
            raise PreventUpdate
        with read_session(ctx.sessions) as session:
            year, _ = report.resolve_year(session, year_value)
        form = report.expense_form(year, provider, booked_on, amount, purpose)
        errors = form.errors
        refusal = None if errors else edit_refusal(ctx, form.values["provider_id"], target="funds_entries")
        if refusal:
            errors = [ledger.LedgerError(refusal, "provider")]
        if not errors:
            try:
                with transaction(ctx.sessions) as session:
                    entry = ledger.book_expense(session, **form.values, user=current_user_name())
                    done, revision = report.expense_done(session, entry), report.revision(session)
                return funds.form_feedback(success=done), revision, "", "", False, False, False
            except ledger.LedgerError as refused:
                errors = [refused]
        fields = {e.field for e in errors}
        return (funds.form_feedback([str(e) for e in errors]), no_update, no_update, no_update,
                *_invalid(fields, "provider", "amount", "purpose"))

    @app.callback(
        Output(ids.FUNDS_TRANSFER_MESSAGE, "children"),
        Output(ids.FUNDS_REVISION, "data", allow_duplicate=True),
        Output(ids.FUNDS_TRANSFER_AMOUNT, "value"), Output(ids.FUNDS_TRANSFER_PURPOSE, "value"),
        Output(ids.FUNDS_TRANSFER_DECISION_REF, "value"), Output(ids.FUNDS_TRANSFER_DECISION_DATE, "date"),
        Output(ids.FUNDS_TRANSFER_FROM, "invalid"), Output(ids.FUNDS_TRANSFER_TO, "invalid"),
        Output(ids.FUNDS_TRANSFER_AMOUNT, "invalid"), Output(ids.FUNDS_TRANSFER_DECISION_REF, "invalid"),
        Output(ids.FUNDS_TRANSFER_PURPOSE, "invalid"),
        Input(ids.FUNDS_TRANSFER_SUBMIT, "n_clicks"),
        State(ids.FUNDS_YEAR, "value"), State(ids.FUNDS_TRANSFER_FROM, "value"),
        State(ids.FUNDS_TRANSFER_TO, "value"), State(ids.FUNDS_TRANSFER_DATE, "date"),
        State(ids.FUNDS_TRANSFER_AMOUNT, "value"), State(ids.FUNDS_TRANSFER_DECISION_DATE, "date"),
        State(ids.FUNDS_TRANSFER_DECISION_REF, "value"), State(ids.FUNDS_TRANSFER_PURPOSE, "value"),
        running=[(Output(ids.FUNDS_TRANSFER_SUBMIT, "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def book_transfer(clicks, year_value, giver, taker, booked_on, amount, decision_date, decision_ref,
                      purpose):
        if not clicks:
            raise PreventUpdate
        with read_session(ctx.sessions) as session:
            year, _ = report.resolve_year(session, year_value)
        form = report.transfer_form(year, giver, taker, booked_on, amount, decision_date, decision_ref,
                                    purpose)
        errors = form.errors
        refusal = None if errors else edit_refusal(ctx, city_only=True, target="funds_entries")
        if refusal:
            errors = [ledger.LedgerError(refusal)]
        if not errors:
            try:
                with transaction(ctx.sessions) as session:
                    entry = ledger.book_transfer(session, **form.values, user=current_user_name())
                    done, revision = report.transfer_done(session, entry), report.revision(session)
                return (funds.form_feedback(success=done), revision, "", "", "", None,
                        False, False, False, False, False)
            except ledger.LedgerError as refused:
                errors = [refused]
        fields = {e.field for e in errors}
        return (funds.form_feedback([str(e) for e in errors]), no_update, no_update, no_update, no_update,
                no_update, *_invalid(fields, "provider", "to_provider", "amount", "decision_ref", "purpose"))
