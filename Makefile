# Two commands do all the set-up on a fresh machine:
#   make serve   serves the site on http://127.0.0.1:8000 and the helpdesk API on 127.0.0.1:8001, the
#                site's ticket form posting to it (creates .venv first)
#   make test    runs every test, browser tests included (installs Debian's chromium and rsync if missing)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
HELPDESK_ADDR ?= 127.0.0.1:8001
# Material 9.7+ prints a banner about MkDocs 2.0 on every run; it is not about this project.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-latest test-tools bench bench-intake lock clean

serve: $(BIN)/.installed
	scripts/serve-with-helpdesk $(ADDR) $(HELPDESK_ADDR)

build: $(BIN)/.installed
	$(BIN)/helpcenter build

# The venv (pip) and the test tools (apt-get, npm) are set up side by side: both mostly wait on downloads.
test:
	$(MAKE) --no-print-directory -j2 $(BIN)/.installed test-tools
	$(BIN)/python -m pytest

# The same checks with the newest versions pyproject.toml allows (no lock), in a fresh venv of its own:
# what a dependency release would break is seen here before a writer meets it (weekly in CI).
LATEST := .venv-latest
test-latest: test-tools
	rm -rf $(LATEST) site-latest
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --editable '.[test]'
	$(LATEST)/bin/python -m pip list --format=freeze | grep -iE '^(mkdocs|mkdocs-material|mkdocs-static-i18n|babel|holidays|jinja2|pyyaml)=='
	$(LATEST)/bin/mkdocs build --strict -d site-latest
	rm -rf site-latest
	$(LATEST)/bin/python -m pytest

test-tools:
	@scripts/ensure-test-tools

bench: $(BIN)/.installed
	$(BIN)/python bench/build_benchmark.py

bench-intake: $(BIN)/.installed test-tools
	$(BIN)/python bench/intake_load.py

# The virtual environment, rebuilt whenever the lock file or the project's metadata change.
$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@

# Regenerate requirements.lock after changing the dependencies in pyproject.toml.
lock: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) $(LATEST) site site-latest tests/artifacts
