"""The shared widgets: one form feedback (icon + text + colour) and one chart toolbar for every page."""

import re
from pathlib import Path

import pytest

from layouts import components, funds, imports, scenarios
from layouts.components import form_feedback, graph_config
from tests.helpers import texts

ROOT = Path(__file__).resolve().parents[3]


def _props(alert) -> dict:
    return alert.to_plotly_json()["props"]


@pytest.mark.parametrize(("alert", "icon", "color"), [
    (form_feedback(success="Gespeichert."), "✔ ", "success"),
    (form_feedback(info="Schon importiert."), "ℹ ", "info"),
    (form_feedback(["Name: Bitte ausfüllen."]), "✖ Nicht gespeichert:", "danger"),
    (form_feedback(["Betrag: zu hoch."], title=funds.NOT_BOOKED), "✖ Nicht gebucht:", "danger"),
    (form_feedback("VZÄ: „drei“ ist keine Zahl.", title=None), "✖ ", "danger"),
])
def test_one_feedback_widget_status_is_icon_text_and_colour(alert, icon, color):
    props = _props(alert)
    assert props["className"] == "form-feedback" and props["color"] == color
    assert texts(alert)[0] == icon


def test_feedback_lists_every_reason_and_says_nothing_without_one():
    shown = texts(form_feedback(["Betrag: zu hoch.", "Zweck: Bitte ausfüllen."]))
    assert shown == ["✖ Nicht gespeichert:", "Betrag: zu hoch.", "Zweck: Bitte ausfüllen."]
    assert texts(form_feedback("VZÄ: Bitte ausfüllen.", title=None)) == ["✖ ", "VZÄ: Bitte ausfüllen."]
    assert form_feedback() is None and form_feedback([]) is None


def test_the_pages_answer_with_the_one_widget():
    assert _props(imports.message("Bitte zuerst eine Datei hochladen."))["className"] == "form-feedback"
    assert texts(imports.message("Gut.", ok=True)) == ["✔ ", "Gut."]
    failed = imports.result({"applied": False, "ok": False, "summary": "2 Probleme",
                             "problems": [{"text": "Zeile 3: Datum"}, {"text": "Zeile 4: Team"}]})
    assert texts(failed) == ["✖ 2 Probleme", "Zeile 3: Datum", "Zeile 4: Team"]
    assert texts(scenarios.form_feedback("VZÄ: Bitte ausfüllen.")) == ["✖ ", "VZÄ: Bitte ausfüllen."]
    assert texts(scenarios.form_feedback(success="Vorschlag übernommen.")) == ["✔ ", "Vorschlag übernommen."]


def test_one_css_class_for_form_feedback():
    css = (ROOT / "dashboard/assets/10-cockpit.css").read_text(encoding="utf-8")
    assert ".form-feedback {" in css
    for path in [*(ROOT / "layouts").glob("*.py"), *(ROOT / "callbacks").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        # the old per-page classes of form answers (form-message mb-0, py-2, form-feedback mt-3) are gone
        assert not re.search(r"className=\"(py-2|form-message mb-0|form-feedback mt-3)", source), path


def test_one_chart_toolbar():
    assert components.GRAPH_CONFIG == graph_config()
    for path in [*(ROOT / "layouts").glob("*.py"), *(ROOT / "callbacks").glob("*.py"), *(ROOT / "geo").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        if path.name != "components.py":
            # a page may derive its own from graph_config (the map adds zoom buttons), never copy it
            assert "displaylogo" not in source and "modeBarButtons" not in source, path
