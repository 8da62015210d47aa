"""Shared fixtures: temp databases with demo data (SQLite, and PostgreSQL via TEST_DATABASE_URL).

In CI (`IMC_REQUIRE_POSTGRES=1`, `IMC_REQUIRE_BROWSER=1`, `IMC_REQUIRE_REDIS=1`) a missing PostgreSQL,
Chromium or Redis (TEST_REDIS_URL) fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dashboard.settings import Settings
from data.db import make_engine, make_session_factory
from data.migrate import upgrade
from tests.helpers import DEMO_DAY, build_demo_db, make_settings  # noqa: F401 - see below
from tests.helpers import fresh_postgres_schema as _fresh_postgres_schema  # noqa: F401

# Helpers that test modules use as well live in tests/helpers.py: test modules never import a conftest.
# Their names stay importable from here for tests written before they moved.

# the slowest tests (each several seconds of CPU, --durations): marked `slow` so that a quick loop can
# leave them out (`pytest -m "not slow"`, README); `make test` and CI run every test. A name with
# parameters ("…[2-True-0.0]") marks that case only, a plain name every case of the test
SLOW = {
    "tests/integration/test_disclosure_attack.py::test_no_hidden_cell_is_determined_within_two",
    "tests/integration/test_serving.py::test_health_and_the_login_gate",
    "tests/integration/test_serving.py::test_a_session_holds_across_workers",
    "tests/integration/test_scale_out.py::test_a_login_holds_on_both_and_a_logout_ends_it_on_both",
    "tests/integration/test_scale_out.py::test_the_lockout_counts_failures_on_both_servers",
    "tests/integration/test_scale_out.py::test_one_cache_and_a_data_change_invalidates_it_on_both",
    "tests/integration/test_scale_out.py::test_a_report_started_on_one_server_is_fetched_from_the_other",
    "tests/integration/test_scale_out.py::test_the_login_rate_limit_counts_on_both_servers",
    "tests/integration/test_reports.py::test_meeting_pack_shows_the_chosen_saved_scenarios",
    "tests/integration/test_reports.py::test_cli_report_writes_the_pdf_and_audits_it",
    "tests/integration/test_import_fuzz.py::test_zip_bombs_are_refused_before_unpacking",
    "tests/browser/test_caseload.py::test_filters_permalink_and_back",
    "tests/browser/test_scenarios.py::test_build_save_compare_reopen",
    "tests/browser/test_scenarios.py::test_slider_recomputes_live_and_the_axes_stay",
    "tests/browser/test_volunteering.py::test_adding_a_project_closes_a_gap",
    "tests/unit/model/test_proposal_solver.py::test_the_same_proposal_with_one_or_four_threads",
    "tests/unit/model/test_proposal_solver.py::test_repeated_runs_give_identical_proposals[0-True-0.0]",
    "tests/unit/model/test_proposal.py::test_proposal_is_never_worse_than_the_baseline[2-True-0.0]",
    "tests/unit/model/test_proposal.py::test_proposal_is_never_worse_than_the_baseline[0-True-1.0]",
}


BROWSER_GROUP = "browser"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid in SLOW or item.nodeid.split("[")[0] in SLOW:  # one parameter set, or all
            item.add_marker(pytest.mark.slow)
        if item.nodeid.startswith("tests/browser/"):
            # with pytest-xdist (`-n 2 --dist loadgroup`) all browser tests share one worker: one Chromium,
            # one live server and one server per writing page; the other worker takes the rest meanwhile
            item.add_marker(pytest.mark.xdist_group(BROWSER_GROUP))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup`, with the browser tier as one unit of work even where the xdist_group mark is
    lost: pytest-xdist 3.8 marks a group by appending "@group" to the test's id, which pytest ≥ 9.2 no
    longer lets a plugin change (pytest-xdist issue #1386), so every browser test went its own way and
    both workers started a Chromium and the servers. The group is the largest unit, so it is handed out
    first; the other worker takes the rest meanwhile."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/browser/"):
                return BROWSER_GROUP
            return super()._split_scope(nodeid)

    return BrowserTogether(config, log)


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


def redis_url() -> str | None:
    return os.environ.get("TEST_REDIS_URL") or None


@pytest.fixture(scope="session")
def redis_base_url() -> str:
    """The Redis of the Redis-backed tests (cache, rate limits, jobs); CI requires it (IMC_REQUIRE_REDIS=1)."""
    url = redis_url()
    if not url:
        require_or_skip("IMC_REQUIRE_REDIS", "TEST_REDIS_URL ist nicht gesetzt")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.exceptions.RedisError as error:
        require_or_skip("IMC_REQUIRE_REDIS", f"Redis unter {url} ist nicht erreichbar ({error})")
    return url


@pytest.fixture
def redis_client(redis_base_url):
    """A client on the test Redis; the keys the test made under its own namespace are deleted afterwards."""
    import redis

    client = redis.Redis.from_url(redis_base_url)
    namespace = f"test-{uuid.uuid4().hex[:10]}"
    client.imc_namespace = namespace
    yield client
    client.close()


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _settle_sqlite(path: Path) -> None:
    """Fold the WAL into the main file so that a plain file copy is the whole database."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        leftover = path.with_name(path.name + suffix)
        if leftover.exists() and leftover.stat().st_size == 0:
            leftover.unlink()


