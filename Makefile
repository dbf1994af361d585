# Chợ Làng — two commands set everything up on a fresh machine:
#   make demo   install, migrate, load demo data, serve on http://127.0.0.1:8000
#   make test   lint gates + the whole test suite with real services on 127.0.0.1

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
UV_VERSION := 0.13.8
# The stamp is named after the lock's hash: a changed lock reinstalls, an unchanged one doesn't.
LOCK_HASH := $(shell sha256sum requirements.lock 2>/dev/null | cut -c1-16)
STAMP  := $(VENV)/.installed-$(LOCK_HASH)
HOST   ?= 127.0.0.1
TEMPLATE_DIRS := marketplace catalog sellers livestream themes
PORT   ?= 8000

.PHONY: demo install serve migrate test lint format lock messages clean bench

demo: install migrate
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DEBUG=false $(PY) manage.py runserver $(HOST):$(PORT) --noreload

install: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(PY) requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

serve: install
	DEBUG=false $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint $(TEMPLATE_DIRS) --check
	$(BIN)/djlint $(TEMPLATE_DIRS) --lint
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py check
	$(PY) -m tests.check_translations

test: lint node_modules
	$(PY) -m tests.testbed $(ARGS)

# axe-core for the page checks, the Compose Specification schema for the compose tests,
# Lighthouse for the bench (package-lock.json pins them).
node_modules: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint $(TEMPLATE_DIRS) --reformat --quiet || true  # exits 1 when it changed a file

# Re-resolve pinned top-level versions into the lock (needs the package index).
lock: install
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

# Extract new strings and compile every catalogue. An app with its own locale/ folder keeps
# its own catalogue; everything else goes to the project catalogue in locale/. The Wagtail
# admin's catalogue (themes/cms/locale) translates Wagtail's strings: it is written by hand
# and only compiled here.
APP_LOCALES := $(shell find . -path ./.venv -prune -o -path ./var -prune -o -type d -name locale -print | grep -v '^./locale$$' | sed 's|^./||; s|/locale$$||' | grep -v '^themes/cms$$')
MSG_IGNORE  := --ignore=.venv --ignore=var --ignore=tests --ignore=bench $(foreach d,$(APP_LOCALES),--ignore=$(d)/*)
messages: install
	@for d in $(APP_LOCALES); do \
		echo "catalogue of $$d"; \
		(cd $$d && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l vi --no-obsolete) || exit 1; \
	done
	$(PY) manage.py makemessages -l vi $(MSG_IGNORE) --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var

bench: install
	$(PY) -m bench

clean:
	rm -rf var/ .pytest_cache .ruff_cache
