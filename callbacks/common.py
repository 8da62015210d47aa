"""Glue every page shares: wiring, "is this page still shown?", the page refresh and the edit workflow.

Callbacks are module-level functions `fn(ctx, *values)` that tests call directly; `wire` registers
one on an app with its Dash dependencies. Two skeletons carry what the pages repeat:

- `refresh_page`: the page's own URL, Stichtag (or year) and data revision, read in one session;
- `run_edit`: one write transaction in which the permission check (dashboard.auth.roles) runs first,
  then the write, then the success text and the new revision; a refusal rolls the transaction back
  and is written to the audit log (`edit_refused`) in a transaction of its own.

A page listens only to its own URL, revision store and interval (see `layouts.components.PageSync`):
Dash fires a callback whose inputs are partly missing with an error, so a page callback listening to
the shell's URL or revision would log errors on every other page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dash import ALL, Dash, Input, Output, State, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate
from sqlalchemy.orm import Session

from dashboard import services
from dashboard.auth.roles import Action, PermissionDenied, check, form_access
from dashboard.background import job_options
from dashboard.context import AppContext
from dashboard.identity import current_owner_code, current_provider_code, current_role, current_user_name
from dashboard.model.access import FormAccess
from dashboard.request_guard import InvalidRequest
from dashboard.urls import QueryError, build_query, parse_day, parse_query
from data import audit
from data.db import read_session, transaction
from data.schema import Provider
from layouts import ids, theme
from layouts.components import warning
from layouts.paging import page_param


def wire(app: Dash, ctx: AppContext, fn: Callable, *dependencies, bind: tuple = (), **options) -> None:
    """Register the module-level callback `fn(ctx, *bind, *values)` on `app`: ctx (and what `bind`
    holds, e.g. the page registry) bound, the Dash dependencies and options as given."""
    app.callback(*dependencies, **options)(functools.partial(fn, ctx, *bind))


def wire_background(app: Dash, ctx: AppContext, fn: Callable, *dependencies, bind: tuple = (), progress=None,
                    **options) -> None:
    """`wire` for long work: a Dash background callback run by the app's job manager (dashboard.background),
    never in the web worker; `progress` is the output that `report_progress` texts go to."""
    job, background = job_options(ctx.jobs, functools.update_wrapper(functools.partial(fn, ctx, *bind), fn),
                                  ctx.engine, progress=progress)
    app.callback(*dependencies, **background, **options)(job)


def on_page(pathname: str | None, path: str) -> bool:
    """Whether the browser still shows `path` (a leaving page must not write its query elsewhere)."""
    return ((pathname or "/").rstrip("/") or "/") == path


def current_revision(ctx: AppContext) -> int | None:
    with read_session(ctx.sessions) as session:
        return _revision(session)


def _revision(session: Session) -> int | None:
    stand = services.stand(session)
    return stand["revision"] if stand else None


def changed(value, known):
    """`value` when it differs from what the browser has, else no_update (no flicker, no loop)."""
    return value if value != known else no_update


def resolve_stichtag(session, picked: str | None, search: str | None, date_id: str):
    """The Stichtag a page shows: the date picker's when it fired, else the URL's, else the data's.

    Returns (day, message): a German warning when the URL's date is invalid (the page then shows the
    data's Stand instead).
    """
    message = None
    try:
        day = parse_day(picked if dash_ctx.triggered_id == date_id else parse_query(search).get("stichtag"))
    except QueryError as error:
        day, message = None, warning(str(error))
    return day or services.default_day(session), message


def stichtag_outputs(day, picked: str | None, search: str | None) -> tuple:
    """The picker's date and the URL query for `day`, each only when it changes (no flicker, no loop)."""
    new_search = build_query({**parse_query(search), "stichtag": day.isoformat()})
    return changed(day.isoformat(), picked), changed(new_search, search or "")


def figures(ctx: AppContext, session, fn, *args, **kwargs):
    """A page's figures through the revision cache, keyed by the user's role and Träger too."""
    return ctx.figures.call(session, (current_role(), current_owner_code()), fn, *args, **kwargs)


