"""The Szenarien callbacks called directly (module-level functions, the AppContext first): which
button did what to the list of changes, what a forged click gets, and how `register` wires them."""

import datetime as dt
from types import SimpleNamespace

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

from callbacks import scenarios as callbacks
from dashboard.model.scenarios import Baseline, Post, Team
from dashboard.request_guard import InvalidRequest
from layouts import ids
from tests.helpers import serialise, texts

MOVE = {"type": "move_fte", "from_team": "stadt", "to_team": "caritas", "fte": 0.4, "programme": "im",
        "start": None}
PROPOSED = [{"type": "add_post", "team": "caritas", "fte": 0.5, "programme": "im", "funding": "land",
             "start": None, "end": None, "ratio": None}]
NO_FIELDS = {button: dict.fromkeys(controls) for button, (_kind, controls) in callbacks.FORMS.items()}
BASE = Baseline(as_of=dt.date(2026, 11, 22), teams=(Team("caritas", "Caritas"), Team("stadt", "Stadt", "city")),
                posts=(Post("p1", "caritas", "im", "land", 1.0), Post("p2", "stadt", "im", "land", 1.6)))


@pytest.fixture
def clicked():
    """Make a click the trigger of the callback (what Dash's context says inside a request)."""
    tokens = []

    def click(prop_id: str, value=1):
        tokens.append(context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}])))
    yield click
    for token in reversed(tokens):
        context_value.reset(token)


@pytest.fixture
def baseline(monkeypatch):
    """The baseline every reference resolves to (no database)."""
    refs = []

    def resolve(_ctx, ref):
        refs.append(ref)
        return BASE
    monkeypatch.setattr(callbacks, "_baseline", resolve)
    return refs


def said(component) -> str:
    return " ".join(texts(serialise(component))) if component is not None else ""


def fields(button, **values):
    return {**NO_FIELDS, button: {**NO_FIELDS[button], **values}}


REMOVE_FIRST = '{"index":0,"type":"scen-remove"}.n_clicks'
REMOVE_GONE = '{"index":5,"type":"scen-remove"}.n_clicks'


@pytest.mark.parametrize("trigger, listed, form, expected_list, message", [
    (REMOVE_FIRST, [MOVE, {**MOVE, "fte": 0.2}], NO_FIELDS, [{**MOVE, "fte": 0.2}], "Änderung entfernt."),
    (REMOVE_GONE, [MOVE], NO_FIELDS, [MOVE], ""),
    (f"{ids.SCEN_PROPOSAL_ACCEPT}.n_clicks", [MOVE], NO_FIELDS, [MOVE, *PROPOSED], "Vorschlag übernommen."),
    (f"{ids.SCEN_MOVE_ADD}.n_clicks", [],
     fields(ids.SCEN_MOVE_ADD, from_team="stadt", to_team="caritas", fte="0,4"), [MOVE],
     "Hinzugefügt: 0,4 VZÄ von Stadt zu Caritas"),
    (f"{ids.SCEN_MOVE_ADD}.n_clicks", [], fields(ids.SCEN_MOVE_ADD, from_team="stadt", to_team="caritas"),
     no_update, "VZÄ: Bitte ausfüllen."),
    (f"{ids.SCEN_POST_ADD}.n_clicks", [MOVE], fields(ids.SCEN_POST_ADD, team="caritas", fte="0,5", funding="land"),
     [MOVE, PROPOSED[0]], "Hinzugefügt:"),
    (f"{ids.SCEN_TRANSFER_ADD}.n_clicks", [], fields(ids.SCEN_TRANSFER_ADD, from_team="caritas", to_team="stadt",
                                                     amount="100"), no_update, "hat keine Projektmittel"),
])
def test_edit_changes(clicked, baseline, trigger, listed, form, expected_list, message):
    clicked(trigger)
    changes, feedback = callbacks.edit_changes(None, [1] * 6, [1], {"kind": "saved", "id": 1}, listed, PROPOSED,
                                               form)
    assert changes == expected_list
    assert message in said(feedback) and (message or feedback is None)
    assert baseline == ([{"kind": "saved", "id": 1}] if "add" in trigger else [])  # the baseline only to check


def test_edit_changes_ignores_a_click_that_is_none(clicked, baseline):
    clicked(f"{ids.SCEN_MOVE_ADD}.n_clicks", None)
    with pytest.raises(PreventUpdate):
        callbacks.edit_changes(None, [None] * 6, [], None, [], None, NO_FIELDS)


