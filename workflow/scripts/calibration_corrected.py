"""Corrected A-R (sigma grid, short and long run), Kaleckian and B-M for one exposure measure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration import figures
from ailabor.calibration.models import ModelConfig
from ailabor.calibration.results import corrected_table
from ailabor.calibration.shock import Shock
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run


def main(smk):
    shocks = [Shock.from_row(r) for _, r in pd.read_parquet(smk.input.shock).iterrows()]
    table = corrected_table(shocks, ModelConfig.from_config(smk.params.models))
    write_parquet(table, smk.output.table, **provenance_args(smk, spec_mode="corrected"))
    write_csv(table, smk.output.csv)
    figures.sigma_grid(table, smk.params.primary_scenario, smk.output.figure,
                       note=f"Exposure measure {smk.wildcards.measure}, scenario {smk.params.primary_scenario}; eta -> 0, flat comparative advantage, labour inelastic.")
    key = table[table["metric"].isin(["sr_d_ln_w", "lr_d_ln_w", "exact", "output_effect"])]
    print(key.pivot_table(index=["scenario", "model", "sigma"], columns="metric", values="value").to_string())


run(main, snakemake)  # noqa: F821
