"""Headline comparison rows of the calibration stage."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration.headlines import calibration_rows
from ailabor.provenance import write_csv
from ailabor.workflow import run


def main(smk):
    legacy = {m: pd.read_csv(smk.input[m]) for m in ("acemoglu_restrepo", "kaleckian", "bhaduri_marglin") if m in smk.input.keys()} or None
    shocks = pd.read_parquet(smk.input.shock)
    shock = shocks[shocks["scenario"] == smk.params.scenario].iloc[0]
    legacy_shock = pd.read_parquet(smk.input.legacy_shock).iloc[0] if "legacy_shock" in smk.input.keys() else None
    rows = calibration_rows(legacy, shock, pd.read_parquet(smk.input.corrected), sigma=smk.params.sigma, base_year=smk.params.base_year,
                            legacy_shock=legacy_shock)
    write_csv(rows, smk.output[0])
    print(rows[["headline", "legacy_value", "corrected_value"]].to_string(index=False))


run(main, snakemake)  # noqa: F821
