# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    create .venv if missing, install, start the course
#   make test   create .venv with the test extra, check the layer contracts, ruff, mypy, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

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
	@mkdir -p locale
	$(BIN)/pybabel -q extract -F babel.cfg -k ngettext:1,2 --project mhcourse -o locale/mhcourse.pot src/mhcourse
	@$(BIN)/mypy > $(VENV)/mypy.out 2>&1 & mypy=$$!; \
	$(BIN)/python -m pytest -q; tests=$$?; \
	wait $$mypy; types=$$?; echo "mypy:"; cat $(VENV)/mypy.out; \
	exit $$(( tests || types ))

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py --wait-for-quiet 300

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
