"""Checks on the real-data mirror ../shared/data (skipped when it is absent)."""
