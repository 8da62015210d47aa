"""Alembic migrations create exactly the ORM schema, and go down again, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from data.db import make_engine
from data.migrate import alembic_config, current_heads, downgrade, upgrade
from data.schema import Base


def test_migrations_match_models_and_downgrade(backend_url):
    engine = make_engine(backend_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"Migrationen und Modelle weichen ab: {diff}"
    assert current_heads(backend_url) == set(ScriptDirectory.from_config(alembic_config(backend_url)).get_heads())
    downgrade(backend_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(backend_url)
    assert "cases" in inspect(engine).get_table_names()
    engine.dispose()
