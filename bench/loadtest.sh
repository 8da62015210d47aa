#!/usr/bin/env bash
# Load test: gunicorn (im-cockpit serve --prod) on PostgreSQL, 50 logged-in users for 2 minutes.
# Usage: bash bench/loadtest.sh [USERS] [DURATION]   → artifacts/loadtest/ (locust CSV + HTML report)
# LOADTEST_INSTANCES=2: two servers (ports PORT, PORT+1) on the one database and one Redis
# (IMC_CACHE_URL, database 15, emptied first); every request goes to the next server in turn, as
# behind a load balancer without sticky sessions.
# Needs PostgreSQL at 127.0.0.1:5432 (trust auth); creates and drops the database imc_loadtest.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS="${1:-50}"; DURATION="${2:-2m}"; PORT="${LOADTEST_PORT:-8099}"; INSTANCES="${LOADTEST_INSTANCES:-1}"
PG="postgresql+psycopg://postgres@127.0.0.1:5432"
[ -x .venv-loadtest/bin/locust ] || { python3 -m venv .venv-loadtest && .venv-loadtest/bin/pip install -q 'locust>=2.40,<3'; }
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS imc_loadtest" -c "CREATE DATABASE imc_loadtest"
export DATABASE_URL="$PG/imc_loadtest" IMC_INSTANCE_PATH="$(mktemp -d)" IMC_COOKIE_SECURE=0 IMC_TRUSTED_PROXIES=1
export LOADTEST_USERS="$USERS" IMC_PORT="$PORT"
.venv/bin/im-cockpit db upgrade >/dev/null
.venv/bin/im-cockpit demo --reset >/dev/null
.venv/bin/python bench/loadtest_users.py
mkdir -p artifacts/loadtest
if [ "$INSTANCES" -gt 1 ]; then
    export IMC_CACHE_URL="${LOADTEST_CACHE_URL:-redis://127.0.0.1:6379/15}"
    .venv/bin/python -c "import redis, os; redis.Redis.from_url(os.environ['IMC_CACHE_URL']).flushdb()"
fi
SERVERS=""; HOSTS=""
for i in $(seq 0 $((INSTANCES - 1))); do
    IMC_PORT=$((PORT + i)) .venv/bin/im-cockpit serve --prod > "artifacts/loadtest/gunicorn-$i.log" 2>&1 &
    SERVERS="$SERVERS $!"; HOSTS="$HOSTS,http://127.0.0.1:$((PORT + i))"
done
export LOADTEST_HOSTS="${HOSTS#,}"
trap 'kill $SERVERS 2>/dev/null; wait $SERVERS 2>/dev/null; psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS imc_loadtest WITH (FORCE)"' EXIT
for i in $(seq 0 $((INSTANCES - 1))); do
    for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$((PORT + i))/healthz" >/dev/null && break; sleep 1; done
done
.venv-loadtest/bin/locust -f bench/locustfile.py --headless --users "$USERS" --spawn-rate 5 --run-time "$DURATION" \
    --stop-timeout 30 --host "http://127.0.0.1:$PORT" --csv artifacts/loadtest/loadtest --html artifacts/loadtest/report.html \
    --only-summary 2>&1 | tee artifacts/loadtest/summary.txt
