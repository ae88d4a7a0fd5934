"""Configuration: loading, overlays, hashing and derived values.

Validation (the JSON schema and the cross-field rules, which know every stage's parameters)
is in :mod:`ailabor.config_validation`, so that this module, which every stage imports through
:mod:`ailabor.provenance`, depends on no stage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

# libyaml's safe loader where PyYAML was built with it (the PyPI wheels are): the same
# documents, about ten times faster than the pure-Python one on the configuration schema, which
# every Snakemake start reads (tests/unit/test_config.py compares the two on every YAML file).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | Path) -> Any:
    """Read a YAML file; a syntax error names the file and line."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=SAFE_LOADER)
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Recursive dict update, as Snakemake applies ``--configfile`` overlays."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def canonical_json(obj: Any) -> str:
    """Stable JSON text: sorted keys, no whitespace variation (used for hashing)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)


def config_hash(obj: Any) -> str:
    """sha256 of the canonical JSON of ``obj`` (a config or a rule's parameter slice)."""
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()


def derive_vintage(config: Mapping[str, Any]) -> str:
    """Name of the results tree for the data releases in ``config``.

    ``vintage: auto`` becomes ``onet-<release>_aei-<primary source>``. OEWS years are not part
    of the name on purpose: OEWS is an expanding annual series, and adding a May year to the
    same tree reruns only what depends on it (its staging, the panel and downstream), while
    a new O*NET or AEI release writes a new tree next to the old one.
    """
    vintage = config.get("vintage", "auto")
    if vintage != "auto":
        return str(vintage)
    onet = config["onet"]["release"]
    aei = config["aei"]["primary"]
    return f"onet-{onet}_aei-{aei}"


def results_root(config: Mapping[str, Any]) -> str:
    """The results tree of a run, ``results/<dataset>/<vintage>``: the one place it is derived
    (the Snakefile and ``python -m ailabor.report results-dir`` both call this)."""
    return f"results/{config['dataset']}/{derive_vintage(config)}"
