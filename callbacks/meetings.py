"""Berichte, "Sitzung zusammenstellen": fill the slide checklist and the saved Sitzungen, show the order,
save and delete a Sitzung (role checked in the write transaction, refusals audited) and send its
Sitzungsunterlage (audited like every report)."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from callbacks.common import access, on_page, run_edit, wire
from dashboard import pdf as pdf_reports
from dashboard.auth.roles import Action
from dashboard.context import AppContext
from dashboard.identity import current_user_name
from dashboard.model.meeting import first_url, parse_interval
from dashboard.pdf import ReportError
from dashboard.services import meetings as service
from data import audit
from data import meetings as meeting_data
from data.db import read_session, transaction
from layouts import ids, meetings, reports
from layouts.components import form_feedback


def _pages():
    from dashboard.pages import PAGES  # the registry imports the callbacks: read it when called

    return PAGES


def _row(meeting) -> dict:
    return {"id": meeting.id, "day": meeting.day, "body": meeting.body, "title": meeting.title,
            "steps": len(meeting.items), "interval": meeting.interval, "play": first_url(meeting),
            "labels": [service.item_label(i, _pages()) for i in meeting.items]}


def fill(ctx: AppContext, pathname, _version):
    """The checklist (the registry's slides, saved scenarios, Landkreis views) and the saved Sitzungen."""
    if not on_page(pathname, reports.PATH):
        raise PreventUpdate
    with read_session(ctx.sessions) as session:
        choices = service.catalogue(session, _pages())
        saved = meeting_data.listing(session)
    options = [{"label": c.label, "value": c.value} for c in choices]
    return options, meetings.saved_list([_row(m) for m in saved], access())


def show_order(ctx: AppContext, picked, options):  # noqa: ARG001 (every callback takes the context)
    """The ticked slides in the order they will be shown."""
    labels = {o.get("value"): o.get("label") for o in options if isinstance(o, dict)} \
        if isinstance(options, list) else {}
    picked = picked if isinstance(picked, list) else []
    return meetings.order_list([labels[v] for v in picked if isinstance(v, str) and v in labels])


def _save(edit, values):
    edit.allow_action(Action.save_meeting)
    day, body, title, interval, picked = values
    try:
        seconds = parse_interval(interval)
    except ValueError as error:
        raise ReportError(str(error)) from None
    meeting, problems = service.build(edit.session, _pages(), day=day, body=body, title=title, interval=seconds,
                                      picked=picked)
    if problems:
        raise ReportError(" ".join(problems))
    meeting_id = meeting_data.save(edit.session, meeting, user=edit.user)
    return f"Sitzung „{' '.join(meeting.title.split())}“ gespeichert ({len(meeting.items)} Schritte, #{meeting_id})."


def _delete(edit, meeting_id: int):
    edit.allow_action(Action.save_meeting, meeting=meeting_id)
    if not meeting_data.delete(edit.session, meeting_id, user=edit.user):
        raise ReportError("Diese Sitzung gibt es nicht mehr (schon gelöscht?).")
    return "Sitzung gelöscht."


def change(ctx: AppContext, _save_clicks, _delete_clicks, day, body, title, interval, picked, version):
    """Save the form as a Sitzung, or delete one; the role is checked inside the write transaction."""
    trigger = dash_ctx.triggered_id
    if isinstance(trigger, dict):
        if not dash_ctx.triggered[0]["value"] or not str(trigger.get("index", "")).isdigit():
            raise PreventUpdate
        result = run_edit(ctx, "meetings", _delete, int(trigger["index"]), errors=(ReportError,))
    else:
        result = run_edit(ctx, "meetings", _save, (day, body, title, interval, picked), errors=(ReportError,))
    if not result.ok:
        return form_feedback(result.messages, title="Nicht gespeichert:"), no_update
    return form_feedback(success=result.done), (version or 0) + 1


def pdf(ctx: AppContext, _clicks):
    """The Sitzungsunterlage of a saved Sitzung: its steps in its order (audited as a report)."""
    trigger = dash_ctx.triggered_id
    if not isinstance(trigger, dict) or not dash_ctx.triggered[0]["value"]:
        raise PreventUpdate
    try:
        with transaction(ctx.sessions) as session:
            meeting = meeting_data.get(session, int(trigger["index"])) if str(trigger["index"]).isdigit() else None
            if meeting is None:
                raise ReportError("Diese Sitzung gibt es nicht mehr; bitte die Liste neu laden.")
            report = pdf_reports.meeting_file(session, ctx.settings, meeting, _pages())
            audit.record(session, current_user_name(), "report", report.filename,
                         {"pages": report.pages, "meeting": meeting.id})
    except ReportError as error:
        return no_update, form_feedback(str(error), title=None)
    done = form_feedback(success=f"{report.filename} erstellt ({report.pages} Seiten).")
    return dcc.send_bytes(report.content, report.filename), done


def register(app: Dash, ctx: AppContext) -> None:
    wire(app, ctx, fill, Output(ids.MEETING_CHOICES, "options"), Output(ids.MEETING_LIST, "children"),
         Input(ids.REPORTS_LOCATION, "pathname"), Input(ids.MEETING_VERSION, "data"))
    wire(app, ctx, show_order, Output(ids.MEETING_ORDER, "children"), Input(ids.MEETING_CHOICES, "value"),
         State(ids.MEETING_CHOICES, "options"))
    wire(app, ctx, change, Output(ids.MEETING_MESSAGE, "children"), Output(ids.MEETING_VERSION, "data"),
         Input(ids.MEETING_SAVE, "n_clicks"), Input({"type": ids.MEETING_DELETE, "index": ALL}, "n_clicks"),
         State(ids.MEETING_DATE, "date"), State(ids.MEETING_BODY, "value"), State(ids.MEETING_TITLE, "value"),
         State(ids.MEETING_INTERVAL, "value"), State(ids.MEETING_CHOICES, "value"),
         State(ids.MEETING_VERSION, "data"), prevent_initial_call=True)
    wire(app, ctx, pdf, Output(ids.MEETING_DOWNLOAD, "data"), Output(ids.MEETING_MESSAGE, "children",
                                                                     allow_duplicate=True),
         Input({"type": ids.MEETING_PDF, "index": ALL}, "n_clicks"), prevent_initial_call=True)
