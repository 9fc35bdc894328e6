# Two commands set everything up on a fresh machine:
#   make demo   - check the system, create .venv, install, render the bundled example, say what next
#   make test   - install the test tools (and Chromium, for the browser tests), run ruff, mypy and
#                 the test suite, then the fast tests again with the lowest dependency versions
#                 setup.cfg allows (.venv-lowest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.test-installed
LOWEST := .venv-lowest
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test lint typecheck pytest pytest-lowest bench schema system python testtools clean

demo: system $(STAMP)
	$(BIN)/mlops-audit demo -o demo-output
	@echo "To type just 'mlops-audit' in this shell, first run:  . $(BIN)/activate"

test: system testtools $(TSTAMP) lint typecheck pytest pytest-lowest

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

# Python 3.10+ with ensurepip, or what to install; checked before a venv is started.
python:
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.10 or newer, or name one: make demo PYTHON=/path/to/python3" >&2; exit 1; }
	@$(PYTHON) bin/check-python.py || { echo "Then run make again." >&2; exit 1; }

# What the machine must provide, checked before anything is built and reported together, so a
# fresh machine needs one round of installs. WeasyPrint needs Pango (and through it HarfBuzz and
# fontconfig) from the system: as root on Debian and Ubuntu the check installs them, elsewhere it
# prints this platform's install line. Exit 2 from check-python (Python too old) skips the
# library check, which needs Python 3.7.
system:
	@command -v $(PYTHON) >/dev/null || $(MAKE) --no-print-directory python
	@status=0; $(PYTHON) bin/check-python.py || status=$$?; \
	if [ $$status -ne 2 ]; then $(PYTHON) bin/check-syslibs.py --install || status=1; fi; \
	[ $$status -eq 0 ] || { echo "Then run make again." >&2; exit 1; }

# A venv counts as made only once pip runs in it ($(READY)): one left half-made (no ensurepip,
# a failed or interrupted run) is removed and made again, never used as it is.
$(READY):
	@$(MAKE) --no-print-directory python
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip || { rm -rf $(VENV); exit 1; }
	@touch $@

# PYTHONWARNINGS=ignore: setuptools prints a boxed "Editable installation" warning for the
# bundled-data folders mapped into the package; it is expected here and only alarms a newcomer.
$(STAMP): setup.cfg pyproject.toml | $(READY)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q -e .
	touch $@

$(TSTAMP): $(STAMP) setup.cfg
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(LOWEST)/.installed: setup.cfg pyproject.toml bin/lowest-constraints.py | $(READY)
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST) || { rm -rf $(LOWEST); exit 1; }
	$(BIN)/python bin/lowest-constraints.py setup.cfg > $(LOWEST)/constraints.txt
	PYTHONWARNINGS=ignore $(LOWEST)/bin/python -m pip install -q --upgrade pip \
	  && PYTHONWARNINGS=ignore $(LOWEST)/bin/python -m pip install -q \
	       -c $(LOWEST)/constraints.txt -e '.[test]' \
	  || { rm -rf $(LOWEST); exit 1; }
	touch $@

# The tests drive the survey and the HTML report in a real browser (Debian's Chromium, through
# Playwright for Python; never a browser Playwright downloads) and read each word's position in a
# PDF with pdftotext (poppler-utils). The tool itself needs neither. Installed here when run as root
# where apt-get is; otherwise the browser tests skip and say why (under CI=true they fail: there
# they must run), and the PDF layout tests fail naming the package.
testtools:
	@missing=""; test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing the test tools:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      -o DPkg::Lock::Timeout=600 $$missing >/dev/null; \
	  else \
	    echo "The tests need:$$missing (install with: sudo apt-get install$$missing)" >&2; \
	  fi; \
	fi

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
	rm -rf $(VENV) $(LOWEST) build dist *.egg-info demo-output .mypy_cache .ruff_cache .pytest_cache