def rendered(ctx: AppContext, fn, fig, *args):
    """`fn(fig, *args)`: the same components again while the figures cache hands out the same `fig`, for
    equal arguments and the same colour mode (layouts take nothing else from the request: the reader's
    scope is in the figures)."""
    return ctx.rendered.get(fig, (fn.__module__, fn.__qualname__, repr(args), theme.current()),
                            lambda: _plain(fn(fig, *args)))


def _plain(tree):
    """A component tree as the plain JSON dicts Dash would send, encoded once, not again for every
    response: at Heilbronn the four Fallzahlen charts were half of a warm answer, and the ≈ 650
    components of the Landkreis page most of what was left of one."""
    import json

    from plotly.io.json import to_json_plotly

    return json.loads(to_json_plotly(tree))


# --- the page refresh -----------------------------------------------------------------------------

@dataclass
class PageRefresh:
    """What a page's main callback reads in its one session: figures, Stichtag, revision, URL query."""

    ctx: AppContext
    session: Session
    search: str | None
    known_revision: Any
    message: Any = None  # a warning for an invalid URL value (set by `stichtag`)

    def figures(self, fn, *args, **kwargs):
        return figures(self.ctx, self.session, fn, *args, **kwargs)

    def stichtag(self, picked: str | None, date_id: str):
        day, self.message = resolve_stichtag(self.session, picked, self.search, date_id)
        return day

    def stichtag_outputs(self, day, picked: str | None) -> tuple:
        return stichtag_outputs(day, picked, self.search)

    def query(self, query: dict | None = None, **values) -> str:
        """The page's URL query with `values` set, or no_update when it stays the same."""
        base = parse_query(self.search) if query is None else query
        return changed(build_query({**base, **values}), self.search or "")

    def revision(self, *given):
        """The data revision for the page's store (`given`, else the Stand's), if it moved; read the
        Stand inside the `refresh_page` block."""
        return changed(given[0] if given else _revision(self.session), self.known_revision)

    @property
    def interval(self) -> int:
        return self.ctx.settings.refresh_seconds * 1000


@contextmanager
def refresh_page(ctx: AppContext, pathname: str | None, path: str, search: str | None = None,
                 known_revision=None) -> Iterator[PageRefresh]:
    """The skeleton of a page's main callback: nothing while the person is leaving the page (do not
    write its query elsewhere), else one read session for everything the page shows."""
    if not on_page(pathname, path):
        raise PreventUpdate
    with read_session(ctx.sessions) as session:
        yield PageRefresh(ctx, session, search, known_revision)


def watch_revision(ctx: AppContext, _n, known_revision):
    """Poll the data revision; a new one (an import, another person's edit) redraws the page."""
    return changed(current_revision(ctx), known_revision)


def register_revision_watch(app: Dash, ctx: AppContext, revision_id: str, interval_id: str) -> None:
    wire(app, ctx, watch_revision, Output(revision_id, "data", allow_duplicate=True),
         Input(interval_id, "n_intervals"), State(revision_id, "data"), prevent_initial_call=True)


def page_target(trigger) -> tuple[str, int]:
    """(table, page) a pager button names; a forged one is a malformed request (German message)."""
    try:
        return str(trigger["table"]), int(trigger["to"])
    except (KeyError, TypeError, ValueError):
        raise InvalidRequest("Diese Tabellenseite gibt es nicht. Bitte die Seite neu laden und die Knöpfe "
                             "unter der Tabelle verwenden.") from None


def turn_table_page(ctx: AppContext, clicks, search):
    """A long table's pager button puts its page into the URL; the page's main callback then renders it."""
    trigger = dash_ctx.triggered_id
    if not trigger or not any(clicks):
        raise PreventUpdate
    table, target = page_target(trigger)
    return build_query({**parse_query(search), page_param(table): str(target) if target > 1 else ""})


