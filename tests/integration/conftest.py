"""Fixtures the page tests that write share: a fresh demo database per test (both backends) and an
app client whose edits are made by "m.muster" (login is off in these tests; the name is the actor)."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from data.db import make_engine
from tests.conftest import make_settings


@pytest.fixture
def db(demo_url):
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(demo_url, tmp_path):
    client = create_app(make_settings(tmp_path, demo_url)).server.test_client()
    client.environ_base["HTTP_X_REMOTE_USER"] = "m.muster"
    return client
