"""Shared fixtures: repository paths, a small synthetic dataset, a Snakemake runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ailabor.config import deep_merge, load_yaml
from ailabor.intake.sources import load_registry, raw_files
from ailabor.synthetic import SyntheticSpec, generate
from ailabor.synthetic.writers import sheet_rows, write_xlsx  # noqa: F401  (tests plant defects in real files)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"
BIN = Path(sys.executable).parent


def base_config(*overlays: str | dict) -> dict:
    cfg = load_yaml(ROOT / "config" / "config.yaml")
    for o in overlays:
        cfg = deep_merge(cfg, o if isinstance(o, dict) else load_yaml(ROOT / "config" / o))
    return cfg


SMALL = {
    "dataset": "test",
    "raw_mirror": "resources/synthetic/test",
    "synthetic": {"enabled": True, "occupations_per_major": 3},
    "oews": {"years": [2018, 2019, 2020, 2021, 2022, 2023, 2024]},
    "aei": {
        "sources": ["raw_1p_api_2025_11", "task_pct_v2", "automation_augmentation_v2", "api_usage_by_task_2025_11"],
        "primary": "raw_1p_api_2025_11",
    },
}


@pytest.fixture(scope="session")
def registry():
    return load_registry(ROOT / "config" / "sources.yaml")


@pytest.fixture(scope="session")
def small_synthetic(tmp_path_factory, registry):
    """A small synthetic mirror (3 occupations per major group) and its truth."""
    cfg = base_config("demo.yaml", SMALL)
    files = raw_files(cfg, registry)
    out = tmp_path_factory.mktemp("synthetic")
    truth = generate(SyntheticSpec(occupations_per_major=3), out, files.values())
    return out, files, truth


def synthetic_panel(small_synthetic, drop_years=()) -> dict:
    """The harmonised OEWS panel of a synthetic mirror, its planted exposure measure (fractional,
    importance-weighted) with employment, the base-employment exposure of each unit, and the truth."""
    import numpy as np
    import pandas as pd

    from ailabor.econometrics import event_study
    from ailabor.intake.readers.external import read_soc_crosswalk
    from ailabor.intake.readers.oews import read_oews_national
    from ailabor.panel import harmonise

    out, files, truth = small_synthetic
    oews = {
        y: read_oews_national(out / files[f"oews/{y}"].mirror_relpath, y)
        for y in truth.parameters["years"]
        if y not in drop_years
    }
    codes, units = harmonise.harmonise_codes(oews, read_soc_crosswalk(out / files["soc_crosswalk"].mirror_relpath))
    panel = harmonise.harmonised_panel(oews, codes, units)
    soc = truth.exposure_soc.merge(truth.occupations[["soc", "ln_emp_level"]], on="soc")
    measure = pd.DataFrame(
        {"oews_code": soc["soc"], "exposure": soc["exposure_fractional_im"], "employment": np.exp(soc["ln_emp_level"])}
    )
    base = event_study.unit_exposure(panel["unit_code"], measure.assign(exposure=measure["employment"]))
    return dict(oews=oews, panel=panel, measure=measure, truth=truth, base=base)


@pytest.fixture(scope="session")
def synth_panel(small_synthetic):
    return synthetic_panel(small_synthetic)


def run_snakemake(workdir: Path, *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run the real Snakemake on this workflow with ``workdir`` as working directory. Its jobs
    import this checkout's package (``src`` first on PYTHONPATH), whichever checkout the
    virtualenv's editable install points at."""
    cmd = [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "-d", str(workdir), "--cores", "2", *args]
    pythonpath = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=pythonpath)
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=timeout, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}")
    return proc


@pytest.fixture(scope="session")
def seed_reference_run(tmp_path_factory):
    """One full run of config/seed-reference.yaml on ../shared/data, shared by the real-data
    tests; returns the results tree. With AILABOR_SEED_REFERENCE_WORKDIR set (CI, after
    `make seed-reference`), the finished run there is read instead, once a dry run shows it
    complete and current for this checkout."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data (real-data mirror) is absent")
    config = ("--configfile", str(ROOT / "config" / "seed-reference.yaml"))
    if os.environ.get("AILABOR_SEED_REFERENCE_WORKDIR"):  # CI's finished `make seed-reference`
        wd = Path(os.environ["AILABOR_SEED_REFERENCE_WORKDIR"]).resolve()
        dry = run_snakemake(wd, "-n", *config)
        assert "Nothing to be done" in dry.stdout + dry.stderr, (
            f"AILABOR_SEED_REFERENCE_WORKDIR={wd}: the seed-reference run there is not complete and "
            f"current for this checkout (run make seed-reference there first):\n{(dry.stdout + dry.stderr)[-3000:]}"
        )
    else:
        wd = tmp_path_factory.mktemp("seed-reference")
        run_snakemake(wd, *config)
    roots = sorted(p.parent for p in (wd / "results" / "seed-reference").glob("*/manifest.json"))
    assert len(roots) == 1, roots
    return roots[0]


requires_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data (real-data mirror) is absent")
