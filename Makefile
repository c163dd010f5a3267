# CrampLog: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres lint format demo bench install install-dev system-deps screenshots clean messages catalogs

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## The compiled translation catalogs (locale/*/LC_MESSAGES/*.mo), built from the .po files.
catalogs: install
	$(VENV)/bin/pybabel -q compile -d locale -D django
	$(VENV)/bin/pybabel -q compile -d locale -D djangojs

## After marking strings: gather them into every catalog in locale/ (needs GNU gettext).
## A new language: add it to LANGUAGES, then `make messages NEW_LANGUAGE=fr` once.
MESSAGE_IGNORES := --ignore=tests --ignore=bench --ignore=docs --ignore=data --ignore=staticfiles
MESSAGE_LOCALES := $(if $(NEW_LANGUAGE),-l $(NEW_LANGUAGE),--all)
messages: install-dev
	$(PY) manage.py makemessages $(MESSAGE_LOCALES) --add-location=file --no-obsolete \
		-e html,txt,py,js $(MESSAGE_IGNORES) --ignore=static
	$(PY) manage.py makemessages -d djangojs $(MESSAGE_LOCALES) --add-location=file --no-obsolete \
		$(MESSAGE_IGNORES) --ignore=templates

## Serve the app on SQLite at http://127.0.0.1:8000 (development mode).
run: install catalogs
	mkdir -p data
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

## Chromium and PostgreSQL for the suite: installed when root on Debian, else named.
system-deps:
	bash .ci/system-deps.sh

## Lint, then the whole suite on SQLite and (when the machine has it) PostgreSQL.
test: install-dev system-deps lint test-sqlite test-postgres

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	mkdir -p data
	$(PY) manage.py makemigrations --check --dry-run --settings=cramplog.settings_test

test-sqlite: install-dev catalogs
	$(VENV)/bin/pytest

test-postgres: install-dev catalogs
	bash .ci/with-postgres.sh $(VENV)/bin/pytest

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## A demo account with several months of journal data.
demo: install catalogs
	mkdir -p data
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo --user demo --days 180 --seed 7 --password demo-cramps-2026

bench: install-dev catalogs
	$(PY) bench/run.py

screenshots: install-dev
	CRAMPLOG_SCREENSHOTS=1 $(VENV)/bin/pytest -q tests/browser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
