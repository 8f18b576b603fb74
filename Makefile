# Every target sets up .venv on first use: a fresh clone needs only python3 (3.11+) and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.DEFAULT_GOAL := help
.PHONY: help build validate test lint serve release bench fuzz browser clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# cffconvert pins an old jsonschema that frictionless cannot use; its own code works with the new one.
	$(BIN)/pip install --quiet --no-deps cffconvert==2.0.0
	touch $@

# Natural Earth boundaries for the map (npm world-atlas, pinned in package-lock.json; node_modules/ is not kept).
NODE_READY := node_modules/.ready
$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: $(READY) $(NODE_READY) ## Validate the data package and build the site into build/site
	$(BIN)/civcas build

validate: $(READY) ## Validate the data package only
	$(BIN)/civcas validate

browser: ## Install Debian's Chromium for the browser tests if it is missing
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Two workers, each handed the next test whenever it is free (no test is grouped, so `loadgroup` schedules them
# one by one); each builds the real site and starts Chromium once, when its first test needs them.
TEST_WORKERS ?= 2

test: $(READY) $(NODE_READY) browser ## Lint, then run every test (unit, build, browser)
	$(BIN)/ruff check scripts tests
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(READY) ## Lint the code
	$(BIN)/ruff check scripts tests

serve: $(READY) $(NODE_READY) ## Live preview at http://127.0.0.1:8000/: rebuilds and reloads on every change
	$(BIN)/civcas serve

release: $(READY) $(NODE_READY) ## Freeze a data release: make release VERSION=1.1.0
	$(BIN)/civcas release $(VERSION)

bench: $(READY) $(NODE_READY) ## Time the build, measure page weights, run Lighthouse on four pages
	$(BIN)/python scripts/bench.py

fuzz: $(READY) ## Edit copies of the package in thousands of hostile ways; the validator must never crash
	CIVCAS_FUZZ_EXAMPLES=$${EXAMPLES:-5000} CIVCAS_FUZZ_SEED=random $(BIN)/pytest -q tests/test_fuzz.py

clean: ## Remove build output (keeps .venv)
	rm -rf build
