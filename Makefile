# IM-Cockpit — `make run` (dashboard with demo data) and `make test` (ruff, then every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast bench loadtest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/im-cockpit db upgrade
	$(BIN)/im-cockpit demo --if-empty
	$(BIN)/im-cockpit serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench.scenarios
	$(BIN)/python bench/geo_map.py
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/admin_audit.py
	$(BIN)/python bench/suppression_bench.py

loadtest: $(STAMP)
	bash bench/loadtest.sh

clean:
	rm -rf $(VENV) artifacts .pytest_cache
