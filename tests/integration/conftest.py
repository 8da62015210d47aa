"""Fixtures the integration tests share: a fresh demo database per test (both backends), an app client
whose edits are made by "m.muster" (login is off in these tests; the name is the actor), and `secure`,
a demo database with one user per role behind the login."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.auth.passwords import hash_password
from data import users
from data.db import make_engine, make_session_factory, transaction
from tests.helpers import PASSWORD, add_users, make_settings

BRACKENHEIM, CLEEBRONN = "08125013", "08125017"  # the demo Verbund's lead and member (AGS)


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


@pytest.fixture
def secure(tmp_path, db_templates):
    """A demo database with one user per role (tests.helpers.ROLE_USERS), and an app that requires login."""
    url = db_templates.sqlite(tmp_path / "secure.sqlite3", "users", add_users)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    app = create_app(make_settings(tmp_path, url, login_required=True))
    yield app, sessions
    engine.dispose()


@pytest.fixture
def sessions(demo_url):
    """A session factory on this test's copy of the demo database."""
    engine = make_engine(demo_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def verbund_app(tmp_path, demo_url):
    """The demo behind the login with users of Brackenheim (lead), Cleebronn (member) and the Landkreis."""
    engine = make_engine(demo_url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        users.add(session, "brackenheim", hash_password(PASSWORD), "municipality", provider_code=None, actor="test",
                  area=BRACKENHEIM)
        users.add(session, "cleebronn", hash_password(PASSWORD), "municipality", provider_code=None, actor="test",
                  area=CLEEBRONN)
        users.add(session, "kreis", hash_password(PASSWORD), "county", provider_code=None, actor="test",
                  area="Landkreis Heilbronn")
        users.add(session, "chefin", hash_password(PASSWORD), "admin", provider_code=None, actor="test")
    yield create_app(make_settings(tmp_path, demo_url, login_required=True)), sessions
    engine.dispose()


@pytest.fixture
def demo_reading(demo_url, tmp_path):
    """(session, settings) on this test's copy of the demo database, for tests that only read."""
    engine = make_engine(demo_url)
    with make_session_factory(engine)() as session:
        yield session, make_settings(tmp_path, demo_url)
    engine.dispose()
