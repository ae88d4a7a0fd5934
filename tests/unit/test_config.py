"""Configuration validation: bad configs stop with a message naming the key."""

import pytest

from ailabor.config import config_hash, derive_vintage
from ailabor.config_validation import validate_config
from ailabor.errors import ConfigError
from tests.conftest import SCHEMA, base_config


def check(cfg):
    validate_config(cfg, SCHEMA)


@pytest.mark.parametrize("overlay", [None, "demo.yaml", "shared-mirror.yaml", "seed-reference.yaml"])
def test_shipped_configs_are_valid(overlay):
    cfg = base_config(overlay) if overlay else base_config()
    check(cfg)


def error_for(cfg) -> str:
    with pytest.raises(ConfigError) as info:
        check(cfg)
    return str(info.value)


def test_unknown_top_level_key_is_named():
    msg = error_for(base_config({"datset": "x"}))
    assert "unknown config key 'datset'" in msg


def test_unknown_nested_key_is_named_with_its_path():
    msg = error_for(base_config({"oews": {"yeers": [2024]}}))
    assert "unknown config key 'oews.yeers'" in msg
    assert "years" in msg  # the allowed keys are listed


def test_wrong_type_names_key_and_expectation():
    msg = error_for(base_config({"oews": {"years": "2024"}}))
    assert "config key 'oews.years': expected a list, got str '2024'" in msg


def test_wrong_item_type_names_the_index():
    msg = error_for(base_config({"oews": {"years": [2023, "twenty"]}}))
    assert "config key 'oews.years[1]': expected an integer" in msg


def test_enum_violation_lists_choices():
    msg = error_for(base_config({"onet": {"format": "csv"}}))
    assert "config key 'onet.format': 'csv' is not one of 'txt', 'xlsx'" in msg


def test_every_problem_is_reported_at_once():
    msg = error_for(base_config({"foo": 1, "download": {"retries": "many"}}))
    assert "'foo'" in msg and "'download.retries'" in msg


def test_cross_field_rules():
    msg = error_for(base_config({"aei": {"primary": "task_mappings_v1"}}))
    assert "aei.primary" in msg
    msg = error_for(base_config({"oews": {"years": [2024, 2024]}}))
    assert "duplicated years" in msg
    msg = error_for(base_config({"synthetic": {"enabled": True}}))
    assert "raw_mirror" in msg


def test_vintage_names_the_releases_and_can_be_overridden():
    cfg = base_config()
    assert derive_vintage(cfg) == "onet-30.1_aei-raw_1p_api_2025_11"
    assert derive_vintage(base_config({"onet": {"release": "29.1"}})).startswith("onet-29.1_")
    assert derive_vintage(base_config({"vintage": "v2026-01"})) == "v2026-01"
    # OEWS years are deliberately not part of the vintage (see derive_vintage's docstring)
    assert derive_vintage(base_config({"oews": {"years": [2024]}})) == derive_vintage(cfg)


def test_config_hash_is_order_independent_and_sensitive():
    assert config_hash({"a": 1, "b": [1, 2]}) == config_hash({"b": [1, 2], "a": 1})
    assert config_hash({"a": 1}) != config_hash({"a": 2})


def test_calibration_cross_field_rules():
    msg = error_for(base_config({"calibration": {"primary_scenario": "nope"}}))
    assert "config key 'calibration.primary_scenario': 'nope' must be one of the scenario names" in msg
    msg = error_for(base_config({"aei": {"sources": ["raw_1p_api_2025_11"]}}))
    assert "config key 'calibration.aei_automation.table'" in msg and "phi_adopted: aei_automation" in msg
    msg = error_for(base_config({"calibration": {"sensitivity": {"ranges": {"theta": [1.0, 0.2]}}}}))
    assert "calibration.sensitivity.ranges.theta" in msg
    msg = error_for(
        base_config(
            {
                "calibration": {
                    "scenarios": [{"name": "a", "phi_feasible": 1.0, "phi_adopted": "everything", "theta": 1.0}]
                }
            }
        )
    )
    assert "calibration.scenarios[0].phi_adopted" in msg


def test_estimation_needs_the_unweighted_ln_wage_event_study():
    """The event study (and its covariance, the Rambachan-Roth input) is the unweighted ln-wage
    specification: a config without 'none' weights or without ln_wage is refused by name."""
    for key, value, word in (("weights", ["employment"], "'none'"), ("outcomes", ["ln_emp"], "'ln_wage'")):
        cfg = base_config("demo.yaml")
        cfg["estimation"][key] = value
        with pytest.raises(ConfigError, match=rf"estimation\.{key}.*must include {word}"):
            validate_config(cfg, SCHEMA)


def test_libyaml_loader_reads_every_yaml_file_as_the_python_loader():
    # reference: PyYAML's pure-Python safe loader; load_yaml uses libyaml's when available
    import yaml

    from ailabor.config import SAFE_LOADER, load_yaml
    from tests.conftest import ROOT

    assert SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = [f for d in ("config", "workflow", "src", "profiles", "envs") for f in sorted((ROOT / d).rglob("*.y*ml"))]
    assert len(files) > 20
    for f in files:
        assert load_yaml(f) == yaml.safe_load(f.read_text(encoding="utf-8")), f


def test_a_configuration_is_validated_until_it_passed_once(tmp_path):
    """validate_config_cached skips only a configuration that passed before, with the same schema
    file: an invalid one is never cached and fails every time."""
    from ailabor.config_validation import validate_config_cached

    good, bad = base_config(), base_config({"datset": "x"})
    validate_config_cached(good, SCHEMA, tmp_path)
    assert len((tmp_path / "valid-configs.json").read_text()) > 60
    validate_config_cached(good, SCHEMA, tmp_path)  # from the cache
    for _ in range(2):
        with pytest.raises(ConfigError, match="unknown config key 'datset'"):
            validate_config_cached(bad, SCHEMA, tmp_path)
    import json

    assert len(json.loads((tmp_path / "valid-configs.json").read_text())["digests"]) == 1
    # a year as a number and as a string are different configurations
    numeric = base_config({"oews": {"years": [2023, 2024]}})
    text = base_config({"oews": {"years": ["2023", "2024"]}})
    validate_config_cached(numeric, SCHEMA, tmp_path)
    with pytest.raises(ConfigError, match="oews.years"):
        validate_config_cached(text, SCHEMA, tmp_path)


def test_the_validation_record_names_the_validation_code_and_jsonschema(tmp_path, monkeypatch):
    """A configuration that passed is validated again when the validation code's hash (given by
    the workflow, or computed) or the installed jsonschema changes: each is part of the record."""
    import json

    from ailabor import config_validation as cv

    good = base_config()
    digests = lambda: json.loads((tmp_path / "valid-configs.json").read_text())["digests"]  # noqa: E731
    cv.validate_config_cached(good, SCHEMA, tmp_path, code="a")
    cv.validate_config_cached(good, SCHEMA, tmp_path, code="a")
    assert len(digests()) == 1
    cv.validate_config_cached(good, SCHEMA, tmp_path, code="b")
    cv.validate_config_cached(good, SCHEMA, tmp_path)  # the hash computed here
    assert len(digests()) == 3
    pkg = tmp_path / "site" / "fakeschema"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("version = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    before = cv._installed("fakeschema")
    (pkg / "__init__.py").write_text("version = 22\n")  # reinstalled: another size and time stamp
    assert cv._installed("fakeschema") != before
    assert cv._installed("no_such_package_here") == "no_such_package_here: not installed"
