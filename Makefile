# Two commands, on a machine with Python 3.11 and make:
#   make run    install into .venv and serve the app (under its watchdog, ui/watchdog.py) on the sample data
#   make test   install into .venv and run lint, types and every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

CHROMIUM := /usr/bin/chromium

.PHONY: run test test-fast install lint typecheck pytest browser sample-data bench clean i18n

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m ui.watchdog

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The browser tests use Debian's Chromium; install it when it is missing (CI runs as root).
browser: $(CHROMIUM)

$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
		chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null

pytest: $(STAMP) browser
	$(BIN)/python -m pytest

test: lint typecheck pytest

# The fast loop: lint, types, and the library, import, metamorphic and contract tests (no app walks, no worker
# processes, no browser). `make test` (CI) runs everything.
test-fast: lint typecheck
	$(BIN)/python -m pytest -m "not slow and not browser" -q

bench: $(STAMP) browser
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python -m bench.run

# The UI's texts: extract every _() / N_() msgid of app.py, ui/ and views/ (babel.cfg) into locales/messages.pot,
# then add the new msgids (empty) to every language's catalog, locales/<lang>/LC_MESSAGES/messages.po.
# Translate there; the app reads the .po files as they are (no compile step). See README, "Translations".
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k NP_:1c,2 -k ngettext:1,2 -k pgettext:1c,2 \
		--add-comments=TRANSLATORS: --project=cxkit --no-location --sort-output -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --ignore-obsolete

sample-data: $(STAMP)
	$(BIN)/python scripts/make_sample_data.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
