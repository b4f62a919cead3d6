# The edition's commands.  `make book` and `make test` work on a fresh machine
# with Python 3.11: they create .venv from the lock file first.

PYTHON    ?= python3.11
VENV      := .venv
BIN       := $(VENV)/bin
# The folder holding the full witness files (never part of the project).
# Tests that compare excerpts with their witness skip without it.
WITNESSES ?= ../shared/seeds
WITNESS_DIR := $(if $(wildcard $(WITNESSES)),$(abspath $(WITNESSES)),)
INSTALLED := $(VENV)/.installed
# The Nu HTML Checker (vnu.jar, run with Java) at the version pinned in package-lock.json.
CHECKERS  := node_modules/.package-lock.json

.PHONY: book test serve clean check lock bench release site checkers

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

book: $(INSTALLED)  ## build the HTML book, strictly (warnings are errors)
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html (make serve to read it at http://127.0.0.1:8000/)"

# npm ci installs exactly package-lock.json; --ignore-scripts keeps vnu-jar from fetching a Java of
# its own (the checker runs with the machine's Java).  Without npm the HTML check skips, saying why.
$(CHECKERS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm is missing: the Nu HTML Checker is not installed and its test will skip"; \
	fi

checkers: $(CHECKERS)  ## install the checkers of the built pages (the Nu HTML Checker) from package-lock.json

test: $(INSTALLED) $(CHECKERS)  ## the whole test suite, a full strict build included
	EDITION_WITNESSES=$(WITNESS_DIR) $(BIN)/pytest

check: $(INSTALLED)  ## validate the data and run the round trip
	$(BIN)/edition check

release: $(INSTALLED)  ## record the release of the version in pyproject.toml: clean tree, tests pass, anchors registered
	$(BIN)/python scripts/release.py check
	$(MAKE) test
	$(BIN)/python scripts/release.py record

site: $(INSTALLED)  ## every recorded release and the current tree in one static site, in _build/site
	$(BIN)/python scripts/site.py --out _build/site

bench: $(INSTALLED)  ## build and check timings, page weights, a scale run; writes bench/results.json
	$(BIN)/python scripts/bench.py --out bench/results.json

serve:  ## serve the built book on 127.0.0.1:8000
	$(PYTHON) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

clean:  ## remove the built book and caches (not the environment)
	rm -rf _build .pytest_cache

lock:  ## re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes \
	  --index-url https://pypi.org/simple -o requirements.lock
