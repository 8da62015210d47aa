"""PostgreSQL connection loss (a restart, a failover, an idle timeout in a firewall) is survived:
the next request after the database is back works, without restarting the app."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from dashboard.app import create_app
from data.db import make_engine
from tests.helpers import DEMO_DAY, fire, make_settings, texts

pytestmark = pytest.mark.postgres


def kill_connections(base_url: str, application_name: str) -> int:
    """Terminate every server process of the app's pool, as a PostgreSQL restart would."""
    admin = make_engine(base_url)
    try:
        with admin.begin() as conn:
            return len(conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE application_name = :name"), {"name": application_name}).all())
    finally:
        admin.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_requests_work_again_after_the_connections_were_killed(demo_url, pg_base_url, tmp_path):
    name = f"imc-conn-loss-{uuid.uuid4().hex[:8]}"
    url = f"{demo_url}&application_name={name}"
    client = create_app(make_settings(tmp_path, url)).server.test_client()
    overview = {"overview-location.search": f"?stichtag={DEMO_DAY}", "overview-location.pathname": "/"}
    first = texts(fire(client, "overview-content", overview, changed="overview-location.search"))
    assert "Aktive Fälle" in first, first[:300]
    assert client.get("/healthz").status_code == 200

    assert kill_connections(pg_base_url, name) >= 1

    assert client.get("/healthz").json["database"] == "ok"
    again = texts(fire(client, "overview-content", overview, changed="overview-location.search"))
    assert again == first
