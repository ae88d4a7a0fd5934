"""Intake: raw inputs from the registry to typed, schema-checked staged tables.

* :mod:`.sources`: the raw-input registry (config/sources.yaml) resolved against a configuration;
* :mod:`.acquire`: downloads, mirror copies and the raw manifest with checksums;
* :mod:`.staging`: one verified raw file in, one staged parquet table out;
* :mod:`.readers`: the readers of every raw format (O*NET, OEWS, AEI, external indices, the
  seed's reference tables) and the YAML schemas of the staged tables (``readers/schemas``).
"""
