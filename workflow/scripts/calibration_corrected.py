"""Corrected A-R (sigma grid, short and long run), Kaleckian and B-M for one exposure measure."""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(snakemake.scriptdir).resolve().parents[1] / "src"))  # noqa: F821

import pandas as pd

from ailabor.calibration import figures
from ailabor.calibration.models import ModelConfig
from ailabor.calibration.results import corrected_table, key_metrics
from ailabor.calibration.shock import shocks_from_tables
from ailabor.labels import SCENARIOS, measure_name
from ailabor.provenance import write_csv, write_parquet
from ailabor.workflow import provenance_args, run

log = logging.getLogger("ailabor.scripts.calibration_corrected")


def main(smk):
    shocks = shocks_from_tables([pd.read_parquet(smk.input.shock)])
    table = corrected_table(shocks, ModelConfig.from_config(smk.params.models))
    write_parquet(table, smk.output.table, **provenance_args(smk, spec_mode="corrected"))
    write_csv(table, smk.output.csv)
    figures.sigma_grid(
        table,
        smk.params.primary_scenario,
        smk.output.figure,
        note=(
            f"Exposure measure: {measure_name(smk.wildcards.measure)}; scenario: "
            f"{SCENARIOS.get(smk.params.primary_scenario, smk.params.primary_scenario)}; η -> 0, flat comparative "
            "advantage, labour inelastic."
        ),
    )
    log.info("headline metrics (%s):\n%s", smk.wildcards.measure, key_metrics(table).to_string())


run(main, snakemake)  # noqa: F821
