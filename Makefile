# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FAZHI_DATA_DIR ?= $(CURDIR)/var
HOST   ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint check demo migrate bench clean

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

check: install-dev
	FAZHI_ENV=test $(BIN)/fazhi check --fail-level WARNING
	FAZHI_ENV=test $(BIN)/fazhi makemigrations --check --dry-run

test: lint check
	FAZHI_ENV=test $(BIN)/pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/pip install --quiet -e ".[bench]"
	FAZHI_ENV=test $(BIN)/python scripts/bench_api.py

clean:
	rm -rf $(VENV) build *.egg-info
