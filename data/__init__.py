"""Persistence: schema, engine and sessions, queries, demo data, migrations.

Nothing in this package imports dash, layouts or callbacks.
"""
