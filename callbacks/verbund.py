"""Verbund callbacks: the page's state (Verbund, Gemeinde) ↔ URL and its figures; the lead Gemeinde's
actions (draft invoices, status change) and the invoice PDF. Every check runs in the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dash import Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx

from callbacks import verbund_forms
from callbacks.common import changed, record_refusal, refresh_page, register_revision_watch, rendered, wire
from dashboard import pdf, services
from dashboard.auth.roles import PermissionDenied, Reader
from dashboard.context import AppContext
from dashboard.identity import current_area_code, current_role, current_user_name
from dashboard.model.verbund import VerbundError
from dashboard.model.vocabulary import INVOICE_STATUS_TEXT
from dashboard.pdf import ReportError
from dashboard.services import verbund as report
from dashboard.services import verbund_billing as billing
from dashboard.urls import parse_query
from data import audit
from data.db import transaction
from layouts import ids
from layouts import verbund as page
from layouts import verbund_billing as part
from layouts.components import EmptyState, form_feedback

CONTROLS = {ids.VERBUND_SELECT: "verbund", ids.VERBUND_GEMEINDE: "gemeinde"}


def _reader() -> Reader:
    return Reader(current_role(), current_area_code())


def _day(session):
    stand = services.dataset_stand(session)
    if stand is None:
        raise report.NoVerbund("Die Datenbank enthält keine Daten. Erst Daten importieren (oder `im-cockpit demo`).")
    return stand.as_of


def update_verbund(ctx: AppContext, verbund, gemeinde, search, known_revision, pathname):
    """Verbund and Gemeinde (control, else URL) → the agreement, hours, costs, comparison and invoices."""
    query = parse_query(search)
    value = {ids.VERBUND_SELECT: verbund, ids.VERBUND_GEMEINDE: gemeinde}.get(dash_ctx.triggered_id)
    if dash_ctx.triggered_id in CONTROLS and value not in (None, ""):  # only the control that fired
        query[CONTROLS[dash_ctx.triggered_id]] = str(value)
    with refresh_page(ctx, pathname, page.PATH, search, known_revision) as view:
        try:
            day = _day(view.session)
            fig = view.figures(report.verbund_figures, ctx.settings, _reader(), day)
        except report.NoVerbund as missing:
            return ([EmptyState(str(missing))], [], [], None, [], None, [], True, True, view.query(query), None,
                    view.revision(), view.interval)
        shown = fig.agreement(query.get("verbund"))
        members = {m.ags for m in shown.members}
        ags = query.get("gemeinde") if query.get("gemeinde") in members else (shown.members[0].ags if shown.members else None)
        min_post = Decimal(ctx.settings.eigenregie_min_post_pct) / 100
        # `shown` is part of the cached figures of this reader (the reader is in their key): kept rendered
        return (rendered(ctx, page.content, shown, day, ctx.settings.small_count_threshold, ags, min_post),
                rendered(ctx, part.invoices, shown),
                page.verbund_options(fig), changed(shown.code, verbund), page.gemeinde_options(shown),
                changed(ags, gemeinde), part.invoice_options(shown), not shown.may_bill, not shown.may_bill,
                view.query(query, verbund=shown.code), None, view.revision(), view.interval)


def change_invoice_status(ctx: AppContext, _clicks, invoice_id, status):
    """Move the chosen invoice one step (lead Gemeinde only; a forged request is refused and audited)."""
    reader = _reader()
    try:
        with transaction(ctx.sessions) as session:
            record = billing.change_status(session, reader, current_user_name(), invoice_id, status, dt.date.today())
            done = f"Rechnung {record.number}: {INVOICE_STATUS_TEXT[record.status]}."
            revision = _revision(session)
    except PermissionDenied as refused:
        record_refusal(ctx, "verbund_invoice", str(refused), invoice=invoice_id, status=status)
        return form_feedback(str(refused), title=None), no_update
    except (VerbundError, report.NoVerbund) as error:
        return form_feedback(str(error), title=None), no_update
    return form_feedback(success=done), revision


def create_drafts(ctx: AppContext, _clicks, code):
    """Draft the invoices of every booked quarter that has none (lead Gemeinde only)."""
    reader = _reader()
    try:
        with transaction(ctx.sessions) as session:
            made = billing.create_invoices(session, ctx.settings, reader, current_user_name(), code, _day(session))
            revision = _revision(session)
    except PermissionDenied as refused:
        record_refusal(ctx, "verbund", str(refused), verbund=code)
        return form_feedback(str(refused), title=None), no_update
    except (VerbundError, report.NoVerbund) as error:
        return form_feedback(str(error), title=None), no_update
    if not made:
        return form_feedback(info="Alle gebuchten Quartale haben schon eine Rechnung."), no_update
    return form_feedback(success=f"{len(made)} Rechnung(en) entworfen: {', '.join(r.number for r in made)}."), \
        revision


def _revision(session):
    """The data revision after the write (the page redraws when its store changes)."""
    stand = services.stand(session)
    return stand["revision"] if stand else no_update


def make_invoice_pdf(ctx: AppContext, _clicks, invoice_id):
    """The chosen invoice as a PDF (for whoever may see it), audited as `report`."""
    try:
        with transaction(ctx.sessions) as session:
            invoice = pdf.invoice_pdf(session, ctx.settings, _reader(), invoice_id)
            audit.record(session, current_user_name(), "report", invoice.filename, {"pages": invoice.pages})
    except PermissionDenied as refused:
        record_refusal(ctx, "verbund_invoice_pdf", str(refused), invoice=invoice_id)
        return no_update, form_feedback(str(refused), title=None)
    except (VerbundError, ReportError, report.NoVerbund) as error:
        return no_update, form_feedback(str(error), title=None)
    return (dcc.send_bytes(invoice.content, invoice.filename),
            form_feedback(success=f"{invoice.filename} erstellt ({invoice.pages} Seiten)."))


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, update_verbund,
         Output(ids.VERBUND_CONTENT, "children"), Output(ids.VERBUND_INVOICES, "children"),
         Output(ids.VERBUND_SELECT, "options"), Output(ids.VERBUND_SELECT, "value"),
         Output(ids.VERBUND_GEMEINDE, "options"), Output(ids.VERBUND_GEMEINDE, "value"),
         Output(ids.VERBUND_INVOICE, "options"), Output(ids.VERBUND_STATUS_SUBMIT, "disabled"),
         Output(ids.VERBUND_CREATE_SUBMIT, "disabled"), Output(ids.VERBUND_LOCATION, "search"),
         Output(ids.VERBUND_MESSAGE, "children"), Output(ids.VERBUND_REVISION, "data"),
         Output(ids.VERBUND_REFRESH, "interval"),
         Input(ids.VERBUND_SELECT, "value"), Input(ids.VERBUND_GEMEINDE, "value"),
         Input(ids.VERBUND_LOCATION, "search"), Input(ids.VERBUND_REVISION, "data"),
         State(ids.VERBUND_LOCATION, "pathname"))
    register_revision_watch(app, ctx, ids.VERBUND_REVISION, ids.VERBUND_REFRESH)
    wire(app, ctx, change_invoice_status,
         Output(ids.VERBUND_ACTION_MESSAGE, "children"), Output(ids.VERBUND_REVISION, "data", allow_duplicate=True),
         Input(ids.VERBUND_STATUS_SUBMIT, "n_clicks"), State(ids.VERBUND_INVOICE, "value"),
         State(ids.VERBUND_STATUS, "value"), prevent_initial_call=True)
    wire(app, ctx, create_drafts,
         Output(ids.VERBUND_ACTION_MESSAGE, "children", allow_duplicate=True),
         Output(ids.VERBUND_REVISION, "data", allow_duplicate=True),
         Input(ids.VERBUND_CREATE_SUBMIT, "n_clicks"), State(ids.VERBUND_SELECT, "value"), prevent_initial_call=True)
    wire(app, ctx, make_invoice_pdf,
         Output(ids.VERBUND_PDF_DOWNLOAD, "data"), Output(ids.VERBUND_ACTION_MESSAGE, "children", allow_duplicate=True),
         Input(ids.VERBUND_PDF_SUBMIT, "n_clicks"), State(ids.VERBUND_INVOICE, "value"), prevent_initial_call=True)
    verbund_forms.register(app, ctx)
