# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    create .venv if missing, install, start the course
#   make test   create .venv with the test extra, check the layer contracts, ruff, mypy, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench catalogs clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "mhcourse needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/mhcourse

# pytest runs in four processes on the two cores (-n 4 in pyproject.toml). Update TUI snapshots with -n0:
#   .venv/bin/python -m pytest -n0 tests/tui/test_snapshots.py --snapshot-update
# (syrupy cannot see unused snapshots under xdist). mypy runs beside pytest, so its cold start does
# not add to the wall time; its output follows pytest's, and either one failing fails the target.
test: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests benchmarks
	$(EXTRACT)
	@$(BIN)/mypy > $(VENV)/mypy.out 2>&1 & mypy=$$!; \
	$(BIN)/python -m pytest -q; tests=$$?; \
	wait $$mypy; types=$$?; echo "mypy:"; cat $(VENV)/mypy.out; \
	exit $$(( tests || types ))

# The message template, extracted fresh from the source (tests/unit/test_catalogs.py reads it).
EXTRACT = @mkdir -p locale && $(BIN)/pybabel -q extract -F babel.cfg -k ngettext:1,2 -k N_ --project mhcourse \
	-o locale/mhcourse.pot src/mhcourse

# After changing a user-facing string: bring every language's .po up to date with the source (translator
# comments kept, new messages left empty, never guessed from a similar one), then compile the .mo files that
# ship in the wheel. Translate the new entries, then run it again (docs/translating.md).
catalogs: $(VENV)/.installed-test
	$(EXTRACT)
	$(BIN)/pybabel update -i locale/mhcourse.pot -d src/mhcourse/locale -D mhcourse --no-fuzzy-matching -w 100
	$(BIN)/pybabel compile -d src/mhcourse/locale -D mhcourse --statistics

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py --wait-for-quiet 300

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
