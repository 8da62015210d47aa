"""The colour mode chosen in the header reaches the page skeleton and the charts (issue 15 part 3)."""

from layouts import ids, theme
from tests.helpers import ORIGIN, fire


def test_the_page_skeleton_carries_the_chosen_mode(client):
    assert 'data-bs-theme="light" data-imc-mode="hell"' in client.get("/").get_data(as_text=True)
    client.set_cookie(theme.COOKIE, "kontrast")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="de" data-bs-theme="dark" data-imc-mode="kontrast">' in html
    client.set_cookie(theme.COOKIE, "<script>")
    assert 'data-imc-mode="hell"' in client.get("/").get_data(as_text=True)  # anything else: light


def test_charts_of_a_page_are_drawn_in_the_mode(client):
    def overview_chart() -> dict:
        sent = fire(client, ids.OVERVIEW_CONTENT, {f"{ids.OVERVIEW_LOCATION}.pathname": "/",
                                                   f"{ids.OVERVIEW_LOCATION}.search": ""}, headers=ORIGIN)
        graphs = [c for c in _walk(sent) if c.get("type") == "Graph"]
        return graphs[0]["props"]["figure"]["layout"]

    assert overview_chart()["paper_bgcolor"] == "#ffffff"
    client.set_cookie(theme.COOKIE, "dunkel")
    layout = overview_chart()
    assert layout["paper_bgcolor"] == theme.COLOURS[theme.DARK].paper
    assert layout["font"]["color"] == theme.COLOURS[theme.DARK].ink


def test_the_header_offers_the_three_modes(client):
    client.set_cookie(theme.COOKIE, "dunkel")
    layout = client.get("/_dash-layout").get_json()
    select = next(c for c in _walk(layout) if c.get("props", {}).get("id") == ids.COLOUR_MODE)
    assert select["props"]["value"] == "dunkel"
    assert [o["label"] for o in select["props"]["options"]] == ["◐ Hell", "◐ Dunkel", "◐ Hoher Kontrast"]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
