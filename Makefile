PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: help install run test test-fast lint bench loadtest worker beat clean messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(PIP) install --quiet --upgrade pip; }
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the project

run: install ## Migrate, load the demo and serve it on 127.0.0.1:8000 (PORT=8101 for another port)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops)"
	PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: checks, unit and view tests, browser tests (when Chromium is installed),
# and the worker round trip (when REDIS_URL is set).
test: install ## Ruff, the migrations check, the import contracts and the whole test suite
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

test-fast: install ## Unit and view tests only, stop at the first failure
	$(PY) -m pytest -m "not browser and not worker" -x

lint: install ## Ruff, ruff-format and djlint checks
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(VENV)/bin/djlint templates --lint

# Both benchmarks always run; the target fails if either reports a missed target.
bench: install ## Page and report benchmarks for a large collaborative (same-run ratios)
	BENCH=1 $(PY) manage.py bench; pages=$$?; \
	BENCH=1 $(PY) manage.py bench_reports; reports=$$?; \
	test $$pages -eq 0 -a $$reports -eq 0

# Needs DATABASE_URL (PostgreSQL; the load test uses its name + "_loadtest") and REDIS_URL
# (a Redis database of its own is best). LOADTEST_ARGS="--seconds 90 --users 50" to change it.
loadtest: install ## gunicorn, a Celery worker and 50 simulated users on three tenants (160, 40, 8 centers)
	LOADTEST=1 $(PY) manage.py loadtest $(LOADTEST_ARGS)

# makemessages needs GNU gettext (apt-get install gettext); compiling needs only polib.
MAKEMESSAGES := $(PY) manage.py makemessages -l en -l es --add-location=file --no-obsolete \
	--ignore=.venv --ignore=tests --ignore=var --ignore=staticfiles --ignore=static

messages: install ## Extract new strings into locale/, compile the .mo files, list what is untranslated
	$(PY) manage.py builtin_strings
	$(PY) -m ruff format --quiet collaboratives/framework/builtin_strings.py
	$(MAKEMESSAGES)
	$(PY) manage.py catalogues

worker: install ## A Celery worker (needs REDIS_URL)
	$(VENV)/bin/celery -A bsc worker --loglevel=info --concurrency=2

beat: install ## The Celery beat dispatcher (needs REDIS_URL)
	$(VENV)/bin/celery -A bsc beat --loglevel=info

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var staticfiles
