# RVU Desk: `make run` serves on http://127.0.0.1:8000, `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
RVUDESK_DATA ?= $(abspath ../shared/data)
export RVUDESK_DATA
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install chromium migrate data run test test-postgres lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

migrate: install
	$(BIN)/rvudesk migrate --noinput -v0

# Import every release found in RVUDESK_DATA when none is loaded yet; the ICD-10-CM code set and
# the family knowledge (families an editor changed in admin are kept).
data: migrate
	@if [ -d "$(RVUDESK_DATA)" ]; then $(BIN)/rvudesk import --if-empty "$(RVUDESK_DATA)"; \
	else echo "RVUDESK_DATA=$(RVUDESK_DATA) not found: import a CMS release with rvudesk import PATH"; fi
	$(BIN)/rvudesk icd10 --if-empty
	$(BIN)/rvudesk knowledge

run: data
	$(BIN)/rvudesk serve --host $(HOST) --port $(PORT)

test: install chromium
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: data
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_diff.py
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) var