class DatabaseTemplates:
    """Databases built once per session and copied per test: migrating and loading the demo costs
    about a second, a copy a few milliseconds. SQLite: a file copy of a checkpointed template.
    PostgreSQL: `CREATE DATABASE … TEMPLATE` of a template database whose schema `imc_test` holds the
    tables (the URL sets search_path, as for the schema of a real installation).

    `kind` is "empty" (migrated), "demo" (migrated + demo data of DEMO_DAY) or any name given with a
    `setup(url)` that is run once on a copy of "demo" (e.g. demo + users with argon2 hashes)."""

    SCHEMA = "imc_test"

    def __init__(self, folder: Path):
        self.folder = folder
        self._sqlite: dict[str, Path] = {}
        self._postgres: dict[str, str] = {}
        self._pg_base: str | None = None
        self._created: list[str] = []
        self._lock = threading.Lock()
        # PostgreSQL off the test's path, in two threads: one makes the next copy of a template while
        # the current test runs, the other drops used copies (DROP DATABASE waits for every backend of
        # the server to release the files: 0,3–2 s on a busy machine). close() waits for both and
        # reports a failed job.
        self._maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imc-test-db-make")
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imc-test-db-drop")
        self._jobs: list[Future] = []
        self._spares: dict[str, Future] = {}

    # SQLite ---------------------------------------------------------------------------------
    def sqlite_template(self, kind: str, setup=None) -> Path:
        if kind not in self._sqlite:
            path = self.folder / f"{kind}.sqlite3"
            url = f"sqlite:///{path}"
            if kind == "empty":
                upgrade(url)
            elif kind == "demo":
                build_demo_db(url)
            else:
                shutil.copyfile(self.sqlite_template("demo"), path)
                setup(url)
            _settle_sqlite(path)
            self._sqlite[kind] = path
        return self._sqlite[kind]

    def sqlite(self, dest: Path, kind: str = "demo", setup=None) -> str:
        """A private copy of the template at `dest`; returns its URL."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.sqlite_template(kind, setup), dest)
        return f"sqlite:///{dest}"

    # PostgreSQL -----------------------------------------------------------------------------
    def _pg_url(self, database: str) -> str:
        from sqlalchemy.engine import make_url

        url = make_url(self._pg_base).set(database=database)
        query = {key: value for key, value in url.query.items() if key != "options"}
        query["options"] = f"-csearch_path={self.SCHEMA}"
        return url.set(query=query).render_as_string(hide_password=False)

    def _admin(self):
        return create_engine(self._pg_base, isolation_level="AUTOCOMMIT")

    def _create_database(self, name: str, template: str | None = None) -> str:
        admin = self._admin()
        try:
            with admin.connect() as conn:
                suffix = f' TEMPLATE "{template}"' if template else ""
                conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        finally:
            admin.dispose()
        with self._lock:
            self._created.append(name)
        return name

    def drop_database(self, name: str) -> None:
        admin = self._admin()
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()
        with self._lock:
            if name in self._created:
                self._created.remove(name)

    def _in_background(self, executor: ThreadPoolExecutor, job, *args) -> Future:
        future = executor.submit(job, *args)
        self._jobs.append(future)
        return future

    def _spare_copy(self, template: str) -> Future:
        return self._in_background(self._maker, self._create_database, f"imc_t_{uuid.uuid4().hex[:12]}", template)

    def postgres_template(self, base_url: str, kind: str, setup=None) -> str:
        self._pg_base = base_url
        if kind not in self._postgres:
            name = f"imc_tpl_{kind}_{uuid.uuid4().hex[:8]}"
            if kind in ("empty", "demo"):
                self._create_database(name)
                url = self._pg_url(name)
                engine = create_engine(url.split("?")[0], isolation_level="AUTOCOMMIT")
                with engine.connect() as conn:
                    conn.execute(text(f'CREATE SCHEMA "{self.SCHEMA}"'))
                engine.dispose()
                if kind == "empty":
                    upgrade(url)
                else:
                    build_demo_db(url)
            else:
                self._create_database(name, self.postgres_template(base_url, "demo"))
                setup(self._pg_url(name))
            self._postgres[kind] = name
        return self._postgres[kind]

    def postgres(self, base_url: str, kind: str = "demo", setup=None) -> tuple[str, callable]:
        """A private database cloned from the template; returns its URL and a function dropping it."""
        template = self.postgres_template(base_url, kind, setup)
        spare = self._spares.pop(template, None) or self._spare_copy(template)
        name = spare.result()  # made while the previous test of this kind ran (or just now)
        self._spares[template] = self._spare_copy(template)  # the next test's copy
        return self._pg_url(name), lambda: self._in_background(self._dropper, self.drop_database, name)

    def close(self) -> None:
        self._maker.shutdown(wait=True)
        self._dropper.shutdown(wait=True)
        failed = [job.exception() for job in self._jobs if job.exception() is not None]
        for name in list(reversed(self._created)):  # the templates and the last spare copies
            self.drop_database(name)
        if failed:
            raise failed[0]


@pytest.fixture(scope="session")
def db_templates(tmp_path_factory):
    templates = DatabaseTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.close()


@pytest.fixture(scope="session")
def demo_sqlite_url(db_templates, tmp_path_factory) -> str:
    """A migrated SQLite database with the demo data of 22.11.2026 (read-only for tests)."""
    return db_templates.sqlite(tmp_path_factory.mktemp("demo") / "demo.sqlite3")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request) -> str:
    """The database backend of a test that runs on each."""
    return request.param


def _database(request, tmp_path, backend: str, kind: str):
    templates = request.getfixturevalue("db_templates")
    if backend == "sqlite":
        return templates.sqlite(tmp_path / "db.sqlite3", kind), None
    return templates.postgres(request.getfixturevalue("pg_base_url"), kind)


@pytest.fixture
def backend_url(request, tmp_path, backend):
    """An empty, migrated database on each backend (a copy of the session's template)."""
    url, drop = _database(request, tmp_path, backend, "empty")
    yield url
    if drop:
        drop()


@pytest.fixture
def empty_url(backend_url):
    return backend_url


@pytest.fixture
def demo_url(request, tmp_path, backend):
    """A demo database on each backend (a fresh copy per test, so tests may write)."""
    url, drop = _database(request, tmp_path, backend, "demo")
    yield url
    if drop:
        drop()


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
