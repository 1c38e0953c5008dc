# The two commands of the README: `make run` and `make test`. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Address `make run` serves on (runserver's addrport): `make run HOST=0.0.0.0:8080`.
HOST ?= 127.0.0.1:8000
# pytest's arguments for `make test`; the default spreads the suite over every core.
PYTEST_ARGS ?= --numprocesses=auto

.PHONY: run test format messages translations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## A developer's .env (read by config/settings.py), so that the README's commands work as
## written; never committed, never overwritten.
.env:
	printf '# Development settings read by config/settings.py (made by make; not committed).\nDEBUG=true\n' > .env

## Set up a development site on SQLite with the seeds imported and published, and serve it.
run: export DEBUG ?= true
run: export ALLOWED_HOSTS ?= 127.0.0.1,localhost,[::1],$(firstword $(subst :, ,$(HOST)))
run: $(STAMP) .env
	$(MAKE) --no-print-directory translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_seeds --publish
	$(BIN)/python manage.py create_demo_editor --address "$(HOST)"
	$(BIN)/python manage.py runserver "$(HOST)"

## Lint, check migrations, run the whole pytest suite (SQLite unless DATABASE_URL is set).
test: export DEBUG ?= true
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory translations
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles

## Compile locale/*/LC_MESSAGES/django.po with Babel (pure Python: no system gettext needed).
translations: $(STAMP)
	if [ -d locale ]; then $(BIN)/pybabel compile --statistics -d locale -D django; fi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
