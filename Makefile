# Feira: the two commands a newcomer needs are `make up` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

CARGO ?= cargo
PORT ?= 8080

.PHONY: help up test lint fmt bench-catalog mongo-dev check-tools

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

check-tools:
	@scripts/check-tools.sh

up: check-tools ## Run the whole platform embedded on http://localhost:8080 with demo data
	$(CARGO) run --release --locked -p feira -- up --port $(PORT)

test: check-tools ## Run the whole test suite (backends from FEIRA_TEST_*_URL; missing ones skip)
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
		$(CARGO) nextest run --workspace --locked --no-fail-fast; \
	else \
		$(CARGO) test --workspace --locked --no-fail-fast; \
	fi

lint: check-tools ## cargo fmt --check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

bench-catalog: check-tools ## Throughput and latency of the catalog in embedded mode (needs wrk)
	load/bench-catalog.sh

mongo-dev: ## Run SecantusDB (MongoDB wire protocol) on 127.0.0.1:27017 for local tests
	scripts/mongo.sh
