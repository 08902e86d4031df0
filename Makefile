# The two commands a new user needs are `make run` and `make test`; see README.md.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
UV := $(BIN)/uv
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium

export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run serve test test-postgres lint format bench system-packages clean

## install: create .venv/ and install exactly what uv.lock pins
install: $(VENV)/.installed

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Breakaway needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --inexact --quiet
	@touch $@

## run: install, migrate, load the demo data once, then serve with a task worker
run: install
	@$(MANAGE) serve --demo --port $(PORT)

## test: the whole suite on SQLite, browser tests included
test: install system-packages
	$(BIN)/pytest

## test-postgres: the whole suite on PostgreSQL (DATABASE_URL must point at a server)
test-postgres: install system-packages
	@[ -n "$$DATABASE_URL" ] || { echo 'Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/breakaway make test-postgres'; exit 1; }
	$(BIN)/pytest

## system-packages: Debian's Chromium (browser tests) and poppler-utils (reading PDFs in tests)
system-packages:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing for the tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need these system packages:$$missing. Install them with:"; \
	    echo "    sudo apt-get install$$missing"; \
	    echo "(or point CHROMIUM at a Chromium binary: make test CHROMIUM=/path/to/chromium)"; \
	    exit 1; \
	  fi; \
	fi

## lint: ruff, djLint and mypy
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint breakaway --lint
	$(BIN)/mypy .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the benchmarks, each printing its figure and its ratio to its baseline
bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache var/static