def register_table_pager(app: Dash, ctx: AppContext, page_name: str, location_id: str) -> None:
    """Wire the pagers of a page's long tables (layouts.paging) to the page's own URL."""
    button = {"type": ids.TABLE_PAGE_BUTTON, "page": page_name, "table": ALL, "button": ALL, "to": ALL}
    wire(app, ctx, turn_table_page, Output(location_id, "search", allow_duplicate=True),
         Input(button, "n_clicks"), State(location_id, "search"), prevent_initial_call=True)


# --- the edit workflow ----------------------------------------------------------------------------

class EditRefused(PermissionError):
    """The user's role may not make this change; German message, `detail` goes to the audit log."""

    def __init__(self, message: str, field: str | None = None, **detail):
        super().__init__(message)
        self.field, self.detail = field, detail


class Rejected(ValueError):
    """A form with errors (each has `.field`): nothing is written."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class Edit:
    """One edit inside its write transaction: `allow…` first (raises EditRefused), then the write."""

    session: Session
    user: str = field(default_factory=current_user_name)
    role: str | None = field(default_factory=current_role)
    own: str | None = field(default_factory=current_provider_code)

    def form(self, form):
        """The values of a parsed form (dashboard.services …_form / model parse_…); Rejected on errors."""
        if form.errors:
            raise Rejected(form.errors)
        return form.values

    def allow(self, provider_id: int | None, *, field: str | None = None) -> None:
        """May the user change records of this Träger (None: city-wide)? Looked up in this session."""
        provider = self.session.get(Provider, provider_id) if provider_id is not None else None
        code = provider.code if provider else None
        try:
            check(self.role, Action.edit, owner=code, own=self.own)
        except PermissionDenied as refused:
            raise EditRefused(str(refused), field, provider=code) from None

    def allow_action(self, action: Action, *, refusal: str | None = None, field: str | None = None,
                     owner: str | None = None, own: str | None = None, **detail) -> None:
        """May the user do `action` (Action.edit_city, Action.administer …)? `refusal` replaces the text."""
        try:
            check(self.role, action, owner=owner, own=own)
        except PermissionDenied as refused:
            raise EditRefused(refusal or str(refused), field, **detail) from None


@dataclass
class EditResult:
    """What an edit callback answers: the write's result and the new revision, or the errors."""

    done: Any = None
    revision: Any = no_update
    errors: list = field(default_factory=list)
    refused: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]

    def invalid(self, *fields: str) -> list[bool]:
        """For each form field: is it named by an error?"""
        wrong = {getattr(e, "field", None) for e in self.errors}
        return [name in wrong for name in fields]


def run_edit(ctx: AppContext, target: str, write: Callable, *args, errors: tuple = ()) -> EditResult:
    """The edit workflow: `write(edit, *args)` in ONE transaction; its return value, with the new
    revision read in the same session, is the result. Raising `Rejected` or one of `errors` (the
    write's German rule errors) rolls back; `EditRefused` rolls back and audits the refusal."""
    try:
        with transaction(ctx.sessions) as session:
            done = write(Edit(session), *args)
            return EditResult(done, changed(_revision(session), None))
    except EditRefused as refused:
        record_refusal(ctx, target, str(refused), **refused.detail)
        return EditResult(errors=[refused], refused=True)
    except Rejected as rejected:
        return EditResult(errors=rejected.errors)
    except errors as error:
        return EditResult(errors=[error])


def record_refusal(ctx: AppContext, target: str, reason: str, **detail) -> None:
    """Write a refused edit to the audit log (who, what, why), in its own transaction."""
    from flask import has_request_context, request

    ip = request.remote_addr if has_request_context() else None
    with transaction(ctx.sessions) as session:
        audit.record(session, current_user_name(), "edit_refused", target,
                     {"reason": reason, "role": current_role(), **detail}, ip=ip)


def access() -> FormAccess:
    """What the person of this request may submit (the pages offer only those forms)."""
    return form_access(current_role(), current_provider_code())


def preset(options: list[dict], scope: FormAccess):
    """A Träger's form starts with its own (only) Träger chosen; everyone else chooses."""
    return options[0]["value"] if scope.edit == "own" and len(options) == 1 else no_update
