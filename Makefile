# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    create .venv if missing, install, start the course
#   make test   create .venv with the test extra, check the layer contracts, run every test
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

test: $(VENV)/.installed-test
	$(BIN)/lint-imports
	@mkdir -p locale
	$(BIN)/pybabel -q extract -F babel.cfg -k ngettext:1,2 --project mhcourse -o locale/mhcourse.pot src/mhcourse
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
