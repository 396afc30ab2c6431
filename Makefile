# Entry points, each doing its own set-up on a fresh machine:
#   make console – install boardbot into .venv and try it in the terminal, without Telegram
#   make run     – install boardbot into .venv and start the bot (reads .env)
#   make test    – install everything, then lint, type-check, audit and run the whole test suite
#   make audit   – pip-audit of the pinned dependencies (skipped, with a line, when offline)
#   make bench   – the benchmark suite (BENCHMARKS.md); `make bench ARGS=--quick` for the smoke run
#   make messages-extract / messages-update / messages-compile – the translation catalogues
#                  (README, "Translating boardbot")
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
# Every install uses the pinned, tested versions (constraints.txt; see its header to update).
CONSTRAINTS = constraints.txt

.PHONY: console run test bench lint audit postgres-binaries clean messages-extract messages-update messages-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

console: $(VENV)/.runtime
	$(BIN)/boardbot console

run: $(VENV)/.runtime
	$(BIN)/python -m bot

# The test suite starts its own throwaway PostgreSQL server; it needs the server binaries.
postgres-binaries:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "Please install PostgreSQL (e.g. sudo apt-get install postgresql): the tests start their own server." >&2; exit 1; fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Never fails for being offline: without the vulnerability database it says so and goes on.
audit: $(VENV)/.dev
	$(BIN)/python scripts/audit.py --constraints $(CONSTRAINTS)

test: $(VENV)/.dev postgres-binaries lint audit
	$(BIN)/pytest

# Starts its own PostgreSQL server and Bot API emulator; the full run takes about 20 minutes.
bench: $(VENV)/.dev postgres-binaries
	$(BIN)/python -m benchmarks $(ARGS)

# Translations (README, "Translating boardbot"). The msgids are keys: `t(lang, "key", ...)` has
# its key in argument 2, `tn(lang, "key", n, ...)` too, named twice as singular and plural msgid
# (`tn:2,3` would read the count as the plural msgid and skip every call).
LOCALE  = bot/locale
DOMAIN  = boardbot

messages-extract: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k t:2 -k tn:2,2 \
		--add-location=file --sort-output --project=boardbot --version=0.1.0 \
		-o $(LOCALE)/$(DOMAIN).pot .

# No fuzzy matching: the msgids are keys, and a similar key is a different message.
messages-update: $(VENV)/.runtime
	$(BIN)/pybabel update -i $(LOCALE)/$(DOMAIN).pot -d $(LOCALE) -D $(DOMAIN) \
		--no-fuzzy-matching --ignore-pot-creation-date

# The .mo files are in git (the install needs no build step); a test checks they match.
messages-compile: $(VENV)/.runtime
	$(BIN)/pybabel compile -d $(LOCALE) -D $(DOMAIN) --statistics

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
