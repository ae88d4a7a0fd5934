# ailabor: one-command entry points. Each target sets up the environment first if needed.
#   make demo   offline synthetic full run          make test   all tests (fast, then slow)
#   make run    official data (downloads)           make setup  virtualenv + pinned install
#   make report HTML report of the demo run          make readme-results  README results from outputs
#   make lint   ruff, ruff format, snakemake --lint, snakefmt   make docs  documentation site (site/)

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
CORES  ?= all
SNAKEMAKE := $(BIN)/snakemake --cores $(CORES)
# Extra Snakemake arguments for the run targets and `make report`, e.g.
#   make demo ARGS="--config dataset=mine"   then   make report ARGS="--config dataset=mine"
ARGS ?=
PYTEST := $(BIN)/python -m pytest

.PHONY: setup demo run shared-mirror seed-reference accept-updates report readme-results test test-fast test-slow lint docs lock clean-demo help

help:
	@sed -n '1,5p' Makefile

# pip installs the pinned uv (envs/bootstrap.lock), and uv the two locks: the same pins and
# hashes, downloaded and installed in parallel. --compile-bytecode writes the .pyc files at
# install, as pip does: uv does not by default, and where PYTHONDONTWRITEBYTECODE is set every
# job would then compile pandas, numpy and Snakemake from source at each import.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
$(BIN)/.installed: envs/requirements.lock envs/requirements-dev.lock envs/bootstrap.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r envs/bootstrap.lock
	$(UV) --require-hashes -r envs/requirements.lock -r envs/requirements-dev.lock
	$(UV) --no-deps --no-build-isolation -e .
	touch $@

# The package's own modules too, at every make target that runs the workflow: with
# PYTHONDONTWRITEBYTECODE set, Python compiles every module it imports that has no .pyc, at every
# start of Snakemake and of each worker. compileall rewrites only the files changed since; a
# module that does not compile is left to the import (and the tests) to report.
setup: $(BIN)/.installed
	-@$(BIN)/python -m compileall -q src > /dev/null

demo: setup
	$(SNAKEMAKE) --configfile config/demo.yaml $(ARGS)

run: setup
	$(SNAKEMAKE) $(ARGS)

shared-mirror: setup
	$(SNAKEMAKE) --configfile config/shared-mirror.yaml $(ARGS)

seed-reference: setup
	$(SNAKEMAKE) --configfile config/seed-reference.yaml $(ARGS)

# Self-contained HTML report of a finished run: make report [CONFIG=config/shared-mirror.yaml]
# [ARGS="--config dataset=..."]; the results tree is found by ailabor.config.results_root, as
# the Snakefile finds it.
CONFIG ?= config/demo.yaml
REPORT_CONFIG := $(if $(filter config/config.yaml,$(CONFIG)),,--configfile $(CONFIG))
# Accept raw files that changed since they were last staged (a corrected OEWS workbook, a new
# mirror copy): their new sha256 is recorded next to the old one, and exactly what reads them
# reruns. Without this, a changed raw file stops every run. CONFIG and ARGS as for `make report`,
# e.g. make accept-updates CONFIG=config/shared-mirror.yaml ARGS="--config dataset=upd".
accept-updates: setup
	@if [ "$(origin CONFIG)" = file ]; then echo "say which run's raw files to accept: make accept-updates \
	CONFIG=config/config.yaml (make run) or CONFIG=config/shared-mirror.yaml, plus ARGS as for that run"; exit 2; fi
	$(SNAKEMAKE) --configfile $(filter-out config/config.yaml,$(CONFIG)) config/accept-updates.yaml $(ARGS)

report: setup
	$(BIN)/snakemake --report $$($(BIN)/python -m ailabor.report results-dir $(REPORT_CONFIG) $(ARGS))/report.html $(REPORT_CONFIG) $(ARGS)

# The generated blocks of the README (headline table) and docs/results.md (full results, GE
# mapping), from the results summaries of the real-data runs (seed reproduction first, then the
# shared mirror); run both pipelines first. CI checks them with `python -m ailabor.report check-readme`.
README_SUMMARIES = $$($(BIN)/python -m ailabor.report results-dir config/seed-reference.yaml)/results_summary.md \
	$$($(BIN)/python -m ailabor.report results-dir config/shared-mirror.yaml)/results_summary.md
readme-results: setup
	$(BIN)/python -m ailabor.report readme $(README_SUMMARIES)

test: test-fast test-slow

test-fast: setup
	$(PYTEST) -m "not slow" -n 2

test-slow: setup
	$(PYTEST) -m slow --durations=12

# Python lint and format (ruff, configured in pyproject.toml), Snakemake's own lint, and the
# Snakefile format (snakefmt). Every check runs; the target fails if any of them does.
LINTERS = "$(BIN)/ruff check ." \
	"$(BIN)/ruff format --check --output-format concise ." \
	"$(BIN)/snakemake --lint --configfile config/demo.yaml" \
	"$(BIN)/snakefmt --check ."
lint: setup
	@failed=; for c in $(LINTERS); do echo "+ $$c"; $$c || failed="$$failed\n  $$c"; done; \
	if [ -n "$$failed" ]; then printf "lint failed:$$failed\n"; exit 1; fi

# The documentation site (mkdocs.yml: docs/ -> site/). First the generated pages: the configuration
# reference from workflow/schemas/config.schema.yaml and the codebook of the output tables from
# src/ailabor/codebook/. Then a strict build: a broken link or anchor, or a page missing from the
# nav, fails. The generators run from this checkout's src/.
docs: setup
	PYTHONPATH=src $(BIN)/python -m ailabor.report config-reference docs/configuration.md
	PYTHONPATH=src $(BIN)/python -m ailabor.codebook markdown docs/codebook.md
	$(BIN)/mkdocs build --strict

# Regenerate the pinned locks from envs/requirements.in (runtime) and envs/requirements-dev.in
# (tests and tools, constrained by the runtime lock). Needs network; keep envs/environment.yaml
# in step with the runtime lock: tests/unit/test_environment.py checks it.
lock: setup
	cd envs && ../$(BIN)/uv pip compile bootstrap.in --python-version 3.11 --generate-hashes \
		--index-url https://pypi.org/simple -o bootstrap.lock
	cd envs && ../$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes \
		--index-url https://pypi.org/simple -o requirements.lock
	cd envs && ../$(BIN)/uv pip compile requirements-dev.in --python-version 3.11 --generate-hashes \
		--index-url https://pypi.org/simple -o requirements-dev.lock

clean-demo:
	rm -rf results/demo resources/synthetic/demo resources/raw/demo
