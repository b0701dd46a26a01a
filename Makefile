# hangviet — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-pg fuzz lint serve worker messages clean help

help:
	@echo "make run   — set up, migrate, load the demo world, serve at http://$(HOST):$(PORT)"
	@echo "make test  — lint, migration check and the whole test suite"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "hangviet needs Python >= 3.11 (python3.11 or newer on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/hangviet migrate --noinput
	$(BIN)/hangviet demo
	@echo ""
	@echo "hangviet is serving at http://$(HOST):$(PORT), with the task worker and scheduler (Ctrl+C stops all)"
	@$(BIN)/hangviet db_worker --no-reload >var/worker.log 2>&1 & worker=$$!; \
	$(BIN)/hangviet scheduler >var/scheduler.log 2>&1 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/hangviet runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hangviet makemigrations --check --dry-run

test: lint
	@if command -v chromium >/dev/null 2>&1; then echo "End-to-end tests: using $$(command -v chromium)"; \
	else echo "End-to-end tests: Debian's chromium is not installed, browser tests will be SKIPPED"; fi
	$(BIN)/pytest

test-pg: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest

fuzz: $(STAMP)
	HANGVIET_FUZZ_SCALE=$${HANGVIET_FUZZ_SCALE:-50} $(BIN)/pytest -m fuzz -p no:randomly --hypothesis-show-statistics -q

worker: $(STAMP)
	$(BIN)/hangviet db_worker

messages: $(STAMP)
	cd hangviet && ../$(BIN)/hangviet makemessages -l vi --no-obsolete --add-location file
	cd hangviet && ../$(BIN)/hangviet compilemessages -l vi

clean:
	rm -rf $(VENV) var .pytest_cache
