"""Karte, Landkreis level without a database: the metric choice falls back in German, the year in the
URL is checked, and every IM-mode colour keeps 3:1 contrast against the white map background."""

from dashboard.model.vocabulary import IM_MODE_COLORS, IM_MODE_TEXT, LANDKREIS_METRICS
from dashboard.services.maps import choices, year_of


def contrast_with_white(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_every_mode_has_a_text_and_a_colour_of_at_least_3_to_1():
    assert set(IM_MODE_COLORS) == set(IM_MODE_TEXT)
    assert all(contrast_with_white(c) >= 3 for c in IM_MODE_COLORS.values())
    assert len(set(IM_MODE_COLORS.values())) == len(IM_MODE_COLORS)


def test_landkreis_metrics_and_fallbacks():
    for metric in LANDKREIS_METRICS:
        assert choices("landkreis", None, metric) == ("landkreis", "municipality", metric, [])
    assert choices("landkreis", None, None)[2] == "allocation"
    assert choices("landkreis", None, "active_cases")[2] == "utilisation"
    _t, _l, metric, messages = choices("landkreis", None, "projects")
    assert metric == "allocation" and messages == [
        "„Ehrenamtsprojekte“ gibt es nur für die Stadt; gezeigt wird die Zuweisung der Landesmittel."]
    assert choices("landkreis", None, "glueck")[3] == [
        "Kennzahl „glueck“ gibt es nicht; gezeigt wird die Zuweisung der Landesmittel."]


def test_year_in_the_url():
    messages = []
    assert year_of("2026", messages) == 2026 and year_of(None, messages) is None and messages == []
    assert year_of("zwanzig", messages) is None and "keine Jahreszahl" in messages[0]
    assert year_of("1800", messages) is None and len(messages) == 2
