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
run: install web ## Run the whole product on http://localhost:8000 (embedded; uses AMQP_URL/DATABASE_URL if set)
	$(UV) run --frozen intervox run

# The web client (web/, served by the gateway from web/dist): dependencies are installed
# again only when the lock file changes, the bundle rebuilt only when a source is newer.
NPM := $(shell command -v npm 2>/dev/null)
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
	web/index.html web/package.json web/tsconfig.json web/vite.config.ts

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	@touch $@

.PHONY: web
web: ## Build the web client into web/dist when it is missing or older than its sources
ifeq ($(NPM),)
	@echo "npm not found: 'make run' serves the API only (http://localhost:8000/docs)."
	@echo "For the web client install Node.js >= 20.19 with npm, then run 'make web'."
else
	@$(MAKE) --no-print-directory web/dist/index.html
endif

.PHONY: web-types
web-types: install web/node_modules/.package-lock.json ## Regenerate the web client's API and event types
	$(UV) run --frozen python web/scripts/export_openapi.py
	cd web && npm run gen

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
test: lint web ## All tests: unit, integration (real RabbitMQ + PostgreSQL), e2e
	$(UV) run --frozen python scripts/check_bank.py > /dev/null
	cd web && npm test
	$(UV) run --frozen pytest tests -q -rs --junitxml=test-artifacts/junit.xml $(PYTEST_ARGS)

.PHONY: clean
clean: ## Remove local state (SQLite files, keys, caches)
	rm -rf data .pytest_cache .mypy_cache .ruff_cache test-artifacts

.PHONY: docs
docs: install ## Regenerate the README's event catalogue and configuration table
	$(UV) run --frozen python scripts/gen_docs.py

.PHONY: bench-scoring
bench-scoring: install ## Offline scorer vs human grades (grouped CV r, RMSE) and p95 latency
	$(UV) run --frozen python scripts/bench_scoring.py

.PHONY: validate-deploy
validate-deploy: install ## Check images, compose, Kubernetes overlays, alerts, dashboard (no Docker/cluster needed)
	$(UV) run --frozen pytest tests/unit/test_deploy_k8s.py tests/unit/test_deploy_compose.py tests/unit/test_deploy_dockerfiles.py tests/unit/test_deploy_monitoring.py -q $(PYTEST_ARGS)

.PHONY: bench-voice
bench-voice: install ## Voice benchmarks: STT WER/RTF (base, tiny.en), end of speech → final over RabbitMQ, TTS latency
	$(UV) run --frozen python scripts/bench_voice.py

.PHONY: bench
bench: bench-scoring bench-voice ## All benchmarks (figures printed; see README "Measured")