def test_every_form_names_the_change_it_adds():
    assert {kind for kind, _controls in callbacks.FORMS.values()} == {
        "move_fte", "add_post", "end_post", "reassign_district", "team_inflow", "intake_stop", "funds_transfer"}


@pytest.mark.parametrize("forged", ["abc", "12345678901", None, "-1"])
def test_a_forged_saved_scenario_button_is_a_bad_request(clicked, forged):
    clicked('{"id":"%s","type":"scen-delete"}.n_clicks' % forged)
    with pytest.raises(InvalidRequest):
        callbacks.act_on_saved(None, [], [], [1], "", 3)


def test_open_a_saved_scenario_keeps_the_rest_of_the_url(clicked):
    clicked('{"id":7,"type":"scen-open"}.n_clicks')
    assert callbacks.act_on_saved(None, [1], [], [], "?vergleich=1", 3) == ("?vergleich=1&id=7", no_update, None)


@pytest.mark.parametrize("call", [
    lambda: callbacks.open_scenario(None, "", None, "/uebersicht", None, None),  # another page is shown
    lambda: callbacks.recompute(None, None, [], {}, {}),
    lambda: callbacks.compute_proposal(None, None, {"kind": "saved", "id": 1}, [], {}, [], ""),
    lambda: callbacks.save_scenario(None, 1, None, [], {}, "x", 0, ""),
    lambda: callbacks.compare_saved(None, ["1"], "", "/uebersicht"),
    lambda: callbacks.export_file(None, None, {"kind": "saved", "id": 1}, [], {}, ""),
])
def test_nothing_to_do_changes_nothing(call):
    with pytest.raises(PreventUpdate):
        call()


@pytest.mark.parametrize("ref", [{"kind": "saved", "id": "1; DROP"}, {"kind": "live", "day": "gestern"},
                                 {"kind": "saved", "id": "12345678901"}, ["saved", 1]])
def test_a_forged_reference_is_a_bad_request(ref):
    with pytest.raises(InvalidRequest):
        callbacks.recompute(None, ref, [], {}, {})


def test_register_binds_every_callback_to_the_context():
    class App:
        def __init__(self):
            self.bound = []

        def callback(self, *outputs, **spec):
            return lambda fn: self.bound.append((outputs, spec, fn))

    app, ctx = App(), SimpleNamespace(jobs=object(), engine=None)
    callbacks.register(app, ctx)
    names = [fn.__name__ for _outputs, _spec, fn in app.bound]
    assert names == ["open_scenario", "recompute", "turn_result_page", "edit_changes", "compute_proposal",
                     "save_scenario", "list_saved", "act_on_saved", "compare_saved", "export_file", "show_backtest", "clear_forms"]
    # the solver and the backtest run as background jobs of the app's manager (dashboard.background), the
    # rest in the request
    background = [fn.__name__ for _outputs, spec, fn in app.bound if spec.get("background")]
    assert background == ["compute_proposal", "show_backtest"]
    for index in (4, 10):
        assert app.bound[index][1]["manager"] is ctx.jobs and "progress" in app.bound[index][1]
    assert all(getattr(fn, "callback", fn).args == (ctx,) for _outputs, _spec, fn in app.bound)
    sliders = app.bound[1][1]["inputs"]["sliders"]
    assert list(sliders) == ["ratio", "inflow", "closure", "limit", "land_pct", "cost", "growth"]


def test_neu_clears_every_form_field():
    """Issue 19: „Neu“ empties every field of the forms (the funding select back to Land), and the message."""
    out = callbacks.clear_forms(None, 1)
    fields = dict(zip(callbacks.FORM_FIELDS, out, strict=False))
    assert len(out) == len(callbacks.FORM_FIELDS) + 1 and out[-1] is None
    assert fields[(ids.SCEN_MOVE_FTE, "value")] is None and fields[(ids.SCEN_MOVE_START, "date")] is None
    assert fields[(ids.SCEN_TEAM_INFLOW_VALUE, "value")] is None and fields[(ids.SCEN_POST_FUNDING, "value")] == "land"
    assert (ids.SCEN_TRANSFER_AMOUNT, "value") in fields and (ids.SCEN_PROPOSE_BUDGET, "value") in fields
