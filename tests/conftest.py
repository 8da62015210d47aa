"""Shared fixtures: temp databases with demo data (SQLite, and PostgreSQL via TEST_DATABASE_URL).

In CI (`IMC_REQUIRE_POSTGRES=1`, `IMC_REQUIRE_BROWSER=1`) a missing PostgreSQL or Chromium fails
the run instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dashboard.settings import Settings
from data.db import make_engine, make_session_factory, transaction
from data.demo import load_demo
from data.migrate import upgrade

DEMO_DAY = dt.date(2026, 11, 22)


def require_or_skip(env_flag: str, reason: str) -> None:
    """Skip with a visible reason, or fail when the environment says the dependency is required."""
    if os.environ.get(env_flag) == "1":
        pytest.fail(f"{reason} ({env_flag}=1 verlangt diesen Test)")
    pytest.skip(reason)


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    url = postgres_url()
    if not url:
        require_or_skip("IMC_REQUIRE_POSTGRES", "TEST_DATABASE_URL ist nicht gesetzt")
    return url


def _fresh_postgres_schema(base_url: str) -> tuple[str, callable]:
    """A private schema per use, so tests never see each other's tables."""
    schema = f"imc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base_url else "?"
    url = f"{base_url}{sep}options=-csearch_path%3D{schema}"

    def drop():
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop


def make_settings(tmp_path: Path, database_url: str, **overrides) -> Settings:
    """Settings for a test app. Login is off unless a test asks for it (`login_required=True`):
    tests/integration/test_security.py proves the gate; the other tests exercise the pages."""
    overrides.setdefault("login_required", False)
    overrides.setdefault("cookie_secure", False)
    return Settings(database_url=database_url, secret_key="test-secret", instance_path=tmp_path,
                    **overrides)


def build_demo_db(url: str, day: dt.date = DEMO_DAY) -> None:
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(session, day)
    engine.dispose()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory) -> str:
    """A migrated SQLite database with the demo data of 22.11.2026 (read-only for tests)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    url = f"sqlite:///{path}"
    build_demo_db(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_url(request, tmp_path):
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        upgrade(url)
        yield url
        return
    url, drop = _fresh_postgres_schema(request.getfixturevalue("pg_base_url"))
    upgrade(url)
    yield url
    drop()


@pytest.fixture
def empty_url(request, tmp_path, backend_url):
    return backend_url


@pytest.fixture
def demo_url(backend_url):
    """A demo database on each backend (fresh per test, so tests may write)."""
    engine = make_engine(backend_url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(session, DEMO_DAY)
    engine.dispose()
    return backend_url


@pytest.fixture
def demo_settings(tmp_path, demo_sqlite_url) -> Settings:
    return make_settings(tmp_path, demo_sqlite_url)


@pytest.fixture
def demo_session(demo_sqlite_url):
    engine = make_engine(demo_sqlite_url)
    factory = make_session_factory(engine)
    with factory() as session:
        yield session
    engine.dispose()
