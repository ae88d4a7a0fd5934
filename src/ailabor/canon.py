"""Canonical forms shared by configuration and provenance: YAML loading with clear errors,
canonical JSON and its hash.

This module imports nothing else from the package, so a script that records provenance does
not depend (for the ``code`` rerun trigger) on the configuration checks, which import the
models' parameter classes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


def load_yaml(path: str | Path) -> Any:
    """Read a YAML file; a syntax error names the file and line."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc


def canonical_json(obj: Any) -> str:
    """Stable JSON text: sorted keys, no whitespace variation (used for hashing)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)


def config_hash(obj: Any) -> str:
    """sha256 of the canonical JSON of ``obj`` (a config or a rule's parameter slice)."""
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()
