# IM-Cockpit — `make run` (dashboard with demo data) and `make test` (ruff, then every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# axe-core for the browser tier's accessibility test (npm registry, exact version from the lock file)
AXE    := tests/browser/axe/node_modules/axe-core/axe.min.js

.PHONY: run test test-fast bench bench-land loadtest lock clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/im-cockpit db upgrade
	$(BIN)/im-cockpit demo --if-empty
	$(BIN)/im-cockpit serve

$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	cd tests/browser/axe && npm ci --no-audit --no-fund --silent
	touch $(AXE)

test: $(STAMP) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench.scenarios
	$(BIN)/python -m bench.backtest
	$(BIN)/python bench/geo_map.py
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/admin_audit.py
	$(BIN)/python bench/suppression_bench.py
	$(BIN)/python -m bench.county
	$(BIN)/python -m bench.replay
	$(BIN)/python -m bench.kpis

# the replay bench at Baden-Württemberg scale (44 Kreise, ~99.000 cases; the database is built once per
# code revision under /tmp/imc-bench/), then `im-cockpit kpis` on it; REPLAY_FLAGS e.g. "--runs 5 --pages / /fallzahlen"
bench-land: $(STAMP)
	$(BIN)/python -m bench.replay --scale land $(REPLAY_FLAGS)
	$(BIN)/python -m bench.kpis --scale land

loadtest: $(STAMP)
	bash bench/loadtest.sh $(LOADTEST_ARGS)

# requirements.lock: exact versions with hashes for deployments (Python 3.11, Linux x86_64); keeps the
# pinned versions where pyproject.toml allows them, `make lock LOCK_FLAGS=--upgrade` takes the newest
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu \
		--custom-compile-command "make lock" $(LOCK_FLAGS) -o requirements.lock

clean:
	rm -rf $(VENV) artifacts .pytest_cache tests/browser/axe/node_modules
