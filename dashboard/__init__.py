"""IM-Cockpit: the app factory (`dashboard.app.create_app`), settings, CLI, and the pure domain
model (`dashboard.model`). Kept free of imports so that the model can load without Dash."""
