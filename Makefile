# Two commands on a fresh machine: `make run` (set up, materialize the embedded snapshot, publish) and
# `make test` (set up, run the tests). Both create .venv from the pinned requirements.lock on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
GOLD ?= tests/gold/seeds_gold.csv
PAGES ?= raw/articles
INSTALLED := $(VENV)/.installed

.PHONY: setup instance browser run review test lint docs evaluate add-article bench fetch dev lock clean
REVIEW_HOST ?= 127.0.0.1
REVIEW_PORT ?= 8765

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(INSTALLED)

# The Dagster instance: $(DAGSTER_HOME) with the repository's dagster.yaml (telemetry off, no start-up notice),
# copied only when the instance has none, so a dagster.yaml of your own is kept.
instance:
	@mkdir -p $(DAGSTER_HOME)
	@test -f $(DAGSTER_HOME)/dagster.yaml || cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml

run: setup instance
	$(PY) -m assets.cli run

# The editors' review desk (docs/desk.md): a local web app over the report on http://$(REVIEW_HOST):$(REVIEW_PORT)/.
# Any host but 127.0.0.1/localhost needs MEDCODER_DESK_SECRET in the environment.
review: setup instance
	$(PY) -m assets.desk --host $(REVIEW_HOST) --port $(REVIEW_PORT)

# The report's browser test needs Debian's chromium; install it on a fresh machine (CI runs as root).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { echo "installing chromium for the browser test"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: setup instance browser
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

fetch: setup instance
	$(PY) -m pipeline.live.fetch $(FETCH_ARGS)
	$(PY) -m assets.cli run

dev: setup instance
	$(VENV)/bin/dagster dev -w workspace.yaml

lock:
	$(VENV)/bin/pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) warehouse/medcoder.duckdb* $(DAGSTER_HOME)
