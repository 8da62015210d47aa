"""How bench/replay.py changes the data before each cold run.

- `api` (default when the bench starts the server): as a Träger's case system does it, one case sent
  through the ingest API (`POST /api/v1/cases`, a token of its team): the server commits it, which
  bumps the revision and starts its warming in the background, and the bench opens the pages at once.
  Whatever the warming has not finished yet, the first viewer computes or waits for.
- `bump`: the revision raised in the database behind the server's back (nothing warmed before the
  first viewer asks): the worst case, what a restore or a write to the database by hand does.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path


def bump(database_url: str) -> None:
    from data.db import make_engine, make_session_factory, transaction
    from data.revision import bump_revision

    engine = make_engine(database_url)
    with transaction(make_session_factory(engine)) as session:
        bump_revision(session)
    engine.dispose()


class ApiChange:
    """One active case of the database, sent again through the API with its household size toggled
    (1 ↔ 2 more persons): a real edit each time, every other time back to the original."""

    def __init__(self, base: str, database_url: str, cli: Path, env: dict):
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.connect() as conn:
            row = conn.execute(text(
                "SELECT c.pseudonym, p.code, a.name, c.au_assigned_on, c.opened_on, c.household_size, "
                "c.has_integration_plan FROM cases c JOIN providers p ON p.id = c.team_id "
                "LEFT JOIN areas a ON a.id = c.district_id WHERE c.closed_on IS NULL ORDER BY c.id LIMIT 1")).one()
        engine.dispose()
        self.base = base
        self.team = row[1]
        self.case = {"pseudonym": row[0], "team_id": row[1], "district_id": row[2],
                     "au_assigned_on": str(row[3])[:10], "opened_on": str(row[4])[:10],
                     "has_integration_plan": bool(row[6])}
        self.sizes = (int(row[5]), min(30, int(row[5]) + 1) if int(row[5]) < 30 else 29)
        out = subprocess.run([str(cli), "token", "add", "--provider", self.team, "--name", "Replay-Bench"],
                             env={**os.environ, **env}, text=True, capture_output=True, check=True).stdout
        self.token = out.strip().splitlines()[-1].strip()
        self.runs = 0

    def __call__(self) -> None:
        self.runs += 1
        row = {**self.case, "household_size": self.sizes[self.runs % 2]}
        if row["district_id"] is None:
            row.pop("district_id")
        request = urllib.request.Request(
            self.base + "/api/v1/cases", data=json.dumps({"rows": [row]}).encode(), method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
        if not answer.get("ok"):
            raise SystemExit(f"Die Änderung über die API wurde abgelehnt: {answer}")


def warming(base: str) -> dict:
    """The server's warming state from /healthz: {"busy", "revision", "seconds"} (seconds: the last run)."""
    with urllib.request.urlopen(base + "/healthz", timeout=60) as response:
        return json.loads(response.read()).get("warming") or {}
