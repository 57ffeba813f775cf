# Intervox — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION ?= 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTEST_ARGS ?=
export UV_LINK_MODE ?= copy

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(UV):
	@echo "installing uv $(UV_VERSION)…"
	@python3 -m pip install --quiet --user "uv==$(UV_VERSION)" || python3 -m pip install --quiet "uv==$(UV_VERSION)"

.PHONY: install
install: $(UV) ## Create .venv with every package, exactly as locked
	$(UV) sync --all-packages --frozen

.PHONY: run
run: install ## Run the whole product on http://localhost:8000 (embedded; uses AMQP_URL/DATABASE_URL if set)
	$(UV) run --frozen intervox run

.PHONY: dev-services
dev-services: install ## Run each service as its own process against RabbitMQ + PostgreSQL
	$(UV) run --frozen python scripts/dev_services.py

.PHONY: lint
lint: install ## ruff (lint + format check) and mypy --strict
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy libs services src

.PHONY: contracts
contracts: install ## Regenerate docs/asyncapi.yaml and snapshot new event versions
	$(UV) run --frozen python -m intervox_contracts.asyncapi .

.PHONY: test-unit
test-unit: install ## Fast tests of pure logic
	$(UV) run --frozen pytest tests/unit -q $(PYTEST_ARGS)

.PHONY: test
test: lint ## All tests: unit, integration (real RabbitMQ + PostgreSQL), e2e
	$(UV) run --frozen python scripts/check_bank.py > /dev/null
	$(UV) run --frozen pytest tests -q -rs --junitxml=test-artifacts/junit.xml $(PYTEST_ARGS)

.PHONY: clean
clean: ## Remove local state (SQLite files, keys, caches)
	rm -rf data .pytest_cache .mypy_cache .ruff_cache test-artifacts

.PHONY: docs
docs: install ## Regenerate the README's event catalogue and configuration table
	$(UV) run --frozen python scripts/gen_docs.py
