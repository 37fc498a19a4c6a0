# Two commands: `make run` (a working portal with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint messages messages-extract migrate seed serve bench bench-peer clean

# The venv is rebuilt only when a requirements file changed, so re-running is fast.
$(STAMP): requirements.txt requirements-test.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@touch $(STAMP)

install: $(STAMP)

# Dutch translations; needs GNU gettext (msgfmt). Compiled catalogues are committed, so
# without msgfmt the committed ones are used.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0; \
	else echo "msgfmt not found (apt-get install gettext): using the committed .mo files"; fi

run: export DEBUG ?= 1
run: install messages
	@# A development checkout gets a .env (git-ignored) so plain `manage.py` commands work here too.
	@test -f .env || { printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env; echo "Wrote .env for local development (DEBUG=1)"; }
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py seed_demo
	@echo "Participatieportaal: http://127.0.0.1:$(PORT)/  (log in as beleid@middelburg.demo / demo, then a code for key GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ or backup code demo0001)"
	@$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Collect every msgid (Python and templates) into the one Dutch catalogue; then fill in the msgstr's.
messages-extract: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=static --ignore=staticfiles --ignore=bench --ignore=media

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: export DEBUG ?= 0
test: export SECRET_KEY ?= test-only-secret-key-not-for-production
test: install messages lint
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 1
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run_all.py

# The portal and django-survey-and-report side by side on PostgreSQL (bench/surveys_peer_submit.py). The peer
# lives in its own git-ignored venv; BENCH_BEFORE=<git ref> adds the portal as of that commit.
PEER_VENV := bench/.peer-venv
$(PEER_VENV)/bin/gunicorn:
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet django-survey-and-report==1.5.0 psycopg2-binary==2.9.13 gunicorn==27.0.1

bench-peer: install $(PEER_VENV)/bin/gunicorn
	$(BIN)/python bench/surveys_peer_submit.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
