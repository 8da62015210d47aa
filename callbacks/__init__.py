"""Callbacks: one module per page, named like its layout; thin glue between ids, model and data.

Each module has `register(app, ctx)`; callbacks are attached to that app only (app.callback), so
several apps can live in one process (tests)."""
