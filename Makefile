# Two entry points for a fresh machine with Python 3.11+:
#   make run   - the whole pipeline on embedded defaults (broker, extractor, sink, SQLite)
#   make test  - the whole test suite (unit + real broker + PostgreSQL)
# Both install exactly the versions in requirements-dev.lock (hashes checked).
# After changing dependencies in pyproject.toml: `make lock`, then commit both lock files.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Runtime dependencies only (what the Dockerfile installs) ...
LOCK     := requirements.lock
# ... plus the test and embedded extras (what make run / make test / .ci/run install).
DEV_LOCK := requirements-dev.lock
UV_VERSION := 0.13.9
UV     := .uv/bin/uv
UV_COMPILE := $(UV) pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
              --custom-compile-command "make lock" --quiet

.PHONY: venv run run-once test unit integration schemas bench train lock lock-upgrade clean

$(STAMP): pyproject.toml $(DEV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	touch $(STAMP)

venv: $(STAMP)

# Resolve pyproject.toml into both lock files, with hashes. Versions already
# locked are kept when they still fit (adding a dependency changes only what it
# needs); `make lock-upgrade` moves everything to the newest allowed versions.
# The dev lock is constrained by the runtime lock, so tests run what the image ships.
lock: $(UV)
	$(UV_COMPILE) $(UPGRADE) -o $(LOCK)
	$(UV_COMPILE) $(UPGRADE) --extra test --extra embedded -c $(LOCK) -o $(DEV_LOCK)

lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet uv==$(UV_VERSION)

run: $(STAMP)
	$(BIN)/eventx up

run-once: $(STAMP)
	$(BIN)/eventx up --once

test: $(STAMP)
	$(BIN)/python -m pytest -ra

unit: $(STAMP)
	$(BIN)/python -m pytest -ra -m "not integration"

integration: $(STAMP)
	$(BIN)/python -m pytest -ra -m integration

schemas: $(STAMP)
	$(BIN)/python -m eventx.services.tooling.schemas

train: $(STAMP)
	$(BIN)/eventx train

bench: $(STAMP)
	$(BIN)/eventx bench

clean:
	rm -rf $(VENV) .uv eventx-data .pytest_cache
