# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FAZHI_DATA_DIR ?= $(CURDIR)/var
HOST   ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint typecheck check demo migrate bench load clean messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	mkdir -p "$(FAZHI_DATA_DIR)"
	$(BIN)/fazhi migrate --noinput

demo: migrate
	$(BIN)/fazhi demo --if-empty

run: demo
	$(BIN)/fazhi runserver $(HOST)

lint: install-dev
	$(BIN)/ruff check fazhi tests conftest.py scripts
	$(BIN)/ruff format --check fazhi tests conftest.py scripts

# The typed core: every app's services and selectors, and the shared mechanisms.
TYPED := $(wildcard fazhi/*/services.py fazhi/*/selectors.py fazhi/*/services/*.py \
	fazhi/*/selectors/*.py) fazhi/core/files.py \
	fazhi/core/stats.py fazhi/core/scoping.py fazhi/core/access.py fazhi/core/filters.py \
	fazhi/core/masking.py fazhi/core/db_errors.py fazhi/core/segmenter.py \
	fazhi/core/paging.py fazhi/core/replica.py fazhi/snapshot.py fazhi/core/exports.py \
	fazhi/core/imports/jobs.py fazhi/core/excel.py \
	fazhi/core/forms.py fazhi/core/workdays.py fazhi/core/models.py fazhi/org/models.py \
	fazhi/core/dashboard.py fazhi/outreach/search.py fazhi/reports/tokens.py fazhi/reports/document.py \
	fazhi/reports/composer.py fazhi/reports/workflow.py fazhi/reports/compare.py \
	fazhi/reports/reminders.py fazhi/reports/open_data.py fazhi/reports/readiness.py \
	$(wildcard fazhi/*/worklists.py) fazhi/core/demo.py fazhi/core/demo_current.py
typecheck: install-dev
	FAZHI_ENV=test $(BIN)/mypy $(TYPED)

check: install-dev
	FAZHI_ENV=test $(BIN)/fazhi check --fail-level WARNING
	FAZHI_ENV=test $(BIN)/fazhi makemigrations --check --dry-run

# The test files are spread over TEST_WORKERS processes (one per core by default; 0 runs them
# in this process), each with its own test database and data directory.
TEST_WORKERS ?= auto
test: lint typecheck check
	FAZHI_ENV=test $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The English catalogue: collect the Chinese msgids again, then compile the .mo (both are
# committed). New entries need their English in fazhi/locale/en/LC_MESSAGES/django.po;
# tests/test_i18n.py fails while one is missing. accounts/locale is skipped: it holds a
# zh_Hans fix of one Django message, and would otherwise receive the accounts app's msgids.
MAKEMESSAGES_IGNORE := --ignore "*/tests/*" --ignore "*/migrations/*" \
	--ignore "accounts/locale"
messages: install
	cd fazhi && FAZHI_ENV=test $(CURDIR)/$(BIN)/fazhi makemessages -l en $(MAKEMESSAGES_IGNORE) \
		--add-location file
	cd fazhi && FAZHI_ENV=test $(CURDIR)/$(BIN)/fazhi compilemessages

# Apache ECharts, vendored into the package: the product runs inside an isolated network, so
# the browser never fetches it from a CDN. The release is pinned by version and by the
# registry's checksum; `make echarts` copies it again (commit the result).
ECHARTS_VERSION   := 5.6.0
ECHARTS_INTEGRITY := sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==
ECHARTS_DIR       := fazhi/core/static/vendor/echarts
.PHONY: echarts
echarts:
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	npm pack --silent --pack-destination "$$tmp" echarts@$(ECHARTS_VERSION) >/dev/null; \
	tgz="$$tmp/echarts-$(ECHARTS_VERSION).tgz"; \
	test "sha512-$$(openssl dgst -sha512 -binary "$$tgz" | base64 -w0)" = "$(ECHARTS_INTEGRITY)" \
		|| { echo "echarts-$(ECHARTS_VERSION).tgz: checksum mismatch" >&2; exit 1; }; \
	tar -xzf "$$tgz" -C "$$tmp"; \
	mkdir -p $(ECHARTS_DIR); \
	cp "$$tmp/package/dist/echarts.min.js" "$$tmp/package/LICENSE" $(ECHARTS_DIR)/; \
	if [ -f "$$tmp/package/NOTICE" ]; then cp "$$tmp/package/NOTICE" $(ECHARTS_DIR)/; fi; \
	echo "$(ECHARTS_VERSION)" > $(ECHARTS_DIR)/VERSION

bench: install-dev
	$(BIN)/pip install --quiet -e ".[bench]"
	FAZHI_ENV=test $(BIN)/python scripts/bench_api.py
	FAZHI_ENV=test $(BIN)/python scripts/bench_stats.py $(BENCH_ARGS)
	FAZHI_ENV=test $(BIN)/python scripts/bench_faq.py $(BENCH_FAQ_ARGS)
	FAZHI_ENV=test $(BIN)/python scripts/bench_report.py $(BENCH_REPORT_ARGS)
	FAZHI_ENV=test $(BIN)/python scripts/bench_import.py $(BENCH_IMPORT_ARGS)
	FAZHI_ENV=test $(BIN)/python scripts/bench_export.py $(BENCH_EXPORT_ARGS)
	FAZHI_ENV=test $(BIN)/python scripts/bench_demo.py $(BENCH_DEMO_ARGS)

# 50 users for 60 seconds against gunicorn and a throwaway PostgreSQL database with the demo
# (a benchmark, not a test): see scripts/load.py for its options (LOAD_ARGS).
load: install
	$(BIN)/python scripts/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
