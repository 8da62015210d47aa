"""Median wall and CPU time of `im-cockpit kpis --json` as a person runs it (a new process each time).

    .venv/bin/python -m bench.kpis [--scale heilbronn|land] [--runs 5]
    DATABASE_URL=sqlite:////tmp/land.sqlite3 .venv/bin/python -m bench.kpis --runs 5 [--program PATH]

Without DATABASE_URL the demo database of `--scale` is built once per code revision of data/ (as by
`bench.replay`, under /tmp/imc-bench/; the Land's build takes minutes) and copied. Each line: what ran,
median and p95 of the wall time, median CPU time (user + sys) of the process, over `--runs` runs after
one warm-up (SQLite page cache, bytecode). `kpis --help` is the command line's start alone (the imports
of every command's parser). The output's size and SHA-256 tell whether two revisions print the same
figures. `--program` runs another `im-cockpit` (another checkout's venv) on the same database.
Nothing is asserted: timings never go into tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.replay import BIN, demo_database, p95  # noqa: E402


def run(program: str, env: dict, args: list[str]) -> tuple[float, float, bytes]:
    """One process: (wall s, CPU s, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([program, *args], env=env, check=True, capture_output=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def timed(label: str, program: str, env: dict, args: list[str], runs: int) -> bytes:
    out = run(program, env, args)[2]  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, out = run(program, env, args)
        walls.append(wall)
        cpus.append(cpu)
    print(f"{label:<28} wall median {statistics.median(walls):6.2f} s   p95 {p95(walls):6.2f} s   "
          f"CPU median {statistics.median(cpus):6.2f} s", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["heilbronn", "land"], default="heilbronn")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--program", default=str(BIN / "im-cockpit"), help="the im-cockpit to run")
    args = parser.parse_args()
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        database = demo_database(args.scale, secrets.token_urlsafe(16))
        env |= {"DATABASE_URL": f"sqlite:///{database}", "IMC_INSTANCE_PATH": str(database.parent)}
    print(f"{args.program} kpis auf {env['DATABASE_URL'].split('@')[-1]}, {args.runs} Läufe, "
          f"Last {os.getloadavg()[0]:.1f}", flush=True)
    for label, command in (("kpis --help (Start)", ["kpis", "--help"]), ("kpis (Text)", ["kpis"])):
        timed(label, args.program, env, command, args.runs)
    out = timed("kpis --json", args.program, env, ["kpis", "--json"], args.runs)
    print(f"  Ausgabe {len(out):,} Bytes, SHA-256 {hashlib.sha256(out).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
