# The two commands a newcomer needs: `make run` and `make test`.
# Everything else (venv, Python packages, Debian packages when root,
# compiled catalogs, database upgrade) is made on the way, idempotently.

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 5000
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
# pybabel must import the rules extractor (app.rules_engine.extract) from here.
PYBABEL := PYTHONPATH=$(CURDIR) $(BIN)/pybabel
PYTEST := $(BIN)/python -m pytest
LOCALES := es fr

# Debian packages: WeasyPrint's libraries and fonts; poppler and gettext for tests; wrk for bench.
# chromium: the browser suite (tests/browser) drives Debian's /usr/bin/chromium with
# Playwright; never `playwright install`. Under CI=true a missing browser fails the suite.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBS := $(RUN_DEBS) poppler-utils gettext chromium
BENCH_DEBS := wrk

.PHONY: run test lint catalogs translations bench debs-run debs-test debs-bench

run: $(VENV)/.runtime debs-run catalogs
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) chambers ensure-demo
	PORTAL_ENV=$${PORTAL_ENV:-development} PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} \
	  exec $(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.dev debs-test lint catalogs
	$(PYTEST)
	TEST_DATABASE=postgresql $(PYTEST)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

bench: $(VENV)/.dev debs-run debs-bench catalogs
	$(BIN)/python -m bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# Install missing Debian packages, only when root (CI and fresh machines are).
define install_debs
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages (install them as root): $$missing"; \
	  fi; \
	fi
endef

debs-run:
	$(call install_debs,$(RUN_DEBS))

debs-test:
	$(call install_debs,$(TEST_DEBS))

debs-bench:
	$(call install_debs,$(BENCH_DEBS))

# Compile .po into .mo (the .mo files are not committed).
catalogs: $(VENV)/.runtime
	$(BIN)/python -m app.i18n.compile translations $(LOCALES)

# Extract every message (Python, templates, rules), merge into the catalogs
# (app/i18n/merge.py: fuzzy only for a changed text with the same id), compile.
translations: $(VENV)/.runtime
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file --no-wrap \
	  --add-comments=Translators: --project="Export readiness portal" \
	  -o translations/messages.pot .
	$(BIN)/python -m app.i18n.merge translations/messages.pot translations $(LOCALES)
	$(BIN)/python -m app.i18n.compile translations $(LOCALES)
