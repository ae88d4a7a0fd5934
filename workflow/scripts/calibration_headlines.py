"""Headline comparison rows of the calibration stage."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration.headlines import calibration_rows
from ailabor.calibration.shock import scenario_row
from ailabor.provenance import write_csv
from ailabor.workflow import run

log = logging.getLogger("ailabor.scripts.calibration_headlines")


def main(smk):
    legacy = {
        m: pd.read_csv(smk.input[m])
        for m in ("acemoglu_restrepo", "kaleckian", "bhaduri_marglin")
        if m in smk.input.keys()
    } or None
    shock = scenario_row(pd.read_parquet(smk.input.shock), smk.params.scenario, path=smk.input.shock)
    legacy_shock = pd.read_parquet(smk.input.legacy_shock).iloc[0] if "legacy_shock" in smk.input.keys() else None
    rows = calibration_rows(
        legacy,
        shock,
        pd.read_parquet(smk.input.corrected),
        sigma=smk.params.sigma,
        base_year=smk.params.base_year,
        legacy_shock=legacy_shock,
    )
    write_csv(rows, smk.output[0])
    log.info("calibration headlines:\n%s", rows[["headline", "legacy_value", "corrected_value"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
