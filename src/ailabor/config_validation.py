"""Validation of a configuration against the JSON schema and the cross-field rules.

The workflow validates ``config`` at start-up with :func:`validate_config`. Errors name the
offending key by its dotted path (``oews.years[2]``) so that a typo stops the run with a
message that says exactly what to fix, instead of failing deep inside a rule. The cross-field
rules check names against the stages that use them (exposure measure names, the BBZ and A-R
parameter sets).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from .config import load_yaml
from .errors import ConfigError
from .exposure.names import variant_names
from .ge.ar.params import Params as ARParams
from .ge.bbz.params import Params as BBZParams
from .workflow import PARSE_CACHE, _read_json, _write_json, code_hash

_JSON_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def key_path(parts: Any) -> str:
    """Render a jsonschema path (deque of keys/indices) as ``a.b[2].c``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "<top level>"


def _describe_type(schema_type: Any) -> str:
    if isinstance(schema_type, list):
        return " or ".join(_JSON_TYPES.get(t, t) for t in schema_type)
    return _JSON_TYPES.get(schema_type, str(schema_type))


def _format_error(err: Any) -> list[str]:
    """One or more human messages for a jsonschema ValidationError."""
    path = list(err.absolute_path)
    where = key_path(path)
    if err.validator == "additionalProperties":
        allowed = set(err.schema.get("properties", {}))
        patterns = list(err.schema.get("patternProperties", {}))
        unknown = [k for k in err.instance if k not in allowed and not any(re.search(p, k) for p in patterns)]
        msgs = []
        for k in sorted(map(str, unknown)):
            full = key_path(path + [k])
            hint = ", ".join(sorted(allowed)) if allowed else "none"
            msgs.append(f"unknown config key '{full}' (allowed here: {hint})")
        return msgs
    if err.validator == "contains" and "const" in err.validator_value:
        return [
            f"config key '{where}': {err.instance!r} must include {err.validator_value['const']!r}"
            + (f" ({err.schema['description']})" if err.schema.get("description") else "")
        ]
    if err.validator == "type":
        return [
            f"config key '{where}': expected {_describe_type(err.validator_value)}, "
            f"got {type(err.instance).__name__} {err.instance!r}"
        ]
    if err.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = missing[0] if missing else err.message
        return [f"config key '{key_path(path + [name])}' is required but missing"]
    if err.validator == "enum":
        choices = ", ".join(repr(c) for c in err.validator_value)
        return [f"config key '{where}': {err.instance!r} is not one of {choices}"]
    return [f"config key '{where}': {err.message}"]


def validate_config(config: Mapping[str, Any], schema: Mapping[str, Any] | str | Path) -> None:
    """Validate ``config`` against a JSON schema; raise :class:`ConfigError` listing every problem."""
    import jsonschema

    if not isinstance(schema, Mapping):
        schema = load_yaml(schema)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.absolute_path)))
    messages: list[str] = []
    for err in errors:
        messages.extend(_format_error(err))
    messages.extend(_semantic_checks(config) if not messages else [])
    if messages:
        raise ConfigError("invalid configuration:\n  - " + "\n  - ".join(messages))


def _semantic_checks(config: Mapping[str, Any]) -> list[str]:
    """Cross-field rules that JSON schema cannot express clearly."""
    msgs: list[str] = []
    years = config.get("oews", {}).get("years", [])
    if len(set(years)) != len(years):
        msgs.append(f"config key 'oews.years': duplicated years in {years}")
    aei = config.get("aei", {})
    if aei.get("primary") not in aei.get("sources", []):
        msgs.append(f"config key 'aei.primary': {aei.get('primary')!r} must be one of aei.sources {aei.get('sources')}")
    years_set = set(years)
    for i, window in enumerate(config.get("panel", {}).get("balanced_windows", [])):
        start, end = window
        if start > end:
            msgs.append(f"config key 'panel.balanced_windows[{i}]': first year {start} is after last year {end}")
        elif not any(start <= y <= end for y in years_set):
            msgs.append(f"config key 'panel.balanced_windows[{i}]': no year of oews.years lies in {start}-{end}")
    if config.get("legacy", {}).get("seed_reference") and not {2022, 2023, 2024} <= years_set:
        msgs.append(
            "config key 'legacy.seed_reference': the seed's DiD panel needs OEWS May 2022, 2023 and 2024 in oews.years"
        )
    msgs.extend(_exposure_checks(config, years_set))
    msgs.extend(_calibration_checks(config))
    msgs.extend(_bbz_checks(config))
    if config.get("synthetic", {}).get("enabled") and not config.get("raw_mirror"):
        msgs.append(
            "config key 'raw_mirror': the synthetic dataset is read through a mirror "
            "directory; set raw_mirror (config/demo.yaml uses resources/synthetic/demo)"
        )
    return msgs


