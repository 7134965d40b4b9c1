# Seedbed: `make run` serves on the embedded SQLite default, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: catalogues run test test-slow soak bench bench-check wrk lint typecheck pytest install install-dev browser clean \
	wheel-smoke docker-smoke

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

## test: ruff, mypy and the whole pytest suite (PostgreSQL tests skip when no server answers;
## browser tests skip when Chromium could not be installed)
test: install-dev browser lint typecheck pytest

## browser: Debian's Chromium for the browser tests (Playwright drives it; its own browser
## download is not used). Installs with apt-get when run as root; otherwise says what to do.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends chromium fonts-dejavu-core >/dev/null) \
	  || echo "warning: chromium could not be installed; the browser tests will skip"; \
	else echo "note: no chromium (install Debian's chromium package); the browser tests will skip"; fi

## lint: ruff, and the import contract (pyproject's [tool.importlinter]: layers point one way)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy

## pytest: the suite in PYTEST_WORKERS processes (pytest-xdist; whole files to one process, so
## module fixtures are made once; the longest files are handed out first: tests/conftest.py)
PYTEST_WORKERS ?= 2
pytest: install-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

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
bench: install-dev wrk
	$(BIN)/python -m bench --scale $(SCALE) --database $(DATABASE)

## bench-check: CI's regression check (tiny scale, ratios only, generous limits; ~20 s)
bench-check: install-dev wrk
	$(BIN)/python -m bench --scale tiny --database $(DATABASE) --check

## wrk: Debian's wrk, the C load generator of the write figures (a Python loader on the same
## cores was the bottleneck of its own baseline). Installs with apt-get when run as root.
wrk:
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's wrk for the benchmarks"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null); \
	else echo "error: the benchmarks need wrk: sudo apt-get install wrk" >&2; exit 1; fi

## wheel-smoke: build the wheel, install it into an empty venv and serve from it (in .ci/run)
wheel-smoke:
	PYTHON="$(PYTHON)" .ci/wheel-smoke

## docker-smoke: build the image and run it, then the compose file (needs a Docker engine and
## the base images; exit 2 and says so when they cannot be had; not part of CI)
docker-smoke:
	docker/smoke

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache *.egg-info

## catalogues: extract the pages' words into the template (api/pages/locale/messages.pot) and
## merge it into every language's catalogue (new words arrive empty, to be translated)
BABEL_KEYWORDS := -k N_ -k NP_:1c,2 -k pgettext:1c,2 -k ngettext:1,2
catalogues: install-dev
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --omit-header \
	  --sort-output -o api/pages/locale/messages.pot .
	$(BIN)/pybabel update -i api/pages/locale/messages.pot -d api/pages/locale -D messages \
	  --no-fuzzy-matching --ignore-obsolete --width 100
