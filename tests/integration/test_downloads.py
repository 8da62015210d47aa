"""Every downloadable table of every page builds, in both formats, from the page's URL state."""

import base64
import io

import pytest
from openpyxl import load_workbook

from dashboard.app import create_app
from dashboard.pages import PAGES
from tests.helpers import fire_download

ALL_TABLES = [(p.name, key) for p in PAGES for key in p.tables]


@pytest.fixture(scope="module")
def client(tmp_path_factory, demo_sqlite_url):
    from tests.helpers import make_settings

    return create_app(make_settings(tmp_path_factory.mktemp("dl"), demo_sqlite_url)).server.test_client()


@pytest.mark.parametrize("page, table", ALL_TABLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_download_every_table(client, page, table, fmt):
    data = fire_download(client, page, table, fmt, search="?stichtag=2026-11-22")
    assert data["filename"].endswith(f".{fmt}")
    content = base64.b64decode(data["content"])
    # the test database has no users (tests/integration/test_admin_page.py downloads them with users)
    header_only = (page, table) == ("admin", "users")
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert len(text.splitlines()) >= (1 if header_only else 2) and ";" in text.splitlines()[0]
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet.max_row >= (2 if header_only else 3)


def test_team_download_matches_page_numbers(client):
    data = fire_download(client, "overview", "teams", "csv", search="?stichtag=2026-11-22")
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Team;Aktive Fälle;VZÄ besetzt;Kapazität 1:90")
    caritas = next(line for line in lines if line.startswith("Caritas;"))
    assert caritas.split(";")[1] == "109"