def _exposure_checks(config: Mapping[str, Any], years: set[int]) -> list[str]:
    exp = config.get("exposure")
    if not exp:
        return []
    msgs = []
    if exp["base_year"] not in years:
        msgs.append(f"config key 'exposure.base_year': May {exp['base_year']} is not in oews.years {sorted(years)}")
    known = set(variant_names(exp["thresholds"], config["onet"]["task_ratings"]))
    known |= set(config.get("exposure_indices", []))
    if exp.get("user_csv"):
        known.add("user")
    est = config.get("estimation")
    if est and est["primary_measure"] not in exp["measures"]:
        msgs.append(
            f"config key 'estimation.primary_measure': {est['primary_measure']!r} must be one of "
            f"exposure.measures {exp['measures']}"
        )
    if est:
        for key in ("bootstrap", "randomization"):
            if est[key]["chunks"] > est[key]["draws"]:
                msgs.append(
                    f"config key 'estimation.{key}.chunks': more chunks ({est[key]['chunks']}) than draws "
                    f"({est[key]['draws']})"
                )
    for i, m in enumerate(exp["measures"]):
        if m not in known:
            hint = (
                " (no Task Ratings: only *_uniform variants)"
                if m.endswith(("_im", "_imrt")) and not config["onet"]["task_ratings"]
                else ""
            )
            msgs.append(f"config key 'exposure.measures[{i}]': unknown measure {m!r}{hint}")
    return msgs


def _calibration_checks(config: Mapping[str, Any]) -> list[str]:
    cal = config.get("calibration")
    if not cal:
        return []
    msgs = []
    names = [s["name"] for s in cal["scenarios"]]
    if len(set(names)) != len(names):
        msgs.append(f"config key 'calibration.scenarios': duplicated scenario names in {names}")
    if cal["primary_scenario"] not in names:
        msgs.append(
            f"config key 'calibration.primary_scenario': {cal['primary_scenario']!r} must be one of the scenario "
            f"names {names}"
        )
    sources = config.get("aei", {}).get("sources", [])
    if any(s["phi_adopted"] == "aei_automation" for s in cal["scenarios"]):
        auto = cal["aei_automation"]
        if auto["table"] not in sources:
            msgs.append(
                "config key 'calibration.aei_automation.table': a scenario uses phi_adopted: aei_automation, "
                f"so {auto['table']!r} must be one of aei.sources {sources}"
            )
        if auto["weights"] is not None and auto["weights"] not in sources:
            msgs.append(
                f"config key 'calibration.aei_automation.weights': {auto['weights']!r} must be one of "
                f"aei.sources {sources} (or null)"
            )
    for key, (lo, hi) in cal["sensitivity"]["ranges"].items():
        if lo > hi:
            msgs.append(f"config key 'calibration.sensitivity.ranges.{key}': low {lo} is above high {hi}")
    mc = cal["sensitivity"]["monte_carlo"]
    if mc["chunks"] > mc["draws"]:
        msgs.append(
            f"config key 'calibration.sensitivity.monte_carlo.chunks': more chunks ({mc['chunks']}) than draws "
            f"({mc['draws']})"
        )
    return msgs


