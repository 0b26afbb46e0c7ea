# The two commands of the README, and the few others a developer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Tests run with DEBUG off, as in production, with a throwaway key and no static manifest.
TEST_ENV := SECRET_KEY=throwaway-test-key-not-secret STATIC_MANIFEST=False EMAIL_PROVIDER=file

.PHONY: run test lint format services-up services-down translations bench backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

var/secret_key:
	mkdir -p var
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

run: $(VENV)/.runtime var/secret_key
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/python manage.py migrate --noinput
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/python manage.py collectstatic --noinput -v0
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/python manage.py seed_demo
	@echo "CIGEM portal on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/gunicorn cigem.wsgi --config python:cigem.gunicorn_conf \
		--bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --timeout 120

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.dev
	$(TEST_ENV) scripts/services.sh run sh -c '$(MAKE) -s node_modules/.installed && $(BIN)/pytest $(PYTEST_ARGS)'

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint $(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Keep PostgreSQL and Redis running while developing: `make services-up`, then
# `. var/services.env` and run pytest or manage.py directly; `make services-down` stops them.
services-up:
	scripts/services.sh up

services-down:
	scripts/services.sh down

# `make bench BENCH=foundation` runs benchmarks/bench_foundation.py on throwaway servers and
# rewrites its section of benchmarks/RESULTS.md; without BENCH, every benchmark in turn.
BENCH ?= $(patsubst benchmarks/bench_%.py,%,$(wildcard benchmarks/bench_*.py))
bench: $(VENV)/.dev
	for b in $(BENCH); do $(BIN)/python benchmarks/bench_$$b.py $(BENCH_ARGS) || exit 1; done

# PostgreSQL backups (DATABASE_URL): `make backup [FILE=...]`, `make restore FILE=...`.
backup:
	scripts/backup.sh backup $(FILE)

restore:
	scripts/backup.sh restore $(FILE)

clean:
	rm -rf $(VENV) var/static

# Extract UI strings, apply every locale/sources/<part>.<lang>.json, compile. Run after adding
# strings; the JSON files are the source of translations, the .po/.mo files are derived.
translations: $(VENV)/.dev
	SECRET_KEY=i18n $(BIN)/python manage.py makemessages -l fr -l en -l bm --no-location --no-obsolete -i ".venv/*" -i "var/*" -i "benchmarks/*" -i "tests/*" -i "scripts/*"
	for f in locale/sources/*.json; do lang=$$(basename $$f .json); lang=$${lang##*.}; $(BIN)/python scripts/po_set.py $$lang $$f || exit 1; done
	$(BIN)/python scripts/po_set.py --collisions fr
	SECRET_KEY=i18n $(BIN)/python manage.py compilemessages -l fr -l en -l bm --ignore ".venv/*"
