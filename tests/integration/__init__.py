"""Real Snakemake runs of the workflow (tests.integration.conftest holds the shared demo run)."""
