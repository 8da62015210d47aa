"""Projektmittel callbacks: year ↔ URL and the figures for that year; booking an expense or a
transfer (one transaction each, refused with German messages when a rule is broken).

Every input here is a component of this page (its own `dcc.Location`, revision store and refresh
interval), never a shell id: Dash fires a callback whose inputs are partly missing with an error,
so a page callback listening to the shell's URL or revision would break every other page.
"""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import (
    Edit,
    access,
    changed,
    preset,
    refresh_page,
    register_revision_watch,
    register_table_pager,
    rendered,
    run_edit,
    wire,
)
from dashboard.auth.roles import Action
from dashboard.context import AppContext
from dashboard.services import funds as report
from dashboard.urls import parse_query
from data import ledger
from layouts import funds, ids
from layouts.components import form_feedback, warning


def _default_date(current: str | None, year: int, day: str):
    """Keep a date the person picked while it lies in the shown year; else the projection day."""
    try:
        if current and dt.date.fromisoformat(current[:10]).year == year:
            return no_update
    except ValueError:
        pass
    return day


def update_funds(ctx: AppContext, picked, search, known_revision, pathname, expense_date, transfer_date):
    """The year (picker, else URL, else the Stand's) ↔ URL, and the page's figures for that year."""
    wanted = picked if dash_ctx.triggered_id == ids.FUNDS_YEAR else parse_query(search).get("jahr")
    with refresh_page(ctx, pathname, funds.PATH, search, known_revision) as page:
        year, error = report.resolve_year(page.session, wanted)
        fig = page.figures(report.page_figures, ctx.settings, year)
    scope = access()
    options, own = funds.provider_options(fig.by_provider), funds.provider_options(
        scope.own_only(fig.by_provider, lambda p: p.code))
    return (rendered(ctx, funds.content, fig), rendered(ctx, funds.ledger, fig, parse_query(search)), funds.year_options(fig), changed(str(year), picked),
            page.query(jahr=str(year)), warning(error) if error else None, own, preset(own, scope), options, options,
            _default_date(expense_date, year, fig.day.isoformat()), _default_date(transfer_date, year, fig.day.isoformat()),
            page.revision(fig.revision), page.interval)


def write_expense(edit: Edit, year_value, provider, booked_on, amount, purpose) -> str:
    """Parse, check the Träger, book (in the edit's transaction); the German success text."""
    year, _ = report.resolve_year(edit.session, year_value)
    values = edit.form(report.expense_form(year, provider, booked_on, amount, purpose))
    edit.allow(values["provider_id"], field="provider")
    entry = ledger.book_expense(edit.session, **values, user=edit.user)
    return report.expense_done(edit.session, entry)


def book_expense(ctx: AppContext, clicks, year_value, provider, booked_on, amount, purpose):
    if not clicks:
        raise PreventUpdate
    done = run_edit(ctx, "funds_entries", write_expense, year_value, provider, booked_on, amount, purpose,
                    errors=(ledger.LedgerError,))
    if done.ok:
        return form_feedback(success=done.done), done.revision, "", "", False, False, False
    return (form_feedback(done.messages, title=funds.NOT_BOOKED), no_update, no_update, no_update,
            *done.invalid("provider", "amount", "purpose"))


def write_transfer(edit: Edit, year_value, *fields) -> str:
    """A transfer is decided by the Koordinierungskreis: only the city's administration books it."""
    year, _ = report.resolve_year(edit.session, year_value)
    values = edit.form(report.transfer_form(year, *fields))
    edit.allow_action(Action.edit_city)
    entry = ledger.book_transfer(edit.session, **values, user=edit.user)
    return report.transfer_done(edit.session, entry)


def book_transfer(ctx: AppContext, clicks, year_value, giver, taker, booked_on, amount, decision_date,
                  decision_ref, purpose):
    if not clicks:
        raise PreventUpdate
    done = run_edit(ctx, "funds_entries", write_transfer, year_value, giver, taker, booked_on, amount,
                    decision_date, decision_ref, purpose, errors=(ledger.LedgerError,))
    if done.ok:
        return (form_feedback(success=done.done), done.revision, "", "", "", None,
                False, False, False, False, False)
    return (form_feedback(done.messages, title=funds.NOT_BOOKED), no_update, no_update, no_update, no_update,
            no_update, *done.invalid("provider", "to_provider", "amount", "decision_ref", "purpose"))


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_funds,
         Output(ids.FUNDS_CONTENT, "children"), Output(ids.FUNDS_LEDGER, "children"),
         Output(ids.FUNDS_YEAR, "options"), Output(ids.FUNDS_YEAR, "value"),
         Output(ids.FUNDS_LOCATION, "search"), Output(ids.FUNDS_MESSAGE, "children"),
         Output(ids.FUNDS_EXPENSE_PROVIDER, "options"), Output(ids.FUNDS_EXPENSE_PROVIDER, "value"),
         Output(ids.FUNDS_TRANSFER_FROM, "options"),
         Output(ids.FUNDS_TRANSFER_TO, "options"),
         Output(ids.FUNDS_EXPENSE_DATE, "date"), Output(ids.FUNDS_TRANSFER_DATE, "date"),
         Output(ids.FUNDS_REVISION, "data"), Output(ids.FUNDS_REFRESH, "interval"),
         Input(ids.FUNDS_YEAR, "value"), Input(ids.FUNDS_LOCATION, "search"), Input(ids.FUNDS_REVISION, "data"),
         State(ids.FUNDS_LOCATION, "pathname"),
         State(ids.FUNDS_EXPENSE_DATE, "date"), State(ids.FUNDS_TRANSFER_DATE, "date"))
    register_revision_watch(app, ctx, ids.FUNDS_REVISION, ids.FUNDS_REFRESH)
    register_table_pager(app, ctx, "funds", ids.FUNDS_LOCATION)
    wire(app, ctx, book_expense,
         Output(ids.FUNDS_EXPENSE_MESSAGE, "children"), Output(ids.FUNDS_REVISION, "data", allow_duplicate=True),
         Output(ids.FUNDS_EXPENSE_AMOUNT, "value"), Output(ids.FUNDS_EXPENSE_PURPOSE, "value"),
         Output(ids.FUNDS_EXPENSE_PROVIDER, "invalid"), Output(ids.FUNDS_EXPENSE_AMOUNT, "invalid"),
         Output(ids.FUNDS_EXPENSE_PURPOSE, "invalid"),
         Input(ids.FUNDS_EXPENSE_SUBMIT, "n_clicks"),
         State(ids.FUNDS_YEAR, "value"), State(ids.FUNDS_EXPENSE_PROVIDER, "value"),
         State(ids.FUNDS_EXPENSE_DATE, "date"), State(ids.FUNDS_EXPENSE_AMOUNT, "value"),
         State(ids.FUNDS_EXPENSE_PURPOSE, "value"),
         running=[(Output(ids.FUNDS_EXPENSE_SUBMIT, "disabled"), True, False)],
         prevent_initial_call=True)
    wire(app, ctx, book_transfer,
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
         prevent_initial_call=True)
