"""What the services hand to layouts, PDFs and the CLI: typed, frozen page figures.

One module per page. Money is `Decimal` (exact to the cent), dates are `date`, statuses are the
model's enums, VZÄ are floats (summed exactly in Decimal first). The types are plain values, so they
live in the model: layouts may name them (they may not import the services that fill them). Only
`dashboard.services.serialize.jsonable` turns them into JSON text (`im-cockpit kpis --json`).
"""
