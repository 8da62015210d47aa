"""Colour modes: every series colour keeps 3:1 against its mode's chart background, charts and the
page skeleton follow the person's mode, an unknown cookie falls back to light."""

import plotly.graph_objects as go
import pytest

from layouts import charts, components, theme
from tests.helpers import contrast


@pytest.mark.parametrize("mode", list(theme.MODES))
def test_every_series_colour_has_3_to_1_in_every_mode(mode):
    colours = theme.colours(mode)
    shown = {light: colours.series.get(light, light) for light in theme.SERIES_LIGHT}
    weak = {light: (c, round(contrast(c, colours.paper), 2)) for light, c in shown.items()
            if contrast(c, colours.paper) < 3}
    assert not weak, f"{mode}: unter 3:1 – {weak}"
    assert contrast(colours.ink, colours.paper) >= 7


def test_the_palettes_in_use_are_the_ones_each_mode_maps():
    used = set(components.PROVIDER_COLORS.values()) | {c for _, _, c, _ in charts.FLOW_SERIES}
    assert used <= set(theme.SERIES_LIGHT)


def test_a_chart_follows_the_mode_of_the_request():
    def figure():
        return charts.base_layout(go.Figure(go.Scatter(x=[1, 2], y=[3, 4], line=dict(color="#0072B2"))), height=300)

    theme.use("dunkel")
    try:
        dark = figure()
        assert dark.layout.paper_bgcolor == "#212529" and dark.layout.font.color == "#f1f3f5"
        assert dark.data[0].line.color == theme.COLOURS[theme.DARK].series["#0072B2"]
        theme.use("kontrast")
        assert figure().layout.paper_bgcolor == "#000000"
    finally:
        assert theme.use("quatsch") == theme.LIGHT  # an unknown cookie value: light
    light = figure()
    assert light.layout.paper_bgcolor == "#ffffff" and light.data[0].line.color == "#0072B2"


def test_html_attributes_name_bootstraps_mode_and_ours():
    assert theme.html_attributes("dunkel") == 'lang="de" data-bs-theme="dark" data-imc-mode="dunkel"'
    assert theme.html_attributes("kontrast").endswith('data-bs-theme="dark" data-imc-mode="kontrast"')


def test_a_plain_dict_figure_gets_the_modes_background_and_ink():
    assert theme.apply({"data": [], "layout": {"font": {"size": 14}}}, "hell") == {"data": [], "layout": {"font": {"size": 14}}}
    dark = theme.apply({"data": [], "layout": {"font": {"size": 14}}}, "dunkel")
    assert dark["layout"]["paper_bgcolor"] == "#212529" and dark["layout"]["font"] == {"size": 14, "color": "#f1f3f5"}
