"""The test suite: unit tests (tests.unit), real Snakemake runs (tests.integration) and checks on
the real-data mirror (tests.realdata). Shared fixtures and helpers live in tests.conftest; the local
HTTP server of the acquisition tests in tests.httpserver."""
