# Two commands set everything up on a fresh machine:
#   make demo   - create .venv, install, render the bundled example and print where it is
#   make test   - install the test tools, run ruff, mypy and the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.test-installed
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test lint typecheck pytest bench schema syslibs testtools clean

demo: $(STAMP) syslibs
	$(BIN)/mlops-audit demo -o demo-output

test: $(TSTAMP) syslibs testtools lint typecheck pytest

lint: $(TSTAMP)
	$(BIN)/ruff check auditor tests bench
	$(BIN)/ruff format --check auditor tests bench

typecheck: $(TSTAMP)
	$(BIN)/mypy auditor

# pytest exits 5 when it collects no test: that is a failure here, as any non-zero code is.
pytest: $(TSTAMP)
	$(BIN)/python -m pytest

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

# WeasyPrint needs Pango (and through it HarfBuzz and fontconfig) from the system.
syslibs:
	@$(PYTHON) bin/check-syslibs.py || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing the system libraries WeasyPrint needs..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig >/dev/null && \
	    $(PYTHON) bin/check-syslibs.py; \
	  else exit 1; fi; }

# The layout tests read PDFs back with poppler's pdftotext; the browser tests drive Debian's
# chromium through Playwright (its Python package, from the test extras, never downloads a
# browser). Installed when run as root with apt-get (as CI is); elsewhere those tests are
# skipped and say what to install.
TESTTOOLS := pdftotext:poppler-utils chromium:chromium
testtools:
	@missing=""; for pair in $(TESTTOOLS); do \
	  command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing what the tests need:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Some tests will be skipped; to run them: sudo apt-get install$$missing"; fi; \
	fi

clean:
	rm -rf $(VENV) build dist *.egg-info demo-output .mypy_cache .ruff_cache .pytest_cache
