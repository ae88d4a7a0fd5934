"""The configuration reference docs/configuration.md: generated from the schema and config/*.yaml,
current, and every schema property described."""

from pathlib import Path

import pytest
import yaml

from ailabor.errors import ConfigError
from ailabor.report import config_reference as ref
from ailabor.report.__main__ import main
from tests.conftest import ROOT, SCHEMA


def test_every_schema_property_has_a_description():
    schema = yaml.safe_load(SCHEMA.read_text())
    paths = [k.path for k in ref.keys(schema)]
    # the walk reaches nested keys, list items and oneOf alternatives
    assert {"download.timeout_s", "calibration.scenarios[].phi_adopted", "exposure.user_csv.path"} <= set(paths)
    assert ref.undocumented(schema) == []


def test_configuration_page_is_current():
    page = ROOT / ref.PAGE
    assert page.exists(), f"{ref.PAGE} is missing; run `make docs`"
    assert page.read_text() == ref.render(ROOT), (
        f"{ref.PAGE} does not match {ref.SCHEMA} and config/*.yaml; run `make docs` "
        "(python -m ailabor.report config-reference docs/configuration.md)"
    )


def test_every_top_level_key_has_a_section_and_every_key_a_row():
    text = (ROOT / ref.PAGE).read_text()
    schema = yaml.safe_load(SCHEMA.read_text())
    for name in schema["properties"]:
        assert text.count(f"\n## `{name}`\n") == 1, name
    for key in ref.keys(schema):
        assert f"\n| `{key.path}`" in text, key.path


SMALL_SCHEMA = {
    "type": "object",
    "required": ["name", "solver", "stages"],
    "properties": {
        "name": {"type": "string", "description": "results/<name>/ of the O*NET run"},
        "solver": {
            "type": "object",
            "description": "the solver",
            "required": ["method", "tol"],
            "properties": {
                "method": {"type": "string", "enum": ["lin", "nl"], "description": "method"},
                "tol": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "description": "tolerance"},
                "grid": {
                    "type": "array",
                    "minItems": 2,
                    "maxItems": 2,
                    "items": {"type": "number"},
                    "description": "grid",
                },
            },
        },
        "stages": {
            "type": "array",
            "description": "stages",
            "items": {
                "type": "object",
                "properties": {"id": {"type": ["string", "null"], "description": "stage id"}},
            },
        },
    },
}


def _tree(tmp_path: Path, schema: dict) -> Path:
    (tmp_path / "workflow" / "schemas").mkdir(parents=True)
    (tmp_path / "config").mkdir()
    (tmp_path / ref.SCHEMA).write_text(yaml.safe_dump(schema, sort_keys=False))
    (tmp_path / "config" / "config.yaml").write_text(
        "name: official\nsources: config/sources.yaml\nsolver: {method: nl, tol: 1.0e-6}\nstages: []\n"
    )
    (tmp_path / "config" / "fast.yaml").write_text("solver: {method: lin, grid: [0.5, 2.0]}\n")
    # the source registry is no configuration file, although it has the same top-level keys
    (tmp_path / "config" / "sources.yaml").write_text("solver: {method: lin}\n")
    return tmp_path


def _row(text: str, key: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| `{key}`"))
    return [c.strip() for c in line.strip("|").split(" | ")]


def test_render_rows_type_default_allowed_set_in_description(tmp_path):
    text = ref.render(_tree(tmp_path, SMALL_SCHEMA))
    assert "## `name`" in text and "## `solver`" in text and "## `stages`" in text
    assert _row(text, "name") == [
        "`name`",
        "string",
        "`official`",
        "",
        "`config.yaml`",
        "results/&lt;name&gt;/ of the O\\*NET run",
    ]
    assert _row(text, "solver") == ["`solver`", "mapping", "see below", "", "`config.yaml`, `fast.yaml`", "the solver"]
    assert _row(text, "solver.method") == [
        "`solver.method`",
        "string",
        "`nl`",
        "one of `lin`, `nl`",
        "`config.yaml`, `fast.yaml`",
        "method",
    ]
    assert _row(text, "solver.tol")[1:5] == ["number", "`1e-06`", "&gt; 0 and &lt;= 1", "`config.yaml`"]
    assert _row(text, "solver.grid")[1:5] == ["list of number", "not set", "exactly 2 items", "`fast.yaml`"]
    assert _row(text, "stages[].id")[1:2] == ["string or null"]
    assert "sources.yaml" not in text


def test_a_property_without_description_is_reported(tmp_path):
    schema = yaml.safe_load(yaml.safe_dump(SMALL_SCHEMA))
    del schema["properties"]["solver"]["properties"]["tol"]["description"]
    schema["properties"]["stages"]["items"]["properties"]["id"]["description"] = " "
    assert ref.undocumented(schema) == ["solver.tol", "stages[].id"]
    with pytest.raises(ConfigError, match=r"without a description: solver\.tol, stages\[\]\.id"):
        ref.render(_tree(tmp_path, schema))


def test_cli_writes_and_checks_the_page(tmp_path, capsys):
    page = tmp_path / "configuration.md"
    assert main(["config-reference", str(page), "--check"]) == 1  # missing
    assert main(["config-reference", str(page)]) == 0
    assert page.read_text() == ref.render(ROOT)
    assert main(["config-reference", str(page), "--check"]) == 0
    page.write_text(page.read_text().replace("| `oews.years` |", "| `oews.yearz` |"))
    assert main(["config-reference", str(page), "--check"]) == 1
    assert "not current" in capsys.readouterr().err
