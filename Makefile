# Two commands on a fresh machine: `make run` (set up, materialize the embedded snapshot, publish) and
# `make test` (set up, run the tests). Both create .venv from the pinned requirements.lock on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
GOLD ?= tests/gold/seeds_gold.csv
PAGES ?= raw/articles
INSTALLED := $(VENV)/.installed

.PHONY: setup browser run test lint docs evaluate add-article bench fetch dev lock clean

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(INSTALLED)

run: setup
	@mkdir -p $(DAGSTER_HOME)
	$(PY) -m assets.cli run

# The report's browser test needs Debian's chromium; install it on a fresh machine (CI runs as root).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { echo "installing chromium for the browser test"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: setup browser
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

# docs/warehouse.md is generated from the published tables' contracts (pipeline/curated/*.yml)
docs: setup
	$(PY) -m pipeline.publish.docs

# Claim scores; with a gold that labels verdicts (page_published_on, expected_verdict) the pages also run through the
# pipeline in a temporary warehouse and a `verdicts found=... acceptable=... end_to_end=...` line follows.
# ERRORS=1 lists misses, wrong fields and unacceptable verdicts.
evaluate: setup
	$(PY) -m pipeline.extract.evaluate --gold $(GOLD) --pages $(PAGES) $(if $(ERRORS),--errors)

# Save a web page as an article snapshot with its sidecar and manifest row (network; MEDCODER_CONTACT_EMAIL names
# the requester): make add-article URL=https://... [TITLE="..."] [DATE=YYYY-MM-DD]. The values reach the script in
# the environment, never through a shell.
add-article: export ARTICLE_URL = $(URL)
add-article: export ARTICLE_TITLE = $(TITLE)
add-article: export ARTICLE_DATE = $(DATE)
add-article: setup
	$(PY) -m pipeline.live.articles

# Each benchmark prints one `name=... seconds=...` summary line; see bench/README.md.
bench: setup
	$(PY) bench/extraction.py
	$(PY) bench/oews_ingest.py --repeat 5 --baseline-repeat 2
	$(PY) bench/reconcile_scale.py
	$(PY) bench/end_to_end.py

fetch: setup
	@mkdir -p $(DAGSTER_HOME)
	$(PY) -m pipeline.live.fetch $(FETCH_ARGS)
	$(PY) -m assets.cli run

dev: setup
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/dagster dev -w workspace.yaml

lock:
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) warehouse/medcoder.duckdb* $(DAGSTER_HOME)
