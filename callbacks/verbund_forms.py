"""Verbund forms: fill them for the chosen Verbund (enabled for its lead Gemeinde only) and save the
agreement, a member and a quarter's booking. Parsing is the model's, every rule the services'."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import Edit, EditRefused, run_edit, wire
from dashboard import services
from dashboard.auth.roles import PermissionDenied, Reader
from dashboard.context import AppContext
from dashboard.identity import current_area_code, current_role
from dashboard.model.verbund import VerbundError
from dashboard.model.verbund_forms import agreement_form, booking_form, member_form
from dashboard.model.vocabulary import BillingMode
from dashboard.services import verbund_edit as edits
from data.db import transaction
from layouts import ids
from layouts import verbund_forms as forms
from layouts.components import form_feedback

AGREEMENT_INPUTS = (ids.VERBUND_F_CODE, ids.VERBUND_F_NAME, ids.VERBUND_F_FROM, ids.VERBUND_F_TO, ids.VERBUND_F_BILLING,
                    ids.VERBUND_F_COST, ids.VERBUND_F_PAY_GROUP, ids.VERBUND_F_OVERHEAD, ids.VERBUND_F_CAP,
                    ids.VERBUND_F_VAT_MODE, ids.VERBUND_F_VAT_RATE, ids.VERBUND_F_OFFSET, ids.VERBUND_F_DECISION,
                    ids.VERBUND_F_POSTS)
AGREEMENT_PROPS = ("value",) * 2 + ("date",) * 2 + ("value",) * 10
AGREEMENT_KEYS = ("code", "name", "valid_from", "valid_to", "billing", "cost_per_fte", "pay_group", "overhead_pct",
                  "overhead_cap", "vat_mode", "vat_rate", "offset", "decision_ref", "posts")
DEFAULTS = {"billing": BillingMode.hours.value, "overhead_pct": "10", "vat_mode": "taxable", "vat_rate": "19",
            "offset": True, "posts": []}
INVALID = [ids.VERBUND_F_CODE, ids.VERBUND_F_NAME, ids.VERBUND_F_COST, ids.VERBUND_F_PAY_GROUP, ids.VERBUND_F_OVERHEAD,
           ids.VERBUND_F_CAP, ids.VERBUND_F_VAT_RATE, ids.VERBUND_F_DECISION]
INVALID_FIELDS = ("code", "name", "cost_per_fte", "pay_group", "overhead_pct", "overhead_cap", "vat_rate", "decision_ref")
BOOKING_INVALID = [ids.VERBUND_B_HOURS, ids.VERBUND_B_UNFUNDED, ids.VERBUND_B_CASES, ids.VERBUND_B_CASES_UNFUNDED,
                   ids.VERBUND_B_COST]
BOOKING_INVALID_FIELDS = ("hours", "hours_unfunded", "cases_funded", "cases_unfunded", "actual_cost")


def _reader() -> Reader:
    return Reader(current_role(), current_area_code())


def _day(session):
    stand = services.dataset_stand(session)
    if stand is None:
        raise VerbundError("Die Datenbank enthält keine Daten. Erst Daten importieren (oder `im-cockpit demo`).")
    return stand.as_of


def fill_forms(ctx: AppContext, code, _revision, _new):
    """The forms for the chosen Verbund: enabled for its lead, prefilled with the agreement (or empty for
    "Neue Vereinbarung"), with the posts, Gemeinden, members and ended quarters to choose from."""
    new = dash_ctx.triggered_id == ids.VERBUND_F_NEW
    with transaction(ctx.sessions) as session:
        try:
            state = edits.form_state(session, _reader(), code, _day(session), new=new)
        except VerbundError:
            state = None
    if state is None or not state.enabled:
        return (True, False, [], [], [], [], *(no_update,) * len(AGREEMENT_KEYS))
    values = state.agreement or {**DEFAULTS, **state.new_validity}
    return (False, True, state.posts, state.candidates, state.members, state.quarters,
            *(values.get(k, "") for k in AGREEMENT_KEYS))


def _refused(error: Exception) -> Exception:
    return EditRefused(str(error)) if isinstance(error, PermissionDenied) else error


def write_agreement(edit: Edit, *fields):
    try:
        edits.require_gemeinde(edit.session, _reader())
        return edits.save_agreement_edit(edit.session, _reader(), edit.user, edit.form(agreement_form(*fields)))
    except PermissionDenied as refused:
        raise _refused(refused) from None


def save_agreement(ctx: AppContext, clicks, *fields):
    if not clicks:
        raise PreventUpdate
    done = run_edit(ctx, "verbund", write_agreement, *fields, errors=(VerbundError,))
    if done.ok:
        record, created = done.done
        text = f"Vereinbarung {record.code} {'angelegt' if created else 'gespeichert'}: {record.name}."
        return form_feedback(success=text), done.revision, f"?verbund={record.code}", *([False] * len(INVALID))
    return (form_feedback(done.messages, title=forms.NOT_SAVED), no_update, no_update,
            *done.invalid(*INVALID_FIELDS))


def write_member(edit: Edit, code, gemeinde, hours, share):
    try:
        agreement = edits.require_lead(edit.session, _reader(), code)
        values = edit.form(member_form(gemeinde, hours, share, agreement.billing))
        return edits.save_member_edit(edit.session, _reader(), edit.user, code, values).municipality.name
    except PermissionDenied as refused:
        raise _refused(refused) from None


def save_member(ctx: AppContext, clicks, code, gemeinde, hours, share):
    if not clicks:
        raise PreventUpdate
    done = run_edit(ctx, "verbund", write_member, code, gemeinde, hours, share, errors=(VerbundError,))
    if done.ok:
        return form_feedback(success=f"Mitglied {done.done} gespeichert."), done.revision, False, False
    return (form_feedback(done.messages, title=forms.NOT_SAVED), no_update, *done.invalid("min_hours", "cost_share"))


def write_booking(edit: Edit, code, member, quarter, *fields):
    try:
        edits.require_lead(edit.session, _reader(), code)
        values = edit.form(booking_form(member, quarter, *fields))
        booking = edits.save_booking_edit(edit.session, _reader(), edit.user, code, values, _day(edit.session))
    except PermissionDenied as refused:
        raise _refused(refused) from None
    return f"{booking.member.municipality.name}, {values['quarter'].label}"


def save_booking(ctx: AppContext, clicks, code, member, quarter, *fields):
    if not clicks:
        raise PreventUpdate
    done = run_edit(ctx, "verbund", write_booking, code, member, quarter, *fields, errors=(VerbundError,))
    if done.ok:
        return (form_feedback(success=f"Gebucht: {done.done}. Die Rechnung entwirft „Rechnungen für gebuchte "
                                      "Quartale entwerfen“."), done.revision, *([False] * len(BOOKING_INVALID)))
    return (form_feedback(done.messages, title=forms.NOT_SAVED), no_update, *done.invalid(*BOOKING_INVALID_FIELDS))


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, fill_forms,
         Output(ids.VERBUND_FORMS, "disabled"), Output(ids.VERBUND_FORMS_NOTE, "hidden"),
         Output(ids.VERBUND_F_POSTS, "options"), Output(ids.VERBUND_M_GEMEINDE, "options"),
         Output(ids.VERBUND_B_MEMBER, "options"), Output(ids.VERBUND_B_QUARTER, "options"),
         *(Output(i, p) for i, p in zip(AGREEMENT_INPUTS, AGREEMENT_PROPS, strict=True)),
         Input(ids.VERBUND_SELECT, "value"), Input(ids.VERBUND_REVISION, "data"), Input(ids.VERBUND_F_NEW, "n_clicks"))
    wire(app, ctx, save_agreement,
         Output(ids.VERBUND_F_MESSAGE, "children"), Output(ids.VERBUND_REVISION, "data", allow_duplicate=True),
         Output(ids.VERBUND_LOCATION, "search", allow_duplicate=True),  # the new agreement is shown
         *(Output(i, "invalid") for i in INVALID),
         Input(ids.VERBUND_F_SAVE, "n_clicks"),
         *(State(i, p) for i, p in zip(AGREEMENT_INPUTS, AGREEMENT_PROPS, strict=True)), prevent_initial_call=True)
    wire(app, ctx, save_member,
         Output(ids.VERBUND_M_MESSAGE, "children"), Output(ids.VERBUND_REVISION, "data", allow_duplicate=True),
         Output(ids.VERBUND_M_HOURS, "invalid"), Output(ids.VERBUND_M_SHARE, "invalid"),
         Input(ids.VERBUND_M_SAVE, "n_clicks"), State(ids.VERBUND_SELECT, "value"), State(ids.VERBUND_M_GEMEINDE, "value"),
         State(ids.VERBUND_M_HOURS, "value"), State(ids.VERBUND_M_SHARE, "value"), prevent_initial_call=True)
    wire(app, ctx, save_booking,
         Output(ids.VERBUND_B_MESSAGE, "children"), Output(ids.VERBUND_REVISION, "data", allow_duplicate=True),
         *(Output(i, "invalid") for i in BOOKING_INVALID),
         Input(ids.VERBUND_B_SAVE, "n_clicks"), State(ids.VERBUND_SELECT, "value"), State(ids.VERBUND_B_MEMBER, "value"),
         State(ids.VERBUND_B_QUARTER, "value"), State(ids.VERBUND_B_HOURS, "value"), State(ids.VERBUND_B_UNFUNDED, "value"),
         State(ids.VERBUND_B_CASES, "value"), State(ids.VERBUND_B_CASES_UNFUNDED, "value"),
         State(ids.VERBUND_B_COST, "value"), prevent_initial_call=True)
