# Two commands matter: `make run` and `make test`. Everything else is what they are made of.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APPS   := units accounts audit home calls applications documents recommendations notifications reviews studios
export PYTHONPATH := $(CURDIR)/src
export DJANGO_SETTINGS_MODULE := dualleader.settings

.PHONY: run serve test test-fast setup setup-test migrate demo messages compilemessages lint lock clean help bench

help:
	@echo "make run    set up everything and serve http://127.0.0.1:8000/"
	@echo "make test   set up the test tools and run the whole suite (DATABASE_URL selects the database)"
	@echo "make bench  the benchmark (SCALE=school|province|national DB=sqlite|postgres)"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements/base.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test: requirements/test.lock $(VENV)/.base
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements/test.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

compilemessages: $(VENV)/.base
	cd src/dualleader && ../../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

setup: $(VENV)/.base node_modules/.installed compilemessages
	mkdir -p var

setup-test: setup $(VENV)/.test

migrate: setup
	$(BIN)/django-admin migrate --noinput -v 0

demo: migrate
	$(BIN)/django-admin load_demo

# The task queue's worker (emails, deadline reminders) runs in the background beside the web server and
# is stopped, after its current task, when the web server stops (Ctrl+C, or gunicorn failing to start).
run: demo
	COLLECT_MANIFEST=true $(BIN)/django-admin collectstatic --noinput -v 0
	@echo "Serving http://127.0.0.1:8000/  (demo accounts: see README.md)"
	$(BIN)/django-admin db_worker --no-reload -v 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn dualleader.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 \
	  --access-logfile - --error-logfile -

test: setup-test
	$(BIN)/pytest $(PYTEST_ARGS)

# The benchmark: SCALE=school|province|national, DB=sqlite|postgres (see README, Benchmark).
SCALE ?= school
DB    ?= sqlite
# Standard output carries only the benchmark's JSON lines; setup and progress go to standard error.
bench:
	@$(MAKE) -s setup >&2
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
	@PYTHONPATH=$(CURDIR)/src:$(CURDIR) $(BIN)/python -m bench --scale $(SCALE) --db $(DB)

lint: setup-test
	$(BIN)/ruff check src tests bench

# Regenerate the catalogues after changing user-visible strings, then fill in every msgstr.
messages: setup
	for app in $(APPS); do (cd src/dualleader/$$app && mkdir -p locale && \
	  ../../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete -v 0); done
	cd src/dualleader && ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete -v 0 \
	  $(foreach app,$(APPS),--ignore=$(app)/*)

lock: $(VENV)/bin/python
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements/test.lock -q

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
