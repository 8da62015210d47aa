"""The Karte callback's URL state: controls, clicks and "Auswahl aufheben"."""

import pytest

from callbacks.map import next_query, selection_from_click
from layouts import ids

CLICK = {"points": [{"location": "hn-horkheim", "customdata": "hn-horkheim"}]}
NOW = {"gebiet": "stadt", "ebene": "district", "kennzahl": "utilisation", "auswahl": "hn-kernstadt"}


@pytest.mark.parametrize("trigger, controls, click, expected", [
    (ids.MAP_GRAPH, ("stadt", "district", "utilisation"), CLICK, {**NOW, "auswahl": "hn-horkheim"}),
    (ids.MAP_GRAPH, ("stadt", "district", "utilisation"), {"points": [{"customdata": None}]}, NOW),
    (ids.MAP_GRAPH, ("stadt", "district", "utilisation"), {"points": [{"customdata": [None]}]}, NOW),
    (ids.MAP_CLEAR, ("stadt", "district", "utilisation"), None,
     {"gebiet": "stadt", "ebene": "district", "kennzahl": "utilisation"}),
    (ids.MAP_METRIC, ("stadt", "district", "active_cases"), None, {**NOW, "kennzahl": "active_cases"}),
    (ids.MAP_LEVEL, ("stadt", "social_area", "utilisation"), None,
     {"gebiet": "stadt", "ebene": "social_area", "kennzahl": "utilisation"}),  # new map: selection dropped
    ("map-location", ("landkreis", "district", "population"), None, NOW),  # URL/back button: URL wins
])
def test_next_query(trigger, controls, click, expected):
    assert next_query(NOW, trigger, controls, click) == expected


def test_selection_from_click_reads_customdata_only():
    assert selection_from_click(CLICK) == "hn-horkheim"
    assert selection_from_click({"points": [{"customdata": ["hn-horkheim"]}]}) == "hn-horkheim"  # older figures
    assert selection_from_click({"points": [{"lon": 9.2, "lat": 49.1}]}) is None
    assert selection_from_click(None) is None
