PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint bench worker beat clean

$(STAMP): pyproject.toml
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(PIP) install --quiet --upgrade pip; }
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops)"
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite: checks, unit and view tests, browser tests (when Chromium is installed),
# and the worker round trip (when REDIS_URL is set).
test: install
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

test-fast: install
	$(PY) -m pytest -m "not browser and not worker" -x

lint: install
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

# Both benchmarks always run; the target fails if either reports a missed target.
bench: install
	BENCH=1 $(PY) manage.py bench; pages=$$?; \
	BENCH=1 $(PY) manage.py bench_reports; reports=$$?; \
	test $$pages -eq 0 -a $$reports -eq 0

worker: install
	$(VENV)/bin/celery -A bsc worker --loglevel=info --concurrency=2

beat: install
	$(VENV)/bin/celery -A bsc beat --loglevel=info

clean:
	rm -rf $(VENV) var staticfiles
