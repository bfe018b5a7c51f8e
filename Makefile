# techzone — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test install lint typecheck unit postgres chromium assets bench clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "techzone 需要 Python 3.11 或更高版本 / needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(INSTALLED)

install: $(INSTALLED) assets

## assets: htmx, ECharts and axe-core from npm (pinned in web-assets/package-lock.json), served locally.
assets:
	@scripts/vendor-assets

## make demo: install, load the embedded demo zone, create one account per role, start the web application.
demo: install
	$(BIN)/techzone demo --accounts
	$(BIN)/techzone serve

## make test: install, lint, type-check and run every test (SQLite and a real PostgreSQL).
test: install postgres chromium lint typecheck unit

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

## unit: two worker processes (pytest-xdist), each test file whole on one of them so module set-ups run once.
unit: install
	$(BIN)/pytest --numprocesses 2 --dist loadfile

postgres:
	@scripts/ensure-postgres

chromium:
	@scripts/ensure-chromium

## make bench: speed measurements, reported in docs/performance.md (never part of make test).
bench: install
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m benchmarks.scale --sizes 10000 100000 1000000 --report docs/performance.md
	$(BIN)/python -m benchmarks.openfisca_side_by_side --enterprises 100000 --report docs/performance.md
	$(BIN)/python -m benchmarks.everyday --enterprises 2000 --report docs/performance.md
	$(BIN)/python -m benchmarks.questions --enterprises 200 --sample 50 --report docs/performance.md

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache test-artifacts web-assets/node_modules src/techzone/web/static/vendor