def _bbz_checks(config: Mapping[str, Any]) -> list[str]:
    bbz = config.get("ge", {}).get("bbz")
    if not bbz:
        return []
    known = {f.name for f in fields(BBZParams)} - {"fixed_K"}
    msgs = [
        f"config key 'ge.bbz.base_overrides.{k}': not a parameter of the BBZ calibration (one of {sorted(known)})"
        for k in bbz["base_overrides"]
        if k not in known
    ]
    sc = config.get("ge", {}).get("scenarios")
    if sc:
        msgs += [
            f"config key 'ge.scenarios.bbz_params.{k}': not a parameter of the BBZ calibration (one of {sorted(known)})"
            for k in sc["bbz_params"]
            if k not in known
        ]
        exp = config.get("exposure")
        if exp and sc["measures"] is not None:
            msgs += [
                f"config key 'ge.scenarios.measures': {m!r} is not one of exposure.measures {exp['measures']}"
                for m in sc["measures"]
                if m not in exp["measures"]
            ]
        cal = config.get("calibration")
        if cal and sc["scenarios"] is not None:
            names = [s["name"] for s in cal["scenarios"]]
            msgs += [
                f"config key 'ge.scenarios.scenarios': {s!r} is not one of the calibration scenarios {names}"
                for s in sc["scenarios"]
                if s not in names
            ]
    ar = config.get("ge", {}).get("ar")
    if ar:
        known_ar = {f.name for f in fields(ARParams)}
        msgs += [
            f"config key 'ge.ar.params.{k}': not a parameter of the A-R model (one of {sorted(known_ar)})"
            for k in ar["params"]
            if k not in known_ar
        ]
        if ar["dI"] >= ar["n0"]:
            msgs.append(
                f"config key 'ge.ar.dI': the automation jump {ar['dI']} must be below the technology gap ge.ar.n0 "
                f"= {ar['n0']}"
            )
    return msgs


def _canonical(value: Any) -> Any:
    """A JSON form of a configuration that keeps what ``json.dumps`` would merge: the types of
    mapping keys (2023 and "2023"), lists and tuples; mappings in key order."""
    if isinstance(value, Mapping):
        return ["map", sorted(([repr(k), _canonical(v)] for k, v in value.items()), key=lambda kv: kv[0])]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_canonical(v) for v in value]]
    if value is None or isinstance(value, (bool, int, float, str)):
        return [type(value).__name__, value]
    return [type(value).__name__, repr(value)]


def _installed(package: str) -> str:
    """The installed ``package``: its module file's path, size and modification time, and the
    name of its ``<package>-<version>.dist-info`` directory beside it. It changes when the
    package is upgraded or reinstalled. (Asking importlib.metadata for the version scans every
    distribution on the path, at each parse of the workflow.)"""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return f"{package}: not installed"
    origin = Path(spec.origin)
    st = origin.stat()
    site = origin.parent.parent if origin.name == "__init__.py" else origin.parent
    dist = sorted(p.name for p in site.glob(f"{package}-*.dist-info"))
    return f"{origin}:{st.st_size}:{st.st_mtime_ns}:{','.join(dist)}"


def validate_config_cached(
    config: Any, schema: str | Path, cache_dir: Path = PARSE_CACHE, code: str | None = None
) -> None:
    """:func:`validate_config`, skipped for a configuration that passed it before: same
    configuration, same schema file, same validation code (this module and every package module
    it imports; the checks read only the configuration). Saves importing jsonschema at every
    parse of the workflow; the record is in the working directory's .snakemake/ailabor/.
    ``code``: the :func:`.workflow.code_hash` of this module if the caller has it (the workflow
    keeps it with its scripts' hashes, :class:`.workflow.CodeHashes`)."""
    h = hashlib.sha256(json.dumps(_canonical(config)).encode())
    h.update(_installed("jsonschema").encode())
    h.update(Path(schema).read_bytes())
    h.update((code or code_hash(__file__, Path(__file__).resolve().parents[1])).encode())
    digest, path = h.hexdigest(), cache_dir / "valid-configs.json"
    seen = _read_json(path).get("digests", [])
    if digest in seen:
        return
    validate_config(config, schema)
    _write_json(path, {"digests": [*seen[-31:], digest]})
