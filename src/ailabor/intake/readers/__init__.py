"""Readers of the raw input formats, each returning a table checked against its YAML schema
(:mod:`.schema`, ``schemas/*.yaml``); :mod:`.tables` holds the parsing helpers they share."""
