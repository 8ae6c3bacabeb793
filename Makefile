# Clearhead: `make run` serves the app, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine.

SHELL := /bin/bash
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
VENV := .venv
CLI := $(VENV)/bin/clearhead
# uv from the PATH if there is one, else from a private virtualenv.
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)

.PHONY: run dev test lint format install install-dev chromium setup migrate clean bench bench-quick worker

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: | $(UV)
	$(UV) sync --locked --inexact --no-dev --quiet

install-dev: | $(UV)
	$(UV) sync --locked --quiet

setup: install
	$(CLI) compile-catalogues
	$(CLI) migrate --no-input -v 0
	$(CLI) collectstatic --no-input -v 0
	$(CLI) load-demo-directory --if-empty

migrate: setup
	$(CLI) first-admin-link

## make run: the app on its embedded SQLite database, served by gunicorn, and
## the background worker beside it. `clearhead serve` records the address in
## the data directory, so every link printed or e-mailed uses it (unless
## CLEARHEAD_BASE_URL is set), and prints the first-admin link.
run: setup
	$(CLI) serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

## make dev: Django's auto-reloading development server instead (no worker).
dev: setup
	$(CLI) serve --host $(HOST) --port $(PORT) --record-only
	$(CLI) runserver $(HOST):$(PORT)

## make chromium: the browser the browser tests drive (Debian's package).
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## make test: lint, then the suite on SQLite and again on PostgreSQL.
test: install-dev chromium
	scripts/run-tests

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf .tools var/static var/test-results

## make bench: the benchmarks (bench/README.md), on SQLite and PostgreSQL.
bench: install-dev
	$(VENV)/bin/python -m bench.run

bench-quick: install-dev
	$(VENV)/bin/python -m bench.run --quick

## make worker: only the background worker (make run starts one already).
worker: migrate
	$(CLI) worker
