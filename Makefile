# Two commands set everything up on a fresh machine:
#   make demo   - create .venv, install, render the bundled example and print where it is
#   make test   - install the test tools, run ruff, mypy and the test suite, then the fast tests
#                 again with the lowest dependency versions setup.cfg allows (.venv-lowest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.test-installed
LOWEST := .venv-lowest
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test lint typecheck pytest pytest-lowest bench schema syslibs clean

demo: $(STAMP) syslibs
	$(BIN)/mlops-audit demo -o demo-output
	@echo "To type just 'mlops-audit' in this shell, first run:  . $(BIN)/activate"

test: $(TSTAMP) syslibs lint typecheck pytest pytest-lowest

lint: $(TSTAMP)
	$(BIN)/ruff check auditor tests bench bin
	$(BIN)/ruff format --check auditor tests bench bin

typecheck: $(TSTAMP)
	$(BIN)/mypy auditor

# pytest exits 5 when it collects no test: that is a failure here, as any non-zero code is.
pytest: $(TSTAMP)
	$(BIN)/python -m pytest

# The fast tests with the lowest versions setup.cfg allows: a floor that does not work fails
# here, not on a user's machine. The venv is built once per change to setup.cfg.
pytest-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest -q -m "not slow" -p no:cacheprovider

bench: $(TSTAMP)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/many_audits.py

# Regenerate the fast validators from auditor/schema.py (a test fails when they are stale).
schema: $(STAMP)
	$(BIN)/python -m auditor._generated

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "mlops-audit needs Python 3.10 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# PYTHONWARNINGS=ignore: setuptools prints a boxed "Editable installation" warning for the
# bundled-data folders mapped into the package; it is expected here and only alarms a newcomer.
$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q -e .
	touch $@

$(TSTAMP): $(STAMP) setup.cfg
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(LOWEST)/.installed: setup.cfg pyproject.toml bin/lowest-constraints.py | $(BIN)/python
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST) || { rm -rf $(LOWEST); exit 1; }
	$(BIN)/python bin/lowest-constraints.py setup.cfg > $(LOWEST)/constraints.txt
	PYTHONWARNINGS=ignore $(LOWEST)/bin/python -m pip install -q --upgrade pip \
	  && PYTHONWARNINGS=ignore $(LOWEST)/bin/python -m pip install -q \
	       -c $(LOWEST)/constraints.txt -e '.[test]' \
	  || { rm -rf $(LOWEST); exit 1; }
	touch $@

# WeasyPrint needs Pango (and through it HarfBuzz and fontconfig) from the system. As root on
# Debian and Ubuntu the check installs them; elsewhere it prints this platform's install line.
syslibs:
	@$(PYTHON) bin/check-syslibs.py --install || { echo "Then run make again." >&2; exit 1; }

clean:
	rm -rf $(VENV) $(LOWEST) build dist *.egg-info demo-output .mypy_cache .ruff_cache .pytest_cache
