# Two entry points for a fresh machine with Python 3.11+:
#   make run   - the whole pipeline on embedded defaults (broker, extractor, sink, SQLite)
#   make test  - the whole test suite (unit + real broker + PostgreSQL)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run run-once test unit integration schemas bench train clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

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
	$(BIN)/python -m contracts.generate

train: $(STAMP)
	$(BIN)/eventx train

bench: $(STAMP)
	$(BIN)/python -m services.bench

clean:
	rm -rf $(VENV) eventx-data .pytest_cache
