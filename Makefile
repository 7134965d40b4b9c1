# Seedbed: `make run` serves on the embedded SQLite default, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-slow soak bench lint typecheck pytest install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: migrate the database (SEEDBED_DATABASE_URL, default ./var/seedbed.sqlite3), load the
## demo programme when the database is empty, and serve
run: install
	$(BIN)/seedbed migrate
	$(BIN)/seedbed seed-demo --if-empty
	$(BIN)/seedbed serve

## test: ruff, mypy and the whole pytest suite (PostgreSQL tests skip when no server answers)
test: install-dev lint typecheck pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

pytest: install-dev
	$(BIN)/python -m pytest

## test-slow: the long tests (10,000-event histories), kept out of `make test`
test-slow: install-dev
	$(BIN)/python -m pytest -m slow

## soak: the load soak for minutes instead of seconds (SOAK_SECONDS, default 180)
SOAK_SECONDS ?= 180
soak: install-dev
	SEEDBED_SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m pytest tests/api/test_soak.py -s

## bench: the benchmark suite (SCALE=full|small|tiny, DATABASE=sqlite|postgresql)
SCALE ?= full
DATABASE ?= sqlite
bench: install-dev
	$(BIN)/python -m bench --scale $(SCALE) --database $(DATABASE)

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache *.egg-info
