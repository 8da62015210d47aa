from dashboard.cli import run

raise SystemExit(run())
