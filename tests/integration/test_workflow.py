"""Real Snakemake runs of the workflow on synthetic data."""

import json
import subprocess

import pytest

from ailabor.provenance import read_metadata
from tests.conftest import BIN, ROOT, run_snakemake

DEMO = str(ROOT / "config" / "demo.yaml")


def test_bad_config_stops_the_run_naming_the_key(tmp_path):
    proc = run_snakemake(tmp_path, "-n", "--configfile", DEMO, "--config", "datset=x", check=False)
    assert proc.returncode != 0
    assert "unknown config key 'datset'" in proc.stdout + proc.stderr


def test_wrong_type_in_overlay_file_is_reported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("oews:\n  years: 2024\n")
    proc = run_snakemake(tmp_path, "-n", "--configfile", DEMO, str(bad), check=False)
    assert proc.returncode != 0
    assert "config key 'oews.years': expected a list, got int 2024" in proc.stdout + proc.stderr


def test_lint_and_format_are_clean():
    lint = subprocess.run([str(BIN / "snakemake"), "--lint", "--configfile", DEMO], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0 and "Congratulations" in lint.stdout + lint.stderr, lint.stdout + lint.stderr
    fmt = subprocess.run([str(BIN / "snakefmt"), "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.slow
def test_demo_end_to_end_reproducible_and_idempotent(tmp_path):
    runs = []
    for name in ("first", "second"):
        wd = tmp_path / name
        wd.mkdir()
        run_snakemake(wd, "--configfile", DEMO)
        runs.append(wd)
    manifests = [sorted((wd / "results" / "demo").glob("*/manifest.json")) for wd in runs]
    assert len(manifests[0]) == 1, manifests
    first = json.loads(manifests[0][0].read_text())
    second = json.loads(manifests[1][0].read_text())
    assert first == second  # identical outputs, byte for byte (sha256 of every file)
    parquet = [e for e in first["outputs"] if e["path"].endswith(".parquet")]
    assert parquet, "the demo wrote no parquet"
    root = manifests[0][0].parent
    for entry in parquet:
        meta = read_metadata(root / entry["path"])
        assert {"pipeline_version", "git_commit", "config_hash", "inputs", "vintages", "packages", "spec_mode"} <= set(meta)
    # a second call right after has nothing to do
    dry = run_snakemake(runs[0], "-n", "--configfile", DEMO)
    assert "Nothing to be done" in dry.stdout + dry.stderr
